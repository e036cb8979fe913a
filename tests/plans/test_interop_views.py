"""The pages of the national exports: periods and their sign-off, the frozen figures, the
downloads (logged), and who sees what."""

import json

import pytest
from django.urls import reverse

from cases.plans.models import PeriodSignOff, SignOffStatus
from registry.models import AccessLog

from . import interop_fixtures as fx
from .interop_fixtures import DE_REHAB, OU_A

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
signed_q1 = fx.signed_q1

pytestmark = pytest.mark.django_db


def test_the_export_page_links_to_the_national_exports(client, mapping, provincial):
    client.force_login(provincial)
    page = client.get(reverse("plans:exports", args=[mapping.pk])).content.decode()
    assert reverse("plans:national_exports", args=[mapping.pk]) in page


def test_prepare_then_sign_off_on_the_pages(client, quarter_data, mapping, statistician, provincial):
    client.force_login(statistician)
    page = client.get(reverse("plans:national_exports", args=[mapping.pk])).content.decode()
    assert "2026Q1" in page and reverse("plans:figures_prepare", args=[mapping.pk]) in page
    response = client.post(reverse("plans:figures_prepare", args=[mapping.pk]), {"period": "2026Q1"})
    sign_off = PeriodSignOff.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "plans:sign_off_detail", args=[mapping.pk, sign_off.pk]
    )
    detail = client.get(response["Location"]).content.decode()
    assert reverse("plans:sign_off_sign", args=[mapping.pk, sign_off.pk]) not in detail  # not for the preparer
    assert "&lt;5" in detail  # the statistics officer's view hides small counts here too
    client.post(reverse("plans:sign_off_sign", args=[mapping.pk, sign_off.pk]))
    assert PeriodSignOff.objects.get().status == SignOffStatus.PREPARED
    client.force_login(provincial)
    detail = client.get(response["Location"]).content.decode()
    assert reverse("plans:sign_off_sign", args=[mapping.pk, sign_off.pk]) in detail
    client.post(reverse("plans:sign_off_sign", args=[mapping.pk, sign_off.pk]))
    assert PeriodSignOff.objects.get().status == SignOffStatus.SIGNED_OFF


def test_reject_needs_a_reason(client, quarter_data, mapping, statistician, provincial):
    from cases.plans.services import figures_prepare

    sign_off = figures_prepare(actor=statistician, plan=mapping, period="2026Q1")
    client.force_login(provincial)
    url = reverse("plans:sign_off_reject", args=[mapping.pk, sign_off.pk])
    client.post(url, {"reason": ""})
    assert PeriodSignOff.objects.get().status == SignOffStatus.PREPARED
    client.post(url, {"reason": "Số liệu xã Hải Châu chưa đủ"})
    sign_off.refresh_from_db()
    assert sign_off.status == SignOffStatus.REJECTED and sign_off.reject_reason == "Số liệu xã Hải Châu chưa đủ"


def test_commune_officers_see_the_files_not_the_sign_offs(client, signed_q1, mapping, officer_a):
    client.force_login(officer_a)
    page = client.get(reverse("plans:national_exports", args=[mapping.pk])).content.decode()
    assert reverse("plans:figures_prepare", args=[mapping.pk]) not in page
    assert reverse("plans:dhis2_push", args=[mapping.pk]) not in page
    assert reverse("plans:sign_off_detail", args=[mapping.pk, signed_q1.pk]) not in page
    assert client.get(reverse("plans:sign_off_detail", args=[mapping.pk, signed_q1.pk])).status_code == 404
    assert client.post(reverse("plans:figures_prepare", args=[mapping.pk]), {"period": "2026Q2"}).status_code == 302
    assert PeriodSignOff.objects.count() == 1
    body = json.loads(client.get(reverse("plans:export_dhis2", args=[mapping.pk])).content)
    assert {v["orgUnit"] for v in body["dataValues"]} == {OU_A}


def test_downloads_are_logged(client, signed_q1, mapping, provincial):
    client.force_login(provincial)
    response = client.get(reverse("plans:export_adx", args=[mapping.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/adx+xml")
    assert DE_REHAB.encode() in response.content
    body = json.loads(client.get(reverse("plans:export_dhis2", args=[mapping.pk])).content)
    assert len(body["dataValues"]) == 6
    details = set(AccessLog.objects.filter(user=provincial, action="export").values_list("detail", flat=True))
    assert {f"plan={mapping.pk} ADX", f"plan={mapping.pk} DHIS2 data value set"} <= details


def test_nothing_to_download_goes_back_with_a_message(client, quarter_data, mapping, provincial):
    client.force_login(provincial)
    response = client.get(reverse("plans:export_adx", args=[mapping.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("plans:national_exports", args=[mapping.pk])
    assert not AccessLog.objects.filter(user=provincial, detail__contains="ADX").exists()


def test_other_provinces_see_nothing(client, signed_q1, mapping, make_user, unit):
    hanoi = make_user("provincial_officer", unit("01"), username="hanoi")
    client.force_login(hanoi)
    for name in ("national_exports", "export_adx", "export_dhis2"):
        assert client.get(reverse(f"plans:{name}", args=[mapping.pk])).status_code == 404
    assert client.get(reverse("plans:sign_off_detail", args=[mapping.pk, signed_q1.pk])).status_code == 404
