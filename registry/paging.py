"""Pages of a name search: the ids of the page first, then its rows.

A page of a list ordered by name is the first 50 (or the next 50) rows that pass the filters.
Asked in one query with every column the page shows, the database reads the whole row of each entry
it passes on the way, matching or not, and joins what the page shows (the commune's name) to it.
Asked as `WHERE id IN (the ids of that slice)`, the inner slice needs only the columns an index
carries (on PostgreSQL: name, id, commune, province, the words of the name —
`registry.0007`), so the walk reads the index alone, and only the page's rows are read in full.
"""

from collections.abc import Callable

from django.db.models import QuerySet
from django.db.models.sql.where import WhereNode

Shape = Callable[[QuerySet], QuerySet]


def rows_between(qs: QuerySet, start: int, stop: int, *, shape: Shape | None = None) -> QuerySet:
    """The rows `qs[start:stop]`, ordered as `qs`, read through the ids of that slice.

    One query: the page's rows `WHERE id IN (SELECT id … ORDER BY … LIMIT …)`. The outer rows keep
    the select, annotations and order of `qs` but not its filters (the inner slice applied them);
    `shape` then gives them their columns (`values_list(...)`, `only(...)`, joins), which the inner
    slice never sees. `qs` may filter through joins only to single rows (foreign keys), as the
    person filters do: a join the filters made stays in the outer query too."""
    rows = qs.all()
    rows.query.where = WhereNode()
    if shape is not None:
        rows = shape(rows)
    return rows.filter(pk__in=qs.values("pk")[start:stop])


class IdFirstRows:
    """An ordered queryset as a paginator sees it (`count()`, slices), each slice read with
    `rows_between`: hand it to Django's `Paginator` — or to DRF's page-number pagination, which
    builds one — and every page is read ids first."""

    ordered = True

    def __init__(self, qs: QuerySet, *, shape: Shape | None = None):
        self.qs, self.shape = qs, shape

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> QuerySet:
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("IdFirstRows gives slices of rows only")
        start = key.start or 0
        stop = key.stop if key.stop is not None else self.count()
        return rows_between(self.qs, start, stop, shape=self.shape)
