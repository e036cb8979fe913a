"""The anonymised microdata of a plan: one row per person living in the viewer's communes of the
plan on the reference date, k-anonymous (k = 5) on the quasi-identifiers age band, sex, area,
ethnic group, types and level, for every role that may download it.

No name, no ID number, no birth date, no commune of a small group: the quasi-identifiers are
generalised for the whole file and what still stands out is suppressed (`anonymity.py`); the key of
a row is random for each export and the rows are shuffled, so two exports cannot be joined by key
or by order and nothing is derived from the person's id or the installation's SECRET_KEY. The file
opens with `#` lines that say what was generalised and how much was suppressed. README.md
("Microdata") says what this protects against and what it does not.
"""

import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _

from policies.models.catalogue import Domain
from registry.models import AdminUnit, Person
from registry.models.persons import TYPE_FIELDS, DisabilityLevel, DisabilityType
from registry.spreadsheets import csv_text

from .anonymity import STAR, Outcome, QuasiIdentifier, k_anonymise
from .exports import Scope, export_scope
from .models import Plan
from .rollup import commune_on

K = 5
MAX_OUTLIERS = 0.10  # share of records that may be left to cell/record suppression after generalising
KINH, UNKNOWN_ETHNICITY = "01", "99"
DOMAINS = [d.value for d in Domain]
TYPES = [t.value for t in DisabilityType]

# Age bands, by their lower bounds; each level's bounds are a subset of the finer level's.
AGE_BOUNDS = (
    (0, 6, 11, 16, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85),
    (0, 6, 16, 30, 45, 60, 75),
    (0, 16, 60),  # the product's age groups: child, working age, elderly
)


def _band_labels(bounds: tuple[int, ...]) -> list[tuple[int, str]]:
    upper = [*bounds[1:], None]
    return [(lo, f"{lo}–{hi - 1}" if hi else f"{lo}+") for lo, hi in zip(bounds, upper, strict=True)]


_BANDS = [_band_labels(bounds) for bounds in AGE_BOUNDS]


def age_ladder(age: int) -> tuple[str, ...]:
    """The age band at each level (en dash: Excel does not read "6–10" as a date), then STAR."""
    return (*(next(label for lo, label in reversed(bands) if age >= lo) for bands in _BANDS), STAR)


def ethnicity_ladder(code: str) -> tuple[str, str]:
    group = "kinh" if code == KINH else "unknown" if code in ("", UNKNOWN_ETHNICITY) else "other"
    return group, STAR


def types_ladder(flags: list[bool]) -> tuple[str, str, str, str]:
    """The set of types; one type or "multiple"; the number of types; STAR."""
    chosen = [code for code, flag in zip(TYPES, flags, strict=True) if flag]
    if not chosen:
        return "none", "none", "0", STAR
    if len(chosen) == 1:
        return chosen[0], chosen[0], "1", STAR
    return "+".join(chosen), "multiple", "2+", STAR


def quasi_identifiers() -> list[QuasiIdentifier]:
    """The columns and the description of each level (for the file's statement)."""
    return [
        QuasiIdentifier("age_band", (
            _("5-year age bands from 0–5 to 85+"),
            _("age bands 0–5 · 6–15 · 16–29 · 30–44 · 45–59 · 60–74 · 75+"),
            _("age groups 0–15 · 16–59 · 60+"),
            _("age suppressed"),
        )),
        QuasiIdentifier("sex", (_("male · female"),)),
        QuasiIdentifier("area", (
            _("code of the current commune"),
            _("code of the former district (before 1 July 2025) most of the commune came from"),
            _("code of the former province (before 1 July 2025) most of the commune came from"),
            _("area suppressed"),
        )),
        QuasiIdentifier("ethnicity_group", (_("kinh · other (every other group) · unknown"), _("ethnic group suppressed"))),
        QuasiIdentifier("types", (
            _("the set of types (such as mobility+vision)"),
            _("the type or “multiple”"),
            _("the number of types 0 · 1 · 2+"),
            _("types suppressed"),
        )),
        QuasiIdentifier("level", (_("especially_severe · severe · mild · unknown"),)),
    ]  # fmt: skip


SUPPRESSION_ORDER = ("area", "age_band", "types", "ethnicity_group", "level", "sex")
PAYLOAD_COLUMNS = ["association_member", "alive_on_reference_date", *[f"cases_{d}" for d in DOMAINS]]


def headers() -> list[str]:
    return ["key", *[q.column for q in quasi_identifiers()], *PAYLOAD_COLUMNS]


def former_units(communes: list[int]) -> dict[int, tuple[str, str]]:
    """(district code, province code) of the pre-2025 units each commune came from: those of most
    of its predecessor communes (the lower codes on a tie); a pre-2025 commune's own."""
    through = AdminUnit.successors.through
    votes: dict[int, Counter] = {}
    links = through.objects.filter(to_adminunit_id__in=communes, from_adminunit__parent__isnull=False)
    for commune, district, province in links.values_list(
        "to_adminunit_id", "from_adminunit__parent__code", "from_adminunit__province_code"
    ):
        votes.setdefault(commune, Counter())[(district, province)] += 1
    found = {c: min(v.items(), key=lambda item: (-item[1], item[0]))[0] for c, v in votes.items()}
    legacy = AdminUnit.objects.filter(pk__in=communes, is_current=False, parent__isnull=False)
    found.update({pk: (district, province) for pk, district, province in legacy.values_list(
        "pk", "parent__code", "province_code")})  # fmt: skip
    return found


@dataclass
class Microdata:
    scope: Scope
    outcome: Outcome
    rows: list[list]  # shuffled, with their random keys

    @property
    def count(self) -> int:
        return len(self.rows)


def _records(scope: Scope) -> list[tuple[tuple, list]]:
    day = scope.period.end
    in_period = Q(cases__requested_on__gte=scope.period.start, cases__requested_on__lte=day)
    counts = {f"n_{d}": Count("cases", filter=in_period & Q(cases__domain=d)) for d in DOMAINS}
    qs = (
        Person.objects.filter(deleted_at__isnull=True, date_of_birth__lte=day)
        .annotate(_c=commune_on("pk", "commune_id", day))
        .filter(_c__in=scope.communes)
        .annotate(**counts)
        .values("date_of_birth", "sex", "ethnicity", "level", "association_member_since", "status", "died_on", "_c",
                *TYPE_FIELDS.values(), *counts)
        .order_by()
    )  # fmt: skip
    codes = {pk: unit.code for pk, unit in scope.names.items()}
    former = former_units(list(scope.communes))
    levels = {value for value, _label in DisabilityLevel.choices}
    records = []
    for r in qs.iterator(chunk_size=2000):
        born = r["date_of_birth"]
        age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        ladders = (
            age_ladder(age),
            (r["sex"],),
            (codes.get(r["_c"], STAR), *former.get(r["_c"], (STAR, STAR)), STAR),
            ethnicity_ladder(r["ethnicity"]),
            types_ladder([r[f] for f in TYPE_FIELDS.values()]),
            (r["level"] if r["level"] in levels else "unknown",),
        )
        alive = not (r["status"] == "deceased" and r["died_on"] and r["died_on"] <= day)
        member = r["association_member_since"] is not None and r["association_member_since"] <= day
        records.append((ladders, [int(member), int(alive), *[r[f"n_{d}"] for d in DOMAINS]]))
    return records


def microdata(*, viewer, plan: Plan, as_of: date | None = None) -> Microdata:
    scope = export_scope(viewer=viewer, plan=plan, as_of=as_of)
    outcome = k_anonymise(
        _records(scope), quasi_identifiers(), k=K, max_outliers=MAX_OUTLIERS, suppression_order=SUPPRESSION_ORDER
    )
    keys: set[str] = set()
    while len(keys) < len(outcome.rows):
        keys.add(secrets.token_hex(8))
    rows = [[key, *values, *payload] for key, (values, payload) in zip(keys, outcome.rows, strict=True)]
    secrets.SystemRandom().shuffle(rows)
    return Microdata(scope, outcome, rows)


def statement(data: Microdata) -> list[str]:
    """The `#` lines at the top of the file: what the file is, what was generalised, how much was
    suppressed (no comma or semicolon: one cell in any spreadsheet)."""
    outcome = data.outcome
    generalised = " · ".join(f"{q.column} = {q.levels[outcome.levels[q.column]]}" for q in quasi_identifiers())
    cells = " · ".join(f"{column} {n}" for column, n in sorted(outcome.suppressed_cells.items())) or "—"
    return [
        "# " + _("Anonymised microdata of the persons with disabilities living in the area on %(day)s: %(total)s persons")
        % {"day": data.scope.period.end.strftime("%d/%m/%Y"), "total": outcome.total},
        "# " + _("k-anonymous with k = %(k)s on the columns %(columns)s: every combination of their values "
                 "has at least %(k)s rows") % {"k": outcome.k, "columns": " · ".join(outcome.columns)},
        "# " + _("Generalised: %(what)s") % {"what": generalised},
        "# " + _("Suppressed: %(cells)s cells written * (%(by_column)s) · %(records)s persons left out")
        % {"cells": sum(outcome.suppressed_cells.values()), "by_column": cells, "records": outcome.suppressed_records},
        "# " + _("The key is random for each download and the rows are in random order: two downloads cannot "
                 "be joined by key or by row"),
    ]  # fmt: skip


def microdata_csv(*, viewer, plan: Plan, as_of: date | None = None) -> tuple[str, int]:
    """(the CSV, its number of rows)."""
    data = microdata(viewer=viewer, plan=plan, as_of=as_of)
    with translation.override("vi"):
        preamble = statement(data)
    return csv_text(headers(), data.rows, preamble=preamble), data.count
