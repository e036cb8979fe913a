"""Decisions: grant, adjust, suspend, resume, stop. Each is a named transition of a benefit,
made by the commune leader (the commune chairman decides since 01/07/2025, Decree 147/2025)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.errors import FieldError, InvalidInput, NotPermitted, TransitionNotAllowed
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
    DecisionKind,
    LineKind,
    PayrollLine,
    PayrollStatus,
    Policy,
    SuspensionReason,
)
from ..months import add_months, first_day, month_label, one_month_after, parse_month
from ..permissions import can_decide
from ..selectors.entitlements import check_month


def _grantable(policy: Policy) -> bool:
    return policy.kind in CASH_KINDS and policy.decided_by == Decider.COMMUNE_CHAIRMAN and policy.is_active


def _clean_common(*, number: str, decided_on: date, signer: str, effective_month, reason: str) -> dict:
    errors: dict[str, list[str]] = {}
    number, signer, reason = clean(number), clean(signer), clean(reason)
    if not number:
        errors["number"] = [_("Enter the decision number.")]
    if not signer:
        errors["signer"] = [_("Enter who signed the decision.")]
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
    return {"number": number, "signer": signer, "reason": reason, "decided_on": decided_on, "effective_month": month}


def _check_number(commune_id: int, number: str, decided_on: date) -> None:
    if Decision.objects.filter(commune_id=commune_id, number=number, decided_on__year=decided_on.year).exists():
        raise FieldError("number", _("This decision number is already used in this commune this year."))


def _require_decider(actor, commune_id: int) -> None:
    if not can_decide(actor, commune_id):
        raise NotPermitted(_("Only the commune leader decides on support for residents of the commune."))


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


def _record(benefit: Benefit, kind: str, actor, data: dict, **extra) -> Decision:
    decision = Decision(
        benefit=benefit,
        person_id=benefit.person_id,
        commune_id=benefit.commune_id,
        kind=kind,
        created_by=actor,
        number=data["number"],
        decided_on=data["decided_on"],
        signer=data["signer"],
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


@transaction.atomic
def decision_grant(
    *,
    actor,
    person: Person,
    policy: Policy,
    number: str,
    decided_on: date,
    signer: str,
    effective_month,
    reason: str = "",
    paid_outside_through=None,
) -> Decision:
    """Grant a cash policy from `effective_month` (never before the certificate month). A grant
    made after that month pays the arrears on the next payroll. `paid_outside_through` records
    months already paid before this system: they are not paid again."""
    _require_decider(actor, person.commune_id)
    data = _clean_common(
        number=number, decided_on=decided_on, signer=signer, effective_month=effective_month, reason=reason
    )
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
    _check_number(person.commune_id, data["number"], data["decided_on"])
    ledger_start = month
    if paid_outside_through not in (None, ""):
        through = parse_month(paid_outside_through, field="paid_outside_through")
        if through < month:
            raise FieldError("paid_outside_through", _("This month is before the effective month."))
        ledger_start = add_months(through, 1)
    benefit = Benefit.objects.create(
        person=person, policy=policy, commune_id=person.commune_id, status=BenefitStatus.ACTIVE,
        started_month=month, ledger_start=ledger_start,
    )  # fmt: skip
    return _record(benefit, DecisionKind.GRANT, actor, data)


def _transition(actor, benefit: Benefit, allowed: tuple[str, ...], message: str) -> Benefit:
    benefit = Benefit.objects.select_for_update().select_related("policy", "person").get(pk=benefit.pk)
    _require_decider(actor, benefit.commune_id)
    if benefit.status not in allowed:
        raise TransitionNotAllowed(message)
    return benefit


@transaction.atomic
def decision_adjust(*, actor, benefit: Benefit, number: str, decided_on: date, signer: str, effective_month,
                    reason: str) -> Decision:  # fmt: skip
    """Record a change (level, age group, rate): amounts follow the rules from the effective month."""
    benefit = _transition(actor, benefit, (BenefitStatus.ACTIVE,), _("Only a benefit being paid can be adjusted."))
    data = _clean_common(
        number=number, decided_on=decided_on, signer=signer, effective_month=effective_month, reason=reason
    )
    if not data["reason"]:
        raise FieldError("reason", _("Give the reason for the adjustment."))
    _check_after_last(benefit, data["effective_month"])
    _check_number(benefit.commune_id, data["number"], data["decided_on"])
    return _record(benefit, DecisionKind.ADJUST, actor, data)


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


@transaction.atomic
def decision_suspend(*, actor, benefit: Benefit, number: str, decided_on: date, signer: str, effective_month,
                     suspension_reason: str, reason: str = "", detained_on: date | None = None) -> Decision:  # fmt: skip
    benefit = _transition(actor, benefit, (BenefitStatus.ACTIVE,), _("Only a benefit being paid can be suspended."))
    data = _clean_common(
        number=number, decided_on=decided_on, signer=signer, effective_month=effective_month, reason=reason
    )
    _check_suspension_ground(benefit, suspension_reason, data["effective_month"], detained_on, data["decided_on"])
    if detained_on and suspension_reason == SuspensionReason.DETENTION:
        data["reason"] = clean(
            f"{_('Detained since %(date)s') % {'date': detained_on.strftime('%d/%m/%Y')}}. {data['reason']}"
        )
    _check_after_last(benefit, data["effective_month"])
    _check_number(benefit.commune_id, data["number"], data["decided_on"])
    benefit.status = BenefitStatus.SUSPENDED
    benefit.save(update_fields=["status"])
    return _record(benefit, DecisionKind.SUSPEND, actor, data, suspension_reason=suspension_reason)


@transaction.atomic
def decision_resume(*, actor, benefit: Benefit, number: str, decided_on: date, signer: str, effective_month,
                    reason: str = "", pay_suspended_months: bool = False) -> Decision:  # fmt: skip
    benefit = _transition(actor, benefit, (BenefitStatus.SUSPENDED,), _("Only a suspended benefit can be resumed."))
    data = _clean_common(
        number=number, decided_on=decided_on, signer=signer, effective_month=effective_month, reason=reason
    )
    _check_after_last(benefit, data["effective_month"])
    _check_number(benefit.commune_id, data["number"], data["decided_on"])
    benefit.status = BenefitStatus.ACTIVE
    benefit.save(update_fields=["status"])
    return _record(benefit, DecisionKind.RESUME, actor, data, pay_suspended_months=bool(pay_suspended_months))


@transaction.atomic
def decision_stop(*, actor, benefit: Benefit, number: str, decided_on: date, signer: str, effective_month,
                  reason: str) -> Decision:  # fmt: skip
    """Stop payment from the effective month (the month after death, a move or loss of eligibility)."""
    benefit = _transition(
        actor, benefit, (BenefitStatus.ACTIVE, BenefitStatus.SUSPENDED), _("This benefit is already stopped.")
    )
    data = _clean_common(
        number=number, decided_on=decided_on, signer=signer, effective_month=effective_month, reason=reason
    )
    if not data["reason"]:
        raise FieldError("reason", _("Give the reason for stopping."))
    _check_after_last(benefit, data["effective_month"])
    _check_number(benefit.commune_id, data["number"], data["decided_on"])
    benefit.status = BenefitStatus.STOPPED
    benefit.save(update_fields=["status"])
    return _record(benefit, DecisionKind.STOP, actor, data)
