"""Name search by the words of the name (registry.models.names, registry.search, registry.paging)."""

from datetime import date

import pytest
from django.core.paginator import Paginator
from django.db import connection

from registry.models import Person
from registry.models.names import NameQuery
from registry.paging import IdFirstRows, rows_between
from registry.search import WordStats, forget_word_stats, name_query, word_stats
from registry.selectors import PersonFilters, list_page_columns, person_list
from registry.services import person_move
from registry.text import name_tokens
from tests.factories import register_person

NAMES = [
    "Nguyễn Văn An",
    "Nguyễn Văn Anh",
    "Trần Thị Hà",
    "Lê Thị Hạnh",
    "Hoàng Văn Lan",
    "Phạm Thị Thu",
    "Alăng Bh'riu",
    "Zơ Râm Thị Mai",
]


@pytest.fixture
def persons(officer_a, commune_a):
    return [
        register_person(actor=officer_a, commune=commune_a, full_name=name, date_of_birth=date(1970 + i, 1, 2))
        for i, name in enumerate(NAMES)
    ]


def found(viewer, text) -> list[str]:
    return [p.full_name for p in person_list(viewer=viewer, filters=PersonFilters(q=text))]


def test_tokens_are_the_folded_words():
    assert name_tokens("  Thị   HÀ ") == ["thi", "ha"]
    assert name_tokens("Bh'riu") == ["bh", "riu"]
    assert name_tokens("Nguyễn-Văn") == ["nguyen", "van"]
    assert name_tokens("?!") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # a word typed finds the words it starts, not words it is inside of
        ("an", ["Nguyễn Văn An", "Nguyễn Văn Anh"]),
        ("ha", ["Lê Thị Hạnh", "Trần Thị Hà"]),
        ("thi ha", ["Lê Thị Hạnh", "Trần Thị Hà"]),
        # the words in any order; every word but the last is a whole word
        ("an nguyen", ["Nguyễn Văn An"]),
        ("van an", ["Nguyễn Văn An", "Nguyễn Văn Anh"]),
        ("nguyen van an", ["Nguyễn Văn An", "Nguyễn Văn Anh"]),
        ("nguy van", []),
        # marks, case, đ and punctuation do not matter
        ("LAN", ["Hoàng Văn Lan"]),
        ("riu", ["Alăng Bh'riu"]),
        ("bh'riu", ["Alăng Bh'riu"]),
        ("ram mai", ["Zơ Râm Thị Mai"]),
        ("xyz", []),
    ],
)
def test_name_search_finds_the_starts_of_words(persons, officer_a, text, expected):
    assert sorted(found(officer_a, text)) == expected


@pytest.mark.parametrize("plan", ["", "walk", "words"])
@pytest.mark.parametrize("text", ["van", "thi h", "nguyen van an", "zz"])
def test_every_plan_gives_the_same_rows_in_the_same_order(persons, officer_a, text, plan):
    expected = [p.pk for p in person_list(viewer=officer_a).filter(name_folded__words=NameQuery(tuple(text.split())))]
    qs = person_list(viewer=officer_a).filter(name_folded__words=NameQuery(tuple(text.split()), plan))
    assert [p.pk for p in qs] == expected


def test_a_name_query_refuses_what_is_not_a_token():
    with pytest.raises(ValueError):
        NameQuery(("Nguyễn",))
    with pytest.raises(ValueError):
        NameQuery(("an%",))
    with pytest.raises(ValueError):
        NameQuery(("an",), plan="seq")


def test_plan_follows_how_many_persons_match():
    stats = WordStats(rows=100_000, frequencies={"nguyen": 0.3, "thi": 0.15, "ha": 0.05, "hanh": 0.01}, floor=0.001)
    assert stats.threshold() == pytest.approx(0.005, rel=0.01)
    assert stats.plan(NameQuery(("nguyen",))) == "walk"  # 30 %: the first 50 are near the start
    # "ha" as the last word typed is "ha" or "hanh": 0.15 × 5.95 % ≈ 0.9 %
    assert stats.fraction(NameQuery(("thi", "ha"))) == pytest.approx(0.15 * (1 - 0.95 * 0.99))
    assert stats.plan(NameQuery(("thi", "ha"))) == "walk"
    assert stats.plan(NameQuery(("thi", "hanh"))) == "words"  # 0.15 %
    assert stats.plan(NameQuery(("nguyen", "thi", "hanh"))) == "words"
    assert stats.plan(NameQuery(("qwerty",))) == "words"  # not a word anyone has
    assert WordStats(rows=10_000_000, frequencies={}, floor=0.001).threshold() < stats.threshold()


def test_pages_read_by_ids_are_the_slices_of_the_list(persons, officer_a):
    ordered = list(person_list(viewer=officer_a).values_list("pk", flat=True))
    assert len(ordered) == len(NAMES)
    for start in range(0, len(ordered), 3):
        page = rows_between(person_list(viewer=officer_a), start, start + 3)
        assert [p.pk for p in page] == ordered[start : start + 3]
    assert list(rows_between(person_list(viewer=officer_a), 0, 0)) == []
    shaped = list(rows_between(person_list(viewer=officer_a), 0, 2, shape=list_page_columns))
    assert [p.commune_name for p in shaped] == [persons[0].commune.name] * 2
    paginator = Paginator(IdFirstRows(person_list(viewer=officer_a)), 3)
    assert paginator.num_pages == 3
    assert [p.pk for p in paginator.get_page(3)] == ordered[6:]
    assert [p.pk for p in paginator.get_page(99)] == ordered[6:]  # past the end: the last page


def test_pages_of_a_search_keep_the_viewers_scope(persons, person_b, officer_a, officer_b):
    """The page's outer query drops the filters: the inner slice of ids must carry the scope."""
    search = PersonFilters(q="nguyen van an")
    assert person_b.full_name == "Trần Thị Bình"
    other = register_person(actor=officer_b, commune=person_b.commune, full_name="Nguyễn Văn An")
    page = rows_between(person_list(viewer=officer_a, filters=search), 0, 50)
    assert other.pk not in [p.pk for p in page]
    assert [p.pk for p in rows_between(person_list(viewer=officer_b, filters=search), 0, 50)] == [other.pk]


def test_province_copy_follows_the_commune(officer_a, commune_a, province, admin_user):
    from registry.models import AdminUnit

    person = register_person(actor=officer_a, commune=commune_a, full_name="Võ Thị Sen")
    assert person.province_code == commune_a.province_code
    elsewhere = AdminUnit.objects.current().communes().exclude(province_code=commune_a.province_code).first()
    person_move(actor=admin_user, person=person, commune=elsewhere, moved_on=date(2026, 1, 5))
    person.refresh_from_db()
    assert person.province_code == elsewhere.province_code != commune_a.province_code
    assert Person.objects.filter(pk=person.pk, province_code=elsewhere.province_code).exists()


@pytest.mark.django_db
def test_postgresql_keeps_the_words_of_names_and_their_indexes():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget, attgenerated FROM pg_attribute "
            "WHERE attrelid = 'registry_person'::regclass AND attname = 'name_words'"
        )
        assert cursor.fetchone() == (1000, "s")
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'registry_person'")
        indexes = {row[0] for row in cursor.fetchall()}
    assert {"registry_person_name_words_gin", "registry_person_name_walk"} <= indexes
    assert "registry_person_name_folded_trgm" not in indexes


@pytest.mark.django_db(transaction=True)
def test_postgresql_statistics_choose_the_plan(make_user, commune_a):
    """After ANALYZE the search reads the word frequencies and picks the index by them."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    officer = make_user("commune_officer", commune_a, username="stats-officer")
    for i in range(60):
        given = "Hà" if i % 2 else f"Ngọc{chr(97 + i % 26)}"
        register_person(
            actor=officer, commune=commune_a, full_name=f"Nguyễn Thị {given}", date_of_birth=date(1950 + i, 3, 4)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_person")
    forget_word_stats()
    try:
        stats = word_stats()
        assert stats is not None and stats.frequencies["nguyen"] == pytest.approx(1.0)
        assert name_query("nguyen").plan == "walk"
        assert name_query("nguyen thi ha").tokens == ("nguyen", "thi", "ha")
        assert name_query("zzz").plan == "words"
        assert len(found(officer, "thi ha")) == 30
    finally:
        forget_word_stats()


def _nine_van_an(officer_a, commune_a):
    for i in range(7):
        register_person(
            actor=officer_a, commune=commune_a, full_name=f"Nguyễn Văn An {i}", date_of_birth=date(1990, 1, 1 + i)
        )
    expected = [p.pk for p in person_list(viewer=officer_a, filters=PersonFilters(q="van an"))]
    assert len(expected) == 9
    return expected


def test_list_page_pages_a_name_search_like_the_list(persons, officer_a, commune_a, client):
    expected = _nine_van_an(officer_a, commune_a)
    client.force_login(officer_a)
    response = client.get("/persons/", {"q": "Văn An"})
    assert [p.pk for p in response.context["persons"]] == expected
    assert response.context["page"].paginator.count == 9
    assert response.content.decode().count(f"<td>{commune_a.name}</td>") == 9
