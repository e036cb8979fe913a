from django.urls import path

from .views import attachments, cases, events, providers, transfers

app_name = "cases"
urlpatterns = [
    path("", cases.case_list, name="case_list"),
    path("import/", transfers.case_import_upload, name="case_import"),
    path("import/template.<str:fmt>", transfers.case_import_template, name="case_import_template"),
    path("export.xlsx", transfers.case_export_xlsx, name="case_export_xlsx"),
    path("export.csv", transfers.case_export_csv, name="case_export_csv"),
    path("worklist/", cases.worklist, name="worklist"),
    path("association/", cases.association_support, name="association_support"),
    path("new/", cases.case_create, name="case_create"),
    path("<int:pk>/", cases.case_detail, name="case_detail"),
    path("<int:pk>/edit/", cases.case_edit, name="case_edit"),
    path("<int:pk>/note/", cases.case_note, name="case_note"),
    path("<int:pk>/complete-determination/", cases.case_complete_determination, name="case_complete_determination"),
    path("<int:pk>/do/<slug:action>/", cases.case_action, name="case_action"),
    path("<int:pk>/attachments/", attachments.attachment_upload, name="attachment_upload"),
    path("<int:pk>/attachments/<int:attachment_id>/", attachments.attachment_download, name="attachment_download"),
    path("<int:pk>/refer/", providers.referral_create, name="referral_create"),
    path("referrals/", providers.referral_list, name="referral_list"),
    path("referrals/<int:pk>/<slug:action>/", providers.referral_action, name="referral_action"),
    path("providers/", providers.provider_list, name="provider_list"),
    path("providers/new/", providers.provider_create, name="provider_create"),
    path("providers/<int:pk>/", providers.provider_detail, name="provider_detail"),
    path("providers/<int:pk>/edit/", providers.provider_edit, name="provider_edit"),
    path("events/", events.event_list, name="event_list"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("events/<int:pk>/participants/", events.event_participants, name="event_participants"),
]
