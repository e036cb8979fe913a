"""python manage.py import_cases FILE [--dry-run] [--partial] --user USERNAME

The same import as the upload page (`cases.imports.case_import`): the rows to fix on stderr, the
final line `created=N updated=N unchanged=N errors=N` on stdout. Exit status 0 without error rows,
1 otherwise (and 1 when the file cannot be imported at all)."""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cases.imports import case_import
from registry.errors import DomainError
from registry.imports.report import describe, invalid_row_messages


class Command(BaseCommand):
    help = "Import a list of support given (XLSX, XLS, ODS or CSV) as completed cases, as the upload page does."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The list to import.")
        parser.add_argument("--user", required=True, help="Username of the account the import is done as.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and write nothing.")
        parser.add_argument(
            "--partial", action="store_true", help="Write the valid rows even if some rows have errors."
        )

    def handle(self, *args, file, user, dry_run, partial, **options):
        try:
            actor = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {user!r}.", returncode=1)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file!r}.", returncode=1)
        try:
            result = case_import(actor=actor, data=path.read_bytes(), filename=path.name, dry_run=dry_run,
                                 partial=partial)  # fmt: skip
        except DomainError as exc:
            raise CommandError(exc.message, returncode=1)
        for row in result.invalid_rows:
            self.stderr.write(f"{row.number}: {describe(invalid_row_messages(row))}")
        if not dry_run and not result.written and result.errors:
            self.stderr.write(
                _("Nothing was written: %(n)d rows have errors and the import is “all or nothing”.")
                % {"n": result.errors}
            )
        self.stdout.write(result.summary_line())
        if result.errors:
            sys.exit(1)
