"""What leaves the system for national systems, and what is left out with the reason.

For each of the plan's periods (`ExportPeriod`), the values of the period's sign-off in force
(`PeriodSignOff` signed off, not superseded), one per commune of the viewer's area × mapped part of
an indicator (`DataElementMapping`), each commune through its organisation unit (`OrgUnitMapping`).
A value is never sent when its period is not signed off, its indicator or commune is not mapped,
the mapping does not fit the data set's identifier scheme, a percentage has no denominator, or —
for the statistics officer, as everywhere — it is a count of 1 to 4 persons. Each such case is one
`Skipped` entry (counted, not one per cell).

The whole set costs a fixed number of queries, whatever the number of communes and indicators.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import AdminUnit

from ..models import (
    DataElementMapping,
    Dhis2DataSet,
    ExportPeriod,
    Indicator,
    MappedPart,
    OrgUnitMapping,
    PeriodSignOff,
    Plan,
    SignedValue,
    SignOffStatus,
)
from ..results import is_small
from ..scoping import communes_in_view, numbers_only, plan_territory
from .codes import IdScheme, IsoPeriod, fits, parse_categories, parse_period


@dataclass(frozen=True)
class ExportValue:
    data_element: str
    period: IsoPeriod
    org_unit: str
    category_option_combo: str
    categories: tuple[tuple[str, str], ...]
    value: str
    indicator: str
    part: str
    commune: str


@dataclass(frozen=True)
class Skipped:
    reason: str
    message: str
    count: int
    indicator: str | None = None
    part: str | None = None
    period: str | None = None
    commune: str | None = None

    def as_dict(self) -> dict:
        out = {"reason": self.reason, "message": self.message, "count": self.count}
        for key in ("indicator", "part", "period", "commune"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out


@dataclass
class ExportSet:
    plan: Plan
    data_set: Dhis2DataSet | None
    values: list[ExportValue] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    complete_date: date | None = None

    @property
    def id_scheme(self) -> str:
        return self.data_set.id_scheme if self.data_set else IdScheme.UID

    @property
    def skipped_count(self) -> int:
        return sum(s.count for s in self.skipped)

    def skipped_dicts(self) -> list[dict]:
        return [s.as_dict() for s in self.skipped]


# Reasons: code → message (a function, so the message is translated when the export is made).
REASONS = {
    "plan_not_mapped": lambda: _("The plan has no DHIS2 data set: an administrator maps it first."),
    "no_period": lambda: _("The plan has no period for DHIS2: an administrator adds them."),
    "not_signed_off": lambda: _("The period's figures are not signed off."),
    "awaiting_sign_off": lambda: _("The period's figures are prepared and await sign-off."),
    "indicator_not_mapped": lambda: _("The indicator has no DHIS2 data element."),
    "indicator_removed": lambda: _("The indicator was removed from the plan after the sign-off."),
    "mapping_invalid": lambda: _("The mapping does not fit the data set's identifier scheme."),
    "org_unit_not_mapped": lambda: _("The commune has no DHIS2 organisation unit in this identifier scheme."),
    "no_value": lambda: _("No value: the denominator is 0."),
    "small_count_hidden": lambda: _("A count of 1 to 4 persons, hidden for your role."),
}


def nothing_to_export() -> str:
    return _("Nothing to export: no value is signed off and mapped.")


def _number(value: Decimal) -> str:
    text = format(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _value(part: str, is_percentage: bool, numerator: int, denominator: int | None) -> str | None:
    if part == MappedPart.NUMERATOR:
        return str(numerator)
    if part == MappedPart.DENOMINATOR:
        return None if denominator is None else str(denominator)
    if not is_percentage:
        return str(numerator)
    if not denominator:
        return None
    return _number(Decimal(numerator) * 100 / Decimal(denominator))


def export_set_for(viewer, plan: Plan) -> ExportSet:
    """The export of the viewer's communes of the plan (small counts hidden for the statistics officer)."""
    return export_set(plan, communes=communes_in_view(viewer, plan), suppress=numbers_only(viewer))


def export_set(plan: Plan, *, communes: list[int] | None = None, suppress: bool = False) -> ExportSet:
    """Every signed-off, mapped value of the plan's periods for `communes` (default: the whole plan)."""
    data_set = Dhis2DataSet.objects.filter(plan=plan).first()
    out = ExportSet(plan, data_set)
    if data_set is None:
        out.skipped.append(Skipped("plan_not_mapped", REASONS["plan_not_mapped"](), 1))
        return out
    scheme = data_set.id_scheme
    communes = plan_territory(plan) if communes is None else communes
    periods = {row.period: parse_period(row.period) for row in ExportPeriod.objects.filter(plan=plan)}
    if not periods:
        out.skipped.append(Skipped("no_period", REASONS["no_period"](), 1))
        return out
    in_force: dict[str, PeriodSignOff] = {}
    pending: set[str] = set()
    for sign_off in PeriodSignOff.objects.filter(
        plan=plan, period__in=list(periods), status__in=(SignOffStatus.SIGNED_OFF, SignOffStatus.PREPARED)
    ):
        if sign_off.status == SignOffStatus.SIGNED_OFF:
            in_force[sign_off.period] = sign_off
        else:
            pending.add(sign_off.period)
    for period in sorted(periods):
        if period not in in_force:
            reason = "awaiting_sign_off" if period in pending else "not_signed_off"
            out.skipped.append(Skipped(reason, REASONS[reason](), 1, period=period))
    indicators = {i.pk: i for i in Indicator.objects.filter(plan=plan).order_by("sort_order", "code")}
    mappings: dict[int, list[DataElementMapping]] = {}
    for mapping in DataElementMapping.objects.filter(indicator__plan=plan).order_by("indicator_id", "part"):
        mappings.setdefault(mapping.indicator_id, []).append(mapping)
    if not in_force:
        for indicator in indicators.values():
            if indicator.pk not in mappings:
                out.skipped.append(
                    Skipped("indicator_not_mapped", REASONS["indicator_not_mapped"](), 1, indicator=indicator.code)
                )
        return out
    wanted = set(communes) & set(plan_territory(plan))
    codes = dict(AdminUnit.objects.filter(pk__in=wanted).values_list("pk", "code"))
    org_units = {row.unit_id: row.identifier(scheme) for row in OrgUnitMapping.objects.filter(unit_id__in=wanted)}
    rows = (
        SignedValue.objects.filter(sign_off__in=list(in_force.values()), unit_id__in=wanted)
        .values_list("sign_off_id", "indicator_id", "indicator_code", "unit_id", "numerator", "denominator")
        .order_by("sign_off_id", "indicator_code", "unit_id")
    )
    by_id = {s.pk: s for s in in_force.values()}
    valid = {
        m.pk: fits(m.data_element, scheme)
        and (not m.category_option_combo or fits(m.category_option_combo, scheme))
        and not _bad_categories(m.adx_categories)
        for ms in mappings.values()
        for m in ms
    }
    skipped: Counter = Counter()
    used: set[int] = set()
    for sign_off_id, indicator_id, indicator_code, unit_id, numerator, denominator in rows:
        period = by_id[sign_off_id].period
        commune = codes.get(unit_id, "")
        indicator = indicators.get(indicator_id)
        if indicator is None:
            skipped[("indicator_removed", indicator_code, None, period, None)] += 1
            continue
        parts = mappings.get(indicator_id)
        if not parts:
            skipped[("indicator_not_mapped", indicator_code, None, None, None)] += 1
            continue
        org_unit = org_units.get(unit_id) or ""
        for mapping in parts:
            if not valid[mapping.pk]:
                skipped[("mapping_invalid", indicator_code, mapping.part, None, None)] += 1
                continue
            if not org_unit or not fits(org_unit, scheme):
                skipped[("org_unit_not_mapped", None, None, None, commune)] += 1
                continue
            if suppress and indicator.describes_persons and _reveals_small(mapping.part, numerator, denominator):
                skipped[("small_count_hidden", indicator_code, mapping.part, period, None)] += 1
                continue
            value = _value(mapping.part, indicator.is_percentage, numerator, denominator)
            if value is None:
                skipped[("no_value", indicator_code, mapping.part, period, None)] += 1
                continue
            out.values.append(
                ExportValue(
                    data_element=mapping.data_element, period=periods[period], org_unit=org_unit,
                    category_option_combo=mapping.category_option_combo,
                    categories=tuple(parse_categories(mapping.adx_categories)), value=value,
                    indicator=indicator_code, part=mapping.part, commune=commune,
                )
            )  # fmt: skip
            used.add(sign_off_id)
    for (reason, indicator_code, part, period, commune), count in sorted(skipped.items(), key=_order):
        out.skipped.append(Skipped(reason, REASONS[reason](), count, indicator_code, part, period, commune))
    decided = [by_id[pk].decided_at for pk in used if by_id[pk].decided_at]
    out.complete_date = timezone.localdate(max(decided)) if decided else None
    out.values.sort(key=lambda v: (v.period.start, v.commune, v.indicator, v.part))
    return out


def _reveals_small(part: str, numerator: int, denominator: int | None) -> bool:
    """As on the pages (`presenters.display`): a count of 1 to 4 persons is hidden, and so is a
    percentage computed from one."""
    if part == MappedPart.NUMERATOR:
        return is_small(numerator)
    if part == MappedPart.DENOMINATOR:
        return is_small(denominator)
    return is_small(numerator) or is_small(denominator)


def _bad_categories(text: str) -> bool:
    from django.core.exceptions import ValidationError

    try:
        parse_categories(text)
    except ValidationError:
        return True
    return False


def _order(item) -> tuple:
    (reason, indicator, part, period, commune), _count = item
    return (reason, indicator or "", part or "", period or "", commune or "")
