"""Decisions, payrolls and the health-insurance list, within the viewer's scope."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry.access import log_access
from registry.errors import DomainError
from registry.maker_checker import second_person_refusal, single_person_commune
from registry.models import AccessLog
from registry.scope import scope_of

from .. import services
from ..exports import health_insurance_xlsx, payroll_xlsx
from ..filters import DecisionFilter, PayrollFilter
from ..forms import PayrollPrepareForm
from ..models import DraftStatus
from ..months import month_key
from ..permissions import can_approve_payroll, can_prepare_payroll, sees_policy_rows
from ..selectors.lists import (
    decision_draft_list,
    decision_list,
    health_insurance_list,
    payroll_by_person,
    payroll_list,
    payroll_totals_by_policy,
)
from .common import month_from, run_service

DRAFTS_SHOWN = 50  # drafts waiting for signature listed above the decisions
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_rows(request):
    if not sees_policy_rows(request.user):
        raise PermissionDenied


@login_required
def decisions(request):
    _require_rows(request)
    filterset = DecisionFilter(request.GET, queryset=decision_list(viewer=request.user).order_by("-decided_on", "-id"))
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    waiting = decision_draft_list(viewer=request.user).filter(status=DraftStatus.DRAFT).order_by("drafted_at", "id")
    drafts = list(waiting[: DRAFTS_SHOWN + 1])
    drafts_count = len(drafts) if len(drafts) <= DRAFTS_SHOWN else waiting.count()
    log_access(user=request.user, action=AccessLog.Action.LIST, request=request, detail="decisions",
               row_count=len(page.object_list) + min(len(drafts), DRAFTS_SHOWN))  # fmt: skip
    return render(request, "policies/decision_list.html", {
        "filter": filterset, "page": page, "communes": scope_of(request.user).communes(),
        "drafts": drafts[:DRAFTS_SHOWN], "drafts_more": len(drafts) > DRAFTS_SHOWN, "drafts_count": drafts_count,
    })  # fmt: skip


@login_required
def payrolls(request):
    _require_rows(request)
    scope = scope_of(request.user)
    filterset = PayrollFilter(request.GET, queryset=payroll_list(viewer=request.user))
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    communes = scope.communes()
    form = None
    if scope.is_admin or scope.role in ("commune_officer", "commune_leader"):
        form = PayrollPrepareForm(request.POST or None, communes=communes)
        if request.method == "POST" and form.is_valid():
            commune, raw = form.cleaned_data["commune"], form.cleaned_data["month"]
            try:
                payroll = run_service(form, lambda: services.payroll_prepare(
                    actor=request.user, commune=commune, month=_parse(raw)))  # fmt: skip
            except DomainError as exc:
                form.add_error(None, exc.message)
                payroll = None
            if payroll is not None:
                messages.success(request, _("The draft payroll is prepared."))
                return redirect("policies:payroll_detail", pk=payroll.pk)
    return render(request, "policies/payroll_list.html", {
        "filter": filterset, "page": page, "communes": communes, "form": form,
    })  # fmt: skip


def _parse(raw):
    from ..months import parse_month

    return parse_month(raw)


def _payroll(request, pk):
    _require_rows(request)
    payroll = payroll_list(viewer=request.user).filter(pk=pk).first()
    if payroll is None:
        raise Http404
    return payroll


@login_required
def payroll_detail(request, pk):
    payroll = _payroll(request, pk)
    groups = payroll_by_person(payroll)
    log_access(user=request.user, action=AccessLog.Action.LIST, request=request, detail=f"payroll {payroll.pk}",
               row_count=len(groups))  # fmt: skip
    can_approve = can_approve_payroll(request.user, payroll.commune_id) and not payroll.is_frozen
    refusal = None
    if can_approve:
        refusal = second_person_refusal(actor=request.user, makers=payroll.makers, pair="payroll",
                                        commune_id=payroll.commune_id)  # fmt: skip
    return render(request, "policies/payroll_detail.html", {
        "payroll": payroll, "groups": groups, "totals": payroll_totals_by_policy(payroll),
        "can_prepare": can_prepare_payroll(request.user, payroll.commune_id) and not payroll.is_frozen,
        "can_approve": can_approve, "approve_refusal": refusal,
        "single_person": single_person_commune(payroll.commune_id) is not None,
        "can_mark": can_prepare_payroll(request.user, payroll.commune_id) and payroll.is_frozen,
    })  # fmt: skip


@login_required
@require_POST
def payroll_refresh(request, pk):
    payroll = _payroll(request, pk)
    try:
        services.payroll_prepare(actor=request.user, commune=payroll.commune, month=payroll.month)
        messages.success(request, _("The draft payroll is prepared."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("policies:payroll_detail", pk=payroll.pk)


@login_required
@require_POST
def payroll_approve(request, pk):
    payroll = _payroll(request, pk)
    try:
        services.payroll_approve(actor=request.user, payroll=payroll)
        messages.success(request, _("The payroll is approved and frozen."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("policies:payroll_detail", pk=payroll.pk)


@login_required
@require_POST
def payroll_line_collection(request, pk, line_pk):
    payroll = _payroll(request, pk)
    line = payroll.lines.filter(pk=line_pk).first()
    if line is None:
        raise Http404
    try:
        services.payroll_line_set_uncollected(actor=request.user, line=line,
                                              uncollected=request.POST.get("uncollected") == "1")  # fmt: skip
        messages.success(request, _("Saved."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("policies:payroll_detail", pk=payroll.pk)


@login_required
def payroll_export(request, pk):
    payroll = _payroll(request, pk)
    content = payroll_xlsx(payroll)
    log_access(user=request.user, action=AccessLog.Action.EXPORT, request=request,
               detail=f"payroll {payroll.pk} xlsx", row_count=payroll.person_count)  # fmt: skip
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="bang-chi-tra-{payroll.commune.code}-{month_key(payroll.month)}.xlsx"'
    )
    return response


@login_required
def health_insurance(request):
    _require_rows(request)
    month, error = month_from(request)
    communes = scope_of(request.user).communes()
    commune = None
    if request.GET.get("commune"):
        commune = communes.filter(code=request.GET["commune"]).first()
        if commune is None:
            raise Http404
    rows = health_insurance_list(viewer=request.user, month=month, commune=commune)
    if request.GET.get("format") == "xlsx":
        log_access(user=request.user, action=AccessLog.Action.EXPORT, request=request,
                   detail=f"health insurance {month_key(month)} xlsx", row_count=len(rows))  # fmt: skip
        response = HttpResponse(health_insurance_xlsx(rows, month), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="the-bhyt-{month_key(month)}.xlsx"'
        return response
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    log_access(user=request.user, action=AccessLog.Action.LIST, request=request,
               detail=f"health insurance {month_key(month)}", row_count=len(page.object_list))  # fmt: skip
    return render(request, "policies/health_insurance.html", {
        "page": page, "month": month, "month_value": month_key(month), "month_error": error,
        "communes": communes, "commune": commune, "count": len(rows),
        "sees_ids": scope_of(request.user).sees_national_id,
    })  # fmt: skip


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def payroll_pdf(request, pk):
    """The payroll list printed for signatures (the same document as the API's)."""
    from registry.documents.formatting import pdf_filename

    from ..documents import payroll_pdf as render_payroll

    payroll = _payroll(request, pk)
    data, context = render_payroll(payroll)
    log_access(user=request.user, action=AccessLog.Action.DOCUMENT, request=request,
               detail=f"payroll {payroll.commune.code} {payroll.month:%m/%Y}", row_count=len(context["rows"]))  # fmt: skip
    return _pdf(data, pdf_filename(f"danh-sach-chi-tra-{payroll.commune.code}", f"{payroll.month:%Y-%m}"))


@login_required
def decision_pdf(request, pk):
    """The decision as the administrative document the chairman signs."""
    from registry.documents.formatting import pdf_filename

    from ..documents import decision_pdf as render_decision
    from ..selectors import decisions_visible_to

    _require_rows(request)
    decision = (
        decisions_visible_to(request.user)
        .select_related("person", "person__commune", "person__commune__parent", "commune", "benefit__policy")
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        raise Http404
    data = render_decision(decision)
    log_access(user=request.user, action=AccessLog.Action.DOCUMENT, request=request, person=decision.person,
               detail=f"decision {decision.number}")  # fmt: skip
    return _pdf(data, pdf_filename("quyet-dinh", f"{decision.number}-{decision.pk}"))
