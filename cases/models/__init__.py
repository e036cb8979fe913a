from .attachments import Attachment
from .calendar import CalendarDay
from .cases import MONEY_FIELDS, Case, CaseStep, StepAction
from .choices import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    CaseKind,
    Domain,
    EventKind,
    FundingSource,
    Outcome,
    ProviderKind,
    ReferralStatus,
    Status,
)
from .events import Event, EventParticipant
from .providers import Provider, ProviderDomain, Referral

__all__ = [
    "CLOSED_STATUSES",
    "MONEY_FIELDS",
    "OPEN_STATUSES",
    "Attachment",
    "CalendarDay",
    "Case",
    "CaseKind",
    "CaseStep",
    "Domain",
    "Event",
    "EventKind",
    "EventParticipant",
    "FundingSource",
    "Outcome",
    "Provider",
    "ProviderDomain",
    "ProviderKind",
    "Referral",
    "ReferralStatus",
    "Status",
    "StepAction",
]
