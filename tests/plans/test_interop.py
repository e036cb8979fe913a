"""Signed-off figures for national systems: identifiers and periods, the mapping tables' checks,
the two-person sign-off of a period's frozen figures, and the ADX and DHIS2 files — validated
against our ADX schema (XSD) and the data value set's JSON Schema."""

import json
from datetime import date
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import xmlschema
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases.plans.interop import adx, codes
from cases.plans.interop.dhis2 import data_value_set
from cases.plans.interop.values import export_set, export_set_for
from cases.plans.models import (
    DataElementMapping,
    Dhis2DataSet,
    ExportPeriod,
    OrgUnitMapping,
    PeriodSignOff,
    SignOffStatus,
)
from cases.plans.services import figures_prepare, figures_reject, figures_sign_off, plan_create
from registry.errors import FieldError, NotPermitted, TransitionNotAllowed

from . import interop_fixtures as fx
from .helpers import make_case, make_person
from .interop_fixtures import DATA_SET, DE_HEALTH_DEN, DE_HEALTH_NUM, DE_REHAB, OU_A, OU_B

# The fixtures of the national exports, shared here.
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


# Identifiers and periods ---------------------------------------------------------------------------
def test_dhis2_periods_and_their_adx_form():
    year, quarter, month = codes.parse_period("2026"), codes.parse_period("2026Q2"), codes.parse_period("202602")
    assert (year.start, year.end, year.adx) == (date(2026, 1, 1), date(2026, 12, 31), "2026-01-01/P1Y")
    assert (quarter.start, quarter.end, quarter.adx) == (date(2026, 4, 1), date(2026, 6, 30), "2026-04-01/P3M")
    assert (month.start, month.end, month.adx) == (date(2026, 2, 1), date(2026, 2, 28), "2026-02-01/P1M")
    for wrong in ("2026Q5", "202613", "202600", "26", "2026-01", "2026W1", ""):
        assert codes.parse_period(wrong) is None, wrong


def test_uid_and_code_rules():
    assert codes.is_uid("fbfJHSPpUQD") and codes.is_uid("a0000000000")
    for wrong in ("1bfJHSPpUQD", "fbfJHSPpUQ", "fbfJHSPpUQDx", "fbfJHSPp-QD", "fbfJHSPp QD", ""):
        assert not codes.is_uid(wrong), wrong
    assert codes.is_code("NKT_PHCN 01") and not codes.is_code(" NKT") and not codes.is_code("A  B")
    assert not codes.is_code("x" * 51) and not codes.is_code("A\tB")
    assert codes.parse_categories("SEX=F; AGE=Y15T64") == [("SEX", "F"), ("AGE", "Y15T64")]
    for wrong in ("SEX", "SEX=", "1SEX=F", "value=3", "SEX=F;SEX=M", "S:X=F"):
        with pytest.raises(ValidationError):
            codes.parse_categories(wrong)


# Mapping tables -------------------------------------------------------------------------------------
def _errors(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


def test_mapping_checks_name_the_field(mapping, commune_a, unit):
    rehab = mapping.indicators.get(code="rehabilitation")
    health = mapping.indicators.get(code="health_access")
    assert "data_element" in _errors(DataElementMapping(indicator=rehab, part="numerator", data_element="1abcdefghij"))
    assert "part" in _errors(DataElementMapping(indicator=rehab, part="denominator", data_element="deRehab0002"))
    # two indicators may not write the same data element and option combo
    clash = _errors(DataElementMapping(indicator=health, part="value", data_element=DE_REHAB))
    assert "rehabilitation" in clash["data_element"][0]
    assert "category_option_combo" in _errors(
        DataElementMapping(indicator=health, part="value", data_element="deOther0001", adx_categories="SEX=F")
    )
    assert "adx_categories" in _errors(
        DataElementMapping(indicator=health, part="value", data_element="deOther0001", category_option_combo="cocFemale01",
                           adx_categories="SEX")
    )  # fmt: skip
    assert "uid" in _errors(OrgUnitMapping(unit=unit("00004")))
    assert "uid" in _errors(OrgUnitMapping(unit=unit("00004"), uid="short"))
    assert "unit" in _errors(OrgUnitMapping(unit=unit("48"), code="DN"))
    assert "period" in _errors(ExportPeriod(plan=mapping, period="2025Q4"))
    assert "period" in _errors(ExportPeriod(plan=mapping, period="2026Q9"))
    assert "data_set" in _errors(Dhis2DataSet(plan=mapping, data_set="not a uid"))


def test_a_data_set_mapped_by_codes_takes_codes(mapping):
    data_set = mapping.dhis2_data_set
    data_set.id_scheme = "CODE"
    data_set.data_set = "HN_NKT"
    data_set.full_clean()
    data_set.save()
    rehab = mapping.indicators.get(code="rehabilitation")
    DataElementMapping(indicator=rehab, part="numerator", data_element="HN NKT PHCN").full_clean()


# Sign-off --------------------------------------------------------------------------------------------
def test_figures_are_signed_off_by_another_person(quarter_data, mapping, statistician, provincial, provincial_2,
                                                  officer_a):  # fmt: skip
    with pytest.raises(NotPermitted):
        figures_prepare(actor=officer_a, plan=mapping, period="2026Q1")
    own = figures_prepare(actor=provincial, plan=mapping, period="2026Q1")
    with pytest.raises(NotPermitted):
        figures_sign_off(actor=provincial, sign_off=own)
    with pytest.raises(NotPermitted):
        figures_sign_off(actor=statistician, sign_off=own)  # numbers only: prepares, never signs off
    with pytest.raises(TransitionNotAllowed):
        figures_prepare(actor=statistician, plan=mapping, period="2026Q1")  # one pending at a time
    signed = figures_sign_off(actor=provincial_2, sign_off=own)
    assert signed.status == SignOffStatus.SIGNED_OFF and signed.decided_by == provincial_2
    with pytest.raises(TransitionNotAllowed):
        figures_sign_off(actor=provincial_2, sign_off=own)


def test_the_database_keeps_the_two_person_rule(signed_q1, statistician):
    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodSignOff.objects.filter(pk=signed_q1.pk).update(decided_by=statistician)


def test_prepare_refuses_what_cannot_be_signed_off(quarter_data, mapping, statistician, monkeypatch, provincial):
    with pytest.raises(FieldError) as caught:
        figures_prepare(actor=statistician, plan=mapping, period="2026Q3")  # not one of the plan's periods
    assert caught.value.field == "period"
    monkeypatch.setattr("cases.plans.services.signoff.today", lambda: date(2026, 6, 30))
    with pytest.raises(FieldError) as caught:
        figures_prepare(actor=statistician, plan=mapping, period="2026Q2")  # ends today
    assert "30/06/2026" in caught.value.message
    draft = plan_create(actor=provincial, data={
        "year": 2025, "title": "Nháp", "issuing_body": "UBND", "province": mapping.province,
        "lead_agency": mapping.lead_agency,
    })  # fmt: skip
    ExportPeriod.objects.create(plan=draft, period="2025")
    with pytest.raises(TransitionNotAllowed):
        figures_prepare(actor=statistician, plan=draft, period="2025")


def test_frozen_figures_are_what_is_exported(signed_q1, mapping, commune_a, commune_b, officer_a):
    values = {(v.org_unit, v.data_element): v.value for v in export_set(mapping).values}
    assert values == {
        (OU_A, DE_REHAB): "5", (OU_A, DE_HEALTH_NUM): "2", (OU_A, DE_HEALTH_DEN): "6",
        (OU_B, DE_REHAB): "1", (OU_B, DE_HEALTH_NUM): "0", (OU_B, DE_HEALTH_DEN): "3",
    }  # fmt: skip
    # data entered after the sign-off does not change what was signed off
    late = make_person(commune_a)
    make_case(late, actor=officer_a, support_type="rehabilitation", requested_on=date(2026, 3, 30))
    assert {(v.org_unit, v.data_element): v.value for v in export_set(mapping).values} == values


def test_signing_off_again_supersedes(signed_q1, mapping, commune_a, officer_a, statistician, provincial_2):
    late = make_person(commune_a)
    make_case(late, actor=officer_a, support_type="rehabilitation", requested_on=date(2026, 3, 30))
    again = figures_prepare(actor=statistician, plan=mapping, period="2026Q1")
    # prepared but not signed off: the earlier figures are still those in force
    assert {v.value for v in export_set(mapping).values if (v.org_unit, v.data_element) == (OU_A, DE_REHAB)} == {"5"}
    figures_sign_off(actor=provincial_2, sign_off=again)
    signed_q1.refresh_from_db()
    assert signed_q1.status == SignOffStatus.SUPERSEDED
    assert {v.value for v in export_set(mapping).values if (v.org_unit, v.data_element) == (OU_A, DE_REHAB)} == {"6"}


def test_rejected_figures_are_never_sent(quarter_data, mapping, statistician, provincial):
    prepared = figures_prepare(actor=statistician, plan=mapping, period="2026Q1")
    with pytest.raises(FieldError):
        figures_reject(actor=provincial, sign_off=prepared, reason="  ")
    figures_reject(actor=provincial, sign_off=prepared, reason="Thiếu số liệu xã Tam Kỳ")
    export = export_set(mapping)
    assert export.values == []
    assert {(s.reason, s.period) for s in export.skipped} >= {("not_signed_off", "2026Q1"), ("not_signed_off", "2026Q2")}


def test_what_is_left_out_is_said(signed_q1, mapping, statistician):
    figures_prepare(actor=statistician, plan=mapping, period="2026Q2")
    export = export_set(mapping)
    reasons = {(s.reason, s.indicator, s.period, s.commune) for s in export.skipped}
    assert ("awaiting_sign_off", None, "2026Q2", None) in reasons
    assert ("indicator_not_mapped", "training_participants", None, None) in reasons
    unmapped = [s for s in export.skipped if s.reason == "org_unit_not_mapped"]
    assert len(unmapped) == len(mapping._territory) - 2 and all(s.count == 3 for s in unmapped)  # 3 mapped parts
    assert all(s.message for s in export.skipped)


def test_statistics_officer_gets_no_small_count(signed_q1, mapping, statistician, provincial):
    mine = export_set_for(statistician, mapping)
    sent = {(v.org_unit, v.data_element): v.value for v in mine.values}
    assert (OU_A, DE_REHAB) in sent and sent[(OU_A, DE_HEALTH_DEN)] == "6"  # 5 and 6 persons: shown
    assert (OU_B, DE_REHAB) not in sent and (OU_A, DE_HEALTH_NUM) not in sent  # 1 and 2 persons: hidden
    hidden = {(s.indicator, s.part) for s in mine.skipped if s.reason == "small_count_hidden"}
    assert ("rehabilitation", "value") in hidden and ("health_access", "numerator") in hidden
    assert len(export_set_for(provincial, mapping).values) == 6


def test_a_commune_officer_exports_only_the_commune(signed_q1, mapping, officer_a):
    assert {v.org_unit for v in export_set_for(officer_a, mapping).values} == {OU_A}


# The files ------------------------------------------------------------------------------------------
def test_adx_message_fits_the_schema(signed_q1, mapping):
    document = adx.adx_document(export_set(mapping))
    ADX_SCHEMA.validate(document.decode("utf-8"))
    root = ET.fromstring(document)
    groups = root.findall("adx:group", NS)
    assert {(g.get("orgUnit"), g.get("period"), g.get("dataSet")) for g in groups} == {
        (OU_A, "2026-01-01/P3M", DATA_SET), (OU_B, "2026-01-01/P3M", DATA_SET)
    }
    values = {(g.get("orgUnit"), v.get("dataElement")): v.get("value") for g in groups for v in g.findall("adx:dataValue", NS)}
    assert values[(OU_A, DE_REHAB)] == "5" and values[(OU_B, DE_HEALTH_DEN)] == "3"
    assert b"left out" in document and b"not_signed_off x1 period=2026Q2" in document


def test_the_adx_schema_refuses_what_the_profile_refuses(signed_q1, mapping):
    good = adx.adx_document(export_set(mapping)).decode("utf-8")
    for broken in (
        good.replace(f'dataSet="{DATA_SET}" ', ""),  # a group without its data set
        good.replace('period="2026-01-01/P3M"', 'period="2026Q1"', 1),  # DHIS2's period id is not ADX
        good.replace('value="5"', 'value="năm"', 1),
        good.replace("urn:ihe:qrph:adx:2015", "urn:example", 1),
    ):
        assert broken != good
        assert not ADX_SCHEMA.is_valid(broken)


def test_adx_category_attributes_replace_the_option_combo(signed_q1, mapping):
    row = DataElementMapping.objects.get(data_element=DE_REHAB)
    row.category_option_combo, row.adx_categories = "cocAllAges1", "AGE=ALL; SEX=BOTH"
    row.full_clean()
    row.save()
    export = export_set(mapping)
    document = adx.adx_document(export)
    ADX_SCHEMA.validate(document.decode("utf-8"))
    rehab = [v for v in ET.fromstring(document).iterfind(".//adx:dataValue", NS) if v.get("dataElement") == DE_REHAB]
    assert rehab and all(v.get("AGE") == "ALL" and v.get("SEX") == "BOTH" and v.get("categoryOptionCombo") is None
                         for v in rehab)  # fmt: skip
    body = data_value_set(export)
    assert {v["categoryOptionCombo"] for v in body["dataValues"] if v["dataElement"] == DE_REHAB} == {"cocAllAges1"}


def test_dhis2_data_value_set_fits_its_json_schema(signed_q1, mapping):
    body = data_value_set(export_set(mapping))
    jsonschema.validate(body, JSON_SCHEMA)
    assert body["dataSet"] == DATA_SET and body["completeDate"] == signed_q1.decided_at.date().isoformat()
    assert "idScheme" not in body
    assert {"dataElement": DE_REHAB, "period": "2026Q1", "orgUnit": OU_A, "value": "5"} in body["dataValues"]
    assert any(s["reason"] == "not_signed_off" and s["period"] == "2026Q2" for s in body["skipped"])


def test_a_data_set_mapped_by_codes_writes_codes(signed_q1, mapping):
    Dhis2DataSet.objects.filter(plan=mapping).update(id_scheme="CODE", data_set="HN_NKT", attribute_option_combo="HN")
    DataElementMapping.objects.filter(data_element=DE_REHAB).update(data_element="HN_PHCN")
    body = data_value_set(export_set(mapping))
    jsonschema.validate(body, JSON_SCHEMA)
    assert body["idScheme"] == "CODE" and body["dataSet"] == "HN_NKT"
    assert {(v["orgUnit"], v["attributeOptionCombo"]) for v in body["dataValues"]} == {("VN-20242", "HN"), ("VN-20341", "HN")}
    # the UIDs of the health indicator are codes too (a UID is a valid code); nothing is lost
    assert len(body["dataValues"]) == 6
    ADX_SCHEMA.validate(adx.adx_document(export_set(mapping)).decode("utf-8"))


def test_a_mapping_that_no_longer_fits_the_scheme_is_left_out(signed_q1, mapping):
    DataElementMapping.objects.filter(data_element=DE_REHAB).update(data_element="not a uid")
    export = export_set(mapping)
    assert DE_REHAB not in {v.data_element for v in export.values}
    assert ("mapping_invalid", "rehabilitation") in {(s.reason, s.indicator) for s in export.skipped}


def test_a_percentage_is_sent_rounded_and_never_divided_by_zero(signed_q1, mapping):
    DataElementMapping.objects.filter(data_element=DE_HEALTH_DEN).delete()
    DataElementMapping.objects.filter(data_element=DE_HEALTH_NUM).update(part="value", data_element="deHealthPct")
    export = export_set(mapping)
    pct = {v.org_unit: v.value for v in export.values if v.data_element == "deHealthPct"}
    assert pct == {OU_A: "33.33", OU_B: "0"}  # 2/6 and 0/3
