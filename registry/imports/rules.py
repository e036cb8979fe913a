"""The person services' own rules, reused by the bulk import: one set of rules, one place.

`person_register` / `person_update` assign fields with `_assign`, check them with `_validate` and
check types and level with `_check_types_and_level`; the import calls exactly those functions
(imported here, in one place) on each row. Two checks of `_validate` are done in bulk instead of
per row, because per row they cost a query each (≈ 0.7 ms, 70 s for 100,000 rows):

- the database constraints (`validate_constraints`): the unique ID number is checked against the
  persons index and the other rows of the file; the "deceased has a date" check cannot fail
  because an import never sets the status;
- Django's field validation (lengths, blanks, null characters) runs on the free-text fields the
  row sets; the other fields come from the import's parsers, which only produce valid choices,
  dates and numbers, and the untouched defaults are valid by construction.
"""

from datetime import date
from functools import partial

from django.db import models

from ..errors import InvalidInput
from ..models import Person
from ..services.persons import _assign as assign_person_fields  # noqa: F401 - re-exported
from ..services.persons import _check_types_and_level as check_types_and_level  # noqa: F401 - re-exported
from ..services.persons import _validate

_ALL_FIELDS = frozenset(f.name for f in Person._meta.fields)
_FREE_TEXT = frozenset({"full_name", "village", "phone", "caregiver_name", "caregiver_relation", "caregiver_phone",
                        "notes"})  # fmt: skip
_ALWAYS_CHECKED = frozenset({"full_name"})


def _field_clean(person: Person, checked: frozenset[str], exclude=None, **_kwargs) -> None:
    models.Model.full_clean(
        person,
        exclude=set(exclude or ()) | (_ALL_FIELDS - checked),
        validate_unique=False,
        validate_constraints=False,
    )


def validate_person(person: Person, *, data: dict, today: date) -> dict[str, list[str]]:
    """Assign `data` as the services do and run their validation; {field: [messages]} or {}."""
    try:
        assign_person_fields(person, data)
    except InvalidInput as exc:
        return exc.errors
    person.full_clean = partial(_field_clean, person, (_FREE_TEXT & data.keys()) | _ALWAYS_CHECKED)
    try:
        _validate(person, today=today)
    except InvalidInput as exc:
        return exc.errors
    finally:
        del person.full_clean
    return {}
