"""Reports and agency plans: write, submit, accept or return; record an agency's plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry.errors import DomainError

from .. import presenters, selectors, services
from ..forms import AgencyPlanForm, ReportCreateForm, ReportForm, ReturnForm
from ..models import PlanStatus, Report, ReportStatus
from ..results import Result
from ..scoping import agencies_for, can_decide_report, can_manage_plan, can_prepare_report, numbers_only
from ..services.reports import report_figures, report_indicators
from .common import submitted, visible_plan


@login_required
def report_list(request, pk: int):
    plan = visible_plan(request, pk)
    reports = selectors.report_list(viewer=request.user, plan=plan)
    have = {r.agency_id for r in Report.objects.filter(plan=plan)}
    mine = [a for a in agencies_for(request.user, plan) if a.pk not in have]
    form = ReportCreateForm(request.POST or None, agencies=mine) if mine and plan.status == PlanStatus.ISSUED else None
    created = {}

    def call():
        created["report"] = services.report_create(actor=request.user, plan=plan, agency=form.cleaned_data["agency"])

    if form is not None and submitted(request, form, call):
        messages.success(request, _("The report has been started as a draft."))
        return redirect("plans:report_edit", pk=plan.pk, report_id=created["report"].pk)
    agency_plans = list(plan.agency_plans.select_related("agency").order_by("received_on"))
    return render(request, "plans/report_list.html", {
        "plan": plan, "reports": reports, "form": form, "agency_plans": agency_plans,
        "flags": selectors.plan_flags(plan), "can_record_plans": can_manage_plan(request.user, plan) or bool(mine or agencies_for(request.user, plan)),
    })  # fmt: skip


def _report(request, pk: int, report_id: int) -> Report:
    plan = visible_plan(request, pk)
    report = get_object_or_404(
        Report.objects.select_related("agency", "agency__unit", "plan", "plan__province"), plan=plan, pk=report_id
    )
    if not selectors.report_visible(request.user, report):
        raise Http404
    return report


@login_required
def report_detail(request, pk: int, report_id: int):
    report = _report(request, pk, report_id)
    submissions = list(report.submissions.select_related("submitted_by", "unit").order_by("-number"))
    latest = submissions[0] if submissions else None
    suppress = numbers_only(request.user)
    indicators = {i.pk: i for i in report_indicators(report)}
    live = {}
    if latest is not None:
        _unit, _as_of, rows = report_figures(report, as_of=latest.as_of)
        live = {row["code"]: row for row in rows}
    frozen_rows = []
    for figure in latest.figures if latest else []:
        indicator = indicators.get(figure.get("indicator_id"))
        now = live.get(figure["code"])
        row = {"figure": figure, "live": now}
        if indicator is not None:
            row["shown"] = presenters.display(indicator, _result(figure), suppress=suppress)
            row["live_shown"] = presenters.display(indicator, _result(now), suppress=suppress) if now else None
        frozen_rows.append(row)
    can_prepare = can_prepare_report(request.user, report.agency)
    return render(request, "plans/report_detail.html", {
        "plan": report.plan, "report": report, "submissions": submissions, "latest": latest, "rows": frozen_rows,
        "can_edit": can_prepare and report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED),
        "can_decide": can_decide_report(request.user, report.plan) and report.status == ReportStatus.SUBMITTED
        and report.submitted_by_id != request.user.pk,
        "return_form": ReturnForm(),
    })  # fmt: skip


def _result(figure: dict) -> Result:
    from decimal import Decimal

    target = Decimal(figure["target"]) if figure.get("target") is not None else None
    return Result(figure["numerator"], figure.get("denominator"), figure["is_percentage"], target)


@login_required
def report_edit(request, pk: int, report_id: int):
    report = _report(request, pk, report_id)
    if not can_prepare_report(request.user, report.agency):
        raise PermissionDenied
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
        return redirect("plans:report_detail", pk=pk, report_id=report.pk)
    indicators = report_indicators(report)
    narratives = {n.indicator_id: n.text for n in report.narratives.all()}
    form = ReportForm(
        request.POST or None, indicators=indicators, narratives=narratives, initial={"summary": report.summary}
    )
    _unit, as_of, rows = report_figures(report)
    suppress = numbers_only(request.user)
    by_id = {i.pk: i for i in indicators}
    figures = {
        row["indicator_id"]: presenters.display(by_id[row["indicator_id"]], _result(row), suppress=suppress)
        for row in rows
    }

    def call():
        services.report_update(actor=request.user, report=report, summary=form.cleaned_data["summary"],
                               narratives=form.narratives())  # fmt: skip
        if "submit" in request.POST:
            services.report_submit(actor=request.user, report=report)

    if submitted(request, form, call):
        messages.success(
            request,
            _("The report has been submitted.") if "submit" in request.POST else _("The report has been saved."),
        )
        return redirect("plans:report_detail", pk=pk, report_id=report.pk)
    fields = [(form[f"narrative_{i.pk}"], i, figures.get(i.pk)) for i in indicators]
    return render(request, "plans/report_form.html", {
        "plan": report.plan, "report": report, "form": form, "fields": fields, "as_of": as_of,
    })  # fmt: skip


@login_required
@require_POST
def report_decide(request, pk: int, report_id: int, action: str):
    report = _report(request, pk, report_id)
    if action not in ("accept", "return", "submit"):
        raise Http404
    form = ReturnForm(request.POST) if action == "return" else None
    try:
        if action == "accept":
            services.report_accept(actor=request.user, report=report)
            messages.success(request, _("The report has been accepted."))
        elif action == "submit":
            services.report_submit(actor=request.user, report=report)
            messages.success(request, _("The report has been submitted."))
        else:
            reason = form.data.get("reason", "")
            services.report_return(actor=request.user, report=report, reason=reason)
            messages.success(request, _("The report has been returned to the agency."))
    except DomainError as exc:
        errors = getattr(exc, "errors", None)
        messages.error(request, " ".join(m for ms in errors.values() for m in ms) if errors else exc.message)
    return redirect("plans:report_detail", pk=pk, report_id=report.pk)


@login_required
def agency_plan_new(request, pk: int):
    plan = visible_plan(request, pk)
    received = set(plan.agency_plans.values_list("agency_id", flat=True))
    if can_manage_plan(request.user, plan):
        agencies = [a for a in [plan.lead_agency, *plan.cooperating_agencies.all()] if a.pk not in received]
    else:
        agencies = [a for a in agencies_for(request.user, plan) if a.pk not in received]
    if not agencies and request.method != "POST":
        messages.info(request, _("Every agency's plan is already recorded."))
        return redirect("plans:report_list", pk=plan.pk)
    form = AgencyPlanForm(request.POST or None, agencies=agencies)

    def call():
        services.agency_plan_record(actor=request.user, plan=plan, **form.cleaned_data)

    if submitted(request, form, call):
        messages.success(request, _("The agency's plan has been recorded."))
        return redirect("plans:report_list", pk=plan.pk)
    return render(request, "plans/agency_plan_form.html", {"plan": plan, "form": form})
