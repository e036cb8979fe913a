import random

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.module_loading import import_string

from registry.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_register
from registry.models import Person
from registry.services.maintenance import analyze_database


class Command(BaseCommand):
    help = "Load the units, the demo accounts and a realistic synthetic register for Đà Nẵng (local use only)."

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=3000, help="How many persons (up to 200,000)")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed: the same seed gives the same data")
        parser.add_argument("--skip-units", action="store_true", help="Units are already loaded")

    def handle(self, *args, persons, seed, skip_units, **options):
        if not 1 <= persons <= 200_000:
            raise CommandError("--persons must be between 1 and 200,000.")
        if Person.objects.exists():
            raise CommandError("The register is not empty: seed_demo runs on a fresh database (make demo-reset).")
        if not skip_units:
            call_command("load_admin_units", stdout=self.stdout)
        today = timezone.localdate()
        result = seed_register(count=persons, seed=seed, today=today, stdout=self.stdout)
        self.stdout.write("")
        rng = random.Random(seed + 1)
        for path in settings.DEMO_SEEDERS:
            seeder = import_string(path)
            seeder(rng=rng, persons=result.persons, users=result.users, today=today, stdout=self.stdout)
            self.stdout.write(f"{path}: done")
        analyze_database()
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for username, role, units, _name in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<18} {role:<22} {' '.join(units) or '—'}")
