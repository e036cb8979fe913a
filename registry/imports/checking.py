"""Checking the rows of a person register: parse, match to registered persons, classify as new /
update / unchanged / error, and validate with the person services' own rules (`rules.py`).
A few queries per chunk of rows, never one per row."""

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _

from ..disclosure import ID_TAKEN, REFUSED, TAKEN, IdChecks, visible_ids
from ..errors import DomainError, FieldError
from ..models import AdminUnit, Determination, Person
from ..scope import scope_of
from ..text import clean
from .bulk import BulkWriter, NewPerson, PersonChange, person_row
from .columns import HEADER_BY_KEY
from .drafts import Draft, RowParser, is_empty
from .index import Existing, PersonIndex, among
from .reader import ImportFileError, Table
from .report import ERROR, NEW, ROW, UNCHANGED, UPDATE, ImportResult, ImportRow
from .rules import (
    CERTIFICATE_NUMBER_TAKEN,
    check_certificate_issue_date,
    check_certificate_number,
    check_determination_date,
    check_types_and_level,
    validate_person,
)
from .units import UnitResolver

CHUNK = 2000

# Model field (as named in the services' errors) → column of the file.
FIELD_COLUMNS = {
    "poverty_status": "poverty", "poverty_year": "poverty", "association_member_since": "association_member",
    "birth_date_approximate": "date_of_birth", "disability_types": "types", "non_field_errors": ROW,
}  # fmt: skip

# Fields of the registry's determination and certificate rules → columns of the file.
CERTIFICATE_COLUMNS = {
    "number": "certificate_number",
    "issued_on": "certificate_date",
    "determined_on": "certificate_date",
}

Progress = Callable[[int, int], None]
ShouldCancel = Callable[[], bool]


class ImportCancelled(DomainError):
    code = "cancelled"


def walk_in_chunks(
    table: Table,
    *,
    keep: Callable[[list], bool],
    parse: Callable[[int, list], object],
    process: Callable[[list], None],
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
    size: int = CHUNK,
) -> None:
    """Parse the table's kept rows and hand them to `process` a chunk at a time; between chunks,
    report `progress(rows done, total)` and stop with ImportCancelled when `should_cancel()`."""
    total, done, chunk = table.total_rows, 0, []
    for number, cells in table.rows():
        done += 1
        if not keep(cells):
            continue
        chunk.append(parse(number, cells))
        if len(chunk) >= size:
            process(chunk)
            chunk = []
            if should_cancel and should_cancel():
                raise ImportCancelled(_("The import was cancelled; nothing was written."))
            if progress:
                progress(min(done, total), total)
    process(chunk)
    if progress:
        progress(total, total)


def legacy_note(address: str) -> str:
    return _("Address before 1 July 2025: %(address)s") % {"address": address}


def compose_notes(notes: str, legacy_address: str) -> str:
    if not legacy_address:
        return notes
    line = legacy_note(legacy_address)
    if line in notes:
        return notes
    return clean(f"{notes}; {line}" if notes else line)


class PersonImportRun:
    """The state of one import: caches, rows seen so far, and what to write."""

    def __init__(self, *, actor, table: Table, filename: str):
        self.actor = actor
        self.scope = scope_of(actor)
        self.table = table
        self.filename = filename
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.resolver = UnitResolver()
        self.index = PersonIndex()
        self.parser = RowParser(table.columns, self.resolver, today=self.today)
        self.communes: dict[int, AdminUnit] = {}
        self.seen_ids: dict[str, int] = {}
        self.seen_keys: dict[tuple, tuple[int, str]] = {}
        self.seen_certificates: dict[tuple[int, str], int] = {}
        # ID numbers not held by a person of the importer's communes are checked against the whole
        # register: limited and logged like a registration's (registry.disclosure)
        self.id_checks = IdChecks(actor, channel="person import")
        self.visible_elsewhere: set[int] = set()  # persons who moved out of the importer's communes
        self.creates: list[NewPerson] = []
        self.changes: list[PersonChange] = []
        self._person_defaults = {k: v for k, v in Person().__dict__.items() if k != "_state"}
        headers = table.header_cells
        self.column_names = dict(HEADER_BY_KEY)
        for position, key in table.columns.items():
            if position < len(headers) and str(headers[position] or "").strip():
                self.column_names[key] = clean(str(headers[position]))

    def new_person(self) -> Person:
        """`Person()` without running Model.__init__ for each row: a copy of the defaults."""
        person = Person.__new__(Person)
        person.__dict__.update(self._person_defaults)
        person._state = ModelState()
        return person

    # Checking ---------------------------------------------------------------------------------
    def check(self, *, progress: Progress | None = None, should_cancel: ShouldCancel | None = None) -> ImportResult:
        result = ImportResult()
        result.prepare(self.table.header_cells)
        result.header_row = self.table.header_row
        result.sheet = self.table.sheet
        result.total_rows = self.table.total_rows
        try:
            walk_in_chunks(
                self.table,
                keep=lambda cells: not is_empty(cells) and self.parser.is_person_row(cells),
                parse=self.parser.parse,
                process=lambda chunk: self._process(chunk, result),
                progress=progress,
                should_cancel=should_cancel,
            )
        finally:
            self.id_checks.log()
        if result.totals[NEW] + result.totals[UPDATE] + result.totals[UNCHANGED] + result.totals[ERROR] == 0:
            raise ImportFileError(_("The file has a header row but no rows of persons below it."))
        return result

    def _process(self, chunk: list[Draft], result: ImportResult) -> None:
        if not chunk:
            return
        self.index.load_communes(d.commune_id for d in chunk)
        self.index.load_national_ids(d.national_id for d in chunk)
        elsewhere = {
            found.pk for found in (self.index.with_national_id(d.national_id) for d in chunk if d.national_id)
            if found is not None and not self.scope.covers_commune(found.commune_id)
        }  # fmt: skip
        self.visible_elsewhere |= visible_ids(self.actor, elsewhere - self.visible_elsewhere)
        missing = {d.commune_id for d in chunk if d.commune_id and d.commune_id not in self.communes}
        if missing:
            self.communes.update(AdminUnit.objects.in_bulk(missing))
        changes: list[PersonChange] = []
        for draft in chunk:
            if not draft.errors:
                outcome = self._classify(draft)
                if isinstance(outcome, PersonChange):
                    changes.append(outcome)
                    continue
                if outcome is not None and not draft.errors:
                    self._finish(draft, result, outcome)
                    continue
            self._finish(draft, result, ERROR)
        if changes:
            self._check_changes(changes)
            for change in changes:
                draft = change.draft
                if draft.errors:
                    self._finish(draft, result, ERROR)
                else:
                    self.changes.append(change)
                    self._finish(draft, result, UPDATE)

    def _finish(self, draft: Draft, result: ImportResult, import_type: str) -> None:
        warnings = [(self._column(key), message) for key, message in draft.warnings]
        row = ImportRow(draft.number, import_type, warnings)
        errors = None
        if import_type == ERROR:
            errors = {}
            for key, message in draft.errors:
                errors.setdefault(self._column(key), []).append(message)
        result.add(row, cells=draft.cells, errors=errors)

    def _column(self, key: str) -> str:
        key = FIELD_COLUMNS.get(key, key)
        if key == ROW:
            return ROW
        return self.column_names.get(key, ROW)

    def _error_fields(self, draft: Draft, errors: dict[str, list[str]]) -> None:
        for field, messages in errors.items():
            for message in messages:
                draft.error(FIELD_COLUMNS.get(field, field), message)

    # Classification ---------------------------------------------------------------------------
    def _classify(self, d: Draft):
        """NEW / UNCHANGED, a PersonChange to check further, or None with errors on the draft."""
        if not self.scope.covers_commune(d.commune_id):
            d.error(
                "commune",
                _("%(commune)s is outside your area: you can import only into your own communes.")
                % {"commune": self.resolver.label(d.commune_id)},
            )
            return None
        national_id = d.national_id
        key = d.key
        if national_id and national_id in self.seen_ids:
            d.error(
                "national_id",
                _("The same ID number is already on row %(row)d of this file.") % {"row": self.seen_ids[national_id]},
            )
            return None
        prior = self.seen_keys.get(key)
        if prior and (not national_id or not prior[1] or prior[1] == national_id):
            d.error(
                ROW,
                _("The same person (name, date of birth and commune) is already on row %(row)d of this file.")
                % {"row": prior[0]},
            )
            return None
        if national_id:
            self.seen_ids[national_id] = d.number
        self.seen_keys.setdefault(key, (d.number, national_id))

        existing = None
        if national_id:
            existing = self.index.with_national_id(national_id)
            if (existing is None or not self.scope.covers_commune(existing.commune_id)) and self._held_elsewhere(
                d, national_id, existing
            ):
                return None
            if existing is None:
                without_id = [e for e in self.index.with_key(key) if not e.national_id]
                existing = without_id[0] if len(without_id) == 1 else None
        else:
            same = self.index.with_key(key)
            if len(same) > 1:
                d.error(
                    ROW,
                    _(
                        "Several registered persons have this name and date of birth in this commune; "
                        "add the ID number to tell them apart."
                    ),
                )
                return None
            existing = same[0] if same else None
        if existing is None:
            return self._new(d)
        if existing.commune_id != d.commune_id:
            d.error(
                "commune",
                _("This person is registered in %(commune)s. Use “Move” on the person's page to change the commune.")
                % {"commune": self.resolver.label(existing.commune_id)},
            )
            return None
        return self._compare(d, existing)

    def _held_elsewhere(self, d: Draft, national_id: str, existing: Existing | None) -> bool:
        """The check of an ID number that no person of the importer's communes holds: True, with the
        row's error, when it is registered elsewhere or the importer's checks are used up this hour."""
        if existing is not None and existing.pk in self.visible_elsewhere:  # moved out: they may see them
            d.error(
                "national_id", _("This ID number is registered for a person in another commune, outside your area.")
            )
            return True
        outcome = self.id_checks.answer(national_id, registered=existing is not None)
        if outcome == REFUSED:
            d.error("national_id", self.id_checks.refusal())
        elif outcome == TAKEN:
            d.error("national_id", str(ID_TAKEN))
        return outcome in (REFUSED, TAKEN)

    def _types_and_level(self, d: Draft, types: tuple[str, ...], level: str) -> bool:
        try:
            check_types_and_level(list(types), level)
        except FieldError as exc:
            self._error_fields(d, exc.errors)
            return False
        return True

    def _certificate_error(self, d: Draft, exc: FieldError) -> None:
        """An error of the registry's determination/certificate rules, on the certificate's columns."""
        for field, messages in exc.errors.items():
            for message in messages:
                d.error(CERTIFICATE_COLUMNS.get(field, field), message)

    def _certificate(
        self, d: Draft, *, person_id: int | None, level: str, born: date | None, current_issued_on: date | None
    ):
        """Check a certificate given on the row with `certificate_issue`'s rules; (number, date) or None."""
        number, issued_on = d.certificate_number, d.certificate_date
        if not number:
            return None
        ok = True
        try:
            number = check_certificate_number(number)
        except FieldError as exc:
            self._certificate_error(d, exc)
            ok = False
        if not level:
            d.error(
                "certificate_number",
                _("This person has no valid determination: fill in the disability types and level."),
            )
            ok = False
        if issued_on is None:
            d.error("certificate_date", _("Enter the issue date of the certificate."))
            return None
        try:
            check_certificate_issue_date(
                issued_on, date_of_birth=born or date.min, today=self.today, current_issued_on=current_issued_on
            )
        except FieldError as exc:
            self._certificate_error(d, exc)
            ok = False
        holder = self.index.certificate_numbers.get((d.commune_id, number))
        if holder is not None and holder != person_id:
            d.error("certificate_number", str(CERTIFICATE_NUMBER_TAKEN))
            ok = False
        first = self.seen_certificates.get((d.commune_id, number))
        if first is not None and first != d.number:
            d.error(
                "certificate_number",
                _("The same certificate number is already on row %(row)d of this file.") % {"row": first},
            )
            ok = False
        self.seen_certificates.setdefault((d.commune_id, number), d.number)
        return (number, issued_on) if ok else None

    def _membership(self, d: Draft, current: date | None):
        """The association_member_since value the row asks for, or ... when it changes nothing."""
        if d.membership is None:
            return ...
        if d.membership is True:
            if current is not None:
                return ...
            d.warn(
                "association_member",
                _("The date of joining the association is not given; today's date is recorded."),
            )
            return self.today
        if d.membership is False:
            return None if current is not None else ...
        return d.membership if d.membership != current else ...

    def _poverty_year(self, d: Draft, data: dict) -> None:
        if data.get("poverty_status") in ("poor", "near_poor") and not data.get("poverty_year"):
            data["poverty_year"] = self.today.year
            d.warn(
                "poverty", _("No year given for the poverty status; %(year)d is recorded.") % {"year": self.today.year}
            )

    def _new(self, d: Draft):
        data = dict(d.values)
        data.setdefault("ethnicity", "99")  # unknown, rather than a guess
        self._poverty_year(d, data)
        membership = self._membership(d, None)
        if membership is not ...:
            data["association_member_since"] = membership
        notes = compose_notes(data.get("notes", ""), d.legacy_address)
        if notes:
            data["notes"] = notes
        data["commune"] = self.communes[d.commune_id]
        person = self.new_person()
        errors = validate_person(person, data=data, today=self.today)
        if errors:
            self._error_fields(d, errors)
        types, level = d.types or (), d.level or ""
        self._types_and_level(d, types, level)
        born = data.get("date_of_birth")
        certificate = self._certificate(d, person_id=None, level=level, born=born, current_issued_on=None)
        determined_on = certificate[1] if certificate else self.today
        if d.errors:
            return None
        if self.index.by_name_year.get((person.name_folded, born.year, d.commune_id)):
            d.warn(
                ROW,
                _(
                    "A person with the same name and birth year is already registered in this commune; check it is another person."
                ),
            )
        row = person_row(person, types=types, level=level, actor_id=self.actor.pk, now=self.now)
        self.creates.append(
            NewPerson(d.number, row, person.commune_id, person.village, types, level, determined_on, certificate)
        )
        return NEW

    def _compare(self, d: Draft, existing: Existing):
        stored = existing.values
        changes = {}
        for field, value in d.values.items():
            if stored.get(field) != value:
                changes[field] = value
        if "poverty_status" in changes:
            self._poverty_year(d, changes)
            changes.setdefault("poverty_year", stored.get("poverty_year"))
        membership = self._membership(d, stored.get("association_member_since"))
        if membership is not ...:
            changes["association_member_since"] = membership
        base = d.values["notes"] if "notes" in d.values else stored.get("notes", "")
        notes = compose_notes(base, d.legacy_address)
        if notes != stored.get("notes", ""):
            changes["notes"] = notes
        else:
            changes.pop("notes", None)

        determination = None
        level = existing.level
        if d.types is not None or d.level is not None:
            types = d.types if d.types is not None else existing.types
            level = d.level if d.level is not None else existing.level
            changed = (set(types), level) != (set(existing.types), existing.level)
            if changed and self._types_and_level(d, types, level):
                determination = (types, level)
        certificate = None
        current = existing.certificate
        if d.certificate_number:
            if current and current[0] == d.certificate_number:
                if d.certificate_date and d.certificate_date != current[1]:
                    d.error(
                        "certificate_date",
                        _("Certificate no. %(number)s is recorded with the issue date %(date)s.")
                        % {"number": current[0], "date": current[1].strftime("%d/%m/%Y")},
                    )
            else:
                born = changes.get("date_of_birth", stored["date_of_birth"])
                certificate = self._certificate(
                    d, person_id=existing.pk, level=level, born=born, current_issued_on=current[1] if current else None
                )
        if d.errors:
            return None
        if not changes and determination is None and certificate is None:
            return UNCHANGED
        return PersonChange(
            draft=d,
            existing=existing,
            changes=changes,
            determination=(*determination, certificate[1] if certificate else self.today) if determination else None,
            certificate=certificate,
        )

    def _check_changes(self, changes: list[PersonChange]) -> None:
        """Validate the changed persons with the services' rules, on the registered records."""
        pks = [c.existing.pk for c in changes]
        persons = {p.pk: p for p in Person.objects.filter(among("id", pks, "bigint"))}
        latest = dict(
            Determination.objects.filter(among("person_id", pks, "bigint"), is_valid=True)
            .values("person_id")
            .annotate(latest=Max("determined_on"))
            .values_list("person_id", "latest")
        )
        for change in changes:
            d = change.draft
            person = persons[change.existing.pk]
            if change.changes:
                errors = validate_person(person, data=change.changes, today=self.today)
                if errors:
                    self._error_fields(d, errors)
                    continue
            last = latest.get(person.pk)
            try:
                if change.determination:
                    determined_on = change.determination[2]
                    check_determination_date(determined_on, date_of_birth=person.date_of_birth, today=self.today)
                    if last and determined_on < last:
                        d.error(
                            "certificate_date" if change.certificate else "level",
                            _("The new determination would be dated before the latest one (%(date)s).")
                            % {"date": last.strftime("%d/%m/%Y")},
                        )
                elif change.certificate:
                    check_certificate_issue_date(
                        change.certificate[1], date_of_birth=person.date_of_birth, today=self.today, determined_on=last
                    )
            except FieldError as exc:
                self._certificate_error(d, exc)
            change.person = person

    # Writing ----------------------------------------------------------------------------------
    def write(self, result: ImportResult, *, should_cancel: ShouldCancel | None = None) -> None:
        reason = _("Imported from the file %(name)s") % {"name": self.filename}
        with transaction.atomic():
            if should_cancel and should_cancel():
                raise ImportCancelled(_("The import was cancelled; nothing was written."))
            bulk = BulkWriter(actor=self.actor, reason=reason, now=self.now)
            bulk.create(self.creates)
            if should_cancel and should_cancel():
                raise ImportCancelled(_("The import was cancelled; nothing was written."))
            bulk.update(self.changes)
        result.written = True
