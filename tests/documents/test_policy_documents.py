"""The allowance decision and the payroll list (data from the policies app)."""

from datetime import date

import pytest
from django.urls import reverse

from registry.models import AccessLog
from tests.documents.conftest import pdf_fonts, pdf_page_count, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalogue(db):
    from policies.models import Policy
    from policies.seed import load_policies

    if not Policy.objects.filter(code="monthly_allowance").exists():
        load_policies()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def granted(officer_a, commune_a, leader_a):
    """A woman, especially severe, born 1950 (elderly), certified 15/03/2024; granted from 08/2024."""
    from tests.policies.conftest import grant, recipient_maker

    person = recipient_maker(officer_a, commune_a)(
        full_name="Phạm Thị Lệ Thủy", sex="female", dob=date(1950, 4, 2), level="especially_severe",
        certified_on=date(2024, 3, 15), village="Tổ 12",
    )  # fmt: skip
    decision = grant(leader_a, person, effective_month="2024-08", decided_on=date(2024, 8, 5), number="45/QĐ-UBND")
    return decision


def test_decision_reads_like_a_vietnamese_administrative_decision(api_client, leader_a, granted):
    api_client.force_authenticate(leader_a)
    response = api_client.get(reverse("api-decision-document-pdf", args=[granted.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].isascii()
    text = pdf_text(response.content)
    for expected in [
        "ỦY BAN NHÂN DÂN",
        "PHƯỜNG HẢI CHÂU",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 45/QĐ-UBND",
        "Hải Châu, ngày 05 tháng 8 năm 2024",
        "QUYẾT ĐỊNH",
        "Về việc hưởng trợ cấp xã hội hằng tháng",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG HẢI CHÂU",
        "Căn cứ Luật Tổ chức chính quyền địa phương;",
        "Căn cứ Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ",
        "được sửa đổi, bổ sung bởi Nghị định số 76/2024/NĐ-CP của Chính phủ;",
        "Căn cứ quy định về trợ cấp xã hội hằng tháng tại Nghị định 20/2021/NĐ-CP",  # the policy's own basis
        "Xét đề nghị của công chức phụ trách văn hóa - xã hội Phường Hải Châu.",
        "QUYẾT ĐỊNH:",
        "Điều 1.",
        "Phạm Thị Lệ Thủy",
        "sinh ngày 02/04/1950",
        "Tổ 12, Phường Hải Châu, Thành phố Đà Nẵng",
        "Mức hưởng: 1.250.000 đ/tháng",  # 2.5 × 500.000 đ
        "kể từ tháng 08/2024",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 3. Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân Phường Hải Châu",
        "Nơi nhận: - Như Điều 3; - Lưu: VT.",
        "CHỦ TỊCH",
    ]:
        assert expected in text, expected
    assert "147/2025" not in text  # signed before 01/07/2025
    assert set(pdf_fonts(response.content).values()) == {"Liberation Serif"}
    assert AccessLog.objects.filter(user=leader_a, action="document", person=granted.person).exists()


def test_payroll_lists_recipients_with_totals_and_signature_column(api_client, officer_a, leader_a, commune_a, granted):
    from policies.services import payroll_approve, payroll_prepare

    payroll = payroll_approve(
        actor=leader_a, payroll=payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 8, 1))
    )
    api_client.force_authenticate(officer_a)
    response = api_client.get(reverse("api-payroll-document-pdf", args=[payroll.pk]))
    assert response.status_code == 200
    assert f"danh-sach-chi-tra-{commune_a.code}-2024-08.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    for expected in [
        "DANH SÁCH CHI TRẢ",
        "Tháng 08/2024",
        "Ký nhận",
        "Phạm Thị Lệ Thủy",
        "1950",
        "Trợ cấp xã hội hằng tháng",
        "1.250.000",
        "Tổng số tiền chi trả: 1.250.000 đ",
        "Trang 1/1",
        "Người lập danh sách".upper(),
    ]:
        assert expected in text, expected


def test_long_payroll_repeats_its_header_and_numbers_pages(officer_a, leader_a, commune_a, granted):
    from policies.documents import PAYROLL_TEMPLATE, payroll_context
    from policies.services import payroll_prepare
    from registry.documents.rendering import render_pdf

    payroll = payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 8, 1))
    context = payroll_context(payroll)
    context["rows"] = context["rows"] * 60  # one recipient repeated: enough for several pages
    data = render_pdf(PAYROLL_TEMPLATE, context)
    pages = pdf_page_count(data)
    assert pages >= 3
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    assert "Ký nhận" in reader.pages[1].extract_text()  # the header row repeats
    assert "Trang 2/" in reader.pages[1].extract_text()
    assert f"Trang {pages}/{pages}" in reader.pages[-1].extract_text()
    assert "(Dự thảo" in pdf_text(data)  # not approved yet


@pytest.mark.parametrize("role", ["officer_b", "statistician"])
def test_policy_documents_are_404_outside_the_scope(api_client, request, officer_a, commune_a, granted, role):
    from policies.services import payroll_prepare

    payroll = payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 8, 1))
    api_client.force_authenticate(request.getfixturevalue(role))
    assert api_client.get(reverse("api-decision-document-pdf", args=[granted.pk])).status_code == 404
    assert api_client.get(reverse("api-payroll-document-pdf", args=[payroll.pk])).status_code == 404


def test_policy_documents_need_authentication(api_client, granted):
    assert api_client.get(reverse("api-decision-document-pdf", args=[granted.pk])).status_code == 401


def test_unknown_decision_is_404(api_client, leader_a):
    api_client.force_authenticate(leader_a)
    assert api_client.get(reverse("api-decision-document-pdf", args=[999999])).status_code == 404


def test_legal_bases_are_data_dated_by_the_decision(officer_a, leader_a, commune_a):
    from policies.documents import decision_context
    from registry.documents.models import LegalBasis
    from tests.policies.conftest import grant, recipient_maker

    person = recipient_maker(officer_a, commune_a)(level="especially_severe", certified_on=date(2025, 6, 2))
    decision = grant(leader_a, person, effective_month="2025-08", decided_on=date(2025, 8, 4))
    bases = decision_context(decision)["legal_bases"]
    assert "Nghị định số 147/2025/NĐ-CP của Chính phủ" in bases  # in force since 01/07/2025
    row = LegalBasis.objects.get(document="decision", text="Luật Tổ chức chính quyền địa phương")
    row.text = "Luật Tổ chức chính quyền địa phương số 72/2025/QH15"  # an administrator completes it
    row.save()
    assert decision_context(decision)["legal_bases"][0] == "Luật Tổ chức chính quyền địa phương số 72/2025/QH15"
