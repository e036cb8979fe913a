from django.core.management.base import BaseCommand

from registry.services.units import admin_units_load


class Command(BaseCommand):
    help = "Load the current (2025) and pre-2025 administrative units and the old→new commune mapping."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            help="Statistics-office code of a current province (e.g. 48): load it and its pre-2025 predecessors only.",
        )

    def handle(self, *args, province=None, **options):
        result = admin_units_load(province_code=province)
        self.stdout.write(str(result))
