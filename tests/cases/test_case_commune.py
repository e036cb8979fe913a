"""`Case.commune`, the case's copy of its person's current commune (case lists are scoped and
filtered on it): right after every write that creates a case or moves its person."""

from datetime import date

import pytest

from cases.models import Case
from cases.selectors import CaseFilters, case_list
from cases.services import case_open, case_record_completed
from registry.services import person_move, person_update
from tests.factories import register_person

pytestmark = pytest.mark.django_db


def communes(*cases) -> list[int]:
    return [Case.objects.values_list("commune_id", flat=True).get(pk=case.pk) for case in cases]


def test_every_way_of_creating_a_case_copies_the_commune(officer_a, person_a, person_b, commune_a, commune_b):
    opened = case_open(actor=officer_a, person=person_a, domain="health", support_type="rehabilitation",
                       description="Cần phục hồi", requested_on=date(2026, 3, 2))  # fmt: skip
    recorded = case_record_completed(actor=officer_a, person=person_a, support_type="rehabilitation",
                                     on=date(2026, 3, 5))  # fmt: skip
    template = Case.objects.get(pk=opened.pk)
    template.pk = None
    template.commune_id = None
    template.person_id = person_b.pk  # the person without its object: read from the database
    template.save()
    bulk = [Case(person_id=p.pk, domain="health", support_type_id=opened.support_type_id, description="x",
                 requested_on=date(2026, 3, 2), created_by=officer_a) for p in (person_a, person_b)]  # fmt: skip
    Case.objects.bulk_create(bulk)

    assert communes(opened, recorded, template, *bulk) == [commune_a.pk, commune_a.pk, commune_b.pk,
                                                            commune_a.pk, commune_b.pk]  # fmt: skip


def test_a_move_moves_the_persons_cases_and_only_theirs(officer_a, person_a, person_b, commune_a, commune_b,
                                                         make_case):  # fmt: skip
    mine = [make_case(), make_case(domain="education", support_type="education_support"),
            case_record_completed(actor=officer_a, person=person_a, support_type="rehabilitation",
                                  on=date(2026, 3, 5))]  # fmt: skip
    other = register_person(actor=officer_a, commune=commune_a, full_name="Lê Văn Ba")
    untouched = case_open(actor=officer_a, person=other, domain="health", support_type="rehabilitation",
                          description="x")  # fmt: skip

    person_move(actor=officer_a, person=person_a, commune=commune_b, moved_on=date(2026, 5, 1))

    assert communes(*mine) == [commune_b.pk] * 3
    assert communes(untouched) == [commune_a.pk]


def test_an_edit_without_a_move_leaves_the_cases(officer_a, person_a, commune_a, make_case):
    case = make_case()
    person_update(actor=officer_a, person=person_a, data={"village": "Tổ 9"})
    assert communes(case) == [commune_a.pk]


def test_a_moved_persons_cases_follow_the_scope_rules(officer_a, officer_b, leader_a, provincial, person_a,
                                                       commune_a, commune_b, make_case):  # fmt: skip
    case = make_case()
    person_move(actor=officer_a, person=person_a, commune=commune_b, moved_on=date(2026, 5, 1))

    # the new commune sees and works on it; the old commune still reads it (moved out)
    assert case in case_list(viewer=officer_b)
    assert case in case_list(viewer=officer_a) and case in case_list(viewer=leader_a)
    assert case in case_list(viewer=provincial)
    # the commune filter follows the person
    assert case in case_list(viewer=provincial, filters=CaseFilters(commune=commune_b.code))
    assert case not in case_list(viewer=provincial, filters=CaseFilters(commune=commune_a.code))
    assert case not in case_list(viewer=officer_a, filters=CaseFilters(commune=commune_a.code))
