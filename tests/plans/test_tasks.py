"""The periodic refresh (Celery beat): an issued plan whose data changed gets a new summary; a
fresh one is left alone."""

from datetime import date

from cases.plans.models import PlanSummary
from cases.plans.services import summary_refresh
from cases.plans.tasks import refresh_stale_summaries

from .helpers import make_case, make_person


def test_refresh_stale_summaries_recomputes_only_plans_whose_data_changed(issued_plan, officer_a, commune_a):
    summary_refresh(plan=issued_plan)
    computed = PlanSummary.objects.get(plan=issued_plan).computed_at
    assert refresh_stale_summaries() == 0  # nothing changed since
    assert PlanSummary.objects.get(plan=issued_plan).computed_at == computed
    make_case(
        make_person(commune_a), actor=officer_a, domain="health", status="approved", requested_on=date(2026, 5, 5)
    )
    assert refresh_stale_summaries() == 1
    assert PlanSummary.objects.get(plan=issued_plan).computed_at > computed
    assert refresh_stale_summaries() == 0
