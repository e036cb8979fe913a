"""Schemathesis against /api/schema/ with a logged-in token: no 500 and no response that breaks
the schema, on every operation."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
)

from registry.models import ApiToken
from tests.factories import register_person

APP = get_wsgi_application()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The real WSGI handler closes database connections after each request (Django's test client
    does not); inside a test transaction that would close it under the test. Keep it open."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_token(db, make_user, province, commune_a):
    officer = make_user("commune_officer", commune_a, username="fuzz_officer")
    register_person(actor=officer, commune=commune_a, full_name="Nguyễn Thị Thử")
    register_person(actor=officer, commune=commune_a, full_name="Lê Văn Nghiệm")
    admin = make_user("admin", username="fuzz_admin", is_staff=True, is_superuser=True)
    return ApiToken.objects.create(user=admin)[1]


def _load_schema():
    """The same document /api/schema/ serves, generated in-process (no request, no database)."""
    import json

    from drf_spectacular.generators import SchemaGenerator
    from rest_framework.renderers import JSONRenderer

    raw = json.loads(JSONRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    loaded = schemathesis.openapi.from_dict(raw)
    loaded.app = APP
    return loaded


schema = _load_schema()


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case, api_token):
    response = case.call(headers={"Authorization": f"Token {api_token}"})
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:500]}"
    case.validate_response(
        response,
        checks=[response_schema_conformance, content_type_conformance],
        excluded_checks=[negative_data_rejection],
    )
