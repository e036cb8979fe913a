"""Document pages, mounted at /documents/ (the public check is in public_urls.py)."""

from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("persons/<int:pk>/certificate.pdf", views.person_certificate, name="person_certificate"),
    path("persons/<int:pk>/profile.pdf", views.person_profile, name="person_profile"),
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/<uuid:pk>/", views.batch_detail, name="batch_detail"),
    path("batches/<uuid:pk>/download/", views.batch_download, name="batch_download"),
]
