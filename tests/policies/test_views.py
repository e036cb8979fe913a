"""The policies pages: every page renders, scope answers 404, permissions, query counts."""

from datetime import date

import pytest
from django.test import Client

from policies.models import Benefit, FacilityStay
from policies.services import decision_draft, facility_stay_add, payroll_approve, payroll_prepare
from tests.policies.conftest import grant


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def paid(recipient, leader_a, officer_a, commune_a):
    people = [recipient(level="severe", certified_on=date(2024, 1, 5)) for _ in range(3)]
    for person in people:
        grant(leader_a, person, effective_month="2024-01", paid_outside_through="2024-05")
    june = payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 6, 1))
    payroll_approve(actor=leader_a, payroll=june)
    july = payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 7, 1))
    payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 8, 1))
    return {"people": people, "june": june, "july": july}


def test_every_page_renders(paid, officer_a, admin_user):
    person = paid["people"][0]
    facility_stay_add(actor=officer_a, person=person, facility_name="Trung tâm", started_on=date(2024, 9, 1))
    stay = FacilityStay.objects.get()
    benefit = Benefit.objects.filter(person=person).first()
    draft = decision_draft(actor=officer_a, kind="adjust", benefit=benefit, number="77/QĐ", decided_on=date(2024, 9, 2),
                           effective_month="2024-09", reason="Điều chỉnh")  # fmt: skip
    pages = {
        officer_a: [
            "/policies/", "/policies/rates/", f"/policies/persons/{person.pk}/?month=2024-07",
            f"/policies/persons/{person.pk}/facts/", f"/policies/persons/{person.pk}/facts/facility/new/",
            f"/policies/persons/{person.pk}/facts/facility/{stay.pk}/end/", "/policies/decisions/",
            "/policies/payrolls/", f"/policies/payrolls/{paid['june'].pk}/", f"/policies/payrolls/{paid['july'].pk}/",
            "/policies/health-insurance/?month=2024-07", f"/policies/decisions/drafts/{draft.pk}/",
        ],
        admin_user: [
            f"/policies/decisions/drafts/{draft.pk}/", "/admin/policies/decisiondraft/",
            "/admin/registry/singlepersoncommune/", "/admin/registry/singlepersoncommune/add/",
            "/policies/rates/standard-levels/new/", "/policies/rates/coefficients/new/",
            f"/policies/persons/{person.pk}/decisions/grant/",
            f"/policies/persons/{person.pk}/decisions/suspend/?benefit={benefit.pk}",
            f"/policies/persons/{person.pk}/decisions/resume/?benefit={benefit.pk}",
            "/admin/policies/standardlevel/", "/admin/policies/payroll/",
        ],
    }  # fmt: skip
    for kind in ("pregnancy", "child", "marriage", "care", "ground"):
        pages[officer_a].append(f"/policies/persons/{person.pk}/facts/{kind}/new/")
    for user, urls in pages.items():
        client = client_for(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert b'lang="vi"' in response.content or url.startswith("/admin/")


def test_person_page_panel_shows_the_explanation(paid, officer_a):
    from django.test import RequestFactory

    from policies.panels import person_panel

    request = RequestFactory().get("/", {"entitlements_month": "2024-07"})
    request.user = officer_a
    panel = person_panel(request, paid["people"][0])
    assert panel["template"] == "policies/_person_panel.html"
    assert panel["context"]["result"].total == 750_000
    from django.template.loader import render_to_string

    html = render_to_string(panel["template"], panel["context"], request=request)
    assert "750.000" in html


def test_statistician_gets_no_panel_and_no_rows(paid, statistician):
    from django.test import RequestFactory

    from policies.panels import person_panel

    request = RequestFactory().get("/")
    request.user = statistician
    assert person_panel(request, paid["people"][0]) is None
    client = client_for(statistician)
    assert client.get("/policies/decisions/").status_code == 403
    assert client.get(f"/policies/payrolls/{paid['june'].pk}/").status_code == 403
    assert client.get("/policies/rates/").status_code == 200


def test_scope_answers_404_outside(paid, officer_b):
    client = client_for(officer_b)
    person = paid["people"][0]
    assert client.get(f"/policies/persons/{person.pk}/").status_code == 404
    assert client.get(f"/policies/persons/{person.pk}/facts/").status_code == 404
    assert client.get(f"/policies/payrolls/{paid['june'].pk}/").status_code == 404
    assert client.get(f"/policies/payrolls/{paid['june'].pk}/export.xlsx").status_code == 404
    assert client.get("/policies/health-insurance/?commune=20242").status_code == 404
    assert paid["people"][0].full_name not in client.get("/policies/decisions/").content.decode()


def test_grant_is_drafted_by_the_officer_and_signed_by_the_leader(recipient, officer_a, leader_a, association_a):
    from policies.models import DecisionDraft, Policy

    person = recipient(level="severe", certified_on=date(2024, 3, 20))
    url = f"/policies/persons/{person.pk}/decisions/grant/"
    assert client_for(association_a).get(url).status_code == 403
    client = client_for(officer_a)
    policy = Policy.objects.get(code="monthly_allowance")
    data = {"policy": policy.pk, "number": "5/QĐ", "decided_on": "2024-04-02", "effective_month": "2024-02"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not DecisionDraft.objects.exists()
    data["effective_month"] = "2024-03"
    response = client.post(url, data)
    draft = DecisionDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/policies/decisions/drafts/{draft.pk}/"
    assert not Benefit.objects.exists()  # nothing is paid before the signature
    page = client.get(response["Location"]).content.decode()
    assert f"/decisions/drafts/{draft.pk}/sign/" not in page
    assert client.post(f"/policies/decisions/drafts/{draft.pk}/sign/").status_code == 302
    assert not Benefit.objects.exists()  # the officer cannot sign
    leader = client_for(leader_a)
    assert "/sign/" in leader.get(f"/policies/decisions/drafts/{draft.pk}/").content.decode()
    assert leader.post(f"/policies/decisions/drafts/{draft.pk}/sign/").status_code == 302
    assert Benefit.objects.get().status == "active"
    decision = draft.__class__.objects.get().decision
    assert (decision.drafted_by, decision.created_by) == (officer_a, leader_a)


def test_a_draft_is_returned_with_a_reason(recipient, officer_a, leader_a):
    from policies.models import DecisionDraft, Policy

    person = recipient(level="severe", certified_on=date(2024, 3, 20))
    client_for(officer_a).post(f"/policies/persons/{person.pk}/decisions/grant/", {
        "policy": Policy.objects.get(code="monthly_allowance").pk, "number": "5/QĐ", "decided_on": "2024-04-02",
        "effective_month": "2024-03"})  # fmt: skip
    draft = DecisionDraft.objects.get()
    url = f"/policies/decisions/drafts/{draft.pk}/return/"
    client_for(leader_a).post(url, {"reason": ""})
    assert DecisionDraft.objects.get().status == "draft"
    client_for(leader_a).post(url, {"reason": "Sai số quyết định"})
    draft.refresh_from_db()
    assert (draft.status, draft.return_reason, draft.closed_by) == ("returned", "Sai số quyết định", leader_a)
    assert client_for(leader_a).post(f"/policies/decisions/drafts/{draft.pk}/sign/").status_code == 302
    assert not Benefit.objects.exists()


def test_fact_form_and_scope(recipient, officer_a, association_a):
    person = recipient(level="especially_severe", certified_on=date(2024, 3, 20))
    url = f"/policies/persons/{person.pk}/facts/facility/new/"
    assert client_for(association_a).get(url).status_code == 403
    response = client_for(officer_a).post(url, {"facility_name": "", "started_on": "2024-05-01"})
    assert "error-summary" in response.content.decode()
    response = client_for(officer_a).post(url, {"facility_name": "Trung tâm BTXH", "started_on": "2024-05-01",
                                                "ended_on": "2024-04-01"})  # fmt: skip
    assert "error-summary" in response.content.decode() and not FacilityStay.objects.exists()
    response = client_for(officer_a).post(url, {"facility_name": "Trung tâm BTXH", "started_on": "2024-05-01"})
    assert response.status_code == 302 and FacilityStay.objects.count() == 1


def test_payroll_prepare_and_approve_pages(recipient, leader_a, officer_a, commune_a):
    grant(leader_a, recipient(level="severe", certified_on=date(2024, 1, 5)), effective_month="2024-01")
    response = client_for(officer_a).post("/policies/payrolls/", {"commune": commune_a.pk, "month": "2024-02"})
    assert response.status_code == 302
    from policies.models import Payroll

    payroll = Payroll.objects.get()
    client_for(officer_a).post(f"/policies/payrolls/{payroll.pk}/approve/")
    assert Payroll.objects.get().status == "draft"
    client_for(leader_a).post(f"/policies/payrolls/{payroll.pk}/approve/")
    assert Payroll.objects.get().status == "approved"
    export = client_for(officer_a).get(f"/policies/payrolls/{payroll.pk}/export.xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize(
    "url", ["/policies/decisions/", "/policies/payrolls/", "PAYROLL", "/policies/health-insurance/?month=2024-07"]
)
def test_list_pages_query_count(paid, recipient, leader_a, officer_a, commune_a, url, django_assert_max_num_queries):
    if url == "PAYROLL":
        url = f"/policies/payrolls/{paid['july'].pk}/"
    client = client_for(officer_a)
    client.get(url)
    with django_assert_max_num_queries(30):
        first = client.get(url)
    # Three more recipients must not add queries per row.
    for _ in range(3):
        grant(leader_a, recipient(level="severe", certified_on=date(2024, 1, 5)), effective_month="2024-01",
              paid_outside_through="2024-05")  # fmt: skip
    if "payrolls/" in url and url != "/policies/payrolls/":
        payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 7, 1))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after.captured_queries) == len(before.captured_queries)


def test_xlsx_payroll_content(paid):
    import io

    from python_calamine import CalamineWorkbook

    from policies.exports import payroll_xlsx

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(payroll_xlsx(paid["june"])))
    rows = workbook.get_sheet_by_index(0).to_python()
    amounts = [row[6] for row in rows[4:7]]
    assert amounts == [540000, 540000, 540000]  # June 2024: 1.5 × 360,000
    assert rows[7][6] == 1620000


def test_panel_on_the_registry_person_page(paid, officer_a, statistician):
    person = paid["people"][0]
    html = client_for(officer_a).get(f"/persons/{person.pk}/?entitlements_month=2024-07").content.decode()
    assert "Chế độ hỗ trợ và trợ cấp" in html
    assert "NKT nặng từ đủ 16 đến dưới 60 tuổi: hệ số 1,5 × mức chuẩn 500.000 đ = 750.000 đ" in html
    bad = client_for(officer_a).get(f"/persons/{person.pk}/?entitlements_month=2024-13").content.decode()
    assert "Nhập tháng theo dạng YYYY-MM" in bad


@pytest.mark.parametrize("url", ["/policies/", "/policies/rates/"])
def test_catalogue_pages_query_count(officer_a, url, django_assert_max_num_queries):
    client = client_for(officer_a)
    client.get(url)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
