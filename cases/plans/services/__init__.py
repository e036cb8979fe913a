"""Writes of the plans app. Views, API, admin, commands, tasks and the demo call these."""

from .dhis2 import dhis2_push_request
from .indicators import indicator_create, indicator_delete, indicator_targets_set, indicator_update
from .plans import agency_create, agency_update, plan_close, plan_create, plan_issue, plan_update
from .reports import (
    agency_plan_record,
    report_accept,
    report_create,
    report_figures,
    report_return,
    report_submit,
    report_update,
)
from .signoff import figures_prepare, figures_reject, figures_sign_off
from .summary import summary_ensure, summary_refresh, summary_request_refresh

__all__ = [
    "agency_create",
    "agency_plan_record",
    "agency_update",
    "dhis2_push_request",
    "figures_prepare",
    "figures_reject",
    "figures_sign_off",
    "indicator_create",
    "indicator_delete",
    "indicator_targets_set",
    "indicator_update",
    "plan_close",
    "plan_create",
    "plan_issue",
    "plan_update",
    "report_accept",
    "report_create",
    "report_figures",
    "report_return",
    "report_submit",
    "report_update",
    "summary_ensure",
    "summary_refresh",
    "summary_request_refresh",
]
