"""The plan endpoints: plans scoped to the viewer's area, indicator definitions checked with the
problem named, results per unit and date, reports with their sign-off, exports."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import AccessLog
from tests.plans import conftest as plan_fixtures
from tests.plans.conftest import HEALTH_ACCESS, REHABILITATION
from tests.plans.helpers import make_case, make_person

# The plan fixtures of tests/plans, shared here.
add_indicator = plan_fixtures.add_indicator
association_agency = plan_fixtures.association_agency
commune_a_agency = plan_fixtures.commune_a_agency
commune_b_agency = plan_fixtures.commune_b_agency
health_department = plan_fixtures.health_department
issued_plan = plan_fixtures.issued_plan
plan = plan_fixtures.plan

pytestmark = pytest.mark.django_db


def test_plans_are_listed_for_the_viewers_area(api, issued_plan, officer_a, make_user, unit):
    response = api(officer_a).get("/api/v1/plans/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [issued_plan.pk]
    body = response.json()["results"][0]
    assert body["province"] == "48" and body["agency_plans_due"] == "2026-03-10" and body["reports_due"] == "2026-11-15"
    hanoi = make_user("commune_officer", unit("00004"), username="hanoi")
    assert api(hanoi).get("/api/v1/plans/").json()["results"] == []
    assert api(hanoi).get(f"/api/v1/plans/{issued_plan.pk}/").status_code == 404
    assert api().get("/api/v1/plans/").status_code == 401


def test_create_plan_and_transitions(api, provincial, health_department, officer_a):
    response = api(provincial).post("/api/v1/plans/", {
        "year": 2027, "title": "Kế hoạch 2027", "issuing_body": "UBND thành phố", "province": "48",
        "lead_agency": health_department.code,
    }, format="json")  # fmt: skip
    assert response.status_code == 201, response.json()
    plan_id = response.json()["id"]
    assert response.json()["status"] == "draft"
    issue = api(provincial).post(f"/api/v1/plans/{plan_id}/issue/")
    assert issue.status_code == 400 and "indicators" in issue.json()["errors"]
    assert api(officer_a).post("/api/v1/plans/", {"year": 2027, "title": "x", "issuing_body": "x", "province": "48",
                                                  "lead_agency": health_department.code}, format="json").status_code == 403  # fmt: skip
    close = api(provincial).post(f"/api/v1/plans/{plan_id}/close/")
    assert close.status_code == 409 and close.json()["code"] == "transition_not_allowed"


def test_indicator_definitions_are_checked(api, plan, provincial, commune_a):
    url = f"/api/v1/plans/{plan.pk}/indicators/"
    bad = api(provincial).post(url, {"code": "x", "name": "x", "definition": {"measure": "persons", "source": "cases",
                                                                              "cases": {"colour": ["red"]}}}, format="json")  # fmt: skip
    assert bad.status_code == 400
    assert "definition.cases.colour" in bad.json()["errors"]
    empty = api(provincial).post(url, {"code": "x", "name": "x", "definition": {"measure": "persons", "source": "cases",
                                                                                "denominator": {}}}, format="json")  # fmt: skip
    assert "definition.denominator" in empty.json()["errors"]
    over = api(provincial).post(
        url, {"code": "x", "name": "x", "definition": HEALTH_ACCESS, "target": "101"}, format="json"
    )
    assert over.status_code == 400 and "target" in over.json()["errors"]
    ok = api(provincial).post(url, {"code": "health_access", "name": "Tiếp cận y tế", "definition": HEALTH_ACCESS,
                                    "target": "80", "commune_targets": [{"commune": commune_a.code, "target": "70"}]},
                              format="json")  # fmt: skip
    assert ok.status_code == 201, ok.json()
    body = ok.json()
    assert body["is_percentage"] and body["commune_targets"] == [{"commune": commune_a.code, "target": "70.00"}]
    patch = api(provincial).patch(f"{url}{body['id']}/", {"target": "85"}, format="json")
    assert patch.status_code == 200 and patch.json()["target"] == "85.00"
    listing = api(provincial).get(url)
    assert listing.status_code == 200 and listing.json()["count"] == 1


def test_results_for_a_unit_and_a_date(api, issued_plan, provincial, officer_a, commune_a, commune_b, statistician):
    for commune, served in ((commune_a, 1), (commune_b, 6)):
        for i in range(served + 1):
            person = make_person(commune)
            if i < served:
                make_case(
                    person, actor=officer_a, domain="health", status="approved", requested_on=date(2026, 2, 1 + i)
                )
    url = f"/api/v1/plans/{issued_plan.pk}/results/"
    province = api(provincial).get(url)
    assert province.status_code == 200
    body = province.json()
    assert body["unit"] == "48" and body["live"] is False and body["computed_at"]
    health = {r["code"]: r for r in body["results"]}["health_access"]
    assert (health["numerator"], health["denominator"], health["value"], health["target"]) == (7, 9, "77.78", "80.00")
    assert health["percent_of_target"] == "97.22"
    commune = api(provincial).get(url, {"unit": commune_b.code, "as_of": "2026-02-03"}).json()
    health = {r["code"]: r for r in commune["results"]}["health_access"]
    assert (health["numerator"], health["denominator"]) == (3, 7) and commune["live"] is True
    assert api(officer_a).get(url, {"unit": commune_b.code}).status_code == 404
    bad = api(provincial).get(url, {"as_of": "31/12/2026"})
    assert bad.status_code == 400 and "as_of" in bad.json()["errors"]
    early = api(provincial).get(url, {"as_of": "2025-01-01"})
    assert early.status_code == 400
    hidden = api(statistician).get(url, {"unit": commune_a.code}).json()
    row = {r["code"]: r for r in hidden["results"]}["health_access"]
    assert row["suppressed"] and row["numerator"] is None and row["value"] is None


def test_results_query_count_is_bounded(api, issued_plan, provincial, officer_a, add_indicator):
    client = api(provincial)
    url = f"/api/v1/plans/{issued_plan.pk}/results/"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    add_indicator(issued_plan, "extra", REHABILITATION, target=5)
    client.get(url)  # the summary is refreshed once
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after.captured_queries) == len(before.captured_queries)


def test_reports_submit_accept_return(api, issued_plan, officer_a, provincial, commune_a_agency):
    base = f"/api/v1/plans/{issued_plan.pk}/reports/"
    created = api(officer_a).post(base, {"agency": commune_a_agency.code}, format="json")
    assert created.status_code == 201
    rid = created.json()["id"]
    patch = api(officer_a).patch(
        f"{base}{rid}/", {"summary": "Tốt", "narratives": {"health_access": "Đã khám"}}, format="json"
    )
    assert patch.status_code == 200 and patch.json()["narratives"] == {"health_access": "Đã khám"}
    assert api(officer_a).post(f"{base}{rid}/accept/").status_code == 403
    submitted = api(officer_a).post(f"{base}{rid}/submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    figures = submitted.json()["submissions"][0]["figures"]
    assert {f["code"] for f in figures} == {"health_access", "rehabilitation", "training_participants"}
    assert api(officer_a).patch(f"{base}{rid}/", {"summary": "đổi"}, format="json").status_code == 409
    no_reason = api(provincial).post(f"{base}{rid}/return/", {}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    returned = api(provincial).post(f"{base}{rid}/return/", {"reason": "Thiếu số liệu"}, format="json")
    assert returned.json()["status"] == "returned" and returned.json()["return_reason"] == "Thiếu số liệu"
    api(officer_a).post(f"{base}{rid}/submit/")
    accepted = api(provincial).post(f"{base}{rid}/accept/")
    assert accepted.json()["status"] == "accepted" and len(accepted.json()["submissions"]) == 2
    assert api(provincial).post(f"{base}{rid}/accept/").status_code == 409


def test_exports_via_the_api(api, issued_plan, provincial, officer_a):
    response = api(provincial).get(f"/api/v1/plans/{issued_plan.pk}/exports/statistics/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    csv_response = api(officer_a).get(
        f"/api/v1/plans/{issued_plan.pk}/exports/statistics/", {"file": "csv", "sheet": "cases"}
    )
    assert csv_response.status_code == 200 and csv_response["Content-Type"].startswith("text/csv")
    micro = api(officer_a).get(f"/api/v1/plans/{issued_plan.pk}/exports/microdata/")
    assert micro.status_code == 200
    assert AccessLog.objects.filter(user=officer_a, action="export").count() == 2
