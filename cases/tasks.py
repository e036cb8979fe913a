"""Background work of the cases app (eager unless CELERY_TASK_ALWAYS_EAGER is false)."""

from celery import shared_task

from .services import case_due_dates_recompute


@shared_task(name="cases.recompute_due_dates")
def recompute_due_dates() -> int:
    """Recompute the due date of every open case: after a correction of the working-day calendar
    or of a support type's standard duration. Safe to run nightly."""
    return case_due_dates_recompute()
