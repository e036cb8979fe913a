"""python manage.py import_persons FILE [--dry-run] [--partial] --user USERNAME

The same import as the upload page, with a progress bar on stderr, the rows to fix, and the final
line `created=N updated=N unchanged=N errors=N` on stdout. Exit status 0 without error rows,
1 otherwise (and 1 when the file cannot be imported at all)."""

import sys
import time

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from registry.errors import DomainError
from registry.imports.persons import person_import
from registry.imports.report import describe, invalid_row_messages
from registry.management.importing import ImportCommand

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


class Command(ImportCommand):
    help = "Import a person register (XLSX, XLS, ODS or CSV) as the upload page does."

    file_help = "The register to import."

    def handle(self, *args, file, user, dry_run, partial, **options):
        actor, path = self.resolve(user=user, file=file)
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
