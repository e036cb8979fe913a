"""Vietnamese display filters: money `1.250.000 đ`, dates `17/05/1980`, birth dates, yes/no.

Used by every app's templates: `{% load vn %}`.
"""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


def group_thousands(number: int) -> str:
    """12345678 → '12.345.678' (Vietnamese groups with dots)."""
    sign = "-" if number < 0 else ""
    digits = str(abs(int(number)))
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + ".".join(groups)


@register.filter
def vnd(value) -> str:
    """An amount in đồng: 1250000 → '1.250.000 đ'. Empty for None."""
    if value in (None, ""):
        return ""
    try:
        number = round(float(value))
    except (TypeError, ValueError):
        return str(value)
    return f"{group_thousands(number)}\u00a0đ"


@register.filter
def vnnum(value) -> str:
    """A count with Vietnamese thousands separators: 12345 → '12.345'."""
    if value in (None, ""):
        return ""
    try:
        return group_thousands(int(value))
    except (TypeError, ValueError):
        return str(value)


@register.filter
def vndate(value) -> str:
    """A date as dd/mm/yyyy; a datetime in local time as dd/mm/yyyy HH:MM."""
    if not value:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@register.filter
def birth(person) -> str:
    """The person's date of birth, or the year alone when only the year is known."""
    born = getattr(person, "date_of_birth", None)
    if born is None:
        return ""
    if getattr(person, "birth_date_approximate", False):
        return str(born.year)
    return born.strftime("%d/%m/%Y")


@register.filter
def yesno_vn(value) -> str:
    return _("Yes") if value else _("No")


@register.filter
def get_item(mapping, key):
    """`{{ mapping|get_item:key }}` for dicts in templates."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
