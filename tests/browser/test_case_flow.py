"""Open a case as the commune officer, approve it as the leader, download a certificate — in a
real browser, with axe on the pages it passes and keyboard-only submission of the case form."""


import pytest
from django.utils import timezone

from registry.services import certificate_issue
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_case_opened_assessed_approved_and_certificate_downloaded(page, login, axe, officer_a, leader_a, person_a,
                                                                  commune_a):  # fmt: skip
    certificate_issue(actor=officer_a, person=person_a, number="0001/GXN-2026", issued_on=timezone.localdate(),
                      issuing_commune=commune_a)  # fmt: skip

    login("officer_a")
    page.goto(f"{page.base}/cases/new/?person={person_a.pk}")
    axe(page, "case form")
    page.locator("#id_domain").select_option("health")
    options = page.locator("#id_support_type option").evaluate_all(
        "opts => opts.map(o => o.value).filter(v => v)"
    )
    page.locator("#id_support_type").select_option(options[0])
    page.locator("#id_description").fill("Cần xe lăn và phục hồi chức năng tại nhà")
    # keyboard only: focus the description and submit with the keyboard
    page.locator("#id_description").focus()
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.type") != "submit":
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cases/*/")
    case_url = page.url
    assert "Cần xe lăn" in page.content()
    axe(page, "case page")
    with page.expect_navigation():
        page.get_by_role("button", name="Thẩm định").click()
    screenshot(page, "case")

    page.context.clear_cookies()
    login("leader_a")
    page.goto(case_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Phê duyệt").click()
    assert "Đã phê duyệt" in page.content() or "Đã duyệt" in page.content()

    page.goto(f"{page.base}/persons/{person_a.pk}/")
    link = page.get_by_role("link", name="Giấy xác nhận khuyết tật", exact=False).first
    response = page.request.get(page.base + link.get_attribute("href"))  # with the leader's session
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert ".pdf" in response.headers["content-disposition"]
    assert response.body()[:5] == b"%PDF-"
