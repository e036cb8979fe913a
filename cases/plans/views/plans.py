"""Plan pages: the list, the form, the transitions and the progress dashboard."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry.errors import DomainError
from registry.models import AdminUnit, UnitLevel
from registry.scope import scope_of

from .. import charts, presenters, selectors, services
from ..forms import DashboardForm, PlanForm
from ..models import PlanStatus
from ..scoping import can_manage_plan, covers_plan, numbers_only, sees_records
from .common import managed_plan, submitted, visible_plan

SORT_KEYS = ("name", "numerator", "value", "percent_of_target")


@login_required
def plan_list(request):
    plans = list(selectors.plan_list(viewer=request.user))
    return render(request, "plans/plan_list.html", {"plans": plans, "can_create": bool(_provinces(request.user))})


def _provinces(user):
    """Provinces (current and pre-2025) whose plans the user may create."""
    from ..scoping import can_manage_province

    scope = scope_of(user)
    if scope.role not in ("provincial_officer",) and not scope.is_admin:
        return AdminUnit.objects.none()
    candidates = AdminUnit.objects.filter(level=UnitLevel.PROVINCE)
    if scope.is_admin:
        return candidates.order_by("-is_current", "code")
    if scope.commune_ids is not None:
        codes = set(scope.province_codes or ())
        legacy = set(
            AdminUnit.objects.filter(id__in=scope.commune_ids, predecessors__is_current=False)
            .values_list("predecessors__province_code", flat=True)
            .distinct()
        )
        candidates = candidates.filter(code__in=codes | legacy)
    ids = [p.pk for p in candidates if can_manage_province(user, p)]
    return AdminUnit.objects.filter(pk__in=ids).order_by("-is_current", "code")


@login_required
def plan_create(request):
    provinces = _provinces(request.user)
    if not provinces.exists():
        raise Http404
    form = PlanForm(request.POST or None, provinces=provinces)
    created = {}

    def call():
        created["plan"] = services.plan_create(
            actor=request.user, data=form.service_data(), cooperating_agencies=form.cleaned_data["cooperating_agencies"]
        )

    if submitted(request, form, call):
        messages.success(request, _("The plan has been created as a draft."))
        return redirect("plans:plan_detail", pk=created["plan"].pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


@login_required
def plan_edit(request, pk: int):
    plan = managed_plan(request, pk)
    provinces = AdminUnit.objects.filter(pk=plan.province_id)
    form = PlanForm(request.POST or None, provinces=provinces, plan=plan)

    def call():
        services.plan_update(
            actor=request.user, plan=plan, data=form.service_data(),
            cooperating_agencies=form.cleaned_data["cooperating_agencies"],
        )  # fmt: skip

    if submitted(request, form, call):
        messages.success(request, _("The changes have been saved."))
        return redirect("plans:plan_detail", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@login_required
@require_POST
def plan_transition(request, pk: int, action: str):
    plan = managed_plan(request, pk)
    call = {"issue": services.plan_issue, "close": services.plan_close}.get(action)
    if call is None:
        raise Http404
    try:
        call(actor=request.user, plan=plan)
    except DomainError as exc:
        errors = getattr(exc, "errors", None)
        text = " ".join(m for ms in errors.values() for m in ms) if errors else exc.message
        messages.error(request, text)
    else:
        messages.success(
            request, _("The plan has been issued.") if action == "issue" else _("The plan has been closed.")
        )
    return redirect("plans:plan_detail", pk=plan.pk)


def _as_of(form) -> date | None:
    return form.cleaned_data.get("as_of") if form.is_valid() else None


@login_required
def plan_detail(request, pk: int):
    """The progress dashboard: every indicator for the unit, then the communes and the months of
    one indicator, with charts. Province-wide figures come from the summary; others are live."""
    plan = visible_plan(request, pk)
    viewer = request.user
    try:
        view = selectors.resolve_unit(viewer, plan, request.GET.get("unit"))
    except AdminUnit.DoesNotExist:
        raise Http404 from None
    indicators = selectors.plan_indicators(plan)
    whole = covers_plan(viewer, plan)
    communes = selectors.units_for_choice(viewer, plan)
    unit_choices = (
        [(plan.province.code, _("Whole province"))]
        if whole
        else [("", _("All my communes"))]
        if len(communes) > 1
        else []
    )
    unit_choices += [(c.code, f"{c.name} ({c.code})") for c in communes]
    form = DashboardForm(request.GET or None, units=unit_choices, indicators=indicators)
    as_of = _as_of(form)
    selected = next(
        (i for i in indicators if i.code == request.GET.get("indicator")), indicators[0] if indicators else None
    )
    wanted = {selected.pk} if selected else set()
    try:
        figures = selectors.plan_figures(
            plan,
            indicators,
            view,
            as_of=as_of,
            communes_of=wanted if view.kind != "commune" else set(),
            months_of=wanted,
        )
    except DomainError as exc:
        form.add_error("as_of", exc.message)
        figures = selectors.plan_figures(plan, indicators, view, communes_of=wanted if view.kind != "commune" else set(),
                                         months_of=wanted)  # fmt: skip
    suppress = numbers_only(viewer)
    links = sees_records(viewer)
    base_query = {"unit": view.code} if view.unit is not None and not view.is_province else {}
    if as_of:
        base_query["as_of"] = figures.as_of.isoformat()

    def records_url(indicator, part, unit_code=None, as_of=None):
        query = dict(base_query)
        if unit_code is not None:
            query["unit"] = unit_code
        if as_of is not None:
            query["as_of"] = as_of.isoformat()
        query["part"] = part
        return reverse("plans:records", args=[plan.pk, indicator.pk]) + "?" + urlencode(query)

    rows = []
    for indicator in indicators:
        result = figures.totals[indicator.pk]
        shown = presenters.display(indicator, result, suppress=suppress, links=links)
        rows.append({
            "indicator": indicator, "result": result, "shown": shown,
            "numerator_url": records_url(indicator, "numerator"), "denominator_url": records_url(indicator, "denominator"),
        })  # fmt: skip
    context = {
        "plan": plan, "view": view, "form": form, "rows": rows, "figures": figures, "selected": selected,
        "suppress": suppress, "links": links, "whole": whole, "can_manage": can_manage_plan(viewer, plan),
        "flags": selectors.plan_flags(plan), "today": timezone.localdate(), "PlanStatus": PlanStatus,
    }  # fmt: skip
    if selected is not None:
        context.update(
            _selected_context(request, plan, view, figures, selected, suppress, links, records_url, communes)
        )
    return render(request, "plans/plan_detail.html", context)


def _selected_context(request, plan, view, figures, selected, suppress, links, records_url, communes) -> dict:
    out = {}
    by_commune = figures.by_commune.get(selected.pk, {})
    if by_commune:
        names = {c.pk: c for c in communes}
        if view.is_province:
            names.update({c.pk: c for c in AdminUnit.objects.filter(pk__in=by_commune).exclude(pk__in=names)})
        commune_rows = []
        for commune_id, result in by_commune.items():
            commune = names.get(commune_id)
            if commune is None:
                continue
            shown = presenters.display(selected, result, suppress=suppress, links=links)
            commune_rows.append({
                "commune": commune, "result": result, "shown": shown,
                "numerator_url": records_url(selected, "numerator", commune.code),
                "denominator_url": records_url(selected, "denominator", commune.code),
            })  # fmt: skip
        sort = request.GET.get("sort") if request.GET.get("sort") in SORT_KEYS else "name"
        descending = request.GET.get("dir") == "desc"
        commune_rows.sort(key=lambda row: _sort_key(row, sort, descending), reverse=descending and sort == "name")
        out["commune_rows"] = commune_rows
        out["sort"], out["descending"] = sort, descending
        out["sort_links"] = {
            key: "?" + urlencode({**{k: v for k, v in request.GET.items() if k not in ("sort", "dir")}, "sort": key,
                                  "dir": "asc" if (key == sort and descending) or key != sort and key == "name" else "desc"})
            for key in SORT_KEYS
        }  # fmt: skip
        chart_rows = sorted(commune_rows, key=lambda row: _sort_key(row, "value", descending=True))
        out["commune_chart"] = charts.bar_chart(
            title=_("%(indicator)s by commune") % {"indicator": selected.name},
            description=_("One bar per commune, sorted from the highest value; the red mark is the commune's target. "
                          "The same figures are in the table of communes."),
            bars=presenters.bars(selected, [(r["commune"].name, r["result"], "") for r in chart_rows], suppress=suppress),
            ident="chart-communes", max_value=100 if selected.is_percentage else None,
        )  # fmt: skip
    series = figures.months.get(selected.pk, [])
    if series:
        month_rows = [
            {
                "month": day,
                "result": result,
                "shown": presenters.display(selected, result, suppress=suppress, links=links),
                "url": records_url(selected, "numerator", as_of=day),
            }
            for day, result in series
        ]
        out["month_rows"] = month_rows
        target = figures.totals[selected.pk].target
        out["month_chart"] = charts.column_chart(
            title=_("%(indicator)s month by month") % {"indicator": selected.name},
            description=_("The figure at the end of each month since the start of the period; the dashed red line is "
                          "the target. The same figures are in the table below the chart."),
            columns=presenters.bars(selected, [(day.strftime("%m/%Y"), result, "") for day, result in series],
                                    suppress=suppress),
            ident="chart-months", target=target, max_value=100 if selected.is_percentage else None,
        )  # fmt: skip
    return out


def _sort_key(row, key, descending=False):
    """Sort by name, or by a figure with the empty and hidden ones last and ties by name."""
    name = row["commune"].name_folded
    if key == "name":
        return (name,)
    result = row["result"]
    value = {"numerator": result.numerator, "value": result.value, "percent_of_target": result.percent_of_target}[key]
    if value is None or row["shown"].suppressed:  # hidden small counts are not ordered among themselves
        return (1, 0, name)
    return (0, -value if descending else value, name)


__all__ = ["plan_create", "plan_detail", "plan_edit", "plan_list", "plan_transition"]
