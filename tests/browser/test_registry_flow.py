"""A commune officer's day in a real browser, with axe on every page it passes."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_officer_registers_a_person_and_sees_the_profile(page, login, axe, officer_a, commune_a):
    login("officer_a")
    assert page.locator("h1").first.is_visible()
    axe(page, "dashboard")
    screenshot(page, "dashboard")

    page.get_by_role("link", name="Người khuyết tật").first.click()
    axe(page, "person list")

    page.goto(page.base + "/persons/new/")
    axe(page, "empty registration form")
    # submit with a bad ID number first: field errors in Vietnamese, nothing saved
    page.get_by_label("Họ và tên").fill("Phạm Thị Lụa")
    page.get_by_label("Ngày sinh").fill("12/03/1987")
    page.get_by_label("Nữ").check()
    page.locator("#id_national_id").fill("12345")
    page.get_by_role("button", name="Đăng ký").click()
    assert page.locator(".error-summary").is_visible()
    axe(page, "registration form with errors")
    screenshot(page, "person-form-errors")

    page.locator("#id_national_id").fill("048187001234")
    page.get_by_label("Vận động").check()
    page.get_by_label("Mức độ khuyết tật").select_option("severe")
    page.get_by_role("button", name="Đăng ký").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Phạm Thị Lụa").is_visible()
    assert "048187001234" in page.content()
    axe(page, "person page")
    screenshot(page, "person")


def test_keyboard_alone_reaches_the_search(page, login, axe, officer_a, person_a, commune_a):
    login("officer_a")
    page.goto(page.base + "/persons/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    search = page.locator("input[name=q]")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "q":
            break
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.type("nguyen van an")
    page.keyboard.press("Enter")
    page.wait_for_url("**/persons/?*q=*")
    assert page.get_by_role("link", name="Nguyễn Văn An").is_visible()
    assert search.input_value() == "nguyen van an"
    assert page.get_by_role("cell", name=commune_a.name).is_visible()
    axe(page, "person list with a name search")
    screenshot(page, "person-list")
