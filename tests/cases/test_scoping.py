"""Who sees which cases, providers and events: the one place scope is decided for the app."""

from datetime import date

import pytest

from cases.scoping import cases_visible_to, events_visible_to, providers_visible_to, unit_in_scope
from cases.services import case_open, event_create, provider_create


@pytest.fixture
def cases(make_case, officer_b, person_b, person_a):
    member_case = make_case()
    other_case = case_open(actor=officer_b, person=person_b, domain="health", support_type="rehabilitation",
                           description="Cần phục hồi", requested_on=date(2026, 3, 2))  # fmt: skip
    return member_case, other_case


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("officer_a", {"a"}),
        ("leader_a", {"a"}),
        ("officer_b", {"b"}),
        ("provincial", {"a", "b"}),
        ("admin_user", {"a", "b"}),
        ("statistician", set()),
        ("association_a", set()),  # person_a is not a member and the association neither funds nor provides
    ],
)
def test_cases_visible_by_role(request, cases, role, sees):
    case_a, case_b = cases
    names = {case_a.pk: "a", case_b.pk: "b"}
    viewer = request.getfixturevalue(role)
    assert {names[pk] for pk in cases_visible_to(viewer).values_list("pk", flat=True)} == sees


def test_association_sees_its_members_and_its_own_support(cases, association_a, person_a, make_case):
    case_a, _case_b = cases
    own = make_case(funding_source="association", amount=200_000)
    assert set(cases_visible_to(association_a)) == {own}
    person_a.association_member_since = date(2020, 1, 1)
    person_a.save(update_fields=["association_member_since"])
    assert set(cases_visible_to(association_a)) == {own, case_a}


def test_a_case_follows_the_person_after_a_move(cases, officer_a, officer_b, commune_b, person_a):
    from registry.services import person_move

    case_a, case_b = cases
    person_move(actor=officer_a, person=person_a, commune=commune_b, moved_on=date(2026, 5, 1))
    assert set(cases_visible_to(officer_b)) == {case_a, case_b}
    assert case_a in set(cases_visible_to(officer_a))  # still readable by the old commune


def test_providers_and_events_by_unit(officer_a, officer_b, provincial, statistician, commune_a, commune_b, province,
                                      unit, person_a):  # fmt: skip
    from tests.conftest import OTHER_PROVINCE_COMMUNE

    hanoi = unit(OTHER_PROVINCE_COMMUNE)
    from tests.factories import UserFactory

    hanoi_officer = UserFactory(role="commune_officer")
    hanoi_officer.units.set([hanoi])
    local = provider_create(actor=officer_a, data={"name": "Trạm y tế", "kind": "hospital", "unit": commune_a},
                            domains=["health"])  # fmt: skip
    provincial_provider = provider_create(actor=provincial, data={"name": "BV tỉnh", "kind": "hospital",
                                                                  "unit": province}, domains=["health"])  # fmt: skip
    assert set(providers_visible_to(officer_b)) == {local, provincial_provider}  # one province, one directory
    assert set(providers_visible_to(hanoi_officer)) == set()
    event_a = event_create(actor=officer_a, data={"kind": "other", "title": "A", "held_on": date(2026, 1, 2),
                                                  "unit": commune_a, "organiser": "x"})  # fmt: skip
    event_p = event_create(actor=provincial, data={"kind": "disability_day_vn", "title": "P",
                                                   "held_on": date(2026, 4, 18), "unit": province, "organiser": "y"})  # fmt: skip
    assert set(events_visible_to(officer_a)) == {event_a, event_p}
    assert set(events_visible_to(officer_b)) == {event_p}
    assert set(events_visible_to(statistician)) == {event_a, event_p}
    assert set(events_visible_to(hanoi_officer)) == set()
    assert unit_in_scope(provincial, province) and not unit_in_scope(officer_a, province)
    assert unit_in_scope(officer_a, commune_a) and not unit_in_scope(officer_a, commune_b)
