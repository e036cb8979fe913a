"""From numerator and denominator to what people read: value, % of target, progress status.

Division by zero gives None (shown as "—"), never an error. Percentages are always recomputed from
the numerator and the denominator of the unit itself.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")
# A percentage indicator is "on track" from this share of its target; a count indicator when it has
# reached the share of its target that the elapsed part of the period calls for.
PERCENT_ON_TRACK_SHARE = Decimal(90)
# Counts from 1 to this, in cells that describe persons, are shown to the statistics officer as "<5".
SMALL_COUNT = 4


class Progress(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    NO_TARGET = "no_target", _("No target")
    NO_DATA = "no_data", _("No data")


def ratio(numerator: int | Decimal, denominator: int | Decimal | None) -> Decimal | None:
    if denominator in (None, 0):
        return None
    return Decimal(numerator) * HUNDRED / Decimal(denominator)


def rounded(value: Decimal | None, places: Decimal = ONE_DECIMAL) -> Decimal | None:
    return None if value is None else value.quantize(places, rounding=ROUND_HALF_UP)


def elapsed_share(start: date, end: date, reference: date) -> Decimal:
    """The part of the period [start, end] that has passed on `reference` (0–1)."""
    total = (end - start).days + 1
    passed = min(max((reference - start).days + 1, 0), total)
    return Decimal(passed) / Decimal(total)


@dataclass(frozen=True)
class Result:
    """One indicator for one unit."""

    numerator: int
    denominator: int | None
    is_percentage: bool
    target: Decimal | None
    elapsed: Decimal = Decimal(1)

    @property
    def value(self) -> Decimal | None:
        """The percentage (exact, unrounded) or the count; None when the denominator is 0."""
        if self.is_percentage:
            return ratio(self.numerator, self.denominator)
        return Decimal(self.numerator)

    @property
    def percent_of_target(self) -> Decimal | None:
        value = self.value
        if value is None or not self.target:
            return None
        return value * HUNDRED / self.target

    @property
    def status(self) -> str:
        if self.value is None:
            return Progress.NO_DATA
        if self.target is None:
            return Progress.NO_TARGET
        share = self.percent_of_target
        if share is None:  # a target of 0 is met by anything
            return Progress.ACHIEVED
        if share >= HUNDRED:
            return Progress.ACHIEVED
        expected = PERCENT_ON_TRACK_SHARE if self.is_percentage else self.elapsed * HUNDRED
        return Progress.ON_TRACK if share >= expected else Progress.BEHIND

    def as_dict(self) -> dict:
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": rounded(self.value, Decimal("0.01")),
            "target": self.target,
            "percent_of_target": rounded(self.percent_of_target, Decimal("0.01")),
            "status": self.status,
        }


def is_small(count: int | None) -> bool:
    return count is not None and 0 < count <= SMALL_COUNT
