"""The role × scope matrix over every registry endpoint.

Each case runs the same request from the same setup for a person in the viewer's commune (A)
and a person of another commune (B), so success and refusal are proved side by side.
"""


import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

READS = ["retrieve", "determinations", "certificates", "history"]
WRITES = ["update", "move", "deceased", "determination_create", "certificate_create"]

# role fixture → (status for person A, status for person B)
READ_EXPECTED = {
    "officer_a": (200, 404),
    "leader_a": (200, 404),
    "association_a": (200, 404),
    "provincial": (200, 200),
    "admin_user": (200, 200),
    "statistician": (404, 404),
    None: (401, 401),
}
WRITE_EXPECTED = {
    "officer_a": ("ok", 404),
    "leader_a": (403, 403),
    "association_a": (403, 403),
    "provincial": (403, 403),
    "statistician": (403, 403),
    "admin_user": ("ok", "ok"),
    None: (401, 401),
}


def _request(client, endpoint: str, person, commune_c):
    base = f"/api/v1/persons/{person.pk}/"
    today = timezone.localdate().isoformat()
    if endpoint == "retrieve":
        return client.get(base)
    if endpoint in ("determinations", "certificates", "history"):
        return client.get(f"{base}{endpoint}/")
    if endpoint == "update":
        return client.patch(base, {"version": person.version, "phone": "0905111222"}, format="json")
    if endpoint == "move":
        return client.post(f"{base}move/", {"commune": commune_c.code, "date": today}, format="json")
    if endpoint == "deceased":
        return client.post(f"{base}deceased/", {"date": today}, format="json")
    if endpoint == "determination_create":
        payload = {"determined_on": today, "disability_types": ["vision"], "level": "mild"}
        return client.post(f"{base}determinations/", payload, format="json")
    if endpoint == "certificate_create":
        payload = {"number": f"GXN-{person.pk}", "issued_on": today, "issuing_commune": person.commune.code}
        return client.post(f"{base}certificates/", payload, format="json")
    raise AssertionError(endpoint)


def _client(request, api, role):
    return api(request.getfixturevalue(role)) if role else api()


@pytest.mark.parametrize("endpoint", READS)
@pytest.mark.parametrize("role", list(READ_EXPECTED))
def test_read_matrix(request, api, person_a, person_b, commune_c, role, endpoint):
    client = _client(request, api, role)
    expected_a, expected_b = READ_EXPECTED[role]

    assert _request(client, endpoint, person_a, commune_c).status_code == expected_a
    assert _request(client, endpoint, person_b, commune_c).status_code == expected_b


@pytest.mark.parametrize("endpoint", WRITES)
@pytest.mark.parametrize("role", list(WRITE_EXPECTED))
def test_write_matrix(request, api, person_a, person_b, commune_c, role, endpoint):
    client = _client(request, api, role)
    expected_a, expected_b = WRITE_EXPECTED[role]

    for person, expected in ((person_a, expected_a), (person_b, expected_b)):
        response = _request(client, endpoint, person, commune_c)
        if expected == "ok":
            assert response.status_code in (200, 201), response.json()
        else:
            assert response.status_code == expected, response.json()


@pytest.mark.parametrize(
    ("role", "status", "sees_a", "sees_b"),
    [
        ("officer_a", 200, True, False),
        ("leader_a", 200, True, False),
        ("association_a", 200, True, False),
        ("officer_b", 200, False, True),
        ("provincial", 200, True, True),
        ("admin_user", 200, True, True),
        ("statistician", 403, False, False),
        (None, 401, False, False),
    ],
)
@pytest.mark.parametrize("search", [False, True])
def test_list_and_search_matrix(request, api, person_a, person_b, role, status, sees_a, sees_b, search):
    client = _client(request, api, role)
    found = set()
    for params in ({"q": "nguyen van an"}, {"q": "tran thi binh"}) if search else ({},):
        response = client.get("/api/v1/persons/", params)
        assert response.status_code == status
        if status == 200:
            found |= {row["id"] for row in response.json()["results"]}

    assert (person_a.pk in found, person_b.pk in found) == (sees_a, sees_b)


def test_filtering_by_another_communes_code_gives_nothing(api, officer_a, person_b, commune_b):
    response = api(officer_a).get("/api/v1/persons/", {"commune": commune_b.code})

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_officer_edits_only_current_residents_after_a_move(api, officer_a, officer_b, person_a, commune_b):
    """A person who moved out of A stays readable by A's officer, but only B's officer edits them."""
    moved = api(officer_a).post(
        f"/api/v1/persons/{person_a.pk}/move/", {"commune": commune_b.code, "date": "2024-05-01"}, format="json"
    )
    assert moved.status_code == 200

    version = api(officer_a).get(f"/api/v1/persons/{person_a.pk}/").json()["version"]
    payload = {"version": version, "phone": "0905000000"}
    assert api(officer_a).patch(f"/api/v1/persons/{person_a.pk}/", payload, format="json").status_code == 403
    assert api(officer_b).patch(f"/api/v1/persons/{person_a.pk}/", payload, format="json").status_code == 200
    determination = {"determined_on": "2024-06-01", "disability_types": ["vision"], "level": "mild"}
    url = f"/api/v1/persons/{person_a.pk}/determinations/"
    assert api(officer_a).post(url, determination, format="json").status_code == 403
    assert api(officer_b).post(url, determination, format="json").status_code == 201


def test_certificate_issuing_commune_must_be_the_officers(api, officer_a, person_a, commune_a, commune_b):
    url = f"/api/v1/persons/{person_a.pk}/certificates/"
    today = timezone.localdate().isoformat()

    refused = api(officer_a).post(
        url, {"number": "1", "issued_on": today, "issuing_commune": commune_b.code}, format="json"
    )
    accepted = api(officer_a).post(
        url, {"number": "1", "issued_on": today, "issuing_commune": commune_a.code}, format="json"
    )

    assert refused.status_code == 400 and "issuing_commune" in refused.json()["errors"]
    assert accepted.status_code == 201


def test_caregiver_person_must_be_visible(api, officer_a, person_a, person_b):
    url = f"/api/v1/persons/{person_a.pk}/"
    version = person_a.version

    refused = api(officer_a).patch(url, {"version": version, "caregiver_person": person_b.pk}, format="json")

    assert refused.status_code == 400 and "caregiver_person" in refused.json()["errors"]
