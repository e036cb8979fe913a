"""Downloads: the statistics workbook, the CSV of each sheet (one or all in a ZIP) and the
k-anonymous microdata. Scoped to the viewer's communes of the plan; every download is logged."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from registry.access import log_access
from registry.errors import DomainError
from registry.models import AccessLog

from .. import exports, microdata
from ..scoping import communes_in_view
from .common import visible_plan


def _as_of(request) -> date | None:
    value = request.GET.get("as_of") or ""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _plan(request, pk):
    plan = visible_plan(request, pk)
    if not communes_in_view(request.user, plan):
        raise Http404
    return plan


def _filename(plan, suffix: str) -> str:
    return f"thong-ke-{slugify(plan.document_number or plan.pk)}-{plan.year}{suffix}"


def _sheets(request, plan):
    try:
        return exports.statistics_sheets(viewer=request.user, plan=plan, as_of=_as_of(request))
    except DomainError:
        raise Http404 from None


@login_required
def export_page(request, pk: int):
    plan = _plan(request, pk)
    return render(request, "plans/exports.html", {"plan": plan, "sheets": exports.SHEET_LIST})


@login_required
def export_workbook(request, pk: int):
    plan = _plan(request, pk)
    scope, sheets = _sheets(request, plan)
    content = exports.workbook_bytes(scope, sheets)
    log_access(user=request.user, action=AccessLog.Action.EXPORT, request=request,
               row_count=sum(len(s.rows) for s in sheets), detail=f"plan={plan.pk} statistics workbook")  # fmt: skip
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{_filename(plan, ".xlsx")}"'
    return response


@login_required
def export_csv(request, pk: int, sheet: str = ""):
    plan = _plan(request, pk)
    scope, sheets = _sheets(request, plan)
    if sheet:
        chosen = exports.sheet_by_slug(sheets, sheet)
        if chosen is None:
            raise Http404
        content, name, kind, rows = (
            exports.sheet_csv(chosen).encode("utf-8"),
            f"-{chosen.slug}.csv",
            "text/csv; charset=utf-8",
            len(chosen.rows),
        )
    else:
        content, name, kind, rows = (
            exports.csv_zip(sheets),
            "-csv.zip",
            "application/zip",
            sum(len(s.rows) for s in sheets),
        )
    log_access(user=request.user, action=AccessLog.Action.EXPORT, request=request, row_count=rows,
               detail=f"plan={plan.pk} statistics csv {sheet or 'all'}")  # fmt: skip
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{_filename(plan, name)}"'
    return response


@login_required
def export_microdata(request, pk: int):
    plan = _plan(request, pk)
    try:
        content, count = microdata.microdata_csv(viewer=request.user, plan=plan, as_of=_as_of(request))
    except DomainError:
        raise Http404 from None
    log_access(user=request.user, action=AccessLog.Action.EXPORT, request=request, row_count=count,
               detail=f"plan={plan.pk} anonymised microdata")  # fmt: skip
    response = HttpResponse(content.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="vi-mo-{slugify(plan.document_number or plan.pk)}-{plan.year}.csv"'
    )
    return response
