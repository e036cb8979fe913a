"""Django admin: the records of the register and of the money are read-only there (writes go
through the product's pages and services, which keep the search key and the rules), and every
admin page that shows a person is in the access log. Configuration stays editable."""

from datetime import date

import pytest
from django.test import Client

from registry.models import AccessLog, Certificate, Determination, Person
from tests.policies.conftest import grant, recipient_maker
from tests.security.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _catalogue(db):
    from policies.models import Policy
    from policies.seed import load_policies

    if not Policy.objects.filter(code="monthly_allowance").exists():
        load_policies()


@pytest.fixture
def records(officer_a, leader_a, commune_a, make_user):
    """One of each domain record, about one person, made through the services."""
    from cases.models import Case
    from cases.services import case_open
    from policies.models import Benefit
    from policies.services import payroll_prepare

    person = recipient_maker(officer_a, commune_a)(full_name="Phạm Thị Riêng Tư", certified_on=date(2024, 1, 5))
    decision = grant(leader_a, person, effective_month="2024-01", paid_outside_through="2024-05")
    payroll = payroll_prepare(actor=officer_a, commune=commune_a, month=date(2024, 6, 1))
    creator = make_user("commune_officer", commune_a, username="creator_a")
    case = case_open(
        actor=creator, person=person, domain="health", support_type="rehabilitation",
        description="Cần phục hồi chức năng", requested_on=date(2026, 3, 2),
    )  # fmt: skip
    return {
        "person": person,
        "determination": Determination.objects.filter(person=person).first(),
        "certificate": Certificate.objects.filter(person=person).first(),
        "decision": decision,
        "benefit": Benefit.objects.filter(person=person).first(),
        "payroll": payroll,
        "case": Case.objects.get(pk=case.pk),
    }


@pytest.fixture
def admin_client(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


# model admin (app_label/model_name) → the record in `records`
DOMAIN = {
    "registry/person": "person",
    "registry/determination": "determination",
    "registry/certificate": "certificate",
    "policies/decision": "decision",
    "policies/benefit": "benefit",
    "policies/payroll": "payroll",
    "cases/case": "case",
}
WITH_HISTORY = ["registry/person", "registry/determination", "registry/certificate", "policies/decision", "cases/case"]


def test_an_admin_edit_of_a_person_changes_nothing(admin_client, records):
    person = records["person"]
    url = f"/admin/registry/person/{person.pk}/change/"
    data = admin_form_data(admin_client, url)  # whatever the page offers, with a new name
    data.update(full_name="Tên Bị Sửa Ngoài Quy Trình")

    response = admin_client.post(url, data)

    assert response.status_code == 403
    person.refresh_from_db()
    assert person.full_name == "Phạm Thị Riêng Tư"
    assert person.name_folded == "pham thi rieng tu"


@pytest.mark.parametrize("model", DOMAIN)
def test_domain_records_are_read_only_in_admin(admin_client, records, model):
    record = records[DOMAIN[model]]
    base = f"/admin/{model}/"
    change = f"{base}{record.pk}/change/"

    listing = admin_client.get(base)
    page = admin_client.get(change)

    assert listing.status_code == 200 and page.status_code == 200
    assert f'href="{base}add/"' not in listing.content.decode()
    assert "delete_selected" not in listing.content.decode()
    assert 'name="_save"' not in page.content.decode()
    assert not page.context["adminform"].form.fields  # every field is shown read-only
    assert admin_client.get(f"{base}add/").status_code == 403
    assert admin_client.post(f"{base}add/", {}).status_code == 403
    assert admin_client.post(change, {}).status_code == 403
    assert admin_client.get(f"{base}{record.pk}/delete/").status_code == 403
    assert admin_client.post(f"{base}{record.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = admin_client.post(base, {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"})
    assert bulk.status_code in (200, 302, 403)
    assert type(record).objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("model", WITH_HISTORY)
def test_an_old_version_cannot_be_restored_from_admin(admin_client, records, model):
    record = records[DOMAIN[model]]
    version = record.history.earliest()
    url = f"/admin/{model}/{record.pk}/history/{version.history_id}/"
    before = record.history.count()

    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, admin_form_data(admin_client, url))

    assert response.status_code == 403
    assert record.history.count() == before


def _entries(admin_user):
    return list(AccessLog.objects.filter(user=admin_user).order_by("id").values("action", "person_id", "row_count"))


@pytest.mark.parametrize("model", [m for m in DOMAIN if m != "policies/payroll"])
def test_an_admin_page_of_a_record_about_a_person_is_in_the_access_log(admin_client, admin_user, records, model):
    record = records[DOMAIN[model]]

    assert admin_client.get(f"/admin/{model}/{record.pk}/change/").status_code == 200

    assert _entries(admin_user) == [{"action": "view", "person_id": records["person"].pk, "row_count": None}]


@pytest.mark.parametrize("model", WITH_HISTORY)
def test_an_admin_history_page_is_in_the_access_log(admin_client, admin_user, records, model):
    record = records[DOMAIN[model]]
    version = record.history.earliest()

    admin_client.get(f"/admin/{model}/{record.pk}/history/")
    admin_client.get(f"/admin/{model}/{record.pk}/history/{version.history_id}/")

    person = records["person"].pk
    assert _entries(admin_user) == [{"action": "history", "person_id": person, "row_count": None}] * 2


@pytest.mark.parametrize("model", [m for m in DOMAIN if m != "policies/payroll"])
def test_an_admin_list_of_persons_records_is_in_the_access_log(admin_client, admin_user, records, model):
    admin_client.get(f"/admin/{model}/")
    admin_client.get(f"/admin/{model}/", {"q": "rieng"})

    entries = _entries(admin_user)
    assert [e["action"] for e in entries] == ["list", "search"]
    assert entries[0]["row_count"] >= 1


@pytest.mark.parametrize(
    "source", ["cases/case/person", "policies/decision/person", "registry/person/caregiver_person"]
)
def test_the_admin_autocomplete_lists_no_person(admin_client, records, source):
    app_label, model_name, field_name = source.split("/")

    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": "rieng"},
    )

    assert response.status_code in (403, 404)
    assert "Riêng" not in response.content.decode()


def test_an_admin_payroll_page_is_logged_as_the_list_of_its_persons(admin_client, admin_user, records):
    payroll = records["payroll"]

    admin_client.get(f"/admin/policies/payroll/{payroll.pk}/change/")

    assert _entries(admin_user) == [{"action": "list", "person_id": None, "row_count": payroll.lines.count()}]
    assert AccessLog.objects.get(user=admin_user).detail == f"payroll {payroll.pk}"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/registry/user/add/",
        "/admin/registry/adminunit/add/",
        "/admin/policies/policy/add/",
        "/admin/policies/standardlevel/add/",
        "/admin/policies/coefficient/add/",
        "/admin/documents/legalbasis/add/",
        "/admin/cases/provider/add/",
        "/admin/cases/calendarday/add/",
        "/admin/plans/agency/add/",
        "/admin/plans/plan/add/",
    ],
)
def test_configuration_stays_editable_by_administrators(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_administrators_can_revoke_api_tokens_but_not_issue_them(admin_client, officer_a):
    from registry.models import ApiToken

    token, _secret = ApiToken.objects.create(user=officer_a)

    assert admin_client.get("/admin/registry/apitoken/").status_code == 200
    assert admin_client.get("/admin/registry/apitoken/add/").status_code == 403
    response = admin_client.post(f"/admin/registry/apitoken/{token.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=officer_a).exists()


def test_other_staff_cannot_open_the_admin(client, provincial, records):
    client.force_login(provincial)

    assert client.get(f"/admin/registry/person/{records['person'].pk}/change/").status_code == 302
    assert not Person.objects.filter(full_name__startswith="Tên Bị Sửa").exists()
