"""API tokens as an attacker or a careless client would meet them: what the database holds, how
long a token lives, and what revokes it (logout, a password change on any path, deactivation).

Time is travelled by moving `django.utils.timezone.now`, which the token code, the models' auto
dates and the access log all read; nothing sleeps.
"""

from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import timezone
from rest_framework.test import APIClient

from registry.models import User
from tests.security.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

PASSWORD = "Secret-pass-123"
NEW_PASSWORD = "Another-pass-456"


@pytest.fixture
def api():
    return APIClient


@pytest.fixture
def clock(monkeypatch):
    """`clock.advance(hours=…)` moves the time every part of Django reads."""

    class Clock:
        now = timezone.now()

        def advance(self, **delta):
            self.now += timedelta(**delta)

    moving = Clock()
    monkeypatch.setattr(timezone, "now", lambda: moving.now)
    return moving


def obtain(api, username: str, password: str = PASSWORD):
    response = api().post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def holding(api, token: str):
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def can_read(client, person) -> bool:
    status = client.get(f"/api/v1/persons/{person.pk}/").status_code
    assert status in (200, 401), status
    return status == 200


def tokens_of(user) -> int:
    """Token rows of any token model the project has (today's or a library's)."""
    total = 0
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.ForeignKey)
                and field.related_model is User
                and "token" in model.__name__.lower()
            ):
                total += model._default_manager.filter(**{field.name: user}).count()
    return total


# What the database holds --------------------------------------------------------------------
def test_the_database_never_holds_the_token_the_client_holds(api, officer_a):
    token = obtain(api, "officer_a")["token"]

    for model in apps.get_models():
        text_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
        for field in text_fields:
            found = model._default_manager.filter(**{f"{field.name}__contains": token}).exists()
            assert not found, f"the token is stored in clear in {model._meta.label}.{field.name}"


def test_the_token_answer_says_when_it_lapses(api, officer_a, clock):
    body = obtain(api, "officer_a")

    assert set(body) == {"token", "expiry"}
    expiry = datetime.fromisoformat(body["expiry"])
    assert expiry - clock.now == timedelta(hours=8)


# Expiry ---------------------------------------------------------------------------------------
def test_a_token_unused_longer_than_the_idle_limit_is_refused(api, officer_a, person_a, clock):
    client = holding(api, obtain(api, "officer_a")["token"])

    clock.advance(hours=7, minutes=50)
    assert can_read(client, person_a)  # used within the limit: the limit starts again
    clock.advance(hours=7, minutes=50)
    assert can_read(client, person_a)
    clock.advance(hours=8, minutes=1)

    response = client.get(f"/api/v1/persons/{person_a.pk}/")

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_token_older_than_thirty_days_is_refused_even_when_used_all_along(api, officer_a, person_a, clock):
    client = holding(api, obtain(api, "officer_a")["token"])

    for _use in range(4 * 30 - 1):  # every six hours, for thirty days less six hours
        clock.advance(hours=6)
        assert can_read(client, person_a), f"refused at {clock.now}"
    clock.advance(hours=6, minutes=1)  # thirty days and a minute after it was issued, last used six hours ago

    assert not can_read(client, person_a)


@pytest.mark.parametrize("hours", [8, 30 * 24])
def test_after_expiry_a_new_token_from_the_password_works(api, officer_a, person_a, clock, hours):
    holding(api, obtain(api, "officer_a")["token"])
    clock.advance(hours=hours, minutes=1)

    assert can_read(holding(api, obtain(api, "officer_a")["token"]), person_a)


# Revocation -----------------------------------------------------------------------------------
def test_logout_revokes_the_token_it_was_sent_with(api, officer_a, person_a):
    kept = holding(api, obtain(api, "officer_a")["token"])  # another device of the same user
    client = holding(api, obtain(api, "officer_a")["token"])

    response = client.post("/api/v1/auth/logout/")

    assert response.status_code == 204
    assert not can_read(client, person_a)
    assert can_read(kept, person_a)


def test_logout_all_revokes_every_token_of_the_user(api, officer_a, officer_b, person_a, person_b):
    other_device = holding(api, obtain(api, "officer_a")["token"])
    client = holding(api, obtain(api, "officer_a")["token"])
    someone_else = holding(api, obtain(api, "officer_b")["token"])

    assert client.post("/api/v1/auth/logout-all/").status_code == 204

    assert not can_read(client, person_a)
    assert not can_read(other_device, person_a)
    assert can_read(someone_else, person_b)
    assert tokens_of(officer_a) == 0


def test_logout_needs_a_token(api, client, officer_a):
    assert api().post("/api/v1/auth/logout/").status_code == 401
    client.force_login(officer_a)
    assert client.post("/api/v1/auth/logout/").status_code == 401  # a session ends at /logout/


def _admin_sets_password(client, user, admin):
    client.force_login(admin)
    response = client.post(
        f"/admin/registry/user/{user.pk}/password/",
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content


def _own_password_page(client, user, admin):
    client.force_login(user)
    response = client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content


def _add_user_command(client, user, admin):
    call_command("add_user", user.username, role="admin", password=NEW_PASSWORD, stdout=mock.MagicMock())


def _changepassword_command(client, user, admin):
    with mock.patch("getpass.getpass", return_value=NEW_PASSWORD):
        call_command("changepassword", user.username, stdout=mock.MagicMock())


def _any_code_that_saves_a_password(client, user, admin):
    user.set_password(NEW_PASSWORD)
    user.save()


def _unusable_password(client, user, admin):
    user.set_unusable_password()
    user.save()


def _queryset_update(client, user, admin):
    from django.contrib.auth.hashers import make_password

    User.objects.filter(pk=user.pk).update(password=make_password(NEW_PASSWORD))


PASSWORD_PATHS = [
    _admin_sets_password,
    _own_password_page,
    _add_user_command,
    _changepassword_command,
    _any_code_that_saves_a_password,
    _unusable_password,
    _queryset_update,
]


@pytest.mark.parametrize("change_password", PASSWORD_PATHS, ids=lambda f: f.__name__.strip("_"))
def test_a_password_change_revokes_the_tokens_issued_before_it(api, client, make_user, person_a, change_password):
    user = make_user("admin", username="changing", is_staff=True, is_superuser=True)
    admin = make_user("admin", username="other_admin", is_staff=True, is_superuser=True)
    before = holding(api, obtain(api, "changing")["token"])
    assert can_read(before, person_a)

    change_password(client, user, admin)

    assert not can_read(before, person_a)
    if change_password is not _unusable_password:
        assert can_read(holding(api, obtain(api, "changing", NEW_PASSWORD)["token"]), person_a)


def test_a_password_change_leaves_other_users_tokens_alone(api, client, officer_a, officer_b, person_b, admin_user):
    kept = holding(api, obtain(api, "officer_b")["token"])
    _admin_sets_password(client, officer_a, admin_user)

    assert can_read(kept, person_b)


def _admin_unticks_active(client, user, admin):
    client.force_login(admin)
    url = f"/admin/registry/user/{user.pk}/change/"
    data = admin_form_data(client, url)
    data.pop("is_active", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content


def _queryset_deactivates(client, user, admin):
    User.objects.filter(pk=user.pk).update(is_active=False)


@pytest.mark.parametrize("deactivate", [_admin_unticks_active, _queryset_deactivates], ids=lambda f: f.__name__)
def test_deactivation_refuses_and_removes_every_token(api, client, officer_a, person_a, admin_user, deactivate):
    first = holding(api, obtain(api, "officer_a")["token"])
    second = holding(api, obtain(api, "officer_a")["token"])

    deactivate(client, officer_a, admin_user)

    assert not can_read(first, person_a)
    assert tokens_of(officer_a) == 0
    assert not can_read(second, person_a)
    officer_a.refresh_from_db()
    assert not officer_a.is_active


def test_tokens_that_can_no_longer_be_used_are_purged_without_being_tried(api, officer_a, officer_b, leader_a, clock):
    from registry.services.tokens import api_tokens_purge

    obtain(api, "officer_a")
    obtain(api, "officer_b")
    obtain(api, "leader_a")
    User.objects.filter(pk=officer_a.pk).update(is_active=False)
    _any_code_that_saves_a_password(None, officer_b, None)
    clock.advance(hours=4)
    kept = obtain(api, "leader_a")["token"]
    clock.advance(hours=4, minutes=1)  # the first leader token is past its idle limit now

    assert api_tokens_purge() == 3

    assert (tokens_of(officer_a), tokens_of(officer_b), tokens_of(leader_a)) == (0, 0, 1)
    assert holding(api, kept).get("/api/v1/decisions/").status_code == 200


# Scope -----------------------------------------------------------------------------------------
def test_the_statistics_officers_token_has_the_scope_of_its_session(api, client, statistician, person_a):
    token_client = holding(api, obtain(api, "statistician")["token"])
    client.force_login(statistician)
    urls = [
        "/api/v1/persons/",
        f"/api/v1/persons/{person_a.pk}/",
        f"/api/v1/persons/{person_a.pk}/history/",
        "/api/v1/cases/",
        "/api/v1/decisions/",
        "/api/v1/payrolls/",
        "/api/v1/plans/",
        "/api/v1/policies/",
    ]

    by_token = {url: token_client.get(url) for url in urls}
    by_session = {url: client.get(url) for url in urls}

    assert {u: r.status_code for u, r in by_token.items()} == {u: r.status_code for u, r in by_session.items()}
    assert by_token["/api/v1/persons/"].status_code == 403
    assert by_token[f"/api/v1/persons/{person_a.pk}/"].status_code in (403, 404)
    assert by_token["/api/v1/plans/"].status_code == 200
    for url in urls:
        assert by_token[url].json() == by_session[url].json(), url


@pytest.mark.parametrize("header", ["Token caf\xe9", "Token ", "Token a b", "Token " + "f" * 200, "Token \u00ff" * 3])
def test_a_malformed_token_header_is_a_401_not_a_500(api, header):
    client = api()
    client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get("/api/v1/persons/")

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
