"""API root. Each domain's routes live in api/routes/<domain>.py and are mounted under /api/v1/."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from .routes import cases, policies, registry
from .views.docs import ApiDocsView
from .views.errors import not_found

urlpatterns = [
    path("v1/", include(registry.urlpatterns)),
    path("v1/", include(policies.urlpatterns)),
    path("v1/", include(cases.urlpatterns)),
    path("v1/", include("api.routes.documents")),
    path("v1/", include("api.routes.plans")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^", not_found),  # anything else under /api/ answers in the API's error shape
]
