"""Administrative units over the API."""

import pytest

from registry.models import AdminUnit

pytestmark = pytest.mark.django_db

URL = "/api/v1/admin-units/"


def codes(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [row["code"] for row in response.json()["results"]]


def test_search_by_name_with_or_without_diacritics_and_prefix(api, statistician):
    client = api(statistician)  # units are not person-level data: every role may read them

    for text in ("Hải Châu", "hai chau", "Phường Hải Châu", "phuong hai chau"):
        assert "20242" in codes(client.get(URL, {"q": text, "current": "true", "level": "commune"})), text


def test_filters(api, officer_a):
    client = api(officer_a)

    provinces = codes(client.get(URL, {"level": "province", "current": "true"}))
    assert set(provinces) == {"01", "48"}
    children = client.get(URL, {"parent": "48", "current": "true", "page_size": 200}).json()
    assert children["count"] == AdminUnit.objects.filter(parent__code="48", is_current=True).count()
    assert all(row["parent"] == "48" and row["level"] == "commune" for row in children["results"])
    assert codes(client.get(URL, {"code": "20242", "current": "true"})) == ["20242"]


def test_legacy_commune_lists_its_successor(api, officer_a, unit):
    legacy = AdminUnit.objects.filter(level="commune", is_current=False, province_code="49", successors__code="20341")
    legacy = legacy.first()
    assert legacy is not None

    body = api(officer_a).get(f"{URL}{legacy.pk}/").json()

    assert body["is_current"] is False
    assert body["valid_to"] == "2025-06-30"
    assert "20341" in body["successors"]


def test_retrieve_by_code_prefers_the_current_unit(api, officer_a):
    client = api(officer_a)

    current = client.get(f"{URL}code/20242/")
    missing = client.get(f"{URL}code/99999/")

    assert current.status_code == 200
    assert current.json()["is_current"] is True and current.json()["name"] == "Phường Hải Châu"
    assert missing.status_code == 404


def test_bad_filter_value(api, officer_a):
    response = api(officer_a).get(URL, {"level": "planet"})

    assert response.status_code == 400
    assert "level" in response.json()["errors"]


def test_anonymous_gets_401(api):
    assert api().get(URL).status_code == 401


def test_units_are_read_only(api, admin_user):
    assert api(admin_user).post(URL, {"code": "99999"}, format="json").status_code == 405
