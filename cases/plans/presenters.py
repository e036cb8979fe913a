"""What the pages and exports show for a result: formatted strings, small counts hidden for the
statistics officer, progress labels, chart bars."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .charts import Bar
from .models import Indicator, Measure
from .results import Progress, Result, is_small
from .templatetags.plans_vn import DASH, count, money, pct

SMALL = "<5"


def hidden() -> str:
    return _("hidden")


def fmt_count(indicator: Indicator, value) -> str:
    if value is None:
        return DASH
    return money(value) if indicator.measure == Measure.AMOUNT else count(value)


def fmt_target(indicator: Indicator, value) -> str:
    if value is None:
        return DASH
    return pct(value) if indicator.is_percentage else fmt_count(indicator, value)


@dataclass
class Display:
    numerator: str
    denominator: str
    value: str
    target: str
    percent_of_target: str
    status: str
    status_label: str
    suppressed: bool
    numerator_link: bool
    denominator_link: bool


def display(indicator: Indicator, result: Result, *, suppress: bool = False, links: bool = False) -> Display:
    """The strings of one result. With `suppress` (statistics officer), a count from 1 to 4 in a
    cell that describes persons is "<5" and what could reveal it is hidden."""
    small_num = suppress and indicator.describes_persons and is_small(result.numerator)
    small_den = suppress and indicator.describes_persons and is_small(result.denominator)
    numerator = SMALL if small_num else fmt_count(indicator, result.numerator)
    denominator = "" if not indicator.is_percentage else (SMALL if small_den else count(result.denominator))
    if small_num or small_den:
        value = hidden() if (indicator.is_percentage or small_num) else fmt_count(indicator, result.value)
        share = hidden()
    else:
        value = pct(result.value) if indicator.is_percentage else fmt_count(indicator, result.value)
        share = pct(result.percent_of_target)
    status = result.status
    status_label = str(Progress(status).label)
    if small_num or small_den:  # the status could tell a hidden numerator from its denominator
        status, status_label = "hidden", hidden()
    return Display(
        numerator=numerator,
        denominator=denominator,
        value=value,
        target=fmt_target(indicator, result.target),
        percent_of_target=share,
        status=status,
        status_label=status_label,
        suppressed=small_num or small_den,
        numerator_link=links and result.numerator > 0,
        denominator_link=links and bool(result.denominator),
    )


def chart_value(indicator: Indicator, result: Result, *, suppress: bool) -> tuple[Decimal | None, str, Decimal | None]:
    """(value drawn, text, target) of one bar."""
    shown = display(indicator, result, suppress=suppress)
    if shown.suppressed:
        return None, SMALL if not indicator.is_percentage else hidden(), result.target
    return result.value, shown.value, result.target


def bars(indicator: Indicator, labelled_results, *, suppress: bool) -> list[Bar]:
    out = []
    for label, result, href in labelled_results:
        value, text, target = chart_value(indicator, result, suppress=suppress)
        out.append(Bar(label=label, value=value, display=text, target=target, href=href))
    return out
