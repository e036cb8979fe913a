"""Decisions (transitions, permissions, bad input) and payrolls (arrears, freezing)."""

from datetime import date

import pytest

from policies.models import Benefit, LineKind, Payroll, PayrollLine, Policy
from policies.services import (
    decision_draft,
    decision_sign,
    payroll_approve,
    payroll_line_set_uncollected,
    payroll_prepare,
    standard_level_add,
)
from registry.errors import FieldError, InvalidInput, NotPermitted, StaleVersion, TransitionNotAllowed
from tests.policies.conftest import decide, drafter_for, grant


@pytest.fixture
def severe(recipient):
    return recipient(level="severe", certified_on=date(2024, 3, 20))


def test_officer_drafts_leader_signs_and_not_the_reverse(severe, leader_a, officer_a):
    policy = Policy.objects.get(code="monthly_allowance")
    draft = decision_draft(actor=officer_a, kind="grant", person=severe, policy=policy, number="5/QĐ-UBND",
                           decided_on=date(2024, 3, 29), effective_month="2024-03")  # fmt: skip
    assert draft.status == "draft" and not Benefit.objects.exists()  # nothing paid before the signature
    with pytest.raises(NotPermitted):  # the officer does not sign
        decision_sign(actor=officer_a, draft=draft)
    decision = decision_sign(actor=leader_a, draft=draft)
    assert decision.kind == "grant" and decision.benefit.status == "active"
    assert (decision.drafted_by, decision.created_by, decision.signer) == (officer_a, leader_a, "leader_a")
    draft.refresh_from_db()
    assert (draft.status, draft.decision, draft.closed_by) == ("signed", decision, leader_a)


def test_leader_of_another_commune_cannot_grant(severe, make_user, commune_b):
    leader_b = make_user("commune_leader", commune_b)
    with pytest.raises(NotPermitted):
        grant(leader_b, severe, effective_month="2024-03")


def test_effective_month_before_certificate_is_refused(severe, leader_a):
    with pytest.raises(FieldError) as exc:
        grant(leader_a, severe, effective_month="2024-02")
    assert exc.value.field == "effective_month"
    assert "03/2024" in exc.value.message
    assert not Benefit.objects.exists()


def test_not_eligible_person_is_refused(recipient, leader_a):
    mild = recipient(level="mild")
    with pytest.raises(FieldError) as exc:
        grant(leader_a, mild, effective_month="2024-03")
    assert exc.value.code == "not_eligible"
    assert not Benefit.objects.exists()


def test_month_outside_supported_range_is_refused(severe, leader_a):
    with pytest.raises(InvalidInput):
        grant(leader_a, severe, effective_month="2024-13")
    with pytest.raises(FieldError) as exc:
        grant(leader_a, severe, effective_month="2009-01", decided_on=date(2009, 1, 5))
    assert "01/2014" in exc.value.message


def test_double_grant_is_a_transition_error(severe, leader_a):
    grant(leader_a, severe, effective_month="2024-03")
    with pytest.raises(TransitionNotAllowed):
        grant(leader_a, severe, effective_month="2024-04")


def test_duplicate_decision_number_refused(severe, recipient, leader_a):
    grant(leader_a, severe, effective_month="2024-03", number="7/QĐ-UBND")
    other = recipient(level="severe", certified_on=date(2024, 3, 1))
    with pytest.raises(FieldError) as exc:
        grant(leader_a, other, effective_month="2024-03", number="7/QĐ-UBND")
    assert exc.value.field == "number"


def _benefit(person):
    return Benefit.objects.get(person=person)


def _decide(kind, leader, person, decided_on=date(2024, 9, 1), **kwargs):
    from itertools import count

    _decide.n = getattr(_decide, "n", count(900))
    return decide(leader, kind, benefit=_benefit(person), number=f"{next(_decide.n)}/QĐ", decided_on=decided_on,
                  **kwargs)  # fmt: skip


def test_suspend_needs_a_legal_ground(severe, leader_a):
    grant(leader_a, severe, effective_month="2024-03")
    with pytest.raises(FieldError):
        _decide("suspend", leader_a, severe, effective_month="2024-09", suspension_reason="bored")
    with pytest.raises(FieldError) as exc:  # no payroll shows 3 months not collected
        _decide("suspend", leader_a, severe, effective_month="2024-09", suspension_reason="not_collected")
    assert "06/2024" in exc.value.message
    with pytest.raises(FieldError):  # detention shorter than a month
        _decide("suspend", leader_a, severe, effective_month="2024-09", suspension_reason="detention",
                detained_on=date(2024, 8, 20))  # fmt: skip
    decision = _decide("suspend", leader_a, severe, effective_month="2024-09", suspension_reason="detention",
                       detained_on=date(2024, 7, 1))  # fmt: skip
    assert decision.benefit.status == "suspended"
    with pytest.raises(TransitionNotAllowed):
        _decide("suspend", leader_a, severe, effective_month="2024-10", suspension_reason="refused_reassessment")


def _prepare_and_approve(officer, leader, commune, month):
    payroll = payroll_prepare(actor=officer, commune=commune, month=month)
    return payroll_approve(actor=leader, payroll=payroll)


def test_late_grant_pays_arrears_from_the_certificate_month(severe, leader_a, officer_a, commune_a):
    grant(leader_a, severe, effective_month="2024-03", decided_on=date(2024, 8, 10))
    payroll = payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 8, 1))
    lines = {(line.for_month, line.kind): line.amount for line in payroll.lines.all()}
    assert lines[(date(2024, 8, 1), LineKind.CURRENT)] == 750_000
    assert lines[(date(2024, 3, 1), LineKind.ARREARS)] == 540_000
    assert lines[(date(2024, 6, 1), LineKind.ARREARS)] == 540_000
    assert lines[(date(2024, 7, 1), LineKind.ARREARS)] == 750_000
    assert payroll.arrears_total == 4 * 540_000 + 750_000
    assert payroll.total == payroll.current_total + payroll.arrears_total


def test_approved_payroll_is_frozen_and_a_later_rate_change_becomes_arrears(
    severe, leader_a, officer_a, admin_user, commune_a
):
    grant(leader_a, severe, effective_month="2024-03", paid_outside_through="2024-07")
    august = _prepare_and_approve(officer_a, leader_a, commune_a, date(2024, 8, 1))
    frozen = list(august.lines.values_list("amount", flat=True))
    assert frozen == [750_000]
    # A People's Council raises the province's level from August 2024, entered afterwards.
    standard_level_add(actor=admin_user, province_code="48", amount=600_000, valid_from=date(2024, 8, 1),
                       legal_basis="Nghị quyết HĐND tỉnh")  # fmt: skip
    with pytest.raises(TransitionNotAllowed):
        payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 8, 1))
    assert list(Payroll.objects.get(pk=august.pk).lines.values_list("amount", flat=True)) == frozen
    september = payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 9, 1))
    lines = {(line.for_month, line.kind): line.amount for line in september.lines.all()}
    assert lines == {(date(2024, 9, 1), "current"): 900_000, (date(2024, 8, 1), "arrears"): 150_000}


def test_payroll_adds_up_with_totals_per_policy(recipient, leader_a, officer_a, commune_a, officer_b, commune_b):
    from policies.selectors.lists import payroll_totals_by_policy
    from policies.services import care_arrangement_add

    people = [recipient(level="severe", certified_on=date(2024, 1, 5)) for _ in range(2)]
    cared = recipient(level="especially_severe", certified_on=date(2024, 1, 5))
    care_arrangement_add(actor=officer_a, person=cared, kind="household", carer_name="Hộ Ông Ba",
                         started_on=date(2024, 1, 1))  # fmt: skip
    for person in people + [cared]:
        grant(leader_a, person, effective_month="2024-08")
    grant(leader_a, cared, policy="care_support", effective_month="2024-08")
    payroll = payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 8, 1))
    totals = {row["policy"]: row["total"] for row in payroll_totals_by_policy(payroll)}
    assert totals == {"monthly_allowance": 2 * 750_000 + 1_000_000, "care_support": 500_000}
    assert payroll.total == sum(totals.values()) == 3_000_000
    assert payroll.person_count == 3


def test_move_mid_month_new_commune_pays_from_next_month(recipient, leader_a, officer_a, commune_a, commune_b,
                                                          make_user):  # fmt: skip
    from registry.services import person_move

    person = recipient(level="severe", certified_on=date(2024, 1, 5))
    grant(leader_a, person, effective_month="2024-01", paid_outside_through="2024-04")
    person_move(actor=officer_a, person=person, commune=commune_b, moved_on=date(2024, 5, 15))
    person.refresh_from_db()
    may = _prepare_and_approve(officer_a, leader_a, commune_a, date(2024, 5, 1))
    june = payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 6, 1))
    assert may.total == 540_000 and june.total == 0
    leader_b = make_user("commune_leader", commune_b)
    with pytest.raises(FieldError):  # commune B does not pay May
        grant(leader_b, person, effective_month="2024-05", decided_on=date(2024, 6, 2))
    grant(leader_b, person, effective_month="2024-06", decided_on=date(2024, 6, 2))
    officer_b = make_user("commune_officer", commune_b)
    assert payroll_prepare(actor=officer_b, commune=commune_b, month=date(2024, 6, 1)).total == 540_000


def test_death_stops_payment_and_funeral_support_is_paid(recipient, leader_a, officer_a, commune_a):
    from registry.services import person_mark_deceased

    person = recipient(level="severe", certified_on=date(2024, 1, 5))
    grant(leader_a, person, effective_month="2024-01", paid_outside_through="2024-08")
    person_mark_deceased(actor=officer_a, person=person, died_on=date(2024, 9, 14))
    person.refresh_from_db()
    grant(leader_a, person, policy="funeral_support", effective_month="2024-09", decided_on=date(2024, 9, 20))
    september = payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 9, 1))
    amounts = sorted(september.lines.values_list("amount", flat=True))
    assert amounts == [750_000, 10_000_000]
    _benefit_stop = Benefit.objects.get(person=person, policy__code="monthly_allowance")
    decide(leader_a, "stop", benefit=_benefit_stop, number="99/QĐ", decided_on=date(2024, 9, 20),
           effective_month="2024-10", reason="Đã chết")  # fmt: skip
    payroll_approve(actor=leader_a, payroll=september)
    assert payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 10, 1)).total == 0


def test_suspend_and_resume_with_suspended_months_paid(severe, leader_a, officer_a, commune_a):
    grant(leader_a, severe, effective_month="2024-03", paid_outside_through="2024-05")
    for month in (6, 7, 8):
        payroll = _prepare_and_approve(officer_a, leader_a, commune_a, date(2024, month, 1))
        payroll_line_set_uncollected(actor=officer_a, line=payroll.lines.get(), uncollected=True)
    _decide("suspend", leader_a, severe, effective_month="2024-09", suspension_reason="not_collected")
    assert payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 9, 1)).total == 0
    assert Benefit.objects.get().status == "suspended"
    _decide("resume", leader_a, severe, effective_month="2024-11", pay_suspended_months=True,
            decided_on=date(2024, 11, 2))  # fmt: skip
    november = payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 11, 1))
    lines = {(line.for_month, line.kind): line.amount for line in november.lines.all()}
    assert lines == {
        (date(2024, 11, 1), "current"): 750_000,
        (date(2024, 9, 1), "arrears"): 750_000,
        (date(2024, 10, 1), "arrears"): 750_000,
    }


def test_payroll_approval_permission_and_order(severe, leader_a, officer_a, commune_a):
    grant(leader_a, severe, effective_month="2024-03", paid_outside_through="2024-06")
    july = payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 7, 1))
    august = payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 8, 1))
    with pytest.raises(NotPermitted):
        payroll_approve(actor=officer_a, payroll=july)
    with pytest.raises(TransitionNotAllowed):
        payroll_approve(actor=leader_a, payroll=august)
    payroll_approve(actor=leader_a, payroll=july)
    with pytest.raises(TransitionNotAllowed):
        payroll_approve(actor=leader_a, payroll=july)


def test_approving_a_stale_draft_is_refused(severe, recipient, leader_a, officer_a, commune_a):
    grant(leader_a, severe, effective_month="2024-03", paid_outside_through="2024-07")
    draft = payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 8, 1))
    other = recipient(level="severe", certified_on=date(2024, 8, 2))
    grant(leader_a, other, effective_month="2024-08")
    with pytest.raises(StaleVersion):
        payroll_approve(actor=leader_a, payroll=draft)
    assert Payroll.objects.get(pk=draft.pk).status == "draft"


def test_rates_bad_input(admin_user, officer_a):
    from policies.services import coefficient_add

    policy = Policy.objects.get(code="monthly_allowance")
    with pytest.raises(NotPermitted):
        standard_level_add(actor=officer_a, amount=600_000, valid_from=date(2025, 1, 1), legal_basis="x")
    with pytest.raises(FieldError):
        standard_level_add(actor=admin_user, amount=-5, valid_from=date(2025, 1, 1), legal_basis="x")
    with pytest.raises(FieldError):
        coefficient_add(actor=admin_user, policy=policy, group="severe_adult", value="0", valid_from=date(2025, 1, 1),
                        legal_basis="x")  # fmt: skip
    with pytest.raises(InvalidInput) as exc:  # overlaps the closed 2021–2024 row
        standard_level_add(actor=admin_user, amount=400_000, valid_from=date(2022, 1, 1), valid_to=date(2022, 12, 31),
                           legal_basis="x")  # fmt: skip
    assert "valid_from" in exc.value.errors
    with pytest.raises(InvalidInput):
        coefficient_add(actor=admin_user, policy=policy, group="severe_adult", value="1.6", valid_from=date(2022, 1, 1),
                        valid_to=date(2022, 6, 30), legal_basis="x")  # fmt: skip
    with pytest.raises(InvalidInput):  # without closing the open row, it overlaps
        coefficient_add(actor=admin_user, policy=policy, group="severe_adult", value="1.6", valid_from=date(2025, 1, 1),
                        legal_basis="x", close_open_row=False)  # fmt: skip
    assert policy.coefficients.filter(group="severe_adult").count() == 2  # nothing half-saved


def test_new_decree_row_ends_the_open_row_and_keeps_history(admin_user):
    from policies.models import StandardLevel

    row = standard_level_add(actor=admin_user, amount=540_000, valid_from=date(2026, 7, 1), legal_basis="NĐ mới")
    previous = StandardLevel.objects.get(amount=500_000)
    assert previous.valid_to == date(2026, 6, 30)
    assert previous.history.count() >= 1 and row.history.count() == 1


def test_unconfirmed_level_is_not_used_until_confirmed(recipient, items_for, admin_user):
    from policies.engine import RateTable, entitlements, load_person_facts
    from policies.models import StandardLevel
    from policies.services import standard_level_confirm

    person = recipient(level="severe", certified_on=date(2024, 1, 5))
    reported = StandardLevel.objects.get(amount=540_000)
    assert not reported.is_confirmed
    assert items_for(person, date(2026, 8, 1), "monthly_allowance")[0].standard_level == 500_000
    standard_level_confirm(actor=admin_user, level=reported)
    items = entitlements(load_person_facts(person), date(2026, 8, 1), RateTable.load())
    assert items[0].standard_level == 540_000 and items[0].amount == 810_000


def test_lines_keep_the_explanation(severe, leader_a, officer_a, commune_a):
    grant(leader_a, severe, effective_month="2024-03", paid_outside_through="2024-07")
    payroll = payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 8, 1))
    assert "mức chuẩn 500.000 đ = 750.000 đ" in PayrollLine.objects.get(payroll=payroll).explanation


def test_a_payroll_knows_only_decisions_made_by_its_month(severe, leader_a, officer_a, commune_a):
    grant(leader_a, severe, effective_month="2024-03", decided_on=date(2024, 9, 3))
    assert payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 8, 1)).total == 0
    september = payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 9, 1))
    assert september.current_total == 750_000
    assert september.arrears_total == 4 * 540_000 + 2 * 750_000  # March–June at 360,000; July–August at 500,000


def test_one_draft_at_a_time_and_numbers_of_waiting_drafts_are_taken(severe, recipient, officer_a, leader_a):
    policy = Policy.objects.get(code="monthly_allowance")
    fields = {"kind": "grant", "policy": policy, "decided_on": date(2024, 3, 29), "effective_month": "2024-03"}
    decision_draft(actor=officer_a, person=severe, number="5/QĐ", **fields)
    with pytest.raises(TransitionNotAllowed):  # the same grant is already waiting for signature
        decision_draft(actor=officer_a, person=severe, number="6/QĐ", **fields)
    other = recipient(level="severe", certified_on=date(2024, 3, 1))
    with pytest.raises(FieldError) as taken:
        decision_draft(actor=officer_a, person=other, number="5/QĐ", **fields)
    assert taken.value.field == "number"


def test_signing_checks_the_rules_again(severe, officer_a, leader_a, commune_b):
    from registry.services import person_move

    policy = Policy.objects.get(code="monthly_allowance")
    draft = decision_draft(actor=officer_a, kind="grant", person=severe, policy=policy, number="5/QĐ",
                           decided_on=date(2024, 3, 29), effective_month="2024-03")  # fmt: skip
    person_move(actor=officer_a, person=severe, commune=commune_b, moved_on=date(2024, 4, 2))
    with pytest.raises(TransitionNotAllowed):
        decision_sign(actor=leader_a, draft=draft)
    assert not Benefit.objects.exists()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_drafter_withdraws_the_leader_returns_nobody_else(severe, officer_a, leader_a, make_user, commune_a):
    from policies.services import decision_return

    policy = Policy.objects.get(code="monthly_allowance")
    other_officer = make_user("commune_officer", commune_a)

    def draft(number):
        return decision_draft(actor=drafter_for(commune_a), kind="grant", person=severe, policy=policy,
                              number=number, decided_on=date(2024, 3, 29), effective_month="2024-03")  # fmt: skip

    first = draft("5/QĐ")
    with pytest.raises(NotPermitted):
        decision_return(actor=other_officer, draft=first, reason="Không phải của tôi")
    with pytest.raises(FieldError):
        decision_return(actor=leader_a, draft=first, reason=" ")
    assert decision_return(actor=drafter_for(commune_a), draft=first, reason="Nhập sai").status == "returned"
    second = draft("5/QĐ")  # the number is free again
    returned = decision_return(actor=leader_a, draft=second, reason="Thiếu hồ sơ")
    assert (returned.status, returned.closed_by, returned.return_reason) == ("returned", leader_a, "Thiếu hồ sơ")
    with pytest.raises(TransitionNotAllowed):
        decision_sign(actor=leader_a, draft=returned)
    assert not Benefit.objects.exists()
