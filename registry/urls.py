from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("persons/", views.person_list, name="person_list"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("access-log/", views.access_log, name="access_log"),
]
