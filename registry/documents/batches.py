"""Batches: many documents rendered in the background into one PDF, with progress.

`batch_start` (the one service views and the API call) asks the kind (`kinds.py`,
settings.DOCUMENT_BATCH_KINDS) whether the actor may request it and to validate the
parameters, records the batch and queues the task after commit; `batch_run` (the task's body)
renders the kind's chunks one WeasyPrint rendering at a time (`rendering.write_in_chunks`),
storing progress after each chunk, and keeps the finished file in the default storage under
`documents/batches/` (MEDIA_ROOT is never served directly; the scoped download view serves it).
A batch with nothing to render ends as "empty", without a file.
"""

import copy
import logging
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import pgettext

from registry.errors import NotPermitted

from .kinds import BatchKindProvider, Progress, get_kind
from .models import BatchKind, BatchStatus, DocumentBatch
from .rendering import write_in_chunks

logger = logging.getLogger(__name__)


@transaction.atomic
def batch_start(
    *,
    actor,
    kind: str = BatchKind.CERTIFICATES,
    params: dict | None = None,
    commune=None,
    base_url: str = "",
) -> DocumentBatch:
    """Queue the rendering of a batch of `kind` with the raw `params` (strings, as a form or the
    API sends them; `commune` may be given as an AdminUnit). Raises FieldError naming the wrong
    parameter, NotPermitted when the actor's role may not request this kind."""
    provider = get_kind(kind)
    if not provider.may_request(actor):
        raise NotPermitted(pgettext("documents", "Your role cannot request this kind of batch."))
    data = dict(params or {})
    if commune is not None:
        data.setdefault("commune", commune)
    accepted = provider.clean(viewer=actor, data=data)
    batch = DocumentBatch(
        kind=provider.code,
        commune=accepted.commune,
        params=accepted.params,
        title=str(accepted.title)[:200],
        requested_by=actor,
        base_url=base_url[:200],
    )
    batch.total = provider.count(batch)
    batch.full_clean()
    batch.save()
    transaction.on_commit(lambda: _enqueue(batch.pk))
    return batch


def _enqueue(batch_id) -> None:
    from .tasks import render_batch

    render_batch.delay(str(batch_id))


def batch_kind(batch: DocumentBatch) -> BatchKindProvider:
    return get_kind(batch.kind)


def batch_run(batch_id, *, chunk: int | None = None) -> DocumentBatch:
    """Render the batch; progress (`done` items, `pages`) is saved after each chunk. `chunk`
    overrides the kind's chunk size (tests, the benchmark)."""
    batch = DocumentBatch.objects.select_related("commune", "requested_by").get(pk=batch_id)
    if batch.status != BatchStatus.PENDING:
        return batch
    try:
        provider = batch_kind(batch)
        if chunk and hasattr(provider, "chunk_size"):
            provider = copy.copy(provider)
            provider.chunk_size = chunk
        batch.status = BatchStatus.RUNNING
        batch.total = provider.count(batch)
        batch.save(update_fields=["status", "total"])
        if batch.total == 0:
            return _finish_empty(batch)
        progress = Progress()
        current = {"items": 0}

        def tracked():
            for piece in provider.chunks(batch, progress):
                current["items"] = piece.items
                yield piece.template, piece.context

        def on_chunk(pages: int) -> None:
            progress.pages = pages
            progress.done += current["items"]
            DocumentBatch.objects.filter(pk=batch.pk).update(done=progress.done, pages=pages)

        with tempfile.TemporaryFile() as target:
            pages = write_in_chunks(tracked(), target, on_chunk=on_chunk)
            if pages == 0:
                batch.done = 0
                return _finish_empty(batch)
            target.seek(0)
            batch.file.save(provider.filename(batch), File(target), save=False)
    except Exception as exc:  # the batch records the failure; the log keeps the trace
        logger.exception("Document batch %s failed", batch.pk)
        batch.status = BatchStatus.FAILED
        batch.error = str(exc)[:500]
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "error", "finished_at"])
        return batch
    batch.status = BatchStatus.DONE
    batch.done = progress.done
    batch.pages = pages
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "done", "pages", "file", "finished_at"])
    return batch


def _finish_empty(batch: DocumentBatch) -> DocumentBatch:
    """Nothing to render: no file, and the batch page says why (the kind's `empty_message`)."""
    batch.status = BatchStatus.EMPTY
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "done", "finished_at"])
    return batch


def batch_filename(batch: DocumentBatch) -> str:
    return batch_kind(batch).filename(batch)


def batch_empty_message(batch: DocumentBatch) -> str:
    return batch_kind(batch).empty_message(batch)
