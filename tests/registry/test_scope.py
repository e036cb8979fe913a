"""The scope, exhaustively, at the selector level (pages and endpoints are tested on top)."""

from datetime import date

import pytest

from registry.scope import persons_editable_by, persons_visible_to, scope_of
from registry.selectors import person_counts
from registry.services import person_move


@pytest.fixture
def two_persons(person_a, person_b):
    return person_a, person_b


@pytest.mark.parametrize(
    "user_fixture, sees, edits",
    [
        ("officer_a", {"a"}, {"a"}),
        ("officer_b", {"b"}, {"b"}),
        ("leader_a", {"a"}, set()),
        ("association_a", {"a"}, set()),
        ("provincial", {"a", "b"}, set()),
        ("statistician", set(), set()),
        ("admin_user", {"a", "b"}, {"a", "b"}),
    ],
)
def test_role_scope_matrix(request, two_persons, user_fixture, sees, edits):
    user = request.getfixturevalue(user_fixture)
    names = {two_persons[0].pk: "a", two_persons[1].pk: "b"}
    assert {names[p.pk] for p in persons_visible_to(user)} == sees
    assert {names[p.pk] for p in persons_editable_by(user)} == edits


def test_province_unit_covers_all_its_current_communes(provincial, commune_a, commune_b, unit):
    scope = scope_of(provincial)
    assert scope.covers_commune(commune_a.pk) and scope.covers_commune(commune_b.pk)
    assert len(scope.commune_ids) == 94
    assert not scope.covers_commune(unit("00004").pk)  # Hà Nội


def test_only_id_roles_see_id_numbers(officer_a, leader_a, association_a, provincial, statistician, admin_user):
    assert [scope_of(u).sees_national_id for u in (officer_a, leader_a, association_a, provincial, statistician, admin_user)] == [
        True, True, False, True, False, True
    ]  # fmt: skip


def test_old_commune_keeps_seeing_a_moved_person_but_cannot_edit(officer_a, officer_b, person_a, commune_b):
    person_move(actor=officer_a, person=person_a, commune=commune_b, moved_on=date(2026, 5, 1))
    assert persons_visible_to(officer_a).filter(pk=person_a.pk).exists()
    assert not persons_editable_by(officer_a).filter(pk=person_a.pk).exists()
    assert persons_editable_by(officer_b).filter(pk=person_a.pk).exists()


def test_statistics_officer_gets_counts_but_no_rows(statistician, two_persons):
    assert persons_visible_to(statistician).count() == 0
    counts = person_counts(viewer=statistician)
    assert counts["total"] == 2
    assert {code: n for code, _label, n in counts["by_level"]}["severe"] == 2


def test_dashboard_counts_stay_in_the_viewers_communes(officer_a, two_persons, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        counts = person_counts(viewer=officer_a)
    assert counts["total"] == 1
    assert {code: n for code, _label, n in counts["by_sex"]} == {"male": 1, "female": 0}
