"""Writing the rows an import found valid: persons, residences, determinations, certificates and
their history rows, in bulk (see `writer.py` for why not `bulk_create`)."""

import secrets
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Certificate, Determination, Person, Residence
from ..models.persons import TYPE_FIELDS, CertificateStatus, Council
from . import writer
from .drafts import Draft
from .index import Existing, among

PERSON_FIELDS = writer.concrete_fields(Person)
_PERSON_VALUES = attrgetter(*[f.attname for f in PERSON_FIELDS])


def person_row(person: Person, *, types: tuple[str, ...], level: str, actor_id, now) -> tuple:
    """The database row of a new person: types and level as its determination sets them."""
    for code, name in TYPE_FIELDS.items():
        setattr(person, name, code in types)
    person.level = level
    person.created_by_id = actor_id
    person.created_at = person.updated_at = now
    return _PERSON_VALUES(person)


@dataclass(slots=True)
class NewPerson:
    """A person to create, already validated, as the database row (a tuple, not a model
    instance: 100,000 of them wait for the write)."""

    number: int
    row: tuple
    commune_id: int
    village: str
    types: tuple[str, ...]
    level: str
    determined_on: date
    certificate: tuple[str, date] | None


@dataclass(slots=True)
class PersonChange:
    draft: Draft
    existing: Existing
    changes: dict
    determination: tuple[tuple[str, ...], str, date] | None  # types, level, date
    certificate: tuple[str, date] | None
    person: Person | None = None


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class BulkWriter:
    """Persons, residences, determinations, certificates and their history rows, in bulk."""

    def __init__(self, *, actor, reason: str, now=None):
        self.actor_id = actor.pk
        self.reason = reason[:100]
        self.now = now or timezone.now()
        self.person_fields = PERSON_FIELDS
        self.person_history = Person.history.model
        self.determination_fields = writer.concrete_fields(Determination)
        self.certificate_fields = writer.concrete_fields(Certificate)
        self.residence_fields = writer.concrete_fields(Residence)

    def _history(self, model, ids: list[int], kind: str) -> None:
        """History rows of the records just written ('+' created, '~' changed)."""
        writer.insert_history(model, ids, history_type=kind, reason=self.reason, user_id=self.actor_id, when=self.now)

    def _row(self, instance, fields) -> tuple:
        return attrgetter(*[f.attname for f in fields])(instance)

    def create(self, creates: list[NewPerson]) -> None:
        if not creates:
            return
        ids = writer.insert_rows(Person, self.person_fields, [item.row for item in creates])
        self._history(Person, ids, "+")
        residence = writer.RowBuilder(Residence, self.residence_fields).maker(
            "person_id", "commune_id", "village", "created_by_id"
        )
        actor_id = self.actor_id
        residences = [
            residence(pk, item.commune_id, item.village, actor_id) for pk, item in zip(ids, creates, strict=True)
        ]
        writer.insert_rows(Residence, self.residence_fields, residences, returning=False)
        determined = [(pk, item) for pk, item in zip(ids, creates, strict=True) if item.level]
        self._determinations(
            [(pk, item.types, item.level, item.determined_on) for pk, item in determined],
            _("Recorded from an imported register."),
        )
        certificates = [
            (pk, item.commune_id, item.certificate) for pk, item in zip(ids, creates, strict=True) if item.certificate
        ]
        self._certificates(certificates)

    def _determinations(self, items, notes: str) -> dict[int, int]:
        """Insert determinations (person id, types, level, date); {person id: determination id}."""
        if not items:
            return {}
        order = list(TYPE_FIELDS)
        build = writer.RowBuilder(Determination, self.determination_fields).maker(
            "person_id", "determined_on", "council", "form", "scores", "disability_types", "level", "notes",
            "created_at", "created_by_id",
        )  # fmt: skip
        now, actor_id, council = self.now, self.actor_id, Council.COMMUNE.value
        rows = [
            build(
                person_id, determined_on, council, "", {}, [t for t in order if t in types], level, notes, now, actor_id
            )
            for person_id, types, level, determined_on in items
        ]
        ids = writer.insert_rows(Determination, self.determination_fields, rows)
        self._history(Determination, ids, "+")
        self.determination_of = {item[0]: pk for item, pk in zip(items, ids, strict=True)}
        return self.determination_of

    def _certificates(self, items) -> None:
        """Insert certificates (person id, issuing commune id, (number, date)) on the latest determination."""
        if not items:
            return
        determination_of = getattr(self, "determination_of", {})
        missing = [person_id for person_id, _c, _cert in items if person_id not in determination_of]
        if missing:
            latest = (
                Determination.objects.filter(among("person_id", missing, "bigint"), is_valid=True)
                .order_by("person_id", "-determined_on", "-id")
                .values_list("person_id", "id")
            )
            found: dict[int, int] = {}
            for person_id, pk in latest:
                found.setdefault(person_id, pk)
            determination_of = {**determination_of, **found}
        build = writer.RowBuilder(Certificate, self.certificate_fields).maker(
            "person_id", "number", "issued_on", "issuing_commune_id", "determination_id", "status",
            "verification_token", "created_at", "created_by_id",
        )  # fmt: skip
        now, actor_id, valid = self.now, self.actor_id, CertificateStatus.VALID.value
        rows = [
            build(
                person_id,
                number,
                issued_on,
                commune_id,
                determination_of.get(person_id),
                valid,
                _new_token(),
                now,
                actor_id,
            )  # fmt: skip
            for person_id, commune_id, (number, issued_on) in items
        ]
        ids = writer.insert_rows(Certificate, self.certificate_fields, rows)
        self._history(Certificate, ids, "+")

    def update(self, changes: list[PersonChange]) -> None:
        if not changes:
            return
        self.determination_of = {}
        type_fields = list(TYPE_FIELDS.items())
        rows, ids = [], []
        for change in changes:
            person = change.person
            if change.determination:
                types, level, _on = change.determination
                for code, name in type_fields:
                    setattr(person, name, code in types)
                person.level = level
            person.version += 1
            person.updated_at = self.now
            rows.append(self._row(person, self.person_fields))
            ids.append(person.pk)
        writable = [f for f in self.person_fields if f.attname not in ("created_at", "created_by_id", "deleted_at")]
        positions = [self.person_fields.index(f) for f in writable]
        writer.update_rows(
            Person, writable, [tuple(row[i] for i in positions) + (pk,) for row, pk in zip(rows, ids, strict=True)]
        )
        self._history(Person, ids, "~")
        self._determinations(
            [(c.person.pk, *c.determination) for c in changes if c.determination],
            _("Recorded from an imported register."),
        )
        replaced = [c for c in changes if c.certificate]
        if replaced:
            by_person = {c.person.pk: c for c in replaced}
            current = list(Certificate.objects.filter(person_id__in=list(by_person), status=CertificateStatus.VALID))
            for certificate in current:
                certificate.status = CertificateStatus.REISSUED
                certificate.status_changed_on = by_person[certificate.person_id].certificate[1]
            status_fields = [Certificate._meta.get_field("status"), Certificate._meta.get_field("status_changed_on")]
            writer.update_rows(Certificate, status_fields, [(c.status, c.status_changed_on, c.pk) for c in current])
            self._history(Certificate, [c.pk for c in current], "~")
            self._certificates([(c.person.pk, c.person.commune_id, c.certificate) for c in replaced])
