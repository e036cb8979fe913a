"""The full transition table: every action in every status for every role, allowed or refused
with a clear message; maker ≠ checker; the association's reach."""

import pytest

from cases import workflow
from cases.models import Case, CaseStep, Status
from cases.services import case_transition
from registry.errors import FieldError, NotPermitted, TransitionNotAllowed

OPEN = {Status.REQUESTED, Status.ASSESSED, Status.APPROVED, Status.IN_PROGRESS}
CLOSED = {Status.COMPLETED, Status.REJECTED, Status.CANCELLED}
SOURCES = {
    "assess": {Status.REQUESTED},
    "approve": {Status.ASSESSED},
    "reject": {Status.REQUESTED, Status.ASSESSED},
    "start": {Status.APPROVED},
    "complete": {Status.IN_PROGRESS},
    "cancel": OPEN,
    "reopen": CLOSED,
}
TARGETS = {
    "assess": Status.ASSESSED, "approve": Status.APPROVED, "reject": Status.REJECTED, "start": Status.IN_PROGRESS,
    "complete": Status.COMPLETED, "cancel": Status.CANCELLED, "reopen": Status.REQUESTED,
}  # fmt: skip
# Which roles may press which button (on a case of their area that the association neither
# provides nor funds).
ROLES = {
    "commune_officer": {"assess", "start", "complete", "cancel"},
    "commune_leader": {"approve", "reject", "cancel", "reopen"},
    "association_officer": set(),
    "provincial_officer": {"assess", "approve", "reject", "start", "complete", "cancel", "reopen"},
    "statistics_officer": set(),
    "admin": {"assess", "approve", "reject", "start", "complete", "cancel", "reopen"},
}


@pytest.fixture
def actors(officer_a, leader_a, association_a, provincial, statistician, admin_user):
    return {
        "commune_officer": officer_a,
        "commune_leader": leader_a,
        "association_officer": association_a,
        "provincial_officer": provincial,
        "statistics_officer": statistician,
        "admin": admin_user,
    }


@pytest.mark.parametrize("status", list(Status.values))
@pytest.mark.parametrize("role", list(ROLES))
def test_transition_table(make_case, actors, status, role):
    case = make_case(status=status)
    user = actors[role]
    for action in workflow.ACTIONS:
        expected = status in SOURCES[action] and action in ROLES[role]
        if expected:
            assert workflow.check(action, case, user).target == TARGETS[action]
        else:
            with pytest.raises((TransitionNotAllowed, NotPermitted)) as refused:
                workflow.check(action, case, user)
            assert refused.value.message  # a sentence the user can read
    allowed = {t.name for t in workflow.allowed_actions(case, user)}
    assert allowed == {a for a in workflow.ACTIONS if status in SOURCES[a] and a in ROLES[role]}


@pytest.mark.parametrize("status", list(Status.values))
@pytest.mark.parametrize("action", list(workflow.ACTIONS))
def test_every_allowed_transition_runs_and_is_recorded(make_case, provincial, status, action):
    case = make_case(status=status)
    kwargs = {"note": "Lý do ghi trong hồ sơ"}
    if action == "complete":
        kwargs["outcome"] = "achieved"
    if status not in SOURCES[action]:
        with pytest.raises(TransitionNotAllowed):
            case_transition(actor=provincial, case=case, action=action, **kwargs)
        case.refresh_from_db()
        assert case.status == status
        return
    done = case_transition(actor=provincial, case=case, action=action, **kwargs)
    assert done.status == TARGETS[action]
    step = CaseStep.objects.filter(case=case).latest("id")
    assert (step.action, step.actor, step.from_status, step.to_status, step.note) == (
        action, provincial, status, TARGETS[action], "Lý do ghi trong hồ sơ",
    )  # fmt: skip


def test_completing_a_requested_case_is_refused_with_a_clear_message(make_case, officer_a):
    case = make_case()
    with pytest.raises(TransitionNotAllowed) as refused:
        case_transition(actor=officer_a, case=case, action="complete", outcome="achieved")
    assert "Requested" in refused.value.message or "Mới tiếp nhận" in refused.value.message
    case.refresh_from_db()
    assert case.status == Status.REQUESTED
    assert not case.outcome


def test_refusal_is_in_vietnamese_by_default(make_case, officer_a):
    from django.utils import translation

    case = make_case()
    with translation.override("vi"), pytest.raises(TransitionNotAllowed) as refused:
        case_transition(actor=officer_a, case=case, action="complete", outcome="achieved")
    assert refused.value.message == "Không thể hoàn thành hồ sơ đang ở trạng thái “Mới tiếp nhận”."


def test_the_whole_path_with_maker_checker(make_case, creator, officer_a, leader_a):
    case = make_case()
    case = case_transition(actor=officer_a, case=case, action="assess", note="Đã đến nhà")
    # The maker and the assessor cannot approve, whatever their role.
    for user in (creator, officer_a):
        with pytest.raises(NotPermitted):
            case_transition(actor=user, case=case, action="approve")
    case = case_transition(actor=leader_a, case=case, action="approve")
    assert case.decided_by == leader_a
    case = case_transition(actor=officer_a, case=case, action="start")
    with pytest.raises(FieldError) as no_outcome:
        case_transition(actor=officer_a, case=case, action="complete")
    assert no_outcome.value.field == "outcome"
    case = case_transition(actor=officer_a, case=case, action="complete", outcome="partly_achieved")
    assert (case.status, case.outcome) == (Status.COMPLETED, "partly_achieved")
    assert case.outcome_on is not None
    assert list(case.steps.values_list("action", flat=True)) == ["created", "assess", "approve", "start", "complete"]


def test_a_leader_who_opened_or_assessed_cannot_approve(make_case, leader_a, make_user, commune_a, provincial):
    # A provincial officer assesses, then tries to approve: refused; the leader approves.
    case = make_case()
    case = case_transition(actor=provincial, case=case, action="assess")
    with pytest.raises(NotPermitted) as refused:
        case_transition(actor=provincial, case=case, action="approve")
    assert "another person" in refused.value.message or "người khác" in refused.value.message
    with pytest.raises(NotPermitted):
        case_transition(actor=provincial, case=case, action="reject", note="Không đủ điều kiện")
    assert case_transition(actor=leader_a, case=case, action="approve").status == Status.APPROVED


def test_provincial_officer_who_opened_cannot_approve(make_case, provincial, officer_a, leader_a):
    case = make_case(actor=provincial)
    case = case_transition(actor=officer_a, case=case, action="assess")
    with pytest.raises(NotPermitted):
        case_transition(actor=provincial, case=case, action="approve")
    assert case_transition(actor=leader_a, case=case, action="approve").decided_by == leader_a


def test_reason_required_to_reject_cancel_reopen(make_case, leader_a):
    case = make_case()
    with pytest.raises(FieldError) as refused:
        case_transition(actor=leader_a, case=case, action="reject")
    assert refused.value.field == "note"
    case = case_transition(actor=leader_a, case=case, action="reject", note="Đã được hỗ trợ năm trước")
    case = case_transition(actor=leader_a, case=case, action="reopen", note="Có hồ sơ bổ sung")
    assert case.status == Status.REQUESTED
    assert case.decided_by is None


def test_other_commune_cannot_act(make_case, officer_b, make_user, commune_b):
    case = make_case()
    leader_b = make_user("commune_leader", commune_b)
    for user, action in ((officer_b, "assess"), (leader_b, "reject")):
        with pytest.raises(NotPermitted):
            workflow.check(action, case, user)


def test_association_works_only_on_its_own_cases(make_case, association_a, creator, person_a):
    person_a.association_member_since = person_a.date_of_birth.replace(year=2010)
    person_a.save(update_fields=["association_member_since"])
    state_case = make_case()
    assert workflow.allowed_actions(state_case, association_a) == []
    with pytest.raises(NotPermitted) as refused:
        workflow.check("assess", state_case, association_a)
    assert "association" in refused.value.message.lower() or "hội" in refused.value.message.lower()
    own = make_case(funding_source="association", amount=500_000)
    assert [t.name for t in workflow.allowed_actions(own, association_a)] == ["assess", "cancel"]
    own.status = Status.APPROVED
    assert [t.name for t in workflow.allowed_actions(own, association_a)] == ["start", "cancel"]


def test_stale_version_is_refused(make_case, officer_a):
    from registry.errors import StaleVersion

    case = make_case()
    with pytest.raises(StaleVersion):
        case_transition(actor=officer_a, case=case, action="assess", expected_version=case.version + 1)
    assert Case.objects.get(pk=case.pk).status == Status.REQUESTED
