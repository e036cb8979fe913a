"""Query counts of the list pages do not grow with the rows shown."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import register_person

pytestmark = pytest.mark.django_db


def add_persons(officer, commune, n, start=0):
    for i in range(start, start + n):
        register_person(
            actor=officer,
            commune=commune,
            full_name=f"Người Thứ {i}",
            date_of_birth=date(1960 + i, 1 + i % 12, 1 + i % 27),
            disability_types=["mobility", "vision"][: 1 + i % 2],
            association_member_since=date(2020, 1, 1) if i % 2 else None,
        )


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("params", [{}, {"q": "nguoi thu"}, {"type": "mobility", "status": "active", "sex": "male"}])
def test_person_list_query_count_is_constant(client, officer_a, commune_a, params):
    add_persons(officer_a, commune_a, 3)
    client.force_login(officer_a)
    with_three = count_queries(client, reverse("registry:person_list"), params)
    add_persons(officer_a, commune_a, 7, start=3)
    client.force_login(officer_a)
    assert count_queries(client, reverse("registry:person_list"), params) == with_three
    assert with_three <= 8


def test_person_list_for_the_province_query_count_is_constant(
    client, officer_a, officer_b, provincial, commune_a, commune_b
):
    add_persons(officer_a, commune_a, 2)
    add_persons(officer_b, commune_b, 2, start=2)
    client.force_login(provincial)
    first = count_queries(client, reverse("registry:person_list"))
    add_persons(officer_b, commune_b, 5, start=4)
    assert count_queries(client, reverse("registry:person_list")) == first


def test_person_page_query_count_does_not_grow_with_history(client, officer_a, commune_a, person_a):
    from registry.services import person_update

    client.force_login(officer_a)
    url = reverse("registry:person_detail", args=[person_a.pk])
    before = count_queries(client, url)
    for i in range(4):
        person_update(actor=officer_a, person=person_a, data={"village": f"Tổ {i}"})
    assert count_queries(client, url) == before


def test_access_log_query_count_is_constant(client, officer_a, provincial, commune_a):
    add_persons(officer_a, commune_a, 3)
    client.force_login(officer_a)
    for _ in range(3):
        client.get(reverse("registry:person_list"))
    client.force_login(provincial)
    first = count_queries(client, reverse("registry:access_log"))
    client.force_login(officer_a)
    for _ in range(6):
        client.get(reverse("registry:person_list"))
    client.force_login(provincial)
    assert count_queries(client, reverse("registry:access_log")) == first


def test_dashboard_query_count_is_small(client, officer_a, statistician, commune_a):
    add_persons(officer_a, commune_a, 3)
    for user in (officer_a, statistician):
        client.force_login(user)
        assert count_queries(client, reverse("registry:dashboard")) <= 6
