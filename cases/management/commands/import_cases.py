"""python manage.py import_cases FILE [--dry-run] [--partial] --user USERNAME

The same import as the upload page (`cases.imports.case_import`, bulk writes in one transaction),
run in this process whatever the size, with a progress bar on stderr: the rows to fix on stderr, the
final line `created=N updated=N unchanged=N errors=N` on stdout. Exit status 0 without error rows,
1 otherwise (and 1 when the file cannot be imported at all)."""

import sys

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from cases.imports import case_import
from registry.errors import DomainError
from registry.imports.report import describe, invalid_row_messages
from registry.management.importing import ImportCommand, ProgressBar


class Command(ImportCommand):
    help = "Import a list of support given (XLSX, XLS, ODS or CSV) as completed cases, as the upload page does."

    file_help = "The list to import."

    def handle(self, *args, file, user, dry_run, partial, **options):
        actor, path = self.resolve(user=user, file=file)
        bar = ProgressBar(self.stderr._out)
        try:
            result = case_import(actor=actor, data=path.read_bytes(), filename=path.name, dry_run=dry_run,
                                 partial=partial, progress=bar)  # fmt: skip
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
