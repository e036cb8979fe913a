"""Import of lists of support given, the template, and the case-list exports (interface only:
`cases.imports` and `cases.exports` do the work)."""

import io
import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from registry.access import log_access
from registry.errors import DomainError
from registry.imports.forms import CommitForm
from registry.imports.reader import ACCEPTED_EXTENSIONS
from registry.imports.report import write_error_workbook

from .. import exports, selectors
from ..imports import case_import, template_csv, template_xlsx
from ..scoping import is_writer
from .common import case_pages_scope

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SESSION_KEY = "cases_import"
UPLOAD_DIR = "case-imports"
PAGE_ROWS = 200


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


def _stored(request) -> tuple[str, str] | None:
    """(storage path, original name) of the file the user checked last, if still there."""
    saved = request.session.get(SESSION_KEY)
    if not saved or not default_storage.exists(saved["path"]):
        return None
    return saved["path"], saved["name"]


def _forget(request) -> None:
    saved = request.session.pop(SESSION_KEY, None)
    if saved and default_storage.exists(saved["path"]):
        default_storage.delete(saved["path"])


def _report(result) -> dict:
    errors = result.error_rows_data()
    return {
        "result": result,
        "error_rows": errors[:PAGE_ROWS],
        "more_errors": max(len(errors) - PAGE_ROWS, 0),
    }


@login_required
@require_http_methods(["GET", "POST"])
def case_import_upload(request):
    _require_importer(request)
    form = CaseUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "commit_form": CommitForm()}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("The file is larger than 20 MB."))
        else:
            data = upload.read()
            name = upload.name.rsplit("/", 1)[-1][:200]
            try:
                result = case_import(actor=request.user, data=data, filename=name, dry_run=True)
            except DomainError as exc:
                form.add_error("file", exc.message)
            else:
                _forget(request)
                extension = name[name.rfind(".") :].lower() if "." in name else ""
                path = default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}{extension}", ContentFile(data))
                request.session[SESSION_KEY] = {"path": path, "name": name}
                context.update(_report(result), filename=name, can_commit=bool(result.created))
    return render(request, "cases/import.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def case_import_commit(request):
    _require_importer(request)
    stored = _stored(request)
    if stored is None:
        messages.error(request, _("Upload the file again: the checked file is no longer available."))
        return redirect("cases:case_import")
    path, name = stored
    form = CommitForm(request.POST)
    form.is_valid()
    with default_storage.open(path, "rb") as handle:
        data = handle.read()
    try:
        result = case_import(
            actor=request.user, data=data, filename=name, dry_run=False, partial=form.cleaned_data.get("partial", False)
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("cases:case_import")
    if result.written:
        _forget(request)
        messages.success(
            request,
            _("Import finished: %(created)d cases recorded, %(unchanged)d already recorded, %(errors)d rows skipped.")
            % {"created": result.created, "unchanged": result.unchanged, "errors": result.errors},
        )
        return redirect("cases:case_list")
    messages.error(
        request,
        _("Nothing was written: %(n)d rows have errors and the import is “all or nothing”.") % {"n": result.errors},
    )
    context = {"form": CaseUploadForm(), "commit_form": CommitForm(), "filename": name, "can_commit": True}
    context.update(_report(result))
    return render(request, "cases/import.html", context)


@login_required
def case_import_errors(request):
    """The error rows of the checked file (original cells + “Lỗi”), to fix and upload again."""
    _require_importer(request)
    stored = _stored(request)
    if stored is None:
        raise Http404
    path, name = stored
    with default_storage.open(path, "rb") as handle:
        result = case_import(actor=request.user, data=handle.read(), filename=name, dry_run=True)
    buffer = io.BytesIO()
    write_error_workbook(buffer, headers=result.headers, rows=result.error_rows_data())
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="ho-tro-loi.xlsx"'
    return response


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
