"""The OpenAPI schema builds without warnings and the docs render without a CDN."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_builds_without_warnings(tmp_path):
    # --fail-on-warn turns every drf-spectacular warning or error into a failure.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    text = (tmp_path / "schema.yml").read_text(encoding="utf-8")
    for path in (
        "/api/v1/auth/token/",
        "/api/v1/admin-units/",
        "/api/v1/persons/",
        "/api/v1/persons/{id}/move/",
        "/api/v1/persons/{id}/deceased/",
        "/api/v1/persons/{person_pk}/determinations/",
        "/api/v1/persons/{person_pk}/certificates/",
        "/api/v1/persons/{person_pk}/history/",
    ):
        assert f"{path}:" in text, path


def test_schema_endpoint_needs_login(client, api, officer_a):
    assert api().get("/api/schema/").status_code == 401
    assert api(officer_a).get("/api/schema/").status_code == 200


def test_docs_render_for_a_logged_in_user_from_local_assets(client, officer_a):
    client.force_login(officer_a)

    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist" in html
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html
    assert "<script>" not in html and "<style>" not in html  # the site's CSP forbids inline code
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()


def test_docs_need_login(client):
    assert client.get("/api/docs/").status_code in (302, 401, 403)
