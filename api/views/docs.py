"""The browsable API docs (Swagger UI) served from packaged assets and without inline script,
so they work under the site's Content Security Policy and without a CDN."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
