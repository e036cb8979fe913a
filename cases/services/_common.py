"""Small helpers shared by the case services."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from registry.errors import FieldError, StaleVersion
from registry.text import clean

from ..models import Case, CaseStep, StepAction

MAX_AMOUNT = 10**12  # one thousand billion đồng: anything above is a typing error


def today() -> date:
    return timezone.localdate()


def money(field: str, value, *, required: bool = False) -> int | None:
    """A whole amount of đồng ≥ 0 (None when empty and not required)."""
    if value in (None, ""):
        if required:
            raise FieldError(field, _("Enter the amount."))
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise FieldError(field, _("Enter a whole number of đồng."))
    if number != value and str(number) != str(value).strip():
        raise FieldError(field, _("Enter a whole number of đồng."))
    if number < 0:
        raise FieldError(field, _("The amount cannot be negative."))
    if number > MAX_AMOUNT:
        raise FieldError(field, _("The amount is too large."))
    return number


def count(field: str, value) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise FieldError(field, _("Enter a whole number."))
    if number < 0:
        raise FieldError(field, _("The number cannot be negative."))
    return number


def text(value) -> str:
    return clean(value) if value is not None else ""


def add_step(*, case: Case, actor, action: str, note: str = "", from_status: str = "", to_status: str = "") -> CaseStep:
    return CaseStep.objects.create(
        case=case, actor=actor, action=action, note=note, from_status=from_status, to_status=to_status
    )


def lock(case: Case, expected_version: int | None = None) -> Case:
    """The case row locked for update, checked against the version the user saw."""
    locked = (
        Case.objects.select_for_update(of=("self",))
        .select_related("person", "provider", "support_type")
        .get(pk=case.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersion(
            _("Someone else changed this case while you were working on it. Reload the page and try again.")
        )
    return locked


__all__ = ["StepAction", "add_step", "count", "lock", "money", "text", "today"]
