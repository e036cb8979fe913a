"""The sign-off of a period's figures — what may leave the system for national systems:

    prepare ──▶ prepared ──sign off──▶ signed_off ──(the period signed off again)──▶ superseded
                    └──reject (with the reason)──▶ rejected

`figures_prepare` computes the period's figures for every commune of the plan (and the province's
total) and freezes them; `figures_sign_off` is done by a provincial officer who is not the person
who prepared them (the database refuses it too); only signed-off values are exported or sent.
A period is one of the plan's `ExportPeriod` rows (set by an administrator), and it can be
prepared once it has ended.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.errors import FieldError, NotPermitted, TransitionNotAllowed

from ..definition import load_definition
from ..models import ExportPeriod, PeriodSignOff, Plan, PlanStatus, SignedValue, SignOffStatus
from ..rollup import Period, compute
from ..scoping import can_prepare_figures, can_sign_off_figures, plan_territory
from ._common import text, today
from .summary import province_events_unit


@transaction.atomic
def figures_prepare(*, actor, plan: Plan, period: str) -> PeriodSignOff:
    """Freeze the figures of one of the plan's periods, for another person to sign off."""
    if not can_prepare_figures(actor, plan):
        raise NotPermitted(_("Only the plan's provincial and statistics officers prepare figures for sign-off."))
    plan = Plan.objects.select_for_update(of=("self",)).select_related("province").get(pk=plan.pk)
    if plan.status == PlanStatus.DRAFT:
        raise TransitionNotAllowed(_("The plan has not been issued."))
    row = ExportPeriod.objects.filter(plan=plan, period=(period or "").strip()).select_related("plan").first()
    if row is None:
        raise FieldError("period", _("This period is not one of the plan's periods for DHIS2 (an administrator sets them)."))
    start, end = row.span()
    if end >= today():
        raise FieldError(
            "period",
            _("The period ends on %(date)s: its figures can be prepared from the next day.")
            % {"date": end.strftime("%d/%m/%Y")},
        )
    if PeriodSignOff.objects.filter(plan=plan, period=row.period, status=SignOffStatus.PREPARED).exists():
        raise TransitionNotAllowed(_("The figures of this period already await sign-off."))
    sign_off = PeriodSignOff.objects.create(
        plan=plan, period=row.period, period_start=start, period_end=end, prepared_by=actor,
        prepared_at=timezone.now(),
    )  # fmt: skip
    communes = plan_territory(plan)
    events_unit = province_events_unit(plan)
    values = []
    for indicator in plan.indicators.order_by("sort_order", "code"):
        counts = compute(load_definition(indicator.definition), Period(start, end), communes, province_id=events_unit)
        den = indicator.is_percentage
        for commune_id in communes:
            numerator, denominator = counts.commune(commune_id)
            values.append(
                SignedValue(sign_off=sign_off, indicator=indicator, indicator_code=indicator.code, unit_id=commune_id,
                            numerator=numerator, denominator=denominator if den else None)
            )  # fmt: skip
        values.append(
            SignedValue(sign_off=sign_off, indicator=indicator, indicator_code=indicator.code, unit_id=plan.province_id,
                        numerator=counts.total, denominator=counts.den_total if den else None)
        )  # fmt: skip
    SignedValue.objects.bulk_create(values, batch_size=2000)
    sign_off.value_count = len(values)
    sign_off.save(update_fields=["value_count"])
    return sign_off


def _lock(sign_off: PeriodSignOff) -> PeriodSignOff:
    return (
        PeriodSignOff.objects.select_for_update(of=("self",))
        .select_related("plan", "plan__province")
        .get(pk=sign_off.pk)
    )


@transaction.atomic
def figures_sign_off(*, actor, sign_off: PeriodSignOff) -> PeriodSignOff:
    """Sign off frozen figures: they replace the period's earlier signed-off figures."""
    locked = _lock(sign_off)
    if not can_sign_off_figures(actor, locked.plan):
        raise NotPermitted(_("Only the plan's provincial officers sign off figures."))
    if locked.status != SignOffStatus.PREPARED:
        raise TransitionNotAllowed(_("Only prepared figures can be signed off."))
    if locked.prepared_by_id == actor.pk:
        raise NotPermitted(_("Figures are signed off by another person than the one who prepared them."))
    PeriodSignOff.objects.filter(plan=locked.plan, period=locked.period, status=SignOffStatus.SIGNED_OFF).update(
        status=SignOffStatus.SUPERSEDED
    )
    locked.status = SignOffStatus.SIGNED_OFF
    locked.decided_by, locked.decided_at = actor, timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    return locked


@transaction.atomic
def figures_reject(*, actor, sign_off: PeriodSignOff, reason: str) -> PeriodSignOff:
    """Reject prepared figures (or withdraw one's own), with the reason; they are never sent."""
    locked = _lock(sign_off)
    if not (can_sign_off_figures(actor, locked.plan) or locked.prepared_by_id == actor.pk):
        raise NotPermitted(_("Only the plan's provincial officers reject figures."))
    if locked.status != SignOffStatus.PREPARED:
        raise TransitionNotAllowed(_("Only prepared figures can be rejected."))
    reason = text(reason)
    if not reason:
        raise FieldError("reason", _("Say why the figures are rejected."))
    locked.status = SignOffStatus.REJECTED
    locked.reject_reason = reason
    if locked.prepared_by_id != actor.pk:
        locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "reject_reason", "decided_by", "decided_at"])
    return locked
