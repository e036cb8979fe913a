from django.core.management.base import BaseCommand, CommandError

from registry.models import User


class Command(BaseCommand):
    help = (
        "Load the seeded agencies and plans (Quảng Nam 785/KH-UBND of 2023, Đà Nẵng 2026) with their "
        "indicators, as drafts; idempotent. The plans are created in the name of a provincial officer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--actor", required=True, help="Username of a provincial officer (or administrator)")

    def handle(self, *args, actor, **options):
        from cases.plans.seed import load_seed_plans

        user = User.objects.filter(username=actor).first()
        if user is None:
            raise CommandError(f"No user {actor!r}.")
        plans = load_seed_plans(actor=user)
        for plan in plans:
            self.stdout.write(f"{plan.year} {plan.document_number} {plan.title}: {plan.indicators.count()} indicators")
