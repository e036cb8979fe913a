"""The national exports in a real browser, with axe: the periods page, preparing a quarter's
figures, and the frozen figures signed off by another provincial officer."""

import pytest

from tests.plans import interop_fixtures as fx

add_indicator = fx.add_indicator
association_agency = fx.association_agency
commune_a_agency = fx.commune_a_agency
commune_b_agency = fx.commune_b_agency
health_department = fx.health_department
issued_plan = fx.issued_plan
mapping = fx.mapping
plan = fx.plan
provincial_2 = fx.provincial_2
quarter_data = fx.quarter_data

pytestmark = pytest.mark.browser


def test_prepare_and_sign_off_a_quarter(page, login, axe, quarter_data, mapping, statistician, provincial):
    from cases.plans.models import PeriodSignOff, SignOffStatus

    login("statistician")
    page.goto(f"{page.base}/plans/{mapping.pk}/exports/national/")
    axe(page, "national exports")
    with page.expect_navigation():
        page.get_by_role("button", name="Chốt số liệu 2026Q1").click()
    assert "2026Q1" in page.locator("h1").inner_text()
    axe(page, "frozen figures (preparer)")
    assert page.get_by_role("button", name="Phê duyệt số liệu").count() == 0

    page.context.clear_cookies()
    login("provincial")
    page.goto(f"{page.base}/plans/{mapping.pk}/exports/national/sign-offs/{PeriodSignOff.objects.get().pk}/")
    axe(page, "frozen figures (signer)")
    with page.expect_navigation():
        page.get_by_role("button", name="Phê duyệt số liệu").click()
    assert PeriodSignOff.objects.get().status == SignOffStatus.SIGNED_OFF
    page.goto(f"{page.base}/plans/{mapping.pk}/exports/national/")
    assert page.get_by_role("link", name="Tải về ADX (XML)").count() == 1
