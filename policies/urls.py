from django.urls import path

from .views import catalogue, drafts, lists, persons

app_name = "policies"
urlpatterns = [
    path("", catalogue.policy_list, name="policy_list"),
    path("rates/", catalogue.rates, name="rates"),
    path("rates/standard-levels/new/", catalogue.standard_level_new, name="standard_level_new"),
    path("rates/standard-levels/<int:pk>/confirm/", catalogue.standard_level_confirm, name="standard_level_confirm"),
    path("rates/coefficients/new/", catalogue.coefficient_new, name="coefficient_new"),
    path("persons/<int:pk>/", persons.person_entitlements_page, name="person_entitlements"),
    path("persons/<int:pk>/facts/", persons.person_facts, name="person_facts"),
    path("persons/<int:pk>/facts/<slug:kind>/new/", persons.person_fact_new, name="person_fact_new"),
    path("persons/<int:pk>/facts/<slug:kind>/<int:fact_pk>/end/", persons.person_fact_end, name="person_fact_end"),
    path(
        "persons/<int:pk>/facts/<slug:kind>/<int:fact_pk>/remove/",
        persons.person_fact_remove,
        name="person_fact_remove",
    ),  # fmt: skip
    path("persons/<int:pk>/decisions/<slug:kind>/", persons.person_decision_new, name="person_decision_new"),
    path("decisions/", lists.decisions, name="decisions"),
    path("decisions/drafts/<int:pk>/", drafts.decision_draft, name="decision_draft"),
    path("decisions/drafts/<int:pk>/sign/", drafts.decision_draft_sign, name="decision_draft_sign"),
    path("decisions/drafts/<int:pk>/return/", drafts.decision_draft_return, name="decision_draft_return"),
    path("payrolls/", lists.payrolls, name="payrolls"),
    path("payrolls/<int:pk>/", lists.payroll_detail, name="payroll_detail"),
    path("payrolls/<int:pk>/refresh/", lists.payroll_refresh, name="payroll_refresh"),
    path("payrolls/<int:pk>/approve/", lists.payroll_approve, name="payroll_approve"),
    path("payrolls/<int:pk>/export.xlsx", lists.payroll_export, name="payroll_export"),
    path("payrolls/<int:pk>/document.pdf", lists.payroll_pdf, name="payroll_pdf"),
    path("decisions/<int:pk>/document.pdf", lists.decision_pdf, name="decision_pdf"),
    path(
        "payrolls/<int:pk>/lines/<int:line_pk>/collection/",
        lists.payroll_line_collection,
        name="payroll_line_collection",
    ),  # fmt: skip
    path("health-insurance/", lists.health_insurance, name="health_insurance"),
]
