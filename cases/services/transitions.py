"""The named transitions of a case: assess, approve, reject, start, complete, cancel, reopen.

Each one checks `workflow.check` (status, role, area, association reach, maker-checker) on the
locked row, changes the status and writes one timeline entry with the actor, the time and the
note. Completing a determination case records the council's determination and issues the
certificate on the person, through the registry's own services.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from registry.errors import FieldError, InvalidInput
from registry.models.persons import Council
from registry.services import certificate_issue, determination_record

from .. import workflow
from ..models import Case, CaseKind, Outcome
from ._common import add_step, lock, text, today
from .cases import compute_due_on

# Actions that need a reason in the note.
REASON_REQUIRED = {workflow.REJECT, workflow.CANCEL, workflow.REOPEN}


@dataclass
class DeterminationResult:
    """What the council concluded, and the certificate that follows (form 05 minutes, form 06)."""

    determined_on: date | None
    disability_types: list[str]
    form: str = "03"
    level: str = ""
    scores: dict | None = None
    level_override_reason: str = ""
    council: str = Council.COMMUNE
    certificate_number: str = ""
    certificate_issued_on: date | None = None
    notes: str = ""


@transaction.atomic
def case_transition(
    *,
    actor,
    case: Case,
    action: str,
    note: str = "",
    outcome: str = "",
    outcome_on: date | None = None,
    determination: DeterminationResult | None = None,
    expected_version: int | None = None,
) -> Case:
    """Apply one named transition; refused with a clear message when not allowed."""
    locked = lock(case, expected_version)
    transition = workflow.check(action, locked, actor)
    note = text(note)
    if action in REASON_REQUIRED and not note:
        raise FieldError("note", _("Give the reason in the note."))
    source = locked.status
    if action == workflow.ASSESS:
        locked.assessed_by = actor
    elif action in (workflow.APPROVE, workflow.REJECT):
        locked.decided_by = actor
    elif action == workflow.COMPLETE:
        _complete(locked, actor=actor, outcome=outcome, outcome_on=outcome_on, determination=determination)
    elif action == workflow.REOPEN:
        locked.outcome, locked.outcome_on = "", None
        locked.assessed_by = locked.decided_by = None
        if locked.kind == CaseKind.DETERMINATION:
            locked.council_minutes_on = None
        locked.clock_started_on = today()
    locked.status = transition.target
    locked.due_on = compute_due_on(locked)
    locked.version += 1
    locked._history_user = actor
    locked.save()
    if action == workflow.APPROVE:  # what the makers changed is now approved by another person
        locked.money_makers.clear()
        locked.__dict__.pop("_money_maker_ids", None)
    add_step(case=locked, actor=actor, action=action, note=note, from_status=source, to_status=locked.status)
    return locked


def _complete(case: Case, *, actor, outcome: str, outcome_on: date | None, determination: DeterminationResult | None):
    if not outcome:
        raise FieldError("outcome", _("Choose the outcome to complete the case."))
    if outcome not in Outcome.values:
        raise FieldError("outcome", _("Unknown outcome."))
    if case.kind == CaseKind.DETERMINATION and outcome != Outcome.NOT_ACHIEVED:
        if determination is None:
            raise FieldError(
                "determination",
                _("Record the council's determination and the certificate to complete a determination case."),
            )
        _record_determination(case, actor=actor, result=determination)
        outcome_on = outcome_on or determination.certificate_issued_on
    outcome_on = outcome_on or today()
    if outcome_on > today():
        raise FieldError("outcome_on", _("The outcome date cannot be in the future."))
    if outcome_on < case.requested_on:
        raise FieldError("outcome_on", _("The outcome date is before the request."))
    case.outcome, case.outcome_on = outcome, outcome_on


def _record_determination(case: Case, *, actor, result: DeterminationResult) -> None:
    errors: dict[str, list[str]] = {}
    if result.determined_on is None:
        errors["determined_on"] = [_("Enter the date of the council's minutes.")]
    elif result.determined_on < case.requested_on:
        errors["determined_on"] = [_("The council cannot meet before the application.")]
    if not (result.certificate_number or "").strip():
        errors["certificate_number"] = [_("Enter the certificate number.")]
    if result.certificate_issued_on is None:
        errors["certificate_issued_on"] = [_("Enter the issue date of the certificate.")]
    elif result.determined_on and result.certificate_issued_on < result.determined_on:
        errors["certificate_issued_on"] = [_("The certificate cannot be issued before the council's minutes.")]
    if errors:
        raise InvalidInput(errors)
    determination = determination_record(
        actor=actor,
        person=case.person,
        determined_on=result.determined_on,
        disability_types=list(result.disability_types or []),
        level=result.level,
        form=result.form,
        council=result.council,
        scores=result.scores,
        level_override_reason=result.level_override_reason or "",
        notes=result.notes or _("Recorded by case #%(id)s.") % {"id": case.pk},
    )
    try:
        certificate = certificate_issue(
            actor=actor,
            person=case.person,
            number=result.certificate_number,
            issued_on=result.certificate_issued_on,
            issuing_commune=case.person.commune,
        )
    except InvalidInput as exc:  # name the certificate's fields as the completion form does
        renamed = {"number": "certificate_number", "issued_on": "certificate_issued_on"}
        errors = {renamed.get(key, key): messages for key, messages in exc.errors.items()}
        if len(errors) == 1 and len(next(iter(errors.values()))) == 1:
            key, [message] = next(iter(errors.items()))
            raise FieldError(key, message, code=exc.code) from None
        raise InvalidInput(errors, code=exc.code) from None
    case.council_minutes_on = result.determined_on
    case.determination, case.certificate = determination, certificate


def case_assess(*, actor, case: Case, note: str = "", expected_version: int | None = None) -> Case:
    return case_transition(actor=actor, case=case, action=workflow.ASSESS, note=note, expected_version=expected_version)


def case_approve(*, actor, case: Case, note: str = "", expected_version: int | None = None) -> Case:
    return case_transition(
        actor=actor, case=case, action=workflow.APPROVE, note=note, expected_version=expected_version
    )


def case_reject(*, actor, case: Case, note: str, expected_version: int | None = None) -> Case:
    return case_transition(actor=actor, case=case, action=workflow.REJECT, note=note, expected_version=expected_version)


def case_start(*, actor, case: Case, note: str = "", expected_version: int | None = None) -> Case:
    return case_transition(actor=actor, case=case, action=workflow.START, note=note, expected_version=expected_version)


def case_complete(
    *,
    actor,
    case: Case,
    outcome: str,
    note: str = "",
    outcome_on: date | None = None,
    determination: DeterminationResult | None = None,
    expected_version: int | None = None,
) -> Case:
    return case_transition(
        actor=actor, case=case, action=workflow.COMPLETE, note=note, outcome=outcome, outcome_on=outcome_on,
        determination=determination, expected_version=expected_version,
    )  # fmt: skip


def case_cancel(*, actor, case: Case, note: str, expected_version: int | None = None) -> Case:
    return case_transition(actor=actor, case=case, action=workflow.CANCEL, note=note, expected_version=expected_version)


def case_reopen(*, actor, case: Case, note: str, expected_version: int | None = None) -> Case:
    return case_transition(actor=actor, case=case, action=workflow.REOPEN, note=note, expected_version=expected_version)


__all__ = [
    "DeterminationResult",
    "case_approve",
    "case_assess",
    "case_cancel",
    "case_complete",
    "case_reject",
    "case_reopen",
    "case_start",
    "case_transition",
]
