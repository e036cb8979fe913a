from .entitlements import MonthEntitlements, check_month, person_entitlements, supported_range
from .scope import benefits_visible_to, decision_drafts_visible_to, decisions_visible_to, payrolls_visible_to

__all__ = [
    "MonthEntitlements",
    "benefits_visible_to",
    "check_month",
    "decision_drafts_visible_to",
    "decisions_visible_to",
    "payrolls_visible_to",
    "person_entitlements",
    "supported_range",
]
