from datetime import date

import pytest

from registry.errors import FieldError
from registry.identifiers import example_national_id, restore_leading_zero, validate_national_id


def test_valid_id_passes_with_matching_sex_and_year():
    assert validate_national_id("048085001234", sex="male", birth_year=1985) == "048085001234"
    assert validate_national_id("049305001234", sex="female", birth_year=2005) == "049305001234"


@pytest.mark.parametrize(
    "value, sex, year, fragment",
    [
        ("04808500123", "male", 1985, "12"),  # 11 digits
        ("0480850012345", "male", 1985, "12"),  # 13 digits
        ("04808500123A", "male", 1985, "chữ số"),  # a letter
        ("999085001234", "male", 1985, "999"),  # unknown province code
        ("048185001234", "male", 1985, "giới tính"),  # 1 = female born 1900s
        ("048285001234", "male", 1985, "thế kỷ"),  # 2 = male born 2000s
        ("048086001234", "male", 1985, "1985"),  # year digits 86
    ],
)
def test_bad_ids_are_refused_with_a_vietnamese_reason(value, sex, year, fragment):
    with pytest.raises(FieldError) as info:
        validate_national_id(value, sex=sex, birth_year=year)
    assert info.value.field == "national_id"
    assert fragment in info.value.message


def test_eleven_digit_id_gets_its_zero_back_only_when_valid():
    assert restore_leading_zero("48085001234", sex="male", birth_year=1985) == "048085001234"
    assert restore_leading_zero("48085001234", sex="female", birth_year=1985) is None


def test_example_ids_are_valid():
    for sex, born in [("male", date(1931, 2, 1)), ("female", date(2019, 12, 31)), ("female", date(1999, 1, 1))]:
        value = example_national_id(province="49", sex=sex, birth=born, serial=42)
        assert validate_national_id(value, sex=sex, birth_year=born.year) == value
