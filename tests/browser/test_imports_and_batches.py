"""The import and document-batch pages in a real browser: a commune officer uploads a register with
a bad row, reads the row's error on the job page, and asks for a batch of certificates; axe on
every page passed."""

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

REGISTER = (
    "Họ và tên,Ngày sinh,Giới tính,Số định danh cá nhân,Tỉnh/Thành phố,Xã/Phường,Dạng tật,Mức độ khuyết tật\n"
    "Lê Thị Hoa,05/06/1990,Nữ,048190001111,Đà Nẵng,Hải Châu,Vận động,Nặng\n"
    "Phan Văn Nam,31/02/1985,Nam,048085002222,Đà Nẵng,Hải Châu,Nhìn,Nhẹ\n"
)


def test_officer_checks_a_register_and_reads_the_row_errors(page, login, axe, officer_a, commune_a, tmp_path):
    login("officer_a")
    page.goto(page.base + "/imports/")
    axe(page, "import page")
    register = tmp_path / "so-theo-doi.csv"
    register.write_text(REGISTER, encoding="utf-8")
    page.get_by_label("Tệp danh sách").set_input_files(str(register))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.wait_for_url("**/imports/jobs/*/")
    errors = page.locator("table").last.inner_text()
    # row 3 of the sheet, its column and the reason; the clean row is counted as new
    assert "3\tNgày sinh\t31/02/1985 không phải là ngày có thật" in errors
    assert page.locator("#count-new").inner_text().strip() == "1"
    assert page.locator("#count-errors").inner_text().strip() == "1"
    axe(page, "import job with row errors")
    screenshot(page, "import-job")


def test_officer_asks_for_a_certificate_batch(page, login, axe, officer_a, person_a):
    login("officer_a")
    page.goto(page.base + "/documents/batches/")
    axe(page, "document batches")
    section = page.locator("section.batch-kind").first
    section.get_by_role("button", name="Tạo tệp PDF").click()
    page.wait_for_url("**/documents/batches/*/")
    assert page.get_by_role("heading", level=1).is_visible()
    # the only resident has no certificate yet: the batch ends with a message, not an empty PDF
    assert "Phường Hải Châu không có giấy xác nhận khuyết tật còn hiệu lực để in." in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Tải tệp PDF").count() == 0
    axe(page, "document batch")
