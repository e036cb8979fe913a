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
    def __init__(self):
        self.by_id: dict[str, Existing] = {}
        self.by_key: dict[tuple[str, date, int], list[Existing]] = defaultdict(list)
        self.by_name_year: dict[tuple[str, int, int], int] = defaultdict(int)
        self.certificate_numbers: dict[tuple[int, str], int] = {}  # (issuing commune, number) → person id
        self._persons: dict[int, Existing] = {}
        self._communes: set[int] = set()
        self._ids_asked: set[str] = set()

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
        wanted = [n for n in set(national_ids) if n and n not in self.by_id and n not in self._ids_asked]
        self._ids_asked.update(wanted)
        for start in range(0, len(wanted), IN_CHUNK):
            self._add(
                Person.objects.not_deleted().filter(among("national_id", wanted[start : start + IN_CHUNK], "text"))
            )

    def _add(self, queryset) -> None:
        added: list[Existing] = []
        type_items = list(TYPE_FIELDS.items())
        for row in queryset.order_by().values_list(*_LOADED):
            record = dict(zip(_LOADED, row, strict=True))
            pk = record["id"]
            if pk in self._persons:
                continue
            existing = Existing(
                pk=pk,
                commune_id=record["commune_id"],
                name_folded=record["name_folded"],
                level=record["level"],
                types=tuple(code for code, name in type_items if record[name]),
                values={name: record[name] for name in COMPARED},
            )
            self._persons[pk] = existing
            added.append(existing)
            if existing.national_id:
                self.by_id[existing.national_id] = existing
            born = record["date_of_birth"]
            self.by_key[(existing.name_folded, born, existing.commune_id)].append(existing)
            self.by_name_year[(existing.name_folded, born.year, existing.commune_id)] += 1
        pks = [e.pk for e in added]
        for start in range(0, len(pks), IN_CHUNK):
            certificates = Certificate.objects.filter(
                among("person_id", pks[start : start + IN_CHUNK], "bigint"), status=CertificateStatus.VALID
            ).values_list("person_id", "number", "issued_on")
            for person_id, number, issued_on in certificates:
                self._persons[person_id].certificate = (number, issued_on)
