"""Writing the access log: every view or export of identifiable data.

Every list and page of persons writes one row, so the write is kept to one plain INSERT: no model
instance, no signals (nothing listens to the log), no RETURNING of the new id, no savepoint. It
runs in the caller's transaction when there is one, else it commits on its own.
"""

from functools import cache

from django.db import connections, router
from django.utils import timezone

from .models import AccessLog


def _client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


@cache
def _statement(alias: str) -> tuple[str, tuple]:
    """The INSERT and its fields, from the model's metadata (one per database)."""
    quote = connections[alias].ops.quote_name
    fields = tuple(f for f in AccessLog._meta.concrete_fields if not f.primary_key)
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {quote(AccessLog._meta.db_table)} ({columns}) VALUES ({marks})", fields  # noqa: S608


def log_access(*, user, action: str, request=None, person=None, detail: str = "", row_count: int | None = None) -> None:
    values = {
        "at": timezone.now(),
        "user_id": user.pk,
        "action": str(action),
        "person_id": person.pk if person is not None else None,
        "path": request.get_full_path()[:500] if request is not None else "",
        "detail": detail[:500],
        "row_count": row_count,
        "ip": _client_ip(request),
    }
    alias = router.db_for_write(AccessLog)
    connection = connections[alias]
    sql, fields = _statement(alias)
    params = [field.get_db_prep_save(values[field.attname], connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
