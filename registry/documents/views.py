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
from registry.errors import DomainError, InvalidInput
from registry.models import AccessLog, Person
from registry.models.persons import CertificateStatus

from . import batches, certificate, profile
from .errors import DocumentUnavailable
from .formatting import initials
from .kinds import kinds_for
from .models import BatchKind, BatchStatus, DocumentBatch
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
@login_required
@require_http_methods(["GET", "POST"])
def batch_list(request):
    """The kinds of batch the viewer may request (one small form each) and the recent batches
    the viewer may see. `?kind=decisions&commune=…&month=YYYY-MM` pre-fills a kind's form."""
    available = kinds_for(request.user)
    visible = batches_visible_to(request.user)
    if not available and not visible.exists():
        raise Http404
    posted = request.POST.get("kind") or BatchKind.CERTIFICATES if request.method == "POST" else None
    if posted is not None and posted not in {k.code for k in available}:
        raise Http404
    panels = []
    for kind in available:
        bound = posted == kind.code
        form = kind.form(viewer=request.user, data=request.POST if bound else None)
        if not bound and request.GET.get("kind") == kind.code:
            form.initial.update({name: request.GET[name] for name in form.fields if name in request.GET})
        if bound and form.is_valid():
            batch = _start(request, kind, form)
            if batch is not None:
                messages.success(request, _("The batch is being prepared."))
                return redirect("documents:batch_detail", pk=batch.pk)
        panels.append({"kind": kind, "form": form, "open": bound or request.GET.get("kind") == kind.code})
    recent = list(visible[:30])
    return render(request, "documents/batch_list.html", {"panels": panels, "batches": recent})


def _start(request, kind, form):
    try:
        return batches.batch_start(
            actor=request.user, kind=kind.code, params=form.params(), base_url=public_base_url(request)
        )
    except InvalidInput as error:
        for field, errors in error.errors.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    except DomainError as error:
        form.add_error(None, error.message)
    return None


def _visible_batch(request, pk) -> DocumentBatch:
    try:
        return batches_visible_to(request.user).get(pk=pk)
    except DocumentBatch.DoesNotExist:
        raise Http404


@login_required
@require_GET
def batch_detail(request, pk):
    batch = _visible_batch(request, pk)
    empty_message = batches.batch_empty_message(batch) if batch.status == BatchStatus.EMPTY else ""
    return render(request, "documents/batch_detail.html", {"batch": batch, "empty_message": empty_message})


@login_required
@require_GET
def batch_download(request, pk):
    batch = _visible_batch(request, pk)
    return batch_file_response(request, batch)


def batch_file_response(request, batch: DocumentBatch) -> FileResponse:
    """The finished batch's PDF (404 until it is done), written to the access log."""
    if batch.status != BatchStatus.DONE or not batch.file:
        raise Http404
    log_access(
        user=request.user,
        action=AccessLog.Action.DOCUMENT,
        request=request,
        row_count=batch.pages,
        detail=batches.batch_kind(batch).log_detail(batch),
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
