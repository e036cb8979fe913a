"""Writes of the cases app. One way to do each thing: views, API, admin, commands and tasks call these."""

from .attachments import attachment_add
from .cases import case_add_note, case_due_dates_recompute, case_open, case_update, compute_due_on, policy_for
from .events import event_create, event_participants_add, event_participants_remove, event_update
from .providers import provider_create, provider_update, referral_create, referral_record
from .records import case_record_completed
from .transitions import (
    DeterminationResult,
    case_approve,
    case_assess,
    case_cancel,
    case_complete,
    case_reject,
    case_reopen,
    case_start,
    case_transition,
)

__all__ = [
    "DeterminationResult",
    "attachment_add",
    "case_add_note",
    "case_approve",
    "case_assess",
    "case_cancel",
    "case_complete",
    "case_due_dates_recompute",
    "case_open",
    "case_record_completed",
    "case_reject",
    "case_reopen",
    "case_start",
    "case_transition",
    "case_update",
    "compute_due_on",
    "event_create",
    "event_participants_add",
    "event_participants_remove",
    "event_update",
    "policy_for",
    "provider_create",
    "provider_update",
    "referral_create",
    "referral_record",
]
