"""Web pages of imports and exports (interface only: services and selectors do the work)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..access import log_access
from ..errors import DomainError
from ..exports import csv_lines, xlsx_file
from ..models import ImportJob
from ..scope import import_jobs_visible_to, scope_of
from ..selectors import PersonFilters, person_list
from . import jobs
from .blank import template_csv, template_xlsx
from .forms import CommitForm, UploadForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_ROWS = 200  # error and warning rows shown on the page; the download has them all
REFRESH_SECONDS = 2


def _require_importer(user) -> None:
    if not scope_of(user).edits_persons:
        raise PermissionDenied


def start_job(job: ImportJob) -> ImportJob:
    """Run small files in the request; queue big ones for a Celery worker (after the commit of
    the request's transaction, if any). Used by the upload pages of every kind."""
    if jobs.runs_in_background(job):
        from ..tasks import run_import_job

        transaction.on_commit(lambda: run_import_job.delay(job.pk))
        job.refresh_from_db()
        return job
    return jobs.import_job_run(job.pk)


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    _require_importer(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.import_job_create(actor=request.user, upload=form.cleaned_data["file"])
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            start_job(job)
            return redirect("imports:job", pk=job.pk)
    recent = import_jobs_visible_to(request.user).filter(user=request.user, kind=ImportJob.Kind.PERSONS)[:10]
    return render(
        request,
        "imports/index.html",
        {"form": form, "jobs": recent, "async_threshold": jobs.ASYNC_THRESHOLD},
        status=400 if form.errors else 200,
    )


def _job(request, pk: int) -> ImportJob:
    return get_object_or_404(import_jobs_visible_to(request.user), pk=pk)


def job_context(request, job: ImportJob) -> dict:
    """What the job page (and an upload page showing its latest job) needs: the job, its kind's
    words and links, the rows to show, whether it refreshes itself and whether it can be imported."""
    report = job.report or {}
    errors = report.get("errors", [])
    warnings = report.get("warnings", [])
    kind = jobs.job_kind(job)
    checked = job.status == ImportJob.Status.CHECKED
    return {
        "job": job,
        "kind": kind,
        "labels": {key: kind.label(key) for key in kind.labels},
        "refresh": REFRESH_SECONDS if job.is_active and request.GET.get("refresh") != "off" else None,
        "error_rows": errors[:PAGE_ROWS],
        "more_errors": max(len(errors) - PAGE_ROWS, 0),
        "warning_rows": warnings[:PAGE_ROWS],
        "more_warnings": max(job.warnings - PAGE_ROWS, 0),
        "commit_form": CommitForm(),
        "can_commit": checked and job.user_id == request.user.pk and bool(job.created or job.updated),
        "nothing_to_import": checked and not (job.created or job.updated or job.errors),
        "Status": ImportJob.Status,
    }


@login_required
def job_detail(request, pk: int):
    job = _job(request, pk)
    return render(request, "imports/job.html", job_context(request, job))


@login_required
@require_POST
def job_commit(request, pk: int):
    job = _job(request, pk)
    form = CommitForm(request.POST)
    form.is_valid()
    try:
        job = jobs.import_job_commit(actor=request.user, job=job, partial=form.cleaned_data.get("partial", False))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("imports:job", pk=pk)
    start_job(job)
    return redirect("imports:job", pk=pk)


@login_required
@require_POST
def job_cancel(request, pk: int):
    job = _job(request, pk)
    try:
        jobs.import_job_cancel(actor=request.user, job=job)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, _("Cancellation requested: nothing is written if the import has not finished."))
    return redirect("imports:job", pk=pk)


def error_rows_response(job: ImportJob) -> HttpResponse:
    """The job's rows to fix as an XLSX download (original cells + “Lỗi”)."""
    response = HttpResponse(jobs.error_workbook(job), content_type=XLSX)
    stem = job.original_name.rsplit(".", 1)[0][:80] or "import"
    response["Content-Disposition"] = f'attachment; filename="{_ascii(stem)}-loi.xlsx"'
    return response


@login_required
def job_errors(request, pk: int):
    job = _job(request, pk)
    if not job.errors:
        raise Http404
    return error_rows_response(job)


@login_required
def template_download(request, fmt: str):
    _require_importer(request.user)
    if fmt == "xlsx":
        response = HttpResponse(template_xlsx(), content_type=XLSX)
    elif fmt == "csv":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="mau-danh-sach-nguoi-khuyet-tat.{fmt}"'
    return response


# Exports ----------------------------------------------------------------------------------------
def _export_setup(request, fmt: str) -> tuple[PersonFilters, str]:
    if not scope_of(request.user).sees_persons:
        raise PermissionDenied
    filters = PersonFilters.from_params(request.GET)
    count = person_list(viewer=request.user, filters=filters).count()
    log_access(
        user=request.user,
        action="export",
        request=request,
        detail=f"persons.{fmt} {request.GET.urlencode()}".strip(),
        row_count=count,
    )
    return filters, f"nguoi-khuyet-tat-{timezone.localdate():%Y%m%d}.{fmt}"


@login_required
def export_persons_xlsx(request):
    filters, filename = _export_setup(request, "xlsx")
    handle, _count = xlsx_file(viewer=request.user, filters=filters)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


@login_required
def export_persons_csv(request):
    filters, filename = _export_setup(request, "csv")
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(viewer=request.user, filters=filters)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _ascii(text: str) -> str:
    from ..text import fold

    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in fold(text)) or "import"
