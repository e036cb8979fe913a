from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as html_csrf_failure
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # answers 404 to every method; nothing to protect
def not_found(request, *args, **kwargs):
    """A path under /api/ that matches no endpoint: JSON in the one error shape, never HTML."""
    return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=404)


def csrf_failure(request, reason=""):
    """CSRF refusals answer in the API's error shape under /api/ and as the usual page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("CSRF check failed: send the CSRF token, or use token authentication."), "code": "csrf_failed"},
            status=403,
        )
    return html_csrf_failure(request, reason=reason)
