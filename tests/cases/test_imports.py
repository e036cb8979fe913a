"""Import of lists of support given: dry run counts and Vietnamese reasons for each kind of error
row, all-or-nothing and partial commits, idempotent re-import, scope, the page and the command."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from cases.imports import CASE_COLUMNS, CASE_INDEX, TEMPLATE_KEYS, case_import, template_csv, template_xlsx
from cases.models import Case, CaseStep, Outcome, Status, StepAction
from cases.services.records import case_record_completed
from registry.errors import NotPermitted
from registry.imports import jobs
from registry.imports.persons import ImportCancelled
from registry.imports.reader import read_table
from registry.models import ImportJob

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in CASE_COLUMNS if c.key in TEMPLATE_KEYS]
NEUTRAL = (
    "Không tìm thấy người khuyết tật phù hợp trong địa bàn của bạn: "
    "kiểm tra lại số định danh, họ tên, ngày sinh và xã/phường."
)


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
    # nobody the officer may see: one neutral message, whether the number is registered elsewhere or nowhere
    neutral = {"Số định danh cá nhân": [NEUTRAL]}
    assert errors[5] == errors[8] == neutral
    assert list(errors[6]) == ["Loại hỗ trợ"] and "Hỗ trợ đi du lịch vũ trụ" in errors[6]["Loại hỗ trợ"][0]
    assert errors[7] == {"Số tiền (đồng)": ["Số tiền không được âm."]}
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


def job_page(client, job) -> str:
    return client.get(reverse("imports:job", args=[job.pk])).content.decode()


def test_upload_page_dry_run_then_commit(client, officer_a, register):
    client.force_login(officer_a)
    assert client.get(reverse("cases:case_list")).content.count(reverse("cases:case_import").encode()) == 1
    response = upload(client, register)
    job = ImportJob.objects.get()
    assert (job.kind, job.status, job.total_rows) == ("cases", ImportJob.Status.CHECKED, 7)  # small: in the request
    assert response.status_code == 302 and response["Location"] == reverse("imports:job", args=[job.pk])
    page = job_page(client, job)
    assert 'id="count-new">2<' in page and 'id="count-errors">5<' in page and "count-updated" not in page
    assert "Hồ sơ mới" in page and "Đã có từ trước" in page and "Ghi các hồ sơ này" in page
    assert "Hỗ trợ này đã có ở dòng 3 của tệp." in page
    assert f'href="{reverse("cases:case_import")}"' in page  # the job page links back to the cases import
    assert not Case.objects.exists()
    errors = client.get(reverse("imports:job_errors", args=[job.pk]))
    assert errors.status_code == 200 and errors.content[:2] == b"PK"
    assert job.original_name in client.get(reverse("cases:case_import")).content.decode()  # listed on the upload page
    response = client.post(reverse("imports:job_commit", args=[job.pk]), {"partial": "on"})
    assert response.status_code == 302
    assert Case.objects.count() == 2
    job.refresh_from_db()
    assert (job.status, job.written, job.created, job.errors) == (ImportJob.Status.DONE, True, 2, 5)
    assert "Hồ sơ đã ghi" in job_page(client, job)


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


# Big files: a background job ---------------------------------------------------------------------
BIG = 5000


@pytest.fixture
def few_persons(officer_a, commune_a, person_a):
    from tests.factories import register_person

    others = [
        register_person(actor=officer_a, commune=commune_a, full_name=name, date_of_birth=date(1975 + i, 2, 3))
        for i, name in enumerate(["Lê Thị Cúc", "Phạm Văn Dũng"])
    ]
    return [person_a, *others]


def big_file(persons, n: int = BIG, *, bad: dict[int, dict] | None = None) -> bytes:
    """n rows of support over a few persons, each one distinct (the amount changes), no title line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    column = {h: i for i, h in enumerate(HEADERS)}
    for i in range(n):
        row = [""] * len(HEADERS)
        person = persons[i % len(persons)]
        values = {"STT": str(i + 1), "Số định danh cá nhân": person.national_id, "Loại hỗ trợ": "rehabilitation",
                  "Ngày hỗ trợ": f"{1 + i % 28:02d}/{1 + i % 10:02d}/2026", "Số tiền (đồng)": str(100_000 + 1000 * i),
                  "Nguồn kinh phí": "Ngân sách nhà nước"}  # fmt: skip
        values.update((bad or {}).get(i, {}))
        for header, value in values.items():
            row[column[header]] = value
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def test_big_file_is_a_job_with_progress_then_commit_then_reimport(
    client, officer_a, few_persons, person_b, monkeypatch, django_capture_on_commit_callbacks
):
    seen = []
    original = jobs._save_progress

    def spy(job_id, done, total):
        seen.append((done, total, ImportJob.objects.get(pk=job_id).status))
        original(job_id, done, total)

    monkeypatch.setattr(jobs, "_save_progress", spy)
    bad = {10: {"Số tiền (đồng)": "-5.000"}, 20: {"Số định danh cá nhân": person_b.national_id}}
    data = big_file(few_persons, bad=bad)
    client.force_login(officer_a)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = upload(client, data)
    assert len(queued) == 1  # queued for the worker (eager in tests) once the upload is saved
    job = ImportJob.objects.get()
    assert jobs.runs_in_background(job) and response["Location"] == reverse("imports:job", args=[job.pk])
    job.refresh_from_db()
    assert (job.kind, job.status, job.total_rows, job.rows_done) == ("cases", ImportJob.Status.CHECKED, BIG, BIG)
    assert [done for done, _t, _s in seen] == [2000, 4000, 5000]  # stored between chunks, while running
    assert {status for _d, _t, status in seen} == {ImportJob.Status.RUNNING}
    assert (job.created, job.unchanged, job.errors) == (BIG - 2, 0, 2)
    errors = {row["row"]: row["errors"] for row in job.report["errors"]}
    assert errors[12] == [["Số tiền (đồng)", "Số tiền không được âm."]]  # row 12 of the sheet: the 11th data row
    assert errors[22] == [["Số định danh cá nhân", NEUTRAL]]  # a person of another commune: not named
    page = job_page(client, job)
    assert 'id="count-new">4.998<' in page and "Số tiền không được âm." in page
    assert not Case.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:job_commit", args=[job.pk]), {"partial": "on"})
    job.refresh_from_db()
    assert (job.status, job.written, job.created, job.errors) == (ImportJob.Status.DONE, True, BIG - 2, 2)
    assert Case.objects.count() == CaseStep.objects.count() == BIG - 2
    assert Case.history.filter(history_type="+", history_user=officer_a).count() == BIG - 2  # summaries see it

    with django_capture_on_commit_callbacks(execute=True):
        upload(client, data, name="lan-2.csv")
    again = ImportJob.objects.latest("pk")
    assert (again.created, again.unchanged, again.errors) == (0, BIG - 2, 2)
    assert "Ghi các hồ sơ này" not in job_page(client, again)  # nothing left to record


def test_cancel_before_commit_writes_nothing(client, officer_a, few_persons, monkeypatch,
                                             django_capture_on_commit_callbacks):  # fmt: skip
    client.force_login(officer_a)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, big_file(few_persons))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.CHECKED

    def cancel_on_first_progress(job_id, done, total):
        ImportJob.objects.filter(pk=job_id).update(cancel_requested=True)

    monkeypatch.setattr(jobs, "_save_progress", cancel_on_first_progress)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:job_commit", args=[job.pk]), {})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED and "không ghi dữ liệu nào" in job.message
    assert not Case.objects.exists()
    assert not job.file.storage.exists(job.file.name)  # the uploaded list is not kept


def test_cancel_during_the_writing_rolls_everything_back(officer_a, few_persons):
    writing, checks = [], []

    def should_cancel():
        if writing:
            checks.append(True)
        return len(checks) >= 2  # after the first batch of cases is inserted

    with pytest.raises(ImportCancelled):
        run(officer_a, big_file(few_persons, 3000), dry_run=False, on_write=lambda: writing.append(True),
            should_cancel=should_cancel)  # fmt: skip
    assert len(checks) == 2
    assert not Case.objects.exists() and not CaseStep.objects.exists() and not Case.history.exists()


def test_running_job_page_and_upload_page_show_the_progress_after_a_reload(client, officer_a, person_a):
    client.force_login(officer_a)
    upload(client, csv_bytes([support(person_a)]))
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, rows_done=2000, total_rows=5000)
    for url in (reverse("imports:job", args=[job.pk]), reverse("cases:case_import")):
        page = client.get(url).content.decode()
        assert '<progress id="job-progress" max="5000" value="2000">40%</progress>' in page
        assert '<div class="card" role="status">' in page
        assert '<meta http-equiv="refresh" content="2">' in page
        assert "Hủy lượt nhập" in page
    ImportJob.objects.filter(pk=job.pk).update(phase="writing")
    assert "Đang ghi các hồ sơ…" in job_page(client, job)
    client.post(reverse("imports:job_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.cancel_requested
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CANCELLED, message="Đã hủy")
    page = client.get(reverse("cases:case_import")).content.decode()
    assert "<progress" not in page and "http-equiv" not in page


def test_a_job_belongs_to_its_uploader(client, officer_a, officer_b, person_a):
    client.force_login(officer_a)
    upload(client, csv_bytes([support(person_a)]))
    job = ImportJob.objects.get()
    client.force_login(officer_b)
    assert client.get(reverse("imports:job", args=[job.pk])).status_code == 404
    assert client.post(reverse("imports:job_commit", args=[job.pk])).status_code == 404
    assert client.get(reverse("imports:job_errors", args=[job.pk])).status_code == 404
    assert job.original_name not in client.get(reverse("cases:case_import")).content.decode()


def test_checking_costs_a_few_queries_per_chunk_not_one_per_row(officer_a, few_persons, django_assert_max_num_queries):
    data = big_file(few_persons, 300)
    run(officer_a, data, dry_run=False)
    with django_assert_max_num_queries(12):  # re-import: every row found unchanged by one query
        again = run(officer_a, data, dry_run=True)
    assert (again.created, again.unchanged) == (0, 300)


# The bulk path writes what the service writes ----------------------------------------------------
CASE_SKIP = {"id", "created_at", "updated_at"}
STEP_SKIP = {"id", "case", "at"}


def snapshot() -> tuple[list[dict], list[dict], list[tuple]]:
    from django.forms.models import model_to_dict

    cases = [
        {f.attname: getattr(c, f.attname) for f in Case._meta.concrete_fields if f.name not in CASE_SKIP}
        for c in Case.objects.order_by("requested_on")
    ]
    steps = [
        {k: v for k, v in model_to_dict(s).items() if k not in STEP_SKIP} | {"from_status": s.from_status}
        for s in CaseStep.objects.order_by("case__requested_on")
    ]
    history = list(Case.history.order_by("requested_on").values_list("history_type", "history_user_id", "status"))
    return cases, steps, history


def test_bulk_path_writes_what_the_single_row_service_writes(officer_a, person_a, commune_a):
    from cases.services import provider_create

    provider = provider_create(actor=officer_a, data={"name": "Trạm Y tế Hải Châu", "kind": "hospital",
                                                      "unit": commune_a}, domains=["health"])  # fmt: skip
    rows = [
        support(person_a, **{"Cơ sở cung cấp": provider.name, "Ghi chú": "Vật lý trị liệu 10 buổi"}),
        by_name(**{"Loại hỗ trợ": "gift", "Ngày hỗ trợ": "18/04/2026", "Số tiền (đồng)": "", "Lĩnh vực": "Khác",
                   "Nguồn kinh phí": "Hội Người khuyết tật"}),
    ]  # fmt: skip
    with transaction.atomic():
        assert run(officer_a, csv_bytes(rows), dry_run=False).created == 2
        imported = snapshot()
        transaction.set_rollback(True)
    assert not Case.objects.exists()

    note = "Nhập từ danh sách hỗ trợ đã thực hiện (dòng %d)."
    case_record_completed(actor=officer_a, person=person_a, support_type="rehabilitation", on=date(2026, 3, 10),
                          provider=provider, funding_source="state_budget", amount=1_500_000,
                          description="Vật lý trị liệu 10 buổi", note=note % 3)  # fmt: skip
    case_record_completed(actor=officer_a, person=person_a, support_type="gift", on=date(2026, 4, 18),
                          domain="other", funding_source="association", note=note % 4)  # fmt: skip
    assert imported == snapshot()
    assert imported[0][0]["commune_id"] == person_a.commune_id and imported[0][0]["provider_id"] == provider.pk
