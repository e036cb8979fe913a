from .catalogue import CASH_KINDS, Decider, Domain, Policy, PolicyKind
from .decisions import (
    Benefit,
    BenefitStatus,
    Decision,
    DecisionDraft,
    DecisionKind,
    DraftStatus,
    SuspensionReason,
)
from .facts import CareArrangement, CareKind, Child, FacilityStay, Marriage, OtherGround, Pregnancy
from .payroll import LineKind, Payroll, PayrollLine, PayrollStatus
from .rates import Coefficient, CoefficientGroup, StandardLevel

__all__ = [
    "CASH_KINDS",
    "Benefit",
    "BenefitStatus",
    "CareArrangement",
    "CareKind",
    "Child",
    "Coefficient",
    "CoefficientGroup",
    "Decider",
    "Decision",
    "DecisionDraft",
    "DecisionKind",
    "Domain",
    "DraftStatus",
    "FacilityStay",
    "LineKind",
    "Marriage",
    "OtherGround",
    "Payroll",
    "PayrollLine",
    "PayrollStatus",
    "Policy",
    "PolicyKind",
    "Pregnancy",
    "StandardLevel",
    "SuspensionReason",
]
