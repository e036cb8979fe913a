"""What a pair remembers of its two records: the compared fields as they were when it was
computed (`snapshot`), a hash of them (`fields_key`) and a hash of name, date of birth and ID
number (`identity_key`).

The merge refuses a pair whose records changed since it was computed, naming the fields
(`changed_fields`); a pair decided "distinct" is proposed again only when `identity_key` changes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from .features import COMPARED_FIELDS, IDENTITY_FIELDS


def record_snapshot(row: Mapping[str, Any]) -> dict[str, Any]:
    """The compared fields of one person, JSON-ready (dates as ISO strings, commune as its id)."""
    out = {}
    for name in COMPARED_FIELDS:
        value = row.get(name)
        if name == "commune_id":
            value = getattr(value, "pk", value)
        if isinstance(value, date):
            value = value.isoformat()
        if value is None:
            value = ""
        out[name] = value
    return out


def _hash(payload: Any) -> str:
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fields_key(a: Mapping[str, Any], b: Mapping[str, Any]) -> str:
    return _hash([a, b])


def identity_key(a: Mapping[str, Any], b: Mapping[str, Any]) -> str:
    return _hash([[a.get(f, "") for f in IDENTITY_FIELDS], [b.get(f, "") for f in IDENTITY_FIELDS]])


def changed_fields(snapshot: Mapping[str, Any], *, a: Mapping[str, Any], b: Mapping[str, Any]) -> dict[str, list[str]]:
    """{"a": [field, …], "b": [...]}: the compared fields of each record that differ from the
    pair's snapshot (`a`, `b`: the records now, as `record_snapshot` makes them). Empty lists
    when nothing changed."""
    out = {}
    for side, now in (("a", a), ("b", b)):
        then = snapshot.get(side, {})
        out[side] = [name for name in COMPARED_FIELDS if then.get(name, "") != now.get(name, "")]
    return out


def current_snapshots(pair) -> tuple[dict[str, Any], dict[str, Any]]:
    """The compared fields of a pair's two records as they are now (for the merge's 409 and for
    recording a decision: a "distinct" decision keeps `identity_key(*current_snapshots(pair))`)."""
    from ..models import Person

    rows = {
        row["id"]: record_snapshot(row)
        for row in Person.objects.filter(pk__in=[pair.person_a_id, pair.person_b_id]).values("id", *COMPARED_FIELDS)
    }
    return rows[pair.person_a_id], rows[pair.person_b_id]


def pair_changes(pair) -> dict[str, list[str]]:
    """{"a": [field, …], "b": [...]}: what changed in each record since the pair was computed."""
    a, b = current_snapshots(pair)
    return changed_fields(pair.snapshot, a=a, b=b)
