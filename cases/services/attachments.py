"""Attachments of a case: PDF, JPEG or PNG of at most 10 MB, the type read from the content. The
size goes through the one upload check (`registry.uploads`: never more than HOANHAP_UPLOAD_MAX_BYTES,
and the upload handler has stopped storing the file past that); the file is stored, never parsed."""

from pathlib import PurePath

from django.db import transaction
from django.utils.translation import gettext as _

from registry import uploads
from registry.errors import FieldError, NotPermitted

from ..models import Attachment, Case, StepAction
from ..workflow import can_work_on
from ._common import add_step, text

MAX_BYTES = 10 * 1024 * 1024
# content type → (signature at offset 0, file name extensions)
SIGNATURES = {
    "application/pdf": (b"%PDF-", {".pdf"}),
    "image/jpeg": (b"\xff\xd8\xff", {".jpg", ".jpeg"}),
    "image/png": (b"\x89PNG\r\n\x1a\n", {".png"}),
}


def sniff(head: bytes) -> str | None:
    """The content type the bytes really are, or None."""
    for content_type, (signature, _extensions) in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def check_upload(upload) -> tuple[str, str]:
    """(content type, clean original name) or FieldError: size, then content, then name."""
    name = PurePath(str(getattr(upload, "name", "") or "")).name[:200]
    size = getattr(upload, "size", None)
    if not name or not size:
        raise FieldError("file", _("Choose a file to attach."))
    uploads.check_size(size, uploads.upload_limits(max_bytes=MAX_BYTES))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head)
    if content_type is None:
        raise FieldError("file", _("Only PDF, JPEG and PNG files can be attached."))
    extension = PurePath(name).suffix.lower()
    if extension not in SIGNATURES[content_type][1]:
        raise FieldError(
            "file",
            _("The file “%(name)s” is not what its name says: its content is %(kind)s.")
            % {
                "name": name,
                "kind": {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}[content_type],
            },
        )
    return content_type, name


@transaction.atomic
def attachment_add(*, actor, case: Case, upload, description: str = "") -> Attachment:
    if not can_work_on(actor, case):
        raise NotPermitted(_("You cannot add documents to this case."))
    content_type, name = check_upload(upload)
    attachment = Attachment(
        case=case, original_name=name, content_type=content_type, size=upload.size,
        description=text(description), uploaded_by=actor,
    )  # fmt: skip
    attachment.file.save("upload", upload, save=False)
    path = attachment.file.name
    try:
        attachment.save()
        add_step(case=case, actor=actor, action=StepAction.ATTACHMENT, note=name)
    except Exception:
        attachment.file.storage.delete(path)
        raise
    return attachment
