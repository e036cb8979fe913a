"""Bad input: 400, the field named, a Vietnamese message, nothing stored."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from registry.models import Certificate, Determination, Person
from tests.api.conftest import person_payload

pytestmark = pytest.mark.django_db

URL = "/api/v1/persons/"
VIETNAMESE = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹáàãéèíìóòõúùýĐ")


def assert_vietnamese(message: str) -> None:
    assert VIETNAMESE & set(message.lower()), f"not Vietnamese: {message!r}"


def assert_refused(response, field: str) -> None:
    assert response.status_code == 400, response.json()
    body = response.json()
    assert field in body["errors"], body
    for message in body["errors"][field]:
        assert_vietnamese(message)
    assert_vietnamese(body["detail"])


TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"national_id": "04819000012X"}, "national_id"),  # not digits only
        ({"national_id": "04819000012"}, "national_id"),  # 11 digits
        ({"national_id": "999190000123"}, "national_id"),  # unknown province code
        ({"national_id": "048090000123"}, "national_id"),  # fourth digit says male, person is female
        ({"national_id": "048185000123"}, "national_id"),  # digits 5–6 say 1985, born 1990
        ({"national_id": "048390000123"}, "national_id"),  # fourth digit says born in the 2000s
        ({"caregiver_national_id": "12345"}, "caregiver_national_id"),
        ({"date_of_birth": TOMORROW}, "date_of_birth"),  # future
        ({"date_of_birth": "1990-02-30"}, "date_of_birth"),  # impossible
        ({"date_of_birth": "04/03/1990"}, "date_of_birth"),  # not ISO
        ({"date_of_birth": None, "birth_year": timezone.localdate().year + 1}, "birth_year"),
        ({"date_of_birth": None}, "date_of_birth"),  # neither date nor year
        ({"commune": "99999"}, "commune"),  # unknown unit
        ({"commune": "abc"}, "commune"),
        ({"sex": "x"}, "sex"),
        ({"ethnicity": "77"}, "ethnicity"),
        ({"full_name": ""}, "full_name"),
        ({"disability_types": [], "level": "severe"}, "disability_types"),  # level without types
        ({"disability_types": ["vision"], "level": ""}, "level"),  # types without level
        ({"disability_types": ["flying"]}, "disability_types"),
        ({"level": "extreme"}, "level"),
        ({"poverty_status": "poor"}, "poverty_year"),
        ({"association_member_since": TOMORROW}, "association_member_since"),
        ({"wg_seeing": 7}, "wg_seeing"),
    ],
)
def test_create_refuses_bad_input(api, officer_a, commune_a, overrides, field):
    response = api(officer_a).post(URL, person_payload(commune_a, **overrides), format="json")

    assert_refused(response, field)
    assert Person.objects.count() == 0
    assert Determination.objects.count() == 0


def test_missing_fields_are_named_in_vietnamese(api, officer_a):
    response = api(officer_a).post(URL, {}, format="json")

    for field in ("full_name", "sex", "commune"):
        assert_refused(response, field)
    assert Person.objects.count() == 0


def test_legacy_commune_as_residence_is_refused(api, officer_a, commune_a, legacy_commune):
    payload = person_payload(commune_a, commune=legacy_commune.code)

    response = api(officer_a).post(URL, payload, format="json")

    assert_refused(response, "commune")
    assert Person.objects.count() == 0


def test_commune_outside_scope_is_refused(api, officer_a, commune_b):
    response = api(officer_a).post(URL, person_payload(commune_b), format="json")

    assert_refused(response, "commune")
    assert Person.objects.count() == 0


def test_malformed_json_body(api, officer_a):
    response = api(officer_a).post(URL, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert_vietnamese(response.json()["detail"])


def test_update_refuses_bad_input_and_keeps_the_record(api, officer_a, person_a):
    client = api(officer_a)
    version = client.get(f"{URL}{person_a.pk}/").json()["version"]

    response = client.patch(
        f"{URL}{person_a.pk}/", {"version": version, "date_of_birth": TOMORROW, "phone": "0905"}, format="json"
    )

    assert_refused(response, "date_of_birth")
    person_a.refresh_from_db()
    assert (person_a.date_of_birth, person_a.phone, person_a.version) == (date(1980, 5, 17), "", version)


def test_update_without_version_is_refused(api, officer_a, person_a):
    response = api(officer_a).patch(f"{URL}{person_a.pk}/", {"phone": "0905"}, format="json")

    assert_refused(response, "version")


def test_certificate_before_birth_is_refused(api, officer_a, commune_a):
    from tests.factories import register_person

    child = register_person(
        actor=officer_a, commune=commune_a, full_name="Hồ Bảo Anh", date_of_birth=date(2020, 6, 1),
        determined_on=date(2021, 1, 5),
    )  # fmt: skip

    response = api(officer_a).post(
        f"{URL}{child.pk}/certificates/",
        {"number": "01/2020", "issued_on": "2020-01-01", "issuing_commune": commune_a.code},
        format="json",
    )

    assert_refused(response, "issued_on")
    assert Certificate.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"determined_on": TOMORROW, "disability_types": ["vision"], "level": "mild"}, "determined_on"),
        ({"determined_on": "1970-01-01", "disability_types": ["vision"], "level": "mild"}, "determined_on"),
        ({"determined_on": "2024-01-10", "disability_types": [], "level": "mild"}, "disability_types"),
        ({"determined_on": "2024-01-10", "disability_types": ["vision"], "form": "03", "scores": {}}, "scores"),
    ],
)
def test_determination_bad_input(api, officer_a, person_a, payload, field):
    before = person_a.determinations.count()

    response = api(officer_a).post(f"{URL}{person_a.pk}/determinations/", payload, format="json")

    assert_refused(response, field)
    assert person_a.determinations.count() == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"commune": "99999", "date": "2024-01-01"}, "commune"),
        ({"commune": "20242", "date": "2024-01-01"}, "commune"),  # already lives there
        ({"commune": None, "date": TOMORROW}, "commune"),
    ],
)
def test_move_bad_input(api, officer_a, person_a, payload, field):
    response = api(officer_a).post(f"{URL}{person_a.pk}/move/", payload, format="json")

    assert_refused(response, field)
    person_a.refresh_from_db()
    assert person_a.residences.count() == 1


def test_move_in_the_future_is_refused(api, officer_a, person_a, commune_c):
    response = api(officer_a).post(
        f"{URL}{person_a.pk}/move/", {"commune": commune_c.code, "date": TOMORROW}, format="json"
    )

    assert_refused(response, "date")


def test_move_to_legacy_commune_is_refused(api, officer_a, person_a, legacy_commune):
    response = api(officer_a).post(
        f"{URL}{person_a.pk}/move/", {"commune": legacy_commune.code, "date": "2024-01-01"}, format="json"
    )

    assert_refused(response, "commune")
    assert "2025" in response.json()["errors"]["commune"][0]


@pytest.mark.parametrize("day", [TOMORROW, "1970-01-01", "not-a-date"])
def test_deceased_bad_dates(api, officer_a, person_a, day):
    response = api(officer_a).post(f"{URL}{person_a.pk}/deceased/", {"date": day}, format="json")

    assert_refused(response, "date")
    person_a.refresh_from_db()
    assert person_a.status == "active"
