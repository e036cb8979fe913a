"""Document batches through the API: 202 on start, scoped reads, the PDF once done, field errors."""

from datetime import date

import pytest

from registry.documents import batches
from registry.documents.models import DocumentBatch
from tests.policies.conftest import grant, recipient_maker

pytestmark = pytest.mark.django_db

URL = "/api/v1/document-batches/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def march(officer_a, leader_a, commune_a):
    person = recipient_maker(officer_a, commune_a)(
        full_name="Nguyễn Thị Mỹ Hạnh", sex="female", level="especially_severe", certified_on=date(2024, 9, 5)
    )
    return grant(leader_a, person, effective_month="2025-03", decided_on=date(2025, 3, 12), number="21/QĐ-UBND")


def test_start_poll_and_download_a_decisions_batch(
    api, officer_a, commune_a, march, django_capture_on_commit_callbacks
):
    client = api(officer_a)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(URL, {"kind": "decisions", "commune": commune_a.code, "month": "2025-03"}, format="json")
    assert response.status_code == 202, response.json()
    body = response.json()
    assert len(queued) == 1  # rendered in the background, after commit
    assert (body["kind"], body["status"], body["done"], body["total"], body["pages"]) == (
        "decisions",
        "pending",
        0,
        1,
        0,
    )
    assert body["commune"] == commune_a.code and body["params"] == {"commune": commune_a.code, "month": "2025-03"}
    assert body["url"].endswith(f"/documents/batches/{body['id']}/")
    assert body["download_url"] is None
    detail = f"{URL}{body['id']}/"
    assert client.get(f"{detail}document.pdf").status_code == 404  # not done yet

    batches.batch_run(body["id"])
    done = client.get(detail).json()
    assert (done["status"], done["done"], done["total"]) == ("done", 1, 1)
    assert done["pages"] >= 1 and done["download_url"].endswith(f"{detail}document.pdf")
    pdf = client.get(f"{detail}document.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "quyet-dinh-20242-2025-03.pdf" in pdf["Content-Disposition"]
    from tests.documents.conftest import pdf_text

    assert "Nguyễn Thị Mỹ Hạnh" in pdf_text(b"".join(pdf.streaming_content))


def test_other_communes_officer_gets_404_and_an_empty_list(api, officer_a, officer_b, commune_a, march):
    batch = batches.batch_run(
        batches.batch_start(
            actor=officer_a, kind="decisions", params={"commune": commune_a.code, "month": "2025-03"}
        ).pk
    )
    other = api(officer_b)
    assert other.get(f"{URL}{batch.pk}/").status_code == 404
    assert other.get(f"{URL}{batch.pk}/document.pdf").status_code == 404
    assert other.get(URL).json()["count"] == 0
    assert api(officer_a).get(URL).json()["count"] == 1


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"kind": "decisions", "commune": "20242", "month": "03/2025x"}, "month"),
        ({"kind": "decisions", "commune": "20341", "month": "2025-03"}, "commune"),
        ({"kind": "receipts", "commune": "20242"}, "kind"),
        ({"kind": "decisions", "commune": "20242"}, "month"),
        ({"commune": "20242"}, "kind"),
    ],
)
def test_bad_input_is_400_naming_the_field(api, officer_a, payload, field):
    response = api(officer_a).post(URL, payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and field in body["errors"], body
    assert body["detail"]
    assert not DocumentBatch.objects.exists()


def test_a_role_that_may_not_request_the_kind_is_403(api, association_a, commune_a):
    response = api(association_a).post(URL, {"kind": "decisions", "commune": commune_a.code, "month": "2025-03"},
                                       format="json")  # fmt: skip
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_certificates_and_plan_report_start_too(api, officer_a, provincial, commune_a, province):
    from cases.plans.models import Agency
    from cases.plans.services import plan_create

    assert (
        api(officer_a).post(URL, {"kind": "certificates", "commune": commune_a.code}, format="json").status_code == 202
    )
    lead = Agency.objects.create(code="so-y-te-48", name="Sở Y tế", kind="department", province=province)
    plan = plan_create(actor=provincial, data={
        "year": 2026, "title": "Kế hoạch năm 2026", "document_number": "1/KH-UBND", "document_date": date(2026, 1, 5),
        "issuing_body": "UBND thành phố Đà Nẵng", "province": province, "lead_agency": lead,
    }, cooperating_agencies=[])  # fmt: skip
    wrong = api(provincial).post(URL, {"kind": "plan_report", "plan": 999999}, format="json")
    assert wrong.status_code == 400 and "plan" in wrong.json()["errors"]
    response = api(provincial).post(URL, {"kind": "plan_report", "plan": plan.pk}, format="json")
    assert response.status_code == 202
    assert response.json()["commune"] is None and response.json()["total"] > 1
    assert api(officer_a).get(f"{URL}{response.json()['id']}/").status_code == 404


def test_list_is_paginated_with_constant_queries(api, officer_a, commune_a, django_assert_max_num_queries):
    for _ in range(3):
        batches.batch_start(actor=officer_a, kind="certificates", params={"commune": commune_a.code})
    client = api(officer_a)
    client.get(URL)  # warm the token and scope caches of the first request
    with django_assert_max_num_queries(8):
        body = client.get(URL).json()
    assert body["count"] == 3 and len(body["results"]) == 3


def test_anonymous_is_401(api):
    assert api().get(URL).status_code == 401
    assert api().post(URL, {"kind": "certificates"}, format="json").status_code == 401
