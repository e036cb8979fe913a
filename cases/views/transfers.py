"""Import of lists of support given, the template, and the case-list exports (interface only:
`cases.imports`, `registry.imports.jobs` and `cases.exports` do the work).

An upload becomes an import job of kind `cases` (`registry.imports.jobs`), as a person register
does: small files are checked in the request, files of 5,000 rows or more in the background; the
job page (`imports:job`) shows the progress, the counts, the rows to fix and the commit form."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from registry.access import log_access
from registry.errors import DomainError
from registry.imports import jobs
from registry.imports.reader import ACCEPTED_EXTENSIONS
from registry.imports.views import XLSX, job_context, start_job
from registry.models import ImportJob
from registry.scope import import_jobs_visible_to

from .. import exports, selectors
from ..imports import template_csv, template_xlsx
from ..scoping import is_writer
from .common import case_pages_scope

RECENT_JOBS = 10


class CaseUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("List of support given"),
        help_text=gettext_lazy(
            "Excel (.xlsx, .xls), .ods or .csv, with the template's column headers. It is checked first: "
            "nothing is written yet."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
    )


def _require_importer(request) -> None:
    case_pages_scope(request)
    if not is_writer(request.user):
        raise PermissionDenied


def _my_jobs(request):
    return import_jobs_visible_to(request.user).filter(user=request.user, kind=ImportJob.Kind.CASES)


@login_required
@require_http_methods(["GET", "POST"])
def case_import_upload(request):
    _require_importer(request)
    form = CaseUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = jobs.import_job_create(
                actor=request.user, upload=form.cleaned_data["file"], kind=ImportJob.Kind.CASES
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            start_job(job)
            return redirect("imports:job", pk=job.pk)
    recent = list(_my_jobs(request)[:RECENT_JOBS])
    running = next((job for job in recent if job.is_active), None)
    context = {"form": form, "jobs": recent, "async_threshold": jobs.ASYNC_THRESHOLD, "running": None}
    if running is not None:
        context.update(job_context(request, running), running=running)
    return render(request, "cases/import.html", context, status=400 if form.errors else 200)


@login_required
def case_import_template(request, fmt: str):
    _require_importer(request)
    if fmt == "xlsx":
        response = HttpResponse(template_xlsx(), content_type=XLSX)
    elif fmt == "csv":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="mau-danh-sach-ho-tro.{fmt}"'
    return response


# Exports ----------------------------------------------------------------------------------------
def _export_setup(request, fmt: str) -> tuple[selectors.CaseFilters, str]:
    case_pages_scope(request)
    filters = selectors.CaseFilters.from_params(request.GET)
    log_access(
        user=request.user, action="export", request=request,
        detail=f"cases.{fmt} {request.GET.urlencode()}".strip(),
        row_count=exports.count(viewer=request.user, filters=filters),
    )  # fmt: skip
    return filters, f"ho-tro-{timezone.localdate():%Y%m%d}.{fmt}"


@login_required
def case_export_xlsx(request):
    filters, filename = _export_setup(request, "xlsx")
    handle, _count = exports.xlsx_file(viewer=request.user, filters=filters)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


@login_required
def case_export_csv(request):
    filters, filename = _export_setup(request, "csv")
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in exports.csv_lines(viewer=request.user, filters=filters)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
