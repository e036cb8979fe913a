"""Importing a person register: the service behind the upload page, the background job and the
`import_persons` command.

`person_import` reads the file, parses and checks every row (chunk by chunk, a few queries per
chunk), classifies each row as new / update / unchanged / error, and — unless it is a dry run —
writes every valid row in one transaction: nothing at all when a row has an error and the import
is "all or nothing" (the default); the valid rows when `partial` is set.

Rules are the person services' own (`rules.py`, applied in `checking.py`); writes are bulk
(`bulk.py`, `writer.py`), because `person_register` row by row costs several milliseconds a row
(see README.md: minutes for 100,000 rows).
Rows are matched to registered persons by ID number, else by folded name + date of birth +
commune; a cell left empty never erases what is registered.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from ..errors import NotPermitted
from ..scope import scope_of
from .checking import ImportCancelled, PersonImportRun, Progress, ShouldCancel, compose_notes, legacy_note
from .reader import read_table
from .report import ImportResult

__all__ = ["ImportCancelled", "compose_notes", "legacy_note", "person_import"]


def person_import(
    *,
    actor,
    data: bytes,
    filename: str,
    dry_run: bool = True,
    partial: bool = False,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
    on_write: Callable[[], None] | None = None,
) -> ImportResult:
    """Check (dry run) or import a person register. Raises ImportFileError for a file that cannot
    be imported at all, NotPermitted for a role that does not register persons, ImportCancelled.
    `progress(rows done, total)` and `should_cancel()` are called between chunks of rows,
    `on_write()` once when the writing starts."""
    scope = scope_of(actor)
    if not scope.edits_persons:
        raise NotPermitted(_("Your role cannot import persons."))
    table = read_table(data, filename)  # bounded by registry.uploads, the row limit included
    run = PersonImportRun(actor=actor, table=table, filename=filename)
    result = run.check(progress=progress, should_cancel=should_cancel)
    result.dry_run = dry_run
    if dry_run or (result.errors and not partial):
        return result
    if on_write:
        on_write()
    run.write(result, should_cancel=should_cancel)
    return result
