"""The fixture register through the import: dry run, commit, re-import, repairs and errors."""

import unicodedata
from datetime import date

import pytest
from django.utils import timezone, translation

from registry.errors import NotPermitted
from registry.imports.persons import legacy_note, person_import
from registry.models import Certificate, Determination, Person, Residence
from tests.imports.registers import (
    AN_ID,
    BINH_ID,
    CUONG_ID,
    FIRST_DATA_ROW,
    HAI_CHAU,
    fixture_register,
    row,
    workbook_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def run(actor, data, **kwargs):
    kwargs.setdefault("dry_run", False)
    return person_import(actor=actor, data=data, filename="danh-sach.xlsx", **kwargs)


def test_dry_run_reports_every_row_and_writes_nothing(importer):
    data, cases = fixture_register()
    result = run(importer, data, dry_run=True)

    assert (result.created, result.updated, result.unchanged, result.errors) == (6, 0, 0, 12)
    assert result.header_row == FIRST_DATA_ROW - 1
    errors = {r.number: r.error_dict for r in result.invalid_rows}
    expected = {FIRST_DATA_ROW + i: expect for i, (_values, expect) in enumerate(cases) if isinstance(expect, tuple)}
    assert set(errors) == set(expected)
    for number, (_kind, column, fragment) in expected.items():
        assert list(errors[number]) == [column], (number, errors[number])
        assert fragment in errors[number][column][0], (number, errors[number])
    assert not Person.objects.exists()


def test_all_or_nothing_by_default(importer):
    data, _cases = fixture_register()
    result = run(importer, data)
    assert result.summary_line() == "created=0 updated=0 unchanged=0 errors=12"
    assert not result.written
    assert not Person.objects.exists()


def test_partial_commit_then_reimport_changes_nothing(importer):
    data, _cases = fixture_register()
    result = run(importer, data, partial=True)
    assert result.written
    assert result.summary_line() == "created=6 updated=0 unchanged=0 errors=12"
    assert Person.objects.count() == 6
    assert Residence.objects.count() == 6
    assert Determination.objects.count() == 6
    assert Certificate.objects.count() == 2
    assert Person.history.filter(history_type="+").count() == 6

    again = run(importer, data, partial=True)
    assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 6, 12)
    assert Person.objects.count() == 6
    assert Person.history.count() == 6


def test_clean_row_becomes_a_complete_person(importer):
    data, _cases = fixture_register()
    run(importer, data, partial=True)
    an = Person.objects.get(national_id=AN_ID)
    assert an.full_name == "Nguyễn Văn An"
    assert an.date_of_birth == date(1980, 5, 17)
    assert an.commune.code == HAI_CHAU
    assert an.village == "Tổ 1"
    assert (an.level, an.disability_types) == ("severe", ["mobility"])
    assert (an.poverty_status, an.poverty_year) == ("poor", 2024)
    assert an.association_member_since == date(2015, 4, 15)
    assert (an.caregiver_name, an.caregiver_relation, an.caregiver_phone) == ("Nguyễn Thị Hoa", "Mẹ", "0905123456")
    assert an.created_by == importer
    certificate = an.certificates.get()
    assert (certificate.number, certificate.issued_on, certificate.status) == ("HC-001", date(2020, 3, 10), "valid")
    assert certificate.issuing_commune_id == an.commune_id
    determination = an.determinations.get()
    assert certificate.determination == determination
    assert determination.determined_on == date(2020, 3, 10)
    assert an.residences.get().commune_id == an.commune_id
    assert an.history.get().history_user == importer


def test_repairs(importer):
    data, _cases = fixture_register()
    result = run(importer, data, partial=True)

    binh = Person.objects.get(national_id=BINH_ID)
    assert binh.full_name == "Trần Thị Bình"
    assert unicodedata.is_normalized("NFC", binh.full_name)
    assert binh.name_folded == "tran thi binh"
    assert (binh.date_of_birth, binh.birth_date_approximate) == (date(1975, 1, 1), True)
    assert binh.sex == "female"
    assert binh.disability_types == ["hearing_speech", "neuro_psychosocial"]
    assert binh.level == "especially_severe"
    assert binh.association_member_since == timezone.localdate()

    cuong = Person.objects.get(national_id=CUONG_ID)  # the number had lost its leading zero
    assert cuong.full_name == "Lê Văn Cường"
    assert cuong.date_of_birth == date(1990, 3, 2)  # an Excel serial number
    assert cuong.caregiver_phone == "0905123456"
    assert cuong.notes == "=1+2"  # stored as text
    warnings = {r.number: r.warnings for r in result.warning_rows}
    cuong_row = FIRST_DATA_ROW + 4
    assert any(CUONG_ID in message for _column, message in warnings[cuong_row])

    giang = Person.objects.get(full_name="Võ Thị Giang")
    assert giang.commune.code == "20335"  # Phường Tân Thạnh, Tam Kỳ, Quảng Nam → Phường Bàn Thạch
    assert giang.commune.name == "Phường Bàn Thạch"
    assert legacy_note("Phường Tân Thạnh, Thành phố Tam Kỳ, Tỉnh Quảng Nam") in giang.notes
    assert "Phường Bàn Thạch" in warnings[FIRST_DATA_ROW + 5][0][1]


def test_changed_row_is_an_update_and_empty_cells_keep_data(importer):
    run(importer, workbook_bytes([row("Nguyễn Văn An", "17/05/1980", "Nam", "Hải Châu", national_id=AN_ID,
                                      phone="0905123456", number="HC-001", issued="10/03/2020")]))  # fmt: skip
    person = Person.objects.get()
    changed = row("Nguyễn Văn An", "17/05/1980", "Nam", "Hải Châu", national_id=AN_ID, phone="0912000111",
                  level="Đặc biệt nặng", village="", number="HC-010", issued="01/06/2024")  # fmt: skip
    dry = run(importer, workbook_bytes([changed]), dry_run=True)
    assert dry.summary_line() == "created=0 updated=1 unchanged=0 errors=0"
    person.refresh_from_db()
    assert person.caregiver_phone == "0905123456"

    result = run(importer, workbook_bytes([changed]))
    assert result.summary_line() == "created=0 updated=1 unchanged=0 errors=0"
    person.refresh_from_db()
    assert person.caregiver_phone == "0912000111"
    assert person.village == "Tổ 1"  # the empty cell erased nothing
    assert person.level == "especially_severe"
    assert person.version == 2
    assert person.determinations.count() == 2
    assert person.determinations.first().determined_on == date(2024, 6, 1)
    assert list(person.certificates.order_by("issued_on").values_list("number", "status")) == [
        ("HC-001", "reissued"),
        ("HC-010", "valid"),
    ]
    assert person.history.filter(history_type="~").count() == 1
    assert run(importer, workbook_bytes([changed])).summary_line() == "created=0 updated=0 unchanged=1 errors=0"


def test_person_without_id_is_matched_by_name_birth_date_and_commune(importer):
    first = row("Phạm Văn Bé", "01/02/2003", "Nam", "Hải Châu")
    run(importer, workbook_bytes([first]))
    again = row("PHAM VAN BE", "1/2/2003", "nam", "phuong hai chau", village="Tổ 9")
    assert run(importer, workbook_bytes([again])).summary_line() == "created=0 updated=1 unchanged=0 errors=0"
    assert Person.objects.get().village == "Tổ 9"


def test_same_person_twice_in_a_file_is_an_error_on_the_second_row(importer):
    rows = [row("Phạm Văn Bé", "01/02/2003", "Nam", "Hải Châu"), row("Phạm  Văn Bé", "01/02/2003", "Nam", "Hải Châu")]
    result = run(importer, workbook_bytes(rows, title=False), dry_run=True)
    assert (result.created, result.errors) == (1, 1)
    assert result.invalid_rows[0].number == 3
    assert "dòng 2" in result.invalid_rows[0].error_dict["__all__"][0]


def test_commune_officer_imports_only_into_own_communes(officer_b, officer_a):
    rows = [row("Phạm Văn Bé", "01/02/2003", "Nam", "Hải Châu"), row("Trần Văn Cư", "01/02/1963", "Nam", "Tam Kỳ")]
    result = run(officer_b, workbook_bytes(rows), partial=True)
    assert result.summary_line() == "created=1 updated=0 unchanged=0 errors=1"
    assert "ngoài địa bàn" in result.invalid_rows[0].error_dict["Xã/Phường"][0]
    assert list(Person.objects.values_list("commune__code", flat=True)) == ["20341"]


def test_id_registered_in_another_commune_is_not_revealed(officer_a, officer_b):
    rows = [row("Nguyễn Văn An", "17/05/1980", "Nam", "Hải Châu", national_id=AN_ID)]
    run(officer_a, workbook_bytes(rows))
    result = run(officer_b, workbook_bytes([row("Nguyễn Văn An", "17/05/1980", "Nam", "Tam Kỳ", national_id=AN_ID)]))
    assert result.errors == 1
    message = result.invalid_rows[0].error_dict["Số CCCD"][0]
    assert "Hải Châu" not in message
    assert Person.objects.count() == 1


def test_roles_that_do_not_register_persons_cannot_import(statistician, association_a):
    data = workbook_bytes([row("Phạm Văn Bé", "01/02/2003", "Nam", "Hải Châu")])
    for user in (statistician, association_a):
        with pytest.raises(NotPermitted):
            run(user, data)


def test_queries_do_not_grow_with_rows(importer, django_assert_max_num_queries):
    def rows(n, start):
        return [row(f"Người Số {i}", f"0{1 + i % 9}/01/19{50 + i % 40}", "Nam", "Hải Châu", village=f"Tổ {i}")
                for i in range(start, start + n)]  # fmt: skip

    with django_assert_max_num_queries(40):
        run(importer, workbook_bytes(rows(5, 0)))
    with django_assert_max_num_queries(40):
        run(importer, workbook_bytes(rows(300, 100)))
    assert Person.objects.count() == 305


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    """As Excel saves CSV on Vietnamese Windows: letters precomposed, tone marks combining."""
    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append((base + "".join(c for c in parts if c in TONES)).encode("cp1258"))
    return b"".join(out)


def test_csv_with_semicolons_in_windows_1258(importer):
    lines = [
        "Danh sách người khuyết tật;;;;",
        "STT;Họ và tên;Ngày sinh;Giới tính;Xã/Phường;Dạng tật;Mức độ",
        "1;Nguyễn Thị Ánh;3/4/1977;Nữ;Hải Châu;Nghe, nói;Nặng",
    ]
    data = windows_1258("\r\n".join(lines))
    result = person_import(actor=importer, data=data, filename="danh-sach.csv", dry_run=False)
    assert result.summary_line() == "created=1 updated=0 unchanged=0 errors=0"
    person = Person.objects.get()
    assert person.full_name == "Nguyễn Thị Ánh"
    assert unicodedata.is_normalized("NFC", person.full_name)
    assert person.disability_types == ["hearing_speech"]


def test_numbering_total_and_signature_lines_are_not_persons(importer):
    rows = [
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"],
        row("Phạm Văn Bé", "01/02/2003", "Nam", "Hải Châu"),
        [None, "Tổng cộng: 1 người"],
        [None, None, None, None, None, None, None, None, None, None, "Người lập biểu", None, "Chủ tịch UBND"],
    ]
    result = run(importer, workbook_bytes(rows), dry_run=True)
    assert result.summary_line() == "created=1 updated=0 unchanged=0 errors=0"


def test_an_11_digit_id_that_cannot_be_restored_is_an_error(importer):
    bad = row("Phạm Văn Bé", "01/02/2003", "Nam", "Hải Châu", national_id=12345678901)
    result = run(importer, workbook_bytes([bad]), dry_run=True)
    assert result.errors == 1
    assert "12" in result.invalid_rows[0].error_dict["Số CCCD"][0]


def test_imported_persons_are_seen_by_the_province(importer, provincial):
    """The bulk writer bypasses Person.save: the copy of the province code must come with the row,
    or a provincial officer would not see the imported persons."""
    from registry.selectors import person_list

    data, _cases = fixture_register()
    created = run(importer, data, partial=True).created
    assert created and Person.objects.filter(province_code="48").count() == created
    assert person_list(viewer=provincial).count() == created
