"""The registry services' own rules, reused by the bulk import: one set of rules, one place.

`person_register` / `person_update` assign fields with `assign_person_fields`, check them with
`validate_person_fields` and check types and level with `check_types_and_level`;
`determination_record` and `certificate_issue` check dates and numbers with
`check_determination_date`, `check_certificate_issue_date` and `check_certificate_number`. The
import calls exactly those public functions of `registry/services/` (imported here, in one place)
on each row. Checks that are a query per row are done in bulk instead (≈ 0.7 ms a query, 70 s for
100,000 rows):

- the database constraints (`validate_constraints`): the unique ID number is checked against the
  persons index and the other rows of the file; the "deceased has a date" check cannot fail
  because an import never sets the status;
- the certificate number already used in the commune (`CERTIFICATE_NUMBER_TAKEN`, the service's
  message): against the index of the file's communes and the other rows of the file;
- Django's field validation (lengths, blanks, null characters) runs on the free-text fields the
  row sets; the other fields come from the import's parsers, which only produce valid choices,
  dates and numbers, and the untouched defaults are valid by construction.
"""

from datetime import date
from functools import partial

from django.db import models

from ..errors import InvalidInput
from ..models import Person
from ..services.determinations import (
    CERTIFICATE_NUMBER_TAKEN,
    check_certificate_issue_date,
    check_certificate_number,
    check_determination_date,
)
from ..services.persons import assign_person_fields, check_types_and_level, validate_person_fields

__all__ = [
    "CERTIFICATE_NUMBER_TAKEN", "assign_person_fields", "check_certificate_issue_date", "check_certificate_number",
    "check_determination_date", "check_types_and_level", "validate_person",
]  # fmt: skip

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
        validate_person_fields(person, today=today)
    except InvalidInput as exc:
        return exc.errors
    finally:
        del person.full_clean
    return {}
