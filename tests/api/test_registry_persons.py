"""Persons over the API: create, read, update, the duplicate rules and the version lock."""

from datetime import date

import pytest

from registry.models import AccessLog, Person
from tests.api.conftest import person_payload

pytestmark = pytest.mark.django_db

URL = "/api/v1/persons/"


def test_create_person_records_initial_determination(api, officer_a, commune_a):
    response = api(officer_a).post(URL, person_payload(commune_a), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["full_name"] == "Lê Thị Hoa"
    assert body["date_of_birth"] == "1990-03-04"
    assert body["birth_year"] == 1990
    assert body["commune"] == commune_a.code
    assert body["status"] == "active"
    assert body["national_id"] == "048190000123"
    assert sorted(body["disability_types"]) == ["mobility", "vision"]
    assert body["level"] == "severe"
    person = Person.objects.get(pk=body["id"])
    determination = person.determinations.get()
    assert sorted(determination.disability_types) == ["mobility", "vision"]
    assert determination.level == "severe"
    assert person.residences.get().commune == commune_a


def test_create_with_birth_year_only(api, officer_a, commune_a):
    payload = person_payload(commune_a, birth_year=1975, national_id="048175000999")
    del payload["date_of_birth"]

    response = api(officer_a).post(URL, payload, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["date_of_birth"] is None
    assert body["birth_year"] == 1975
    assert body["birth_date_approximate"] is True
    assert Person.objects.get(pk=body["id"]).date_of_birth == date(1975, 1, 1)


def test_nfd_name_is_stored_composed_and_found_by_folded_search(api, officer_a, commune_a):
    import unicodedata

    payload = person_payload(commune_a, full_name=unicodedata.normalize("NFD", "Đặng Văn Hùng"), national_id="")
    response = api(officer_a).post(URL, payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["full_name"] == unicodedata.normalize("NFC", "Đặng Văn Hùng")

    found = api(officer_a).get(URL, {"q": "dang van hung"}).json()
    assert [row["id"] for row in found["results"]] == [response.json()["id"]]


def test_duplicate_national_id_is_refused(api, officer_a, commune_a, person_a):
    payload = person_payload(commune_a, full_name="Người Khác", sex="male", date_of_birth="1980-05-17")
    payload["national_id"] = person_a.national_id

    response = api(officer_a).post(URL, payload, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "duplicate_national_id"
    assert "national_id" in response.json()["errors"]
    assert Person.objects.filter(full_name="Người Khác").count() == 0


def test_similar_person_warns_then_confirm_saves(api, officer_a, commune_a, person_a):
    payload = person_payload(
        commune_a, full_name="nguyen van an", sex="male", date_of_birth="1980-11-02", national_id=""
    )
    client = api(officer_a)

    warned = client.post(URL, payload, format="json")
    assert warned.status_code == 400
    body = warned.json()
    assert body["code"] == "possible_duplicate"
    assert [c["id"] for c in body["candidates"]] == [person_a.pk]
    assert "confirm_duplicate" in body["errors"]
    assert Person.objects.count() == 1

    confirmed = client.post(URL, {**payload, "confirm_duplicate": True}, format="json")
    assert confirmed.status_code == 201, confirmed.json()
    assert Person.objects.count() == 2


def test_retrieve_logs_a_view(api, officer_a, person_a):
    response = api(officer_a).get(f"{URL}{person_a.pk}/")

    assert response.status_code == 200
    log = AccessLog.objects.get(action="view")
    assert (log.user, log.person) == (officer_a, person_a)


def test_list_and_search_log_one_row_per_request(api, officer_a, person_a, commune_a):
    from tests.factories import register_person

    register_person(actor=officer_a, commune=commune_a, full_name="Phạm Thị Cúc", sex="female")
    client = api(officer_a)

    listed = client.get(URL)
    searched = client.get(URL, {"q": "cuc"})

    assert listed.json()["count"] == 2
    assert searched.json()["count"] == 1
    rows = list(AccessLog.objects.exclude(action="id_check").order_by("id").values_list("action", "row_count", "person"))
    assert rows == [("list", 2, None), ("search", 1, None)]


def test_list_filters_like_the_list_page(api, officer_a, commune_a, person_a):
    from tests.factories import register_person

    child = register_person(
        actor=officer_a, commune=commune_a, full_name="Võ Minh Khang", date_of_birth=date(2018, 2, 3), level="mild",
        disability_types=("intellectual",),
    )  # fmt: skip
    client = api(officer_a)

    def ids(**params):
        response = client.get(URL, params)
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert ids(age_group="child") == [child.pk]
    assert ids(disability_type="intellectual") == [child.pk]
    assert ids(level="severe") == [person_a.pk]
    assert ids(sex="female") == []
    assert set(ids(status="active")) == {person_a.pk, child.pk}
    assert set(ids(commune=commune_a.code)) == {person_a.pk, child.pk}
    assert ids(association_member="true") == []


def test_bad_filter_value_is_a_400(api, officer_a):
    response = api(officer_a).get(URL, {"level": "terrible"})

    assert response.status_code == 400
    assert "level" in response.json()["errors"]


def test_update_changes_fields_and_bumps_version(api, officer_a, person_a):
    client = api(officer_a)
    current = client.get(f"{URL}{person_a.pk}/").json()

    response = client.patch(
        f"{URL}{person_a.pk}/", {"version": current["version"], "phone": "0905 123 456"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["phone"] == "0905 123 456"
    assert response.json()["version"] == current["version"] + 1


def test_put_round_trip_of_what_was_read(api, officer_a, person_a):
    client = api(officer_a)
    current = client.get(f"{URL}{person_a.pk}/").json()

    response = client.put(f"{URL}{person_a.pk}/", {**current, "village": "Thôn 3"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["village"] == "Thôn 3"


def test_stale_version_is_a_409_with_what_changed(api, officer_a, person_a):
    client = api(officer_a)
    version = client.get(f"{URL}{person_a.pk}/").json()["version"]
    first = client.patch(f"{URL}{person_a.pk}/", {"version": version, "village": "Thôn 1"}, format="json")
    assert first.status_code == 200

    second = client.patch(f"{URL}{person_a.pk}/", {"version": version, "phone": "0905000111"}, format="json")

    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "conflict"
    assert "village" in body["changes"]
    person_a.refresh_from_db()
    assert person_a.phone == ""


def test_update_cannot_change_commune_or_types(api, officer_a, person_a, commune_b):
    client = api(officer_a)
    version = client.get(f"{URL}{person_a.pk}/").json()["version"]

    moved = client.patch(f"{URL}{person_a.pk}/", {"version": version, "commune": commune_b.code}, format="json")
    typed = client.patch(f"{URL}{person_a.pk}/", {"version": version, "level": "mild"}, format="json")

    assert moved.status_code == 400 and "commune" in moved.json()["errors"]
    assert typed.status_code == 400 and "level" in typed.json()["errors"]
    person_a.refresh_from_db()
    assert (person_a.commune_id, person_a.level) == (person_a.commune_id, "severe")
