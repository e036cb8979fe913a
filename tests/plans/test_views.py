"""The plan pages: who sees what, the statistics officer's "<5", drill-down, forms, and bounded
query counts (the province's figures from the summary, never a query per commune)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.plans.models import Indicator, PlanSummary
from cases.plans.services import summary_refresh
from registry.models import AccessLog, AdminUnit

from .conftest import HEALTH_ACCESS, REHABILITATION, TRAINING_PARTICIPANTS
from .helpers import make_case, make_person

pytestmark = pytest.mark.django_db


def page(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


@pytest.fixture
def data(issued_plan, officer_a, commune_a, commune_b):
    """Commune A: 3 persons, 2 served in health; commune B: 8 persons, 6 served."""
    for commune, total, served in ((commune_a, 3, 2), (commune_b, 8, 6)):
        for i in range(total):
            person = make_person(commune)
            if i < served:
                make_case(person, actor=officer_a, domain="health", support_type="rehabilitation", status="completed",
                          requested_on=date(2026, 3, 1 + i), outcome_on=date(2026, 4, 1))  # fmt: skip
    return issued_plan


def detail_url(plan):
    return reverse("plans:plan_detail", args=[plan.pk])


def test_provincial_officer_sees_the_province_from_the_summary(client, data, provincial):
    response = page(client, provincial, detail_url(data))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hải Châu" in html and "Tam Kỳ" in html  # the table of communes
    assert "<svg" in html and "<title id=" in html and "<desc id=" in html  # charts with text alternatives
    assert 'style="' not in html.split("<main", 1)[1]  # no inline style (strict CSP)
    summary = PlanSummary.objects.get(plan=data)
    assert summary.computed_at is not None
    figures = response.context["figures"]
    assert not figures.live
    health = Indicator.objects.get(plan=data, code="health_access")
    assert (figures.totals[health.pk].numerator, figures.totals[health.pk].denominator) == (8, 11)
    assert response.context["rows"][0]["shown"].value == "72,7\u00a0%"


def test_summary_is_refreshed_after_a_change(client, data, provincial, officer_a, commune_a):
    page(client, provincial, detail_url(data))
    computed = PlanSummary.objects.get(plan=data).computed_at
    make_case(
        make_person(commune_a), actor=officer_a, domain="health", status="approved", requested_on=date(2026, 5, 5)
    )
    response = page(client, provincial, detail_url(data))
    health = Indicator.objects.get(plan=data, code="health_access")
    assert response.context["figures"].totals[health.pk].numerator == 9
    assert PlanSummary.objects.get(plan=data).computed_at > computed


def test_commune_officer_sees_their_commune_live_and_nothing_else(client, data, officer_a, commune_b):
    response = page(client, officer_a, detail_url(data))
    assert response.status_code == 200
    assert response.context["figures"].live
    assert response.context["view"].kind == "commune"
    health = Indicator.objects.get(plan=data, code="health_access")
    assert response.context["figures"].totals[health.pk].numerator == 2
    assert page(client, officer_a, detail_url(data), unit=commune_b.code).status_code == 404
    assert page(client, officer_a, detail_url(data), unit="48").status_code == 404


def test_statistics_officer_sees_numbers_only_with_small_counts_hidden(client, data, statistician, commune_a):
    response = page(client, statistician, detail_url(data), indicator="health_access")
    html = response.content.decode()
    assert response.status_code == 200
    rows = {row["commune"].code: row["shown"] for row in response.context["commune_rows"]}
    assert rows[commune_a.code].numerator == "<5" and rows[commune_a.code].denominator == "<5"
    assert rows[commune_a.code].value != "66,7\u00a0%"  # would reveal 2 of 3
    assert rows["20341"].numerator == "6" and rows["20341"].denominator == "8"
    assert "&lt;5" in html
    assert (
        reverse("plans:records", args=[data.pk, 1]).rsplit("/", 3)[0] not in html.split("<main", 1)[1]
    )  # no drill-down
    indicator = Indicator.objects.get(plan=data, code="health_access")
    assert page(client, statistician, reverse("plans:records", args=[data.pk, indicator.pk])).status_code == 404


def test_zero_denominator_shows_a_dash(client, issued_plan, provincial, add_indicator):
    add_indicator(issued_plan, "kids", {**HEALTH_ACCESS, "denominator": {"source": "registry", "persons": {"age_max": 5}}},
                  target=50)  # fmt: skip
    response = page(client, provincial, detail_url(issued_plan))
    shown = {row["indicator"].code: row["shown"] for row in response.context["rows"]}
    assert shown["kids"].value == "—" and shown["kids"].percent_of_target == "—"
    assert response.status_code == 200


def test_drill_down_lists_the_persons_behind_a_figure_and_is_logged(client, data, provincial, officer_a, commune_a):
    indicator = Indicator.objects.get(plan=data, code="health_access")
    url = reverse("plans:records", args=[data.pk, indicator.pk])
    response = page(client, provincial, url, part="numerator")
    assert response.status_code == 200
    assert response.context["found"].total == 8 and len(response.context["rows"]) == 8
    response = page(client, officer_a, url, part="denominator")
    assert response.context["found"].kind == "persons"
    assert {p.commune_id for p in response.context["rows"]} == {commune_a.pk}
    assert AccessLog.objects.filter(user=officer_a, action="list", detail__contains="health_access").exists()
    rehab = Indicator.objects.get(plan=data, code="rehabilitation")
    response = page(client, provincial, reverse("plans:records", args=[data.pk, rehab.pk]), unit=commune_a.code)
    assert response.context["found"].kind == "persons" and response.context["found"].total == 2


def test_drill_down_of_cases_links_to_the_case(client, issued_plan, provincial, add_indicator, officer_a, commune_a):
    indicator = add_indicator(issued_plan, "cases_all", {"measure": "cases"})
    make_case(make_person(commune_a), actor=officer_a)
    response = page(client, provincial, reverse("plans:records", args=[issued_plan.pk, indicator.pk]))
    assert response.context["found"].kind == "cases"
    assert f"/cases/{response.context['rows'][0].pk}/" in response.content.decode()


def _count(client, user, url, **params):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_province_dashboard_query_count_does_not_grow_with_communes_or_indicators(
    client, issued_plan, provincial, officer_a, add_indicator, commune_a
):
    url = detail_url(issued_plan)
    summary_refresh(plan=issued_plan)
    _count(client, provincial, url)  # warm caches (content types, sessions)
    before = _count(client, provincial, url)
    communes = AdminUnit.objects.filter(level="commune", is_current=True, province_code="48").order_by("code")[:12]
    for commune in communes:
        make_case(make_person(commune), actor=officer_a, domain="health", status="approved")
    add_indicator(issued_plan, "more_1", REHABILITATION, target=5)
    add_indicator(issued_plan, "more_2", TRAINING_PARTICIPANTS, target=5)
    summary_refresh(plan=issued_plan)
    after = _count(client, provincial, url)
    assert after == before, (before, after)
    assert after <= 25


def test_live_views_cost_a_few_queries_per_indicator_never_per_commune(
    client, issued_plan, provincial, officer_a, add_indicator
):
    url = detail_url(issued_plan)
    live = {"as_of": "30/06/2026"}  # another reference date: computed live for the whole province
    _count(client, provincial, url, **live)
    before = _count(client, provincial, url, **live)
    communes = AdminUnit.objects.filter(level="commune", is_current=True, province_code="48").order_by("code")[:15]
    for commune in communes:
        make_case(make_person(commune), actor=officer_a, domain="health", status="approved")
    assert _count(client, provincial, url, **live) == before
    commune_before = _count(client, officer_a, url)
    add_indicator(issued_plan, "more_1", REHABILITATION, target=5)
    add_indicator(issued_plan, "more_2", {"measure": "cases"}, target=5)
    commune_after = _count(client, officer_a, url)
    assert commune_after - commune_before <= 2 * 4


def test_indicator_form_builds_the_definition_and_names_problems(client, plan, provincial):
    client.force_login(provincial)
    url = reverse("plans:indicator_create", args=[plan.pk])
    blank = client.get(url).content.decode()
    for name in ("code", "measure", "case_domains", "den_source", "den_age_min", "target", "cooperating_agencies"):
        assert f'name="{name}"' in blank, name
    response = client.post(url, {
        "code": "kids_edu", "name": "Trẻ em đi học", "sort_order": 10, "measure": "persons", "source": "cases",
        "date_field": "requested", "case_domains": ["education"], "den_source": "registry", "den_age_min": 6,
        "den_age_max": 17, "target": "120",
    })  # fmt: skip
    assert response.status_code == 200
    assert "100" in " ".join(response.context["form"].errors["target"])
    response = client.post(url, {
        "code": "kids_edu", "name": "Trẻ em đi học", "sort_order": 10, "measure": "persons", "source": "cases",
        "date_field": "requested", "case_domains": ["education"], "age_min": 6, "age_max": 17, "den_source": "registry",
        "den_age_min": 6, "den_age_max": 17, "target": "90",
    })  # fmt: skip
    assert response.status_code == 302
    indicator = Indicator.objects.get(plan=plan, code="kids_edu")
    assert indicator.definition["denominator"]["persons"] == {"age_min": 6, "age_max": 17}
    assert indicator.definition["cases"] == {"domains": ["education"]}
    response = client.post(url, {"code": "x", "name": "x", "sort_order": 1, "measure": "persons", "source": "cases",
                                 "date_field": "held"})  # fmt: skip
    assert "date_field" in response.context["form"].errors
    edit = client.get(reverse("plans:indicator_edit", args=[plan.pk, indicator.pk]))
    assert edit.context["form"].initial["den_age_min"] == 6


def test_plan_form_and_transitions(client, provincial, province, health_department, officer_a):
    client.force_login(provincial)
    response = client.post(reverse("plans:plan_create"), {
        "year": 2027, "title": "Kế hoạch 2027", "issuing_body": "UBND thành phố Đà Nẵng", "province": province.pk,
        "lead_agency": health_department.pk,
    })  # fmt: skip
    assert response.status_code == 302
    plan = health_department.led_plans.get(year=2027)
    assert plan.agency_plans_due == date(2027, 3, 10)
    response = client.post(reverse("plans:plan_issue", args=[plan.pk]), follow=True)
    assert "indicator" in response.content.decode().lower() or response.status_code == 200
    client.force_login(officer_a)
    assert client.get(reverse("plans:plan_create")).status_code == 404
    assert client.get(reverse("plans:plan_edit", args=[plan.pk])).status_code == 403


def test_report_pages(client, issued_plan, officer_a, provincial, commune_a_agency):
    client.force_login(officer_a)
    response = client.post(reverse("plans:report_list", args=[issued_plan.pk]), {"agency": commune_a_agency.pk})
    assert response.status_code == 302
    report = issued_plan.reports.get()
    indicator = issued_plan.indicators.get(code="health_access")
    response = client.post(reverse("plans:report_edit", args=[issued_plan.pk, report.pk]),
                           {"summary": "Năm nay tốt", f"narrative_{indicator.pk}": "Đã khám", "submit": "1"})  # fmt: skip
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    client.force_login(provincial)
    detail = client.get(reverse("plans:report_detail", args=[issued_plan.pk, report.pk]))
    assert detail.status_code == 200 and detail.context["can_decide"]
    client.post(reverse("plans:report_return", args=[issued_plan.pk, report.pk]), {"reason": "Thiếu số liệu"})
    report.refresh_from_db()
    assert report.status == "returned"


@pytest.mark.parametrize(
    "name",
    ["plans:plan_list", "plans:plan_detail", "plans:plan_edit", "plans:indicator_create", "plans:report_list",
     "plans:agency_plan_new", "plans:exports", "plans:agency_list", "plans:agency_create", "plans:plan_create"],
)  # fmt: skip
def test_every_page_renders(client, issued_plan, provincial, name):
    args = (
        []
        if name in ("plans:plan_list", "plans:agency_list", "plans:agency_create", "plans:plan_create")
        else [issued_plan.pk]
    )
    response = page(client, provincial, reverse(name, args=args))
    assert response.status_code in (200, 302)


def test_indicator_and_target_pages_render(client, issued_plan, provincial):
    indicator = issued_plan.indicators.first()
    for name in ("plans:indicator_edit", "plans:indicator_targets", "plans:records"):
        assert page(client, provincial, reverse(name, args=[issued_plan.pk, indicator.pk])).status_code == 200


def test_agency_form(client, provincial, province):
    client.force_login(provincial)
    response = client.post(reverse("plans:agency_create"), {"code": "so-tu-phap", "name": "Sở Tư pháp", "kind": "department",
                                                             "province": province.pk})  # fmt: skip
    assert response.status_code == 302
    response = client.post(reverse("plans:agency_create"), {"code": "ubnd-x", "name": "UBND", "kind": "peoples_committee",
                                                             "province": province.pk})  # fmt: skip
    assert "unit" in response.context["form"].errors
