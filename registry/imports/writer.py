"""Writing validated rows fast: multi-row INSERT … RETURNING id of values prepared once per
field, and executemany UPDATE.

Why not `bulk_create`: Django prepares every value of every field through several method calls
(`pre_save`, `get_db_prep_save`, the compiler's `prepare_value`...), about 90 % of the time of a
`bulk_create` of persons (measured: 100,000 persons ≈ 9 s, most of it in Python). The import
writes five tables per person (person, residence, determination, certificate, and their history)
and must stay within half the speed of one raw `bulk_create` of persons. Values here are already
validated by the person services' rules; only the database adaptation that Django would do is
repeated (dates, date-times, JSON), through the same `get_db_prep_save` of each field.
"""

import json
import sqlite3
from collections.abc import Iterable, Sequence
from operator import itemgetter

from django.db import connections, models, router
from django.db.models import DateField, DateTimeField, JSONField

_MAX_PARAMS_PG = 65535
_MAX_ROWS_PER_STATEMENT = 2000


def concrete_fields(model, *, exclude: Iterable[str] = ("id",)) -> list[models.Field]:
    skip = set(exclude)
    return [f for f in model._meta.concrete_fields if f.name not in skip and f.attname not in skip]


def _connection(model):
    return connections[router.db_for_write(model)]


def _max_params(connection) -> int:
    if connection.vendor == "sqlite":
        try:
            return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except (AttributeError, sqlite3.Error):
            return connection.features.max_query_params or 999
    return connection.features.max_query_params or _MAX_PARAMS_PG


def _adapters(fields: Sequence[models.Field], connection):
    """Per field, None (the value is passed as is) or a function adapting the value as Django
    would. Dates and date-times repeat (one timestamp for the whole import, birth dates shared by
    many): each distinct value is adapted once."""
    adapters = []
    for field in fields:
        if isinstance(field, (DateField, DateTimeField)):
            adapters.append(_memoised(field, connection))
        elif isinstance(field, JSONField):
            adapters.append(_memoised(field, connection, key=repr))
        else:
            adapters.append(None)
    return adapters


def _memoised(field, connection, key=None):
    cache: dict = {}

    def adapt(value):
        if value is None:
            return None
        k = key(value) if key else value
        try:
            return cache[k]
        except KeyError:
            adapted = cache[k] = field.get_db_prep_save(value, connection)
            return adapted

    return adapt


def _memoised_json(field):
    cache: dict = {}

    def adapt(value):
        if value is None:
            return None
        key = repr(value)
        try:
            return cache[key]
        except KeyError:
            encoded = cache[key] = json.dumps(value, cls=field.encoder)
            return encoded

    return adapt


class RowBuilder:
    """Rows of a model as tuples in the order of `fields`, from the model's defaults and the
    values given (no model instance per row)."""

    def __init__(self, model, fields: Sequence[models.Field]):
        prototype = model()
        self.defaults = [getattr(prototype, f.attname) for f in fields]
        self.positions = {f.attname: i for i, f in enumerate(fields)}
        self.positions.update({f.name: i for i, f in enumerate(fields)})

    def __call__(self, **values) -> tuple:
        row = list(self.defaults)
        positions = self.positions
        for name, value in values.items():
            row[positions[name]] = value
        return tuple(row)

    def maker(self, *names: str):
        """A function of the values of `names` (positionally) returning the row, built in C:
        the defaults and the values concatenated, then picked in column order."""
        defaults = tuple(self.defaults)
        given = {self.positions[name]: len(defaults) + k for k, name in enumerate(names)}
        pick = itemgetter(*[given.get(i, i) for i in range(len(defaults))])
        return lambda *values: pick(defaults + values)


def insert_rows(
    model, fields: Sequence[models.Field], rows: Sequence[Sequence], *, returning: bool = True
) -> list[int]:
    """Insert `rows` (tuples of attname values, in the order of `fields`); the new ids in order."""
    if not rows:
        return []
    connection = _connection(model)
    if connection.vendor == "postgresql":
        return _copy_rows(connection, model, fields, rows, returning=returning)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    pk = quote(model._meta.pk.column)
    width = len(fields)
    per_statement = max(1, min(_max_params(connection) // width, _MAX_ROWS_PER_STATEMENT))
    adapters = _adapters(fields, connection)
    adapted_positions = [(i, a) for i, a in enumerate(adapters) if a is not None]
    # SQLite: the driver's own cursor with "?" placeholders, sparing Django's per-statement
    # rewriting of every "%s" (statements here hold thousands of them).
    native = connection.vendor == "sqlite"
    placeholder = "(" + ", ".join(["?" if native else "%s"] * width) + ")"
    statements: dict[int, str] = {}
    ids: list[int] = []
    connection.ensure_connection()
    cursor = connection.connection.cursor() if native else connection.cursor()
    try:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            params: list = []
            for row in batch:
                if adapted_positions:
                    row = list(row)
                    for i, adapt in adapted_positions:
                        row[i] = adapt(row[i])
                params.extend(row)
            sql = statements.get(len(batch))
            if sql is None:
                # Table and column names come from the models, values are parameters.
                sql = f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([placeholder] * len(batch))  # noqa: S608
                if returning:
                    sql += f" RETURNING {pk}"
                statements[len(batch)] = sql
            cursor.execute(sql, params)
            if returning:
                # Ids come from one sequence in insertion order; sorting guards against a backend
                # returning the rows in another order.
                ids.extend(sorted(r[0] for r in cursor.fetchall()))
    finally:
        cursor.close()
    return ids


def _copy_rows(connection, model, fields, rows, *, returning: bool) -> list[int]:
    """PostgreSQL: ids drawn from the table's sequence, rows sent with COPY (psycopg parses a
    long INSERT's placeholders in Python, ≈ 0.4 s per statement of 60,000 values)."""
    quote = connection.ops.quote_name
    table = model._meta.db_table
    pk_column = model._meta.pk.column
    adapters = _adapters(fields, connection)
    for i, field in enumerate(fields):
        if isinstance(field, JSONField):  # COPY takes JSON as text: encode each distinct value once
            adapters[i] = _memoised_json(field)
    adapted_positions = [(i, a) for i, a in enumerate(adapters) if a is not None]
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        ids: list[int] = []
        columns = [quote(f.column) for f in fields]
        if returning:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [quote(table), pk_column, len(rows)],
            )
            ids = [r[0] for r in cursor.fetchall()]
            columns.insert(0, quote(pk_column))
        statement = f"COPY {quote(table)} ({', '.join(columns)}) FROM STDIN"
        with cursor.copy(statement) as copy:
            for position, row in enumerate(rows):
                if adapted_positions:
                    row = list(row)
                    for i, adapt in adapted_positions:
                        row[i] = adapt(row[i])
                copy.write_row((ids[position], *row) if returning else row)
    return ids


def update_rows(model, fields: Sequence[models.Field], rows: Sequence[Sequence]) -> None:
    """UPDATE each row by id: `rows` are tuples of (values in the order of `fields`..., id)."""
    if not rows:
        return
    connection = _connection(model)
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 - names from the models, values parameters
    adapters = _adapters(fields, connection)
    prepared = []
    for row in rows:
        values = [adapt(v) if adapt else v for adapt, v in zip(adapters, row[:-1], strict=True)]
        values.append(row[-1])
        prepared.append(values)
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def insert_history(model, ids: Sequence[int], *, history_type: str, reason: str, user_id, when) -> None:
    """django-simple-history rows for the records `ids`, as they now are in the database: one
    INSERT … SELECT per chunk, so the database copies the values (the same columns simple-history
    would write, plus when, who and why)."""
    if not ids:
        return
    history = model.history.model
    connection = _connection(history)
    quote = connection.ops.quote_name
    source = {f.column for f in model._meta.concrete_fields}
    constants = {"history_date": when, "history_change_reason": reason, "history_type": history_type,
                 "history_user_id": user_id}  # fmt: skip
    columns, select, params = [], [], []
    for field in concrete_fields(history, exclude=("history_id",)):
        columns.append(quote(field.column))
        if field.column in source:
            select.append(quote(field.column))
        else:
            select.append("%s")
            value = constants.get(field.attname)
            params.append(None if value is None else field.get_db_prep_save(value, connection))
    pk = quote(model._meta.pk.column)
    head = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608 - names from the models
        f"SELECT {', '.join(select)} FROM {quote(model._meta.db_table)} WHERE {pk} "
    )
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 5000):
            chunk = list(ids[start : start + 5000])
            if connection.vendor == "postgresql":
                cursor.execute(head + "= ANY(%s)", [*params, chunk])
            else:
                cursor.execute(head + "IN (" + ", ".join(["%s"] * len(chunk)) + ")", [*params, *chunk])
