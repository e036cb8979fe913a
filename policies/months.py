"""Months as the first day of the month: parsing, arithmetic and labels."""

import calendar
import re
from datetime import date, timedelta

from django.utils.translation import gettext as _

from registry.errors import FieldError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def first_day(day: date) -> date:
    return day.replace(day=1)


def last_day(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + (month.month - 1) + n
    return date(index // 12, index % 12 + 1, 1)


def one_month_after(day: date) -> date:
    """The same day a month later (the month's last day when it is shorter)."""
    month = add_months(first_day(day), 1)
    return month.replace(day=min(day.day, last_day(month).day))


def months_between(start: date, end: date) -> int:
    """Whole months from `start`'s month to `end`'s month (end - start)."""
    return (end.year - start.year) * 12 + (end.month - start.month)


def iter_months(start: date, end: date):
    """Every month from `start` to `end`, both included."""
    month = first_day(start)
    end = first_day(end)
    while month <= end:
        yield month
        month = add_months(month, 1)


def previous_day(month: date) -> date:
    return month - timedelta(days=1)


def month_key(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def month_label(month: date) -> str:
    return f"{month.month:02d}/{month.year:04d}"


def parse_month(value, *, field: str = "month") -> date:
    """'YYYY-MM' (or a date) → first day of the month; FieldError otherwise."""
    if isinstance(value, date):
        return first_day(value)
    text = (value or "").strip() if isinstance(value, str) else ""
    match = _MONTH.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise FieldError(field, _("Enter a month as YYYY-MM, for example 2024-07."))
    return date(int(match.group(1)), int(match.group(2)), 1)
