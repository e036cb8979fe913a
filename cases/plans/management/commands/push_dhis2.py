from django.core.management.base import BaseCommand, CommandError

from registry.errors import DomainError
from registry.models import User


class Command(BaseCommand):
    help = (
        "Send a plan's signed-off, mapped figures to the configured DHIS2 (DHIS2_URL) as one data value set, "
        "in the background job (retried on failure); prints the log entry. The same as the button on the plan's "
        "national exports page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True, help="The plan's id")
        parser.add_argument("--actor", required=True, help="Username of a provincial officer of the plan")

    def handle(self, *args, plan, actor, **options):
        from django.db import transaction

        from cases.plans.models import Dhis2Push, Plan
        from cases.plans.services import dhis2_push_request

        user = User.objects.filter(username=actor).first()
        if user is None:
            raise CommandError(f"No user {actor!r}.")
        row = Plan.objects.select_related("province").filter(pk=plan).first()
        if row is None:
            raise CommandError(f"No plan {plan}.")
        try:
            with transaction.atomic():
                push = dhis2_push_request(actor=user, plan=row)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        push = Dhis2Push.objects.get(pk=push.pk)
        self.stdout.write(
            f"Sending {push.pk}: {push.value_count} values to {push.url} — {push.get_status_display()}"
            f" (attempts {push.attempts}{', HTTP ' + str(push.http_status) if push.http_status else ''})"
        )
