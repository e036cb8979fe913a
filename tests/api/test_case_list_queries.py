"""The case list (P-1): built from the columns a row shows, the same documents as the case
serializer, a constant number of queries, one access-log row; the case page logs a view."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.serializers.cases import CaseSerializer
from cases.models import Case
from cases.services import case_open, case_transition, provider_create
from registry.models import AccessLog
from tests.factories import register_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(officer_a, creator_a, provincial, commune_a, province, person_a):
    provider = provider_create(actor=provincial, data={"name": "Hội NKT", "kind": "association", "unit": province},
                               domains=["health"])  # fmt: skip
    other = register_person(
        actor=officer_a, commune=commune_a, full_name="Trần Văn Ba", association_member_since=date(2020, 1, 1)
    )
    made = [
        case_open(actor=creator_a, person=person_a, domain="health", support_type="rehabilitation", description="Cần phục hồi",
                  requested_on=timezone.localdate() - timedelta(days=90), provider=provider, amount=1_250_000),
        case_open(actor=creator_a, person=other, domain="health", support_type="rehabilitation", description="Xe lăn",
                  funding_source="association", assigned_to=officer_a),
        case_open(actor=officer_a, person=other, domain="education", support_type="education_support", description="Học bổng"),
    ]  # fmt: skip
    case_transition(actor=officer_a, case=made[0], action="assess")
    return made


@pytest.fixture
def creator_a(make_user, commune_a):
    return make_user("commune_officer", commune_a, username="creator_a")


@pytest.mark.parametrize("role", ["officer_a", "leader_a", "provincial", "association_a", "admin_user"])
def test_list_rows_equal_the_case_serializer(request, api, role, cases, rf):
    viewer = request.getfixturevalue(role)
    listed = api(viewer).get("/api/v1/cases/").json()["results"]
    http = rf.get("/api/v1/cases/")
    http.user = viewer
    expected = [
        CaseSerializer(case, context={"request": http}).data
        for case in Case.objects.filter(pk__in=[row["id"] for row in listed]).order_by("-id")
    ]
    assert listed and [dict(row) for row in listed] == [_json(document) for document in expected]
    if role == "association_a":
        assert all("national_id" not in row["person"] for row in listed)


def _json(document) -> dict:
    import json

    from rest_framework.utils.encoders import JSONEncoder

    return json.loads(json.dumps(document, cls=JSONEncoder))


def test_list_queries_stay_constant_and_write_one_log_row(api, provincial, cases, officer_a, creator_a, commune_a):
    client = api(provincial)
    client.get("/api/v1/cases/")  # warm the token row
    with CaptureQueriesContext(connection) as three:
        assert client.get("/api/v1/cases/", {"domain": "health"}).status_code == 200
    for n in range(5):
        person = register_person(actor=officer_a, commune=commune_a, full_name=f"Lê Văn {n}")
        case_open(actor=creator_a, person=person, domain="health", support_type="rehabilitation", description="x")
    with CaptureQueriesContext(connection) as eight:
        rows = client.get("/api/v1/cases/", {"domain": "health"}).json()["results"]

    assert len(rows) == 7
    assert len(three.captured_queries) == len(eight.captured_queries)
    inserts = [q["sql"] for q in eight.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1 and "accesslog" in inserts[0]
    assert not any("COUNT(" in q["sql"].upper() for q in eight.captured_queries)  # cursor pages: no count
    row = AccessLog.objects.order_by("-id").first()
    assert (row.user, row.action, row.row_count) == (provincial, AccessLog.Action.LIST, 7)


def test_the_case_page_logs_a_view(api, officer_a, cases):
    case = cases[0]
    assert api(officer_a).get(f"/api/v1/cases/{case.pk}/").status_code == 200
    row = AccessLog.objects.exclude(action="id_check").get()  # not the setup's registrations
    assert (row.action, row.person_id, row.detail) == (AccessLog.Action.VIEW, case.person_id, f"case {case.pk}")


def test_filters_still_check_their_values(api, provincial, cases):
    client = api(provincial)
    bad = client.get("/api/v1/cases/", {"status": "lost", "provider": "x"})
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"status", "provider"}
    assert client.get("/api/v1/cases/", {"status": "open", "overdue": "false"}).status_code == 200
    assert len(client.get("/api/v1/cases/", {"association": "true"}).json()["results"]) == 2
    assert len(client.get("/api/v1/cases/", {"provider": str(cases[0].provider_id)}).json()["results"]) == 1
    assert client.get("/api/v1/cases/", {"provider": "1.5"}).json()["results"] == []


@pytest.mark.parametrize("url", ["/api/v1/cases/", "/api/v1/persons/"])
def test_the_browsable_api_still_renders_the_filters(client, provincial, cases, url):
    client.force_login(provincial)
    response = client.get(url, {"domain": "health"} if "cases" in url else {}, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"<form" in response.content
