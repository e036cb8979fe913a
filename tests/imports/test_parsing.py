import unicodedata
from datetime import date, datetime

import pytest

from registry.imports import parsing
from registry.imports.columns import PERSON_HEADERS, find_header, match_headers
from registry.imports.parsing import CellError


@pytest.mark.parametrize(
    "value, expected",
    [
        ("17/05/1980", (date(1980, 5, 17), False)),
        ("7/5/1980", (date(1980, 5, 7), False)),
        (" 07-05-1980 ", (date(1980, 5, 7), False)),
        ("1980", (date(1980, 1, 1), True)),
        (1980.0, (date(1980, 1, 1), True)),
        (date(1980, 5, 17), (date(1980, 5, 17), False)),
        (datetime(1980, 5, 17, 0, 0), (date(1980, 5, 17), False)),
        (29358.0, (date(1980, 5, 17), False)),  # an Excel serial number
        ("1980-05-17", (date(1980, 5, 17), False)),
        ("", (None, False)),
        (None, (None, False)),
    ],
)
def test_dates_in_every_usual_form(value, expected):
    assert parsing.parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/02/1990", "17.05", "mười bảy", "05/1980"])
def test_impossible_dates_are_refused(value):
    with pytest.raises(CellError):
        parsing.parse_date(value)


def test_id_numbers_as_text_or_numbers():
    assert parsing.parse_national_id("048080000101") == "048080000101"
    assert parsing.parse_national_id(48080000101.0) == "48080000101"  # restored later, with the sex and year
    assert parsing.parse_national_id("048 080 000 101") == "048080000101"
    with pytest.raises(CellError, match="Text"):
        parsing.parse_national_id("4,808E+10")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Nghe, nói", ("hearing_speech",)),
        ("Thần kinh, tâm thần", ("neuro_psychosocial",)),
        ("Vận động; Nghe, nói", ("mobility", "hearing_speech")),
        ("Nghe, nói, Thần kinh, tâm thần", ("hearing_speech", "neuro_psychosocial")),
        ("van dong, nhin", ("mobility", "vision")),
        ("Trí tuệ và Khác", ("intellectual", "other")),
        ("Khuyết tật vận động", ("mobility",)),
        (unicodedata.normalize("NFD", "Thần kinh, tâm thần; Trí tuệ"), ("neuro_psychosocial", "intellectual")),
    ],
)
def test_types_separated_by_commas_or_semicolons(value, expected):
    assert parsing.parse_types(value) == expected


def test_unknown_type_names_the_cell_as_written():
    with pytest.raises(CellError, match="Tim mạch"):
        parsing.parse_types("Vận động; Tim mạch")


@pytest.mark.parametrize(
    "value, expected",
    [("Đặc biệt nặng", "especially_severe"), ("dac biet nang", "especially_severe"), ("ĐBN", "especially_severe"),
     ("Nặng", "severe"), ("NANG", "severe"), ("nhẹ", "mild"), ("Khuyết tật nhẹ", "mild"), ("", "")],
)  # fmt: skip
def test_levels_with_or_without_diacritics(value, expected):
    assert parsing.parse_level(value) == expected


@pytest.mark.parametrize("value, expected", [("Nam", "male"), ("NAM", "male"), ("Nữ", "female"), ("nu", "female")])
def test_sex_with_or_without_diacritics(value, expected):
    assert parsing.parse_sex(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [("Kinh", "01"), ("Cơ-tu", "26"), ("Cơ Tu", "26"), ("co tu", "26"), ("Khmer", "05"), (26.0, "26")],
)
def test_ethnic_groups_by_name_or_code(value, expected):
    assert parsing.parse_ethnicity(value) == expected


def test_poverty_membership_phone():
    assert parsing.parse_poverty("Hộ nghèo 2024") == ("poor", 2024)
    assert parsing.parse_poverty("Cận nghèo") == ("near_poor", None)
    assert parsing.parse_poverty("Không") == ("none", None)
    assert parsing.parse_membership("x") is True
    assert parsing.parse_membership("15/04/2015") == date(2015, 4, 15)
    assert parsing.parse_phone(905123456.0) == ("0905123456", True)
    assert parsing.parse_phone("0905 123 456") == ("0905123456", False)


def test_text_is_nfc_trimmed_and_formulas_stay_text():
    nfd = unicodedata.normalize("NFD", "  Trần   Thị Bình ")
    assert parsing.text(nfd) == "Trần Thị Bình"
    assert unicodedata.is_normalized("NFC", parsing.text(nfd))
    assert parsing.text("=1+2") == "=1+2"
    assert parsing.text("'=1+2") == "=1+2"  # the apostrophe of our CSV export
    assert parsing.neutralise('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert parsing.neutralise("+84905123456") == "'+84905123456"


@pytest.mark.parametrize(
    "header, key",
    [("Số CCCD", "national_id"), ("CCCD", "national_id"), ("Số CMND/CCCD", "national_id"), ("so cmnd / cccd", "national_id"),
     ("Họ tên", "full_name"), ("HỌ VÀ TÊN", "full_name"), ("Mức độ", "level"), ("Mức  độ khuyết tật (*)", "level"),
     ("Ngày, tháng, năm sinh", "date_of_birth"), ("Xã/Phường", "commune"), ("Huyện/Quận (cũ)", "district")],
)  # fmt: skip
def test_header_variants(header, key):
    assert match_headers([header]) == {0: key}


def test_header_found_below_title_lines():
    rows = [["DANH SÁCH NGƯỜI KHUYẾT TẬT"], [], ["UBND xã", "", ""], list(PERSON_HEADERS)]
    position, columns = find_header(rows)
    assert position == 3
    assert len(columns) == len(PERSON_HEADERS)


def test_no_header_without_a_name_column():
    assert find_header([["Ngày sinh", "Giới tính", "Dân tộc"]]) is None
