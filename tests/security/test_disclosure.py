"""Messages that leak (issue 13 §2): no message, error row, download or page tells a user a name,
an ID number or the existence of a person outside what their role may see.

Each attack is run the way an attacker would: the same request with only the guessed value changed
(an ID number registered in the user's area, registered elsewhere, never registered), and what the
user gets back is compared — it must be identical, apart from what they typed themselves.
"""

import csv
import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from python_calamine import CalamineWorkbook

from cases.imports import CASE_COLUMNS, TEMPLATE_KEYS
from cases.models import Case
from registry.identifiers import example_national_id
from registry.models import AccessLog, ImportJob, Person
from tests.conftest import OTHER_PROVINCE_COMMUNE
from tests.factories import register_person
from tests.imports.registers import row, workbook_bytes
from tests.registry.test_views_person_forms import form_data

pytestmark = pytest.mark.django_db

# A valid ID number nobody holds (same province, sex and birth year as the fixtures' persons).
UNREGISTERED = example_national_id(province="48", sex="male", birth=date(1980, 5, 17), serial=987654)
NEUTRAL = (
    "Không tìm thấy người khuyết tật phù hợp trong địa bàn của bạn: "
    "kiểm tra lại số định danh, họ tên, ngày sinh và xã/phường."
)
ID_TAKEN = "Số định danh này đã được đăng ký. Đề nghị cấp tỉnh chuyển người này về xã/phường của bạn."
CASE_HEADERS = [c.header for c in CASE_COLUMNS if c.key in TEMPLATE_KEYS]


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def api():
    """`api(user)`: an API client authenticated by the user's token."""
    from rest_framework.test import APIClient

    from tests.factories import api_token

    def make(user) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
        return client

    return make


@pytest.fixture
def person_c(officer_a, commune_a):
    """A second person of commune A, with another name."""
    return register_person(actor=officer_a, commune=commune_a, full_name="Lê Thị Cúc", sex="female")


@pytest.fixture
def hanoi_person(admin_user, unit):
    """A person of Hà Nội: outside every Đà Nẵng account."""
    return register_person(
        actor=admin_user, commune=unit(OTHER_PROVINCE_COMMUNE), full_name="Đỗ Thị Hạnh", sex="female"
    )


@pytest.fixture
def association_province(make_user, province):
    """The association officer as in the demo (`hoinkt`): the whole province."""
    return make_user("association_officer", province, username="association_province")


def secrets_of(*persons) -> list[str]:
    """What must never reach a user who may not see these persons: names, ID numbers, communes."""
    return [s for p in persons for s in (p.full_name, p.national_id, p.commune.name) if s]


def normalized(page: str) -> str:
    """A page without what changes from one request to the next: the CSRF token, times, dates."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
    return re.sub(r"\d\d:\d\d|\d\d/\d\d/\d{4}", "…", page)


# The case import (/cases/import/) ----------------------------------------------------------------
def case_file(values: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CASE_HEADERS)
    cells = {"STT": "1", "Loại hỗ trợ": "Phục hồi chức năng", "Ngày hỗ trợ": "10/03/2026",
             "Nguồn kinh phí": "Hội Người khuyết tật", **values}  # fmt: skip
    writer.writerow([cells.get(h, "") for h in CASE_HEADERS])
    return buffer.getvalue().encode("utf-8")


def what_the_uploader_gets(client, user, values: dict, typed: list[str]) -> dict:
    """Upload one row through the page, as the user: the job page, its stored report and the XLSX of
    rows to fix — with what the user typed, and the job's own number and times, blanked out."""
    client.force_login(user)
    data = case_file(values)
    response = client.post(reverse("cases:case_import"), {"file": SimpleUploadedFile("ds.csv", data, "text/csv")})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.filter(user=user).latest("pk")
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    download = client.get(reverse("imports:job_errors", args=[job.pk]))
    cells = []
    if download.status_code == 200:
        cells = CalamineWorkbook.from_filelike(io.BytesIO(download.getvalue())).get_sheet_by_index(0).to_python()
    seen = {
        "counts": (job.status, job.created, job.unchanged, job.errors),
        "errors": [entry["errors"] for entry in job.report.get("errors", [])],
        "page": normalized(page.replace(f"/jobs/{job.pk}/", "/jobs/…/")),
        "download": (download.status_code, cells),
    }
    text = repr(seen)
    for value in typed:
        text = text.replace(value, "<typed>")
    return {"text": text, **seen}


@pytest.mark.parametrize("who", ["association_a", "association_province"])
def test_association_cannot_turn_an_id_number_into_a_name(request, client, who, person_a, person_b, person_c,
                                                          hanoi_person):  # fmt: skip
    """The attack of the issue: a dry run with a guessed ID number. Whether the number is a person's
    of the area with the name written, with another name, registered elsewhere or never registered,
    the association officer (who never sees ID numbers) gets the very same answer."""
    user = request.getfixturevalue(who)
    written = {"Họ và tên": person_a.full_name}
    answers = {}
    for label, national_id in [("in area, name written", person_a.national_id),
                               ("in area, another name", person_c.national_id),
                               ("same province, other commune", person_b.national_id),
                               ("other province", hanoi_person.national_id),
                               ("never registered", UNREGISTERED)]:  # fmt: skip
        answers[label] = what_the_uploader_gets(
            client, user, {**written, "Số định danh cá nhân": national_id}, [national_id]
        )
    first = answers["never registered"]
    assert first["counts"][1:] == (0, 0, 1)
    for label, seen in answers.items():
        assert seen["text"] == first["text"], label
        for secret in secrets_of(person_b, person_c, hanoi_person):
            assert secret not in seen["text"], (label, secret)
    assert not Case.objects.exists()


def test_association_is_told_to_name_the_person_not_to_give_an_id(client, association_a, person_a):
    """An ID number alone never finds a person for a role that does not see ID numbers; name, date
    of birth and commune do, whatever ID number is written beside them."""
    by_name = {"Họ và tên": "Nguyễn Văn An", "Ngày sinh": "17/05/1980", "Xã/Phường": "Phường Hải Châu"}
    right = what_the_uploader_gets(client, association_a, {**by_name, "Số định danh cá nhân": person_a.national_id},
                                   [person_a.national_id])  # fmt: skip
    wrong = what_the_uploader_gets(client, association_a, {**by_name, "Số định danh cá nhân": UNREGISTERED},
                                   [UNREGISTERED])  # fmt: skip
    assert right["text"] == wrong["text"]
    assert right["counts"][1:] == (1, 0, 0)


@pytest.mark.parametrize("who", ["officer_a", "provincial"])
def test_officers_get_one_neutral_answer_outside_their_area(request, client, who, person_b, hanoi_person):
    """Roles that see ID numbers: an ID registered outside the area (with the right name written) and
    an ID never registered get the same neutral message, which names nobody."""
    user = request.getfixturevalue(who)
    outside = [hanoi_person] if who == "provincial" else [person_b, hanoi_person]
    answers = [
        what_the_uploader_gets(
            client,
            user,
            {"Họ và tên": p.full_name, "Số định danh cá nhân": p.national_id},
            [p.national_id, p.full_name],
        )
        for p in outside
    ]
    never = what_the_uploader_gets(client, user, {"Họ và tên": "Đỗ Thị Hạnh", "Số định danh cá nhân": UNREGISTERED},
                                   [UNREGISTERED, "Đỗ Thị Hạnh"])  # fmt: skip
    for seen in answers:
        assert seen["text"] == never["text"]
    assert never["errors"] == [[["Số định danh cá nhân", NEUTRAL]]]


def test_officer_may_be_told_the_name_of_a_person_of_their_own_area(client, officer_a, person_a, person_c):
    """Decision: a commune officer may see every person of their area with the ID number, so a row
    whose ID number belongs to one of them under another name says whose it is (nothing new)."""
    seen = what_the_uploader_gets(client, officer_a, {"Họ và tên": "Lê Văn Khác", "Số định danh cá nhân":
                                                      person_c.national_id}, [])  # fmt: skip
    assert "Lê Thị Cúc" in seen["errors"][0][0][1]


def test_search_by_name_birth_and_commune_is_neutral_too(client, association_a, person_a, person_b):
    """By name, date of birth and commune: a commune outside the area is refused for being outside
    (it names no person); a person not found in the area gets the neutral message."""
    seen = what_the_uploader_gets(
        client, association_a,
        {"Họ và tên": "Nguyễn Văn Anh", "Ngày sinh": "17/05/1980", "Xã/Phường": "Phường Hải Châu"}, [],
    )  # fmt: skip
    assert seen["errors"] == [[["Họ và tên", NEUTRAL]]]


# The person import (/imports/) -------------------------------------------------------------------
def test_person_import_says_only_already_registered(officer_a, person_b, hanoi_person):
    from registry.imports.persons import person_import

    rows = [row(f"Người Thử {i}", "17/05/1980", "Nữ", "Hải Châu", national_id=p.national_id)
            for i, p in enumerate((person_b, hanoi_person))]  # fmt: skip
    result = person_import(actor=officer_a, data=workbook_bytes(rows), filename="ds.xlsx", dry_run=True)
    messages = [r.error_dict for r in result.invalid_rows]
    assert messages == [{"Số CCCD": [ID_TAKEN]}, {"Số CCCD": [ID_TAKEN]}]
    logged = AccessLog.objects.get(user=officer_a, action="id_check")
    assert logged.row_count == 2 and "2" in logged.detail


# Registration (form and API) ---------------------------------------------------------------------
def person_payload(commune, national_id: str, **values) -> dict:
    return {"full_name": "Người Đăng Ký", "sex": "male", "date_of_birth": "1980-05-17", "commune": commune.code,
            "national_id": national_id, **values}  # fmt: skip


def test_registration_refusal_names_nobody_and_is_logged(api, officer_a, commune_a, person_b, hanoi_person):
    client = api(officer_a)
    for other in (person_b, hanoi_person):
        payload = person_payload(commune_a, other.national_id, sex=other.sex)
        response = client.post("/api/v1/persons/", payload, format="json")
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "duplicate_national_id"
        assert body["errors"] == {"national_id": [ID_TAKEN]}
        for secret in (other.full_name, other.commune.name):
            assert secret not in response.content.decode()
    new = client.post("/api/v1/persons/", person_payload(commune_a, UNREGISTERED), format="json")
    assert new.status_code == 201
    checks = AccessLog.objects.filter(user=officer_a, action="id_check").order_by("id")
    assert checks.count() == 3  # every check, whether the number was registered or not
    assert all(other.national_id not in c.detail and other.full_name not in c.detail
               for c in checks for other in (person_b, hanoi_person))  # fmt: skip
    assert checks[0].person_id is None


def test_registration_form_refusal(client, officer_a, commune_a, person_b):
    client.force_login(officer_a)
    data = form_data(commune_a, full_name="Người Đăng Ký", sex="female", national_id=person_b.national_id)
    response = client.post(reverse("registry:person_create"), data)
    page = response.content.decode()
    assert ID_TAKEN in page
    assert "Trần Thị Bình" not in page and "Tam Kỳ" not in page
    assert AccessLog.objects.filter(user=officer_a, action="id_check").count() == 1


def test_changing_an_id_number_is_checked_the_same_way(api, officer_a, officer_b, commune_b, person_a):
    twin = register_person(actor=officer_b, commune=commune_b, full_name="Phan Văn Tư")  # male, born 17/05/1980
    AccessLog.objects.all().delete()  # the registrations of the setup were checked too
    response = api(officer_a).patch(
        f"/api/v1/persons/{person_a.pk}/", {"version": person_a.version, "national_id": twin.national_id},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400 and response.json()["errors"] == {"national_id": [ID_TAKEN]}
    # an edit that leaves the ID number as it is checks nothing
    api(officer_a).patch(f"/api/v1/persons/{person_a.pk}/", {"version": person_a.version, "phone": "0905000111"},
                         format="json")  # fmt: skip
    assert AccessLog.objects.filter(user=officer_a, action="id_check").count() == 1


def test_an_id_of_a_person_of_the_area_keeps_its_message(api, officer_a, commune_a, person_a):
    """Not a probe: the officer may look this person up anyway. Not counted, not the neutral text."""
    payload = person_payload(commune_a, person_a.national_id)
    response = api(officer_a).post("/api/v1/persons/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["national_id"] == ["Số định danh cá nhân này đã được đăng ký cho người khác."]


# The rate limit -------------------------------------------------------------------------------------
@pytest.fixture
def elsewhere(officer_b, commune_b):
    """Four persons of commune B (outside officer A's area), each with an ID number."""
    return [
        register_person(
            actor=officer_b, commune=commune_b, full_name=f"Người Ở Xa {i}", date_of_birth=date(1970 + i, 1, 2)
        )
        for i in range(4)
    ]


def test_id_checks_are_limited_per_user(settings, api, client, officer_a, officer_b, commune_a, elsewhere, person_a):
    settings.ID_CHECKS_PER_HOUR = 2
    AccessLog.objects.all().delete()  # the registrations of the setup were checked too
    officer = api(officer_a)

    def register(national_id, born):
        payload = person_payload(commune_a, national_id, date_of_birth=born.isoformat())
        return officer.post("/api/v1/persons/", payload, format="json")

    first, second, third, fourth = elsewhere
    assert register(first.national_id, first.date_of_birth).status_code == 400
    assert register(second.national_id, second.date_of_birth).status_code == 400
    assert register(first.national_id, first.date_of_birth).status_code == 400  # already answered: not counted
    refused = register(third.national_id, third.date_of_birth)
    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "too_many_id_checks" and "national_id" in body["errors"]
    assert "giờ" in body["detail"]  # when it may be tried again
    # past the limit, an ID number nobody holds is refused the same way: no oracle either
    unregistered = register(UNREGISTERED, date(1980, 5, 17))
    assert (unregistered.status_code, unregistered.json()["detail"]) == (429, body["detail"])
    assert not Person.objects.filter(national_id=UNREGISTERED).exists()
    # an ID of the officer's own area is no probe: still answered
    assert register(person_a.national_id, person_a.date_of_birth).status_code == 400

    # the form answers the same, with 429
    client.force_login(officer_a)
    form = form_data(commune_a, full_name="Người Đăng Ký", date_of_birth="02/01/1973", national_id=fourth.national_id)
    response = client.post(reverse("registry:person_create"), form)
    assert response.status_code == 429 and body["detail"] in response.content.decode()

    # the person import: rows with an ID number wait for the limit, the others go on
    from registry.imports.persons import person_import

    rows = [row("Người Mới", "17/05/1980", "Nam", "Hải Châu", national_id=UNREGISTERED),
            row("Người Không Số", "01/01/1990", "Nam", "Hải Châu")]  # fmt: skip
    result = person_import(actor=officer_a, data=workbook_bytes(rows), filename="ds.xlsx", dry_run=True)
    assert (result.created, result.errors) == (1, 1)
    assert result.invalid_rows[0].error_dict == {"Số CCCD": [body["detail"]]}

    # every check is in the access log, refusals included
    details = list(AccessLog.objects.filter(user=officer_a, action="id_check").values_list("detail", flat=True))
    assert len(details) == 7
    assert sum("limit" in d for d in details) == 4
    # another officer is not affected
    other = person_payload(officer_b.units.get(), first.national_id, date_of_birth=first.date_of_birth.isoformat())
    assert api(officer_b).post("/api/v1/persons/", other, format="json").status_code == 400


def test_the_limit_is_per_hour(settings, monkeypatch, api, officer_a, commune_a, elsewhere):
    from registry import disclosure

    settings.ID_CHECKS_PER_HOUR = 1
    now = [1_800_000_000.0]
    monkeypatch.setattr(disclosure, "_clock", lambda: now[0])
    officer = api(officer_a)

    def register(person):
        payload = person_payload(commune_a, person.national_id, date_of_birth=person.date_of_birth.isoformat())
        return officer.post("/api/v1/persons/", payload, format="json").status_code

    assert register(elsewhere[0]) == 400
    assert register(elsewhere[1]) == 429
    now[0] += 3600
    assert register(elsewhere[1]) == 400


def test_person_import_counts_toward_the_same_limit(settings, officer_a, elsewhere):
    from registry.imports.persons import person_import

    settings.ID_CHECKS_PER_HOUR = 2
    rows = [row(p.full_name, p.date_of_birth.strftime("%d/%m/%Y"), "Nam", "Hải Châu", national_id=p.national_id)
            for p in elsewhere]  # fmt: skip
    result = person_import(actor=officer_a, data=workbook_bytes(rows), filename="ds.xlsx", dry_run=True)
    messages = [r.error_dict["Số CCCD"][0] for r in result.invalid_rows]
    assert messages[:2] == [ID_TAKEN, ID_TAKEN]
    assert messages[2] == messages[3] != ID_TAKEN  # past the limit: not checked, whatever the number
    # the same file again (a commit after the dry run): the numbers already answered are not counted
    again = person_import(actor=officer_a, data=workbook_bytes(rows[:2]), filename="ds.xlsx", dry_run=True)
    assert [r.error_dict["Số CCCD"][0] for r in again.invalid_rows] == [ID_TAKEN, ID_TAKEN]


# Search and the API: "elsewhere" looks exactly like "nowhere" ------------------------------------
def test_association_cannot_search_by_id_number(client, api, association_a, person_a):
    client.force_login(association_a)
    pages = []
    for national_id in (person_a.national_id, UNREGISTERED, person_a.national_id[:9]):
        for url in (reverse("registry:person_list"), reverse("cases:case_list")):
            page = client.get(url, {"q": national_id}).content.decode().replace(national_id, "<typed>")
            pages.append((url, normalized(page)))
        for url in ("/api/v1/persons/", "/api/v1/cases/"):
            body = api(association_a).get(url, {"q": national_id}).json()
            assert body["results"] == [], (url, national_id)
    for url in (reverse("registry:person_list"), reverse("cases:case_list")):
        same = [page for u, page in pages if u == url]
        assert all(page == same[0] for page in same), url
        assert "Nguyễn Văn An" not in same[0]


def _person_routes():
    """Every page and endpoint whose path carries a person's id."""
    from tests.security.test_login_required import ROUTES, _sample_path

    for route, name in ROUTES:
        if re.search(r"persons/(<int:pk>|<int:person_pk>|\(\?P<pk>)", route):
            yield route, _sample_path(route)


@pytest.mark.parametrize("route, sample", sorted(set(_person_routes())))
@pytest.mark.parametrize("who", ["officer_a", "association_a", "provincial"])
def test_a_person_elsewhere_looks_like_no_person(request, client, api, route, sample, who, person_b, hanoi_person):
    """The same answer (status and body) for a person outside the scope and an id that never existed,
    for every method, on pages and in the API."""
    user = request.getfixturevalue(who)
    elsewhere = hanoi_person if who == "provincial" else person_b
    missing = Person.objects.order_by("-pk").first().pk + 1000
    client.force_login(user)
    http = api(user) if sample.startswith("/api/") else client
    for method in ("get", "post", "patch"):
        answers = []
        for pk in (elsewhere.pk, missing):
            path = sample.replace("/persons/1/", f"/persons/{pk}/")
            response = getattr(http, method)(path, {"month": "2026-01"} if method == "get" else {})
            answers.append(
                (response.status_code, response.content.decode().replace(f"/persons/{pk}/", "/persons/<id>/"))
            )
        assert answers[0] == answers[1], (method, route)
        assert answers[0][0] in (403, 404, 405), (method, route, answers[0][0])


def test_case_opened_for_a_person_elsewhere_looks_like_no_person(api, association_a, officer_a, person_b):
    missing = Person.objects.order_by("-pk").first().pk + 1000
    for user in (officer_a, association_a):
        answers = []
        for pk in (person_b.pk, missing):
            payload = {"person": pk, "domain": "health", "support_type": "rehabilitation", "description": "x"}
            response = api(user).post("/api/v1/cases/", payload, format="json")
            answers.append((response.status_code, response.json()))
        assert answers[0] == answers[1] and answers[0][0] == 404


def test_caregiver_and_participants_elsewhere_look_like_no_person(client, api, officer_a, commune_a, person_a,
                                                                  person_b):  # fmt: skip
    missing = Person.objects.order_by("-pk").first().pk + 1000
    event = api(officer_a).post("/api/v1/events/", {
        "kind": "disability_day_intl", "title": "Ngày Quốc tế Người khuyết tật", "held_on": "2025-12-03",
        "unit": commune_a.code, "organiser": "UBND phường"}, format="json").json()  # fmt: skip
    answers = {}
    for pk in (person_b.pk, missing):
        caregiver = api(officer_a).patch(f"/api/v1/persons/{person_a.pk}/",
                                         {"version": person_a.version, "caregiver_person": pk}, format="json")  # fmt: skip
        added = api(officer_a).post(f"/api/v1/events/{event['id']}/participants/", {"add": [pk]}, format="json")
        created = api(officer_a).post("/api/v1/events/", {
            "kind": "gift_giving", "title": "Tặng quà", "held_on": "2025-12-03", "unit": commune_a.code,
            "organiser": "UBND phường", "participants": [pk]}, format="json")  # fmt: skip
        client.force_login(officer_a)
        form = client.post(reverse("registry:person_edit", args=[person_a.pk]),
                           form_data(commune_a, full_name=person_a.full_name, national_id=person_a.national_id,
                                     version=person_a.version, caregiver_person=pk))  # fmt: skip
        answers[pk] = [(r.status_code, re.sub(rf"(?<!\d){pk}(?!\d)", "<id>", r.content.decode()))
                       for r in (caregiver, added, created)]  # fmt: skip
        answers[pk].append(form.context["form"].errors.get("caregiver_person"))
    assert answers[person_b.pk] == answers[missing]
    assert [status for status, _body in answers[missing][:3]] == [400, 400, 400]
    assert answers[missing][3]
