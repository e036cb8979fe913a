"""The precomputed summary of a plan: every indicator for the province and each commune, and the
province's figure at the end of every month (for the chart), on the default reference date.

Province-wide pages read it (and show when it was computed); `summary_ensure` asks for a refresh
when the data changed since (`fingerprint`): the background task recomputes it — at once in tests
and in the demo, where tasks run eagerly.
"""

import time
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..definition import load_definition
from ..fingerprint import data_fingerprint
from ..models import Plan, PlanSummary, SummaryCell
from ..rollup import Period, compute, month_ends, plan_period
from ..scoping import plan_territory
from ._common import today as _today

# A refresh asked for less than this long ago is not asked for again (the worker is on it).
REFRESH_PENDING = timedelta(minutes=10)


def default_as_of(plan: Plan, today: date | None = None) -> date:
    """Today, within the plan's period: the figures so far, or the whole period once it is over."""
    today = today or _today()
    return min(max(today, plan.period_start), plan.period_end)


def province_events_unit(plan: Plan) -> int | None:
    """Events held at the province count in the province's totals (a current province only)."""
    return plan.province_id if plan.province.is_current else None


def summary_refresh(*, plan: Plan, today: date | None = None) -> PlanSummary:
    """Recompute the plan's summary now (called by the background task)."""
    started = time.monotonic()
    fingerprint = data_fingerprint(plan)  # read first: a change during the computation triggers the next refresh
    as_of = default_as_of(plan, today)
    period = plan_period(plan, as_of)
    communes = plan_territory(plan)
    events_unit = province_events_unit(plan)
    cells = []
    for indicator in plan.indicators.all():
        definition = load_definition(indicator.definition)
        counts = compute(definition, period, communes, province_id=events_unit)
        for commune_id in communes:
            numerator, denominator = counts.commune(commune_id)
            cells.append(
                SummaryCell(plan=plan, indicator=indicator, unit_id=commune_id, as_of=as_of,
                            numerator=numerator, denominator=denominator)
            )  # fmt: skip
        cells.append(
            SummaryCell(plan=plan, indicator=indicator, unit_id=plan.province_id, as_of=as_of,
                        numerator=counts.total, denominator=counts.den_total)
        )  # fmt: skip
        for month_end in month_ends(period)[:-1]:
            month = compute(
                definition, Period(period.start, month_end), communes, province_id=events_unit, by_commune=False
            )
            cells.append(
                SummaryCell(plan=plan, indicator=indicator, unit_id=plan.province_id, as_of=month_end,
                            numerator=month.total, denominator=month.den_total)
            )  # fmt: skip
    with transaction.atomic():
        SummaryCell.objects.filter(plan=plan).delete()
        SummaryCell.objects.bulk_create(cells, batch_size=2000)
        summary, _created = PlanSummary.objects.select_for_update().get_or_create(plan=plan)
        summary.as_of = as_of
        summary.computed_at = timezone.now()
        summary.fingerprint = fingerprint
        summary.duration_ms = int((time.monotonic() - started) * 1000)
        summary.refresh_requested_at = None
        summary.save()
    return summary


def summary_is_fresh(plan: Plan, summary: PlanSummary | None, *, today: date | None = None) -> bool:
    return bool(
        summary is not None
        and summary.computed_at is not None
        and summary.as_of == default_as_of(plan, today)
        and summary.fingerprint == data_fingerprint(plan)
    )


def summary_request_refresh(*, plan: Plan) -> None:
    """Ask the background task to recompute the summary after the current transaction commits.

    With eager tasks (tests, demo) nothing is queued: the next province-wide read finds the
    summary out of date and recomputes it on the spot (`summary_ensure`)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    from ..tasks import refresh_plan_summary

    now = timezone.now()
    summary, _created = PlanSummary.objects.get_or_create(plan=plan)
    if summary.refresh_requested_at and now - summary.refresh_requested_at < REFRESH_PENDING:
        return
    PlanSummary.objects.filter(pk=summary.pk).update(refresh_requested_at=now)
    transaction.on_commit(lambda: refresh_plan_summary.delay(plan.pk))


def summary_ensure(*, plan: Plan, today: date | None = None) -> tuple[PlanSummary | None, bool]:
    """The plan's summary and whether it is up to date. An out-of-date summary is recomputed at
    once with eager tasks, else a refresh is queued and the previous figures are returned."""
    summary = PlanSummary.objects.filter(plan=plan).first()
    if summary_is_fresh(plan, summary, today=today):
        return summary, True
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return summary_refresh(plan=plan, today=today), True
    summary_request_refresh(plan=plan)
    return summary, False
