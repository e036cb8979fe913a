"""python manage.py import_persons FILE [--dry-run] [--partial] --user USERNAME

The same import as the upload page, with a progress bar on stderr, the rows to fix, and the final
line `created=N updated=N unchanged=N errors=N` on stdout. Exit status 0 without error rows,
1 otherwise (and 1 when the file cannot be imported at all)."""

import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registry.errors import DomainError
from registry.imports.persons import person_import
from registry.imports.report import describe, invalid_row_messages

BAR_WIDTH = 30


class ProgressBar:
    def __init__(self, stream):
        self.stream = stream
        self.started = time.monotonic()
        self.interactive = hasattr(stream, "isatty") and stream.isatty()
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        percent = int(100 * done / total) if total else 100
        if not self.interactive and percent // 10 == self.last // 10 and done < total:
            return
        self.last = percent
        filled = BAR_WIDTH * percent // 100
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed else 0
        line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {percent:3d}% {done}/{total} ({rate:,.0f} rows/s)"
        self.stream.write(("\r" if self.interactive else "") + line + ("" if self.interactive else "\n"))
        self.stream.flush()

    def close(self) -> None:
        if self.interactive:
            self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Import a person register (XLSX, XLS, ODS or CSV) as the upload page does."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The register to import.")
        parser.add_argument("--user", required=True, help="Username of the account the import is done as.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row and write nothing.")
        parser.add_argument(
            "--partial", action="store_true", help="Write the valid rows even if some rows have errors."
        )

    def handle(self, *args, file, user, dry_run, partial, **options):
        try:
            actor = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {user!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file!r}.")
        bar = ProgressBar(self.stderr._out)
        try:
            result = person_import(
                actor=actor, data=path.read_bytes(), filename=path.name, dry_run=dry_run, partial=partial, progress=bar
            )
        except DomainError as exc:
            bar.close()
            raise CommandError(exc.message, returncode=1)
        bar.close()
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
