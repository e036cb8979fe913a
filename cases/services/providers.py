"""The provider directory and referrals of cases to providers."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from registry.errors import FieldError, InvalidInput, NotPermitted, TransitionNotAllowed
from registry.models import AdminUnit, UnitLevel
from registry.text import fold

from ..models import (
    OPEN_STATUSES,
    Case,
    Domain,
    Provider,
    ProviderDomain,
    ProviderKind,
    Referral,
    ReferralStatus,
    StepAction,
)
from ..scoping import is_writer, provider_editable_by, unit_in_scope
from ..workflow import can_edit
from ._common import add_step, text, today

PROVIDER_FIELDS = ("name", "kind", "unit", "address", "contact_person", "phone", "email", "notes", "is_active")


def _unit_ok(unit) -> bool:
    return isinstance(unit, AdminUnit) and unit.is_current and unit.level in (UnitLevel.COMMUNE, UnitLevel.PROVINCE)


def _apply_provider(provider: Provider, data: dict[str, Any], domains: list[str] | None) -> list[str] | None:
    unknown = set(data) - set(PROVIDER_FIELDS)
    if unknown:
        raise InvalidInput({field: [_("This field cannot be set here.")] for field in sorted(unknown)})
    for field, value in data.items():
        if field in ("name", "address", "contact_person", "phone", "email", "notes"):
            value = text(value)
        setattr(provider, field, value)
    provider.name_folded = fold(provider.name)
    errors: dict[str, list[str]] = {}
    if not provider.name:
        errors["name"] = [_("Enter the name of the provider.")]
    if provider.kind not in ProviderKind.values:
        errors["kind"] = [_("Choose the kind of provider.")]
    if not _unit_ok(provider.unit if provider.unit_id else None):
        errors["unit"] = [_("Choose the commune or the province of the provider.")]
    if domains is not None:
        domains = list(dict.fromkeys(domains))
        wrong = [d for d in domains if d not in Domain.values]
        if wrong:
            errors["domains"] = [_("Unknown domain “%(domain)s”.") % {"domain": ", ".join(wrong)}]
        elif not domains:
            errors["domains"] = [_("Choose at least one domain the provider serves.")]
    if errors:
        raise InvalidInput(errors)
    return domains


def _validate_full(provider: Provider) -> None:
    from django.core.exceptions import ValidationError

    try:
        provider.full_clean(exclude=["unit", "created_by", "name_folded"])
    except ValidationError as exc:
        raise InvalidInput.from_validation_error(exc) from None


def _set_domains(provider: Provider, domains: list[str]) -> None:
    ProviderDomain.objects.filter(provider=provider).exclude(domain__in=domains).delete()
    existing = set(ProviderDomain.objects.filter(provider=provider).values_list("domain", flat=True))
    ProviderDomain.objects.bulk_create(
        [ProviderDomain(provider=provider, domain=d) for d in domains if d not in existing]
    )


@transaction.atomic
def provider_create(*, actor, data: dict[str, Any], domains: list[str]) -> Provider:
    if not is_writer(actor):
        raise NotPermitted(_("Your role cannot add providers."))
    provider = Provider(created_by=actor)
    domains = _apply_provider(provider, data, domains)
    if not unit_in_scope(actor, provider.unit):
        raise FieldError("unit", _("This unit is outside your area."))
    _validate_full(provider)
    provider.save()
    _set_domains(provider, domains)
    return provider


@transaction.atomic
def provider_update(*, actor, provider: Provider, data: dict[str, Any], domains: list[str] | None = None) -> Provider:
    if not provider_editable_by(actor, provider):
        raise NotPermitted(_("You cannot change this provider."))
    domains = _apply_provider(provider, data, domains)
    if not unit_in_scope(actor, provider.unit):
        raise FieldError("unit", _("This unit is outside your area."))
    _validate_full(provider)
    provider.save()
    if domains is not None:
        _set_domains(provider, domains)
    return provider


# Referrals -----------------------------------------------------------------------------------
def _check_day(field: str, day: date | None, *, not_before: date | None = None) -> date:
    day = day or today()
    if day > today():
        raise FieldError(field, _("The date cannot be in the future."))
    if not_before and day < not_before:
        raise FieldError(field, _("The date is before the referral was sent."))
    return day


@transaction.atomic
def referral_create(
    *, actor, case: Case, provider: Provider, sent_on: date | None = None, reason: str = ""
) -> Referral:
    """Send a case to a provider."""
    if not can_edit(actor, case):
        raise NotPermitted(_("You cannot refer this case."))
    if case.status not in OPEN_STATUSES:
        raise TransitionNotAllowed(_("This case is closed: reopen it to refer it."))
    if not isinstance(provider, Provider) or not provider.is_active:
        raise FieldError("provider", _("Choose an active provider."))
    sent_on = _check_day("sent_on", sent_on)
    if sent_on < case.requested_on:
        raise FieldError("sent_on", _("The referral cannot be sent before the request."))
    if Referral.objects.filter(
        case=case, provider=provider, status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED]
    ).exists():
        raise FieldError("provider", _("This case is already referred to this provider."))
    referral = Referral.objects.create(
        case=case, provider=provider, sent_on=sent_on, reason=text(reason), created_by=actor
    )
    add_step(
        case=case, actor=actor, action=StepAction.REFERRAL,
        note=_("Referred to %(provider)s.") % {"provider": provider.name} + (f" {referral.reason}" if referral.reason else ""),
    )  # fmt: skip
    return referral


REFERRAL_TRANSITIONS = {
    "accept": (ReferralStatus.SENT, ReferralStatus.ACCEPTED),
    "decline": (ReferralStatus.SENT, ReferralStatus.DECLINED),
    "complete": (ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED),
}


@transaction.atomic
def referral_record(*, actor, referral: Referral, action: str, on: date | None = None, outcome: str = "") -> Referral:
    """Record the provider's answer (accept, decline) or the completion with its outcome."""
    if action not in REFERRAL_TRANSITIONS:
        raise TransitionNotAllowed(_("Unknown action “%(action)s”.") % {"action": action})
    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("case__person", "case__provider", "provider")
        .get(pk=referral.pk)
    )
    if not can_edit(actor, referral.case):
        raise NotPermitted(_("You cannot change this referral."))
    source, target = REFERRAL_TRANSITIONS[action]
    if referral.status != source:
        raise TransitionNotAllowed(
            _("This referral is “%(status)s”: it can no longer be changed this way.")
            % {"status": ReferralStatus(referral.status).label}
        )
    outcome = text(outcome)
    day = _check_day("on", on, not_before=referral.sent_on)
    if action == "complete":
        if not outcome:
            raise FieldError("outcome", _("Write the outcome of the referral."))
        referral.completed_on = day
    else:
        referral.answered_on = day
    if outcome:
        referral.outcome = outcome
    referral.status = target
    referral.save()
    add_step(
        case=referral.case, actor=actor, action=StepAction.REFERRAL,
        note=_("%(provider)s: %(status)s.") % {"provider": referral.provider.name, "status": ReferralStatus(target).label}
        + (f" {outcome}" if outcome else ""),
    )  # fmt: skip
    return referral
