"""The web pages: every page renders, lists keep their query count, the case page shows only the
buttons the viewer may press, refusals are shown clearly, and scope holds by URL."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case, Status
from cases.services import case_transition, event_create, provider_create, referral_create
from tests.factories import register_person

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang"]


@pytest.fixture
def provider(provincial, province):
    return provider_create(
        actor=provincial, data={"name": "Bệnh viện Đa khoa Đà Nẵng", "kind": "hospital", "unit": province},
        domains=["health"],
    )  # fmt: skip


@pytest.fixture
def event(officer_a, commune_a, person_a):
    return event_create(
        actor=officer_a,
        data={"kind": "disability_day_vn", "title": "Ngày Người khuyết tật Việt Nam", "held_on": date(2026, 4, 18),
              "unit": commune_a, "organiser": "UBND phường Hải Châu", "gifts_count": 30, "gift_value": 500_000},
        participants=[person_a],
    )  # fmt: skip


def test_every_page_renders(client, officer_a, make_case, provider, event, person_a):
    case = make_case(provider=provider)
    determination = make_case(domain="social_assistance", support_type="disability_determination",
                              description="Đề nghị xác định")  # fmt: skip
    Case.objects.filter(pk=determination.pk).update(status=Status.IN_PROGRESS)
    client.force_login(officer_a)
    urls = [
        reverse("cases:case_list"), reverse("cases:case_list") + "?q=nguyen&overdue=on&domain=health",
        reverse("cases:worklist"), reverse("cases:association_support"),
        reverse("cases:case_create"), reverse("cases:case_create") + "?q=an",
        reverse("cases:case_create") + f"?person={person_a.pk}",
        reverse("cases:case_detail", args=[case.pk]), reverse("cases:case_edit", args=[case.pk]),
        reverse("cases:case_complete_determination", args=[determination.pk]),
        reverse("cases:referral_create", args=[case.pk]), reverse("cases:referral_list"),
        reverse("cases:provider_list"), reverse("cases:provider_list") + "?domain=health&q=benh",
        reverse("cases:provider_detail", args=[provider.pk]), reverse("cases:provider_create"),
        reverse("cases:event_list"), reverse("cases:event_detail", args=[event.pk]) + "?q=an",
        reverse("cases:event_create"), reverse("cases:event_edit", args=[event.pk]),
    ]  # fmt: skip
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"<h1>" in response.content


def test_pages_speak_vietnamese(client, officer_a, make_case):
    case = make_case()
    client.force_login(officer_a)
    html = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Mới tiếp nhận" in html and "Thẩm định" in html
    assert "02/03/2026" in html  # dates as dd/mm/yyyy


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["cases:case_list", "cases:worklist", "cases:association_support"])
def test_case_list_pages_do_not_grow_with_rows(client, officer_a, creator, commune_a, provider, name):
    client.force_login(officer_a)

    def add(names):
        for full_name in names:
            person = register_person(actor=officer_a, commune=commune_a, full_name=full_name)
            case = case_transition(actor=creator, case=_open(creator, person, provider), action="assess")
            Case.objects.filter(pk=case.pk).update(assigned_to=officer_a)

    add(NAMES[:3])
    url = reverse(name)
    _queries(client, url)
    three = _queries(client, url)
    add(NAMES[3:])
    assert _queries(client, url) == three


def _open(actor, person, provider):
    from cases.services import case_open

    return case_open(
        actor=actor, person=person, domain="health", support_type="rehabilitation", description="Cần phục hồi",
        requested_on=date(2026, 1, 5), provider=provider, funding_source="association", amount=1_000_000,
    )  # fmt: skip


def test_provider_and_event_lists_do_not_grow(client, officer_a, provincial, province, commune_a, person_a):
    client.force_login(officer_a)

    def add(start, count):
        for i in range(start, start + count):
            provider_create(actor=provincial, data={"name": f"Trung tâm {i}", "kind": "rehabilitation_centre",
                                                     "unit": province}, domains=["health", "education"])  # fmt: skip
            event_create(
                actor=officer_a,
                data={"kind": "gift_giving", "title": f"Trao quà {i}", "held_on": date(2026, 1, i + 1),
                      "unit": commune_a, "organiser": "UBND"},
                participants=[person_a],
            )  # fmt: skip

    add(0, 3)
    counts = [_queries(client, reverse(n)) for n in ("cases:provider_list", "cases:event_list")]
    add(3, 3)
    assert [_queries(client, reverse(n)) for n in ("cases:provider_list", "cases:event_list")] == counts


def _buttons(client, user, case) -> set[str]:
    client.force_login(user)
    html = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    return {a for a in ("assess", "approve", "reject", "start", "complete", "cancel", "reopen")
            if f"/do/{a}/" in html}  # fmt: skip


def test_only_the_buttons_the_viewer_may_press(client, make_case, creator, officer_a, leader_a, association_a):
    case = make_case()
    assert _buttons(client, officer_a, case) == {"assess", "cancel"}
    assert _buttons(client, leader_a, case) == {"reject", "cancel"}
    case = case_transition(actor=officer_a, case=case, action="assess")
    assert _buttons(client, officer_a, case) == {"cancel"}  # the assessor cannot approve
    assert _buttons(client, creator, case) == {"cancel"}
    assert _buttons(client, leader_a, case) == {"approve", "reject", "cancel"}


def test_a_refused_action_says_why_and_changes_nothing(client, make_case, officer_a):
    case = make_case()
    client.force_login(officer_a)
    response = client.post(reverse("cases:case_action", args=[case.pk, "complete"]), {"outcome": "achieved"},
                           follow=True)  # fmt: skip
    assert "Không thể hoàn thành hồ sơ đang ở trạng thái “Mới tiếp nhận”." in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == Status.REQUESTED


def test_leader_approves_from_the_page(client, make_case, officer_a, leader_a):
    case = case_transition(actor=officer_a, case=make_case(), action="assess")
    client.force_login(leader_a)
    response = client.post(reverse("cases:case_action", args=[case.pk, "approve"]),
                           {"note": "Đồng ý", "version": case.version})  # fmt: skip
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.decided_by) == (Status.APPROVED, leader_a)


def test_open_a_case_from_the_form(client, officer_a, person_a):
    client.force_login(officer_a)
    url = reverse("cases:case_create") + f"?person={person_a.pk}"
    data = {"person": person_a.pk, "domain": "education", "support_type": "tuition_exemption",
            "description": "Miễn học phí cho con", "requested_on": "02/03/2026", "amount": "-5"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200 and not Case.objects.exists()
    data["amount"] = "1500000"
    data["support_type"] = "rehabilitation"  # a health support type in the education domain
    response = client.post(url, data)
    assert "thuộc lĩnh vực" in response.content.decode() and not Case.objects.exists()
    data["support_type"] = "tuition_exemption"
    response = client.post(url, data)
    case = Case.objects.get()
    assert response.status_code == 302 and case.amount == 1_500_000 and case.created_by == officer_a


def test_a_person_outside_the_scope_is_404(client, officer_a, person_b, make_case):
    client.force_login(officer_a)
    assert client.get(reverse("cases:case_create") + f"?person={person_b.pk}").status_code == 404


def test_case_of_another_commune_is_404(client, officer_b, make_case):
    case = make_case()
    client.force_login(officer_b)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    assert client.post(reverse("cases:case_action", args=[case.pk, "cancel"]), {"note": "x"}).status_code == 404


def test_statistics_officer_sees_no_case(client, statistician, make_case):
    case = make_case()
    client.force_login(statistician)
    assert client.get(reverse("cases:case_list")).status_code == 404
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


def test_association_sees_members_cases_without_id_numbers(client, association_a, officer_a, make_case, person_a):
    person_a.association_member_since = date(2015, 1, 1)
    person_a.save(update_fields=["association_member_since"])
    case = make_case()
    client.force_login(officer_a)
    assert person_a.national_id in client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    client.force_login(association_a)
    for url in (reverse("cases:case_detail", args=[case.pk]), reverse("cases:case_list")):
        html = client.get(url).content.decode()
        assert person_a.full_name in html
        assert person_a.national_id not in html
    # A search by ID number finds nothing for a role that does not see ID numbers.
    assert (
        person_a.full_name not in client.get(reverse("cases:case_list") + f"?q={person_a.national_id}").content.decode()
    )


def test_association_does_not_see_non_members_state_cases(client, association_a, make_case, person_a):
    case = make_case()
    client.force_login(association_a)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    own = make_case(funding_source="association", amount=300_000)
    assert client.get(reverse("cases:case_detail", args=[own.pk])).status_code == 200


def test_association_support_totals(client, association_a, make_case, provider, person_a):
    make_case(funding_source="association", amount=300_000)
    make_case(funding_source="association", domain="livelihood", support_type="livelihood_support",
              in_kind_description="Con giống", in_kind_value=2_000_000)  # fmt: skip
    make_case(funding_source="state_budget", amount=9_000_000)
    client.force_login(association_a)
    html = client.get(reverse("cases:association_support")).content.decode()
    assert "300.000" in html and "2.000.000" in html
    assert "9.000.000" not in html


def test_worklist_lists_overdue_approval_and_mine(client, make_case, officer_a, leader_a):
    overdue = make_case(requested_on=date(2025, 1, 2))
    awaiting = case_transition(actor=officer_a, case=make_case(), action="assess")
    client.force_login(leader_a)
    html = client.get(reverse("cases:worklist")).content.decode()
    assert f"#{overdue.pk}<" in html and f"#{awaiting.pk}<" in html
    client.force_login(officer_a)
    html = client.get(reverse("cases:worklist")).content.decode()
    assert "Nothing awaits your approval." in html or "Không có hồ sơ nào chờ bạn phê duyệt." in html


def test_person_page_panel_lists_the_cases(client, officer_a, make_case, person_a):
    case = make_case()
    client.force_login(officer_a)
    html = client.get(reverse("registry:person_detail", args=[person_a.pk])).content.decode()
    assert reverse("cases:case_detail", args=[case.pk]) in html


def test_referral_from_the_page(client, officer_a, make_case, provider):
    case = make_case()
    client.force_login(officer_a)
    response = client.post(reverse("cases:referral_create", args=[case.pk]),
                           {"provider": provider.pk, "sent_on": "03/03/2026", "reason": "Khám chuyên khoa"})  # fmt: skip
    assert response.status_code == 302
    referral = case.referrals.get()
    response = client.post(
        reverse("cases:referral_action", args=[referral.pk, "complete"]), {"outcome": "x"}, follow=True
    )
    referral.refresh_from_db()
    assert referral.status == "sent"  # complete before accept is refused
    client.post(reverse("cases:referral_action", args=[referral.pk, "accept"]))
    client.post(reverse("cases:referral_action", args=[referral.pk, "complete"]), {"outcome": "Đã khám"})
    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == ("completed", "Đã khám")


def test_event_participant_picking(client, officer_a, event, commune_a, person_b):
    extra = register_person(actor=officer_a, commune=commune_a, full_name="Phan Văn Quý")
    client.force_login(officer_a)
    html = client.get(reverse("cases:event_detail", args=[event.pk]) + "?q=quy").content.decode()
    assert "Phan Văn Quý" in html
    url = reverse("cases:event_participants", args=[event.pk])
    client.post(url, {"do": "add", "person": [extra.pk, person_b.pk]})  # person_b is outside the area
    assert set(event.participants.values_list("full_name", flat=True)) == {"Nguyễn Văn An", "Phan Văn Quý"}
    client.post(url, {"do": "remove", "person": [extra.pk]})
    assert list(event.participants.values_list("full_name", flat=True)) == ["Nguyễn Văn An"]


def test_referral_needs_an_open_case(make_case, officer_a, provider):
    from registry.errors import TransitionNotAllowed

    case = make_case(status=Status.CANCELLED)
    with pytest.raises(TransitionNotAllowed):
        referral_create(actor=officer_a, case=case, provider=provider)
