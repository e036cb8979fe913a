"""Scope on every document URL, pages and API alike, proved from the same setup."""

import pytest
from django.urls import reverse

from registry.models import AccessLog

pytestmark = pytest.mark.django_db

WEB = ["documents:person_certificate", "documents:person_profile"]
API = ["api-person-certificate-pdf", "api-person-profile-pdf"]


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.mark.parametrize("name", WEB)
def test_web_documents_for_the_commune_officer(client_for, officer_a, holder, name):
    response = client_for(officer_a).get(reverse(name, args=[holder.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert response["Content-Disposition"].isascii()
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(user=officer_a, action="document", person=holder).count() == 1


@pytest.mark.parametrize("name", WEB)
@pytest.mark.parametrize("role", ["officer_b", "statistician"])
def test_web_documents_are_404_outside_the_scope(client_for, request, holder, name, role):
    response = client_for(request.getfixturevalue(role)).get(reverse(name, args=[holder.pk]))
    assert response.status_code == 404
    assert not AccessLog.objects.filter(action="document").exists()


@pytest.mark.parametrize("name", WEB)
def test_web_documents_send_anonymous_visitors_to_login(client, holder, name):
    response = client.get(reverse(name, args=[holder.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", WEB)
def test_provincial_officer_sees_every_commune(client_for, provincial, holder, name):
    assert client_for(provincial).get(reverse(name, args=[holder.pk])).status_code == 200


def test_association_officer_reads_the_profile_but_prints_no_certificate(client_for, association_a, holder):
    client = client_for(association_a)
    assert client.get(reverse("documents:person_profile", args=[holder.pk])).status_code == 200
    assert client.get(reverse("documents:person_certificate", args=[holder.pk])).status_code == 403


def test_certificate_page_without_certificate_is_a_clear_page(client_for, officer_a, person_a):
    response = client_for(officer_a).get(reverse("documents:person_certificate", args=[person_a.pk]))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "giấy xác nhận" in response.content.decode().lower()


@pytest.mark.parametrize("name", API)
def test_api_documents(api_client, officer_a, holder, name):
    api_client.force_authenticate(officer_a)
    response = api_client.get(reverse(name, args=[holder.pk]), HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"-{holder.pk}.pdf" in response["Content-Disposition"] or "125-gxn-ubnd" in response["Content-Disposition"]


@pytest.mark.parametrize("name", API)
@pytest.mark.parametrize("role", ["officer_b", "statistician"])
def test_api_documents_are_404_outside_the_scope(api_client, request, holder, name, role):
    api_client.force_authenticate(request.getfixturevalue(role))
    response = api_client.get(reverse(name, args=[holder.pk]))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("name", API)
def test_api_documents_need_authentication(api_client, holder, name):
    response = api_client.get(reverse(name, args=[holder.pk]))
    assert response.status_code == 401


def test_api_certificate_without_certificate_is_400_json(api_client, officer_a, person_a):
    api_client.force_authenticate(officer_a)
    response = api_client.get(reverse("api-person-certificate-pdf", args=[person_a.pk]), HTTP_ACCEPT="application/pdf")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "document_unavailable"


def test_api_association_officer_prints_no_certificate(api_client, association_a, holder):
    api_client.force_authenticate(association_a)
    response = api_client.get(reverse("api-person-certificate-pdf", args=[holder.pk]))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_api_profile_for_the_association_has_no_id_number(api_client, association_a, holder):
    from tests.documents.conftest import pdf_text

    api_client.force_authenticate(association_a)
    response = api_client.get(reverse("api-person-profile-pdf", args=[holder.pk]))
    assert response.status_code == 200
    assert holder.national_id not in pdf_text(response.content)


def test_person_page_links_to_the_documents(client_for, officer_a, holder):
    html = client_for(officer_a).get(reverse("registry:person_detail", args=[holder.pk])).content.decode()
    assert reverse("documents:person_profile", args=[holder.pk]) in html
    assert reverse("documents:person_certificate", args=[holder.pk]) in html


def test_person_page_explains_why_there_is_no_certificate(client_for, officer_a, person_a):
    html = client_for(officer_a).get(reverse("registry:person_detail", args=[person_a.pk])).content.decode()
    assert reverse("documents:person_profile", args=[person_a.pk]) in html
    assert reverse("documents:person_certificate", args=[person_a.pk]) not in html
