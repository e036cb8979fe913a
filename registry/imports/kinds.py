"""Kinds of import job, pluggable: `settings.IMPORT_JOB_KINDS` maps a kind code (stored in
`ImportJob.kind`) to the dotted path of a small `ImportKind` object owned by its app, so the one
job runner (`jobs.py`), the Celery task and the job page serve every kind while the registry
never imports `cases`:

* `registry.imports.kinds.PERSONS` — the person register (`persons.person_import`);
* `cases.imports.JOB_KIND` — lists of support given, recorded as completed cases.

A kind reads the uploaded file (type, header: `ImportFileError`; its limits: `limits()`, the
template's columns, with registry.uploads), says who may import it
(`NotPermitted`), runs the dry run or the commit with progress and cancel, and gives the page its
words and links.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..errors import NotPermitted
from ..scope import scope_of
from ..uploads import UploadLimits
from .persons import person_import
from .reader import Table, read_table, table_limits
from .report import ImportResult

# run(*, actor, data, filename, dry_run, partial, progress, should_cancel, on_write) -> ImportResult
Runner = Callable[..., ImportResult]


@dataclass(frozen=True)
class ImportKind:
    code: str  # ImportJob.kind
    run: Runner
    read: Callable[[bytes, str], Table]  # the uploaded file's table, to count its rows
    check_permission: Callable[[Any], None]  # raises NotPermitted for a role that does not import this kind
    index_url: str  # URL name of the kind's upload page (the job page links back to it)
    index_label: Any  # lazy text of that link
    header_index: dict[str, str] | None = None  # its template's headers (None: the person register's)
    shows_updates: bool = True  # whether a row can update a record (persons) or only add one (cases)
    # Words of the job page (lazy translations): counts after the check and after the import, the
    # phase while writing, the commit button, and the line shown when nothing is left to import.
    labels: dict[str, Any] = field(default_factory=dict)

    def may_import(self, user) -> bool:
        try:
            self.check_permission(user)
        except NotPermitted:
            return False
        return True

    def label(self, key: str) -> str:
        return str(self.labels.get(key, ""))

    def limits(self) -> UploadLimits:
        """The upload limits of this kind's files (registry.uploads): its template's columns."""
        return table_limits(self.header_index)


def _persons_permission(actor) -> None:
    if not scope_of(actor).edits_persons:
        raise NotPermitted(_("Your role cannot import persons."))


def _read_register(data: bytes, filename: str) -> Table:
    return read_table(data, filename)


PERSONS = ImportKind(
    code="persons",
    run=person_import,
    read=_read_register,
    check_permission=_persons_permission,
    index_url="imports:index",
    index_label=gettext_lazy("Imports"),
    labels={
        "created_checked": gettext_lazy("New persons"),
        "created_done": gettext_lazy("Persons added"),
        "updated_checked": gettext_lazy("Persons to update"),
        "updated_done": gettext_lazy("Persons updated"),
        "unchanged": gettext_lazy("Unchanged"),
        "writing": gettext_lazy("Writing to the register…"),
        "commit": gettext_lazy("Import into the register"),
        "nothing": gettext_lazy("Every row is already in the register: there is nothing to import."),
    },
)

_loaded: dict[str, ImportKind] = {}


def import_kinds() -> dict[str, ImportKind]:
    """The configured kinds by code (settings.IMPORT_JOB_KINDS: code → dotted path)."""
    out = {}
    for code, path in (getattr(settings, "IMPORT_JOB_KINDS", None) or {"persons": PERSONS}).items():
        if isinstance(path, str):
            if path not in _loaded:
                _loaded[path] = import_string(path)
            path = _loaded[path]
        out[code] = path
    return out


def import_kind(code: str) -> ImportKind:
    kind = import_kinds().get(code or "")
    if kind is None:
        raise LookupError(f"No import kind {code!r} in settings.IMPORT_JOB_KINDS")
    return kind
