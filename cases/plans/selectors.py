"""Reads with meaning: plans, indicators, figures for a unit, flags, drill-down rows.

Figures for the whole province come from the precomputed summary (refreshed when the data
changed); figures for a commune, a set of communes or another reference date are computed live.
Every read starts from `scoping` (on top of `registry.scope`).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from cases.scoping import cases_visible_to, events_visible_to
from registry.errors import NotPermitted
from registry.models import AdminUnit
from registry.scope import persons_visible_to

from .definition import load_definition
from .models import AgencyPlan, Indicator, IndicatorTarget, Plan, Report, ReportStatus, SummaryCell
from .results import Result, elapsed_share
from .rollup import Period, compute, month_ends, plan_period, record_ids
from .scoping import communes_in_view, covers_plan, plan_territory, plans_visible_to
from .services._common import today as _today
from .services.summary import default_as_of, province_events_unit, summary_ensure


def plan_list(*, viewer) -> QuerySet[Plan]:
    return (
        plans_visible_to(viewer)
        .select_related("province", "lead_agency")
        .annotate(indicator_count=Count("indicators", distinct=True))
        .order_by("-year", "province__code", "id")
    )


def plan_detail(*, viewer, pk: int) -> Plan:
    """The plan, or Plan.DoesNotExist when the viewer's area does not touch it (404)."""
    return (
        plans_visible_to(viewer)
        .select_related("province", "lead_agency", "lead_agency__replaced_by")
        .prefetch_related("cooperating_agencies")
        .get(pk=pk)
    )


def plan_indicators(plan: Plan) -> list[Indicator]:
    return list(
        plan.indicators.select_related("lead_agency")
        .prefetch_related("cooperating_agencies", Prefetch("commune_targets", queryset=IndicatorTarget.objects.all()))
        .order_by("sort_order", "code")
    )


# The unit being looked at ---------------------------------------------------------------------------
@dataclass
class UnitView:
    """The province (the plan's whole territory), one commune, or the viewer's communes."""

    kind: str  # "province" | "commune" | "area"
    unit: AdminUnit | None
    commune_ids: list[int]

    @property
    def is_province(self) -> bool:
        return self.kind == "province"

    @property
    def code(self) -> str:
        return self.unit.code if self.unit is not None else ""


def resolve_unit(viewer, plan: Plan, code: str | None = None) -> UnitView:
    """The unit asked for (a code), checked against the viewer's area; by default the province
    when the area covers it, else the viewer's communes. Outside the area: AdminUnit.DoesNotExist."""
    code = (code or "").strip()
    mine = communes_in_view(viewer, plan)
    if not mine:
        raise AdminUnit.DoesNotExist
    whole = covers_plan(viewer, plan)
    if not code or code == plan.province.code:
        if whole:
            return UnitView("province", plan.province, plan_territory(plan))
        if code:
            raise AdminUnit.DoesNotExist
        if len(mine) == 1:
            return UnitView("commune", AdminUnit.objects.get(pk=mine[0]), mine)
        return UnitView("area", None, mine)
    unit = AdminUnit.objects.filter(code=code, level="commune", is_current=True, id__in=mine).first()
    if unit is None:
        raise AdminUnit.DoesNotExist
    return UnitView("commune", unit, [unit.pk])


def units_for_choice(viewer, plan: Plan) -> list[AdminUnit]:
    return list(AdminUnit.objects.filter(id__in=communes_in_view(viewer, plan)).order_by("name_folded"))


# Targets ------------------------------------------------------------------------------------------
def target_for(indicator: Indicator, view_kind: str, commune_ids: list[int]) -> Decimal | None:
    """The province's target for the province; a commune's own target (a percentage target is the
    province's when the commune has none); for several communes, the sum of their count targets."""
    if view_kind == "province":
        return indicator.target
    own = {row.commune_id: row.target for row in indicator.commune_targets.all()}
    if len(commune_ids) == 1:
        target = own.get(commune_ids[0])
        if target is None and indicator.is_percentage:
            return indicator.target
        return target
    if indicator.is_percentage:
        return indicator.target
    if commune_ids and all(c in own for c in commune_ids):
        return sum((own[c] for c in commune_ids), Decimal(0))
    return None


# Figures -------------------------------------------------------------------------------------------
@dataclass
class Figures:
    as_of: date
    period: Period
    computed_at: datetime | None
    live: bool
    fresh: bool = True
    totals: dict[int, Result] = field(default_factory=dict)
    by_commune: dict[int, dict[int, Result]] = field(default_factory=dict)
    months: dict[int, list[tuple[date, Result]]] = field(default_factory=dict)


def _result(indicator: Indicator, numerator: int, denominator: int | None, target, elapsed) -> Result:
    return Result(numerator, denominator if indicator.is_percentage else None, indicator.is_percentage, target, elapsed)


def plan_figures(
    plan: Plan,
    indicators: list[Indicator],
    view: UnitView,
    *,
    as_of: date | None = None,
    communes_of: set[int] | None = None,
    months_of: set[int] | None = None,
    today: date | None = None,
    live: bool = False,
) -> Figures:
    """Every indicator's result for the unit; per commune for the indicators in `communes_of`
    (province or area views), and month by month for those in `months_of`. `live` skips the summary."""
    communes_of = communes_of or set()
    months_of = months_of or set()
    default = default_as_of(plan, today)
    as_of = as_of or default
    period = plan_period(plan, as_of)
    elapsed = elapsed_share(plan.period_start, plan.period_end, period.end)
    if view.is_province and period.end == default and not live:
        summary, fresh = summary_ensure(plan=plan, today=today)
        if summary is not None and summary.computed_at is not None:
            return _from_summary(plan, indicators, summary, fresh, communes_of, months_of, elapsed)
    return _live(plan, indicators, view, period, communes_of, months_of, elapsed)


def _from_summary(plan, indicators, summary, fresh, communes_of, months_of, elapsed) -> Figures:
    period = plan_period(plan, summary.as_of)
    figures = Figures(summary.as_of, period, summary.computed_at, live=False, fresh=fresh)
    wanted = Q(unit_id=plan.province_id, as_of=summary.as_of)
    if months_of:
        wanted |= Q(unit_id=plan.province_id, indicator_id__in=months_of, as_of__lte=summary.as_of)
    if communes_of:
        wanted |= Q(indicator_id__in=communes_of, as_of=summary.as_of) & ~Q(unit_id=plan.province_id)
    rows = (
        SummaryCell.objects.filter(plan=plan)
        .filter(wanted)
        .values_list("indicator_id", "unit_id", "as_of", "numerator", "denominator")
    )
    by_id = {i.pk: i for i in indicators}
    months: dict[int, list] = {}
    for indicator_id, unit_id, as_of, numerator, denominator in rows:
        indicator = by_id.get(indicator_id)
        if indicator is None:
            continue
        if unit_id == plan.province_id:
            if as_of == summary.as_of:
                figures.totals[indicator_id] = _result(indicator, numerator, denominator, indicator.target, elapsed)
            if indicator_id in months_of:
                month_elapsed = elapsed_share(plan.period_start, plan.period_end, as_of)
                months.setdefault(indicator_id, []).append(
                    (as_of, _result(indicator, numerator, denominator, indicator.target, month_elapsed))
                )
        else:
            target = target_for(indicator, "commune", [unit_id])
            figures.by_commune.setdefault(indicator_id, {})[unit_id] = _result(
                indicator, numerator, denominator, target, elapsed
            )
    figures.months = {key: sorted(value, key=lambda pair: pair[0]) for key, value in months.items()}
    for indicator in indicators:  # an indicator added since the summary: nothing yet
        figures.totals.setdefault(indicator.pk, _result(indicator, 0, 0, indicator.target, elapsed))
    return figures


def _live(plan, indicators, view: UnitView, period: Period, communes_of, months_of, elapsed) -> Figures:
    from django.utils import timezone

    figures = Figures(period.end, period, timezone.now(), live=True)
    events_unit = province_events_unit(plan) if view.is_province else None
    communes = view.commune_ids
    for indicator in indicators:
        definition = load_definition(indicator.definition)
        per_commune = indicator.pk in communes_of and len(communes) > 1
        counts = compute(definition, period, communes, province_id=events_unit, by_commune=per_commune)
        target = target_for(indicator, view.kind, communes)
        figures.totals[indicator.pk] = _result(indicator, counts.total, counts.den_total, target, elapsed)
        if per_commune:
            figures.by_commune[indicator.pk] = {
                c: _result(indicator, *counts.commune(c), target_for(indicator, "commune", [c]), elapsed)
                for c in communes
            }
        if indicator.pk in months_of:
            series = []
            for month_end in month_ends(period):
                month = compute(
                    definition, Period(period.start, month_end), communes, province_id=events_unit, by_commune=False
                )
                month_elapsed = elapsed_share(plan.period_start, plan.period_end, month_end)
                series.append((month_end, _result(indicator, month.total, month.den_total, target, month_elapsed)))
            figures.months[indicator.pk] = series
    return figures


# Deadlines ----------------------------------------------------------------------------------------
@dataclass
class Flags:
    missing_agency_plans: list = field(default_factory=list)  # agencies without a plan after the due date
    late_agency_plans: list = field(default_factory=list)  # (agency, received on)
    overdue_reports: list = field(default_factory=list)  # (agency, report or None) not submitted after the due date
    late_reports: list = field(default_factory=list)  # (agency, submitted at) submitted after the due date

    @property
    def any(self) -> bool:
        return bool(self.missing_agency_plans or self.overdue_reports)


def plan_flags(plan: Plan, *, today: date | None = None) -> Flags:
    """Agencies expected to send a plan (by `agency_plans_due`) and a report (by `reports_due`):
    the plan's cooperating agencies."""
    today = today or _today()
    expected = list(plan.cooperating_agencies.all())
    received = {row.agency_id: row for row in AgencyPlan.objects.filter(plan=plan)}
    reports = {row.agency_id: row for row in Report.objects.filter(plan=plan)}
    flags = Flags()
    for agency in sorted(expected, key=lambda a: a.name):
        got = received.get(agency.pk)
        if got is None and today > plan.agency_plans_due:
            flags.missing_agency_plans.append(agency)
        elif got is not None and got.received_on > plan.agency_plans_due:
            flags.late_agency_plans.append((agency, got.received_on))
        report = reports.get(agency.pk)
        submitted = report is not None and report.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
        if not submitted and today > plan.reports_due:
            flags.overdue_reports.append((agency, report))
        elif submitted and report.submitted_at and report.submitted_at.date() > plan.reports_due:
            flags.late_reports.append((agency, report.submitted_at))
    return flags


# Reports ------------------------------------------------------------------------------------------
def report_list(*, viewer, plan: Plan) -> list[Report]:
    """The plan's reports: all for the plan's managers and statistics officers of the province; the
    viewer's own agencies' reports for the others."""
    from .scoping import agencies_for, can_manage_plan

    qs = plan.reports.select_related("agency", "submitted_by", "decided_by").order_by("agency__name", "id")
    if can_manage_plan(viewer, plan) or covers_plan(viewer, plan):
        return list(qs)
    return list(qs.filter(agency__in=[a.pk for a in agencies_for(viewer, plan)]))


def report_visible(viewer, report: Report) -> bool:
    from .scoping import can_manage_plan, can_prepare_report

    return (
        can_manage_plan(viewer, report.plan)
        or covers_plan(viewer, report.plan)
        or can_prepare_report(viewer, report.agency)
    )


# Drill-down ---------------------------------------------------------------------------------------
@dataclass
class Drilldown:
    kind: str  # persons | cases | events
    rows: QuerySet
    total: int  # how many records lie behind the figure (some may be outside the viewer's sight)


def drilldown(*, viewer, plan: Plan, indicator: Indicator, view: UnitView, part: str, as_of: date | None = None,
              today: date | None = None) -> Drilldown:  # fmt: skip
    """The persons, cases or events behind a figure, limited to those the viewer may see."""
    from .scoping import sees_records

    if not sees_records(viewer):
        raise NotPermitted(_("Your role sees numbers only."))
    definition = load_definition(indicator.definition)
    period = plan_period(plan, as_of or default_as_of(plan, today))
    commune_id = view.commune_ids[0] if view.kind == "commune" else None
    events_unit = province_events_unit(plan) if view.is_province else None
    kind, ids = record_ids(
        definition, period, view.commune_ids, part=part, commune_id=commune_id, province_id=events_unit
    )
    if kind == "persons":
        total = ids.order_by().distinct().count()
        rows = persons_visible_to(viewer).filter(pk__in=ids).select_related("commune").order_by("name_folded", "id")
    elif kind == "cases":
        total = ids.count()
        rows = (
            cases_visible_to(viewer)
            .filter(pk__in=ids)
            .select_related("person", "person__commune", "support_type")
            .order_by("-requested_on", "-id")
        )
    else:
        total = ids.count()
        rows = events_visible_to(viewer).filter(pk__in=ids).select_related("unit").order_by("-held_on", "-id")
    return Drilldown(kind, rows, total)
