"""Registry routes, mounted under /api/v1/ by api/urls.py."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from ..views.person_records import PersonCertificateViewSet, PersonDeterminationViewSet, PersonHistoryViewSet
from ..views.registry import AdminUnitViewSet, LogoutAllView, LogoutView, PersonViewSet, TokenView

router = SimpleRouter()
router.register("admin-units", AdminUnitViewSet, basename="admin-unit")
router.register("persons", PersonViewSet, basename="person")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("auth/logout/", LogoutView.as_view(), name="api-logout"),
    path("auth/logout-all/", LogoutAllView.as_view(), name="api-logout-all"),
    path(
        "persons/<int:person_pk>/determinations/",
        PersonDeterminationViewSet.as_view({"get": "list", "post": "create"}),
        name="person-determinations",
    ),
    path(
        "persons/<int:person_pk>/certificates/",
        PersonCertificateViewSet.as_view({"get": "list", "post": "create"}),
        name="person-certificates",
    ),
    path("persons/<int:person_pk>/history/", PersonHistoryViewSet.as_view({"get": "list"}), name="person-history"),
    *router.urls,
]
