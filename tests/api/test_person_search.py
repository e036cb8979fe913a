"""Name search over the API: the pages of a search are the slices of the list (read ids first)."""

from datetime import date

import pytest

from registry.selectors import PersonFilters, person_list
from tests.factories import register_person

pytestmark = pytest.mark.django_db


def test_pages_of_a_name_search_are_the_slices_of_the_list(api, officer_a, commune_a, person_b):
    for i in range(9):
        register_person(
            actor=officer_a, commune=commune_a, full_name=f"Nguyễn Văn An {i}", date_of_birth=date(1990, 1, 1 + i)
        )
    register_person(actor=officer_a, commune=commune_a, full_name="Hoàng Văn Lan")
    expected = [p.pk for p in person_list(viewer=officer_a, filters=PersonFilters(q="van an"))]
    assert len(expected) == 9
    seen = []
    for number in (1, 2, 3):
        body = api(officer_a).get("/api/v1/persons/", {"q": "Văn An", "page_size": 4, "page": number}).json()
        assert body["count"] == 9
        assert all(
            row["commune"] == commune_a.code and row["full_name"].startswith("Nguyễn Văn An") for row in body["results"]
        )
        seen += [row["id"] for row in body["results"]]
    assert seen == expected
    assert api(officer_a).get("/api/v1/persons/", {"q": "van an", "page_size": 4, "page": 4}).status_code == 404
    # "an" is a word start, never the inside of a word ("Lan"), and the scope still holds
    assert api(officer_a).get("/api/v1/persons/", {"q": "lan"}).json()["count"] == 1
    assert api(officer_a).get("/api/v1/persons/", {"q": "binh"}).json()["count"] == 0
