"""Background jobs of the plans: refreshing the precomputed summaries, sending signed-off figures
to DHIS2 (eager in tests and demo)."""

from celery import shared_task


@shared_task(ignore_result=True)
def refresh_plan_summary(plan_id: int) -> None:
    from .models import Plan
    from .services.summary import summary_refresh

    plan = Plan.objects.select_related("province").filter(pk=plan_id).first()
    if plan is not None:
        summary_refresh(plan=plan)


@shared_task(ignore_result=True)
def refresh_stale_summaries() -> int:
    """Refresh every open plan whose data changed since its summary (for a periodic schedule)."""
    from .models import Plan, PlanStatus, PlanSummary
    from .services.summary import summary_is_fresh, summary_refresh

    refreshed = 0
    for plan in Plan.objects.select_related("province").exclude(status=PlanStatus.DRAFT):
        summary = PlanSummary.objects.filter(plan=plan).first()
        if not summary_is_fresh(plan, summary):
            summary_refresh(plan=plan)
            refreshed += 1
    return refreshed


@shared_task(bind=True, ignore_result=True, max_retries=None)
def push_to_dhis2(self, push_id: int) -> None:
    """Send a queued data value set to DHIS2; retried with an exponential backoff (the limit is
    `DHIS2_PUSH_MAX_RETRIES`, read when the job runs)."""
    from django.conf import settings

    from .services.dhis2 import dhis2_push_attempt, retry_delay

    retries = self.request.retries or 0
    while dhis2_push_attempt(push_id=push_id, last=retries >= settings.DHIS2_PUSH_MAX_RETRIES):
        if not self.request.is_eager:
            raise self.retry(countdown=retry_delay(retries))
        retries += 1  # eager (tests, demo): Celery cannot retry an eager task that propagates; try again now
