"""The 12-digit personal ID number (số định danh cá nhân / CCCD).

Layout: 3 digits province of birth registration, 1 digit sex-and-century, 2 digits birth year,
6 digits serial (domain.md §7). The province codes are the statistics office's province codes,
zero-padded; both the pre-2025 and the current lists are accepted because an ID is lifelong.
"""

from datetime import date
from functools import lru_cache

from django.utils.translation import gettext as _

from .errors import FieldError

# digit -> (sex, first year of the century)
_CENTURY_DIGIT = {
    "0": ("male", 1900),
    "1": ("female", 1900),
    "2": ("male", 2000),
    "3": ("female", 2000),
    "4": ("male", 2100),
    "5": ("female", 2100),
    "6": ("male", 2200),
    "7": ("female", 2200),
    "8": ("male", 1800),
    "9": ("female", 1800),
}


@lru_cache(maxsize=1)
def known_province_codes() -> frozenset[str]:
    from vietnam_provinces import Province
    from vietnam_provinces.legacy import Province as LegacyProvince

    codes = {f"{int(p.code):03d}" for p in Province.iter_all()}
    codes |= {f"{int(p.code):03d}" for p in LegacyProvince.iter_all()}
    return frozenset(codes)


def century_digit(sex: str, birth_year: int) -> str:
    for digit, (digit_sex, start) in _CENTURY_DIGIT.items():
        if digit_sex == sex and start <= birth_year < start + 100:
            return digit
    raise ValueError(birth_year)


def validate_national_id(
    value: str, *, sex: str | None = None, birth_year: int | None = None, field: str = "national_id"
) -> str:
    """Return the cleaned ID or raise FieldError with a Vietnamese message for `field`."""
    value = (value or "").strip().replace(" ", "")
    if not value.isdigit() or not value.isascii():
        raise FieldError(field, _("The ID number may contain digits only."))
    if len(value) != 12:
        raise FieldError(field, _("The ID number must have exactly 12 digits (it has %(n)d).") % {"n": len(value)})
    if value[:3] not in known_province_codes():
        raise FieldError(field, _("The first three digits (%(code)s) are not a known province code.") % {"code": value[:3]})
    digit_sex, century = _CENTURY_DIGIT[value[3]]
    if sex and digit_sex != sex:
        raise FieldError(field, _("The fourth digit (%(d)s) does not match the sex.") % {"d": value[3]})
    if birth_year is not None:
        if not (century <= birth_year < century + 100):
            raise FieldError(
                field, _("The fourth digit (%(d)s) does not match the birth century.") % {"d": value[3]}
            )
        if value[4:6] != f"{birth_year % 100:02d}":
            raise FieldError(
                field,
                _("Digits 5–6 (%(yy)s) do not match the birth year %(year)d.") % {"yy": value[4:6], "year": birth_year},
            )
    return value


def restore_leading_zero(value: str, **kwargs) -> str | None:
    """An 11-digit ID that lost its leading zero in a spreadsheet: the 12-digit form if valid."""
    candidate = "0" + value.strip()
    try:
        return validate_national_id(candidate, **kwargs)
    except FieldError:
        return None


def example_national_id(*, province: str, sex: str, birth: date, serial: int) -> str:
    """A well-formed ID (for demo data and tests)."""
    return f"{int(province):03d}{century_digit(sex, birth.year)}{birth.year % 100:02d}{serial % 1_000_000:06d}"
