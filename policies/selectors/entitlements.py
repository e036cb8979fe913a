"""Reading entitlements: one person and one month, with the month range checked."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from registry.errors import FieldError

from ..engine import Item, RateTable, entitlements, load_person_facts
from ..months import add_months, first_day, month_label

MONTHS_AHEAD = 12


@dataclass
class MonthEntitlements:
    month: date
    items: list[Item]

    @property
    def total(self) -> int:
        return sum(item.amount for item in self.items)


def supported_range(rates: RateTable, today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    first = rates.first_month() or first_day(today)
    return first, add_months(first_day(today), MONTHS_AHEAD)


def check_month(month: date, rates: RateTable, *, today: date | None = None, field: str = "month") -> date:
    first, last = supported_range(rates, today)
    if not first <= month <= last:
        raise FieldError(
            field,
            _("The month must be between %(first)s and %(last)s.")
            % {"first": month_label(first), "last": month_label(last)},
        )
    return month


def person_entitlements(*, person, month: date, rates: RateTable | None = None) -> MonthEntitlements:
    rates = rates or RateTable.load()
    check_month(month, rates)
    facts = load_person_facts(person)
    return MonthEntitlements(month=month, items=entitlements(facts, month, rates))
