"""The linkage model: what is compared, how, and which pairs are looked at — one definition for
every backend.

The comparisons are Splink comparison-level creators (library levels, or SQL written in DuckDB's
dialect and translated by sqlglot for another backend), so the same `linkage_settings()` runs on
DuckDB here and on Spark nationally (docs/adr/duplicate-detection.md). Each level also carries
what the comparison page tells the user: its kind (agree, nearly agree, disagree, missing) and
a label in Vietnamese.

m and u are estimated from the register (`engine.train`): u by random sampling, m by
expectation maximisation over `TRAINING_BLOCKS`. Only one level is fixed, because the issue makes
it decisive: two *different* ID numbers that are both valid for their records are strong evidence
of two people.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from splink import ColumnExpression, SettingsCreator, block_on
from splink.internals.comparison_level_creator import ComparisonLevelCreator

AGREE, NEAR, DISAGREE, MISSING = "agree", "near", "disagree", "missing"

# The two decisive levels (m fixed, not estimated; docs/adr/duplicate-detection.md):
# two different ID numbers both valid for their records — one true pair in 10^6;
DIFFERENT_VALID_IDS_M = 1e-6
# a given name neither equal (folded) nor one letter nor "similar" away — one true pair in 10^4.
# Estimated by EM it comes out near 0.1 because EM cannot tell twins and siblings (who agree on
# everything else) from duplicates, and then every pair of twins is proposed.
DIFFERENT_GIVEN_NAMES_M = 1e-4
# Smoothing of the estimates: a level never seen among the true pairs of a register (m = 0 by
# EM) or among random pairs (u = 0) keeps this much, so one unseen slip is not a veto.
M_FLOOR = 1e-3
U_FLOOR = 1e-9


class ArraysOverlapLevel(ComparisonLevelCreator):
    """The two lists share an element. Splink's `ArrayIntersectLevel` counts the intersection
    (`len(list_intersect(...))`); asking only whether one exists is several times faster on
    DuckDB (`list_has_any`) and is Spark's `arrays_overlap`."""

    def __init__(self, col_name: str):
        self.col_expression = ColumnExpression.instantiate_if_str(col_name)

    def create_sql(self, sql_dialect) -> str:
        self.col_expression.sql_dialect = sql_dialect
        left, right = self.col_expression.name_l, self.col_expression.name_r
        name = sql_dialect.sql_dialect_str
        if name == "duckdb":
            return f"list_has_any({left}, {right})"
        if name == "spark":
            return f"arrays_overlap({left}, {right})"
        return cll.ArrayIntersectLevel(self.col_expression.raw_sql_expression, 1).create_sql(sql_dialect)

    def create_label_for_charts(self) -> str:
        return f"{self.col_expression.label} overlap"


@dataclass(frozen=True)
class Level:
    code: str  # stable, kept in the model JSON (label_for_charts) and in the pair's reasons
    kind: str
    label: Promise
    # SQL in DuckDB's dialect (plain comparisons, translated by sqlglot) or a library level of
    # Splink (which writes each backend's own function names); None for the else level.
    sql: str | Callable[[], ComparisonLevelCreator] | None = None
    null: bool = False
    tf: str | None = None  # term-frequency column of an exact level
    fixed_m: float | None = None
    # Priors: starting values, replaced by the estimates wherever the register shows the level.
    # Given where random sampling cannot see a level (two records of the register never share an
    # ID number: the database refuses it) or EM rarely does.
    m: float | None = None
    u: float | None = None
    # For a comparison with several null levels (weight 0, left out of the estimation): whether
    # this one applies to a scored pair (its `<column>_l`/`_r` values), so the reasons tell them
    # apart. The null levels are tried in order; the last one needs no test.
    applies: Callable[[Mapping[str, Any]], bool] | None = None

    def creator(self):
        if self.null:
            level = cll.CustomLevel(self.sql, base_dialect_str="duckdb").configure(is_null_level=True)
        elif self.sql is None:
            level = cll.ElseLevel()
        elif callable(self.sql):
            level = self.sql()
        else:
            level = cll.CustomLevel(self.sql, base_dialect_str="duckdb")
        if self.tf:
            level.configure(tf_adjustment_column=self.tf, tf_adjustment_weight=1.0)
        if self.fixed_m is not None:
            level.configure(m_probability=self.fixed_m, fix_m_probability=True)
        if self.m is not None:
            level.configure(m_probability=self.m)
        if self.u is not None:
            level.configure(u_probability=self.u)
        return level.configure(label_for_charts=self.code)


@dataclass(frozen=True)
class Field:
    name: str  # output column name: gamma_<name> in Splink's tables, the key in `reasons`
    label: Promise
    levels: tuple[Level, ...]

    def comparison(self):
        return cl.CustomComparison(
            output_column_name=self.name,
            comparison_levels=[level.creator() for level in self.levels],
            comparison_description=self.name,
        )

    def level_for_gamma(self, gamma: int, row: Mapping[str, Any] | None = None) -> Level:
        """Splink numbers a comparison's levels: the null levels -1, then the others from the
        highest number (first listed) down to 0 (the else level)."""
        if gamma == -1:
            nulls = [level for level in self.levels if level.null]
            for level in nulls[:-1]:
                if row is None or level.applies is None or level.applies(row):
                    return level
            return nulls[-1]
        ordinary = [level for level in self.levels if not level.null]
        return ordinary[len(ordinary) - 1 - gamma]


# Given name and birth year (nearly) agree: the condition under which household fields count.
SAME_PERSON_SQL = (
    "(given_name_l = given_name_r OR levenshtein(given_name_l, given_name_r) <= 1) "
    "AND abs(birth_year_l - birth_year_r) <= 1"
)


def _null(*columns: str, applies=None) -> Level:
    sql = " OR ".join(f"{c}_l IS NULL OR {c}_r IS NULL" for c in columns)
    return Level("missing", MISSING, _("missing on one of the records"), sql=sql, null=True, applies=applies)


def _else(label) -> Level:
    return Level("different", DISAGREE, label)


FIELDS: tuple[Field, ...] = (
    Field(
        "family_name",
        _("Family name"),
        (
            _null("family_name"),
            Level("exact", AGREE, _("same family name"), "family_name_l = family_name_r", tf="family_name"),
            Level("one_edit", NEAR, _("family name differs by one letter"),
                  lambda: cll.LevenshteinLevel("family_name", 1)),
            _else(_("different family names")),
        ),
    ),
    Field(
        "middle_name",
        _("Middle name"),
        (
            Level("missing", MISSING, _("middle name missing on one record"),
                  "middle_name_l IS NULL OR middle_name_r IS NULL", null=True),
            Level("exact", AGREE, _("same middle name"), "middle_name_l = middle_name_r", tf="middle_name"),
            Level("part", NEAR, _("middle names differ by one letter"),
                  lambda: cll.LevenshteinLevel("middle_name", 1)),
            _else(_("different middle names")),
        ),
    ),
    Field(
        "given_name",
        _("Given name"),
        (
            _null("given_name"),
            Level("exact", AGREE, _("same given name"), "given_name_marked_l = given_name_marked_r", tf="given_name"),
            Level("unmarked", NEAR, _("same given name, one typed without diacritics"),
                  "given_name_l = given_name_r AND (name_unmarked_l OR name_unmarked_r)"),
            Level("marks", NEAR, _("same letters, different diacritics (a slip or another name)"),
                  "given_name_l = given_name_r"),
            Level("one_edit", NEAR, _("given name differs by one letter"),
                  lambda: cll.Or(
                      cll.LevenshteinLevel("given_name", 1),
                      cll.And(cll.CustomLevel("length(given_name_l) = length(given_name_r)", base_dialect_str="duckdb"),
                              cll.DamerauLevenshteinLevel("given_name", 1)),
                  )),
            Level("similar", NEAR, _("similar given names (letters swapped)"), m=0.01, u=0.002, sql=
                  lambda: cll.JaroWinklerLevel("given_name", 0.9)),
            Level("different", DISAGREE, _("different given names"), fixed_m=DIFFERENT_GIVEN_NAMES_M),
        ),
    ),
    Field(
        "date_of_birth",
        _("Date of birth"),
        (
            _null("dob"),
            Level("exact", AGREE, _("same date of birth"),
                  "dob_l = dob_r AND NOT dob_approximate_l AND NOT dob_approximate_r"),
            Level("year_only_both", NEAR, _("same year of birth, both records have the year only"),
                  "birth_year_l = birth_year_r AND dob_approximate_l AND dob_approximate_r"),
            Level("swapped", NEAR, _("day and month swapped"),
                  "birth_year_l = birth_year_r AND birth_month_l = birth_day_r AND birth_day_l = birth_month_r"),
            Level("year_only", NEAR, _("same year; one record has the year of birth only"),
                  "birth_year_l = birth_year_r AND (dob_approximate_l OR dob_approximate_r)"),
            Level("one_year", NEAR, _("one year apart, same day and month"),
                  "abs(birth_year_l - birth_year_r) = 1 AND ((birth_month_l = birth_month_r "
                  "AND birth_day_l = birth_day_r) OR dob_approximate_l OR dob_approximate_r)"),
            Level("one_part", NEAR, _("one of day, month or year differs (one digit of the year)"),
                  "(birth_year_l = birth_year_r AND (birth_month_l = birth_month_r OR birth_day_l = birth_day_r)) "
                  "OR (birth_month_l = birth_month_r AND birth_day_l = birth_day_r "
                  "AND (birth_year_l % 10 = birth_year_r % 10 OR floor(birth_year_l / 10) = floor(birth_year_r / 10)))"),
            Level("same_year", DISAGREE, _("same year, another day"), "birth_year_l = birth_year_r"),
            _else(_("different dates of birth")),
        ),
    ),
    Field(
        "national_id",
        _("ID number"),
        (
            _null("national_id"),
            Level("exact", AGREE, _("same ID number"), "national_id_l = national_id_r", m=0.9, u=1e-9),
            Level("one_digit", NEAR, _("ID numbers differ by one digit"), m=0.05, u=1e-6, sql=
                  lambda: cll.And(
                      cll.CustomLevel("substr(national_id_l, 1, 6) = substr(national_id_r, 1, 6) "
                                      "OR substr(national_id_l, 7, 6) = substr(national_id_r, 7, 6)",
                                      base_dialect_str="duckdb"),
                      cll.LevenshteinLevel("national_id", 1),
                  )),
            Level("both_valid", DISAGREE, _("two different valid ID numbers"),
                  "national_id_valid_l AND national_id_valid_r", fixed_m=DIFFERENT_VALID_IDS_M),
            Level("different", DISAGREE, _("different ID numbers, one not valid for its record"), m=0.05, u=0.02),
        ),
    ),
    Field(
        "sex",
        _("Sex"),
        (
            _null("sex"),
            Level("exact", AGREE, _("same sex"), "sex_l = sex_r"),
            _else(_("different sex")),
        ),
    ),
    Field(
        "commune",
        _("Commune"),
        (
            _null("commune_id"),
            Level("exact", AGREE, _("same commune"), "commune_id_l = commune_id_r"),
            Level("former", NEAR, _("same former commune (before 1 July 2025) or an earlier residence"),
                  m=0.05, u=0.005, sql=
                  lambda: ArraysOverlapLevel("communes_near")),
            Level("district", NEAR, _("communes of the same former district"), m=0.05, u=0.05, sql=
                  lambda: ArraysOverlapLevel("former_districts")),
            Level("province", DISAGREE, _("another commune of the province"), "province_code_l = province_code_r"),
            Level("different", DISAGREE, _("another province"), m=0.05, u=0.9),
        ),
    ),
    Field(
        "village",
        _("Village / street"),
        (
            _null("village", applies=lambda r: not (r.get("village_l") and r.get("village_r"))),
            # Village names repeat from commune to commune ("Thôn 1"): compared within one only.
            Level("other_commune", MISSING, _("not compared: the communes differ"),
                  "commune_id_l <> commune_id_r", null=True),
            Level("exact", AGREE, _("same village or street"), "village_l = village_r", tf="village"),
            _else(_("different village or street")),
        ),
    ),
    Field(
        "caregiver",
        _("Caregiver and phone"),
        (
            Level("missing", MISSING, _("no caregiver or phone to compare"),
                  "(phones_l IS NULL OR phones_r IS NULL) AND (caregiver_name_l IS NULL OR caregiver_name_r IS NULL)",
                  null=True, applies=lambda r: not ((r.get("phones_l") and r.get("phones_r"))
                                                    or (r.get("caregiver_name_l") and r.get("caregiver_name_r")))),
            # A household's caregiver and phone are shared by its members: they say "same person"
            # only of records whose given name and birth year already (nearly) agree. Twins,
            # siblings, a father and his son keep them and must not gain from them.
            Level("household", MISSING, _("not counted: another member of the same household may share them"),
                  f"NOT ({SAME_PERSON_SQL})", null=True),
            Level("both", AGREE, _("same caregiver and phone"), u=1e-7, sql=
                  lambda: cll.And(ArraysOverlapLevel("phones"), cll.ExactMatchLevel("caregiver_name"))),
            Level("phone", AGREE, _("same phone number"), lambda: ArraysOverlapLevel("phones"), u=1e-6),
            Level("name", NEAR, _("same caregiver name"), lambda: cll.JaroWinklerLevel("caregiver_name", 0.95)),
            _else(_("different caregiver and phone")),
        ),
    ),
)  # fmt: skip
FIELDS_BY_NAME = {f.name: f for f in FIELDS}
# The record columns the reasons read besides the comparison vector (`Level.applies`).
REASON_COLUMNS = ("village", "phones", "caregiver_name")

# Pairs looked at (a pair is scored once, whichever rule finds it). Each rule is an equality join,
# so the number of pairs grows with the number of persons sharing a key, not with its square;
# together they find every variation of issue 14 (see tests/registry/test_duplicates_quality.py).
PREDICTION_BLOCKS = (
    block_on("national_id"),  # same ID, whatever the rest
    block_on("family_name", "given_name", "birth_year", "sex"),  # middle dropped, no marks, date swapped, year only
    block_on("family_name", "given_name", "birth_day_month"),  # year off, moved, ID slipped
    block_on("dob", "commune_id"),  # a slip in a name part, same commune
    block_on("dob", "family_name", "middle_name"),  # a slip in the given name elsewhere
    block_on("phones", arrays_to_explode=["phones"]),  # a phone number in common
)
# Blocks of the EM passes: each frees the comparisons it does not use.
TRAINING_BLOCKS = (
    block_on("dob"),  # estimates the names, ID, sex, places
    # estimates the date, ID, sex, village, caregiver: the namesakes of one commune are few
    block_on("family_name", "middle_name", "given_name", "commune_id"),
)
# Rules for the prior (share of true pairs among all pairs): near-certain matches, recall below.
PRIOR_RULES = ("l.name_folded = r.name_folded and l.dob = r.dob",)
# The share of true pairs these rules find: a second registration copies the folded name and the
# full date of birth about half the time (the other half drops or slips a name part, swaps or
# shortens the date) — the rules' recall on the labelled set (tests/registry/duplicates_dataset.py).
PRIOR_RULES_RECALL = 0.5


def linkage_settings(*, probability_two_random_records_match: float = 1e-6) -> SettingsCreator:
    """The backend-independent model definition (untrained)."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[f.comparison() for f in FIELDS],
        blocking_rules_to_generate_predictions=list(PREDICTION_BLOCKS),
        probability_two_random_records_match=probability_two_random_records_match,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=[],
        max_iterations=20,
        em_convergence=0.001,
    )
