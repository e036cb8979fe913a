"""A labelled evaluation set for duplicate detection (issue 14): a realistic register in which some
persons are registered twice, in the ways communes really do it, and some different persons look
alike. Deterministic for a seed; plain dicts (no database) until `load` writes them in bulk.

Names, villages and birth dates follow the demo register (`registry.demo`). Every record's ID
number is unique (the database refuses a second person with the same ID, so a real duplicate
never carries exactly the same one): a duplicate's second record has no ID, or the other record
has none, or it carries the ID with one digit slipped.

`DUPLICATE_CLASSES` and `LOOKALIKE_CLASSES` name each labelled pair's class; tests and the
benchmark measure recall per duplicate class and the share proposed per look-alike class.
"""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from registry.demo import (
    FAMILY,
    FEMALE_GIVEN,
    FEMALE_MIDDLE,
    MALE_GIVEN,
    MALE_MIDDLE,
    RELATIONS,
    VILLAGES,
    _birth_date,
    _pick,
)
from registry.duplicates.features import Places
from registry.identifiers import example_national_id
from registry.text import fold

DUPLICATE_CLASSES = (
    "middle_dropped",  # Nguyễn Văn Thắng / Nguyễn Thắng
    "mark_slip",  # Hùng / Hưng
    "letter_slip",  # Phúc / Phúcc
    "no_diacritics",  # Nguyen Van Thang
    "dob_swapped",  # 03/07 / 07/03
    "year_only",  # full date / year of birth only
    "year_off",  # one year off
    "id_slipped",  # one digit of the ID slipped
    "id_missing",  # ID on one record only
    "moved",  # registered again in another commune
    "old_commune",  # from the former commune's register: a commune sharing the former commune
    "phone_same",  # moved, given name slipped, same caregiver phone
    "moved_no_diacritics",  # two at once
    "middle_dropped_year_only",  # two at once
)
# The mix of a realistic register (issue 14: the same folded name and birth year in the same
# commune finds one duplicate in ten, across communes four in five): most second registrations
# copy the name and date and are made in another commune; a fifth change the name or the year.
DUPLICATE_WEIGHTS = {
    "moved": 30, "no_diacritics": 8, "mark_slip": 5, "id_missing": 8, "id_slipped": 5, "dob_swapped": 4,
    "year_only": 8, "old_commune": 8, "middle_dropped": 7, "letter_slip": 5, "year_off": 4, "phone_same": 3,
    "moved_no_diacritics": 3, "middle_dropped_year_only": 2,
}  # fmt: skip
# Where the second registration is made, for the classes that do not say.
SAME_COMMUNE_SHARE = 0.15
LOOKALIKE_CLASSES = (
    "twins",  # same family, same date of birth, same household, another given name
    "namesakes",  # same name, another date of birth
    "father_son",  # same name, 25-40 years apart, same household
    "two_ids",  # same name and date of birth, two different valid ID numbers
    "mark_namesakes",  # names differing only by diacritics (Hùng / Hưng), same year, another day
)
PROVINCES_OF_BIRTH = ["048", "049", "048", "049", "045", "051"]

# Tone marks of Vietnamese (combining): a mark slip swaps one for another or drops it.
_TONES = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
_VOWELS = set("aeiouy")


@dataclass
class EvaluationSet:
    rows: list[dict]  # person fields (`commune_id`), index = the record's reference
    duplicates: dict[tuple[int, int], str] = field(default_factory=dict)  # (ref, ref) → class
    lookalikes: dict[tuple[int, int], str] = field(default_factory=dict)

    def pair_class(self, a: int, b: int) -> str | None:
        key = (min(a, b), max(a, b))
        return self.duplicates.get(key) or self.lookalikes.get(key)


def mark_slip(word: str, rng: random.Random) -> str:
    """Another tone on the word's vowel (or the tone dropped, or one added): Hùng → Hủng/Hung."""
    decomposed = list(unicodedata.normalize("NFD", word))
    tone_at = [i for i, ch in enumerate(decomposed) if ch in _TONES]
    if tone_at:
        i = tone_at[0]
        options = [t for t in _TONES if t != decomposed[i]]
        if rng.random() < 0.3:
            del decomposed[i]
        else:
            decomposed[i] = rng.choice(options)
    else:
        vowels = [i for i, ch in enumerate(decomposed) if ch.lower() in _VOWELS]
        if not vowels:
            return word + "h"
        decomposed.insert(vowels[-1] + 1, rng.choice(_TONES))
    return unicodedata.normalize("NFC", "".join(decomposed))


def letter_slip(word: str, rng: random.Random) -> str:
    """One letter doubled, dropped or swapped with its neighbour: Phúc → Phúcc / Phú / Hpúc."""
    for _attempt in range(10):
        i = rng.randrange(len(word))
        kind = rng.random()
        if kind < 0.4:
            out = word[: i + 1] + word[i] + word[i + 1 :]
        elif kind < 0.7 and len(word) > 3:
            out = word[:i] + word[i + 1 :]
        elif i + 1 < len(word):
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        else:
            continue
        if fold(out) != fold(word):
            return out[0].upper() + out[1:]
    return word + word[-1]


def without_diacritics(name: str) -> str:
    return " ".join(w.capitalize() for w in fold(name).split())


class _Generator:
    def __init__(self, *, seed: int, communes: list[int], places: Places, today: date):
        self.rng = random.Random(seed)
        self.communes = communes
        self.places = places
        self.today = today
        self.rows: list[dict] = []
        self.used_ids: set[str] = set()
        # Current communes sharing a former commune / a former district, for "old_commune".
        self.same_former: dict[int, list[int]] = {}
        self.same_district: dict[int, list[int]] = {}
        for a in communes:
            fa, da = places.former.get(a, frozenset()), places.former_districts.get(a, frozenset())
            self.same_former[a] = [b for b in communes if b != a and fa & places.former.get(b, frozenset())]
            self.same_district[a] = [b for b in communes if b != a and da & places.former_districts.get(b, frozenset())]

    # Pieces ---------------------------------------------------------------------------
    def national_id(self, sex: str, born: date) -> str | None:
        for _attempt in range(20):
            value = example_national_id(
                province=self.rng.choice(PROVINCES_OF_BIRTH), sex=sex, birth=born, serial=self.rng.randint(1, 999_999)
            )
            if value not in self.used_ids:
                self.used_ids.add(value)
                return value
        return None

    def slipped_id(self, value: str) -> str | None:
        for _attempt in range(20):
            i = self.rng.randrange(6, 12)  # a digit of the serial: the slip keeps the ID valid
            out = value[:i] + str((int(value[i]) + self.rng.randint(1, 9)) % 10) + value[i + 1 :]
            if out not in self.used_ids:
                self.used_ids.add(out)
                return out
        return None

    def name(self, sex: str) -> tuple[str, str, str]:
        rng = self.rng
        return (
            _pick(rng, FAMILY),
            rng.choice(MALE_MIDDLE if sex == "male" else FEMALE_MIDDLE),
            rng.choice(MALE_GIVEN if sex == "male" else FEMALE_GIVEN),
        )

    def phone(self) -> str:
        return f"09{self.rng.randint(10_000_000, 99_999_999)}"

    def person(self, **overrides) -> dict:
        rng = self.rng
        sex = overrides.pop("sex", None) or rng.choice(["male", "female"])
        born = overrides.pop("date_of_birth", None) or _birth_date(rng, self.today)
        approximate = overrides.pop("birth_date_approximate", rng.random() < 0.05)
        if approximate:
            born = born.replace(month=1, day=1)
        family, middle, given = self.name(sex)
        full_name = overrides.pop("full_name", None) or f"{family} {middle} {given}"
        has_caregiver = rng.random() < 0.45
        row = {
            "full_name": full_name,
            "date_of_birth": born,
            "birth_date_approximate": approximate,
            "sex": sex,
            "national_id": self.national_id(sex, born) if rng.random() < 0.9 else None,
            "commune_id": rng.choice(self.communes),
            "village": rng.choice(VILLAGES),
            "phone": self.phone() if rng.random() < 0.6 else "",
            "caregiver_name": (
                f"{_pick(rng, FAMILY)} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}" if has_caregiver else ""
            ),
            "caregiver_relation": rng.choice(RELATIONS) if has_caregiver else "",
            "caregiver_phone": self.phone() if has_caregiver and rng.random() < 0.8 else "",
        }
        row.update(overrides)
        return row

    def add(self, row: dict) -> int:
        self.rows.append(row)
        return len(self.rows) - 1

    def other_commune(self, commune: int) -> int:
        return self.rng.choice([c for c in self.communes if c != commune] or [commune])

    # A second registration of the same person ---------------------------------------------
    def duplicate_of(self, a: dict, kind: str) -> dict | None:
        rng = self.rng
        b = dict(a)
        words = a["full_name"].split()
        # The second record: the ID on one record only (the database refuses two equal IDs).
        if a["national_id"] and rng.random() < 0.75:
            b["national_id"] = None
        elif a["national_id"]:
            self.used_ids.discard(a["national_id"])
            a_id = a["national_id"]
            a["national_id"] = None
            b["national_id"] = a_id
            self.used_ids.add(a_id)
        # Ordinary differences between two registrations.
        if rng.random() < 0.3:
            b["village"] = rng.choice(VILLAGES)
        if rng.random() < 0.5:
            b["phone"] = self.phone() if rng.random() < 0.3 else ""
        if a["caregiver_name"] and rng.random() < 0.3:
            b["caregiver_name"], b["caregiver_phone"], b["caregiver_relation"] = "", "", ""
        born = a["date_of_birth"]

        if kind in ("middle_dropped", "middle_dropped_year_only"):
            if len(words) < 3:
                return None
            b["full_name"] = f"{words[0]} {words[-1]}"
        if kind == "mark_slip":
            b["full_name"] = " ".join([*words[:-1], mark_slip(words[-1], rng)])
            if fold(b["full_name"]) != fold(a["full_name"]) or b["full_name"] == a["full_name"]:
                return None
        if kind in ("letter_slip", "phone_same"):
            b["full_name"] = " ".join([*words[:-1], letter_slip(words[-1], rng)])
        if kind in ("no_diacritics", "moved_no_diacritics"):
            b["full_name"] = without_diacritics(a["full_name"])
            if b["full_name"] == a["full_name"]:
                return None
        if kind == "dob_swapped":
            if a["birth_date_approximate"] or born.day > 12 or born.day == born.month:
                return None
            b["date_of_birth"] = born.replace(month=born.day, day=born.month)
        if kind in ("year_only", "middle_dropped_year_only"):
            if a["birth_date_approximate"]:
                return None
            b["date_of_birth"], b["birth_date_approximate"] = born.replace(month=1, day=1), True
        if kind == "year_off":
            try:
                b["date_of_birth"] = born.replace(year=born.year + rng.choice([-1, 1]))
            except ValueError:
                return None
            if b["national_id"]:  # the ID stays; its year digits no longer match the record
                pass
        if kind == "id_slipped":
            source = a["national_id"] or b["national_id"]
            if not source:
                return None
            a["national_id"] = source
            b["national_id"] = self.slipped_id(source)
        if kind == "id_missing" and not (a["national_id"] or b["national_id"]):
            return None
        if kind in ("moved", "phone_same", "moved_no_diacritics"):
            b["commune_id"] = self.other_commune(a["commune_id"])
            b["village"] = rng.choice(VILLAGES)
            b["phone"] = ""
        if kind == "phone_same":
            phone = a["caregiver_phone"] or self.phone()
            a["caregiver_phone"] = b["caregiver_phone"] = phone
            a["caregiver_name"] = a["caregiver_name"] or "Nguyễn Thị Hoa"
            b["caregiver_name"] = ""
        if kind == "old_commune":
            options = self.same_former[a["commune_id"]] or self.same_district[a["commune_id"]]
            if not options:
                return None
            b["commune_id"] = rng.choice(options)
        elif kind not in ("moved", "phone_same", "moved_no_diacritics") and rng.random() > SAME_COMMUNE_SHARE:
            options = self.same_former[a["commune_id"]] or self.same_district[a["commune_id"]]
            b["commune_id"] = (
                rng.choice(options) if options and rng.random() < 0.3 else self.other_commune(a["commune_id"])
            )
            b["village"] = rng.choice(VILLAGES)
        return b

    # Different persons who look alike -------------------------------------------------------
    def lookalike_of(self, a: dict, kind: str) -> dict | None:
        rng = self.rng
        words = a["full_name"].split()
        born = a["date_of_birth"]
        if kind == "twins":
            sex = rng.choice(["male", "female"])
            given_options = [g for g in (MALE_GIVEN if sex == "male" else FEMALE_GIVEN) if fold(g) != fold(words[-1])]
            middle = words[1] if len(words) > 2 and rng.random() < 0.7 else self.name(sex)[1]
            b = self.person(
                sex=sex, date_of_birth=born, birth_date_approximate=a["birth_date_approximate"],
                full_name=f"{words[0]} {middle} {rng.choice(given_options)}", commune_id=a["commune_id"],
                village=a["village"], caregiver_name=a["caregiver_name"], caregiver_phone=a["caregiver_phone"],
                caregiver_relation=a["caregiver_relation"], phone=a["phone"],
            )  # fmt: skip
            return b
        if kind == "namesakes":
            other = _birth_date(rng, self.today)
            if abs((other - born).days) < 400:
                return None
            return self.person(
                sex=a["sex"], full_name=a["full_name"], date_of_birth=other,
                commune_id=a["commune_id"] if rng.random() < 0.5 else self.other_commune(a["commune_id"]),
            )  # fmt: skip
        if kind == "father_son":
            if a["sex"] != "male":
                return None
            son_born = born + timedelta(days=365 * rng.randint(25, 40) + rng.randint(0, 300))
            if son_born >= self.today:
                return None
            return self.person(
                sex="male", full_name=a["full_name"], date_of_birth=son_born, birth_date_approximate=False,
                commune_id=a["commune_id"], village=a["village"], caregiver_name=a["full_name"],
                caregiver_relation="Cha", caregiver_phone=a["phone"] or self.phone(),
            )  # fmt: skip
        if kind == "two_ids":
            if not a["national_id"]:
                a["national_id"] = self.national_id(a["sex"], born)
            b = self.person(
                sex=a["sex"], full_name=a["full_name"], date_of_birth=born,
                birth_date_approximate=a["birth_date_approximate"], commune_id=self.other_commune(a["commune_id"]),
            )  # fmt: skip
            b["national_id"] = b["national_id"] or self.national_id(a["sex"], born)
            return b if a["national_id"] and b["national_id"] else None
        if kind == "mark_namesakes":
            other_given = mark_slip(words[-1], rng)
            if fold(other_given) != fold(words[-1]) or other_given == words[-1]:
                return None
            other = born.replace(month=rng.randint(1, 12), day=rng.randint(1, 28))
            if other == born:
                return None
            return self.person(
                sex=a["sex"], full_name=" ".join([*words[:-1], other_given]), date_of_birth=other,
                birth_date_approximate=False, commune_id=a["commune_id"],
            )  # fmt: skip
        raise ValueError(kind)


def generate(
    *,
    persons: int,
    seed: int = 14,
    communes: list[int],
    places: Places,
    today: date | None = None,
    duplicates_per_class: int | None = None,
    lookalikes_per_class: int | None = None,
    min_per_class: int = 1,
) -> EvaluationSet:
    """`persons` records in all: background persons, duplicates and look-alike pairs. By default
    2 % of the persons are registered twice, in the mix `DUPLICATE_WEIGHTS`, and 1 % are in a
    look-alike pair (even over `LOOKALIKE_CLASSES`); `duplicates_per_class` and
    `lookalikes_per_class` ask for a fixed number of each class instead; `min_per_class` keeps
    the mix but with at least that many of each duplicate class (per-class tests)."""
    today = today or date(2026, 6, 1)
    g = _Generator(seed=seed, communes=sorted(communes), places=places, today=today)
    total = sum(DUPLICATE_WEIGHTS.values())
    if duplicates_per_class is not None:
        wanted = dict.fromkeys(DUPLICATE_CLASSES, duplicates_per_class)
    else:
        wanted = {
            k: max(min_per_class, round(persons * 0.02 * DUPLICATE_WEIGHTS[k] / total)) for k in DUPLICATE_CLASSES
        }
    look_n = (
        lookalikes_per_class if lookalikes_per_class is not None else max(1, persons // 100 // len(LOOKALIKE_CLASSES))
    )
    result = EvaluationSet(rows=g.rows)
    for kind in DUPLICATE_CLASSES:
        dup_n = wanted[kind]
        made = 0
        for _attempt in range(dup_n * 20):
            if made >= dup_n:
                break
            a = g.person()
            b = g.duplicate_of(a, kind)
            if b is None:
                for value in (a["national_id"],):
                    g.used_ids.discard(value)
                continue
            ia, ib = g.add(a), g.add(b)
            result.duplicates[(ia, ib)] = kind
            made += 1
    for kind in LOOKALIKE_CLASSES:
        made = 0
        for _attempt in range(look_n * 20):
            if made >= look_n:
                break
            a = g.person()
            b = g.lookalike_of(a, kind)
            if b is None:
                continue
            ia, ib = g.add(a), g.add(b)
            result.lookalikes[(ia, ib)] = kind
            made += 1
    while len(g.rows) < persons:
        g.add(g.person())
    # Unused IDs of discarded attempts are simply not used; every stored ID is unique.
    seen: set[str] = set()
    for row in g.rows:
        if row["national_id"]:
            assert row["national_id"] not in seen, row
            seen.add(row["national_id"])
    return result


# Measures ------------------------------------------------------------------------------------------
def quality_figures(evaluation, proposed: set[tuple[int, int]]) -> dict:
    """Precision, recall, recall per duplicate class and share proposed per look-alike class, for
    `proposed` pairs of row references (a, b) with a < b."""
    true = set(evaluation.duplicates)
    hits = proposed & true
    per_class = Counter(evaluation.duplicates[p] for p in hits)
    classes = Counter(evaluation.duplicates.values())
    looks = Counter(evaluation.lookalikes[p] for p in proposed & set(evaluation.lookalikes))
    look_classes = Counter(evaluation.lookalikes.values())
    return {
        "precision": len(hits) / len(proposed) if proposed else 1.0,
        "recall": len(hits) / len(true) if true else 1.0,
        "lookalikes": sum(looks.values()) / len(evaluation.lookalikes) if evaluation.lookalikes else 0.0,
        "recall_by_class": {k: per_class[k] / n for k, n in sorted(classes.items())},
        "lookalikes_by_class": {k: looks[k] / n for k, n in sorted(look_classes.items())},
        "proposed": len(proposed),
    }


def naive_proposals(evaluation, *, same_commune: bool) -> set[tuple[int, int]]:
    """Pairs the rule of today flags: same folded name and birth year (in the same commune)."""
    groups: dict[tuple, list[int]] = {}
    for index, row in enumerate(evaluation.rows):
        key = (fold(row["full_name"]), row["date_of_birth"].year) + ((row["commune_id"],) if same_commune else ())
        groups.setdefault(key, []).append(index)
    out = set()
    for members in groups.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                out.add((min(a, b), max(a, b)))
    return out


def load(evaluation: EvaluationSet, *, actor=None, batch_size: int = 5000) -> list[int]:
    """Write the records as persons (bulk, like the demo); returns the person id of each row."""
    from registry.models import Person

    objs = []
    for row in evaluation.rows:
        person = Person(
            full_name=row["full_name"], name_folded=fold(row["full_name"]), date_of_birth=row["date_of_birth"],
            birth_date_approximate=row["birth_date_approximate"], sex=row["sex"], national_id=row["national_id"],
            commune_id=row["commune_id"], village=row["village"], phone=row["phone"],
            caregiver_name=row["caregiver_name"], caregiver_relation=row["caregiver_relation"],
            caregiver_phone=row["caregiver_phone"], created_by=actor,
        )  # fmt: skip
        objs.append(person)
    created = Person.objects.bulk_create(objs, batch_size=batch_size)
    return [p.pk for p in created]


def write_default_model(path=None, *, persons: int = 30_000, seed: int = 2025) -> None:
    """Train the model on a generated register of Đà Nẵng (units loaded) and write it as the
    default shipped with the code (`registry/duplicates/default_model.json`)::

        DJANGO_ENV=test python -c "import django; django.setup(); \\
            from tests.registry.duplicates_dataset import write_default_model; write_default_model()"
    """
    import json

    from registry.duplicates import engine, store
    from registry.duplicates.features import person_record, places_from_units
    from registry.models import AdminUnit

    places = places_from_units()
    communes = list(AdminUnit.objects.current().communes().filter(province_code="48").values_list("id", flat=True))
    evaluation = generate(persons=persons, seed=seed, communes=communes, places=places)
    records = [person_record({**row, "id": i + 1}, places=places) for i, row in enumerate(evaluation.rows)]
    trained = engine.train(records)
    target = path or store.DEFAULT_MODEL_PATH
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(trained.as_dict(), handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.write("\n")
