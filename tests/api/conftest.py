"""API fixtures: a client authenticated by token for any user, and a few helpers."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from registry.models import AdminUnit


@pytest.fixture
def api():
    """`api(user)` → an APIClient sending `Authorization: Token …` for the user; `api()` → anonymous."""

    def make(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            from registry.models import ApiToken

            _instance, token = ApiToken.objects.create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make


@pytest.fixture
def commune_c(db):
    """A third current commune of Đà Nẵng (neither A nor B), for moves."""
    return (
        AdminUnit.objects.filter(level="commune", is_current=True, province_code="48")
        .exclude(code__in=["20242", "20341"])
        .order_by("code")
        .first()
    )


@pytest.fixture
def legacy_commune(db):
    """A pre-2025 Quảng Nam commune (replaced on 1 July 2025) whose code no current commune reuses."""
    current_codes = AdminUnit.objects.filter(level="commune", is_current=True).values("code")
    return (
        AdminUnit.objects.filter(level="commune", is_current=False, province_code="49")
        .exclude(code__in=current_codes)
        .order_by("code")
        .first()
    )


def person_payload(unit, /, **overrides) -> dict:
    payload = {
        "full_name": "Lê Thị Hoa",
        "sex": "female",
        "date_of_birth": "1990-03-04",
        "ethnicity": "01",
        "national_id": "048190000123",
        "commune": unit.code,
        "village": "Tổ 5",
        "disability_types": ["vision", "mobility"],
        "level": "severe",
    }
    payload.update(overrides)
    return payload


def iso(day: date) -> str:
    return day.isoformat()
