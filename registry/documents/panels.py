"""The "Documents" panel of the person page (settings.PERSON_PAGE_PANELS)."""

from django.urls import reverse
from django.utils.translation import pgettext

from .errors import DocumentUnavailable
from .selectors import can_print_certificates, printable_certificate


def person_documents(request, person) -> dict | None:
    """Links to the person's documents for this viewer (the person page is already scoped)."""
    certificate_url = refusal = None
    if can_print_certificates(request.user):
        try:
            printable_certificate(person)
        except DocumentUnavailable as error:
            refusal = error.message
        else:
            certificate_url = reverse("documents:person_certificate", args=[person.pk])
    return {
        "title": pgettext("documents", "Documents"),
        "template": "documents/person_panel.html",
        "context": {
            "profile_url": reverse("documents:person_profile", args=[person.pk]),
            "certificate_url": certificate_url,
            "certificate_refusal": refusal,
            "batch_url": reverse("documents:batch_list") if can_print_certificates(request.user) else None,
        },
    }
