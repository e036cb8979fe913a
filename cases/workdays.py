"""Working days in Vietnam: Monday to Friday, less public holidays (Tết included, with the
substituted days off and make-up Saturdays the `holidays` package knows), corrected by the
administrator's `CalendarDay` rows.

A deadline of N working days "from" a date counts the working days after that date: an
application received on Friday 24/01/2025 with 5 working days is due on Friday 07/02/2025,
because Tết closes offices from 27/01 to 31/01.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays

MAX_WORKING_DAYS = 3650


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off, weekend working days) of one year from the `holidays` package."""
    calendar = holidays.country_holidays("VN", years=year)
    days_off = frozenset(day for day in calendar if day.year == year)
    workdays = frozenset(day for day in getattr(calendar, "weekend_workdays", ()) if day.year == year)
    return days_off, workdays


@dataclass
class WorkingCalendar:
    """The calendar with the administrator's corrections (loaded once, then pure)."""

    corrections: dict[date, bool] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "WorkingCalendar":
        from .models import CalendarDay

        return cls(dict(CalendarDay.objects.values_list("day", "is_working_day")))

    def is_working_day(self, day: date) -> bool:
        if day in self.corrections:
            return self.corrections[day]
        days_off, weekend_workdays = _public_holidays(day.year)
        if day in weekend_workdays:
            return True
        if day.weekday() >= 5:
            return False
        return day not in days_off

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (0 → `start` itself)."""
        if days < 0 or days > MAX_WORKING_DAYS:
            raise ValueError("working days out of range")
        day = start
        while days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                days -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end ≤ start)."""
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count


def add_working_days(start: date, days: int, *, calendar: WorkingCalendar | None = None) -> date:
    return (calendar or WorkingCalendar.load()).add_working_days(start, days)


def is_working_day(day: date, *, calendar: WorkingCalendar | None = None) -> bool:
    return (calendar or WorkingCalendar.load()).is_working_day(day)
