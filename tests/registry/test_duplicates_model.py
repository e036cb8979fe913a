"""The model's record and definition: name parts, dates, ID numbers, phones and places as the
comparisons read them; one definition for DuckDB and Spark."""

from datetime import date

import pytest

from registry.duplicates import model
from registry.duplicates.features import Places, national_id_consistent, person_record
from registry.duplicates.fingerprints import identity_key, record_snapshot

PLACES = Places(
    former={10: frozenset({1, 2}), 11: frozenset({2, 3}), 12: frozenset({4})},
    former_districts={10: frozenset({100}), 11: frozenset({100}), 12: frozenset({101})},
    province={10: "48", 11: "48", 12: "48"},
)


def record(**fields):
    row = {
        "id": 1,
        "full_name": "Nguyễn Văn Thắng",
        "date_of_birth": date(1980, 5, 17),
        "sex": "male",
        "commune_id": 10,
    }
    row.update(fields)
    return person_record(row, places=PLACES)


@pytest.mark.parametrize(
    "name, parts",
    [
        ("Nguyễn Văn Thắng", ("nguyen", "van", "thang", "thắng", False)),
        ("Nguyen Van Thang", ("nguyen", "van", "thang", "thang", True)),
        ("  nguyễn   thắng ", ("nguyen", None, "thang", "thắng", False)),
        ("Nguyễn Thị Thu Hà", ("nguyen", "thi thu", "ha", "hà", False)),
        ("Đặng Hưng", ("dang", None, "hung", "hưng", False)),
        ("Nguye\u0302\u0303n Va\u0306n Tha\u0306\u0301ng", ("nguyen", "van", "thang", "thắng", False)),  # NFD
    ],
)
def test_a_name_is_split_into_folded_parts_and_the_given_name_keeps_its_marks(name, parts):
    r = record(full_name=name)
    assert (r["family_name"], r["middle_name"], r["given_name"], r["given_name_marked"], r["name_unmarked"]) == parts


def test_dates_keep_what_the_comparisons_need():
    full = record()
    assert (full["dob"], full["birth_year"], full["birth_month"], full["birth_day"]) == ("1980-05-17", 1980, 5, 17)
    assert full["birth_day_month"] == "05-17" and not full["dob_approximate"]
    year_only = record(date_of_birth=date(1980, 1, 1), birth_date_approximate=True)
    assert (year_only["birth_month"], year_only["birth_day"], year_only["birth_day_month"]) == (None, None, "year")


@pytest.mark.parametrize(
    "value, sex, year, valid",
    [
        ("048080000123", "male", 1980, True),
        ("048180000123", "male", 1980, False),  # 1 = a woman of the 1900s
        ("048081000123", "male", 1980, False),  # digits 5-6 say 1981
        ("048280000123", "male", 1980, False),  # 2 = a man of the 2000s
        ("999080000123", "male", 1980, False),  # no such province
        ("04808000012", "male", 1980, False),
        (None, "male", 1980, False),
    ],
)
def test_an_id_number_is_valid_for_its_record_or_not(value, sex, year, valid):
    assert national_id_consistent(value, sex=sex, birth_year=year) is valid


def test_phones_are_digits_and_the_caregivers_count_too():
    r = record(phone="+84 905 123 456", caregiver_phone="0905.123.456")
    assert r["phones"] == ["0905123456"]
    assert record(phone="", caregiver_phone="12")["phones"] is None


def test_places_hold_the_former_communes_and_earlier_residences():
    here = record(commune_id=10)
    assert here["communes_near"] == [1, 2, 10] and here["former_districts"] == [100]
    moved = person_record(
        {"id": 2, "full_name": "A B", "date_of_birth": date(1990, 1, 2), "sex": "female", "commune_id": 12},
        places=PLACES,
        previous_communes=[11],
    )
    assert moved["communes_near"] == [2, 3, 4, 11, 12]
    assert set(here["communes_near"]) & set(moved["communes_near"])  # the same former commune 2


def test_the_identity_key_follows_name_date_and_id_only():
    a = record_snapshot({"full_name": "Nguyễn Văn Thắng", "date_of_birth": date(1980, 5, 17), "village": "Thôn 1"})
    b = record_snapshot({"full_name": "Nguyen Van Thang", "date_of_birth": date(1980, 5, 17)})
    key = identity_key(a, b)
    assert identity_key({**a, "village": "Thôn 2", "phone": "0905"}, b) == key
    assert identity_key({**a, "national_id": "048080000123"}, b) != key
    assert identity_key(a, {**b, "date_of_birth": "1980-05-18"}) != key


def test_one_definition_renders_for_duckdb_and_for_spark():
    duckdb_sql = " ".join(c._case_statement for c in model.linkage_settings().get_settings("duckdb").comparisons)
    spark_sql = " ".join(c._case_statement for c in model.linkage_settings().get_settings("spark").comparisons)
    assert "list_has_any" in duckdb_sql and "list_has_any" not in spark_sql
    assert "arrays_overlap" in spark_sql
    assert "SUBSTRING(national_id_l, 1, 6)" in spark_sql


def test_every_level_has_a_kind_and_a_label():
    for field in model.FIELDS:
        codes = [level.code for level in field.levels]
        assert len(codes) == len(set(codes)), field.name
        for level in field.levels:
            assert level.kind in (model.AGREE, model.NEAR, model.DISAGREE, model.MISSING)
            assert str(level.label)
