from django.core.management.base import BaseCommand

from policies.seed import load_policies


class Command(BaseCommand):
    help = "Add the missing policies, standard levels and coefficients (never overwrites corrections)."

    def handle(self, *args, **options):
        created = load_policies()
        self.stdout.write(", ".join(f"{key}={value}" for key, value in created.items()))
