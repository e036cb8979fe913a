# ruff: noqa: F811  (the case fixtures are imported from tests/cases/conftest.py)
"""The cases API: create, list with filters and cursor pagination, transitions, providers,
referrals, events, attachments; all scoped; query counts on the lists."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case, Status
from cases.services import case_open, case_transition, event_create, provider_create
from tests.cases.conftest import creator, make_case, private_media  # noqa: F401  (fixtures)
from tests.factories import register_person

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def payload(person, **overrides) -> dict:
    data = {"person": person.pk, "domain": "health", "support_type": "rehabilitation",
            "description": "Cần phục hồi chức năng", "requested_on": "2026-03-02"}  # fmt: skip
    data.update(overrides)
    return data


def test_create_and_read(api, officer_a, person_a):
    response = api(officer_a).post("/api/v1/cases/", payload(person_a, amount=1_000_000), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "requested" and body["support_type"] == "rehabilitation"
    assert body["due_on"] == "2026-03-30" and body["person"]["national_id"] == person_a.national_id
    assert body["allowed_actions"] == ["assess", "cancel"]
    assert api(officer_a).get(f"/api/v1/cases/{body['id']}/").json()["amount"] == 1_000_000


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"domain": "space"}, "domain"),
        ({"support_type": "no_such_policy"}, "support_type"),
        ({"domain": "education"}, "support_type"),  # rehabilitation is not an education support
        ({"amount": -1}, "amount"),
        ({"in_kind_value": -100}, "in_kind_value"),
        ({"description": ""}, "description"),
        ({"requested_on": "2099-01-01"}, "requested_on"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(api, officer_a, person_a, change, field):
    response = api(officer_a).post("/api/v1/cases/", payload(person_a, **change), format="json")
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"] and body["detail"]
    assert not Case.objects.exists()


def test_person_outside_the_scope_is_404(api, officer_a, person_b):
    response = api(officer_a).post("/api/v1/cases/", payload(person_b), format="json")
    assert response.status_code == 404
    assert not Case.objects.exists()


def test_deceased_person_gets_no_new_case(api, officer_a, person_a):
    from registry.services import person_mark_deceased

    person_mark_deceased(actor=officer_a, person=person_a, died_on=date(2026, 2, 1))
    response = api(officer_a).post("/api/v1/cases/", payload(person_a), format="json")
    assert response.status_code == 400 and "person" in response.json()["errors"]


def test_permission_from_the_same_setup(api, officer_a, leader_a, statistician, make_case):
    case = make_case()
    # The officer assesses; the leader may not assess but may reject; the statistician sees nothing.
    assert api(leader_a).post(f"/api/v1/cases/{case.pk}/assess/", {}, format="json").status_code == 403
    assert (
        api(officer_a).post(f"/api/v1/cases/{case.pk}/assess/", {"note": "Đã xác minh"}, format="json").status_code
        == 200
    )
    assert api(statistician).get("/api/v1/cases/").status_code == 403
    assert api(statistician).get(f"/api/v1/cases/{case.pk}/").status_code == 404


def test_transitions_and_maker_checker(api, officer_a, leader_a, make_case):
    case = make_case()
    url = f"/api/v1/cases/{case.pk}"
    response = api(officer_a).post(f"{url}/complete/", {"outcome": "achieved"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "transition_not_allowed"
    assert api(officer_a).post(f"{url}/assess/", {}, format="json").status_code == 200
    refused = api(officer_a).post(f"{url}/approve/", {}, format="json")
    assert refused.status_code == 403
    assert api(leader_a).post(f"{url}/approve/", {"note": "Đồng ý"}, format="json").json()["status"] == "approved"
    assert api(officer_a).post(f"{url}/start/", {}, format="json").status_code == 200
    missing = api(officer_a).post(f"{url}/complete/", {}, format="json")
    assert missing.status_code == 400 and "outcome" in missing.json()["errors"]
    done = api(officer_a).post(f"{url}/complete/", {"outcome": "achieved", "note": "Đã nhận xe lăn"}, format="json")
    assert done.json()["status"] == "completed" and done.json()["outcome"] == "achieved"
    timeline = api(officer_a).get(f"{url}/timeline/").json()
    assert [s["action"] for s in timeline] == ["created", "assess", "approve", "start", "complete"]
    assert timeline[2]["actor"] == "leader_a"


def test_stale_version_answers_409(api, officer_a, make_case):
    case = make_case()
    response = api(officer_a).post(f"/api/v1/cases/{case.pk}/assess/", {"version": case.version + 3}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "conflict"


def test_patch_a_case(api, officer_a, make_case, officer_b):
    case = make_case()
    client = api(officer_a)
    response = client.patch(f"/api/v1/cases/{case.pk}/", {"amount": 700_000, "version": case.version}, format="json")
    assert response.status_code == 200 and response.json()["amount"] == 700_000
    assert client.patch(f"/api/v1/cases/{case.pk}/", {"amount": -5}, format="json").status_code == 400
    assert api(officer_b).patch(f"/api/v1/cases/{case.pk}/", {"amount": 1}, format="json").status_code == 404


def test_determination_through_the_api(api, officer_a, leader_a, commune_a):
    person = register_person(actor=officer_a, commune=commune_a, full_name="Đoàn Văn Phúc", level="")
    client = api(officer_a)
    body = client.post("/api/v1/cases/", payload(person, domain="social_assistance",
                       support_type="disability_determination", description="Đề nghị xác định"), format="json").json()  # fmt: skip
    assert body["kind"] == "determination"
    url = f"/api/v1/cases/{body['id']}"
    client.post(f"{url}/assess/", {}, format="json")
    api(leader_a).post(f"{url}/approve/", {}, format="json")
    client.post(f"{url}/start/", {}, format="json")
    scores = dict.fromkeys(["walking", "eating", "toileting", "hygiene", "dressing", "hearing_understanding",
                            "speaking", "work", "social", "learning"], 1)  # total 10 → severe  # fmt: skip
    done = client.post(f"{url}/complete/", {"outcome": "achieved", "determination": {
        "determined_on": "2026-03-20", "form": "03", "scores": scores, "disability_types": ["vision"],
        "certificate_number": "77/GXN-2026", "certificate_issued_on": "2026-03-24"}}, format="json")  # fmt: skip
    assert done.status_code == 200, done.json()
    assert done.json()["certificate_number"] == "77/GXN-2026"
    person_body = client.get(f"/api/v1/persons/{person.pk}/").json()
    assert person_body["level"] == "severe" and person_body["disability_types"] == ["vision"]


def test_list_filters_and_cursor_pagination(api, officer_a, creator, commune_a, leader_a):  # noqa: F811
    from datetime import timedelta

    from django.utils import timezone

    recent = timezone.localdate() - timedelta(days=3)
    people = [register_person(actor=officer_a, commune=commune_a, full_name=n) for n in NAMES]
    for i, person in enumerate(people):
        case = case_open(actor=creator, person=person, domain="health", support_type="rehabilitation",
                         description="x", requested_on=date(2025, 1, 2) if i < 2 else recent,
                         assigned_to=officer_a if i % 2 else None)  # fmt: skip
        if i == 5:
            case_transition(actor=officer_a, case=case, action="assess")
    client = api(officer_a)
    first = client.get("/api/v1/cases/", {"page_size": 4}).json()
    assert len(first["results"]) == 4 and first["next"] and "cursor=" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 2
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})
    assert len(client.get("/api/v1/cases/", {"overdue": "true"}).json()["results"]) == 2
    assert len(client.get("/api/v1/cases/", {"assigned_to_me": "true"}).json()["results"]) == 3
    assert len(client.get("/api/v1/cases/", {"status": "assessed"}).json()["results"]) == 1
    assert len(client.get("/api/v1/cases/", {"q": "tran thi binh"}).json()["results"]) == 1
    assert len(client.get("/api/v1/cases/", {"commune": commune_a.code, "support_type": "rehabilitation",
                                             "domain": "health"}).json()["results"]) == 6  # fmt: skip
    assert client.get("/api/v1/cases/", {"domain": "space"}).status_code == 400


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["officer_a", "provincial", "association_a", "admin_user"])
def test_list_query_counts_do_not_grow(request, api, officer_a, creator, commune_a, province, provincial, role):  # noqa: F811
    client = api(request.getfixturevalue(role))

    def add(names):
        for name in names:
            person = register_person(actor=officer_a, commune=commune_a, full_name=name,
                                     association_member_since=date(2010, 1, 1))  # fmt: skip
            provider = provider_create(actor=provincial, data={"name": f"Cơ sở {name}", "kind": "ngo", "unit": province},
                                       domains=["health"])  # fmt: skip
            case = case_open(actor=creator, person=person, domain="health", support_type="rehabilitation",
                             description="x", requested_on=date(2026, 3, 2), provider=provider)  # fmt: skip
            from cases.services import referral_create

            referral_create(actor=officer_a, case=case, provider=provider, sent_on=date(2026, 3, 3))
            event_create(actor=officer_a, data={"kind": "gift_giving", "title": name, "held_on": date(2026, 1, 5),
                         "unit": commune_a, "organiser": "UBND"}, participants=[person])  # fmt: skip

    urls = ["/api/v1/cases/", "/api/v1/providers/", "/api/v1/referrals/", "/api/v1/events/"]
    add(NAMES[:3])
    for url in urls:
        _count(client, url)
    three = [_count(client, url) for url in urls]
    add(NAMES[3:])
    assert [_count(client, url) for url in urls] == three
    assert len(client.get("/api/v1/cases/").json()["results"]) == 6


def test_association_sees_no_id_numbers(api, association_a, officer_a, make_case, person_a):
    person_a.association_member_since = date(2012, 5, 1)
    person_a.save(update_fields=["association_member_since"])
    case = make_case()
    for url in ("/api/v1/cases/", f"/api/v1/cases/{case.pk}/"):
        text = api(association_a).get(url).content.decode()
        assert person_a.full_name in text and person_a.national_id not in text and "national_id" not in text
    assert person_a.national_id in api(officer_a).get(f"/api/v1/cases/{case.pk}/").content.decode()


def test_association_records_its_own_support(api, association_a, person_a):
    client = api(association_a)
    refused = client.post("/api/v1/cases/", payload(person_a, funding_source="state_budget"), format="json")
    assert refused.status_code == 400 and "funding_source" in refused.json()["errors"]
    made = client.post("/api/v1/cases/", payload(person_a, domain="other", support_type="gift", description="Quà Tết",
                       funding_source="association", in_kind_description="Quà", in_kind_value=500_000), format="json")  # fmt: skip
    assert made.status_code == 201
    listed = client.get("/api/v1/cases/", {"association": "true"}).json()["results"]
    assert [c["id"] for c in listed] == [made.json()["id"]]


def test_attachments_by_url_from_another_commune_are_refused(api, client, officer_a, officer_b, make_case):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = make_case()
    upload = api(officer_a).post(f"/api/v1/cases/{case.pk}/attachments/",
                                 {"file": SimpleUploadedFile("bien-ban.pdf", PDF), "description": "Biên bản"},
                                 format="multipart")  # fmt: skip
    assert upload.status_code == 201, upload.json()
    url = upload.json()["url"]
    client.force_login(officer_a)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    assert api(officer_b).get(f"/api/v1/cases/{case.pk}/attachments/").status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anh.pdf", PNG),  # a PNG named .pdf
        ("virus.exe", b"MZ\x90\x00"),
        ("giay.pdf", b"not a pdf at all"),
        ("lon.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)),  # over 10 MB
    ],
)
def test_bad_attachments_are_refused(api, officer_a, make_case, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases.models import Attachment

    case = make_case()
    response = api(officer_a).post(f"/api/v1/cases/{case.pk}/attachments/",
                                   {"file": SimpleUploadedFile(name, content)}, format="multipart")  # fmt: skip
    assert response.status_code == 400 and "file" in response.json()["errors"]
    assert not Attachment.objects.exists()


def test_providers_referrals_events(api, officer_a, provincial, officer_b, make_case, commune_a, person_a, person_b):
    provider = api(provincial).post("/api/v1/providers/", {
        "name": "Trung tâm Trợ giúp pháp lý", "kind": "legal_aid_centre", "domains": ["legal_aid"], "unit": "48",
        "phone": "0236 3822 111"}, format="json")  # fmt: skip
    assert provider.status_code == 201, provider.json()
    pid = provider.json()["id"]
    assert (
        api(officer_a)
        .post("/api/v1/providers/", {"name": "X", "kind": "ngo", "domains": ["health"], "unit": "48"}, format="json")
        .status_code
        == 400
    )  # a commune officer cannot add a provincial provider
    assert api(officer_a).get("/api/v1/providers/", {"domain": "legal_aid"}).json()["results"][0]["id"] == pid

    case = make_case()
    referral = api(officer_a).post("/api/v1/referrals/", {"case": case.pk, "provider": pid, "sent_on": "2026-03-03"},
                                   format="json")  # fmt: skip
    assert referral.status_code == 201
    rid = referral.json()["id"]
    assert api(officer_b).get(f"/api/v1/referrals/{rid}/").status_code == 404
    assert api(officer_a).post(f"/api/v1/referrals/{rid}/complete/", {"outcome": "x"}, format="json").status_code == 409
    assert api(officer_a).post(f"/api/v1/referrals/{rid}/accept/", {}, format="json").json()["status"] == "accepted"
    done = api(officer_a).post(f"/api/v1/referrals/{rid}/complete/", {"outcome": "Đã tư vấn"}, format="json")
    assert done.json()["status"] == "completed"

    event = api(officer_a).post("/api/v1/events/", {
        "kind": "disability_day_intl", "title": "Ngày Quốc tế Người khuyết tật", "held_on": "2025-12-03",
        "unit": commune_a.code, "organiser": "UBND phường", "participants": [person_a.pk], "other_participants": 20,
        "gifts_count": 25, "gift_value": 400_000}, format="json")  # fmt: skip
    assert event.status_code == 201, event.json()
    body = event.json()
    assert body["registered_participants"] == 1 and body["gifts_total"] == 10_000_000
    outside = api(officer_a).post(f"/api/v1/events/{body['id']}/participants/", {"add": [person_b.pk]}, format="json")
    assert outside.status_code == 400
    assert api(officer_b).get(f"/api/v1/events/{body['id']}/").status_code == 404
    negative = api(officer_a).post("/api/v1/events/", {"kind": "gift_giving", "title": "x", "held_on": "2025-01-01",
                                   "unit": commune_a.code, "organiser": "y", "gift_value": -1}, format="json")  # fmt: skip
    assert negative.status_code == 400


def test_schema_lists_the_case_endpoints(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    text = (tmp_path / "schema.yml").read_text(encoding="utf-8")
    for path in ("/api/v1/cases/", "/api/v1/cases/{id}/approve/", "/api/v1/cases/{id}/complete/",
                 "/api/v1/providers/", "/api/v1/referrals/", "/api/v1/events/"):  # fmt: skip
        assert f"{path}:" in text, path


def test_statuses_in_the_api_are_codes(api, officer_a, make_case):
    make_case(status=Status.IN_PROGRESS)
    assert api(officer_a).get("/api/v1/cases/").json()["results"][0]["status"] == "in_progress"


def test_fast_case_representation_matches_the_declared_fields(officer_a, person_a, rf):
    """CaseSerializer builds list rows directly for speed; they must equal DRF's generic output."""
    from rest_framework import serializers as drf

    from api.serializers.cases import CaseSerializer
    from cases.models import Case
    from cases.services import case_open
    from policies.models import Policy

    case_open(actor=officer_a, person=person_a, domain="health", support_type=Policy.objects.get(code="rehabilitation"),
              description="Phục hồi chức năng", amount=1_250_000)  # fmt: skip
    request = rf.get("/api/v1/cases/")
    request.user = officer_a
    for case in Case.objects.select_related("person__commune", "support_type", "provider", "certificate"):
        serializer = CaseSerializer(context={"request": request})
        assert serializer.to_representation(case) == drf.ModelSerializer.to_representation(serializer, case)
