"""API root. Each domain's routes live in api/routes/<domain>.py and are mounted under /api/v1/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .routes import cases, policies, registry

urlpatterns = [
    path("v1/", include(registry.urlpatterns)),
    path("v1/", include(policies.urlpatterns)),
    path("v1/", include(cases.urlpatterns)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
