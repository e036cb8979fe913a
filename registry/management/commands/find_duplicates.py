"""`manage.py find_duplicates [--province CODE] [--json FILE]`: recompute the possible duplicates."""

import json

from django.core.management.base import BaseCommand, CommandError

from registry.duplicates.services import duplicates_find
from registry.models import AdminUnit


class Command(BaseCommand):
    help = (
        "Recompute the candidate duplicate pairs of a province (or of all persons, across provinces), "
        "keeping every decision; the last line is pairs=N (open pairs above the review threshold)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", help="statistics-office code of the province (default: all persons)")
        parser.add_argument("--json", dest="json_path", help="write the proposed pairs of this run to this file")
        training = parser.add_mutually_exclusive_group()
        training.add_argument("--train", action="store_true", help="train the model whatever the register's size")
        training.add_argument("--no-train", action="store_true", help="score with the stored model")

    def handle(self, *args, province=None, json_path=None, train=False, no_train=False, **options):
        if province and not AdminUnit.objects.filter(level="province", code=province, is_current=True).exists():
            raise CommandError(f"Unknown province code: {province}")
        summary = duplicates_find(
            province_code=province or None, train=True if train else (False if no_train else None)
        )
        if json_path:
            with open(json_path, "w", encoding="utf-8") as handle:
                json.dump(summary.proposed, handle, ensure_ascii=False, indent=1)
        for line in summary.lines():
            self.stdout.write(line)
