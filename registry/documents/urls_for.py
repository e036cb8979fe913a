"""Absolute URLs printed on documents and returned by the API.

`verification_url(certificate, request=None)` is the public check of a certificate (the QR
code's target). With a request it is built from the request's host; without one (a background
batch) from `settings.HOANHAP_PUBLIC_URL` (e.g. `https://hoanhap.danang.gov.vn`), else it is a
path. The API's certificate serializer calls this function.
"""

from django.conf import settings
from django.urls import reverse


def public_base_url(request=None) -> str:
    """'https://host' of the public site, without a trailing slash ('' when unknown)."""
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return (getattr(settings, "HOANHAP_PUBLIC_URL", "") or "").rstrip("/")


def absolute(path: str, *, request=None, base_url: str | None = None) -> str:
    base = base_url.rstrip("/") if base_url else public_base_url(request)
    return f"{base}{path}"


def verification_path(token: str) -> str:
    return reverse("certificate_verify", kwargs={"token": token})


def verification_url(certificate, request=None, *, base_url: str | None = None) -> str:
    """The absolute URL of the certificate's public verification page."""
    return absolute(verification_path(certificate.verification_token), request=request, base_url=base_url)
