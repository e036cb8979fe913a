"""Importing lists of support already given (from departments, the association, NGOs) as completed
cases, and the file format they share with the case-list export.

The reading is the person import's (`registry.imports`: reader, header matching, cell parsing,
commune resolution, report classes, jobs); only the columns and the row rules are the cases' own.
Each row names a person (ID number, else name + date of birth + commune), found among the persons the
importer may see and only there (`registry.disclosure.PersonFinder`: a row that matches nobody they
may see gets one neutral message, and roles that never see ID numbers cannot find, nor probe, anyone
by one), a support type, a date and optionally a domain, provider, funding source,
amount and status. A row is new, unchanged (a case of that person, support type, date and amount
exists) or an error, with the column and the reason. The same support twice in a file is an error
on the second row.

Rows are checked chunk by chunk (persons, existing cases: a few queries per chunk) with the very
rules of `case_record_completed` (`cases.services.records.completed_case`), then — unless it is a
dry run, or a row has an error and the import is not `partial` — written with `bulk_create` in
batches inside one transaction: cases, their history rows, their timeline entries. Files of 5,000
rows or more run as a background job (`JOB_KIND`, settings.IMPORT_JOB_KINDS).

Header texts and the Vietnamese texts of domains, funding sources and statuses are file-format
data (like the person register's), not translatable strings.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from policies.models.catalogue import Policy
from registry.disclosure import NO_MATCH, PersonFinder
from registry.errors import DomainError, InvalidInput, NotPermitted
from registry.imports import writer
from registry.imports.checking import Progress, ShouldCancel, walk_in_chunks
from registry.imports.drafts import is_empty
from registry.imports.kinds import ImportKind
from registry.imports.parsing import CellError, parse_date, parse_national_id, text
from registry.imports.persons import ImportCancelled
from registry.imports.reader import read_table
from registry.imports.report import ERROR as ERROR_ROW
from registry.imports.report import NEW, ROW, UNCHANGED, ImportResult, ImportRow
from registry.imports.units import UnitError, UnitResolver
from registry.models import Person
from registry.scope import scope_of
from registry.text import clean, fold

from .imports_format import (
    CASE_COLUMNS,
    CASE_INDEX,
    COMPLETED_TEXTS,
    DOMAIN_TEXT,
    FIELD_COLUMNS,
    FUNDING_ALIASES,
    FUNDING_TEXT,
    HEADER_BY_KEY,
    STATUS_TEXT,
    TEMPLATE_KEYS,
    match_key,
    parse_amount,
    template_csv,
    template_headers,
    template_xlsx,
)
from .models import Case, CaseStep, Domain, FundingSource
from .scoping import WRITER_ROLES, providers_visible_to, role_of
from .services.records import completed_case, completed_case_step, validate_case

# The format's names stay importable from here (`cases.exports`, the tests).
__all__ = [
    "CASE_COLUMNS", "CASE_INDEX", "DOMAIN_TEXT", "FUNDING_TEXT", "HEADER_BY_KEY", "JOB_KIND", "STATUS_TEXT",
    "TEMPLATE_KEYS", "CaseImportRun", "case_import", "parse_amount", "template_csv", "template_headers",
    "template_xlsx",
]  # fmt: skip

# The same support types, funding sources, statuses and names come back row after row.
_match_key = lru_cache(maxsize=4096)(match_key)
_fold = lru_cache(maxsize=8192)(fold)

CHUNK = 2000  # rows checked between two progress reports and cancel checks
BATCH = 2000  # cases written per bulk insert (a cancel is seen between batches)


@dataclass(slots=True)
class CaseRow:
    """One data row being checked: its cells, its errors (the person's first, as the columns read),
    what identifies the person, and the parsed values."""

    number: int
    cells: list
    person_errors: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    national_id: str = ""
    name: str = ""
    key: tuple | None = None  # (folded name, date of birth, commune id) when there is no ID number
    person: Person | None = None
    policy: Policy | None = None
    domain: str | None = None
    funding: str | None = None
    on: date | None = None
    amount: int | None = None
    provider: object = None
    status: str = ""


class CaseImportRun:
    """The rows of one file, checked chunk by chunk (a few queries per chunk of rows, never one per
    row) with the rules of `case_record_completed`, then written in bulk."""

    def __init__(self, *, actor, table, filename: str = ""):
        self.actor = actor
        self.table = table
        self.filename = filename
        self.scope = scope_of(actor)
        self.positions = {key: position for position, key in table.columns.items()}
        self.names = dict(HEADER_BY_KEY)
        for position, key in table.columns.items():
            if position < len(table.header_cells) and clean(str(table.header_cells[position] or "")):
                self.names[key] = clean(str(table.header_cells[position]))
        self.finder = PersonFinder(actor)  # persons the importer may see; by ID number only if they see them
        self.resolver = UnitResolver()
        self.policies: dict[str, Policy] = {}
        for policy in Policy.objects.all():
            self.policies.setdefault(policy.code, policy)
            self.policies.setdefault(match_key(policy.name), policy)
        self.domains = {code: code for code in Domain.values} | {match_key(t): c for c, t in DOMAIN_TEXT.items()}
        self.funding = ({code: code for code in FundingSource.values} | FUNDING_ALIASES
                        | {match_key(t): c for c, t in FUNDING_TEXT.items()})  # fmt: skip
        self.providers: dict[str, list] = {}
        for provider in providers_visible_to(actor).filter(is_active=True):
            self.providers.setdefault(match_key(provider.name), []).append(provider)
        self.by_id: dict[str, Person | None] = {}  # ID number → a person the importer may see, or None
        self.by_key: dict[tuple, list[Person]] = {}  # (folded name, born, commune id) → persons
        self.seen: dict[tuple, int] = {}
        self.creates: list[tuple[Case, int]] = []  # (case to write, row number)
        self.today = timezone.localdate()

    def cell(self, cells, key):
        position = self.positions.get(key)
        return cells[position] if position is not None and position < len(cells) else None

    # Checking ---------------------------------------------------------------------------------
    def check(self, *, progress: Progress | None = None, should_cancel: ShouldCancel | None = None) -> ImportResult:
        result = ImportResult()
        result.prepare(self.table.header_cells)
        result.header_row, result.sheet = self.table.header_row, self.table.sheet
        result.total_rows = self.table.total_rows
        walk_in_chunks(
            self.table,
            keep=lambda cells: (
                not is_empty(cells)
                and any(text(self.cell(cells, k)) for k in ("full_name", "national_id", "support_type"))
            ),
            parse=self.parse,
            process=lambda chunk: self._process(chunk, result),
            progress=progress,
            should_cancel=should_cancel,
            size=CHUNK,
        )
        return result

    def _process(self, chunk: list[CaseRow], result: ImportResult) -> None:
        if not chunk:
            return
        self._load_persons(chunk)
        for row in chunk:
            self._person(row)
        existing = self._existing(chunk)
        for row in chunk:
            errors = _merged(row.person_errors, row.errors)
            import_type = ERROR_ROW if errors else self.classify(row, errors, existing)
            result.add(ImportRow(row.number, import_type), cells=row.cells, errors=errors)

    def parse(self, number: int, cells: list) -> CaseRow:
        """Read the cells of one row (no query: units, support types and providers are cached)."""
        row = CaseRow(number, cells)

        def err(key: str, message: str) -> None:
            row.errors.setdefault(self.names[key], []).append(message)

        def parsed(key, parser):
            try:
                return parser(self.cell(cells, key))
            except CellError as exc:
                err(key, exc.message)
                return None

        self._identity(row)
        row.policy = self._choice(cells, "support_type", self.policies, err,
                                  _("Unknown support type “%(value)s”: write a name or code of the catalogue."))  # fmt: skip
        row.domain = self._choice(cells, "domain", self.domains, err, _("Unknown domain “%(value)s”."))
        row.funding = self._choice(cells, "funding_source", self.funding, err,
                                   _("Unknown funding source “%(value)s”."))  # fmt: skip
        if row.policy is None and self.names["support_type"] not in row.errors:
            err("support_type", _("Enter the support type."))
        on = parsed("date", parse_date)
        if on is not None:
            on, year_only = on
            if year_only:
                err("date", _("Write the full date of the support (dd/mm/yyyy), not only the year."))
        if on is None and self.names["date"] not in row.errors:
            err("date", _("Enter the date of the support."))
        row.on = on
        row.amount = parsed("amount", parse_amount)
        row.provider = self._provider(cells, err)
        row.status = _match_key(text(self.cell(cells, "status")))
        return row

    def _identity(self, row: CaseRow) -> None:
        """What finds the person: the ID number, else name + date of birth + commune (resolved and
        checked against the importer's area here; the persons are looked up per chunk)."""
        cells = row.cells

        def err(key: str, message: str) -> None:
            row.person_errors.setdefault(self.names[key], []).append(message)

        row.name = text(self.cell(cells, "full_name"))
        if self.finder.uses_national_ids:  # other roles: the column is not read (a number finds no one)
            try:
                row.national_id = parse_national_id(self.cell(cells, "national_id"))
            except CellError as exc:
                err("national_id", exc.message)
                return
            if row.national_id:
                return
        try:
            born = parse_date(self.cell(cells, "date_of_birth"))[0]
        except CellError as exc:
            err("date_of_birth", exc.message)
            return
        if not (row.name and born and text(self.cell(cells, "commune"))):
            if self.finder.uses_national_ids:
                err("national_id", _("Enter the ID number, or the full name, date of birth and commune of the person."))
            else:
                err("full_name", _("Enter the full name, date of birth and commune of the person: your role does not "
                                   "use ID numbers."))  # fmt: skip
            return
        try:
            resolved = self.resolver.resolve(*(text(self.cell(cells, k)) for k in ("province", "district", "commune")))
        except UnitError as exc:
            err(exc.column if exc.column in self.names else "commune", exc.message)
            return
        if not self.scope.covers_commune(resolved.commune_id):
            err("commune", _("This commune is outside your area: you cannot record support for its residents."))
            return
        row.key = (_fold(row.name), born, resolved.commune_id)

    def _load_persons(self, chunk: list[CaseRow]) -> None:
        """The persons the chunk names, among those the importer may see, in one or two queries, kept
        for the next chunks."""
        ids = {row.national_id for row in chunk if row.national_id and row.national_id not in self.by_id}
        if ids:
            found = self.finder.by_national_ids(ids)
            for national_id in ids:
                self.by_id[national_id] = found.get(national_id)
        keys = {row.key for row in chunk if row.key and row.key not in self.by_key}
        if keys:
            self.by_key.update(self.finder.by_keys(keys))

    def _person(self, row: CaseRow) -> None:
        def err(key: str, message: str) -> None:
            row.person_errors.setdefault(self.names[key], []).append(message)

        # Nobody the importer may see: one message, whether the number or name is registered
        # elsewhere or nowhere (registry.disclosure).
        if row.national_id:
            person = self.by_id.get(row.national_id)
            if person is None:
                err("national_id", str(NO_MATCH))
            elif row.name and _fold(row.name) != person.name_folded:
                # a person the importer may see, ID number included: naming them tells nothing new
                err("full_name", _("The ID number belongs to %(name)s, not to “%(written)s”.")
                    % {"name": person.full_name, "written": row.name})  # fmt: skip
            else:
                row.person = person
        elif row.key:
            found = self.by_key.get(row.key, [])
            if len(found) == 1:
                row.person = found[0]
            elif found and self.finder.uses_national_ids:
                err("full_name", _("Several registered persons have this name and date of birth: write the ID number."))
            elif found:
                err("full_name", _("Several registered persons of this commune have this name and date of birth; "
                                   "ask the commune officer to record this support."))  # fmt: skip
            else:
                err("full_name", str(NO_MATCH))

    def _existing(self, chunk: list[CaseRow]) -> set[tuple]:
        """(person, support type, date, amount) of the cases already recorded for the chunk's
        persons in its date range: one query, so a re-import finds its rows unchanged."""
        rows = [row for row in chunk if row.person and row.on]
        if not rows:
            return set()
        dates = [row.on for row in rows]
        return set(
            Case.objects.filter(
                person_id__in={row.person.pk for row in rows}, requested_on__range=(min(dates), max(dates))
            ).values_list("person_id", "support_type_id", "requested_on", "amount")
        )

    def classify(self, row: CaseRow, errors: dict, existing: set[tuple]) -> str:
        """NEW (the case to write is kept), UNCHANGED or ERROR (`errors` filled), in file order."""

        def err(key: str, message: str) -> None:
            errors.setdefault(ROW if key == ROW else self.names[key], []).append(message)

        key = (row.person.pk, row.policy.pk, row.on, row.amount)
        if key in self.seen:
            err(ROW, _("The same support is already on row %(row)d of the file.") % {"row": self.seen[key]})
            return ERROR_ROW
        self.seen[key] = row.number
        if key in existing:
            return UNCHANGED
        if row.status not in COMPLETED_TEXTS:
            err("status", _("Only support already given can be imported: write “Hoàn thành” or leave the cell empty."))
            return ERROR_ROW
        try:
            case = completed_case(
                actor=self.actor, person=row.person, support_type=row.policy, on=row.on, domain=row.domain or "",
                provider=row.provider, funding_source=row.funding or "", amount=row.amount,
                description=text(self.cell(row.cells, "notes")), today_=self.today,
            )  # fmt: skip
            validate_case(case, constraints=False)
        except (InvalidInput, ValidationError) as exc:
            if isinstance(exc, ValidationError):
                exc = InvalidInput.from_validation_error(exc)
            for name, messages in exc.errors.items():
                for message in messages:
                    err(FIELD_COLUMNS.get(name, ROW), message)
            return ERROR_ROW
        except DomainError as exc:
            err(ROW, exc.message)
            return ERROR_ROW
        self.creates.append((case, row.number))
        return NEW

    def _choice(self, cells, key, index, err, message):
        raw = text(self.cell(cells, key))
        if not raw:
            return None
        found = index.get(raw) or index.get(_match_key(raw))
        if found is None:
            err(key, message % {"value": raw})
        return found

    def _provider(self, cells, err):
        raw = text(self.cell(cells, "provider"))
        if not raw:
            return None
        found = self.providers.get(_match_key(raw), [])
        if len(found) == 1:
            return found[0]
        if found:
            err("provider", _("Several providers are named “%(value)s”: make the names distinct in the directory.")
                % {"value": raw})  # fmt: skip
        else:
            err("provider", _("No active provider named “%(value)s” in the directory of your province.")
                % {"value": raw})  # fmt: skip
        return None

    # Writing ----------------------------------------------------------------------------------
    def write(self, result: ImportResult, *, should_cancel: ShouldCancel | None = None) -> None:
        """The new cases, their history rows and timeline entries, `BATCH` at a time in one
        transaction: a cancel seen between batches rolls everything back."""
        now = timezone.now()
        actor = self.actor
        reason = (_("Imported from the file %(name)s") % {"name": self.filename})[:100] if self.filename else None
        row_note = _("Imported from a list of support given (row %(row)d).")
        with transaction.atomic():
            for start in range(0, len(self.creates), BATCH):
                if should_cancel and should_cancel():
                    raise ImportCancelled(_("The import was cancelled; nothing was written."))
                batch = self.creates[start : start + BATCH]
                cases = Case.objects.bulk_create([case for case, _number in batch])
                writer.insert_history(
                    Case, [case.pk for case in cases], history_type="+", reason=reason, user_id=actor.pk, when=now
                )
                steps = []
                for case, number in batch:
                    step = completed_case_step(case, actor=actor, note=row_note % {"row": number})
                    step.at = now
                    steps.append(step)
                CaseStep.objects.bulk_create(steps)
        result.written = True


def _merged(first: dict, second: dict) -> dict:
    merged = {column: list(messages) for column, messages in first.items()}
    for column, messages in second.items():
        merged.setdefault(column, []).extend(messages)
    return merged


def read_cases(data: bytes, filename: str):
    """The table of a list of support given (ImportFileError for a file that cannot be read)."""
    return read_table(data, filename, header_index=CASE_INDEX, required="support_type")


def check_importer(actor) -> None:
    if role_of(actor) not in WRITER_ROLES:
        raise NotPermitted(_("Your role cannot import support cases."))


def case_import(
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
    """Check (dry run) or import a list of support given. Raises ImportFileError for a file that
    cannot be read, NotPermitted for a role that does not record cases, ImportCancelled.
    `progress(rows done, total)` and `should_cancel()` are called between chunks of rows,
    `on_write()` once when the writing starts."""
    check_importer(actor)
    table = read_cases(data, filename)
    run = CaseImportRun(actor=actor, table=table, filename=filename)
    result = run.check(progress=progress, should_cancel=should_cancel)
    result.dry_run = dry_run
    if dry_run or (result.errors and not partial):
        return result
    if on_write:
        on_write()
    run.write(result, should_cancel=should_cancel)
    return result


JOB_KIND = ImportKind(
    code="cases",
    run=case_import,
    read=read_cases,
    check_permission=check_importer,
    index_url="cases:case_import",
    index_label=gettext_lazy("Import a list of support given"),
    header_index=CASE_INDEX,
    shows_updates=False,
    labels={
        "created_checked": gettext_lazy("New cases"),
        "created_done": gettext_lazy("Cases recorded"),
        "unchanged": gettext_lazy("Already recorded"),
        "writing": gettext_lazy("Recording the cases…"),
        "commit": gettext_lazy("Record these cases"),
        "nothing": gettext_lazy("Every row is already recorded: there is nothing to import."),
    },
)
