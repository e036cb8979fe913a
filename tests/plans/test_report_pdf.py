"""The annual plan report PDF: indicators, chart and narratives, scoped like the dashboard."""

import io

import pytest
from pypdf import PdfReader


@pytest.fixture
def plan_2026(provincial):
    from cases.plans.models import Plan
    from cases.plans.seed import load_seed_plans

    load_seed_plans(actor=provincial)
    return Plan.objects.get(year=2026)


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_province_report_renders_in_vietnamese_with_its_indicators(client, provincial, plan_2026):
    client.force_login(provincial)
    response = client.get(f"/api/v1/plans/{plan_2026.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Kết quả thực hiện các chỉ tiêu" in text
    assert "Thành phố Đà Nẵng" in text
    indicator = plan_2026.indicators.first()
    assert indicator.name.split()[0] in text
    page = client.get(f"/plans/{plan_2026.pk}/report.pdf?unit=20242")
    assert page.status_code == 200 and "Phường Hải Châu" in _text(page.content)


def test_report_outside_the_scope_is_404(client, officer_a, plan_2026):
    client.force_login(officer_a)
    assert client.get(f"/plans/{plan_2026.pk}/report.pdf?unit=20341").status_code == 404
    assert client.get(f"/api/v1/plans/{plan_2026.pk}/report.pdf?unit=20341").status_code == 404
