"""Indicators: definitions as data, checked before they are saved, and their targets."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from policies.models.catalogue import Domain
from registry.errors import FieldError, InvalidInput, NotPermitted, TransitionNotAllowed
from registry.models import AdminUnit

from ..definition import Definition, known_policy_codes, parse_definition
from ..models import Indicator, IndicatorTarget, Plan, PlanStatus
from ..scoping import can_manage_plan, plan_territory
from ._common import decimal_or_none, full_clean, text
from .summary import summary_request_refresh

INDICATOR_FIELDS = (
    "code", "name", "domain", "unit_label", "definition", "target", "target_source", "target_is_illustrative",
    "lead_agency", "sort_order", "notes",
)  # fmt: skip
MAX_PERCENT = Decimal(100)


def _check_open(actor, plan: Plan) -> None:
    if not can_manage_plan(actor, plan):
        raise NotPermitted(_("Only the province's officers can change the plan's indicators."))
    if plan.status == PlanStatus.CLOSED:
        raise TransitionNotAllowed(_("This plan is closed: its indicators can no longer change."))


def check_target(field: str, value: Decimal | None, definition: Definition) -> None:
    """A percentage of persons over their own population cannot exceed 100 %."""
    if value is not None and definition.is_percentage and value > MAX_PERCENT:
        raise FieldError(
            field,
            _("The target is a percentage of persons within the denominator population: it cannot exceed 100 %."),
        )


def _apply(indicator: Indicator, data: dict[str, Any]) -> Definition:
    unknown = set(data) - set(INDICATOR_FIELDS)
    if unknown:
        raise InvalidInput({field: [_("This field cannot be set here.")] for field in sorted(unknown)})
    for field, value in data.items():
        if field in ("name", "unit_label", "target_source", "notes"):
            value = text(value)
        elif field == "code":
            value = text(value).lower()
        elif field == "target":
            value = decimal_or_none("target", value)
        elif field == "domain":
            value = value or ""
        setattr(indicator, field, value)
    errors: dict[str, list[str]] = {}
    if not indicator.code:
        errors["code"] = [_("Enter a short code, e.g. health_access.")]
    if not indicator.name:
        errors["name"] = [_("Enter the name of the indicator.")]
    if indicator.domain and indicator.domain not in Domain.values:
        errors["domain"] = [_("Unknown domain.")]
    try:
        definition = parse_definition(indicator.definition, policies=known_policy_codes())
    except InvalidInput as exc:
        errors.update(exc.errors)
        raise InvalidInput(errors) from None
    if errors:
        raise InvalidInput(errors)
    check_target("target", indicator.target, definition)
    indicator.definition = definition.to_json()
    indicator.measure = definition.measure
    indicator.is_percentage = definition.is_percentage
    return definition


def _check_code(indicator: Indicator) -> None:
    clash = Indicator.objects.filter(plan_id=indicator.plan_id, code=indicator.code).exclude(pk=indicator.pk)
    if clash.exists():
        raise FieldError("code", _("The plan already has an indicator with this code."))


@transaction.atomic
def indicator_create(*, actor, plan: Plan, data: dict[str, Any], cooperating_agencies=()) -> Indicator:
    _check_open(actor, plan)
    indicator = Indicator(plan=plan)
    _apply(indicator, data)
    _check_code(indicator)
    full_clean(indicator, exclude=["plan", "lead_agency"])
    indicator.save()
    indicator.cooperating_agencies.set(list(cooperating_agencies))
    summary_request_refresh(plan=plan)
    return indicator


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, data: dict[str, Any], cooperating_agencies=None) -> Indicator:
    _check_open(actor, indicator.plan)
    locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
    definition = _apply(locked, data)
    _check_code(locked)
    for row in locked.commune_targets.all():
        check_target("target", row.target, definition)
    full_clean(locked, exclude=["plan", "lead_agency"])
    locked.save()
    if cooperating_agencies is not None:
        locked.cooperating_agencies.set(list(cooperating_agencies))
    summary_request_refresh(plan=indicator.plan)
    return locked


@transaction.atomic
def indicator_delete(*, actor, indicator: Indicator) -> None:
    """Remove an indicator (submitted reports keep their frozen figures)."""
    _check_open(actor, indicator.plan)
    indicator.delete()


@transaction.atomic
def indicator_targets_set(*, actor, indicator: Indicator, targets: dict) -> int:
    """Set the communes' own targets: {commune (unit or id): value or None to remove}. Returns
    how many communes have a target afterwards."""
    _check_open(actor, indicator.plan)
    definition = parse_definition(indicator.definition, policies=None)
    territory = set(plan_territory(indicator.plan))
    errors: dict[str, list[str]] = {}
    values: dict[int, Decimal | None] = {}
    for key, raw in targets.items():
        commune_id = key.pk if isinstance(key, AdminUnit) else int(key)
        field = f"target_{commune_id}"
        if commune_id not in territory:
            errors[field] = [_("This commune is not in the plan's province.")]
            continue
        try:
            value = decimal_or_none(field, raw)
            check_target(field, value, definition)
        except FieldError as exc:
            errors[field] = [exc.message]
            continue
        values[commune_id] = value
    if errors:
        raise InvalidInput(errors)
    existing = {row.commune_id: row for row in indicator.commune_targets.all()}
    remove = [existing[c].pk for c, v in values.items() if v is None and c in existing]
    IndicatorTarget.objects.filter(pk__in=remove).delete()
    changed = []
    new = []
    for commune_id, value in values.items():
        if value is None:
            continue
        if commune_id in existing:
            if existing[commune_id].target != value:
                existing[commune_id].target = value
                changed.append(existing[commune_id])
        else:
            new.append(IndicatorTarget(indicator=indicator, commune_id=commune_id, target=value))
    IndicatorTarget.objects.bulk_update(changed, ["target"])
    IndicatorTarget.objects.bulk_create(new)
    return indicator.commune_targets.count()
