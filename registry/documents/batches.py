"""Batches: many documents rendered in the background into one PDF, with progress.

`batch_start` (the service views call) records the batch and queues the task after commit;
`batch_run` (the task's body) renders in chunks, storing progress after each chunk, and keeps
the finished file in the default storage under `documents/batches/` (MEDIA_ROOT is never
served directly; the scoped download view serves it).
"""

import logging
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from registry.errors import FieldError, NotPermitted
from registry.models import AdminUnit, UnitLevel
from registry.scope import scope_of

from . import certificate
from .formatting import pdf_filename
from .models import BatchKind, BatchStatus, DocumentBatch
from .selectors import can_print_certificates, certificates_to_print, printable_certificates

logger = logging.getLogger(__name__)


@transaction.atomic
def batch_start(*, actor, commune: AdminUnit, kind: str = BatchKind.CERTIFICATES, base_url: str = "") -> DocumentBatch:
    """Queue the rendering of every valid certificate of a commune of the actor's scope."""
    if not can_print_certificates(actor):
        raise NotPermitted(pgettext("documents", "Your role cannot print certificates."))
    if not isinstance(commune, AdminUnit) or commune.level != UnitLevel.COMMUNE:
        raise FieldError("commune", _("Choose a commune."))
    if not scope_of(actor).covers_commune(commune.pk):
        raise FieldError("commune", pgettext("documents", "This commune is outside your area."))
    if kind != BatchKind.CERTIFICATES:
        raise FieldError("kind", _("Unknown kind of batch."))
    batch = DocumentBatch(
        kind=kind,
        commune=commune,
        requested_by=actor,
        base_url=base_url[:200],
        total=certificates_to_print(commune).count(),
    )
    batch.full_clean()
    batch.save()
    transaction.on_commit(lambda: _enqueue(batch.pk))
    return batch


def _enqueue(batch_id) -> None:
    from .tasks import render_batch

    render_batch.delay(str(batch_id))


def batch_run(batch_id, *, chunk: int = certificate.BATCH_CHUNK) -> DocumentBatch:
    """Render the batch; progress (`done`, `pages`) is saved after each chunk."""
    batch = DocumentBatch.objects.select_related("commune").get(pk=batch_id)
    if batch.status != BatchStatus.PENDING:
        return batch
    batch.status = BatchStatus.RUNNING
    batch.total = certificates_to_print(batch.commune).count()
    batch.save(update_fields=["status", "total"])
    if batch.total == 0:  # nothing to print: done, without a file
        batch.status = BatchStatus.DONE
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "finished_at"])
        return batch

    def progress(pages: int) -> None:
        DocumentBatch.objects.filter(pk=batch.pk).update(done=pages, pages=pages)

    try:
        with tempfile.TemporaryFile() as target:
            pages = certificate.write_certificates(
                printable_certificates(batch.commune),
                target,
                base_url=batch.base_url or None,
                on_chunk=progress,
                chunk=chunk,
            )
            target.seek(0)
            batch.file.save(batch_filename(batch), File(target), save=False)
    except Exception as exc:  # the batch records the failure; the log keeps the trace
        logger.exception("Document batch %s failed", batch.pk)
        batch.status = BatchStatus.FAILED
        batch.error = str(exc)[:500]
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "error", "finished_at"])
        return batch
    batch.status = BatchStatus.DONE
    batch.done = pages
    batch.pages = pages
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "done", "pages", "file", "finished_at"])
    return batch


def batch_filename(batch: DocumentBatch) -> str:
    return pdf_filename(f"giay-xac-nhan-khuyet-tat-{batch.commune.code}", batch.requested_at.strftime("%Y%m%d-%H%M"))
