"""The policies API: contract, scope on every endpoint, transitions, query counts."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from policies.services import payroll_prepare
from tests.policies.conftest import grant, recipient_maker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _catalogue(db):
    from policies.models import Policy
    from policies.seed import load_policies

    if not Policy.objects.filter(code="monthly_allowance").exists():
        load_policies()


@pytest.fixture
def recipient(officer_a, commune_a):
    return recipient_maker(officer_a, commune_a)


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def child(officer_a, commune_a):
    from registry.services import certificate_issue
    from tests.factories import register_person

    person = register_person(actor=officer_a, commune=commune_a, full_name="Bé Lan", sex="female",
                             date_of_birth=date(2015, 3, 1), level="especially_severe",
                             determined_on=date(2022, 1, 5))  # fmt: skip
    certificate_issue(actor=officer_a, person=person, number="GXN-1", issued_on=date(2022, 1, 5),
                      issuing_commune=commune_a)  # fmt: skip
    return person


def test_entitlements_exact_shape(child, officer_a):
    response = client_for(officer_a).get(f"/api/v1/persons/{child.pk}/entitlements/?month=2025-01")
    assert response.status_code == 200
    body = response.json()
    assert body["month"] == "2025-01"
    allowance = body["items"][0]
    assert allowance == {
        "policy": "monthly_allowance",
        "group": "especially_severe_child_elderly",
        "coefficient": "2.5",
        "standard_level": 500000,
        "amount": 1250000,
        "legal_basis": "Nghị định 20/2021/NĐ-CP, Điều 6; Nghị định 76/2024/NĐ-CP",
        "explanation": "NKT đặc biệt nặng là trẻ em dưới 16 tuổi: hệ số 2,5 × mức chuẩn 500.000 đ = 1.250.000 đ "
        "(Nghị định 20/2021/NĐ-CP, Điều 6; Nghị định 76/2024/NĐ-CP)",
    }
    assert [i["policy"] for i in body["items"]] == ["monthly_allowance", "health_insurance"]
    assert body["total"] == 1250000


def test_entitlements_empty_items_before_the_certificate(child, officer_a):
    body = client_for(officer_a).get(f"/api/v1/persons/{child.pk}/entitlements/?month=2021-12").json()
    assert body == {"month": "2021-12", "items": [], "total": 0}


@pytest.mark.parametrize("month", ["2025-13", "abc", "1999-01", "2090-01"])
def test_entitlements_bad_month(child, officer_a, month):
    response = client_for(officer_a).get(f"/api/v1/persons/{child.pk}/entitlements/?month={month}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and "month" in response.json()["errors"]


def test_entitlements_scope_from_the_same_setup(child, officer_a, officer_b, statistician, provincial):
    url = f"/api/v1/persons/{child.pk}/entitlements/?month=2025-01"
    assert client_for(officer_a).get(url).status_code == 200
    assert client_for(provincial).get(url).status_code == 200
    assert client_for(officer_b).get(url).status_code == 404
    assert client_for(statistician).get(url).status_code == 404
    assert APIClient().get(url).status_code in (401, 403)


def test_policies_and_rates(officer_a):
    client = client_for(officer_a)
    codes = [p["code"] for p in client.get("/api/v1/policies/?page_size=100").json()["results"]]
    for code in ("monthly_allowance", "care_support", "health_insurance", "funeral_support", "rehabilitation",
                 "assistive_device", "orthopaedic_surgery", "tuition_exemption", "vocational_training",
                 "job_placement", "preferential_loan", "legal_aid", "housing_support", "gift"):  # fmt: skip
        assert code in codes
    on = client.get("/api/v1/rates/?on=2024-07-01").json()
    assert on["standard_level"]["amount"] == 500000
    assert {c["group"]: c["value"] for c in on["coefficients"] if c["policy"] == "monthly_allowance"}[
        "especially_severe_child_elderly"
    ] == "2.5"
    assert client.get("/api/v1/rates/?on=2024-06-30").json()["standard_level"]["amount"] == 360000
    levels = client.get("/api/v1/rates/standard-levels/").json()["results"]
    assert any(row["amount"] == 540000 and not row["is_confirmed"] for row in levels)


def test_rate_writes_are_for_administrators(officer_a, admin_user):
    payload = {"amount": 600000, "valid_from": "2027-01-01", "legal_basis": "NĐ giả định"}
    assert client_for(officer_a).post("/api/v1/rates/standard-levels/", payload, format="json").status_code == 403
    bad = client_for(admin_user).post("/api/v1/rates/coefficients/", {
        "policy": "monthly_allowance", "group": "severe_adult", "value": "0", "valid_from": "2027-01-01",
        "legal_basis": "x"}, format="json")  # fmt: skip
    assert bad.status_code == 400 and "value" in bad.json()["errors"]
    ok = client_for(admin_user).post("/api/v1/rates/standard-levels/", payload, format="json")
    assert ok.status_code == 201


def _grant_payload(person, **extra):
    return {"person": person.pk, "policy": "monthly_allowance", "number": "12/QĐ-UBND", "decided_on": "2024-08-05",
            "effective_month": "2024-03", **extra}  # fmt: skip


def _sign(user, draft_id):
    return client_for(user).post(f"/api/v1/decision-drafts/{draft_id}/sign/")


def test_decision_grant_permission_from_the_same_setup(child, officer_a, leader_a, association_a):
    assert client_for(association_a).post("/api/v1/decisions/grant/", _grant_payload(child),
                                          format="json").status_code == 403  # fmt: skip
    drafted = client_for(officer_a).post("/api/v1/decisions/grant/", _grant_payload(child), format="json")
    assert drafted.status_code == 201, drafted.json()
    draft = drafted.json()
    expected = ("draft", "grant", "2024-03", "officer_a")
    assert (draft["status"], draft["kind"], draft["effective_month"], draft["drafted_by"]) == expected
    assert client_for(officer_a).get("/api/v1/decisions/").json()["count"] == 0  # nothing in force yet
    assert _sign(officer_a, draft["id"]).status_code == 403  # an officer does not sign
    signed = _sign(leader_a, draft["id"])
    assert signed.status_code == 201, signed.json()
    body = signed.json()
    assert body["kind"] == "grant" and body["effective_month"] == "2024-03" and body["benefit_status"] == "active"
    assert (body["drafted_by"], body["signed_by"], body["signer"]) == ("officer_a", "leader_a", "leader_a")
    assert _sign(leader_a, draft["id"]).status_code == 409  # signed once
    again = client_for(officer_a).post("/api/v1/decisions/grant/", _grant_payload(child, number="13"), format="json")
    assert again.status_code == 409
    detail = client_for(leader_a).get(f"/api/v1/decision-drafts/{draft['id']}/").json()
    assert (detail["status"], detail["closed_by"], detail["decision"]) == ("signed", "leader_a", body["id"])


def test_decision_bad_input(child, leader_a, officer_a, make_user, commune_b):
    early = client_for(officer_a).post("/api/v1/decisions/grant/", _grant_payload(child, effective_month="2021-12"),
                                       format="json")  # fmt: skip
    assert early.status_code == 400 and "effective_month" in early.json()["errors"]
    leader_b = make_user("commune_leader", commune_b)
    assert (
        client_for(leader_b).post("/api/v1/decisions/grant/", _grant_payload(child), format="json").status_code == 404
    )
    draft = client_for(officer_a).post("/api/v1/decisions/grant/", _grant_payload(child), format="json").json()
    assert _sign(leader_b, draft["id"]).status_code == 404  # another commune's draft does not exist for them
    returned = client_for(leader_a).post(f"/api/v1/decision-drafts/{draft['id']}/return/", {"reason": ""},
                                         format="json")  # fmt: skip
    assert returned.status_code == 400 and "reason" in returned.json()["errors"]


def test_decision_transitions_and_list(child, leader_a, officer_a, officer_b):
    client = client_for(officer_a)

    def draft_and_sign(path, payload):
        drafted = client.post(path, payload, format="json")
        if drafted.status_code != 201:
            return drafted
        return _sign(leader_a, drafted.json()["id"])

    draft_and_sign("/api/v1/decisions/grant/", _grant_payload(child))
    suspend = draft_and_sign("/api/v1/decisions/suspend/", {
        "person": child.pk, "policy": "monthly_allowance", "number": "20/QĐ", "decided_on": "2024-09-02",
        "effective_month": "2024-09", "suspension_reason": "refused_reassessment"})  # fmt: skip
    assert suspend.status_code == 201 and suspend.json()["benefit_status"] == "suspended"
    resume = draft_and_sign("/api/v1/decisions/resume/", {
        "person": child.pk, "policy": "monthly_allowance", "number": "21/QĐ", "decided_on": "2024-10-02",
        "effective_month": "2024-10"})  # fmt: skip
    assert resume.status_code == 201
    stop_again = draft_and_sign("/api/v1/decisions/resume/", {
        "person": child.pk, "policy": "monthly_allowance", "number": "22/QĐ", "decided_on": "2024-10-02",
        "effective_month": "2024-10"})  # fmt: skip
    assert stop_again.status_code == 409
    listed = client_for(officer_a).get("/api/v1/decisions/?policy=monthly_allowance").json()
    assert [d["kind"] for d in listed["results"]] == ["resume", "suspend", "grant"]
    assert client_for(officer_b).get("/api/v1/decisions/").json()["count"] == 0
    drafts = client_for(officer_a).get("/api/v1/decision-drafts/?status=signed").json()
    assert drafts["count"] == 3
    assert client_for(officer_b).get("/api/v1/decision-drafts/").json()["count"] == 0


def test_decision_list_query_count(recipient, leader_a, officer_a, django_assert_max_num_queries):
    for _ in range(4):
        grant(leader_a, recipient(level="severe", certified_on=date(2024, 1, 5)), effective_month="2024-01")
    client = client_for(officer_a)
    client.get("/api/v1/decisions/")  # warm the scope cache of the session-less client
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/decisions/")
    assert response.json()["count"] == 4


def test_decision_draft_list_query_count(recipient, officer_a, django_assert_max_num_queries):
    for n in range(4):
        person = recipient(level="severe", certified_on=date(2024, 1, 5))
        client_for(officer_a).post("/api/v1/decisions/grant/", _grant_payload(person, number=f"{n}/QĐ",
                                   effective_month="2024-01"), format="json")  # fmt: skip
    client = client_for(officer_a)
    client.get("/api/v1/decision-drafts/")
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/decision-drafts/?status=draft")
    assert response.json()["count"] == 4


@pytest.fixture
def payrolls(recipient, leader_a, officer_a, commune_a):
    for _ in range(3):
        grant(leader_a, recipient(level="severe", certified_on=date(2024, 1, 5)), effective_month="2024-01",
              paid_outside_through="2024-05")  # fmt: skip
    return [payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, m, 1)) for m in (6, 7, 8)]


def test_payroll_list_filters_scope_and_query_count(payrolls, officer_a, officer_b, statistician,
                                                    django_assert_max_num_queries):  # fmt: skip
    client = client_for(officer_a)
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/payrolls/").json()
    assert body["count"] == 3
    filtered = client.get("/api/v1/payrolls/?commune=20242&month=2024-07").json()["results"]
    assert [(p["commune"], p["month"], p["total"]) for p in filtered] == [
        ("20242", "2024-07", 3 * 750000 + 3 * 540000)
    ]  # June not approved: arrears
    assert client_for(officer_b).get("/api/v1/payrolls/").json()["count"] == 0
    assert client_for(officer_b).get(f"/api/v1/payrolls/{payrolls[0].pk}/").status_code == 404
    assert client_for(statistician).get("/api/v1/payrolls/").status_code == 403


def test_payroll_detail_lines_approve_and_export(payrolls, officer_a, leader_a, django_assert_max_num_queries):
    june = payrolls[0]
    detail = client_for(officer_a).get(f"/api/v1/payrolls/{june.pk}/").json()
    assert detail["totals_by_policy"] == [{"policy": "monthly_allowance", "current": 1620000, "arrears": 0,
                                           "total": 1620000}]  # fmt: skip
    with django_assert_max_num_queries(10):
        lines = client_for(officer_a).get(f"/api/v1/payrolls/{june.pk}/lines/").json()
    assert lines["count"] == 3
    assert client_for(officer_a).post(f"/api/v1/payrolls/{june.pk}/approve/").status_code == 403
    approved = client_for(leader_a).post(f"/api/v1/payrolls/{june.pk}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    export = client_for(officer_a).get(f"/api/v1/payrolls/{june.pk}/export/")
    assert export.status_code == 200 and export.content[:2] == b"PK"


def test_payroll_prepare_endpoint(recipient, leader_a, officer_a, officer_b):
    grant(leader_a, recipient(level="severe", certified_on=date(2024, 1, 5)), effective_month="2024-01")
    created = client_for(officer_a).post("/api/v1/payrolls/", {"commune": "20242", "month": "2024-02"}, format="json")
    assert created.status_code == 201 and created.json()["total"] == 2 * 540000
    outside = client_for(officer_b).post("/api/v1/payrolls/", {"commune": "20242", "month": "2024-02"}, format="json")
    assert outside.status_code == 400


def test_health_insurance_list(payrolls, officer_a, officer_b):
    body = client_for(officer_a).get("/api/v1/health-insurance/?month=2024-08").json()
    assert body["count"] == 3 and body["results"][0]["national_id"]
    assert client_for(officer_b).get("/api/v1/health-insurance/?month=2024-08").json()["count"] == 0
    assert client_for(officer_b).get("/api/v1/health-insurance/?month=2024-08&commune=20242").status_code == 404


@pytest.mark.parametrize(
    "url", ["/api/v1/policies/", "/api/v1/rates/standard-levels/", "/api/v1/rates/coefficients/", "/api/v1/rates/"]
)
def test_catalogue_endpoints_query_count(officer_a, url, django_assert_max_num_queries):
    client = client_for(officer_a)
    with django_assert_max_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200
