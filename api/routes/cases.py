"""Cases routes, mounted under /api/v1/ by api/urls.py."""

from rest_framework.routers import SimpleRouter

from ..views.cases import CaseViewSet, EventViewSet, ProviderViewSet, ReferralViewSet

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("providers", ProviderViewSet, basename="provider")
router.register("referrals", ReferralViewSet, basename="referral")
router.register("events", EventViewSet, basename="event")

urlpatterns = [*router.urls]
