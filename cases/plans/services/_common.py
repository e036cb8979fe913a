"""Small helpers shared by the plan services."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.errors import FieldError, InvalidInput
from registry.text import clean


def today() -> date:
    return timezone.localdate()


def text(value) -> str:
    return clean(value) if value is not None else ""


def decimal_or_none(field: str, value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", ".")) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise FieldError(field, _("Enter a number.")) from None
    if not number.is_finite():
        raise FieldError(field, _("Enter a number."))
    if number < 0:
        raise FieldError(field, _("The target cannot be negative."))
    if number >= Decimal(10) ** 16:
        raise FieldError(field, _("The number is too large."))
    return number.quantize(Decimal("0.01"))


def full_clean(instance, *, exclude=()) -> None:
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as exc:
        raise InvalidInput.from_validation_error(exc) from None


def iso_date(field: str, value) -> date | None:
    """A date given as YYYY-MM-DD (query parameters of the API and of the downloads)."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise FieldError(field, _("Give the date as YYYY-MM-DD.")) from None
