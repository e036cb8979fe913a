"""The k-anonymity generaliser on its own: every output is k-anonymous (checked by grouping, on
random files of every size), it generalises only as much as needed, suppresses cells before
records, and counts what it suppressed; the hierarchies of the microdata nest."""

import random
from collections import Counter

import pytest

from cases.plans.anonymity import STAR, QuasiIdentifier, k_anonymise, smallest_group
from cases.plans.microdata import age_ladder, ethnicity_ladder, types_ladder

AREA = QuasiIdentifier("area", ("commune", "district", "*"))
SEX = QuasiIdentifier("sex", ("sex",))
AGE = QuasiIdentifier("age", ("decade", "half-century", "*"))
COLUMNS = [AREA, SEX, AGE]
ORDER = ("area", "age", "sex")
DISTRICT = {f"c{n}": f"d{n // 4}" for n in range(40)}  # four communes per district


def record(commune: str, sex: str, age: int, payload=None):
    return (
        ((commune, DISTRICT[commune], STAR), (sex,), (f"{age // 10 * 10}s", "young" if age < 50 else "old", STAR)),
        payload,
    )


def anonymise(records, k=5, max_outliers=0.1):
    return k_anonymise(records, COLUMNS, k=k, max_outliers=max_outliers, suppression_order=ORDER)


@pytest.mark.parametrize("size", [0, 1, 4, 5, 6, 12, 40, 250, 2000])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_output_is_k_anonymous(size, seed):
    rng = random.Random(seed * 10_000 + size)
    records = [record(f"c{rng.randrange(40)}", rng.choice("mf"), rng.randrange(100), n) for n in range(size)]
    outcome = anonymise(records)
    rows = [values for values, _payload in outcome.rows]
    assert not rows or smallest_group(rows) >= 5
    assert outcome.total == size
    assert sorted(p for _v, p in outcome.rows) == sorted(set(range(size)) - set(_left_out(outcome, size)))
    assert outcome.suppressed_records < 5 or outcome.suppressed_records == 0  # only a residue below k
    stars = Counter(c for values in rows for c, v in zip(outcome.columns, values, strict=True) if v == STAR)
    for column, level in outcome.levels.items():
        top = len(next(q for q in COLUMNS if q.column == column).levels) - 1
        if top == 0 or level < top:  # a column not generalised away: every * is a suppressed cell
            assert stars[column] == outcome.suppressed_cells.get(column, 0)


def _left_out(outcome, size):
    kept = {p for _v, p in outcome.rows}
    return [n for n in range(size) if n not in kept]


def test_already_anonymous_data_is_left_as_it_is():
    records = [record(f"c{c}", s, a, None) for c in range(3) for s in "mf" for a in (21, 45, 70) for _ in range(5)]
    outcome = anonymise(records)
    assert outcome.levels == {"area": 0, "sex": 0, "age": 0}
    assert outcome.suppressed_cells == {} and outcome.suppressed_records == 0
    assert Counter(tuple(v) for v, _p in outcome.rows) == Counter(tuple(r[0][i][0] for i in range(3)) for r in records)


def test_one_rare_record_is_suppressed_not_the_whole_file_generalised():
    records = [record("c1", s, 30, None) for s in "mf" for _ in range(50)] + [record("c9", "m", 95, "rare")]
    outcome = anonymise(records)
    assert outcome.levels == {"area": 0, "sex": 0, "age": 0}
    assert outcome.suppressed_records == 1 and "rare" not in [p for _v, p in outcome.rows]


def test_outliers_lose_cells_before_records():
    # Five persons of c1 of every age: alone by age, together once the age is written *.
    records = [record("c1", "m", 30, None) for _ in range(100)] + [record("c1", "f", 10 * n + 5, n) for n in range(5)]
    outcome = anonymise(records)
    assert outcome.levels["area"] == 0 and outcome.suppressed_records == 0
    assert outcome.suppressed_cells == {"area": 5, "age": 5}  # area first, then age
    assert sorted(tuple(v) for v, p in outcome.rows if p is not None) == [(STAR, "f", STAR)] * 5


def test_generalises_the_area_when_communes_are_too_small():
    # Three persons per commune, four communes per district: only districts hold five.
    records = [record(f"c{c}", "m", 30, None) for c in range(8) for _ in range(3)]
    outcome = anonymise(records, max_outliers=0)
    assert outcome.levels == {"area": 1, "sex": 0, "age": 0}
    assert {v[0] for v, _p in outcome.rows} == {"d0", "d1"} and outcome.suppressed_records == 0


def test_fewer_persons_than_k_gives_no_row():
    outcome = anonymise([record("c1", "m", 30, n) for n in range(4)])
    assert outcome.rows == [] and outcome.suppressed_records == 4


def test_the_suppression_order_must_name_every_column():
    with pytest.raises(ValueError):
        k_anonymise([], COLUMNS, k=5, max_outliers=0.1, suppression_order=("area", "age"))
    with pytest.raises(ValueError):
        k_anonymise([], COLUMNS, k=1, max_outliers=0.1, suppression_order=ORDER)


def test_age_bands_nest_and_cover_every_age():
    previous = None
    for age in range(0, 121):
        ladder = age_ladder(age)
        assert ladder[-1] == STAR and len(ladder) == 4
        for level, band in enumerate(ladder[:-1]):
            low, _dash, high = band.partition("–")
            low = int(low.rstrip("+"))
            assert low <= age and (not high or age <= int(high)), (age, level, band)
        if previous and previous[0] == ladder[0]:
            assert previous == ladder  # a finer band lies inside one coarser band
        previous = ladder
    assert age_ladder(15)[2] == "0–15" and age_ladder(16)[2] == "16–59" and age_ladder(60)[2] == "60+"
    assert age_ladder(7)[0] == "6–10" and age_ladder(90)[0] == "85+"


def test_ethnicity_and_types_ladders():
    assert ethnicity_ladder("01") == ("kinh", STAR)
    assert ethnicity_ladder("26") == ("other", STAR) and ethnicity_ladder("55") == ("other", STAR)
    assert ethnicity_ladder("99") == ("unknown", STAR)
    assert types_ladder([False] * 6) == ("none", "none", "0", STAR)
    assert types_ladder([True, False, True, False, False, False]) == ("mobility+vision", "multiple", "2+", STAR)
    assert types_ladder([False, False, False, False, True, False]) == ("intellectual", "intellectual", "1", STAR)
