from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("persons/", views.person_list, name="person_list"),
    path("persons/new/", views.person_create, name="person_create"),
    path("persons/<int:pk>/", views.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("persons/<int:pk>/move/", views.person_move, name="person_move"),
    path("persons/<int:pk>/deceased/", views.person_deceased, name="person_deceased"),
    path("persons/<int:pk>/determinations/new/", views.determination_new, name="determination_new"),
    path("persons/<int:pk>/certificates/new/", views.certificate_new, name="certificate_new"),
    path("access-log/", views.access_log, name="access_log"),
]
