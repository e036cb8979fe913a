from .agencies import Agency, AgencyKind
from .plans import (
    PERSON_MEASURES,
    Indicator,
    IndicatorTarget,
    Measure,
    Plan,
    PlanStatus,
    default_agency_plans_due,
    default_reports_due,
)
from .reports import AgencyPlan, Report, ReportNarrative, ReportStatus, ReportSubmission
from .summary import PlanSummary, SummaryCell

__all__ = [
    "PERSON_MEASURES",
    "Agency",
    "AgencyKind",
    "AgencyPlan",
    "Indicator",
    "IndicatorTarget",
    "Measure",
    "Plan",
    "PlanStatus",
    "PlanSummary",
    "Report",
    "ReportNarrative",
    "ReportStatus",
    "ReportSubmission",
    "SummaryCell",
    "default_agency_plans_due",
    "default_reports_due",
]
