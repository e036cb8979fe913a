from django.urls import path

from .views import agencies, exports, indicators, plans, report, reports

app_name = "plans"
urlpatterns = [
    path("", plans.plan_list, name="plan_list"),
    path("new/", plans.plan_create, name="plan_create"),
    path("agencies/", agencies.agency_list, name="agency_list"),
    path("agencies/new/", agencies.agency_form, name="agency_create"),
    path("agencies/<int:agency_id>/edit/", agencies.agency_form, name="agency_edit"),
    path("<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("<int:pk>/report.pdf", report.plan_report, name="plan_report_pdf"),
    path("<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("<int:pk>/issue/", plans.plan_transition, {"action": "issue"}, name="plan_issue"),
    path("<int:pk>/close/", plans.plan_transition, {"action": "close"}, name="plan_close"),
    path("<int:pk>/indicators/new/", indicators.indicator_create, name="indicator_create"),
    path("<int:pk>/indicators/<int:indicator_id>/edit/", indicators.indicator_edit, name="indicator_edit"),
    path("<int:pk>/indicators/<int:indicator_id>/delete/", indicators.indicator_delete, name="indicator_delete"),
    path("<int:pk>/indicators/<int:indicator_id>/targets/", indicators.indicator_targets, name="indicator_targets"),
    path("<int:pk>/indicators/<int:indicator_id>/records/", indicators.records, name="records"),
    path("<int:pk>/reports/", reports.report_list, name="report_list"),
    path("<int:pk>/reports/<int:report_id>/", reports.report_detail, name="report_detail"),
    path("<int:pk>/reports/<int:report_id>/edit/", reports.report_edit, name="report_edit"),
    path("<int:pk>/reports/<int:report_id>/submit/", reports.report_decide, {"action": "submit"}, name="report_submit"),
    path("<int:pk>/reports/<int:report_id>/accept/", reports.report_decide, {"action": "accept"}, name="report_accept"),
    path("<int:pk>/reports/<int:report_id>/return/", reports.report_decide, {"action": "return"}, name="report_return"),
    path("<int:pk>/agency-plans/new/", reports.agency_plan_new, name="agency_plan_new"),
    path("<int:pk>/exports/", exports.export_page, name="exports"),
    path("<int:pk>/exports/statistics.xlsx", exports.export_workbook, name="export_workbook"),
    path("<int:pk>/exports/statistics-csv.zip", exports.export_csv, name="export_csv_zip"),
    path("<int:pk>/exports/statistics/<slug:sheet>.csv", exports.export_csv, name="export_csv"),
    path("<int:pk>/exports/microdata.csv", exports.export_microdata, name="export_microdata"),
]
