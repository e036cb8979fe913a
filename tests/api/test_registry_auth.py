"""Token and session authentication."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_token_then_token_auth(api, officer_a, person_a):
    response = api().post(
        "/api/v1/auth/token/", {"username": "officer_a", "password": "Secret-pass-123"}, format="json"
    )

    assert response.status_code == 200
    token = response.json()["token"]
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(f"/api/v1/persons/{person_a.pk}/").status_code == 200


def test_wrong_password_is_a_400_in_the_error_shape(api, officer_a):
    response = api().post("/api/v1/auth/token/", {"username": "officer_a", "password": "nope"}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "token" not in body
    assert body["errors"]["non_field_errors"]


def test_missing_credentials_name_the_fields(api):
    response = api().post("/api/v1/auth/token/", {}, format="json")

    assert response.status_code == 400
    assert set(response.json()["errors"]) >= {"username", "password"}


def test_bad_token_is_a_401(api):
    client = api()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.get("/api/v1/persons/")

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_session_auth_works_too(client, officer_a, person_a):
    client.force_login(officer_a)

    assert client.get(f"/api/v1/persons/{person_a.pk}/").status_code == 200


def test_anonymous_is_401_in_the_error_shape(api):
    response = api().get("/api/v1/persons/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.json()["detail"]


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_token_endpoint_is_throttled_like_the_login_page(api, officer_a):
    client = api()
    for _ in range(3):
        client.post("/api/v1/auth/token/", {"username": "officer_a", "password": "wrong"}, format="json")

    locked = client.post("/api/v1/auth/token/", {"username": "officer_a", "password": "Secret-pass-123"}, format="json")

    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert "token" not in locked.json()


@override_settings(AXES_ENABLED=True)
def test_token_endpoint_works_with_throttling_on(api, officer_a):
    response = api().post(
        "/api/v1/auth/token/", {"username": "officer_a", "password": "Secret-pass-123"}, format="json"
    )

    assert response.status_code == 200 and response.json()["token"]
