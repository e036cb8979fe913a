"""Indicator pages: create, edit, delete, the communes' targets, and the records behind a figure."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry.access import log_access
from registry.errors import DomainError
from registry.models import AccessLog, AdminUnit

from .. import selectors, services
from ..forms import IndicatorForm, TargetsForm
from ..scoping import plan_territory, sees_records
from .common import managed_plan, submitted, visible_plan

PAGE_SIZE = 50


@login_required
def indicator_create(request, pk: int):
    plan = managed_plan(request, pk)
    form = IndicatorForm(request.POST or None, plan=plan)

    def call():
        services.indicator_create(
            actor=request.user, plan=plan, data=form.service_data(),
            cooperating_agencies=form.cleaned_data["cooperating_agencies"],
        )  # fmt: skip

    if submitted(request, form, call):
        messages.success(request, _("The indicator has been added."))
        return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/indicator_form.html", {"form": form, "plan": plan, "indicator": None})


@login_required
def indicator_edit(request, pk: int, indicator_id: int):
    plan = managed_plan(request, pk)
    indicator = get_object_or_404(plan.indicators, pk=indicator_id)
    form = IndicatorForm(request.POST or None, plan=plan, indicator=indicator)

    def call():
        services.indicator_update(
            actor=request.user, indicator=indicator, data=form.service_data(),
            cooperating_agencies=form.cleaned_data["cooperating_agencies"],
        )  # fmt: skip

    if submitted(request, form, call):
        messages.success(request, _("The indicator has been saved."))
        return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/indicator_form.html", {"form": form, "plan": plan, "indicator": indicator})


@login_required
@require_POST
def indicator_delete(request, pk: int, indicator_id: int):
    plan = managed_plan(request, pk)
    indicator = get_object_or_404(plan.indicators, pk=indicator_id)
    try:
        services.indicator_delete(actor=request.user, indicator=indicator)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The indicator has been removed."))
    return redirect("plans:plan_detail", pk=plan.pk)


@login_required
def indicator_targets(request, pk: int, indicator_id: int):
    plan = managed_plan(request, pk)
    indicator = get_object_or_404(plan.indicators, pk=indicator_id)
    communes = AdminUnit.objects.filter(pk__in=plan_territory(plan)).order_by("name_folded")
    current = {row.commune_id: row.target for row in indicator.commune_targets.all()}
    form = TargetsForm(request.POST or None, communes=communes, targets=current, percentage=indicator.is_percentage)

    def call():
        services.indicator_targets_set(actor=request.user, indicator=indicator, targets=form.targets())

    if submitted(request, form, call):
        messages.success(request, _("The communes' targets have been saved."))
        return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/indicator_targets.html", {"form": form, "plan": plan, "indicator": indicator})


def _url(name: str, pk: int) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def case_url(case) -> str:
    return _url("cases:case_detail", case.pk)


@login_required
def records(request, pk: int, indicator_id: int):
    """The persons, cases or events behind a figure, for roles that see person-level data."""
    if not sees_records(request.user):
        raise Http404
    plan = visible_plan(request, pk)
    indicator = get_object_or_404(plan.indicators, pk=indicator_id)
    try:
        view = selectors.resolve_unit(request.user, plan, request.GET.get("unit"))
    except AdminUnit.DoesNotExist:
        raise Http404 from None
    part = "denominator" if request.GET.get("part") == "denominator" and indicator.is_percentage else "numerator"
    as_of = _date(request.GET.get("as_of"))
    try:
        found = selectors.drilldown(
            viewer=request.user, plan=plan, indicator=indicator, view=view, part=part, as_of=as_of
        )
    except DomainError:
        raise Http404 from None
    page = Paginator(found.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    if found.kind == "cases":
        for case in rows:
            case.link = case_url(case)
    elif found.kind == "events":
        for event in rows:
            event.link = _url("cases:event_detail", event.pk)
    log_access(
        user=request.user, action=AccessLog.Action.LIST, request=request, row_count=len(rows),
        detail=f"plan={plan.pk} indicator={indicator.code} part={part} unit={view.code or 'area'} total={found.total}",
    )  # fmt: skip
    return render(request, "plans/records.html", {
        "plan": plan, "indicator": indicator, "view": view, "part": part, "found": found, "page": page, "rows": rows,
    })  # fmt: skip


def _date(value):
    from datetime import date

    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
