"""The public certificate check, mounted at /verify/ (no namespace: `certificate_verify`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<str:token>/", views.verify, name="certificate_verify"),
]
