from .decisions import decision_draft, decision_return, decision_sign
from .facts import (
    care_arrangement_add,
    child_add,
    facility_stay_add,
    fact_end,
    fact_remove,
    marriage_add,
    other_ground_add,
    pregnancy_add,
)
from .payroll import payroll_approve, payroll_line_set_uncollected, payroll_prepare
from .rates import coefficient_add, standard_level_add, standard_level_confirm

__all__ = [
    "care_arrangement_add",
    "child_add",
    "coefficient_add",
    "decision_draft",
    "decision_return",
    "decision_sign",
    "facility_stay_add",
    "fact_end",
    "fact_remove",
    "marriage_add",
    "other_ground_add",
    "payroll_approve",
    "payroll_line_set_uncollected",
    "payroll_prepare",
    "pregnancy_add",
    "standard_level_add",
    "standard_level_confirm",
]
