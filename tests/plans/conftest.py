"""Fixtures of the plan tests: agencies and a 2026 plan for Đà Nẵng with a few indicators."""

from datetime import date

import pytest

from cases.plans.models import Agency, Plan
from cases.plans.services import indicator_create, plan_create, plan_issue


@pytest.fixture
def health_department(db, province):
    return Agency.objects.create(
        code="so-y-te-48", name="Sở Y tế thành phố Đà Nẵng", kind="department", province=province
    )


@pytest.fixture
def association_agency(db, province):
    return Agency.objects.create(
        code="hoi-nkt-48", name="Hội Người khuyết tật thành phố", kind="association", province=province
    )


@pytest.fixture
def commune_a_agency(db, province, commune_a):
    return Agency.objects.create(
        code="ubnd-20242", name="UBND phường Hải Châu", kind="peoples_committee", province=province, unit=commune_a
    )


@pytest.fixture
def commune_b_agency(db, province, commune_b):
    return Agency.objects.create(
        code="ubnd-20341", name="UBND phường Tam Kỳ", kind="peoples_committee", province=province, unit=commune_b
    )


@pytest.fixture
def plan(provincial, province, health_department, association_agency, commune_a_agency, commune_b_agency) -> Plan:
    return plan_create(
        actor=provincial,
        data={
            "year": 2026, "title": "Kế hoạch công tác người khuyết tật năm 2026", "document_number": "120/KH-UBND",
            "document_date": date(2026, 1, 20), "issuing_body": "UBND thành phố Đà Nẵng", "province": province,
            "lead_agency": health_department,
        },
        cooperating_agencies=[association_agency, commune_a_agency, commune_b_agency],
    )  # fmt: skip


HEALTH_ACCESS = {
    "measure": "persons", "source": "cases", "date_field": "requested",
    "cases": {"domains": ["health"], "statuses": ["approved", "in_progress", "completed"]},
    "persons": {"statuses": ["active"]},
    "denominator": {"source": "registry", "persons": {"statuses": ["active"]}},
}  # fmt: skip
REHABILITATION = {
    "measure": "persons", "source": "cases", "date_field": "requested",
    "cases": {"support_types": ["rehabilitation", "assistive_device", "orthopaedic_surgery"]},
}  # fmt: skip
TRAINING_PARTICIPANTS = {"measure": "event_participants", "events": {"kinds": ["awareness_training"]}}


@pytest.fixture
def add_indicator(provincial):
    def add(plan, code, definition, *, target=None, name=None, **data):
        return indicator_create(
            actor=provincial, plan=plan,
            data={"code": code, "name": name or code, "definition": definition, "target": target, **data},
        )  # fmt: skip

    return add


@pytest.fixture
def issued_plan(plan, add_indicator, provincial):
    add_indicator(plan, "health_access", HEALTH_ACCESS, target=80)
    add_indicator(plan, "rehabilitation", REHABILITATION, target=10)
    add_indicator(plan, "training_participants", TRAINING_PARTICIPANTS, target=100)
    return plan_issue(actor=provincial, plan=plan)
