"""Decisions: grant, adjust, suspend, resume, stop — drafted by one person, signed by another.

`decision_draft` records what a decision will say (the commune officer drafts it): nothing is paid
and no benefit changes. `decision_sign` by the commune leader (the commune chairman decides since
01/07/2025, Decree 147/2025) makes it a `Decision`, a named transition of the benefit, after the
same rules are checked again on the rows as they are then; the rules are the ones a decision always
followed (amounts, arrears, effective month). The drafter never signs (`registry.maker_checker`),
except in a commune recorded as single-person, and then it is logged. `decision_return` closes a
draft with a reason (the leader returns it, or the drafter withdraws it).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.errors import FieldError, InvalidInput, NotPermitted, TransitionNotAllowed
from registry.maker_checker import require_second_person
from registry.models import Person
from registry.models.persons import DisabilityLevel
from registry.text import clean

from ..engine import RateTable, entitlements, load_person_facts
from ..engine.rules import certificate_for, paying_place
from ..models import (
    CASH_KINDS,
    Benefit,
    BenefitStatus,
    Decider,
    Decision,
    DecisionDraft,
    DecisionKind,
    DraftStatus,
    LineKind,
    PayrollLine,
    PayrollStatus,
    Policy,
    SuspensionReason,
)
from ..months import add_months, first_day, month_label, one_month_after, parse_month
from ..permissions import can_decide, can_draft_decision
from ..selectors.entitlements import check_month


def _grantable(policy: Policy) -> bool:
    return policy.kind in CASH_KINDS and policy.decided_by == Decider.COMMUNE_CHAIRMAN and policy.is_active


def _clean_common(*, number: str, decided_on: date, effective_month, reason: str) -> dict:
    errors: dict[str, list[str]] = {}
    number, reason = clean(number), clean(reason)
    if not number:
        errors["number"] = [_("Enter the decision number.")]
    if decided_on is None:
        errors["decided_on"] = [_("Enter the decision date.")]
    elif decided_on > timezone.localdate():
        errors["decided_on"] = [_("The decision date cannot be in the future.")]
    month = None
    try:
        month = parse_month(effective_month, field="effective_month")
    except FieldError as exc:
        errors["effective_month"] = [exc.message]
    if month and decided_on and month > add_months(first_day(decided_on), 1):
        errors.setdefault("effective_month", []).append(
            _("The effective month cannot be later than the month after the decision.")
        )
    if errors:
        raise InvalidInput(errors)
    return {"number": number, "reason": reason, "decided_on": decided_on, "effective_month": month}


def _data(draft: DecisionDraft) -> dict:
    return _clean_common(number=draft.number, decided_on=draft.decided_on, effective_month=draft.effective_month,
                         reason=draft.reason)  # fmt: skip


def _check_number(draft: DecisionDraft, number: str, decided_on: date) -> None:
    """A number is used once per commune and year, by decisions and by drafts waiting for signature."""
    if Decision.objects.filter(commune_id=draft.commune_id, number=number, decided_on__year=decided_on.year).exists():
        raise FieldError("number", _("This decision number is already used in this commune this year."))
    waiting = DecisionDraft.objects.filter(
        commune_id=draft.commune_id, number=number, decided_on__year=decided_on.year, status=DraftStatus.DRAFT
    )
    if draft.pk:
        waiting = waiting.exclude(pk=draft.pk)
    if waiting.exists():
        raise FieldError("number", _("This decision number is already used in this commune this year."))


def _open_benefit(person: Person, policy: Policy) -> Benefit | None:
    return (
        Benefit.objects.select_for_update()
        .filter(person=person, policy=policy, commune_id=person.commune_id)
        .exclude(status=BenefitStatus.STOPPED)
        .first()
    )


def _ineligible_reason(person: Person, policy: Policy, month: date, rates: RateTable) -> str | None:
    """None when the rules give the person this policy in `month` in their current commune."""
    facts = load_person_facts(person)
    items = [i for i in entitlements(facts, month, rates) if i.policy == policy.code]
    if any(i.paying_commune_id == person.commune_id for i in items):
        return None
    certificates = sorted(facts.certificates, key=lambda c: c.issued_on)
    if not certificates:
        return _("This person has no disability certificate: no allowance without a valid certificate.")
    if certificate_for(facts, month) is None:
        first = first_day(certificates[0].issued_on)
        if month < first:
            return _("The effective month %(month)s is before the certificate month %(cert)s.") % {
                "month": month_label(month),
                "cert": month_label(first),
            }
        return _("The certificate was revoked before %(month)s.") % {"month": month_label(month)}
    if person.died_on and person.died_on < month:
        return _("The person died before %(month)s.") % {"month": month_label(month)}
    if items or paying_place(facts, month)[0] != person.commune_id:
        return _(
            "In %(month)s another commune pays for this person (the new commune pays from the month after a move)."
        ) % {"month": month_label(month)}
    certificate = certificate_for(facts, month)
    if certificate.level == DisabilityLevel.MILD:
        return _("A person with mild disability is not entitled to this support.")
    return _("The rules give this person no %(policy)s in %(month)s.") % {
        "policy": policy.name,
        "month": month_label(month),
    }


def _signer_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _record(benefit: Benefit, kind: str, actor, data: dict, draft: DecisionDraft, **extra) -> Decision:
    """The decision in force, signed by `actor` (its `created_by`), drafted by the draft's author."""
    decision = Decision(
        benefit=benefit,
        person_id=benefit.person_id,
        commune_id=benefit.commune_id,
        kind=kind,
        created_by=actor,
        drafted_by_id=draft.drafted_by_id,
        number=data["number"],
        decided_on=data["decided_on"],
        signer=_signer_name(actor)[:120],
        effective_month=data["effective_month"],
        reason=data["reason"],
        **extra,
    )
    decision.full_clean()
    decision.save()
    return decision


def _last_effective(benefit: Benefit) -> date:
    return benefit.decisions.order_by("-effective_month").values_list("effective_month", flat=True).first()


def _check_after_last(benefit: Benefit, month: date) -> None:
    last = _last_effective(benefit)
    if last and month < last:
        raise FieldError(
            "effective_month",
            _("The effective month cannot be before that of the previous decision (%(month)s).")
            % {"month": month_label(last)},
        )


# The rules of each kind. Each checks the draft against the rows as they are now and, with
# `commit`, applies it (the benefit's transition and the decision); without, it writes nothing.
def _grant(draft: DecisionDraft, actor, *, commit: bool) -> Decision | None:
    """Grant a cash policy from the effective month (never before the certificate month). A grant
    signed after that month pays the arrears on the next payroll. `paid_outside_through` records
    months already paid before this system: they are not paid again."""
    person, policy = draft.person, draft.policy
    data = _data(draft)
    if not _grantable(policy):
        raise FieldError("policy", _("This support is not granted by a commune decision."))
    rates = RateTable.load()
    month = check_month(data["effective_month"], rates, field="effective_month")
    if _open_benefit(person, policy) is not None:
        raise TransitionNotAllowed(_("%(policy)s is already granted to this person.") % {"policy": policy.name})
    problem = _ineligible_reason(person, policy, month, rates)
    if problem:
        field = "effective_month" if month_label(month) in problem else "person"
        raise FieldError(field, problem, code="not_eligible")
    _check_number(draft, data["number"], data["decided_on"])
    ledger_start = month
    if draft.paid_outside_through is not None:
        through = first_day(draft.paid_outside_through)
        if through < month:
            raise FieldError("paid_outside_through", _("This month is before the effective month."))
        ledger_start = add_months(through, 1)
    if not commit:
        return None
    benefit = Benefit.objects.create(
        person=person, policy=policy, commune_id=person.commune_id, status=BenefitStatus.ACTIVE,
        started_month=month, ledger_start=ledger_start,
    )  # fmt: skip
    return _record(benefit, DecisionKind.GRANT, actor, data, draft)


def _locked_benefit(draft: DecisionDraft, allowed: tuple[str, ...], message: str) -> Benefit:
    benefit = Benefit.objects.select_for_update().select_related("policy", "person").get(pk=draft.benefit_id)
    if benefit.status not in allowed:
        raise TransitionNotAllowed(message)
    return benefit


def _adjust(draft: DecisionDraft, actor, *, commit: bool) -> Decision | None:
    """A change (level, age group, rate): amounts follow the rules from the effective month."""
    benefit = _locked_benefit(draft, (BenefitStatus.ACTIVE,), _("Only a benefit being paid can be adjusted."))
    data = _data(draft)
    if not data["reason"]:
        raise FieldError("reason", _("Give the reason for the adjustment."))
    _check_after_last(benefit, data["effective_month"])
    _check_number(draft, data["number"], data["decided_on"])
    if not commit:
        return None
    return _record(benefit, DecisionKind.ADJUST, actor, data, draft)


def _check_suspension_ground(benefit: Benefit, ground: str, month: date, detained_on: date | None, decided_on: date):
    if ground not in SuspensionReason.values:
        raise FieldError(
            "suspension_reason",
            _("Choose a ground: 3 months not collected, refused re-assessment, or detention of 1 month or more."),
        )
    if ground == SuspensionReason.NOT_COLLECTED:
        months = [add_months(month, -k) for k in (3, 2, 1)]
        uncollected = set(
            PayrollLine.objects.filter(
                benefit=benefit, kind=LineKind.CURRENT, uncollected=True, payroll__status=PayrollStatus.APPROVED,
                for_month__in=months,
            ).values_list("for_month", flat=True)
        )  # fmt: skip
        if len(uncollected) < 3:
            raise FieldError(
                "suspension_reason",
                _("The payrolls of %(months)s do not all show the allowance as not collected.")
                % {"months": ", ".join(month_label(m) for m in months)},
            )
    if ground == SuspensionReason.DETENTION:
        if detained_on is None:
            raise FieldError("detained_on", _("Enter the date the detention began."))
        if one_month_after(detained_on) > decided_on:
            raise FieldError("detained_on", _("A suspension for detention needs a detention of 1 month or more."))


def _suspend(draft: DecisionDraft, actor, *, commit: bool) -> Decision | None:
    benefit = _locked_benefit(draft, (BenefitStatus.ACTIVE,), _("Only a benefit being paid can be suspended."))
    data = _data(draft)
    ground, detained_on = draft.suspension_reason, draft.detained_on
    _check_suspension_ground(benefit, ground, data["effective_month"], detained_on, data["decided_on"])
    _check_after_last(benefit, data["effective_month"])
    _check_number(draft, data["number"], data["decided_on"])
    if not commit:
        return None
    if detained_on and ground == SuspensionReason.DETENTION:
        data["reason"] = clean(
            f"{_('Detained since %(date)s') % {'date': detained_on.strftime('%d/%m/%Y')}}. {data['reason']}"
        )
    benefit.status = BenefitStatus.SUSPENDED
    benefit.save(update_fields=["status"])
    return _record(benefit, DecisionKind.SUSPEND, actor, data, draft, suspension_reason=ground)


def _resume(draft: DecisionDraft, actor, *, commit: bool) -> Decision | None:
    benefit = _locked_benefit(draft, (BenefitStatus.SUSPENDED,), _("Only a suspended benefit can be resumed."))
    data = _data(draft)
    _check_after_last(benefit, data["effective_month"])
    _check_number(draft, data["number"], data["decided_on"])
    if not commit:
        return None
    benefit.status = BenefitStatus.ACTIVE
    benefit.save(update_fields=["status"])
    return _record(benefit, DecisionKind.RESUME, actor, data, draft, pay_suspended_months=draft.pay_suspended_months)


def _stop(draft: DecisionDraft, actor, *, commit: bool) -> Decision | None:
    """Stop payment from the effective month (the month after death, a move or loss of eligibility)."""
    benefit = _locked_benefit(
        draft, (BenefitStatus.ACTIVE, BenefitStatus.SUSPENDED), _("This benefit is already stopped.")
    )
    data = _data(draft)
    if not data["reason"]:
        raise FieldError("reason", _("Give the reason for stopping."))
    _check_after_last(benefit, data["effective_month"])
    _check_number(draft, data["number"], data["decided_on"])
    if not commit:
        return None
    benefit.status = BenefitStatus.STOPPED
    benefit.save(update_fields=["status"])
    return _record(benefit, DecisionKind.STOP, actor, data, draft)


RULES = {
    DecisionKind.GRANT: _grant,
    DecisionKind.ADJUST: _adjust,
    DecisionKind.SUSPEND: _suspend,
    DecisionKind.RESUME: _resume,
    DecisionKind.STOP: _stop,
}


def _refuse_second_draft(draft: DecisionDraft) -> None:
    """One draft at a time per benefit (per person and policy for a grant)."""
    waiting = DecisionDraft.objects.filter(status=DraftStatus.DRAFT)
    if draft.benefit_id:
        waiting = waiting.filter(benefit_id=draft.benefit_id)
    else:
        waiting = waiting.filter(kind=DecisionKind.GRANT, person=draft.person, policy=draft.policy,
                                 commune_id=draft.commune_id)  # fmt: skip
    if waiting.exists():
        raise TransitionNotAllowed(
            _("A draft decision on %(policy)s for this person is already waiting for signature: sign or return it "
              "first.") % {"policy": draft.policy.name}
        )  # fmt: skip


@transaction.atomic
def decision_draft(
    *,
    actor,
    kind: str,
    number: str,
    decided_on: date,
    effective_month,
    reason: str = "",
    person: Person | None = None,
    policy: Policy | None = None,
    benefit: Benefit | None = None,
    suspension_reason: str = "",
    detained_on: date | None = None,
    pay_suspended_months: bool = False,
    paid_outside_through=None,
) -> DecisionDraft:
    """Draft a decision for another person to sign: a grant names the person and the policy, the
    other kinds the benefit they change. Every rule the signature will apply is checked now too, so
    the signer sees only drafts that can take effect; nothing is paid until the signature."""
    if kind not in RULES:
        raise FieldError("kind", _("Unknown decision."))
    if kind == DecisionKind.GRANT:
        if person is None or policy is None:
            raise FieldError("policy", _("Choose the person and the support to grant."))
        commune_id = person.commune_id
    else:
        if benefit is None:
            raise FieldError("benefit", _("Choose the support this decision changes."))
        benefit = Benefit.objects.select_related("person", "policy").get(pk=benefit.pk)
        person, policy, commune_id = benefit.person, benefit.policy, benefit.commune_id
    if not can_draft_decision(actor, commune_id):
        raise NotPermitted(_("Only the commune officer or leader drafts decisions for residents of the commune."))
    data = _clean_common(number=number, decided_on=decided_on, effective_month=effective_month, reason=reason)
    through = None
    if kind == DecisionKind.GRANT and paid_outside_through not in (None, ""):
        through = parse_month(paid_outside_through, field="paid_outside_through")
    draft = DecisionDraft(
        kind=kind, person=person, commune_id=commune_id, policy=policy, benefit=benefit, number=data["number"],
        decided_on=data["decided_on"], effective_month=data["effective_month"], reason=data["reason"],
        suspension_reason=(suspension_reason or "") if kind == DecisionKind.SUSPEND else "",
        detained_on=detained_on if kind == DecisionKind.SUSPEND else None,
        pay_suspended_months=bool(pay_suspended_months) and kind == DecisionKind.RESUME,
        paid_outside_through=through, drafted_by=actor,
    )  # fmt: skip
    _refuse_second_draft(draft)
    RULES[kind](draft, actor, commit=False)
    try:
        draft.full_clean(exclude=["person", "commune", "policy", "benefit", "drafted_by"])
    except ValidationError as exc:
        raise InvalidInput.from_validation_error(exc) from None
    draft.save()
    return draft


def _locked_draft(draft: DecisionDraft) -> DecisionDraft:
    return (
        DecisionDraft.objects.select_for_update(of=("self",))
        .select_related("person", "policy", "commune", "drafted_by")
        .get(pk=draft.pk)
    )


@transaction.atomic
def decision_sign(*, actor, draft: DecisionDraft) -> Decision:
    """Sign a draft: the decision takes effect as drafted. The drafter cannot sign it."""
    draft = _locked_draft(draft)
    if not can_decide(actor, draft.commune_id):
        raise NotPermitted(_("Only the commune leader decides on support for residents of the commune."))
    if not draft.is_open:
        raise TransitionNotAllowed(_("This draft is already signed or returned."))
    require_second_person(
        actor=actor, makers=draft.drafted_by_id, pair="decision", commune_id=draft.commune_id, person=draft.person,
        what=f"draft {draft.pk} {draft.get_kind_display()} {draft.number}",
    )  # fmt: skip
    if draft.kind == DecisionKind.GRANT and draft.person.commune_id != draft.commune_id:
        raise TransitionNotAllowed(
            _("The person moved to another commune after this draft: return it; the new commune decides.")
        )
    decision = RULES[draft.kind](draft, actor, commit=True)
    draft.status, draft.decision = DraftStatus.SIGNED, decision
    draft.closed_at, draft.closed_by = timezone.now(), actor
    draft.save(update_fields=["status", "decision", "closed_at", "closed_by"])
    return decision


@transaction.atomic
def decision_return(*, actor, draft: DecisionDraft, reason: str) -> DecisionDraft:
    """Close a draft without effect: the leader returns it, or its drafter withdraws it."""
    draft = _locked_draft(draft)
    drafter = actor.pk == draft.drafted_by_id and can_draft_decision(actor, draft.commune_id)
    if not (drafter or can_decide(actor, draft.commune_id)):
        raise NotPermitted(_("Only the commune leader or the drafter can return this draft."))
    if not draft.is_open:
        raise TransitionNotAllowed(_("This draft is already signed or returned."))
    reason = clean(reason)
    if not reason:
        raise FieldError("reason", _("Give the reason for returning the draft."))
    draft.status, draft.return_reason = DraftStatus.RETURNED, reason[:500]
    draft.closed_at, draft.closed_by = timezone.now(), actor
    draft.save(update_fields=["status", "return_reason", "closed_at", "closed_by"])
    return draft
