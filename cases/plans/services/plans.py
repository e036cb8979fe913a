"""Agencies and plans: create, change, and the plan's transitions (issue, close)."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.errors import FieldError, InvalidInput, NotPermitted, StaleVersion, TransitionNotAllowed
from registry.models import AdminUnit, UnitLevel

from ..models import Agency, AgencyKind, Plan, PlanStatus, default_agency_plans_due, default_reports_due
from ..scoping import can_manage_plan, can_manage_province
from ._common import full_clean, text
from .summary import summary_request_refresh

AGENCY_FIELDS = (
    "code",
    "name",
    "short_name",
    "kind",
    "province",
    "unit",
    "active_from",
    "active_until",
    "replaced_by",
    "notes",
)
PLAN_FIELDS = (
    "year", "title", "document_number", "document_date", "issuing_body", "province", "period_start", "period_end",
    "lead_agency", "agency_plans_due", "reports_due", "objectives", "notes",
)  # fmt: skip
TEXT_FIELDS = {"title", "document_number", "issuing_body", "objectives", "notes", "name", "short_name"}


def _assign(instance, data: dict[str, Any], allowed) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise InvalidInput({field: [_("This field cannot be set here.")] for field in sorted(unknown)})
    for field, value in data.items():
        if field in TEXT_FIELDS:
            value = text(value)
        setattr(instance, field, value)


# Agencies ------------------------------------------------------------------------------------------
def _check_agency(agency: Agency) -> None:
    errors: dict[str, list[str]] = {}
    province = agency.province if agency.province_id else None
    if province is None or province.level != UnitLevel.PROVINCE:
        errors["province"] = [_("Choose the province of the agency.")]
    if agency.kind == AgencyKind.PEOPLES_COMMITTEE:
        unit = agency.unit if agency.unit_id else None
        if unit is None or unit.level not in (UnitLevel.COMMUNE, UnitLevel.DISTRICT):
            errors["unit"] = [_("Choose the commune (or the pre-2025 district) of the People's Committee.")]
        elif province is not None and unit.province_code != province.code:
            errors["unit"] = [_("This unit is not in the agency's province.")]
    elif agency.unit_id:
        errors["unit"] = [_("Only a People's Committee governs a commune or a district.")]
    if agency.replaced_by_id and agency.replaced_by_id == agency.pk:
        errors["replaced_by"] = [_("An agency cannot replace itself.")]
    if agency.active_from and agency.active_until and agency.active_from > agency.active_until:
        errors["active_until"] = [_("The end date is before the start date.")]
    if errors:
        raise InvalidInput(errors)


@transaction.atomic
def agency_create(*, actor, data: dict[str, Any], members=()) -> Agency:
    province = data.get("province")
    if not isinstance(province, AdminUnit) or not can_manage_province(actor, province):
        raise NotPermitted(_("Only the province's officers can add its agencies."))
    agency = Agency()
    _assign(agency, data, AGENCY_FIELDS)
    _check_agency(agency)
    if Agency.objects.filter(code=agency.code).exists():
        raise FieldError("code", _("Another agency has this code."))
    full_clean(agency)
    agency.save()
    if members:
        agency.members.set(members)
    return agency


@transaction.atomic
def agency_update(*, actor, agency: Agency, data: dict[str, Any], members=None) -> Agency:
    if not can_manage_province(actor, agency.province):
        raise NotPermitted(_("Only the province's officers can change its agencies."))
    _assign(agency, data, AGENCY_FIELDS)
    _check_agency(agency)
    if Agency.objects.filter(code=agency.code).exclude(pk=agency.pk).exists():
        raise FieldError("code", _("Another agency has this code."))
    full_clean(agency)
    agency.save()
    if members is not None:
        agency.members.set(members)
    return agency


# Plans ---------------------------------------------------------------------------------------------
def _check_agency_in_period(field: str, agency: Agency, plan: Plan) -> list[str]:
    if agency.active_until and agency.active_until < plan.period_start:
        message = _("%(agency)s no longer existed in this period (until %(date)s).") % {
            "agency": agency.name, "date": agency.active_until.strftime("%d/%m/%Y"),
        }  # fmt: skip
        if agency.replaced_by_id:
            message += " " + _("Choose its successor, %(successor)s.") % {"successor": agency.replaced_by.name}
        return [message]
    if agency.active_from and agency.active_from > plan.period_end:
        return [
            _("%(agency)s did not exist yet in this period (from %(date)s).")
            % {"agency": agency.name, "date": agency.active_from.strftime("%d/%m/%Y")}
        ]
    return []


def _check_plan(plan: Plan, cooperating: list[Agency]) -> None:
    errors: dict[str, list[str]] = {}

    def add(field: str, messages) -> None:
        if messages:
            errors.setdefault(field, []).extend(messages if isinstance(messages, list) else [messages])

    if not plan.title:
        add("title", _("Enter the title of the plan."))
    if not plan.issuing_body:
        add("issuing_body", _("Enter the body that issued the plan."))
    if not plan.year or not 2000 <= plan.year <= 2100:
        add("year", _("Enter a year between 2000 and 2100."))
    province = plan.province if plan.province_id else None
    if province is None or province.level != UnitLevel.PROVINCE:
        add("province", _("Choose the province."))
    if plan.period_start and plan.period_end and plan.period_start > plan.period_end:
        add("period_end", _("The period ends before it starts."))
    if plan.agency_plans_due and plan.reports_due and plan.agency_plans_due > plan.reports_due:
        add("reports_due", _("The reports are due before the agencies' plans."))
    if plan.document_date and plan.year and plan.document_date.year > plan.year:
        add("document_date", _("The plan is dated after its year."))
    if plan.lead_agency_id is None:
        add("lead_agency", _("Choose the lead agency."))
    elif plan.period_start and plan.period_end:
        add("lead_agency", _check_agency_in_period("lead_agency", plan.lead_agency, plan))
    if plan.period_start and plan.period_end:
        for agency in cooperating:
            add("cooperating_agencies", _check_agency_in_period("cooperating_agencies", agency, plan))
    if plan.document_number and province is not None:
        clash = Plan.objects.filter(province=province, document_number=plan.document_number).exclude(pk=plan.pk)
        if clash.exists():
            add("document_number", _("The province already has a plan with this number."))
    if errors:
        raise InvalidInput(errors)


def _fill_defaults(plan: Plan) -> None:
    if plan.year:
        plan.period_start = plan.period_start or date(plan.year, 1, 1)
        plan.period_end = plan.period_end or date(plan.year, 12, 31)
        plan.agency_plans_due = plan.agency_plans_due or default_agency_plans_due(plan.year)
        plan.reports_due = plan.reports_due or default_reports_due(plan.year)


@transaction.atomic
def plan_create(*, actor, data: dict[str, Any], cooperating_agencies=()) -> Plan:
    """A draft plan. The period is the year and the deadlines 10/3 and 15/11 unless given."""
    province = data.get("province")
    if not isinstance(province, AdminUnit) or not can_manage_province(actor, province):
        raise NotPermitted(_("Only the province's officers can create its plans."))
    plan = Plan(created_by=actor)
    _assign(plan, data, PLAN_FIELDS)
    _fill_defaults(plan)
    cooperating = list(cooperating_agencies)
    _check_plan(plan, cooperating)
    full_clean(plan, exclude=["created_by"])
    plan.save()
    plan.cooperating_agencies.set(cooperating)
    return plan


@transaction.atomic
def plan_update(
    *, actor, plan: Plan, data: dict[str, Any], cooperating_agencies=None, expected_version: int | None = None
) -> Plan:
    if not can_manage_plan(actor, plan):
        raise NotPermitted(_("You cannot change this plan."))
    locked = Plan.objects.select_for_update(of=("self",)).select_related("province").get(pk=plan.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersion(_("Someone else changed this plan meanwhile. Reload the page and try again."))
    if locked.status == PlanStatus.CLOSED:
        raise TransitionNotAllowed(_("This plan is closed: it can no longer change."))
    if "province" in data and data["province"] != locked.province:
        raise FieldError("province", _("The province of a plan cannot change."))
    _assign(locked, data, PLAN_FIELDS)
    _fill_defaults(locked)
    cooperating = (
        list(cooperating_agencies) if cooperating_agencies is not None else list(locked.cooperating_agencies.all())
    )
    _check_plan(locked, cooperating)
    full_clean(locked, exclude=["created_by"])
    locked.version += 1
    locked.save()
    if cooperating_agencies is not None:
        locked.cooperating_agencies.set(cooperating)
    summary_request_refresh(plan=locked)
    return locked


@transaction.atomic
def plan_issue(*, actor, plan: Plan) -> Plan:
    """Draft → issued: the plan has its document number and date and at least one indicator."""
    if not can_manage_plan(actor, plan):
        raise NotPermitted(_("You cannot issue this plan."))
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != PlanStatus.DRAFT:
        raise TransitionNotAllowed(_("Only a draft plan can be issued."))
    errors: dict[str, list[str]] = {}
    if not locked.document_number:
        errors["document_number"] = [_("Enter the document number before issuing the plan.")]
    if not locked.document_date:
        errors["document_date"] = [_("Enter the document date before issuing the plan.")]
    if not locked.indicators.exists():
        errors["indicators"] = [_("Add at least one indicator before issuing the plan.")]
    if errors:
        raise InvalidInput(errors)
    locked.status = PlanStatus.ISSUED
    locked.issued_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["status", "issued_at", "version", "updated_at"])
    return locked


@transaction.atomic
def plan_close(*, actor, plan: Plan) -> Plan:
    """Issued → closed: the year is over; nothing of the plan changes any more."""
    if not can_manage_plan(actor, plan):
        raise NotPermitted(_("You cannot close this plan."))
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != PlanStatus.ISSUED:
        raise TransitionNotAllowed(_("Only an issued plan can be closed."))
    locked.status = PlanStatus.CLOSED
    locked.closed_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["status", "closed_at", "version", "updated_at"])
    return locked
