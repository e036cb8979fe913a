import unicodedata

import pytest

from registry.selectors import PersonFilters, person_list
from registry.text import clean, fold, fold_unit_name
from tests.factories import register_person


def test_fold_removes_marks_case_and_d_stroke():
    assert fold("  Nguyễn   Văn ẤN ") == "nguyen van an"
    assert fold("Đặng Thị Đào") == "dang thi dao"
    assert fold(unicodedata.normalize("NFD", "Nguyễn")) == fold("Nguyễn")


def test_clean_stores_nfc():
    nfd = unicodedata.normalize("NFD", "Trần Thị Bình")
    assert clean(nfd) == "Trần Thị Bình"
    assert unicodedata.is_normalized("NFC", clean(nfd))


def test_unit_names_fold_without_type_prefix():
    assert fold_unit_name("Phường Hải Châu") == "hai chau"
    assert fold_unit_name("Thành phố Đà Nẵng") == "da nang"
    assert fold_unit_name("xa tra my") == "tra my"


@pytest.fixture
def three_persons(officer_a, commune_a):
    return [
        register_person(actor=officer_a, commune=commune_a, full_name="Nguyễn Văn An"),
        register_person(actor=officer_a, commune=commune_a, full_name="Đặng Thị Hoa", sex="female"),
        register_person(actor=officer_a, commune=commune_a, full_name="Lê Văn Bảo"),
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("nguyen van an", ["Nguyễn Văn An"]),
        ("NGUYỄN", ["Nguyễn Văn An"]),
        ("dang", ["Đặng Thị Hoa"]),
        ("Đặng", ["Đặng Thị Hoa"]),
        (unicodedata.normalize("NFD", "Đặng Thị"), ["Đặng Thị Hoa"]),
        ("van", ["Lê Văn Bảo", "Nguyễn Văn An"]),
        ("xyz", []),
    ],
)
def test_name_search_is_accent_case_and_form_insensitive(three_persons, officer_a, query, expected):
    found = person_list(viewer=officer_a, filters=PersonFilters(q=query))
    assert sorted(p.full_name for p in found) == expected


def test_nfd_input_is_stored_nfc(officer_a, commune_a):
    person = register_person(actor=officer_a, commune=commune_a, full_name=unicodedata.normalize("NFD", "Phạm Thị Lụa"))
    assert person.full_name == "Phạm Thị Lụa"
    assert unicodedata.is_normalized("NFC", person.full_name)


def test_roles_without_id_numbers_cannot_probe_them_through_search(three_persons, officer_a, association_a):
    number = three_persons[0].national_id
    assert [p.pk for p in person_list(viewer=officer_a, filters=PersonFilters(q=number))] == [three_persons[0].pk]
    assert list(person_list(viewer=association_a, filters=PersonFilters(q=number))) == []
