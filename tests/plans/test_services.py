"""Plans and indicators through the services: defaults, the lead agency as data, transitions,
targets and who may do what."""

from datetime import date
from decimal import Decimal

import pytest

from cases.plans.models import Agency, PlanStatus
from cases.plans.services import (
    indicator_create,
    indicator_targets_set,
    indicator_update,
    plan_close,
    plan_create,
    plan_issue,
    plan_update,
)
from registry.errors import FieldError, InvalidInput, NotPermitted, TransitionNotAllowed

from .conftest import HEALTH_ACCESS, REHABILITATION

pytestmark = pytest.mark.django_db


def test_defaults_are_the_year_and_the_seed_deadlines(plan):
    assert (plan.period_start, plan.period_end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert plan.agency_plans_due == date(2026, 3, 10)
    assert plan.reports_due == date(2026, 11, 15)
    assert plan.status == PlanStatus.DRAFT


def test_deadlines_are_editable(plan, provincial):
    plan = plan_update(
        actor=provincial, plan=plan, data={"agency_plans_due": date(2026, 3, 20), "reports_due": date(2026, 11, 30)}
    )
    assert (plan.agency_plans_due, plan.reports_due) == (date(2026, 3, 20), date(2026, 11, 30))
    with pytest.raises(InvalidInput) as exc:
        plan_update(actor=provincial, plan=plan, data={"agency_plans_due": date(2026, 12, 1)})
    assert "reports_due" in exc.value.errors


def test_a_lead_agency_that_no_longer_existed_is_refused_naming_its_successor(provincial, province, health_department):
    old = Agency.objects.create(code="so-ldtbxh-48", name="Sở LĐTBXH Đà Nẵng", kind="department", province=province,
                                active_until=date(2025, 2, 28), replaced_by=health_department)  # fmt: skip
    with pytest.raises(InvalidInput) as exc:
        plan_create(actor=provincial, data={"year": 2026, "title": "KH", "issuing_body": "UBND", "province": province,
                                            "lead_agency": old})  # fmt: skip
    message = exc.value.errors["lead_agency"][0]
    assert "Sở LĐTBXH Đà Nẵng" in message and health_department.name in message
    plan = plan_create(actor=provincial, data={"year": 2024, "title": "KH 2024", "issuing_body": "UBND", "province": province,
                                               "lead_agency": old})  # fmt: skip
    assert plan.lead_agency == old


def test_a_plan_for_the_pre_2025_province(provincial, unit):
    quang_nam = unit("49", current=False)
    lead = Agency.objects.create(code="so-ldtbxh-49", name="Sở LĐTBXH Quảng Nam", kind="department", province=quang_nam)
    plan = plan_create(actor=provincial, data={"year": 2023, "title": "KH 2023", "document_number": "785/KH-UBND",
                                               "document_date": date(2023, 2, 16), "issuing_body": "UBND tỉnh Quảng Nam",
                                               "province": quang_nam, "lead_agency": lead})  # fmt: skip
    assert plan.agency_plans_due == date(2023, 3, 10) and plan.reports_due == date(2023, 11, 15)


@pytest.mark.parametrize("who", ["officer_a", "leader_a", "association_a", "statistician"])
def test_only_provincial_officers_create_plans(request, who, province, health_department):
    with pytest.raises(NotPermitted):
        plan_create(actor=request.getfixturevalue(who),
                    data={"year": 2026, "title": "KH", "issuing_body": "UBND", "province": province, "lead_agency": health_department})  # fmt: skip


def test_transitions(plan, provincial, add_indicator):
    with pytest.raises(InvalidInput) as exc:
        plan_issue(actor=provincial, plan=plan)
    assert "indicators" in exc.value.errors
    add_indicator(plan, "rehab", REHABILITATION, target=10)
    with pytest.raises(TransitionNotAllowed):
        plan_close(actor=provincial, plan=plan)
    plan = plan_issue(actor=provincial, plan=plan)
    assert plan.status == PlanStatus.ISSUED and plan.issued_at
    plan = plan_close(actor=provincial, plan=plan)
    assert plan.status == PlanStatus.CLOSED
    with pytest.raises(TransitionNotAllowed):
        plan_update(actor=provincial, plan=plan, data={"title": "Khác"})
    with pytest.raises(TransitionNotAllowed):
        add_indicator(plan, "late", REHABILITATION)


def test_indicator_is_normalised_and_its_kind_stored(plan, add_indicator):
    indicator = add_indicator(plan, "health_access", HEALTH_ACCESS, target=80)
    assert indicator.measure == "persons" and indicator.is_percentage
    assert indicator.definition["denominator"]["source"] == "registry"


def test_percentage_target_above_100_is_refused(plan, add_indicator, provincial, commune_a):
    with pytest.raises(FieldError) as exc:
        add_indicator(plan, "health_access", HEALTH_ACCESS, target=120)
    assert exc.value.field == "target" and "100" in exc.value.message
    indicator = add_indicator(plan, "health_access", HEALTH_ACCESS, target=80)
    with pytest.raises(InvalidInput) as exc:
        indicator_targets_set(actor=provincial, indicator=indicator, targets={commune_a: Decimal(150)})
    assert f"target_{commune_a.pk}" in exc.value.errors
    count = add_indicator(plan, "rehab", REHABILITATION, target=5000)  # a count: any size
    assert count.target == Decimal(5000)


def test_bad_definition_through_the_service_names_the_field(plan, add_indicator):
    with pytest.raises(InvalidInput) as exc:
        add_indicator(plan, "bad", {"measure": "persons", "source": "cases", "cases": {"support_types": ["teleport"]}})
    assert "definition.cases.support_types" in exc.value.errors
    with pytest.raises(InvalidInput) as exc:
        add_indicator(plan, "bad", {"measure": "persons", "source": "cases", "denominator": {}})
    assert "definition.denominator" in exc.value.errors


def test_duplicate_code_is_refused(plan, add_indicator):
    add_indicator(plan, "rehab", REHABILITATION)
    with pytest.raises(FieldError):
        add_indicator(plan, "rehab", REHABILITATION)


def test_commune_targets(plan, add_indicator, provincial, commune_a, commune_b, unit):
    indicator = add_indicator(plan, "rehab", REHABILITATION, target=100)
    assert (
        indicator_targets_set(actor=provincial, indicator=indicator, targets={commune_a: 10, commune_b.pk: "12,5"}) == 2
    )
    assert indicator_targets_set(actor=provincial, indicator=indicator, targets={commune_a: None}) == 1
    with pytest.raises(InvalidInput):
        indicator_targets_set(actor=provincial, indicator=indicator, targets={unit("00004"): 5})  # Hà Nội


def test_indicator_update_rechecks_the_targets(plan, add_indicator, provincial, commune_a):
    indicator = add_indicator(plan, "rehab", REHABILITATION, target=300)
    indicator_targets_set(actor=provincial, indicator=indicator, targets={commune_a: 150})
    with pytest.raises(FieldError):  # becoming a percentage: the targets above 100 no longer fit
        indicator_update(actor=provincial, indicator=indicator,
                         data={"definition": {**REHABILITATION, "denominator": {"source": "registry"}}, "target": 30})  # fmt: skip


def test_commune_officer_cannot_edit_indicators(plan, officer_a):
    with pytest.raises(NotPermitted):
        indicator_create(actor=officer_a, plan=plan, data={"code": "x", "name": "x", "definition": REHABILITATION})
