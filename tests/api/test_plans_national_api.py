"""The national exports of a plan through the API: ADX and DHIS2 data value sets of signed-off,
mapped values, scoped like the other plan exports, logged, with what was left out; a fixed number
of queries whatever the number of communes."""

import json
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import xmlschema
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.plans.interop import adx
from cases.plans.models import DataElementMapping, OrgUnitMapping
from cases.plans.services import figures_prepare, figures_sign_off
from registry.models import AccessLog, AdminUnit
from tests.plans import interop_fixtures as fx
from tests.plans.interop_fixtures import DATA_SET, DE_REHAB, OU_A, OU_B

add_indicator = fx.add_indicator
association_agency = fx.association_agency
commune_a_agency = fx.commune_a_agency
commune_b_agency = fx.commune_b_agency
health_department = fx.health_department
issued_plan = fx.issued_plan
mapping = fx.mapping
plan = fx.plan
provincial_2 = fx.provincial_2
quarter_data = fx.quarter_data
signed_q1 = fx.signed_q1

pytestmark = pytest.mark.django_db
ADX_SCHEMA = xmlschema.XMLSchema(str(adx.SCHEMA_PATH))
JSON_SCHEMA = json.loads((adx.SCHEMA_PATH.parent / "dhis2-data-value-set.schema.json").read_text())
NS = {"adx": adx.NAMESPACE}


def test_adx_of_signed_off_values(api, signed_q1, mapping, provincial):
    response = api(provincial).get(f"/api/v1/plans/{mapping.pk}/exports/adx/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/adx+xml")
    assert "attachment" in response["Content-Disposition"]
    ADX_SCHEMA.validate(response.content.decode("utf-8"))
    root = ET.fromstring(response.content)
    assert {g.get("orgUnit") for g in root.findall("adx:group", NS)} == {OU_A, OU_B}
    assert AccessLog.objects.filter(user=provincial, action="export", detail__contains="ADX", row_count=6).exists()


def test_adx_report_says_what_is_left_out(api, signed_q1, mapping, provincial):
    body = api(provincial).get(f"/api/v1/plans/{mapping.pk}/exports/adx/report/").json()
    assert body["data_set"] == DATA_SET and body["value_count"] == 6 and body["id_scheme"] == "UID"
    reasons = {(s["reason"], s.get("indicator"), s.get("period")) for s in body["skipped"]}
    assert ("not_signed_off", None, "2026Q2") in reasons
    assert ("indicator_not_mapped", "training_participants", None) in reasons
    assert body["skipped_count"] == sum(s["count"] for s in body["skipped"])


def test_nothing_signed_off_is_a_conflict_for_adx_and_an_empty_set_for_dhis2(api, quarter_data, mapping, provincial):
    response = api(provincial).get(f"/api/v1/plans/{mapping.pk}/exports/adx/")
    assert response.status_code == 409 and response.json()["code"] == "nothing_to_export"
    body = api(provincial).get(f"/api/v1/plans/{mapping.pk}/exports/dhis2/").json()
    jsonschema.validate(body, JSON_SCHEMA)
    assert body["dataValues"] == [] and {s["reason"] for s in body["skipped"]} >= {"not_signed_off"}


def test_dhis2_data_value_set(api, signed_q1, mapping, provincial):
    response = api(provincial).get(f"/api/v1/plans/{mapping.pk}/exports/dhis2/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    body = response.json()
    jsonschema.validate(body, JSON_SCHEMA)
    assert body["dataSet"] == DATA_SET and len(body["dataValues"]) == 6
    assert AccessLog.objects.filter(user=provincial, action="export", detail__contains="DHIS2 data value set").exists()


def test_scoped_like_the_other_exports(api, signed_q1, mapping, officer_a, statistician, make_user, unit):
    mine = api(officer_a).get(f"/api/v1/plans/{mapping.pk}/exports/dhis2/").json()
    assert {v["orgUnit"] for v in mine["dataValues"]} == {OU_A}
    numbers_only = api(statistician).get(f"/api/v1/plans/{mapping.pk}/exports/dhis2/").json()
    assert {(v["orgUnit"], v["dataElement"]) for v in numbers_only["dataValues"]} >= {(OU_A, DE_REHAB)}
    assert (OU_B, DE_REHAB) not in {(v["orgUnit"], v["dataElement"]) for v in numbers_only["dataValues"]}
    assert "small_count_hidden" in {s["reason"] for s in numbers_only["skipped"]}
    hanoi = make_user("provincial_officer", unit("01"), username="hanoi")
    for path in ("adx", "adx/report", "dhis2"):
        assert api(hanoi).get(f"/api/v1/plans/{mapping.pk}/exports/{path}/").status_code == 404
        assert api().get(f"/api/v1/plans/{mapping.pk}/exports/{path}/").status_code == 401


def test_export_queries_do_not_grow_with_communes(api, signed_q1, mapping, provincial, provincial_2, statistician):
    def count(path):
        with CaptureQueriesContext(connection) as ctx:
            assert api(provincial).get(f"/api/v1/plans/{mapping.pk}/exports/{path}/").status_code == 200
        return len(ctx)

    count("adx")  # the first request of a client warms caches up
    before = {path: count(path) for path in ("adx", "dhis2", "adx/report")}
    extra = AdminUnit.objects.filter(level="commune", is_current=True, province_code="48").exclude(
        pk__in=OrgUnitMapping.objects.values("unit_id")
    )[:12]
    OrgUnitMapping.objects.bulk_create(OrgUnitMapping(unit=u, uid=f"ou{u.code:0>9}") for u in extra)
    DataElementMapping.objects.create(indicator=mapping.indicators.get(code="training_participants"),
                                      data_element="deTraining1")  # fmt: skip
    again = figures_prepare(actor=statistician, plan=mapping, period="2026Q1")
    figures_sign_off(actor=provincial_2, sign_off=again)
    after = {path: count(path) for path in ("adx", "dhis2", "adx/report")}
    assert after == before
    body = api(provincial).get(f"/api/v1/plans/{mapping.pk}/exports/dhis2/").json()
    assert len({v["orgUnit"] for v in body["dataValues"]}) == 14
