"""The demo seeder (both plans, reports in every status, summaries computed), on a small register."""

import io
import random
from datetime import date

import pytest

from cases.plans import demo
from cases.plans.models import Plan, PlanStatus, PlanSummary, ReportStatus
from cases.plans.selectors import plan_flags
from registry.demo import seed_register

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)


@pytest.fixture
def register():
    return seed_register(count=120, seed=7, today=TODAY)


def test_demo_seeds_both_plans_with_reports_in_every_status(register):
    out = io.StringIO()
    demo.seed(rng=random.Random(1), persons=register.persons, users=register.users, today=TODAY, stdout=out)
    old = Plan.objects.get(document_number="785/KH-UBND")
    new = Plan.objects.get(year=2026)
    assert old.status == PlanStatus.CLOSED and old.province.code == "49" and not old.province.is_current
    assert old.lead_agency.code == "so-ldtbxh-49" and new.lead_agency.code == "so-y-te-48"
    assert old.lead_agency.replaced_by is not None
    assert new.status == PlanStatus.ISSUED
    assert old.indicators.count() == new.indicators.count() == 10
    assert new.indicators.filter(target_is_illustrative=True).exists()
    statuses = set(new.reports.values_list("status", flat=True)) | set(old.reports.values_list("status", flat=True))
    assert statuses == set(ReportStatus.values)
    assert PlanSummary.objects.filter(computed_at__isnull=False).count() == 2
    flags = plan_flags(new, today=TODAY)
    assert flags.missing_agency_plans and flags.overdue_reports
    assert "plans=2" in out.getvalue()


def test_load_plans_command_is_idempotent(provincial):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("load_plans", "--actor", provincial.username, stdout=out)
    call_command("load_plans", "--actor", provincial.username, stdout=out)
    assert Plan.objects.count() == 2
    assert "785/KH-UBND" in out.getvalue()
