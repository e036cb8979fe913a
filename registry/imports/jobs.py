"""Import jobs (services): create one from an upload, run its dry run or its commit, report
progress, cancel it. Whether a job runs in the request or in Celery is the caller's choice
(`runs_in_background`: a file whose content passes HOANHAP_IMPORT_BACKGROUND_BYTES, which is then
never parsed in the request, or of `ASYNC_THRESHOLD` rows or more); the job page reads everything
from the database, so it survives a reload.
What a job imports is its kind's business (`kinds.py`, settings.IMPORT_JOB_KINDS): persons here,
lists of support given in `cases.imports`."""

import dataclasses
import io
import logging
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import uploads
from ..errors import DomainError, NotPermitted
from ..models import ImportJob
from ..scope import scope_of
from .kinds import ImportKind, import_kind
from .persons import ImportCancelled
from .reader import check_extension
from .report import write_error_workbook

logger = logging.getLogger(__name__)

ASYNC_THRESHOLD = 5000  # rows: from this size a job runs in the background
MAX_WARNING_ROWS = 2000  # kept for the page; the counts stay exact
MAX_ERROR_ROWS = 50_000  # kept for the page and the download of the rows to fix


def import_job_create(*, actor, upload, partial: bool = False, kind: str = ImportJob.Kind.PERSONS) -> ImportJob:
    """Check the file can be imported at all and keep it for the job: its type, size and, cheaply,
    its zip directory and declared dimensions (registry.uploads.survey); then, unless its content
    is too large to be read in a request (the worker's dry run reads it), its header, rows and
    columns (`read`, bounded before parsing)."""
    spec = import_kind(kind)
    spec.check_permission(actor)
    check_extension(upload.name)
    limits = spec.limits()
    uploads.check_size(upload.size, limits)  # before reading anything
    data = upload.read()
    in_background = uploads.survey(data, limits).in_background or _too_many_rows_for_a_request(data, limits)
    total_rows = 0 if in_background else spec.read(data, upload.name).total_rows
    name = upload.name.rsplit("/", 1)[-1][:200]
    extension = name[name.rfind(".") :].lower() if "." in name else ""
    job = ImportJob(
        kind=spec.code,
        user=actor,
        original_name=name,
        language=translation.get_language() or "vi",
        total_rows=total_rows,
        in_background=in_background,
        partial=partial,
    )
    job.file.save(f"{uuid.uuid4().hex}{extension}", ContentFile(data), save=False)
    job.save()
    return job


def _too_many_rows_for_a_request(data: bytes, limits: uploads.UploadLimits) -> bool:
    """Whether a spreadsheet's sheets reach ASYNC_THRESHOLD rows: calamine builds a sheet whole, so
    such a file is read by the worker (the grid built in a request stays below ASYNC_THRESHOLD rows
    × the template's columns)."""
    if not uploads.is_spreadsheet(data):
        return False  # csv is read row by row
    try:
        uploads.check_spreadsheet(data, dataclasses.replace(limits, max_rows=ASYNC_THRESHOLD))
    except uploads.UploadRejected as exc:
        if exc.limit == "rows":
            return True
        raise
    return False


def job_kind(job: ImportJob) -> ImportKind:
    return import_kind(job.kind)


def runs_in_background(job: ImportJob) -> bool:
    return job.in_background or job.total_rows >= ASYNC_THRESHOLD


@transaction.atomic
def import_job_commit(*, actor, job: ImportJob, partial: bool) -> ImportJob:
    """Queue the import of a checked file (the rows are checked again while importing)."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.user_id != actor.pk:
        raise NotPermitted(_("Only the person who uploaded the file can import it."))
    if job.status != ImportJob.Status.CHECKED:
        raise DomainError(_("This file is not ready to import: check it first."))
    job.mode = ImportJob.Mode.COMMIT
    job.partial = partial
    _reset(job)
    job.save()
    return job


def _reset(job: ImportJob) -> None:
    job.status = ImportJob.Status.QUEUED
    job.cancel_requested = False
    job.rows_done = 0
    job.phase = ""
    job.message = ""
    job.started_at = job.finished_at = None


@transaction.atomic
def import_job_cancel(*, actor, job: ImportJob) -> ImportJob:
    """A queued job stops at once; a running one at its next chunk of rows (nothing is written
    unless the writing had already finished)."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.user_id != actor.pk and not scope_of(actor).is_admin:
        raise NotPermitted(_("You cannot cancel this import."))
    if job.status == ImportJob.Status.QUEUED:
        job.status = ImportJob.Status.CANCELLED
        job.finished_at = timezone.now()
        job.message = _("The import was cancelled; nothing was written.")
    elif job.status == ImportJob.Status.RUNNING:
        job.cancel_requested = True
    else:
        raise DomainError(_("This import has already finished."))
    job.save()
    if job.status == ImportJob.Status.CANCELLED:
        job.file.delete(save=False)
    return job


def _save_progress(job_id: int, done: int, total: int) -> None:
    ImportJob.objects.filter(pk=job_id).update(rows_done=done, total_rows=total)


def _cancel_requested(job_id: int) -> bool:
    return ImportJob.objects.filter(pk=job_id, cancel_requested=True).exists()


def import_job_run(job_id: int) -> ImportJob:
    """Run the job's dry run or commit now (in the request or in a Celery worker)."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return job
    job.status = ImportJob.Status.RUNNING
    job.phase = "checking"
    job.started_at = timezone.now()
    job.save(update_fields=["status", "phase", "started_at"])
    dry_run = job.mode == ImportJob.Mode.DRY_RUN

    def on_write() -> None:
        ImportJob.objects.filter(pk=job_id).update(phase="writing")

    with translation.override(job.language or "vi"):
        try:
            with job.file.open("rb") as handle:
                data = handle.read()
            result = job_kind(job).run(
                actor=job.user,
                data=data,
                filename=job.original_name,
                dry_run=dry_run,
                partial=job.partial,
                progress=lambda done, total: _save_progress(job_id, done, total),
                should_cancel=lambda: _cancel_requested(job_id),
                on_write=on_write,
            )
        except ImportCancelled as exc:
            return _finish(job_id, status=ImportJob.Status.CANCELLED, message=exc.message)
        except DomainError as exc:
            return _finish(job_id, status=ImportJob.Status.FAILED, message=exc.message)
        except Exception:
            logger.exception("import job %s failed", job_id)
            return _finish(
                job_id,
                status=ImportJob.Status.FAILED,
                message=_("The import stopped because of an unexpected error; nothing was written. Try again later."),
            )
    status = ImportJob.Status.CHECKED if dry_run else ImportJob.Status.DONE
    message = ""
    if not dry_run and not result.written:
        message = _("Nothing was written: %(n)d rows have errors and the import is “all or nothing”.") % {
            "n": result.errors
        }
    job = _finish(
        job_id,
        status=status,
        message=message,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        errors=result.errors,
        warnings=result.warnings,
        written=result.written,
        rows_done=result.total_rows,
        total_rows=result.total_rows,
        report={
            "headers": result.headers,
            "header_row": result.header_row,
            "sheet": result.sheet,
            "errors": result.error_rows_data()[:MAX_ERROR_ROWS],
            "warnings": result.warning_rows_data()[:MAX_WARNING_ROWS],
        },
    )
    if job.written:
        from ..duplicates.services import duplicates_find_after_import

        duplicates_find_after_import(job=job)  # a large import: its province is looked at again
    return job


def _finish(job_id: int, *, status: str, message: str = "", **values) -> ImportJob:
    ImportJob.objects.filter(pk=job_id).update(
        status=status, message=message, phase="", cancel_requested=False, finished_at=timezone.now(), **values
    )
    job = ImportJob.objects.get(pk=job_id)
    if status != ImportJob.Status.CHECKED and job.file:
        # The uploaded register holds personal data: kept only while it may still be imported.
        job.file.delete(save=False)
    return job


def error_workbook(job: ImportJob) -> bytes:
    """The error rows of a checked job as an XLSX (original cells + “Lỗi”), to fix and upload again."""
    buffer = io.BytesIO()
    write_error_workbook(buffer, headers=job.report.get("headers", []), rows=job.report.get("errors", []))
    return buffer.getvalue()
