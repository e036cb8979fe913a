"""The role × scope matrix over every registry page.

Guessing another commune's URL gives 404, never the data; roles without person-level pages get
404 on them; roles that do not edit get 403 on the edit pages. Each test proves success and
failure from the same setup.
"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

READ_PAGES = ["registry:person_detail"]
EDIT_PAGES = [
    "registry:person_edit",
    "registry:person_move",
    "registry:person_deceased",
    "registry:determination_new",
    "registry:certificate_new",
]


def listed(response, person) -> bool:
    """Is the person a row of the list page (a link to their page)?"""
    return f'href="{reverse("registry:person_detail", args=[person.pk])}"' in response.content.decode()


def get(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


def test_anonymous_is_sent_to_login(client, person_a):
    pages = [("registry:dashboard",), ("registry:person_list",), ("registry:person_create",), ("registry:access_log",)]
    pages += [(name, person_a.pk) for name in READ_PAGES + EDIT_PAGES]
    for name, *args in pages:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def test_login_page_is_vietnamese_and_logs_in(client, officer_a):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert "Đăng nhập" in page.content.decode()
    response = client.post(reverse("login"), {"username": "officer_a", "password": "Secret-pass-123"})
    assert response.status_code == 302 and response["Location"] == reverse("registry:dashboard")
    assert client.get(reverse("registry:dashboard")).status_code == 200


def test_wrong_password_shows_a_vietnamese_message(client, officer_a):
    response = client.post(reverse("login"), {"username": "officer_a", "password": "wrong"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_logout_is_a_post(client, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("registry:dashboard")).status_code == 302


def test_commune_officer_sees_own_commune_only(client, officer_a, person_a, person_b):
    own = get(client, officer_a, "registry:person_list")
    assert listed(own, person_a)
    assert not listed(own, person_b)
    assert get(client, officer_a, "registry:person_detail", person_a.pk).status_code == 200
    assert get(client, officer_a, "registry:person_detail", person_b.pk).status_code == 404


def test_commune_officer_cannot_search_another_commune(client, officer_a, officer_b, person_a, person_b):
    assert listed(get(client, officer_a, "registry:person_list", q="nguyen van an"), person_a)
    assert listed(get(client, officer_b, "registry:person_list", q="tran thi binh"), person_b)
    missed = get(client, officer_a, "registry:person_list", q="tran thi binh")
    assert not listed(missed, person_b)
    assert "Tìm thấy 0 người" in missed.content.decode()
    assert not listed(get(client, officer_a, "registry:person_list", commune=person_b.commune.code), person_b)


@pytest.mark.parametrize("page", EDIT_PAGES)
def test_commune_officer_cannot_change_another_commune(client, officer_a, person_a, person_b, page):
    assert get(client, officer_a, page, person_a.pk).status_code == 200
    assert get(client, officer_a, page, person_b.pk).status_code == 404
    client.force_login(officer_a)
    assert client.post(reverse(page, args=[person_b.pk]), {}).status_code == 404


def test_unknown_person_is_404(client, officer_a, person_a):
    assert get(client, officer_a, "registry:person_detail", person_a.pk + 1000).status_code == 404


def test_statistics_officer_sees_numbers_only(client, statistician, person_a, person_b):
    dashboard = get(client, statistician, "registry:dashboard")
    assert dashboard.status_code == 200
    html = dashboard.content.decode()
    assert dashboard.context["counts"]["total"] == 2
    assert reverse("registry:person_list") not in html  # no links to person pages, not even in the menu
    assert get(client, statistician, "registry:person_list").status_code == 404
    assert get(client, statistician, "registry:person_list", q="nguyen").status_code == 404
    for person in (person_a, person_b):
        assert get(client, statistician, "registry:person_detail", person.pk).status_code == 404
    for page in EDIT_PAGES:
        assert get(client, statistician, page, person_a.pk).status_code == 403
    assert get(client, statistician, "registry:person_create").status_code == 403
    assert get(client, statistician, "registry:access_log").status_code == 403


def test_dashboard_links_counts_for_roles_that_see_persons(client, officer_a, person_a):
    html = get(client, officer_a, "registry:dashboard").content.decode()
    assert f"{reverse('registry:person_list')}?status=active&amp;type=mobility" in html
    assert get(client, officer_a, "registry:dashboard").context["counts"]["total"] == 1


def test_association_officer_never_sees_id_numbers(client, association_a, officer_a, commune_a):
    from tests.factories import register_person

    person = register_person(
        actor=officer_a, commune=commune_a, full_name="Lê Thị Cúc", sex="female", caregiver_national_id="048080000123"
    )
    assert person.national_id
    detail = get(client, association_a, "registry:person_detail", person.pk)
    assert detail.status_code == 200
    html = detail.content.decode()
    assert person.full_name in html
    assert person.national_id not in html
    assert "048080000123" not in html
    assert "Số định danh cá nhân" not in html
    listing = get(client, association_a, "registry:person_list")
    assert listed(listing, person) and person.national_id not in listing.content.decode()
    # nor can the ID number be used to find the person
    assert not listed(get(client, association_a, "registry:person_list", q=person.national_id), person)
    # the commune officer, same person, sees both numbers
    officer_html = get(client, officer_a, "registry:person_detail", person.pk).content.decode()
    assert person.national_id in officer_html and "048080000123" in officer_html
    assert listed(get(client, officer_a, "registry:person_list", q=person.national_id), person)


def test_association_officer_cannot_edit(client, association_a, person_a):
    assert get(client, association_a, "registry:person_edit", person_a.pk).status_code == 403
    assert get(client, association_a, "registry:person_create").status_code == 403
    html = get(client, association_a, "registry:person_detail", person_a.pk).content.decode()
    assert reverse("registry:person_edit", args=[person_a.pk]) not in html


def test_provincial_officer_reads_whole_province_but_does_not_edit(client, provincial, person_a, person_b):
    listing = get(client, provincial, "registry:person_list")
    assert listed(listing, person_a) and listed(listing, person_b)
    for person in (person_a, person_b):
        detail = get(client, provincial, "registry:person_detail", person.pk)
        assert detail.status_code == 200
        assert person.national_id in detail.content.decode()
        assert reverse("registry:person_edit", args=[person.pk]) not in detail.content.decode()
        assert get(client, provincial, "registry:person_edit", person.pk).status_code == 403


def test_provincial_officer_of_another_province_sees_nothing(client, make_user, unit, person_a):
    hanoi = make_user("provincial_officer", unit("01"), username="hanoi")
    assert not listed(get(client, hanoi, "registry:person_list"), person_a)
    assert get(client, hanoi, "registry:person_detail", person_a.pk).status_code == 404


def test_buttons_only_for_what_the_viewer_may_do(client, officer_a, leader_a, person_a):
    officer_html = get(client, officer_a, "registry:person_detail", person_a.pk).content.decode()
    leader_html = get(client, leader_a, "registry:person_detail", person_a.pk).content.decode()
    for page in EDIT_PAGES:
        url = reverse(page, args=[person_a.pk])
        if page != "registry:certificate_new" or person_a.determinations.exists():
            assert url in officer_html, page
        assert url not in leader_html, page
