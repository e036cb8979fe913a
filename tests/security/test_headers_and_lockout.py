import pytest
from django.test import override_settings
from django.urls import reverse


def test_pages_carry_a_csp_without_inline_scripts(client, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("registry:dashboard"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_failed_logins_lock_the_account(client, officer_a):
    url = reverse("login")
    for _ in range(3):
        client.post(url, {"username": "officer_a", "password": "wrong-password"})
    locked = client.post(url, {"username": "officer_a", "password": "Secret-pass-123"})
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True)
def test_a_good_login_still_works_with_throttling_on(client, officer_a):
    response = client.post(reverse("login"), {"username": "officer_a", "password": "Secret-pass-123"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer_a.pk)
