"""The flat record the linkage model compares, made from a person's fields.

One function for every path: the nightly run reads `values()` rows of the register, the
registration-time check passes the dict a form or the API is about to save. Everything here is
plain Python (no ORM, no Splink): the same record feeds any backend.

Name parts: a Vietnamese name is family name, middle name(s), given name, in that order; the given
name is the last word, the family name the first, the middle the rest. Folded parts
(`registry.text.fold`: no marks, đ→d, lower case, NFC/NFD alike) are compared; the given name is
also kept with its marks so that "Hùng"/"Hưng" (same letters, other marks: a slip or another
name) is told apart from "Hùng"/"Hung" (typed without diacritics).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..identifiers import _CENTURY_DIGIT, known_province_codes
from ..text import clean, fold

# The person fields the model compares (and the pair's snapshot keeps).
COMPARED_FIELDS = (
    "full_name",
    "date_of_birth",
    "birth_date_approximate",
    "sex",
    "national_id",
    "commune_id",
    "village",
    "phone",
    "caregiver_name",
    "caregiver_phone",
)
# A pair decided "distinct" is proposed again only when one of these changes (issue 14).
IDENTITY_FIELDS = ("full_name", "date_of_birth", "birth_date_approximate", "national_id")

_DIGITS = re.compile(r"\D+")


@dataclass(frozen=True)
class Places:
    """What the model knows of the communes: for each current commune, its former communes
    (pre-2025 units it was formed from) and their districts. Built once per run
    (`places_from_units`); empty is allowed (then only "same commune" is recognised)."""

    former: Mapping[int, frozenset[int]] = field(default_factory=dict)
    former_districts: Mapping[int, frozenset[int]] = field(default_factory=dict)
    province: Mapping[int, str] = field(default_factory=dict)


def national_id_consistent(value: str | None, *, sex: str | None, birth_year: int | None) -> bool:
    """Whether a 12-digit ID is well formed and agrees with the record's sex, century and birth
    year (domain.md §7; the rules of `registry.identifiers`, without raising)."""
    if not value or len(value) != 12 or not value.isdigit() or not value.isascii():
        return False
    if value[:3] not in known_province_codes():
        return False
    digit_sex, century = _CENTURY_DIGIT[value[3]]
    if sex and digit_sex != sex:
        return False
    if birth_year is not None:
        if not century <= birth_year < century + 100:
            return False
        if value[4:6] != f"{birth_year % 100:02d}":
            return False
    return True


def _phone(value: str | None) -> str | None:
    digits = _DIGITS.sub("", value or "")
    if digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if len(digits) >= 8 else None


def _name_parts(full_name: str) -> tuple[str, str | None, str, str, bool]:
    """(family, middle, given, given with marks, whether the name has no marks at all)."""
    marked = clean(full_name).lower()
    folded = fold(full_name)
    words, marked_words = folded.split(), marked.split()
    if not words:
        return "", None, "", "", True
    if len(marked_words) != len(words):  # a stray combining mark alone: keep the folded form
        marked_words = words
    family = words[0]
    given = words[-1] if len(words) > 1 else words[0]
    middle = " ".join(words[1:-1]) or None
    return family, middle, given, marked_words[-1], folded == marked


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def person_record(row: Mapping[str, Any], *, places: Places, previous_communes: Iterable[int] = ()) -> dict:
    """The model's record for one person. `row` holds the `COMPARED_FIELDS` (and `id` when the
    person is saved); `previous_communes` are communes it lived in before (ended residences)."""
    full_name = row.get("full_name") or ""
    family, middle, given, given_marked, unmarked = _name_parts(full_name)
    born = _date(row.get("date_of_birth"))
    approximate = bool(row.get("birth_date_approximate"))
    sex = row.get("sex") or None
    national_id = (row.get("national_id") or "").strip() or None
    commune_id = row.get("commune_id")
    commune_id = getattr(commune_id, "pk", commune_id)
    near: set[int] = set()
    districts: set[int] = set()
    for commune in [commune_id, *previous_communes]:
        if commune is None:
            continue
        near |= places.former.get(commune, frozenset())
        districts |= places.former_districts.get(commune, frozenset())
        near.add(commune)
    phones = sorted({p for p in (_phone(row.get("phone")), _phone(row.get("caregiver_phone"))) if p})
    village = fold(row.get("village")) or None
    caregiver = fold(row.get("caregiver_name")) or None
    return {
        "unique_id": row.get("id") or 0,
        "name_folded": fold(full_name),
        "family_name": family or None,
        "middle_name": middle,
        "given_name": given or None,
        "given_name_marked": given_marked or None,
        "name_unmarked": unmarked,
        "dob": born.isoformat() if born else None,
        "birth_year": born.year if born else None,
        "birth_month": None if born is None or approximate else born.month,
        "birth_day": None if born is None or approximate else born.day,
        # day and month as one key for blocking ("year only" records share one: they are few)
        "birth_day_month": None if born is None else ("year" if approximate else f"{born.month:02d}-{born.day:02d}"),
        "birth_decade": born.year // 10 if born else None,  # blocks the training pairs only
        "dob_approximate": approximate,
        "national_id": national_id,
        "national_id_valid": national_id_consistent(national_id, sex=sex, birth_year=born.year if born else None),
        "sex": sex,
        "commune_id": commune_id,
        # The commune itself, its former communes and earlier residences (and theirs): two records
        # whose sets meet lived in the same place, before or after the 2025 merger.
        "communes_near": sorted(near) or None,
        "former_districts": sorted(districts) or None,
        "province_code": row.get("province_code") or places.province.get(commune_id) or None,
        "village": village,
        "phones": phones or None,
        "caregiver_name": caregiver,
    }


def places_from_units() -> Places:
    """The communes' former communes and districts, read from the units table (M2M successors)."""
    from ..models import AdminUnit

    through = AdminUnit.successors.through
    former: dict[int, set[int]] = {}
    districts: dict[int, set[int]] = {}
    links = through.objects.values_list("from_adminunit_id", "to_adminunit_id", "from_adminunit__parent_id")
    for legacy_id, current_id, district_id in links:
        former.setdefault(current_id, set()).add(legacy_id)
        if district_id is not None:
            districts.setdefault(current_id, set()).add(district_id)
    province = dict(AdminUnit.objects.current().communes().values_list("id", "province_code"))
    return Places(
        former={k: frozenset(v) for k, v in former.items()},
        former_districts={k: frozenset(v) for k, v in districts.items()},
        province=province,
    )
