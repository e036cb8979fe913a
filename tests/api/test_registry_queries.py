"""Query counts on the list endpoints: the same for 3 rows as for 10 (no N+1)."""


import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from registry.models import AdminUnit
from tests.factories import register_person

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang",
         "Đặng Văn Hải", "Bùi Thị Khánh", "Đỗ Văn Long", "Hồ Thị Mai"]  # fmt: skip


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.json()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["officer_a", "provincial", "association_a"])
def test_person_list_query_count_does_not_grow(request, api, commune_a, officer_a, role, django_assert_max_num_queries):
    client = api(request.getfixturevalue(role))
    for name in NAMES[:3]:
        register_person(actor=officer_a, commune=commune_a, full_name=name)
    count_queries(client, "/api/v1/persons/")  # warm the token row
    with django_assert_max_num_queries(8):
        three = count_queries(client, "/api/v1/persons/", {"q": "van"})
    for name in NAMES[3:]:
        register_person(actor=officer_a, commune=commune_a, full_name=name)

    ten = count_queries(client, "/api/v1/persons/")

    assert client.get("/api/v1/persons/").json()["count"] == 10
    assert ten == count_queries(client, "/api/v1/persons/")
    assert three == ten


def test_admin_unit_list_query_count_does_not_grow(api, officer_a, django_assert_max_num_queries):
    client = api(officer_a)
    legacy = {"current": "false", "level": "commune", "province": "49"}
    count_queries(client, "/api/v1/admin-units/", {**legacy, "page_size": 1})

    with django_assert_max_num_queries(6):
        three = count_queries(client, "/api/v1/admin-units/", {**legacy, "page_size": 3})
    ten = count_queries(client, "/api/v1/admin-units/", {**legacy, "page_size": 10})

    assert three == ten
    assert AdminUnit.objects.filter(is_current=False, level="commune", province_code="49").count() > 10


def _add_rows(client, base, commune, start, stop):
    for n in range(start, stop):
        version = client.get(f"{base}/").json()["version"]
        assert client.patch(f"{base}/", {"version": version, "village": f"Thôn {n}"}, format="json").status_code == 200
        determination = {"determined_on": f"2024-01-{n + 1:02d}", "disability_types": ["vision"], "level": "mild"}
        assert client.post(f"{base}/determinations/", determination, format="json").status_code == 201
        certificate = {"number": f"C{n}", "issued_on": timezone.localdate().isoformat(), "issuing_commune": commune.code}
        assert client.post(f"{base}/certificates/", certificate, format="json").status_code == 201


def test_nested_lists_query_count_does_not_grow(api, officer_a, person_a, commune_a):
    client = api(officer_a)
    base = f"/api/v1/persons/{person_a.pk}"
    nested = ("history", "determinations", "certificates")
    _add_rows(client, base, commune_a, 0, 3)
    three = {name: count_queries(client, f"{base}/{name}/") for name in nested}
    _add_rows(client, base, commune_a, 3, 10)

    ten = {name: count_queries(client, f"{base}/{name}/") for name in nested}

    assert ten == three
