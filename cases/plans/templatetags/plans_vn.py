"""Display filters of the plan pages: percentages with a decimal comma (`87,5 %`), counts and
amounts in the Vietnamese way, "—" for a value that cannot be computed."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

from registry.templatetags.vn import group_thousands

register = template.Library()
DASH = "—"


@register.filter
def pct(value) -> str:
    """Decimal('87.5') → '87,5 %' (one decimal); None → '—'."""
    if value in (None, ""):
        return DASH
    number = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _dot, fraction = f"{abs(number):.1f}".partition(".")
    return f"{sign}{group_thousands(int(whole))},{fraction}\u00a0%"


@register.filter
def count(value) -> str:
    if value in (None, ""):
        return DASH
    return group_thousands(int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)))


@register.filter
def money(value) -> str:
    if value in (None, ""):
        return DASH
    return f"{count(value)}\u00a0đ"
