"""Fixtures of the national-export tests (imported by the test modules that use them): the 2026
plan mapped to a DHIS2 data set, two of its periods, two communes mapped to organisation units,
and data in the first quarter."""

from datetime import date

import pytest

from cases.plans.models import DataElementMapping, Dhis2DataSet, ExportPeriod, OrgUnitMapping
from cases.plans.services import figures_prepare, figures_sign_off
from tests.plans import conftest as plan_fixtures

from .helpers import make_case, make_event, make_person

add_indicator = plan_fixtures.add_indicator
association_agency = plan_fixtures.association_agency
commune_a_agency = plan_fixtures.commune_a_agency
commune_b_agency = plan_fixtures.commune_b_agency
health_department = plan_fixtures.health_department
issued_plan = plan_fixtures.issued_plan
plan = plan_fixtures.plan

DATA_SET = "hnDataSet01"
OU_A, OU_B = "ouHaiChau01", "ouTamKy0001"
DE_HEALTH_NUM, DE_HEALTH_DEN, DE_REHAB = "deHealthNum", "deHealthDen", "deRehab0001"


@pytest.fixture
def provincial_2(make_user, province):
    """A second provincial officer: figures are signed off by another person than their preparer."""
    return make_user("provincial_officer", province, username="provincial_2")


@pytest.fixture
def quarter_data(issued_plan, officer_a, commune_a, commune_b):
    """Commune A: 6 active persons, 5 with a rehabilitation case and 2 with a health case in Q1.
    Commune B: 3 persons, 1 rehabilitation case in Q1, 1 in Q2."""
    a = [make_person(commune_a) for _ in range(6)]
    for person in a[:5]:
        make_case(person, actor=officer_a, support_type="rehabilitation", requested_on=date(2026, 2, 10))
    for person in a[:2]:
        make_case(person, actor=officer_a, domain="health", support_type="rehabilitation", status="approved",
                  requested_on=date(2026, 3, 1))  # fmt: skip
    b = [make_person(commune_b) for _ in range(3)]
    make_case(b[0], actor=officer_a, support_type="rehabilitation", requested_on=date(2026, 1, 20))
    make_case(b[1], actor=officer_a, support_type="rehabilitation", requested_on=date(2026, 5, 20))
    make_event(commune_a, actor=officer_a, held_on=date(2026, 3, 3), participants=a[:3])
    return issued_plan


@pytest.fixture
def mapping(issued_plan, commune_a, commune_b):
    """The plan mapped: data set, periods 2026Q1 and 2026Q2, the health indicator's numerator and
    denominator and the rehabilitation count (training participants are left unmapped), communes A and B."""
    Dhis2DataSet.objects.create(plan=issued_plan, data_set=DATA_SET)
    for period in ("2026Q1", "2026Q2"):
        ExportPeriod.objects.create(plan=issued_plan, period=period)
    indicators = {i.code: i for i in issued_plan.indicators.all()}
    DataElementMapping.objects.create(indicator=indicators["health_access"], part="numerator", data_element=DE_HEALTH_NUM)
    DataElementMapping.objects.create(indicator=indicators["health_access"], part="denominator", data_element=DE_HEALTH_DEN)
    DataElementMapping.objects.create(indicator=indicators["rehabilitation"], part="value", data_element=DE_REHAB)
    OrgUnitMapping.objects.create(unit=commune_a, uid=OU_A, code="VN-20242")
    OrgUnitMapping.objects.create(unit=commune_b, uid=OU_B, code="VN-20341")
    return issued_plan


@pytest.fixture
def signed_q1(quarter_data, mapping, statistician, provincial):
    """2026Q1 prepared by the statistics officer and signed off by a provincial officer."""
    sign_off = figures_prepare(actor=statistician, plan=mapping, period="2026Q1")
    return figures_sign_off(actor=provincial, sign_off=sign_off)
