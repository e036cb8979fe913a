"""The full plan report as a background batch: the report, then an annex per commune."""

import pytest
from django.urls import reverse

from cases.plans.report import plan_report_pdf
from registry.documents import batches
from registry.documents.models import BatchStatus, DocumentBatch
from registry.errors import FieldError, NotPermitted
from registry.models import AdminUnit
from tests.documents.conftest import pdf_page_count, pdf_text
from tests.plans.conftest import (  # noqa: F401 (fixtures)
    HEALTH_ACCESS,
    REHABILITATION,
    add_indicator,
    association_agency,
    commune_a_agency,
    commune_b_agency,
    health_department,
    plan,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def small_plan(plan, add_indicator):  # noqa: F811
    """The 2026 plan of Đà Nẵng with two indicators (a percentage and a count)."""
    add_indicator(plan, "health_access", HEALTH_ACCESS, target=80, name="Tiếp cận dịch vụ y tế")
    add_indicator(plan, "rehabilitation", REHABILITATION, target=10, name="Phục hồi chức năng, dụng cụ")
    return plan


def _start(actor, plan):  # noqa: F811
    return batches.batch_start(actor=actor, kind="plan_report", params={"plan": plan.pk})


def test_province_report_with_an_annex_for_every_commune(provincial, small_plan, province):
    communes = list(AdminUnit.objects.filter(parent=province, level="commune", is_current=True))
    batch = _start(provincial, small_plan)
    assert batch.commune is None and batch.total == 1 + len(communes)
    assert "Thành phố Đà Nẵng" in batch.title
    batch = batches.batch_run(batch.pk)
    assert batch.status == BatchStatus.DONE
    assert batch.done == batch.total
    data = batch.file.read()
    single = plan_report_pdf(viewer=provincial, plan=small_plan)
    assert batch.pages == pdf_page_count(data) > pdf_page_count(single)
    text = pdf_text(data)
    assert "Kết quả thực hiện các chỉ tiêu" in text  # the report itself comes first
    assert "PHỤ LỤC" in text and f"({len(communes)} đơn vị)" in text
    for commune in communes:
        assert f"{commune.name} (mã {commune.code})" in text, commune.name
    assert "Tiếp cận dịch vụ y tế" in text and "Phục hồi chức năng, dụng cụ" in text
    assert batches.batch_filename(batch).startswith(f"bao-cao-ke-hoach-2026-{province.code}-kem-phu-luc-")


def test_a_commune_officer_gets_only_its_commune(officer_a, small_plan, commune_a, commune_b):
    batch = batches.batch_run(_start(officer_a, small_plan).pk)
    assert (batch.status, batch.total, batch.done) == (BatchStatus.DONE, 2, 2)
    text = pdf_text(batch.file.read())
    assert f"Phường Hải Châu (mã {commune_a.code})" in text
    assert commune_b.name not in text


def test_the_report_batch_is_seen_by_its_requester_and_admins(
    client_for, provincial, officer_a, admin_user, small_plan, make_user, province
):
    batch = batches.batch_run(_start(provincial, small_plan).pk)
    detail = reverse("documents:batch_detail", args=[batch.pk])
    download = reverse("documents:batch_download", args=[batch.pk])
    assert client_for(provincial).get(download).status_code == 200
    assert client_for(admin_user).get(detail).status_code == 200
    other_provincial = make_user("provincial_officer", province, username="provincial_2")
    for viewer in (officer_a, other_provincial):
        client = client_for(viewer)
        assert client.get(detail).status_code == 404
        assert client.get(download).status_code == 404


def test_a_plan_outside_the_area_is_refused(make_user, provincial, small_plan, unit):
    hanoi = make_user("commune_officer", unit("00004"), username="officer_hanoi")
    with pytest.raises(NotPermitted):  # no plan touches the area: the kind is not offered at all
        _start(hanoi, small_plan)
    for value in ("abc", "", 999999):
        with pytest.raises(FieldError) as caught:
            batches.batch_start(actor=provincial, kind="plan_report", params={"plan": value})
        assert caught.value.field == "plan"
    assert not DocumentBatch.objects.exists()


def test_numbers_only_for_the_statistics_officer(statistician, small_plan):
    batch = batches.batch_run(_start(statistician, small_plan).pk)
    assert batch.status == BatchStatus.DONE
    assert "Số người từ 1 đến 4" in pdf_text(batch.file.read())


def test_plan_page_button_starts_the_batch_and_lands_on_its_page(
    client_for, provincial, small_plan, django_capture_on_commit_callbacks
):
    client = client_for(provincial)
    page = client.get(reverse("plans:plan_detail", args=[small_plan.pk])).content.decode()
    assert "Chuẩn bị báo cáo đầy đủ (PDF)" in page
    assert f'name="plan_report-plan" value="{small_plan.pk}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("documents:batch_list"), {"kind": "plan_report", "plan_report-plan": str(small_plan.pk)}
        )
    batch = DocumentBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:batch_detail", args=[batch.pk])
    landing = client.get(response["Location"]).content.decode()
    assert reverse("documents:batch_download", args=[batch.pk]) in landing
