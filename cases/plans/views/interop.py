"""Figures for national systems: the page of the plan's periods and their sign-off, the ADX and
DHIS2 downloads, the sign-off of a period's frozen figures, and sending them to DHIS2.

Downloads are scoped like the other plan exports (the viewer's communes of the plan, small counts
left out for the statistics officer) and logged in the access log."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry.access import log_access
from registry.errors import DomainError
from registry.models import AccessLog, AdminUnit

from .. import presenters, services
from ..interop import adx, dhis2
from ..interop.values import export_set_for, nothing_to_export
from ..models import Dhis2Push, ExportPeriod, Indicator, PeriodSignOff, SignOffStatus
from ..results import Result
from ..scoping import (
    can_prepare_figures,
    can_push_to_dhis2,
    can_sign_off_figures,
    communes_in_view,
    numbers_only,
)
from ..services._common import today
from ..services.dhis2 import dhis2_configured
from .common import visible_plan

RECENT_PUSHES = 10


def _plan(request, pk):
    plan = visible_plan(request, pk)
    if not communes_in_view(request.user, plan):
        raise Http404
    return plan


def _name(plan, suffix: str) -> str:
    return f"dhis2-{slugify(plan.document_number or plan.pk)}-{plan.year}{suffix}"


def _error(request, exc: DomainError) -> None:
    errors = getattr(exc, "errors", None)
    messages.error(request, " ".join(m for ms in errors.values() for m in ms) if errors else exc.message)


@login_required
def national_page(request, pk: int):
    plan = _plan(request, pk)
    export = export_set_for(request.user, plan)
    sign_offs = list(
        PeriodSignOff.objects.filter(plan=plan).select_related("prepared_by", "decided_by").order_by("-prepared_at")
    )
    periods = []
    for row in ExportPeriod.objects.filter(plan=plan).select_related("plan"):
        start, end = row.span()
        mine = [s for s in sign_offs if s.period == row.period]
        periods.append({
            "period": row.period, "start": start, "end": end, "ended": end < today(),
            "in_force": next((s for s in mine if s.status == SignOffStatus.SIGNED_OFF), None),
            "pending": next((s for s in mine if s.status == SignOffStatus.PREPARED), None),
        })  # fmt: skip
    may_push = can_push_to_dhis2(request.user, plan)
    return render(request, "plans/national_exports.html", {
        "plan": plan, "export": export, "periods": periods, "sign_offs": sign_offs,
        "can_prepare": can_prepare_figures(request.user, plan),
        "sees_sign_offs": can_prepare_figures(request.user, plan) or can_sign_off_figures(request.user, plan),
        "may_push": may_push, "dhis2_configured": dhis2_configured(),
        "pushes": list(Dhis2Push.objects.filter(plan=plan).select_related("requested_by")[:RECENT_PUSHES])
        if may_push else [],
    })  # fmt: skip


@login_required
def export_adx(request, pk: int):
    plan = _plan(request, pk)
    export = export_set_for(request.user, plan)
    if not export.values:
        messages.error(request, nothing_to_export())
        return redirect("plans:national_exports", pk=plan.pk)
    log_access(user=request.user, action=AccessLog.Action.EXPORT, request=request, row_count=len(export.values),
               detail=f"plan={plan.pk} ADX")  # fmt: skip
    response = HttpResponse(adx.adx_document(export), content_type=adx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_name(plan, ".adx.xml")}"'
    return response


@login_required
def export_dhis2(request, pk: int):
    plan = _plan(request, pk)
    export = export_set_for(request.user, plan)
    log_access(user=request.user, action=AccessLog.Action.EXPORT, request=request, row_count=len(export.values),
               detail=f"plan={plan.pk} DHIS2 data value set")  # fmt: skip
    response = JsonResponse(dhis2.data_value_set(export), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{_name(plan, ".json")}"'
    return response


@login_required
@require_POST
def figures_prepare(request, pk: int):
    plan = visible_plan(request, pk)
    try:
        sign_off = services.figures_prepare(actor=request.user, plan=plan, period=request.POST.get("period", ""))
    except DomainError as exc:
        _error(request, exc)
        return redirect("plans:national_exports", pk=plan.pk)
    messages.success(request, _("The figures have been frozen: another person signs them off."))
    return redirect("plans:sign_off_detail", pk=plan.pk, sign_off_id=sign_off.pk)


def _sign_off(request, pk: int, sign_off_id: int) -> PeriodSignOff:
    plan = visible_plan(request, pk)
    if not (can_prepare_figures(request.user, plan) or can_sign_off_figures(request.user, plan)):
        raise Http404
    return get_object_or_404(
        PeriodSignOff.objects.select_related("plan", "plan__province", "prepared_by", "decided_by"),
        plan=plan, pk=sign_off_id,
    )  # fmt: skip


@login_required
def sign_off_detail(request, pk: int, sign_off_id: int):
    sign_off = _sign_off(request, pk, sign_off_id)
    plan = sign_off.plan
    suppress = numbers_only(request.user)
    indicators = {i.pk: i for i in Indicator.objects.filter(plan=plan)}
    rows = sign_off.values.values_list("indicator_id", "indicator_code", "unit_id", "numerator", "denominator")
    units = dict(AdminUnit.objects.filter(pk__in={r[2] for r in rows}).values_list("pk", "name"))
    tables: dict[str, dict] = defaultdict(lambda: {"communes": [], "zero": 0})
    for indicator_id, code, unit_id, numerator, denominator in rows.order_by("indicator_code", "unit_id"):
        indicator = indicators.get(indicator_id)
        table = tables[code]
        table["indicator"], table["code"] = indicator, code
        if indicator is None:
            shown = None
        else:
            shown = presenters.display(indicator, Result(numerator, denominator, indicator.is_percentage, None),
                                       suppress=suppress)  # fmt: skip
        line = {"unit": units.get(unit_id, ""), "shown": shown, "numerator": numerator}
        if unit_id == plan.province_id:
            table["total"] = line
        elif numerator or denominator:
            table["communes"].append(line)
        else:
            table["zero"] += 1
    order = sorted(tables.values(), key=lambda t: (t["indicator"].sort_order if t["indicator"] else 9999, t["code"]))
    pending = sign_off.status == SignOffStatus.PREPARED
    return render(request, "plans/sign_off_detail.html", {
        "plan": plan, "sign_off": sign_off, "tables": order,
        "can_sign_off": pending and can_sign_off_figures(request.user, plan)
        and sign_off.prepared_by_id != request.user.pk,
        "can_reject": pending and (can_sign_off_figures(request.user, plan) or sign_off.prepared_by_id == request.user.pk),
    })  # fmt: skip


@login_required
@require_POST
def sign_off_decide(request, pk: int, sign_off_id: int, action: str):
    sign_off = _sign_off(request, pk, sign_off_id)
    try:
        if action == "sign_off":
            services.figures_sign_off(actor=request.user, sign_off=sign_off)
            messages.success(request, _("The figures have been signed off: they can be sent."))
        elif action == "reject":
            services.figures_reject(actor=request.user, sign_off=sign_off, reason=request.POST.get("reason", ""))
            messages.success(request, _("The figures have been rejected: they will not be sent."))
        else:
            raise Http404
    except DomainError as exc:
        _error(request, exc)
    return redirect("plans:sign_off_detail", pk=pk, sign_off_id=sign_off.pk)


@login_required
@require_POST
def dhis2_push(request, pk: int):
    plan = visible_plan(request, pk)
    if not can_push_to_dhis2(request.user, plan):
        raise PermissionDenied
    try:
        services.dhis2_push_request(actor=request.user, plan=plan, request=request)
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The figures are being sent to DHIS2: the result appears below."))
    return redirect("plans:national_exports", pk=plan.pk)

