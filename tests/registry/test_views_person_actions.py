"""Move, death, determination and certificate actions from the person page."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.models import Certificate, Determination

pytestmark = pytest.mark.django_db


def post(client, user, name, person, data):
    client.force_login(user)
    return client.post(reverse(name, args=[person.pk]), data)


def status_seen_by(client, user, person):
    client.force_login(user)
    response = client.get(reverse("registry:person_list"))
    rows = {p.pk: p.viewer_status for p in response.context["persons"]}
    return rows.get(person.pk)


def test_move_makes_the_person_moved_out_for_the_old_commune(client, officer_a, officer_b, person_a, commune_b):
    response = post(
        client,
        officer_a,
        "registry:person_move",
        person_a,
        {"commune": commune_b.pk, "date": "01/03/2026", "village": "Tổ 3"},
    )
    assert response.status_code == 302
    person_a.refresh_from_db()
    assert person_a.commune == commune_b
    assert status_seen_by(client, officer_a, person_a) == "moved_out"
    assert status_seen_by(client, officer_b, person_a) == "active"
    # the old commune still opens the page, marked moved out, without edit buttons
    client.force_login(officer_a)
    page = client.get(reverse("registry:person_detail", args=[person_a.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đã chuyển đi" in html
    assert reverse("registry:person_edit", args=[person_a.pk]) not in html
    assert client.get(reverse("registry:person_edit", args=[person_a.pk])).status_code == 404
    # the new commune edits
    client.force_login(officer_b)
    assert client.get(reverse("registry:person_edit", args=[person_a.pk])).status_code == 200
    filtered = client.get(reverse("registry:person_list"), {"status": "moved_out"})
    assert filtered.context["persons"] == []


def test_move_to_a_commune_of_another_province_by_code(client, officer_a, person_a):
    response = post(
        client, officer_a, "registry:person_move", person_a, {"other_commune": "00004", "date": "01/03/2026"}
    )
    assert response.status_code == 302
    person_a.refresh_from_db()
    assert person_a.commune.code == "00004"


def test_move_errors_come_back_in_vietnamese(client, officer_a, person_a, commune_a):
    future = (timezone.localdate() + timedelta(days=3)).strftime("%d/%m/%Y")
    response = post(client, officer_a, "registry:person_move", person_a, {"other_commune": "20242", "date": future})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Người này đang cư trú tại xã/phường này." in html
    nothing = post(client, officer_a, "registry:person_move", person_a, {"date": "01/03/2026"})
    assert "Chọn xã/phường nơi người này chuyển đến." in nothing.content.decode()
    person_a.refresh_from_db()
    assert person_a.commune == commune_a


def test_mark_deceased(client, officer_a, person_a):
    refused = post(client, officer_a, "registry:person_deceased", person_a, {"date": "01/01/1970", "confirm": "on"})
    assert "Ngày mất trước ngày sinh." in refused.content.decode()
    response = post(client, officer_a, "registry:person_deceased", person_a, {"date": "02/03/2026", "confirm": "on"})
    assert response.status_code == 302
    person_a.refresh_from_db()
    assert person_a.status == "deceased" and person_a.died_on == date(2026, 3, 2)
    assert status_seen_by(client, officer_a, person_a) == "deceased"
    # no more actions on a deceased person
    assert client.get(reverse("registry:person_move", args=[person_a.pk])).status_code == 404


def test_record_a_form_03_determination(client, officer_a, person_a):
    scores = {
        f"score_{key}": "2"
        for key in ["walking", "eating", "toileting", "hygiene", "dressing", "hearing_understanding", "speaking"]
    }
    scores.update({"score_work": "1", "score_social": "0", "score_learning": "0"})  # total 15
    today = timezone.localdate().strftime("%d/%m/%Y")
    data = {
        "determined_on": today,
        "council": "commune",
        "form": "03",
        "disability_types": ["mobility", "other"],
        **scores,
    }
    response = post(client, officer_a, "registry:determination_new", person_a, data)
    assert response.status_code == 302
    latest = Determination.objects.filter(person=person_a).first()
    assert latest.total_score == 15 and latest.level == "especially_severe"
    person_a.refresh_from_db()
    assert person_a.level == "especially_severe" and person_a.disability_types == ["mobility", "other"]
    client.force_login(officer_a)
    html = client.get(reverse("registry:person_detail", args=[person_a.pk])).content.decode()
    assert "Tổng điểm" in html and "<dd>15</dd>" in html and "Ăn, uống" in html


def test_determination_form_03_needs_every_score_and_a_reason_to_override(client, officer_a, person_a):
    data = {"determined_on": "05/01/2026", "council": "commune", "form": "03", "disability_types": ["mobility"]}
    missing = post(client, officer_a, "registry:determination_new", person_a, data)
    assert missing.content.decode().count("Chấm điểm hoạt động này (0, 1 hoặc 2).") >= 10
    scores = {f"score_{key}": "0" for key in ["walking", "eating", "toileting", "hygiene", "dressing",
                                              "hearing_understanding", "speaking", "work", "social", "learning"]}  # fmt: skip
    override = post(client, officer_a, "registry:determination_new", person_a, {**data, **scores, "level": "severe"})
    assert "hãy ghi lý do Hội đồng kết luận mức độ khác" in override.content.decode()
    assert person_a.determinations.count() == 1


def test_issue_a_certificate_and_reissue(client, officer_a, person_a, commune_a):
    data = {"number": "CN-001", "issued_on": timezone.localdate().strftime("%d/%m/%Y"), "issuing_commune": commune_a.pk,
            "replaced_status": "reissued"}  # fmt: skip
    assert post(client, officer_a, "registry:certificate_new", person_a, data).status_code == 302
    again = post(client, officer_a, "registry:certificate_new", person_a, data)
    assert "Số giấy xác nhận này đã được dùng" in again.content.decode()
    assert "number" in again.context["form"].errors
    assert (
        post(client, officer_a, "registry:certificate_new", person_a, {**data, "number": "CN-002"}).status_code == 302
    )
    statuses = dict(Certificate.objects.filter(person=person_a).values_list("number", "status"))
    assert statuses == {"CN-001": "reissued", "CN-002": "valid"}
    client.force_login(officer_a)
    html = client.get(reverse("registry:person_detail", args=[person_a.pk])).content.decode()
    assert "CN-002" in html and "Đã cấp lại" in html


def test_certificate_commune_choices_are_the_officers(client, officer_a, person_a, commune_b):
    data = {"number": "CN-9", "issued_on": timezone.localdate().strftime("%d/%m/%Y"), "issuing_commune": commune_b.pk}
    response = post(client, officer_a, "registry:certificate_new", person_a, data)
    assert response.status_code == 200 and "issuing_commune" in response.context["form"].errors
    assert not Certificate.objects.filter(person=person_a).exists()
