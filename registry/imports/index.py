"""The persons a file may match, loaded commune by commune and ID by ID as the rows need them (a
few queries per chunk of rows, never one per row)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

from ..models import Certificate, Person
from ..models.persons import TYPE_FIELDS, CertificateStatus

# Fields a row may change, compared to decide update / unchanged.
COMPARED = (
    "full_name", "date_of_birth", "birth_date_approximate", "sex", "ethnicity", "national_id", "village", "cause",
    "poverty_status", "poverty_year", "caregiver_name", "caregiver_relation", "caregiver_phone",
    "association_member_since", "notes",
)  # fmt: skip
_LOADED = ("id", "commune_id", "name_folded", "level", *TYPE_FIELDS.values(), *COMPARED)
_AT = {name: position for position, name in enumerate(_LOADED)}
_TYPES_AT = tuple((code, _AT[name]) for code, name in TYPE_FIELDS.items())
_COMPARED_AT = tuple((name, _AT[name]) for name in COMPARED)
IN_CHUNK = 5000  # ids per IN (...) list


def among(field: str, values: list, cast: str) -> Q:
    """`field IN values`; on PostgreSQL as one array parameter (psycopg parses thousands of
    placeholders in Python)."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__in": RawSQL(f"SELECT unnest(%s::{cast}[])", [list(values)])})  # noqa: S611
    return Q(**{f"{field}__in": values})


@dataclass(slots=True)
class Existing:
    pk: int
    commune_id: int
    name_folded: str
    level: str
    types: tuple[str, ...]
    values: dict
    certificate: tuple[str, date] | None = None

    @property
    def national_id(self) -> str:
        return self.values.get("national_id") or ""


class PersonIndex:
    """Registered persons by ID number, by (folded name, date of birth, commune) and by (folded
    name, birth year, commune). A whole province's persons may be loaded for one file, most of
    which no row matches: they are kept as the database's rows and made `Existing` records only
    when a row asks for them (`with_national_id`, `with_key`)."""

    def __init__(self):
        self._by_id: dict[str, int] = {}
        self._by_key: dict[tuple[str, date, int], list[int]] = defaultdict(list)
        self.by_name_year: dict[tuple[str, int, int], int] = defaultdict(int)
        self.certificate_numbers: dict[tuple[int, str], int] = {}  # (issuing commune, number) → person id
        self._rows: dict[int, tuple] = {}
        self._certificates: dict[int, tuple[str, date]] = {}
        self._persons: dict[int, Existing] = {}
        self._communes: set[int] = set()
        self._ids_asked: set[str] = set()

    def with_national_id(self, national_id: str) -> Existing | None:
        pk = self._by_id.get(national_id)
        return None if pk is None else self._existing(pk)

    def with_key(self, key: tuple[str, date | None, int | None]) -> list[Existing]:
        """The persons with this folded name, date of birth and commune."""
        return [self._existing(pk) for pk in self._by_key.get(key, ())]

    def _existing(self, pk: int) -> Existing:
        existing = self._persons.get(pk)
        if existing is None:
            row = self._rows[pk]
            existing = self._persons[pk] = Existing(
                pk=pk,
                commune_id=row[1],
                name_folded=row[2],
                level=row[3],
                types=tuple(code for code, at in _TYPES_AT if row[at]),
                values={name: row[at] for name, at in _COMPARED_AT},
                certificate=self._certificates.get(pk),
            )
        return existing

    def load_communes(self, commune_ids) -> None:
        wanted = [c for c in set(commune_ids) if c is not None and c not in self._communes]
        if not wanted:
            return
        self._communes.update(wanted)
        self._add(Person.objects.not_deleted().filter(commune_id__in=wanted))
        numbers = Certificate.objects.filter(issuing_commune_id__in=wanted).values_list(
            "issuing_commune_id", "number", "person_id"
        )
        for commune_id, number, person_id in numbers:
            self.certificate_numbers[(commune_id, number)] = person_id

    def load_national_ids(self, national_ids) -> None:
        wanted = [n for n in set(national_ids) if n and n not in self._by_id and n not in self._ids_asked]
        self._ids_asked.update(wanted)
        for start in range(0, len(wanted), IN_CHUNK):
            self._add(
                Person.objects.not_deleted().filter(among("national_id", wanted[start : start + IN_CHUNK], "text"))
            )

    def _add(self, queryset) -> None:
        added: list[int] = []
        rows, by_id, by_key, by_name_year = self._rows, self._by_id, self._by_key, self.by_name_year
        national_id_at, born_at = _AT["national_id"], _AT["date_of_birth"]
        for row in queryset.order_by().values_list(*_LOADED):
            pk = row[0]
            if pk in rows:
                continue
            rows[pk] = row
            added.append(pk)
            if row[national_id_at]:
                by_id[row[national_id_at]] = pk
            name, born, commune_id = row[2], row[born_at], row[1]
            by_key[(name, born, commune_id)].append(pk)
            by_name_year[(name, born.year, commune_id)] += 1
        for start in range(0, len(added), IN_CHUNK):
            certificates = Certificate.objects.filter(
                among("person_id", added[start : start + IN_CHUNK], "bigint"), status=CertificateStatus.VALID
            ).values_list("person_id", "number", "issued_on")
            for person_id, number, issued_on in certificates:
                self._certificates[person_id] = (number, issued_on)
