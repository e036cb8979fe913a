"""Sending a plan's signed-off figures to the configured DHIS2 (`DHIS2_URL`), in the background.

`dhis2_push_request` (a provincial officer's button, or `manage.py push_dhis2`) freezes the data
value set into a `Dhis2Push` log row and queues the job after the commit; the job calls
`dhis2_push_attempt` until DHIS2 answers, retrying network failures, 5xx and 429 with an
exponential backoff up to `DHIS2_PUSH_MAX_RETRIES`. The row keeps what was sent, how often it was
tried, and DHIS2's answer (status, import count, conflicts).
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.access import log_access
from registry.errors import NotPermitted, TransitionNotAllowed
from registry.models import AccessLog

from ..interop import dhis2
from ..interop.values import export_set
from ..models import Dhis2Push, Plan, PushStatus
from ..scoping import can_push_to_dhis2

FINISHED = (PushStatus.SUCCESS, PushStatus.WARNING, PushStatus.FAILED, PushStatus.ERROR)


def dhis2_configured() -> bool:
    return bool(settings.DHIS2_URL)


def retry_delay(retries: int) -> int:
    """Seconds before the next try: the base, doubled after every failed try, at most a day."""
    return min(settings.DHIS2_RETRY_BASE_SECONDS * 2**retries, 24 * 60 * 60)


@transaction.atomic
def dhis2_push_request(*, actor, plan: Plan, request=None) -> Dhis2Push:
    """Freeze the plan's data value set (every signed-off, mapped value) and queue its sending."""
    if not can_push_to_dhis2(actor, plan):
        raise NotPermitted(_("Only the plan's provincial officers send figures to DHIS2."))
    if not dhis2_configured():
        raise TransitionNotAllowed(_("No DHIS2 is configured (DHIS2_URL)."))
    try:
        dhis2.check_url(settings.DHIS2_URL)
    except dhis2.Dhis2Error as exc:
        raise TransitionNotAllowed(_("DHIS2_URL cannot be used: %(reason)s") % {"reason": exc}) from None
    export = export_set(plan)
    if not export.values:
        raise TransitionNotAllowed(_("Nothing to send: no value is signed off and mapped."))
    push = Dhis2Push.objects.create(
        plan=plan, requested_by=actor, requested_at=timezone.now(), url=dhis2.endpoint(settings.DHIS2_URL),
        payload=dhis2.data_value_set(export, with_skipped=False), skipped=export.skipped_dicts(),
        value_count=len(export.values),
    )  # fmt: skip
    log_access(user=actor, action=AccessLog.Action.EXPORT, request=request, row_count=len(export.values),
               detail=f"plan={plan.pk} DHIS2 push {push.pk}")  # fmt: skip
    from ..tasks import push_to_dhis2

    transaction.on_commit(lambda: push_to_dhis2.delay(push.pk))
    return push


def dhis2_push_attempt(*, push_id: int, last: bool) -> bool:
    """One try at sending; True when it should be tried again later (never after the `last` try)."""
    push = Dhis2Push.objects.filter(pk=push_id).first()
    if push is None or push.status in FINISHED:
        return False
    push.attempts += 1
    try:
        answer = dhis2.post_data_value_set(
            push.payload, base_url=settings.DHIS2_URL, username=settings.DHIS2_USERNAME,
            password=settings.DHIS2_PASSWORD, token=settings.DHIS2_TOKEN, timeout=settings.DHIS2_TIMEOUT_SECONDS,
        )  # fmt: skip
    except dhis2.Dhis2Error as exc:
        push.http_status, push.response, push.error = exc.http_status, exc.text, str(exc)
        again = exc.retry and not last
        push.status = PushStatus.RETRYING if again else (PushStatus.ERROR if exc.retry else PushStatus.FAILED)
        if not again:
            push.finished_at = timezone.now()
        push.save()
        return again
    push.http_status, push.response, push.error = answer.http_status, answer.text, ""
    push.import_count, push.conflicts = answer.import_count, answer.conflicts
    if answer.status == "ERROR":
        push.status = PushStatus.FAILED
    elif answer.status == "WARNING" or answer.conflicts:
        push.status = PushStatus.WARNING
    else:
        push.status = PushStatus.SUCCESS
    push.finished_at = timezone.now()
    push.save()
    return False
