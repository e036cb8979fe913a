"""Creating staff accounts with a role and a scope of units."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..errors import FieldError
from ..models import AdminUnit, Role, UnitLevel, User
from ..selectors import unit_lookup


def resolve_scope_units(codes: list[str]) -> list[AdminUnit]:
    """Current communes or provinces by statistics-office code."""
    units = []
    for code in codes:
        code = code.strip()
        level = UnitLevel.PROVINCE if len(code) <= 2 else UnitLevel.COMMUNE
        found = list(unit_lookup(code, level=level, current=True))
        if not found:
            raise FieldError("unit", _("Unknown current unit code: %(code)s.") % {"code": code})
        units.append(found[0])
    return units


@transaction.atomic
def user_create(
    *, username: str, role: str, unit_codes: list[str], password: str, full_name: str = "", check_password: bool = True
) -> User:
    if role not in Role.values:
        raise FieldError("role", _("Unknown role: %(role)s.") % {"role": role})
    units = resolve_scope_units(unit_codes)
    if role != Role.ADMIN and not units:
        raise FieldError("unit", _("Give at least one unit for this role."))
    if role in (Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER) and any(u.level != UnitLevel.COMMUNE for u in units):
        raise FieldError("unit", _("Commune roles take commune codes."))
    user = User.objects.filter(username=username).first() or User(username=username)
    user.role = role
    if full_name:
        user.first_name, _sep, user.last_name = full_name.rpartition(" ")
    user.is_staff = role == Role.ADMIN
    user.is_superuser = role == Role.ADMIN
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise FieldError("password", " ".join(exc.messages)) from None
    user.set_password(password)
    user.save()
    user.units.set(units)
    return user
