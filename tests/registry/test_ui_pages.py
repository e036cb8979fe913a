"""Every registry page renders in Vietnamese with accessible markup; the `vn` display filters."""

from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from registry.templatetags.vn import birth, vnd, vndate, vnnum

TEMPLATES = Path(settings.BASE_DIR) / "templates"


class Markup(HTMLParser):
    """Collects what the accessibility checks need."""

    def __init__(self):
        super().__init__()
        self.controls, self.label_for, self.headings, self.tables = [], set(), [], []
        self.html_lang, self._label_depth, self._table = None, 0, None
        self.th_without_scope = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            if a.get("type") not in ("hidden", "submit", "button"):
                self.controls.append((a.get("id"), a.get("name"), self._label_depth > 0))
        elif tag in ("h1", "h2", "h3", "h4"):
            self.headings.append(int(tag[1]))
        elif tag == "table":
            self._table = {"caption": False}
            self.tables.append(self._table)
        elif tag == "caption" and self._table is not None:
            self._table["caption"] = True
        elif tag == "th" and "scope" not in a:
            self.th_without_scope += 1

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_depth -= 1


def check_accessible(html: str):
    markup = Markup()
    markup.feed(html)
    assert markup.html_lang == "vi"
    unlabelled = [c for c in markup.controls if not c[2] and c[0] not in markup.label_for]
    assert not unlabelled, unlabelled
    assert markup.headings.count(1) == 1, markup.headings
    for previous, current in zip(markup.headings, markup.headings[1:], strict=False):
        assert current <= previous + 1, markup.headings
    assert all(t["caption"] for t in markup.tables)
    assert markup.th_without_scope == 0
    assert "style=" not in html and "<script" not in html


@pytest.fixture
def pages(person_a):
    pk = person_a.pk
    return {
        "registry/dashboard.html": reverse("registry:dashboard"),
        "registry/person_list.html": reverse("registry:person_list") + "?q=nguyen&page=1",
        "registry/person_detail.html": reverse("registry:person_detail", args=[pk]),
        "registry/person_form.html": reverse("registry:person_create"),
        "registry/person_action.html": reverse("registry:person_move", args=[pk]),
        "registry/determination_form.html": reverse("registry:determination_new", args=[pk]),
        "registry/access_log.html": reverse("registry:access_log"),
    }


def registry_templates():
    return sorted(str(p.relative_to(TEMPLATES)) for p in (TEMPLATES / "registry").glob("*.html"))


@pytest.mark.django_db
@pytest.mark.parametrize("template", registry_templates())
def test_every_page_template_renders_accessibly(client, admin_user, pages, template):
    client.force_login(admin_user)
    response = client.get(pages[template])
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]
    check_accessible(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["registry:person_edit", "registry:person_deceased", "registry:certificate_new"])
def test_action_pages_render_accessibly(client, officer_a, person_a, url_name):
    client.force_login(officer_a)
    response = client.get(reverse(url_name, args=[person_a.pk]))
    assert response.status_code == 200
    check_accessible(response.content.decode())


@pytest.mark.django_db
def test_failed_form_is_accessible_and_vietnamese(client, officer_a, commune_a):
    client.force_login(officer_a)
    response = client.post(reverse("registry:person_create"), {"full_name": "", "date_of_birth": "x"})
    html = response.content.decode()
    check_accessible(html)
    assert 'role="alert"' in html and "Vui lòng sửa các lỗi sau" in html
    assert 'aria-describedby="id_date_of_birth_helptext id_date_of_birth_error"' in html


@pytest.mark.django_db
def test_login_page_is_accessible(client):
    check_accessible(client.get(reverse("login")).content.decode())


@pytest.mark.django_db
def test_pagination_keeps_the_filters(client, officer_a, commune_a):
    from registry.views.persons import PAGE_SIZE
    from tests.registry.test_views_queries import add_persons

    add_persons(officer_a, commune_a, PAGE_SIZE + 2)
    client.force_login(officer_a)
    first = client.get(reverse("registry:person_list"), {"q": "nguoi thu", "status": "active"})
    assert len(first.context["persons"]) == PAGE_SIZE
    assert "?q=nguoi+thu&amp;status=active&amp;page=2" in first.content.decode()
    second = client.get(reverse("registry:person_list"), {"q": "nguoi thu", "status": "active", "page": 2})
    assert len(second.context["persons"]) == 2
    assert "Trang 2/2" in second.content.decode()


def test_money_and_numbers_vietnamese_style():
    assert vnd(1250000) == "1.250.000\u00a0đ"
    assert vnd(0) == "0\u00a0đ"
    assert vnd(None) == ""
    assert vnnum(66744) == "66.744"
    assert vnnum(-1500) == "-1.500"


def test_dates_dd_mm_yyyy():
    assert vndate(date(1980, 5, 17)) == "17/05/1980"
    moment = timezone.make_aware(datetime(2026, 1, 2, 3, 4), timezone.get_fixed_timezone(0))
    assert vndate(moment) == "02/01/2026 10:04"  # shown in Asia/Ho_Chi_Minh


def test_birth_shows_the_year_only_when_approximate():
    class P:
        date_of_birth = date(1975, 1, 1)
        birth_date_approximate = True

    assert birth(P()) == "1975"
    P.birth_date_approximate = False
    assert birth(P()) == "01/01/1975"
