"""DHIS2 identifiers and periods.

* A UID is 11 characters, a letter first, then letters and digits (DHIS2's `CodeGenerator`).
* A code is what the other system calls the object: up to 50 characters, no control character,
  no leading/trailing or double space (an XML `token`, so it travels unchanged in ADX).
* A period is DHIS2's id of a calendar year (`2026`), quarter (`2026Q1`) or month (`202603`); ADX
  writes the same period as an ISO 8601 interval, first day and duration (`2026-01-01/P1Y`,
  `2026-01-01/P3M`, `2026-03-01/P1M`).
"""

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

UID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")
CODE_MAX = 50
_CODE_RE = re.compile(r"^[^\s\x00-\x1f\x7f](?:[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f])?$")
# ADX category attributes: XML attribute names (no colon) and the names DHIS2 reads itself.
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
RESERVED_ATTRIBUTES = frozenset(
    {"dataElement", "value", "comment", "followup", "deleted", "categoryOptionCombo", "orgUnit", "period", "dataSet"}
)


class IdScheme(models.TextChoices):
    UID = "UID", gettext_lazy("UID (11 characters)")
    CODE = "CODE", gettext_lazy("Code")


def is_uid(value: str) -> bool:
    return bool(UID_RE.match(value or ""))


def is_code(value: str) -> bool:
    return bool(value) and len(value) <= CODE_MAX and "  " not in value and bool(_CODE_RE.match(value))


def fits(value: str, scheme: str) -> bool:
    return is_uid(value) if scheme == IdScheme.UID else is_code(value)


def validate_uid(value: str) -> None:
    if not is_uid(value):
        raise ValidationError(
            _("A DHIS2 UID has 11 characters: a letter first, then letters and digits (e.g. %(example)s).")
            % {"example": "fbfJHSPpUQD"},
            code="uid",
        )


def validate_code(value: str) -> None:
    if not is_code(value):
        raise ValidationError(
            _("A code has at most %(max)s characters, with no leading, trailing or double space.") % {"max": CODE_MAX},
            code="code",
        )


def validate_identifier(value: str, scheme: str) -> None:
    (validate_uid if scheme == IdScheme.UID else validate_code)(value)


def parse_categories(text: str) -> list[tuple[str, str]]:
    """ADX category attributes written `SEX=F; AGE=Y15T64` → [("SEX", "F"), ("AGE", "Y15T64")].
    Raises ValidationError naming the first wrong part."""
    pairs: list[tuple[str, str]] = []
    for part in (text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        name, sep, option = (s.strip() for s in part.partition("="))
        if not sep or not _NAME_RE.match(name) or not is_code(option):
            raise ValidationError(
                _("Write each category as CATEGORY=option, separated by semicolons (e.g. SEX=F; AGE=Y15T64): “%(part)s”.")
                % {"part": part},
                code="categories",
            )
        if name in RESERVED_ATTRIBUTES:
            raise ValidationError(_("“%(name)s” is not a category name in ADX.") % {"name": name}, code="categories")
        if any(name == seen for seen, _option in pairs):
            raise ValidationError(_("The category “%(name)s” is given twice.") % {"name": name}, code="categories")
        pairs.append((name, option))
    return pairs


# Periods --------------------------------------------------------------------------------------------
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class IsoPeriod:
    """A DHIS2 period: its id, first and last day, and its ADX form."""

    id: str
    start: date
    end: date
    duration: str  # P1Y, P3M, P1M

    @property
    def adx(self) -> str:
        return f"{self.start.isoformat()}/{self.duration}"


def _last_day(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


def parse_period(value: str) -> IsoPeriod | None:
    """The period of a DHIS2 period id, or None when it is not a year, a quarter or a month."""
    value = (value or "").strip()
    if m := _YEAR.match(value):
        year = int(m[1])
        return IsoPeriod(value, date(year, 1, 1), date(year, 12, 31), "P1Y") if year >= 1900 else None
    if m := _QUARTER.match(value):
        year, quarter = int(m[1]), int(m[2])
        first = 3 * quarter - 2
        return IsoPeriod(value, date(year, first, 1), _last_day(year, first + 2), "P3M") if year >= 1900 else None
    if m := _MONTH.match(value):
        year, month = int(m[1]), int(m[2])
        return IsoPeriod(value, date(year, month, 1), _last_day(year, month), "P1M") if year >= 1900 else None
    return None


def validate_period(value: str) -> None:
    if parse_period(value) is None:
        raise ValidationError(
            _("Give the period as DHIS2 writes it: a year (2026), a quarter (2026Q1) or a month (202603)."),
            code="period",
        )
