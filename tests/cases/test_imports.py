"""Import of lists of support given: dry run counts and Vietnamese reasons for each kind of error
row, all-or-nothing and partial commits, idempotent re-import, scope, the page and the command."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from cases.imports import CASE_COLUMNS, CASE_INDEX, TEMPLATE_KEYS, case_import, template_csv, template_xlsx
from cases.models import Case, Outcome, Status, StepAction
from cases.services.records import case_record_completed
from registry.errors import NotPermitted
from registry.imports.reader import read_table

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in CASE_COLUMNS if c.key in TEMPLATE_KEYS]


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def csv_bytes(rows: list[dict], title: str = "DANH SÁCH HỖ TRỢ NĂM 2026") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([title])  # a title line above the header, as in real files
    writer.writerow(HEADERS)
    for number, values in enumerate(rows, start=1):
        cells = {"STT": str(number), **values}
        writer.writerow([cells.get(h, "") for h in HEADERS])
    return buffer.getvalue().encode("utf-8")


def support(person=None, **values) -> dict:
    row = {"Loại hỗ trợ": "Phục hồi chức năng", "Ngày hỗ trợ": "10/03/2026", "Số tiền (đồng)": "1.500.000",
           "Nguồn kinh phí": "Ngân sách nhà nước"}  # fmt: skip
    if person is not None:
        row["Số định danh cá nhân"] = person.national_id
    row.update(values)
    return row


def by_name(**values) -> dict:
    return support(**{"Họ và tên": "Nguyễn Văn An", "Ngày sinh": "17/05/1980", "Xã/Phường": "Phường Hải Châu",
                      **values})  # fmt: skip


@pytest.fixture
def register(person_a, person_b):
    """Two clean rows, then one row of each kind of error (rows 3 and 4 are the title and header)."""
    rows = [
        support(person_a),  # row 3: new, by ID number
        by_name(
            **{
                "Loại hỗ trợ": "gift",
                "Ngày hỗ trợ": "18/04/2026",
                "Số tiền (đồng)": "500000",
                "Nguồn kinh phí": "Hội Người khuyết tật",
                "Lĩnh vực": "Khác",
            }
        ),  # row 4: new, by name  # fmt: skip
        support(**{"Số định danh cá nhân": "048080000999"}),  # row 5: unknown person
        support(person_a, **{"Loại hỗ trợ": "Hỗ trợ đi du lịch vũ trụ"}),  # row 6: unknown support type
        support(person_a, **{"Số tiền (đồng)": "-200.000", "Ngày hỗ trợ": "11/03/2026"}),  # row 7: negative
        support(person_b),  # row 8: outside the officer's area
        support(person_a),  # row 9: the same as row 3
    ]
    return csv_bytes(rows)


def run(actor, data, **kwargs):
    return case_import(actor=actor, data=data, filename="ho-tro.csv", **kwargs)


def errors_by_row(result) -> dict[int, dict[str, list[str]]]:
    return {row.number: row.error_dict for row in result.invalid_rows}


def test_dry_run_counts_and_vietnamese_reasons(officer_a, register):
    result = run(officer_a, register, dry_run=True)
    assert result.summary_line() == "created=2 updated=0 unchanged=0 errors=5"
    assert result.header_row == 2
    errors = errors_by_row(result)
    assert set(errors) == {5, 6, 7, 8, 9}
    assert errors[5] == {"Số định danh cá nhân": ["Không có người nào trong sổ đăng ký có số định danh 048080000999."]}
    assert list(errors[6]) == ["Loại hỗ trợ"] and "Hỗ trợ đi du lịch vũ trụ" in errors[6]["Loại hỗ trợ"][0]
    assert errors[7] == {"Số tiền (đồng)": ["Số tiền không được âm."]}
    assert list(errors[8]) == ["Số định danh cá nhân"] and "ngoài địa bàn" in errors[8]["Số định danh cá nhân"][0]
    assert errors[9] == {"__all__": ["Hỗ trợ này đã có ở dòng 3 của tệp."]}
    assert not Case.objects.exists()


def test_all_or_nothing_by_default(officer_a, register):
    result = run(officer_a, register, dry_run=False)
    assert result.summary_line() == "created=0 updated=0 unchanged=0 errors=5"
    assert not result.written
    assert not Case.objects.exists()


def test_partial_commit_records_completed_cases_then_reimport_creates_nothing(officer_a, register, person_a):
    result = run(officer_a, register, dry_run=False, partial=True)
    assert result.summary_line() == "created=2 updated=0 unchanged=0 errors=5"
    cases = list(Case.objects.order_by("requested_on"))
    assert [(c.person_id, c.support_type.code, c.requested_on, c.amount) for c in cases] == [
        (person_a.pk, "rehabilitation", date(2026, 3, 10), 1_500_000),
        (person_a.pk, "gift", date(2026, 4, 18), 500_000),
    ]
    first = cases[0]
    assert (first.status, first.outcome, first.outcome_on, first.domain) == (
        Status.COMPLETED, Outcome.ACHIEVED, date(2026, 3, 10), "health",
    )  # fmt: skip
    assert first.funding_source == "state_budget" and cases[1].funding_source == "association"
    assert [(s.action, s.to_status, s.actor_id) for s in first.steps.all()] == [
        (StepAction.COMPLETE, Status.COMPLETED, officer_a.pk)
    ]

    again = run(officer_a, register, dry_run=False, partial=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Case.objects.count() == 2


def test_clean_file_commits_and_reimports_unchanged(officer_a, person_a):
    data = csv_bytes([support(person_a), by_name(**{"Ngày hỗ trợ": "12/03/2026", "Số tiền (đồng)": ""})])
    assert run(officer_a, data, dry_run=False).summary_line() == "created=2 updated=0 unchanged=0 errors=0"
    assert run(officer_a, data, dry_run=False).summary_line() == "created=0 updated=0 unchanged=2 errors=0"
    assert Case.objects.count() == 2


def test_existing_case_matches_by_person_type_date_and_amount(officer_a, person_a):
    case_record_completed(actor=officer_a, person=person_a, support_type="rehabilitation", on=date(2026, 3, 10),
                          amount=1_500_000)  # fmt: skip
    data = csv_bytes([support(person_a), support(person_a, **{"Số tiền (đồng)": "1.600.000"})])
    result = run(officer_a, data, dry_run=True)
    assert (result.created, result.unchanged, result.errors) == (1, 1, 0)


def test_name_must_agree_with_the_id_and_status_must_be_completed(officer_a, person_a):
    data = csv_bytes([
        support(person_a, **{"Họ và tên": "Lê Văn Khác"}),
        support(person_a, **{"Trạng thái": "Đang thực hiện"}),
        support(person_a, **{"Ngày hỗ trợ": "2026", "Loại hỗ trợ": ""}),
    ])  # fmt: skip
    errors = errors_by_row(run(officer_a, data, dry_run=True))
    assert "Nguyễn Văn An" in errors[3]["Họ và tên"][0]
    assert "Hoàn thành" in errors[4]["Trạng thái"][0]
    assert set(errors[5]) == {"Ngày hỗ trợ", "Loại hỗ trợ"}


def test_commune_outside_the_area_by_name(officer_a, person_b):
    data = csv_bytes([support(**{"Họ và tên": "Trần Thị Bình", "Ngày sinh": "17/05/1980", "Xã/Phường": "Tam Kỳ"})])
    errors = errors_by_row(run(officer_a, data, dry_run=True))
    assert list(errors[3]) == ["Xã/Phường"] and "ngoài địa bàn" in errors[3]["Xã/Phường"][0]


def test_roles_that_do_not_record_cases_cannot_import(leader_a, statistician, person_a):
    data = csv_bytes([support(person_a)])
    for user in (leader_a, statistician):
        with pytest.raises(NotPermitted):
            run(user, data)


def test_association_imports_only_what_it_provides_or_funds(association_a, person_a):
    data = csv_bytes([
        support(**{"Họ và tên": "Nguyễn Văn An", "Ngày sinh": "17/05/1980", "Xã/Phường": "Hải Châu"}),
        by_name(**{"Nguồn kinh phí": "Hội NKT", "Ngày hỗ trợ": "20/03/2026"}),
    ])  # fmt: skip
    result = run(association_a, data, dry_run=False, partial=True)
    assert (result.created, result.errors) == (1, 1)
    assert list(errors_by_row(result)[3]) == ["Nguồn kinh phí"]
    assert Case.objects.get().funding_source == "association"


def test_templates_read_back_with_every_column():
    table = read_table(template_xlsx(), "mau.xlsx", header_index=CASE_INDEX, required="support_type")
    assert sorted(table.columns.values()) == sorted(TEMPLATE_KEYS)
    assert template_csv().decode("utf-8").lstrip("\ufeff").strip() == ",".join(HEADERS)


# The page ---------------------------------------------------------------------------------------
def upload(client, data, name="ho-tro.csv"):
    return client.post(reverse("cases:case_import"), {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def test_upload_page_dry_run_then_commit(client, officer_a, register):
    client.force_login(officer_a)
    assert client.get(reverse("cases:case_list")).content.count(reverse("cases:case_import").encode()) == 1
    response = upload(client, register)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="count-new">2<' in page and 'id="count-errors">5<' in page
    assert "Hỗ trợ này đã có ở dòng 3 của tệp." in page
    assert not Case.objects.exists()
    errors = client.get(reverse("cases:case_import_errors"))
    assert errors.status_code == 200 and errors.content[:2] == b"PK"
    response = client.post(reverse("cases:case_import_commit"), {"partial": "on"})
    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_upload_page_refused_to_non_writers(client, leader_a, statistician):
    client.force_login(leader_a)
    assert client.get(reverse("cases:case_import")).status_code == 403
    client.force_login(statistician)
    assert client.get(reverse("cases:case_import")).status_code == 404


def test_template_downloads(client, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("cases:case_import_template", args=["xlsx"])).content[:2] == b"PK"
    assert "Loại hỗ trợ" in client.get(reverse("cases:case_import_template", args=["csv"])).content.decode()


# The command ------------------------------------------------------------------------------------
def command(path, *args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("import_cases", str(path), *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_command_exit_codes(tmp_path, officer_a, register, person_a):
    path = tmp_path / "ho-tro.csv"
    path.write_bytes(register)
    code, out, err = command(path, "--dry-run", "--user", "officer_a")
    assert (code, out.strip()) == (1, "created=2 updated=0 unchanged=0 errors=5")
    assert "9: Dòng: Hỗ trợ này đã có ở dòng 3 của tệp." in err
    code, out, _err = command(path, "--partial", "--user", "officer_a")
    assert (code, out.strip()) == (1, "created=2 updated=0 unchanged=0 errors=5")
    clean = tmp_path / "sach.csv"
    clean.write_bytes(csv_bytes([support(person_a)]))
    code, out, _err = command(clean, "--user", "officer_a")
    assert (code, out.strip()) == (0, "created=0 updated=0 unchanged=1 errors=0")
