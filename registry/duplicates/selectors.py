"""Which persons are linked, and their records as the model reads them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from ..models import Person, Residence
from .features import COMPARED_FIELDS, Places, person_record

ROW_FIELDS = ("id", "province_code", *COMPARED_FIELDS)


def linkable_persons(*, province_code: str | None = None) -> QuerySet[Person]:
    """The persons duplicate detection looks at: every person not deleted (the deceased too: a
    duplicate still counts twice in statistics). THE place where persons leave it: the merge adds
    `.filter(merged_into__isnull=True)` here, so an absorbed record is never proposed again."""
    qs = Person.objects.not_deleted()
    if province_code:
        qs = qs.filter(province_code=province_code)
    return qs


def previous_communes(
    *, province_code: str | None = None, person_ids: Iterable[int] | None = None
) -> dict[int, list[int]]:
    """Communes each person lived in before (ended residences: few), for the persons of a
    province or the persons given (neither: everyone)."""
    qs = Residence.objects.filter(ended_on__isnull=False)
    if province_code:
        qs = qs.filter(person__province_code=province_code)
    if person_ids is not None:
        qs = qs.filter(person_id__in=list(person_ids))
    out: dict[int, list[int]] = defaultdict(list)
    for person_id, commune_id in qs.values_list("person_id", "commune_id"):
        out[person_id].append(commune_id)
    return out


def register_rows(*, province_code: str | None = None, chunk_size: int = 20_000) -> Iterator[dict]:
    """The persons' compared fields (`values()` rows), read in chunks."""
    qs = linkable_persons(province_code=province_code).order_by().values(*ROW_FIELDS)
    yield from qs.iterator(chunk_size=chunk_size)


def records_for(rows: Iterable[dict], *, places: Places, moves: dict[int, list[int]]) -> list[dict]:
    return [person_record(row, places=places, previous_communes=moves.get(row["id"], ())) for row in rows]
