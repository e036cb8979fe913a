"""Money and coefficient formatting in the Vietnamese style: 1.250.000 đ, hệ số 2,5."""

from decimal import ROUND_HALF_UP, Decimal


def money(amount: int | None) -> str:
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,}".replace(",", ".") + " đ"


def number(amount: int | None) -> str:
    """An integer with dot thousands separators, no unit (for tables)."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,}".replace(",", ".")


def coefficient_text(value: Decimal) -> str:
    """'2.5' for the API: at least one decimal, no trailing zeros beyond it."""
    text = f"{Decimal(value).normalize():f}"
    if "." not in text:
        text += ".0"
    return text


def coefficient_vi(value: Decimal) -> str:
    """'2,5' for Vietnamese text."""
    return coefficient_text(value).replace(".", ",")


def times(coefficient: Decimal, standard_level: int) -> int:
    """coefficient × standard level, rounded half-up to a whole đồng."""
    return int((Decimal(coefficient) * Decimal(standard_level)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
