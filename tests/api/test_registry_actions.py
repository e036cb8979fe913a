"""Move, death, determinations, certificates, history and the access log over the API."""


import pytest
from django.utils import timezone

from registry.models import AccessLog

pytestmark = pytest.mark.django_db


def test_move_shows_moved_out_to_the_old_commune_and_active_to_the_new(api, officer_a, officer_b, person_a, commune_b):
    response = api(officer_a).post(
        f"/api/v1/persons/{person_a.pk}/move/",
        {"commune": commune_b.code, "date": "2024-05-01", "village": "Tổ 12"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "moved_out"
    assert response.json()["commune"] == commune_b.code
    seen_by_a = api(officer_a).get(f"/api/v1/persons/{person_a.pk}/").json()
    seen_by_b = api(officer_b).get(f"/api/v1/persons/{person_a.pk}/").json()
    assert seen_by_a["status"] == "moved_out"
    assert seen_by_b["status"] == "active"
    assert seen_by_b["village"] == "Tổ 12"
    listed_by_a = api(officer_a).get("/api/v1/persons/", {"status": "moved_out"}).json()
    assert [row["id"] for row in listed_by_a["results"]] == [person_a.pk]
    assert api(officer_b).get("/api/v1/persons/", {"status": "moved_out"}).json()["count"] == 0


def test_deceased(api, officer_a, person_a):
    response = api(officer_a).post(f"/api/v1/persons/{person_a.pk}/deceased/", {"date": "2024-02-29"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "deceased"
    assert response.json()["died_on"] == "2024-02-29"
    again = api(officer_a).post(f"/api/v1/persons/{person_a.pk}/deceased/", {"date": "2024-03-01"}, format="json")
    assert again.status_code == 400


def test_new_determination_sets_types_and_level(api, officer_a, person_a):
    url = f"/api/v1/persons/{person_a.pk}/determinations/"
    payload = {
        "determined_on": timezone.localdate().isoformat(),
        "form": "03",
        "scores": {
            "walking": 2, "eating": 2, "toileting": 2, "hygiene": 2, "dressing": 2,
            "hearing_understanding": 1, "speaking": 1, "work": 2, "social": 1, "learning": 1,
        },
        "disability_types": ["mobility", "intellectual"],
    }  # fmt: skip

    created = api(officer_a).post(url, payload, format="json")

    assert created.status_code == 201, created.json()
    assert created.json()["total_score"] == 16
    assert created.json()["level"] == "especially_severe"
    person = api(officer_a).get(f"/api/v1/persons/{person_a.pk}/").json()
    assert person["level"] == "especially_severe"
    assert sorted(person["disability_types"]) == ["intellectual", "mobility"]
    listed = api(officer_a).get(url).json()
    assert listed["count"] == 2
    assert listed["results"][0]["id"] == created.json()["id"]


def test_certificates_issue_and_replace(api, officer_a, person_a, commune_a):
    url = f"/api/v1/persons/{person_a.pk}/certificates/"
    today = timezone.localdate().isoformat()
    client = api(officer_a)

    first = client.post(url, {"number": "12/GXN", "issued_on": today, "issuing_commune": commune_a.code}, format="json")
    second = client.post(
        url,
        {"number": "13/GXN", "issued_on": today, "issuing_commune": commune_a.code, "replaced_status": "exchanged"},
        format="json",
    )

    assert first.status_code == 201, first.json()
    assert second.status_code == 201, second.json()
    body = second.json()
    assert body["status"] == "valid"
    assert body["issuing_commune"] == commune_a.code
    assert body["verification_url"].startswith("http://testserver/verify/")
    statuses = {row["number"]: row["status"] for row in client.get(url).json()["results"]}
    assert statuses == {"12/GXN": "exchanged", "13/GXN": "valid"}
    duplicate = client.post(
        url, {"number": "13/GXN", "issued_on": today, "issuing_commune": commune_a.code}, format="json"
    )
    assert duplicate.status_code == 400 and "number" in duplicate.json()["errors"]


def test_history_shows_who_when_and_old_to_new(api, officer_a, person_a):
    client = api(officer_a)
    version = client.get(f"/api/v1/persons/{person_a.pk}/").json()["version"]
    client.patch(f"/api/v1/persons/{person_a.pk}/", {"version": version, "village": "Thôn Mới"}, format="json")

    response = client.get(f"/api/v1/persons/{person_a.pk}/history/")

    assert response.status_code == 200
    entries = response.json()["results"]
    latest = entries[0]
    assert latest["type"] == "changed"
    assert latest["user"] == officer_a.username
    assert {"field": "village", "old": "", "new": "Thôn Mới"} in latest["changes"]
    assert entries[-1]["type"] == "created"
    assert any(c["field"] == "full_name" and c["new"] == "Nguyễn Văn An" for c in entries[-1]["changes"])


def test_history_is_paginated_and_diffs_across_pages(api, officer_a, person_a):
    client = api(officer_a)
    for village in ("Thôn 1", "Thôn 2", "Thôn 3"):
        version = client.get(f"/api/v1/persons/{person_a.pk}/").json()["version"]
        client.patch(f"/api/v1/persons/{person_a.pk}/", {"version": version, "village": village}, format="json")

    page = client.get(f"/api/v1/persons/{person_a.pk}/history/", {"page_size": 2}).json()

    assert page["next"]
    changes = [c for entry in page["results"] for c in entry["changes"] if c["field"] == "village"]
    assert changes == [
        {"field": "village", "old": "Thôn 2", "new": "Thôn 3"},
        {"field": "village", "old": "Thôn 1", "new": "Thôn 2"},
    ]


def test_history_shows_commune_codes_after_a_move(api, officer_a, person_a, commune_a, commune_b):
    api(officer_a).post(
        f"/api/v1/persons/{person_a.pk}/move/", {"commune": commune_b.code, "date": "2024-05-01"}, format="json"
    )

    entries = api(officer_a).get(f"/api/v1/persons/{person_a.pk}/history/").json()["results"]

    assert {"field": "commune", "old": commune_a.code, "new": commune_b.code} in entries[0]["changes"]
    assert entries[0]["reason"]


def test_reads_write_the_access_log(api, provincial, person_a):
    client = api(provincial)
    client.get(f"/api/v1/persons/{person_a.pk}/")
    client.get(f"/api/v1/persons/{person_a.pk}/history/")
    client.get(f"/api/v1/persons/{person_a.pk}/determinations/")
    client.get(f"/api/v1/persons/{person_a.pk}/certificates/")
    client.get("/api/v1/persons/", {"q": "an"})

    rows = list(AccessLog.objects.filter(user=provincial).order_by("id").values_list("action", "person", "row_count"))
    assert rows == [
        ("view", person_a.pk, None),
        ("history", person_a.pk, None),
        ("view", person_a.pk, None),
        ("view", person_a.pk, None),
        ("search", None, 1),
    ]
    assert AccessLog.objects.filter(user=provincial, path__startswith="/api/v1/persons/").count() == 5


def test_refused_reads_write_no_access_log(api, officer_a, statistician, person_b):
    api(officer_a).get(f"/api/v1/persons/{person_b.pk}/")
    api(statistician).get("/api/v1/persons/")

    assert not AccessLog.objects.exclude(action="id_check").exists()  # (the setup's registrations are logged)


def test_association_officer_never_gets_id_numbers(api, officer_a, association_a, person_a):
    client = api(officer_a)
    version = client.get(f"/api/v1/persons/{person_a.pk}/").json()["version"]
    changed = client.patch(
        f"/api/v1/persons/{person_a.pk}/",
        {"version": version, "caregiver_name": "Nguyễn Thị Mai", "caregiver_national_id": "048182000777"},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    secrets = [person_a.national_id, "048182000777"]
    association = api(association_a)

    for url in [
        "/api/v1/persons/",
        f"/api/v1/persons/{person_a.pk}/",
        f"/api/v1/persons/{person_a.pk}/history/",
        f"/api/v1/persons/{person_a.pk}/determinations/",
        f"/api/v1/persons/{person_a.pk}/certificates/",
    ]:
        response = association.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert "national_id" not in text, url
        for secret in secrets:
            assert secret not in text, url
    assert association.get(f"/api/v1/persons/{person_a.pk}/").json()["caregiver_name"] == "Nguyễn Thị Mai"
    # Nor can the association officer probe an ID number through the search.
    assert association.get("/api/v1/persons/", {"q": person_a.national_id}).json()["count"] == 0
    assert client.get("/api/v1/persons/", {"q": person_a.national_id}).json()["count"] == 1
    # The officer does see both numbers.
    history = client.get(f"/api/v1/persons/{person_a.pk}/history/").content.decode()
    assert "048182000777" in history
