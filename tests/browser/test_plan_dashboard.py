"""The provincial officer's plan dashboard in a real browser: the 2026 plan's indicators, the
commune table and the charts, with axe; a completed case moves the commune's figure."""

from datetime import date

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_plan_dashboard_shows_indicators_and_moves_with_a_case(page, login, axe, provincial, officer_a, leader_a,
                                                                person_a):  # fmt: skip
    from cases.plans.models import Plan
    from cases.plans.seed import load_seed_plans

    load_seed_plans(actor=provincial)
    plan = Plan.objects.get(year=2026)

    login("provincial")
    page.goto(f"{page.base}/plans/{plan.pk}/?unit={person_a.commune.code}")
    assert page.locator("svg").count() >= 1
    axe(page, "plan dashboard")
    screenshot(page, "plan-dashboard")
    before = page.locator("main").inner_text()

    from cases.services import case_record_completed
    from policies.models import Policy

    case_record_completed(actor=officer_a, person=person_a, support_type=Policy.objects.get(code="rehabilitation"),
                          on=date(2026, 5, 4))  # fmt: skip
    page.reload()
    after = page.locator("main").inner_text()
    def rehabilitation_row(text):
        return next(line for line in text.splitlines() if line.startswith("rehabilitation") and "\t" in line)

    assert "\t1\t1\t100,0" not in rehabilitation_row(before)
    assert "\t1\t1\t100,0" in rehabilitation_row(after)  # 1 of the commune's 1 person, 100 %
