"""Agency plans received, and the annual reports with their sign-off:

    draft ──submit──▶ submitted ──accept──▶ accepted
      ▲                   │
      └──── returned ◀──return (with reason)── ; returned ──submit──▶ submitted

Submitting freezes the figures computed at that moment, with the narratives, into a new
`ReportSubmission`; nothing ever changes a submission afterwards, whatever happens to the data.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.errors import FieldError, InvalidInput, NotPermitted, TransitionNotAllowed
from registry.models import UnitLevel

from ..definition import load_definition
from ..models import (
    Agency,
    AgencyKind,
    AgencyPlan,
    Indicator,
    Plan,
    PlanStatus,
    Report,
    ReportNarrative,
    ReportStatus,
    ReportSubmission,
)
from ..results import Result, elapsed_share, rounded
from ..rollup import compute, plan_period
from ..scoping import can_decide_report, can_manage_plan, can_prepare_report, plan_territory
from ._common import text, today
from .summary import default_as_of, province_events_unit

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _plan_agencies(plan: Plan) -> set[int]:
    return {plan.lead_agency_id, *plan.cooperating_agencies.values_list("id", flat=True)}


# Agency plans ---------------------------------------------------------------------------------------
@transaction.atomic
def agency_plan_record(
    *, actor, plan: Plan, agency: Agency, received_on: date, document_number: str = "", notes: str = ""
) -> AgencyPlan:
    """Record that an agency's own implementation plan was received (due by `plan.agency_plans_due`)."""
    if not (can_manage_plan(actor, plan) or can_prepare_report(actor, agency)):
        raise NotPermitted(_("You cannot record this agency's plan."))
    if agency.pk not in _plan_agencies(plan):
        raise FieldError("agency", _("This agency takes no part in the plan."))
    if received_on is None:
        raise FieldError("received_on", _("Enter the date the plan was received."))
    if received_on > today():
        raise FieldError("received_on", _("The date cannot be in the future."))
    if AgencyPlan.objects.filter(plan=plan, agency=agency).exists():
        raise FieldError("agency", _("This agency's plan is already recorded."))
    return AgencyPlan.objects.create(
        plan=plan, agency=agency, received_on=received_on, document_number=text(document_number),
        notes=text(notes), recorded_by=actor,
    )  # fmt: skip


# Reports --------------------------------------------------------------------------------------------
def report_indicators(report: Report) -> list[Indicator]:
    """The indicators a report covers: a commune reports on all of them, an agency on those it
    leads or cooperates on (all of them when it has none)."""
    indicators = list(
        report.plan.indicators.prefetch_related("cooperating_agencies", "commune_targets").order_by(
            "sort_order", "code"
        )
    )
    if report.agency.kind == AgencyKind.PEOPLES_COMMITTEE:
        return indicators
    own = [
        i for i in indicators
        if i.lead_agency_id == report.agency_id or any(a.pk == report.agency_id for a in i.cooperating_agencies.all())
    ]  # fmt: skip
    return own or indicators


def report_communes(report: Report) -> tuple[object, list[int], bool]:
    """(unit, communes, whole province) the report's figures are computed for."""
    agency = report.agency
    territory = plan_territory(report.plan)
    if agency.kind == AgencyKind.PEOPLES_COMMITTEE and agency.unit_id in territory:
        return agency.unit, [agency.unit_id], False
    if agency.kind == AgencyKind.PEOPLES_COMMITTEE and agency.unit_id and agency.unit.level == UnitLevel.DISTRICT:
        # A pre-2025 district: the current communes that succeeded its communes.
        from registry.models import AdminUnit

        ids = set(
            AdminUnit.objects.filter(
                is_current=True, level=UnitLevel.COMMUNE, predecessors__parent_id=agency.unit_id
            ).values_list("id", flat=True)
        )
        return agency.unit, sorted(ids & set(territory)), False
    return report.plan.province, territory, True


def report_figures(report: Report, *, as_of: date | None = None) -> tuple[object, date, list[dict]]:
    """The report's figures computed now (live): [{code, name, numerator, denominator, value, ...}]."""
    from ..selectors import target_for

    plan = report.plan
    unit, communes, whole = report_communes(report)
    as_of = as_of or default_as_of(plan)
    period = plan_period(plan, as_of)
    elapsed = elapsed_share(plan.period_start, plan.period_end, period.end)
    events_unit = province_events_unit(plan) if whole else None
    rows = []
    for indicator in report_indicators(report):
        counts = compute(
            load_definition(indicator.definition), period, communes, province_id=events_unit, by_commune=False
        )
        if whole:
            target = indicator.target
        else:
            target = target_for(indicator, "commune" if len(communes) == 1 else "area", communes)
        result = Result(counts.total, counts.den_total, indicator.is_percentage, target, elapsed)
        rows.append(
            {
                "indicator_id": indicator.pk,
                "code": indicator.code,
                "name": indicator.name,
                "unit_label": indicator.unit_label,
                "measure": indicator.measure,
                "is_percentage": indicator.is_percentage,
                "numerator": result.numerator,
                "denominator": result.denominator,
                "value": _str(rounded(result.value, Decimal("0.01"))),
                "target": _str(target),
                "percent_of_target": _str(rounded(result.percent_of_target, Decimal("0.01"))),
                "status": result.status,
            }
        )
    return unit, period.end, rows


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@transaction.atomic
def report_create(*, actor, plan: Plan, agency: Agency) -> Report:
    if not can_prepare_report(actor, agency):
        raise NotPermitted(_("You cannot write this agency's report."))
    if agency.pk not in _plan_agencies(plan):
        raise FieldError("agency", _("This agency takes no part in the plan."))
    if plan.status != PlanStatus.ISSUED:
        raise TransitionNotAllowed(_("Reports are written for an issued plan."))
    if Report.objects.filter(plan=plan, agency=agency).exists():
        raise FieldError("agency", _("This agency already has a report for the plan."))
    return Report.objects.create(plan=plan, agency=agency, created_by=actor)


def _lock(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("plan", "plan__province", "agency", "agency__unit")
        .get(pk=report.pk)
    )


@transaction.atomic
def report_update(*, actor, report: Report, summary: str | None = None, narratives: dict | None = None) -> Report:
    """Change the general assessment and the narratives ({indicator id or code: text}) of a draft
    or returned report."""
    locked = _lock(report)
    if not can_prepare_report(actor, locked.agency):
        raise NotPermitted(_("You cannot write this agency's report."))
    if locked.status not in EDITABLE:
        raise TransitionNotAllowed(_("A submitted report can no longer change."))
    if summary is not None:
        locked.summary = text(summary)
    if narratives:
        covered = {i.pk: i for i in report_indicators(locked)}
        by_code = {i.code: i for i in covered.values()}
        errors: dict[str, list[str]] = {}
        for key, value in narratives.items():
            indicator = (
                covered.get(key)
                if isinstance(key, int)
                else by_code.get(str(key)) or covered.get(int(key) if str(key).isdigit() else -1)
            )
            if indicator is None:
                errors[f"narratives.{key}"] = [_("This indicator is not part of the report.")]
                continue
            ReportNarrative.objects.update_or_create(report=locked, indicator=indicator, defaults={"text": text(value)})
        if errors:
            raise InvalidInput(errors)
    locked.version += 1
    locked.save()
    return locked


@transaction.atomic
def report_submit(*, actor, report: Report, as_of: date | None = None) -> ReportSubmission:
    """Freeze the figures computed now and the narratives into a new submission."""
    locked = _lock(report)
    if not can_prepare_report(actor, locked.agency):
        raise NotPermitted(_("You cannot submit this agency's report."))
    if locked.status not in EDITABLE:
        raise TransitionNotAllowed(_("Only a draft or returned report can be submitted."))
    if locked.plan.status == PlanStatus.DRAFT:
        raise TransitionNotAllowed(_("The plan has not been issued."))
    unit, as_of, rows = report_figures(locked, as_of=as_of)
    narratives = {n.indicator_id: n.text for n in locked.narratives.all()}
    for row in rows:
        row["narrative"] = narratives.get(row["indicator_id"], "")
    now = timezone.now()
    number = (locked.submissions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    submission = ReportSubmission.objects.create(
        report=locked, number=number, submitted_at=now, submitted_by=actor, unit=unit, as_of=as_of,
        figures=rows, summary=locked.summary,
    )  # fmt: skip
    locked.status = ReportStatus.SUBMITTED
    locked.submitted_at, locked.submitted_by = now, actor
    locked.decided_at = locked.decided_by = None
    locked.version += 1
    locked.save()
    return submission


@transaction.atomic
def report_accept(*, actor, report: Report, note: str = "") -> Report:
    locked = _lock(report)
    if not can_decide_report(actor, locked.plan):
        raise NotPermitted(_("Only the plan's provincial officers accept reports."))
    if locked.status != ReportStatus.SUBMITTED:
        raise TransitionNotAllowed(_("Only a submitted report can be accepted."))
    if locked.submitted_by_id == actor.pk:
        raise NotPermitted(_("A report cannot be accepted by the person who submitted it."))
    locked.status = ReportStatus.ACCEPTED
    locked.decided_at, locked.decided_by = timezone.now(), actor
    locked.return_reason = ""
    locked.version += 1
    locked.save()
    return locked


@transaction.atomic
def report_return(*, actor, report: Report, reason: str) -> Report:
    locked = _lock(report)
    if not can_decide_report(actor, locked.plan):
        raise NotPermitted(_("Only the plan's provincial officers return reports."))
    if locked.status != ReportStatus.SUBMITTED:
        raise TransitionNotAllowed(_("Only a submitted report can be returned."))
    reason = text(reason)
    if not reason:
        raise FieldError("reason", _("Say why the report is returned."))
    locked.status = ReportStatus.RETURNED
    locked.decided_at, locked.decided_by = timezone.now(), actor
    locked.return_reason = reason
    locked.version += 1
    locked.save()
    return locked
