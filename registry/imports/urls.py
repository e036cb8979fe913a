from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("template.<str:fmt>", views.template_download, name="template"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/commit/", views.job_commit, name="job_commit"),
    path("jobs/<int:pk>/cancel/", views.job_cancel, name="job_cancel"),
    path("jobs/<int:pk>/errors.xlsx", views.job_errors, name="job_errors"),
    path("persons/export.xlsx", views.export_persons_xlsx, name="export_xlsx"),
    path("persons/export.csv", views.export_persons_csv, name="export_csv"),
]
