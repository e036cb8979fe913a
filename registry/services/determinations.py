"""Determinations (the council's conclusion) and certificates (the card that follows)."""

import secrets
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..errors import FieldError, InvalidInput, NotPermitted
from ..models import AdminUnit, Certificate, Determination, Person, UnitLevel
from ..models.persons import ACTIVITIES, TYPE_FIELDS, CertificateStatus, Council, DeterminationForm, DisabilityLevel
from ..scope import scope_of

ACTIVITY_KEYS = [key for key, _label in ACTIVITIES]


def level_for_total(total: int) -> str:
    """Form 03 total → level: ≥ 14 especially severe, 7–13 severe, 0–6 mild (domain.md §2)."""
    if total >= 14:
        return DisabilityLevel.ESPECIALLY_SEVERE
    if total >= 7:
        return DisabilityLevel.SEVERE
    return DisabilityLevel.MILD


def _clean_scores(scores: dict | None) -> tuple[dict[str, int], int]:
    scores = scores or {}
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, int] = {}
    for key in ACTIVITY_KEYS:
        value = scores.get(key)
        if value in (None, ""):
            errors.setdefault("scores", []).append(_("Score every one of the ten activities (missing: %(a)s).") % {"a": key})
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = -1
        if number not in (0, 1, 2):
            errors.setdefault("scores", []).append(_("Each score is 0, 1 or 2 (%(a)s).") % {"a": key})
        cleaned[key] = number
    extra = set(scores) - set(ACTIVITY_KEYS)
    if extra:
        errors.setdefault("scores", []).append(_("Unknown activities: %(a)s.") % {"a": ", ".join(sorted(extra))})
    if errors:
        raise InvalidInput(errors)
    return cleaned, sum(cleaned.values())


def sync_person_from_determinations(person: Person, *, actor=None) -> None:
    """Set the person's types and level from the latest valid determination (the one writer)."""
    latest = person.determinations.filter(is_valid=True).order_by("-determined_on", "-id").first()
    types = set(latest.disability_types) if latest else set()
    for code, field in TYPE_FIELDS.items():
        setattr(person, field, code in types)
    person.level = latest.level if latest else ""
    person.version += 1
    person._history_user = actor
    person.save(update_fields=[*TYPE_FIELDS.values(), "level", "version", "updated_at"])


@transaction.atomic
def determination_record(
    *,
    actor,
    person: Person,
    determined_on: date,
    disability_types: list[str],
    level: str = "",
    form: str = "",
    council: str = Council.COMMUNE,
    scores: dict | None = None,
    level_override_reason: str = "",
    notes: str = "",
) -> Determination:
    """Record a determination. For form 03 the level follows the total unless the council
    overrides it with a reason."""
    _require_record_keeper(actor, person)
    check_determination_date(determined_on, date_of_birth=person.date_of_birth, today=timezone.localdate())
    if not disability_types:
        raise FieldError("disability_types", _("Choose at least one disability type."))
    unknown = [t for t in disability_types if t not in TYPE_FIELDS]
    if unknown:
        raise FieldError("disability_types", _("Unknown disability type: %(types)s.") % {"types": ", ".join(unknown)})
    if form not in DeterminationForm.values:
        raise FieldError("form", _("Unknown form."))
    if council not in Council.values:
        raise FieldError("council", _("Unknown council."))
    total = None
    cleaned_scores: dict = {}
    if form == DeterminationForm.FORM_03:
        cleaned_scores, total = _clean_scores(scores)
        implied = level_for_total(total)
        if not level:
            level = implied
        elif level != implied and not level_override_reason.strip():
            raise FieldError(
                "level_override_reason",
                _("The total %(total)d implies “%(implied)s”; give the council's reason for another level.")
                % {"total": total, "implied": DisabilityLevel(implied).label},
            )
    if level not in DisabilityLevel.values:
        raise FieldError("level", _("Choose the disability level."))
    determination = Determination(
        person=person,
        determined_on=determined_on,
        council=council,
        form=form,
        scores=cleaned_scores,
        total_score=total,
        disability_types=[t for t in TYPE_FIELDS if t in set(disability_types)],
        level=level,
        level_override_reason=level_override_reason.strip() if total is not None and level != level_for_total(total) else "",
        notes=notes,
        created_by=actor,
    )
    determination.full_clean()
    determination._history_user = actor
    determination.save()
    sync_person_from_determinations(person, actor=actor)
    return determination


def check_determination_date(determined_on: date, *, date_of_birth: date, today: date) -> None:
    """A determination is dated between the person's birth and today (FieldError on `determined_on`)."""
    if determined_on > today:
        raise FieldError("determined_on", _("The determination date cannot be in the future."))
    if determined_on < date_of_birth:
        raise FieldError("determined_on", _("The determination date is before the date of birth."))


CERTIFICATE_NUMBER_MAX = Certificate._meta.get_field("number").max_length


def check_certificate_number(number: str | None) -> str:
    """The certificate number, stripped; FieldError on `number` when empty or too long. Whether it
    is already used in the issuing commune is a query: `certificate_issue` asks the database, the
    bulk import its index of the file's communes."""
    number = (number or "").strip()
    if not number:
        raise FieldError("number", _("Enter the certificate number."))
    if len(number) > CERTIFICATE_NUMBER_MAX:
        raise FieldError("number", _("The certificate number is too long."))
    return number


def check_certificate_issue_date(
    issued_on: date, *, date_of_birth: date, today: date, determined_on: date | None = None,
    current_issued_on: date | None = None,
) -> None:  # fmt: skip
    """A certificate is issued between the person's birth and today, not before the determination
    it follows nor before the certificate it replaces (FieldError on `issued_on`)."""
    if issued_on > today:
        raise FieldError("issued_on", _("The issue date cannot be in the future."))
    if issued_on < date_of_birth:
        raise FieldError("issued_on", _("The issue date is before the date of birth."))
    if determined_on is not None and issued_on < determined_on:
        raise FieldError("issued_on", _("The issue date is before the determination date."))
    if current_issued_on is not None and issued_on < current_issued_on:
        raise FieldError("issued_on", _("The issue date is before that of the current certificate."))


CERTIFICATE_NUMBER_TAKEN = gettext_lazy("This certificate number is already used in this commune.")


def _require_record_keeper(actor, person: Person) -> None:
    """Determinations and certificates are recorded by the commune's officers or its leader
    (the council's chair) for current residents of their scope."""
    scope = scope_of(actor)
    if actor is None or not (scope.edits_persons or scope.approves) or not scope.covers_commune(person.commune_id):
        raise NotPermitted(_("You cannot record determinations or certificates for this person."))


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def certificate_issue(
    *,
    actor,
    person: Person,
    number: str,
    issued_on: date,
    issuing_commune: AdminUnit,
    replaced_status: str = CertificateStatus.REISSUED,
) -> Certificate:
    """Issue a certificate for the person's current determination. A valid certificate the
    person already holds becomes re-issued (or exchanged)."""
    _require_record_keeper(actor, person)
    number = check_certificate_number(number)
    if not isinstance(issuing_commune, AdminUnit) or issuing_commune.level != UnitLevel.COMMUNE or not issuing_commune.is_current:
        raise FieldError("issuing_commune", _("Choose a current commune as the issuing commune."))
    determination = person.determinations.filter(is_valid=True).order_by("-determined_on", "-id").first()
    if determination is None:
        raise FieldError("number", _("This person has no valid determination: record the determination first."))
    if replaced_status not in (CertificateStatus.REISSUED, CertificateStatus.EXCHANGED):
        raise FieldError("replaced_status", _("A replaced certificate is either re-issued or exchanged."))
    current = Certificate.objects.select_for_update().filter(person=person, status=CertificateStatus.VALID).first()
    check_certificate_issue_date(
        issued_on, date_of_birth=person.date_of_birth, today=timezone.localdate(),
        determined_on=determination.determined_on, current_issued_on=current.issued_on if current else None,
    )  # fmt: skip
    if Certificate.objects.filter(issuing_commune=issuing_commune, number=number).exists():
        raise FieldError("number", str(CERTIFICATE_NUMBER_TAKEN))
    if current:
        current.status = replaced_status
        current.status_changed_on = issued_on
        current._history_user = actor
        current.save(update_fields=["status", "status_changed_on"])
    certificate = Certificate(
        person=person,
        number=number,
        issued_on=issued_on,
        issuing_commune=issuing_commune,
        determination=determination,
        verification_token=_new_token(),
        created_by=actor,
    )
    certificate.full_clean()
    certificate._history_user = actor
    certificate.save()
    return certificate


@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, revoked_on: date) -> Certificate:
    _require_record_keeper(actor, certificate.person)
    if certificate.status != CertificateStatus.VALID:
        raise FieldError("status", _("Only a valid certificate can be revoked."))
    certificate.status = CertificateStatus.REVOKED
    certificate.status_changed_on = revoked_on
    certificate._history_user = actor
    certificate.save(update_fields=["status", "status_changed_on"])
    return certificate
