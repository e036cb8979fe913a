"""Attachments: upload on the case page; download only through this scoped view."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry.access import log_access
from registry.errors import DomainError
from registry.models import AccessLog

from .. import services
from ..forms import AttachmentForm
from ..models import Attachment
from .common import visible_case


@login_required
@require_POST
def attachment_upload(request, pk: int):
    case = visible_case(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("cases:case_detail", pk=case.pk)
    try:
        services.attachment_add(
            actor=request.user, case=case, upload=form.cleaned_data["file"],
            description=form.cleaned_data.get("description", ""),
        )  # fmt: skip
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Document attached."))
    return redirect("cases:case_detail", pk=case.pk)


@login_required
def attachment_download(request, pk: int, attachment_id: int):
    """The file, after the case's scope check: a URL copied to another commune answers 404."""
    case = visible_case(request, pk)
    attachment = Attachment.objects.filter(case=case, pk=attachment_id).first()
    if attachment is None:
        raise Http404
    log_access(user=request.user, action=AccessLog.Action.DOCUMENT, request=request, person=case.person,
               detail=f"case {case.pk} attachment {attachment.pk}")  # fmt: skip
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404
    response = FileResponse(
        handle, content_type=attachment.content_type, as_attachment=request.GET.get("inline") != "1",
        filename=attachment.original_name,
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
