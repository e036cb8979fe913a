"""Plan routes, mounted under /api/v1/ by api/urls.py."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from ..views.plans import IndicatorViewSet, PlanViewSet, ReportViewSet

router = SimpleRouter()
router.register("plans", PlanViewSet, basename="plan")

indicators = IndicatorViewSet.as_view({"get": "list", "post": "create"})
indicator = IndicatorViewSet.as_view({"get": "retrieve", "patch": "partial_update", "delete": "destroy"})
reports = ReportViewSet.as_view({"get": "list", "post": "create"})
report = ReportViewSet.as_view({"get": "retrieve", "patch": "partial_update"})

urlpatterns = [
    path("plans/<int:plan_pk>/indicators/", indicators, name="plan-indicators"),
    path("plans/<int:plan_pk>/indicators/<int:pk>/", indicator, name="plan-indicator-detail"),
    path("plans/<int:plan_pk>/reports/", reports, name="plan-reports"),
    path("plans/<int:plan_pk>/reports/<int:pk>/", report, name="plan-report-detail"),
    path(
        "plans/<int:plan_pk>/reports/<int:pk>/submit/",
        ReportViewSet.as_view({"post": "submit"}),
        name="plan-report-submit",
    ),
    path(
        "plans/<int:plan_pk>/reports/<int:pk>/accept/",
        ReportViewSet.as_view({"post": "accept"}),
        name="plan-report-accept",
    ),
    path(
        "plans/<int:plan_pk>/reports/<int:pk>/return/",
        ReportViewSet.as_view({"post": "return_report"}),
        name="plan-report-return",
    ),
    *router.urls,
]
