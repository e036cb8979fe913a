"""The one-person money attacks of issue 13, replayed as they were found (they must keep failing)."""

from datetime import date

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from policies.models import Benefit, Payroll
from policies.services import payroll_prepare
from tests.policies.conftest import recipient_maker


def _client(user) -> APIClient:
    from tests.factories import api_token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def test_the_commune_leader_cannot_approve_a_payroll_it_prepared(officer_a, leader_a, commune_a):
    """The leader prepared June's payroll and approved it 73 ms later."""
    recipient_maker(officer_a, commune_a)(level="severe", certified_on=date(2024, 1, 5))
    payroll = payroll_prepare(actor=leader_a, commune=commune_a, month=date(2024, 6, 1))
    response = _client(leader_a).post(f"/api/v1/payrolls/{payroll.pk}/approve/")
    assert response.status_code == 403
    assert response.json()["detail"] == "Người lập danh sách chi trả không được tự phê duyệt."
    assert Payroll.objects.get(pk=payroll.pk).status == "draft"


def test_a_provincial_officer_cannot_raise_an_amount_and_approve_it(make_user, commune_a, province, person_a):
    """The provincial officer raised an assessed case from 500,000 to 50,000,000 đ and approved it."""
    from cases.services import case_open, case_transition

    officer = make_user("commune_officer", commune_a)
    provincial = make_user("provincial_officer", province)
    case = case_open(actor=officer, person=person_a, domain="health", support_type="rehabilitation",
                     description="Phục hồi chức năng", requested_on=date(2026, 3, 2), amount=500_000)  # fmt: skip
    case = case_transition(actor=officer, case=case, action="assess", expected_version=case.version)
    client = _client(provincial)
    raised = client.patch(f"/api/v1/cases/{case.pk}/", {"amount": 50_000_000, "version": case.version}, format="json")
    assert raised.status_code == 200, raised.json()
    approved = client.post(f"/api/v1/cases/{case.pk}/approve/", {"version": raised.json()["version"]}, format="json")
    assert approved.status_code == 403
    case.refresh_from_db()
    assert (case.status, case.amount, case.decided_by_id) == ("assessed", 50_000_000, None)


def test_an_approved_amount_raised_later_goes_back_for_approval(make_user, commune_a, province, person_a, leader_a):
    from cases.services import case_open, case_transition

    officer = make_user("commune_officer", commune_a)
    provincial = make_user("provincial_officer", province)
    case = case_open(actor=officer, person=person_a, domain="health", support_type="rehabilitation",
                     description="Phục hồi chức năng", requested_on=date(2026, 3, 2), amount=500_000)  # fmt: skip
    case = case_transition(actor=officer, case=case, action="assess", expected_version=case.version)
    case = case_transition(actor=leader_a, case=case, action="approve", expected_version=case.version)
    raised = _client(provincial).patch(f"/api/v1/cases/{case.pk}/", {"amount": 50_000_000, "version": case.version},
                                       format="json")  # fmt: skip
    assert raised.status_code == 200
    assert raised.json()["status"] == "assessed"
    approve = _client(provincial).post(f"/api/v1/cases/{case.pk}/approve/", {"version": raised.json()["version"]},
                                       format="json")  # fmt: skip
    assert approve.status_code == 403


def test_a_decision_made_by_one_person_does_not_take_effect(officer_a, leader_a, commune_a):
    """A leader recorded a grant and it was in force at once: nobody else saw it."""
    person = recipient_maker(officer_a, commune_a)(level="severe", certified_on=date(2024, 3, 20))
    client = _client(leader_a)
    drafted = client.post("/api/v1/decisions/grant/", {
        "person": person.pk, "policy": "monthly_allowance", "number": "12/QĐ-UBND", "decided_on": "2024-08-05",
        "signer": "Chủ tịch UBND", "effective_month": "2024-03"}, format="json")  # fmt: skip
    assert drafted.status_code == 201
    assert not Benefit.objects.filter(person=person).exists()
    assert drafted.json()["status"] == "draft"
    signed = client.post(f"/api/v1/decision-drafts/{drafted.json()['id']}/sign/")
    assert signed.status_code == 403
    assert signed.json()["detail"] == "Người soạn thảo quyết định không được tự ký."
    assert not Benefit.objects.filter(person=person).exists()
