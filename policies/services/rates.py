"""Writing rates: administrators add a new decree's level or coefficient; history records it."""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from registry.errors import FieldError, InvalidInput, NotPermitted, TransitionNotAllowed

from ..models import Coefficient, CoefficientGroup, Policy, StandardLevel
from ..permissions import can_edit_rates


def _require_admin(actor) -> None:
    if not can_edit_rates(actor):
        raise NotPermitted(_("Only administrators change rates."))


def _close_open_row(qs, new_start: date) -> None:
    """End the open-ended row that started before `new_start` on the day before it."""
    open_row = qs.filter(valid_to__isnull=True, valid_from__lt=new_start).order_by("-valid_from").first()
    if open_row is not None:
        open_row.valid_to = new_start - timedelta(days=1)
        open_row._change_reason = _("Ended by a new row from %(date)s") % {"date": new_start.strftime("%d/%m/%Y")}
        open_row.save(update_fields=["valid_to"])


def _save(row) -> None:
    try:
        row.full_clean()
    except ValidationError as exc:
        raise InvalidInput.from_validation_error(exc)
    row.save()


@transaction.atomic
def standard_level_add(
    *,
    actor,
    amount: int,
    valid_from: date,
    legal_basis: str,
    valid_to: date | None = None,
    province_code: str = "",
    is_confirmed: bool = True,
    note: str = "",
    close_open_row: bool = True,
) -> StandardLevel:
    """Add a standard level. A new open-ended row ends the open-ended row before it on the day
    before (a new decree supersedes the last one); any other overlap is refused."""
    _require_admin(actor)
    if amount is None or int(amount) <= 0:
        raise FieldError("amount", _("The amount must be greater than zero."))
    if not (legal_basis or "").strip():
        raise FieldError("legal_basis", _("Enter the legal basis (document number and article)."))
    if is_confirmed and close_open_row and valid_to is None:
        _close_open_row(
            StandardLevel.objects.select_for_update().filter(province_code=province_code, is_confirmed=True), valid_from
        )
    row = StandardLevel(
        province_code=province_code or "",
        amount=int(amount),
        valid_from=valid_from,
        valid_to=valid_to,
        legal_basis=legal_basis.strip(),
        is_confirmed=is_confirmed,
        note=note,
    )
    _save(row)
    return row


@transaction.atomic
def standard_level_confirm(*, actor, level: StandardLevel, close_open_row: bool = True) -> StandardLevel:
    """Confirm a reported level after checking the decree: from now on amounts use it."""
    _require_admin(actor)
    level = StandardLevel.objects.select_for_update().get(pk=level.pk)
    if level.is_confirmed:
        raise TransitionNotAllowed(_("This standard level is already confirmed."))
    if close_open_row and level.valid_to is None:
        _close_open_row(
            StandardLevel.objects.select_for_update().filter(province_code=level.province_code, is_confirmed=True),
            level.valid_from,
        )
    level.is_confirmed = True
    level._change_reason = _("Confirmed")
    _save(level)
    return level


@transaction.atomic
def coefficient_add(
    *,
    actor,
    policy: Policy,
    group: str,
    value,
    valid_from: date,
    legal_basis: str,
    valid_to: date | None = None,
    note: str = "",
    close_open_row: bool = True,
) -> Coefficient:
    _require_admin(actor)
    if group not in CoefficientGroup.values:
        raise FieldError("group", _("Unknown group."))
    try:
        value = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise FieldError("value", _("Enter the coefficient as a number, for example 2.5."))
    if value <= 0:
        raise FieldError("value", _("The coefficient must be greater than zero."))
    if not (legal_basis or "").strip():
        raise FieldError("legal_basis", _("Enter the legal basis (document number and article)."))
    if close_open_row and valid_to is None:
        _close_open_row(Coefficient.objects.select_for_update().filter(policy=policy, group=group), valid_from)
    row = Coefficient(
        policy=policy, group=group, value=value, valid_from=valid_from, valid_to=valid_to,
        legal_basis=legal_basis.strip(), note=note,
    )  # fmt: skip
    _save(row)
    return row
