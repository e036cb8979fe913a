"""Disability determination as a case: the legal clock (council within 20 working days of the
application, certificate within 5 working days of the minutes) and completion that records the
determination and issues the certificate, so the registry and the entitlements see it."""

from datetime import date

import pytest

from cases.models import Case, CaseKind, Status
from cases.services import DeterminationResult, case_complete, case_open, case_transition, case_update
from registry.errors import FieldError, InvalidInput
from registry.models import Certificate
from tests.factories import register_person

SCORES_15 = {
    "walking": 2, "eating": 2, "toileting": 2, "hygiene": 2, "dressing": 2, "hearing_understanding": 1,
    "speaking": 1, "work": 2, "social": 1, "learning": 0,
}  # fmt: skip


@pytest.fixture
def applicant(officer_a, commune_a):
    return register_person(actor=officer_a, commune=commune_a, full_name="Lê Văn Cường", level="", with_id=True)


@pytest.fixture
def application(creator, applicant, officer_a, leader_a):
    case = case_open(
        actor=creator, person=applicant, domain="social_assistance", support_type="disability_determination",
        description="Đề nghị xác định mức độ khuyết tật (Mẫu 01)", requested_on=date(2026, 3, 2),
    )  # fmt: skip
    case = case_transition(actor=officer_a, case=case, action="assess")
    case = case_transition(actor=leader_a, case=case, action="approve")
    return case_transition(actor=officer_a, case=case, action="start", note="Triệu tập Hội đồng")


def result(**overrides) -> DeterminationResult:
    data = {
        "determined_on": date(2026, 3, 20), "disability_types": ["mobility"], "form": "03", "scores": SCORES_15,
        "certificate_number": "HC-2026-015", "certificate_issued_on": date(2026, 3, 25),
    }  # fmt: skip
    data.update(overrides)
    return DeterminationResult(**data)


def test_a_determination_case_has_the_legal_clock(creator, applicant):
    case = case_open(
        actor=creator, person=applicant, domain="social_assistance", support_type="disability_determination",
        description="Đề nghị xác định", requested_on=date(2026, 2, 13),
    )  # fmt: skip
    assert case.kind == CaseKind.DETERMINATION
    assert case.due_on == date(2026, 3, 20)  # 20 working days, across Tết 2026


def test_minutes_switch_the_clock_to_the_certificate(application, officer_a):
    assert application.due_on == date(2026, 3, 30)
    case = case_update(actor=officer_a, case=application, data={"council_minutes_on": date(2026, 3, 20)})
    assert case.due_on == date(2026, 3, 27)  # 5 working days after Friday 20/03


def test_completion_records_determination_and_certificate(application, officer_a, applicant):
    case = case_complete(actor=officer_a, case=application, outcome="achieved", determination=result())
    applicant.refresh_from_db()
    assert applicant.level == "especially_severe"  # total 15 ≥ 14
    assert applicant.disability_types == ["mobility"]
    certificate = Certificate.objects.get(person=applicant, status="valid")
    assert certificate.number == "HC-2026-015"
    assert case.determination.total_score == 15
    assert case.certificate == certificate
    assert (case.status, case.outcome, case.outcome_on) == (Status.COMPLETED, "achieved", date(2026, 3, 25))
    assert case.council_minutes_on == date(2026, 3, 20)


def test_entitlement_follows_the_certificate(application, officer_a, applicant):
    from policies.engine import RateTable, entitlements, load_person_facts

    rates = RateTable.load()
    before = entitlements(load_person_facts(applicant), date(2026, 3, 1), rates)
    assert not [item for item in before if item.policy == "monthly_allowance"]
    case_complete(actor=officer_a, case=application, outcome="achieved", determination=result())
    applicant.refresh_from_db()
    after = entitlements(load_person_facts(applicant), date(2026, 3, 1), rates)
    allowance = [item for item in after if item.policy == "monthly_allowance"]
    assert allowance and allowance[0].amount == 1_000_000  # especially severe adult: 2.0 × 500.000 đ


def test_override_needs_a_reason(application, officer_a, applicant):
    with pytest.raises(FieldError) as refused:
        case_complete(actor=officer_a, case=application, outcome="achieved", determination=result(level="severe"))
    assert refused.value.field == "level_override_reason"
    assert Case.objects.get(pk=application.pk).status == Status.IN_PROGRESS
    assert not applicant.determinations.exists()
    case = case_complete(
        actor=officer_a, case=application, outcome="achieved",
        determination=result(level="severe", level_override_reason="Hội đồng kết luận sau khi quan sát trực tiếp"),
    )  # fmt: skip
    assert case.determination.level == "severe"


def test_bad_determination_input_saves_nothing(application, officer_a, applicant):
    with pytest.raises(InvalidInput) as refused:
        case_complete(
            actor=officer_a, case=application, outcome="achieved",
            determination=result(certificate_number="", certificate_issued_on=date(2026, 3, 19)),
        )  # fmt: skip
    assert set(refused.value.errors) == {"certificate_number", "certificate_issued_on"}
    with pytest.raises(InvalidInput):
        case_complete(
            actor=officer_a, case=application, outcome="achieved", determination=result(scores={"walking": 3})
        )
    assert not applicant.determinations.exists()
    assert not Certificate.objects.filter(person=applicant).exists()
    assert Case.objects.get(pk=application.pk).status == Status.IN_PROGRESS


def test_a_certificate_number_clash_rolls_back_the_determination(application, officer_a, applicant, person_a):
    from django.utils import timezone

    from registry.services import certificate_issue

    certificate_issue(
        actor=officer_a, person=person_a, number="HC-2026-015", issued_on=timezone.localdate(),
        issuing_commune=person_a.commune,
    )  # fmt: skip
    with pytest.raises(FieldError) as refused:
        case_complete(actor=officer_a, case=application, outcome="achieved", determination=result())
    assert refused.value.field == "certificate_number"
    assert not applicant.determinations.exists()


def test_not_achieved_needs_no_determination(application, officer_a, applicant):
    case = case_complete(
        actor=officer_a, case=application, outcome="not_achieved", note="Chuyển Hội đồng giám định y khoa"
    )
    assert case.status == Status.COMPLETED and case.determination is None
    assert not applicant.determinations.exists()


def test_one_open_application_per_person(application, creator, applicant):
    with pytest.raises(FieldError) as refused:
        case_open(
            actor=creator, person=applicant, domain="social_assistance", support_type="disability_determination",
            description="Nộp lại",
        )  # fmt: skip
    assert refused.value.field == "support_type"


def test_completed_determination_cannot_be_reopened(application, officer_a, leader_a):
    from registry.errors import TransitionNotAllowed

    case = case_complete(actor=officer_a, case=application, outcome="achieved", determination=result())
    with pytest.raises(TransitionNotAllowed):
        case_transition(actor=leader_a, case=case, action="reopen", note="Sai số liệu")
