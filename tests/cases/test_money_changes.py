"""A change of a case's amount, support type or funding goes back for approval, and whoever made
it does not approve it; the page and the API show each change (old → new, who, when)."""

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from cases.models import Case, Status
from cases.selectors import awaiting_approval_q, case_money_changes, cases_visible_to
from cases.services import case_transition, case_update
from registry.errors import NotPermitted


def _update(actor, case, data):
    """case_update at the version the user read (the current one)."""
    return case_update(actor=actor, case=case, data=data, expected_version=Case.objects.get(pk=case.pk).version)


@pytest.fixture
def approved(make_case, officer_a, leader_a):
    case = make_case(amount=500_000, funding_source="state_budget")
    case = case_transition(actor=officer_a, case=case, action="assess", expected_version=case.version)
    return case_transition(actor=leader_a, case=case, action="approve", expected_version=case.version)


def test_raising_an_approved_amount_sends_the_case_back_and_its_author_cannot_approve(approved, provincial, leader_a):
    case = _update(provincial, approved, {"amount": 50_000_000})
    assert (case.status, case.decided_by) == (Status.ASSESSED, None)
    step = case.steps.order_by("-id").first()
    assert (step.action, step.from_status, step.to_status, step.actor) == ("edit", "approved", "assessed", provincial)
    with translation.override("vi"), pytest.raises(NotPermitted) as refused:
        case_transition(actor=provincial, case=case, action="approve", expected_version=case.version)
    assert refused.value.message == (
        "Người thay đổi số tiền, loại hỗ trợ hoặc nguồn kinh phí của hồ sơ không được tự phê duyệt."
    )
    case = case_transition(actor=leader_a, case=case, action="approve", expected_version=case.version)
    assert case.status == Status.APPROVED


def test_a_started_case_goes_back_too_and_other_edits_do_not_send_it_back(approved, officer_a, leader_a):
    case = case_transition(actor=officer_a, case=approved, action="start", expected_version=approved.version)
    case = _update(officer_a, case, {"description": "Cần thêm dụng cụ"})
    assert case.status == Status.IN_PROGRESS
    case = _update(officer_a, case, {"funding_source": "social_mobilisation"})
    assert case.status == Status.ASSESSED
    case = _update(officer_a, case, {"in_kind_description": "Xe lăn", "in_kind_value": 3_000_000})
    assert case.status == Status.ASSESSED


def test_every_money_change_since_the_last_approval_bars_its_author(make_case, officer_a, leader_a, provincial,
                                                                     make_user, commune_a):  # fmt: skip
    """Someone else's later edit does not clear the first change: both authors are makers."""
    other_officer = make_user("commune_officer", commune_a)
    case = make_case(amount=500_000)
    case = _update(provincial, case, {"amount": 50_000_000})  # before assessment
    case = case_transition(actor=officer_a, case=case, action="assess", expected_version=case.version)
    case = _update(other_officer, case, {"funding_source": "state_budget"})
    assert case.money_maker_ids == {provincial.pk, other_officer.pk}
    with pytest.raises(NotPermitted):
        case_transition(actor=provincial, case=case, action="approve", expected_version=case.version)
    assert not cases_visible_to(provincial).filter(awaiting_approval_q(provincial), pk=case.pk).exists()
    assert cases_visible_to(leader_a).filter(awaiting_approval_q(leader_a), pk=case.pk).exists()
    case = case_transition(actor=leader_a, case=case, action="approve", expected_version=case.version)
    assert case.money_maker_ids == frozenset()  # approved by another person: a later change starts afresh
    case = _update(officer_a, case, {"amount": 40_000_000})
    case = case_transition(actor=provincial, case=case, action="approve", expected_version=case.version)
    assert case.decided_by == provincial


def test_the_changes_are_listed_old_new_who_when(approved, provincial, officer_a):
    _update(provincial, approved, {"amount": 50_000_000, "description": "Khác"})
    _update(officer_a, approved, {"funding_source": "association"})
    with translation.override("vi"):
        changes = case_money_changes(approved)
    assert [(c.field, c.old, c.new, c.by) for c in changes] == [
        ("amount", 500_000, 50_000_000, "provincial"),
        ("funding_source", "state_budget", "association", "officer_a"),
    ]
    assert (changes[0].old_text, changes[0].new_text) == ("500.000 đ", "50.000.000 đ")
    assert changes[1].new_text == "Hội Người khuyết tật"


def test_the_case_page_and_the_api_show_the_changes(approved, provincial, leader_a, client):
    _update(provincial, approved, {"amount": 50_000_000})
    client.force_login(leader_a)
    assert f'action="/cases/{approved.pk}/do/approve/"' in client.get(f"/cases/{approved.pk}/").content.decode()
    client.force_login(provincial)
    page = client.get(f"/cases/{approved.pk}/").content.decode()
    assert "50.000.000 đ" in page and "500.000 đ" in page
    assert f'action="/cases/{approved.pk}/do/approve/"' not in page  # no approve button for the maker…
    assert "không được tự phê duyệt" in page  # …and the reason in words
    from tests.factories import api_token

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(provincial)}")
    body = api.get(f"/api/v1/cases/{approved.pk}/").json()
    assert [(c["field"], c["old"], c["new"], c["by"]) for c in body["money_changes"]] == [
        ("amount", 500_000, 50_000_000, "provincial")
    ]
    assert "approve" not in body["allowed_actions"]
    listed = api.get("/api/v1/cases/").json()["results"]
    assert "approve" not in next(row for row in listed if row["id"] == approved.pk)["allowed_actions"]
