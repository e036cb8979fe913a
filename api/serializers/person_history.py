"""A person's change history (django-simple-history records) as API entries.

Values are machine values: codes for choices and units, ISO dates, lists of type codes. The six
type flags are shown as one `disability_types` change. ID numbers are left out entirely for
roles that do not see them.
"""

from registry.models import AdminUnit, Person
from registry.models.persons import TYPE_FIELDS
from registry.scope import scope_of

HIDDEN_FIELDS = {"id", "created_at", "created_by", "deleted_at"}
NATIONAL_ID_FIELDS = {"national_id", "caregiver_national_id"}
TYPE_FIELD_NAMES = set(TYPE_FIELDS.values())
KINDS = {"+": "created", "~": "changed", "-": "deleted"}


def _tracked_fields(sees_ids: bool) -> list:
    fields = []
    for field in Person.history.model._meta.fields:
        name = field.name
        if name.startswith("history_") or name in HIDDEN_FIELDS or name in TYPE_FIELD_NAMES:
            continue
        if name in NATIONAL_ID_FIELDS and not sees_ids:
            continue
        fields.append(field)
    return fields


def _types(record) -> list[str]:
    return [code for code, field in TYPE_FIELDS.items() if getattr(record, field)]


def history_entries(records: list, older, *, viewer) -> list[dict]:
    """Entries for `records` (newest first); `older` is the record just before the last one.

    A fixed number of queries: one for the unit codes, whatever the number of records.
    """
    sees_ids = scope_of(viewer).sees_national_id
    fields = _tracked_fields(sees_ids)
    chain = [*records, older] if older is not None else list(records)
    unit_ids = {r.commune_id for r in chain if r.commune_id}
    codes = dict(AdminUnit.objects.filter(id__in=unit_ids).values_list("id", "code")) if unit_ids else {}

    def value(record, field):
        raw = getattr(record, field.attname)
        if field.name == "commune":
            return codes.get(raw)
        return raw

    entries = []
    for index, record in enumerate(records):
        previous = chain[index + 1] if index + 1 < len(chain) else None
        changes = []
        for field in fields:
            new = value(record, field)
            old = value(previous, field) if previous is not None else None
            if previous is None and new in (None, "", False):
                continue
            if previous is not None and old == new:
                continue
            changes.append({"field": field.name, "old": old, "new": new})
        new_types = _types(record)
        old_types = _types(previous) if previous is not None else []
        if new_types != old_types:
            changes.append({"field": "disability_types", "old": old_types if previous else None, "new": new_types})
        user = record.history_user
        entries.append(
            {
                "id": record.history_id,
                "at": record.history_date,
                "user": user.get_username() if user else None,
                "user_full_name": (user.get_full_name() or user.get_username()) if user else None,
                "type": KINDS.get(record.history_type, record.history_type),
                "reason": record.history_change_reason or "",
                "changes": changes,
            }
        )
    return entries
