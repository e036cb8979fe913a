"""Upload page, job page, background jobs with progress and cancel, error rows to download."""

import io
import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from python_calamine import CalamineWorkbook

from registry.errors import NotPermitted
from registry.imports import jobs, kinds
from registry.imports.persons import ImportCancelled, person_import
from registry.models import ImportJob, Person
from tests.imports.registers import fixture_register, row, workbook_bytes

pytestmark = pytest.mark.django_db


def many_rows(n: int) -> bytes:
    return workbook_bytes(
        [
            row(
                f"Người Thứ {i}",
                f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1940 + i % 70}",
                "Nam" if i % 2 else "Nữ",
                "Hải Châu",
                village=f"Tổ {i % 40}",
                types="",
                level="",
            )
            for i in range(n)
        ],  # fmt: skip
        title=False,
    )


def without_tokens(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def upload(client, data, name="danh-sach.xlsx"):
    return client.post("/imports/", {"file": SimpleUploadedFile(name, data)})


def test_check_then_import_through_the_pages(client, importer):
    client.force_login(importer)
    data, _cases = fixture_register()
    response = upload(client, data)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.CHECKED
    assert (job.created, job.updated, job.unchanged, job.errors) == (6, 0, 0, 12)
    assert not Person.objects.exists()

    page = client.get(response["Location"]).content.decode()
    assert "Các dòng cần sửa" in page
    assert "31/02/1990 không phải là ngày có thật" in page
    assert "Nhập các dòng hợp lệ dù có dòng lỗi" in page
    assert without_tokens(page) == without_tokens(client.get(response["Location"]).content.decode())  # a reload

    client.post(f"/imports/jobs/{job.pk}/commit/", {})  # all or nothing: nothing written
    job.refresh_from_db()
    assert (job.status, job.written, job.created) == (ImportJob.Status.DONE, False, 0)
    assert not Person.objects.exists()
    assert "tất cả hoặc không" in client.get(f"/imports/jobs/{job.pk}/").content.decode()


def test_partial_import_through_the_pages(client, importer):
    client.force_login(importer)
    data, _cases = fixture_register()
    upload(client, data)
    job = ImportJob.objects.get()
    stored = job.file.path
    assert os.path.exists(stored)
    client.post(f"/imports/jobs/{job.pk}/commit/", {"partial": "on"})
    job.refresh_from_db()
    assert (job.status, job.written, job.created, job.errors) == (ImportJob.Status.DONE, True, 6, 12)
    assert not os.path.exists(stored)  # the register is not kept once imported
    assert Person.objects.count() == 6
    assert client.post(f"/imports/jobs/{job.pk}/commit/", {"partial": "on"}).status_code == 302
    assert Person.objects.count() == 6  # a finished job is not imported twice


def test_only_the_uploader_sees_a_job(client, importer, officer_b):
    client.force_login(importer)
    upload(client, fixture_register()[0])
    job = ImportJob.objects.get()
    client.force_login(officer_b)
    assert client.get(f"/imports/jobs/{job.pk}/").status_code == 404
    assert client.post(f"/imports/jobs/{job.pk}/commit/", {"partial": "on"}).status_code == 404


def test_pages_refuse_roles_that_do_not_import(client, statistician):
    client.force_login(statistician)
    assert client.get("/imports/").status_code == 403
    assert client.get("/imports/template.xlsx").status_code == 403


def test_error_rows_download_fix_and_upload_again(client, importer):
    client.force_login(importer)
    upload(client, fixture_register()[0])
    job = ImportJob.objects.get()
    response = client.get(f"/imports/jobs/{job.pk}/errors.xlsx")
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    header, body = rows[0], rows[1:]
    assert header[-1] == "Lỗi"
    assert len(body) == 12
    assert "Ngày sinh: 31/02/1990 không phải là ngày có thật" in body[0][-1]

    # Fix the date of the first error row, upload the downloaded file again.
    name_col, born_col = header.index("Họ tên"), header.index("Ngày sinh")
    assert body[0][name_col] == "Đặng Văn Hùng"
    body[0][born_col] = "28/02/1990"
    fixed = workbook_bytes([list(r) for r in body], headers=[str(h) for h in header], title=False)
    upload(client, fixed, name="da-sua.xlsx")
    second = ImportJob.objects.exclude(pk=job.pk).get()
    # The fixed row is new; so is "Nguyễn Văn An", a duplicate of a row no longer in this file.
    assert (second.created, second.errors) == (2, 10)


def test_big_file_runs_as_a_background_job_with_progress(
    client, importer, monkeypatch, django_capture_on_commit_callbacks
):
    seen = []
    original = jobs._save_progress

    def spy(job_id, done, total):
        seen.append((done, total, ImportJob.objects.get(pk=job_id).status))
        original(job_id, done, total)

    monkeypatch.setattr(jobs, "_save_progress", spy)
    client.force_login(importer)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = upload(client, many_rows(5000))
    assert len(queued) == 1  # the Celery task is queued once the job is saved, and runs (eager)
    job = ImportJob.objects.get()
    assert jobs.runs_in_background(job)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED
    assert (job.created, job.errors, job.rows_done, job.total_rows) == (5000, 0, 5000, 5000)
    assert [done for done, _t, _s in seen] == [2000, 4000, 5000]
    assert {status for _d, _t, status in seen} == {ImportJob.Status.RUNNING}


def test_job_page_shows_progress_and_refreshes_while_running(client, importer):
    client.force_login(importer)
    upload(client, fixture_register()[0])
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, rows_done=2000, total_rows=5000)
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert '<progress id="job-progress" max="5000" value="2000">40%</progress>' in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Hủy lượt nhập" in page
    assert "http-equiv" not in client.get(f"/imports/jobs/{job.pk}/?refresh=off").content.decode()


def test_cancel_while_checking_writes_nothing(client, importer, monkeypatch, django_capture_on_commit_callbacks):
    client.force_login(importer)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, many_rows(5000))
    job = ImportJob.objects.get()

    def cancel_on_first_progress(job_id, done, total):
        ImportJob.objects.filter(pk=job_id).update(cancel_requested=True)

    monkeypatch.setattr(jobs, "_save_progress", cancel_on_first_progress)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/imports/jobs/{job.pk}/commit/", {"partial": "on"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    assert "không ghi dữ liệu nào" in job.message
    assert not Person.objects.exists()


def test_cancel_a_queued_job(client, importer):
    client.force_login(importer)
    upload(client, fixture_register()[0])
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
    client.post(f"/imports/jobs/{job.pk}/cancel/")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    jobs.import_job_run(job.pk)  # a worker picking it up later does nothing
    assert not Person.objects.exists()


def test_cancel_during_the_writing_rolls_everything_back(importer):
    checks_while_writing = []

    def should_cancel():
        if writing:
            checks_while_writing.append(True)
        return len(checks_while_writing) >= 2  # after the new persons are inserted

    writing = []
    with translation.override("vi"), pytest.raises(ImportCancelled):
        person_import(
            actor=importer,
            data=many_rows(50),
            filename="ds.xlsx",
            dry_run=False,
            on_write=lambda: writing.append(True),
            should_cancel=should_cancel,
        )
    assert len(checks_while_writing) == 2
    assert not Person.objects.exists()


# Kinds of job (settings.IMPORT_JOB_KINDS) -------------------------------------------------------
def _fake_run(*, actor, data, filename, dry_run, partial, progress, should_cancel, on_write):
    from registry.imports.report import NEW, ImportResult, ImportRow

    result = ImportResult()
    result.dry_run, result.total_rows = dry_run, 3
    for number in range(3):
        result.add(ImportRow(number + 2, NEW))
    progress(3, 3)
    if not dry_run:
        on_write()
        result.written = True
    return result


def _refuse(actor):
    from registry.errors import NotPermitted

    raise NotPermitted("Không được nhập loại tệp này.")


FAKE_KIND = kinds.ImportKind(
    code="cases", run=_fake_run, read=lambda data, name: kinds.read_table(data, name), check_permission=lambda a: None,
    index_url="imports:index", index_label="Danh sách thử", shows_updates=False,
    labels={"created_checked": "Mục mới", "created_done": "Mục đã ghi", "unchanged": "Đã có", "commit": "Ghi"},
)  # fmt: skip
REFUSING_KIND = kinds.ImportKind(
    code="cases", run=_fake_run, read=FAKE_KIND.read, check_permission=_refuse, index_url="imports:index",
    index_label="Danh sách thử",
)  # fmt: skip


def test_the_configured_kinds():
    assert set(kinds.import_kinds()) == {"persons", "cases"}
    assert kinds.import_kind("persons") is kinds.PERSONS
    assert kinds.import_kind("cases").index_url == "cases:case_import"  # from cases.imports, by its dotted path


def test_the_job_runner_serves_any_kind(client, importer, settings):
    settings.IMPORT_JOB_KINDS = {"persons": "registry.imports.kinds.PERSONS", "cases": FAKE_KIND}
    data, _cases = fixture_register()
    job = jobs.import_job_create(actor=importer, upload=SimpleUploadedFile("ds.xlsx", data), kind="cases")
    job = jobs.import_job_run(job.pk)
    assert (job.kind, job.status, job.created, job.rows_done) == ("cases", ImportJob.Status.CHECKED, 3, 3)
    client.force_login(importer)
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "Mục mới" in page and "count-updated" not in page and "Danh sách thử" in page
    client.post(f"/imports/jobs/{job.pk}/commit/", {})
    job.refresh_from_db()
    assert (job.status, job.written, job.created) == (ImportJob.Status.DONE, True, 3)
    assert "Mục đã ghi" in client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert not Person.objects.exists()

    settings.IMPORT_JOB_KINDS = {"persons": "registry.imports.kinds.PERSONS", "cases": REFUSING_KIND}
    with pytest.raises(NotPermitted):
        jobs.import_job_create(actor=importer, upload=SimpleUploadedFile("ds.xlsx", data), kind="cases")
