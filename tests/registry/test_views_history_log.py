"""Change history on the person page, and the access log."""

import pytest
from django.urls import reverse

from registry.models import AccessLog
from registry.services import person_update

pytestmark = pytest.mark.django_db


def test_history_shows_who_when_and_old_to_new(client, officer_a, person_a):
    officer_a.first_name, officer_a.last_name = "Lan", "Trần Thị"
    officer_a.save()
    person_update(actor=officer_a, person=person_a, data={"village": "Tổ 7", "cause": "accident"})
    client.force_login(officer_a)
    response = client.get(reverse("registry:person_detail", args=[person_a.pk]))
    entries = response.context["history"]
    latest = entries[0]
    changes = {c.label: (c.old, c.new) for c in latest.changes}
    assert changes["Thôn, tổ dân phố / đường"] == ("—", "Tổ 7")
    assert changes["Nguyên nhân"][1] == "Tai nạn"
    html = response.content.decode()
    assert "Lịch sử thay đổi" in html
    assert "<del>—</del> → <ins>Tổ 7</ins>" in html
    assert "Lan Trần Thị" in html or officer_a.username in html
    assert entries[-1].kind == "+"


def test_history_of_a_move_names_the_communes(client, officer_a, provincial, person_a, commune_b):
    from datetime import date

    from registry.services import person_move

    person_move(actor=officer_a, person=person_a, commune=commune_b, moved_on=date(2026, 2, 1))
    client.force_login(provincial)
    latest = client.get(reverse("registry:person_detail", args=[person_a.pk])).context["history"][0]
    changes = {c.field: (c.old, c.new) for c in latest.changes}
    assert changes["commune"] == ("Phường Hải Châu", "Phường Tam Kỳ")
    assert "01/02/2026" in latest.reason


def test_history_hides_id_numbers_from_the_association(client, officer_a, association_a, person_a):
    old_id = person_a.national_id
    person_update(actor=officer_a, person=person_a, data={"national_id": None})
    client.force_login(association_a)
    html = client.get(reverse("registry:person_detail", args=[person_a.pk])).content.decode()
    assert old_id not in html
    assert "(ẩn)" in html
    client.force_login(officer_a)
    assert old_id in client.get(reverse("registry:person_detail", args=[person_a.pk])).content.decode()


def test_views_lists_and_searches_are_logged(client, officer_a, person_a):
    client.force_login(officer_a)
    client.get(reverse("registry:person_list"))
    client.get(reverse("registry:person_list"), {"q": "nguyen"})
    client.get(reverse("registry:person_detail", args=[person_a.pk]))
    rows = list(AccessLog.objects.filter(user=officer_a).exclude(action="id_check")  # the setup's registration
                .order_by("id").values_list("action", "person_id", "row_count"))  # fmt: skip
    assert rows == [("list", None, 1), ("search", None, 1), ("view", person_a.pk, None)]
    assert AccessLog.objects.filter(user=officer_a, action="search").get().path.endswith("?q=nguyen")


def test_refused_pages_write_no_log(client, officer_b, person_a):
    client.force_login(officer_b)
    assert client.get(reverse("registry:person_detail", args=[person_a.pk])).status_code == 404
    assert not AccessLog.objects.filter(action="view").exists()


def test_access_log_is_read_by_provincial_officers_only(client, officer_a, provincial, association_a, person_a):
    client.force_login(officer_a)
    client.get(reverse("registry:person_detail", args=[person_a.pk]))
    for user in (officer_a, association_a):
        client.force_login(user)
        assert client.get(reverse("registry:access_log")).status_code == 403
    client.force_login(provincial)
    page = client.get(reverse("registry:access_log"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "officer_a" in html and "Xem hồ sơ" in html and person_a.full_name in html
    assert "Nhật ký truy cập" in html
    assert 'method="post"' not in html.split('<main id="main"')[1]  # read-only: no form that writes


def test_access_log_filters(client, officer_a, leader_a, provincial, person_a):
    AccessLog.objects.filter(action="id_check").delete()  # the setup's registration
    for user in (officer_a, leader_a):
        client.force_login(user)
        client.get(reverse("registry:person_detail", args=[person_a.pk]))
        client.get(reverse("registry:person_list"))
    client.force_login(provincial)
    by_user = client.get(reverse("registry:access_log"), {"user": "leader"}).context["entries"]
    assert {e.user.username for e in by_user} == {"leader_a"}
    by_action = client.get(reverse("registry:access_log"), {"action": "view"}).context["entries"]
    assert {e.action for e in by_action} == {"view"} and len(by_action) == 2
    from django.utils import timezone

    today = timezone.localdate().strftime("%d/%m/%Y")
    assert len(client.get(reverse("registry:access_log"), {"date_from": today}).context["entries"]) == 4
    assert client.get(reverse("registry:access_log"), {"date_to": "01/01/2020"}).context["entries"] == []


def test_access_log_of_another_province_is_not_shown(client, make_user, unit, officer_a, person_a):
    hanoi = make_user("provincial_officer", unit("01"), username="hanoi")
    client.force_login(officer_a)
    client.get(reverse("registry:person_detail", args=[person_a.pk]))
    client.force_login(hanoi)
    assert client.get(reverse("registry:access_log")).context["entries"] == []
