"""Background jobs of the documents module (eager in development and tests)."""

from celery import shared_task

from .batches import batch_run


@shared_task(name="documents.render_batch", ignore_result=True)
def render_batch(batch_id: str) -> None:
    batch_run(batch_id)
