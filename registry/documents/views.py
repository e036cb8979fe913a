"""Document pages: the PDFs of a person, batches, and the public certificate check.

The same rules as every page: anonymous → login; a person outside the viewer's scope, or a
role without person-level pages → 404; a document the data cannot support → a clear page
(HTTP 400), never a half PDF. Every document of identifiable data is written to the access log.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from registry.access import log_access
from registry.errors import DomainError
from registry.models import AccessLog, Person
from registry.models.persons import CertificateStatus

from . import batches, certificate, profile
from .errors import DocumentUnavailable
from .formatting import initials
from .forms import BatchForm
from .models import DocumentBatch
from .responses import pdf_response
from .selectors import (
    batches_visible_to,
    can_print_certificates,
    certificate_by_token,
    printable_certificate,
    visible_person,
)
from .urls_for import public_base_url


def unavailable(request, error: DocumentUnavailable, *, person: Person | None = None) -> HttpResponse:
    return render(request, "documents/unavailable.html", {"message": error.message, "person": person}, status=400)


def _person_or_404(request, pk: int) -> Person:
    try:
        return visible_person(viewer=request.user, pk=pk)
    except Person.DoesNotExist:
        raise Http404


@login_required
@require_GET
def person_certificate(request, pk: int):
    person = _person_or_404(request, pk)
    if not can_print_certificates(request.user):
        raise PermissionDenied
    try:
        printable = printable_certificate(person)
    except DocumentUnavailable as error:
        return unavailable(request, error, person=person)
    data = certificate.certificate_pdf(printable, request=request)
    log_access(
        user=request.user,
        action=AccessLog.Action.DOCUMENT,
        request=request,
        person=person,
        detail=f"certificate {printable.certificate.number}",
    )
    return pdf_response(data, certificate.certificate_filename(printable))


@login_required
@require_GET
def person_profile(request, pk: int):
    person = _person_or_404(request, pk)
    data = profile.profile_pdf(viewer=request.user, person=person)
    log_access(user=request.user, action=AccessLog.Action.DOCUMENT, request=request, person=person, detail="profile")
    return pdf_response(data, profile.profile_filename(person))


# Batches ---------------------------------------------------------------------------------------
def _batch_scope(request) -> None:
    if not can_print_certificates(request.user):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def batch_list(request):
    _batch_scope(request)
    form = BatchForm(request.POST or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            batch = batches.batch_start(
                actor=request.user, commune=form.cleaned_data["commune"], base_url=public_base_url(request)
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The batch is being prepared."))
            return redirect("documents:batch_detail", pk=batch.pk)
    recent = list(batches_visible_to(request.user)[:20])
    return render(request, "documents/batch_list.html", {"form": form, "batches": recent})


def _visible_batch(request, pk) -> DocumentBatch:
    _batch_scope(request)
    try:
        return batches_visible_to(request.user).get(pk=pk)
    except DocumentBatch.DoesNotExist:
        raise Http404


@login_required
@require_GET
def batch_detail(request, pk):
    batch = _visible_batch(request, pk)
    return render(request, "documents/batch_detail.html", {"batch": batch})


@login_required
@require_GET
def batch_download(request, pk):
    batch = _visible_batch(request, pk)
    if not batch.file:
        raise Http404
    log_access(
        user=request.user,
        action=AccessLog.Action.DOCUMENT,
        request=request,
        row_count=batch.pages,
        detail=f"certificate batch {batch.commune.code} {batch.pk}",
    )
    response = FileResponse(batch.file.open("rb"), content_type="application/pdf", as_attachment=True,
                            filename=batches.batch_filename(batch))  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    return response


# The public check ------------------------------------------------------------------------------
VERDICTS = {
    CertificateStatus.VALID: ("success", "valid"),
    CertificateStatus.REISSUED: ("warning", "reissued"),
    CertificateStatus.EXCHANGED: ("warning", "exchanged"),
    CertificateStatus.REVOKED: ("error", "revoked"),
}


@never_cache
@require_GET
def verify(request, token: str):
    """Public: whether the certificate is valid, re-issued, exchanged or revoked, with the
    holder's initials and birth year. Nothing else about the holder; an unknown token gets the
    same "not found" page, with HTTP 404."""
    found = certificate_by_token(token)
    if found is None:
        response = render(request, "documents/verify.html", {"found": False}, status=404)
    else:
        tone, verdict = VERDICTS.get(found.status, ("error", "revoked"))
        response = render(
            request,
            "documents/verify.html",
            {
                "found": True,
                "tone": tone,
                "verdict": verdict,
                "initials": initials(found.person.full_name),
                "birth_year": found.person.date_of_birth.year,
            },
        )
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
