"""Policies routes, mounted under /api/v1/ by api/urls.py."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from ..views.policies import (
    CoefficientViewSet,
    DecisionDraftViewSet,
    DecisionViewSet,
    HealthInsuranceView,
    PayrollViewSet,
    PersonEntitlementsView,
    PolicyViewSet,
    RatesView,
    StandardLevelViewSet,
)

router = SimpleRouter()
router.register("policies", PolicyViewSet, basename="policy")
router.register("rates/standard-levels", StandardLevelViewSet, basename="standard-level")
router.register("rates/coefficients", CoefficientViewSet, basename="coefficient")
router.register("decisions", DecisionViewSet, basename="decision")
router.register("decision-drafts", DecisionDraftViewSet, basename="decision-draft")
router.register("payrolls", PayrollViewSet, basename="payroll")

urlpatterns = [
    path("rates/", RatesView.as_view(), name="rates"),
    path("persons/<int:pk>/entitlements/", PersonEntitlementsView.as_view(), name="person-entitlements"),
    path("health-insurance/", HealthInsuranceView.as_view(), name="health-insurance"),
    *router.urls,
]
