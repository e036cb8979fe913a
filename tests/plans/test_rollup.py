"""The roll-up's rules on hand-made data: distinct persons across communes and moves, the commune
of a case on its date, percentages recomputed at each level, events at the province."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cases.plans.definition import parse_definition
from cases.plans.results import Result
from cases.plans.rollup import Period, compute, month_ends, plan_period, territory_ids
from registry.models import AdminUnit

from .helpers import make_benefit, make_case, make_certificate, make_event, make_person, move

pytestmark = pytest.mark.django_db

YEAR = Period(date(2026, 1, 1), date(2026, 12, 31))


def definition(data):
    return parse_definition(data, policies=None)


@pytest.fixture
def communes(commune_a, commune_b):
    return [commune_a.pk, commune_b.pk]


def test_territory_of_current_and_legacy_province(province, unit, commune_a, commune_b):
    current = territory_ids(province)
    assert commune_a.pk in current and commune_b.pk in current
    quang_nam = territory_ids(unit("49", current=False))
    assert commune_b.pk in quang_nam  # Tam Kỳ succeeded Quảng Nam communes
    assert commune_a.pk not in quang_nam  # Hải Châu was always Đà Nẵng
    assert set(quang_nam) < set(current)


def test_person_with_three_cases_is_one_person(officer_a, commune_a, communes):
    person = make_person(commune_a)
    for day in (date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)):
        make_case(person, actor=officer_a, requested_on=day)
    counts = compute(definition({"measure": "persons", "source": "cases"}), YEAR, communes)
    assert counts.by_commune == {commune_a.pk: 1}
    assert counts.total == 1
    cases = compute(definition({"measure": "cases"}), YEAR, communes)
    assert cases.total == 3


def test_mover_counts_in_each_commune_once_and_once_at_the_province(officer_a, commune_a, commune_b, communes):
    person = make_person(commune_a)
    make_case(person, actor=officer_a, requested_on=date(2026, 2, 1))
    move(person, commune_b, date(2026, 6, 1))
    make_case(person, actor=officer_a, requested_on=date(2026, 6, 1))  # the day of the move: the new commune
    make_case(person, actor=officer_a, requested_on=date(2026, 9, 1))
    counts = compute(definition({"measure": "persons", "source": "cases"}), YEAR, communes)
    assert counts.by_commune == {commune_a.pk: 1, commune_b.pk: 1}
    assert counts.total == 1
    cases = compute(definition({"measure": "cases"}), YEAR, communes)
    assert cases.by_commune == {commune_a.pk: 1, commune_b.pk: 2}


def test_case_belongs_to_the_commune_of_its_date_not_of_today(officer_a, commune_a, commune_b, communes):
    person = make_person(commune_a)
    case = make_case(person, actor=officer_a, requested_on=date(2026, 2, 1), status="completed",
                     outcome_on=date(2026, 8, 1))  # fmt: skip
    move(person, commune_b, date(2026, 5, 1))
    requested = compute(definition({"measure": "cases", "date_field": "requested"}), YEAR, communes)
    completed = compute(definition({"measure": "cases", "date_field": "completed"}), YEAR, communes)
    assert requested.by_commune == {commune_a.pk: 1}
    assert completed.by_commune == {commune_b.pk: 1}
    assert case.person.commune_id == commune_b.pk


def test_approval_date_is_the_local_date_of_the_latest_approval(officer_a, commune_a, communes):
    person = make_person(commune_a)
    late_evening_utc = datetime(2025, 12, 31, 18, 30, tzinfo=ZoneInfo("UTC"))  # 01:30 on 1/1/2026 in Vietnam
    make_case(person, actor=officer_a, requested_on=date(2025, 12, 20), status="approved", approved_at=late_evening_utc)
    counts = compute(definition({"measure": "cases", "date_field": "approved"}), YEAR, communes)
    assert counts.total == 1


def test_percentage_recomputed_at_each_level_never_averaged(officer_a, commune_a, commune_b, communes):
    # Commune A: 1 of 1 person served (100 %); commune B: 1 of 3 (33,3 %). Province: 2 of 4 = 50 %,
    # not the average of 100 % and 33,3 %.
    served_a = make_person(commune_a)
    served_b = make_person(commune_b)
    make_person(commune_b)
    make_person(commune_b)
    make_case(served_a, actor=officer_a, domain="health", status="approved")
    make_case(served_b, actor=officer_a, domain="health", status="approved")
    data = {
        "measure": "persons", "source": "cases", "cases": {"domains": ["health"]},
        "denominator": {"source": "registry"},
    }  # fmt: skip
    counts = compute(definition(data), YEAR, communes)
    assert counts.commune(commune_a.pk) == (1, 1)
    assert counts.commune(commune_b.pk) == (1, 3)
    assert (counts.total, counts.den_total) == (2, 4)
    province = Result(counts.total, counts.den_total, True, Decimal(80))
    assert province.value == Decimal(50)
    assert province.percent_of_target == Decimal("62.5")


def test_percentage_numerator_stays_within_the_population_of_the_unit(officer_a, commune_a, commune_b, communes):
    child = make_person(commune_a, born=date(2015, 1, 1))
    adult = make_person(commune_a, born=date(1990, 1, 1))
    for person in (child, adult):
        make_case(person, actor=officer_a, support_type="education_support", status="approved")
    move(child, commune_b, date(2026, 7, 1))  # served in A, lives in B at the end of the year
    data = {
        "measure": "persons", "source": "cases", "cases": {"domains": ["education"]},
        "denominator": {"source": "registry", "persons": {"age_min": 6, "age_max": 17}},
    }  # fmt: skip
    counts = compute(definition(data), YEAR, communes)
    assert counts.commune(commune_a.pk) == (0, 0)  # the adult is outside the population; the child moved away
    assert counts.commune(commune_b.pk) == (0, 1)  # the child was not served in B
    assert (counts.total, counts.den_total) == (1, 1)  # at the province: served and in the population


def test_division_by_zero_gives_no_value():
    result = Result(0, 0, True, Decimal(80))
    assert result.value is None and result.percent_of_target is None and result.status == "no_data"


def test_events_at_the_province_count_only_in_the_total(officer_a, province, commune_a, communes):
    person = make_person(commune_a)
    make_event(
        commune_a, actor=officer_a, participants=[person], other_participants=10, gifts_count=5, gift_value=200_000
    )
    make_event(province, actor=officer_a, other_participants=30, gifts_count=20, gift_value=500_000)
    participants = compute(definition({"measure": "event_participants"}), YEAR, communes, province_id=province.pk)
    assert participants.by_commune == {commune_a.pk: 11}
    assert participants.total == 41
    gifts = compute(definition({"measure": "amount", "amount_fields": ["event_gifts_value"]}), YEAR, communes,
                    province_id=province.pk)  # fmt: skip
    assert gifts.total == 5 * 200_000 + 20 * 500_000
    without_province = compute(definition({"measure": "gifts"}), YEAR, communes)
    assert without_province.total == 5


def test_amounts_of_cases_and_events_together(officer_a, commune_a, communes):
    person = make_person(commune_a)
    make_case(person, actor=officer_a, funding_source="social_mobilisation", amount=1_000_000, in_kind_value=250_000)
    make_case(person, actor=officer_a, funding_source="state_budget", amount=9_000_000)
    make_event(commune_a, actor=officer_a, funding_source="social_mobilisation", funding_amount=3_000_000)
    data = {
        "measure": "amount", "amount_fields": ["case_amount", "case_in_kind_value", "event_funding"],
        "cases": {"funding_sources": ["social_mobilisation"]}, "events": {"funding_sources": ["social_mobilisation"]},
    }  # fmt: skip
    counts = compute(definition(data), YEAR, communes)
    assert counts.total == 4_250_000
    assert counts.by_commune == {commune_a.pk: 4_250_000}


def test_benefits_being_paid_and_certificates(officer_a, commune_a, communes):
    paid = make_person(commune_a, level="severe")
    stopped = make_person(commune_a, level="severe")
    make_person(commune_a, level="especially_severe")
    make_benefit(paid, commune_a, actor=officer_a)
    make_benefit(stopped, commune_a, actor=officer_a, stopped=date(2025, 10, 1))
    for person in (paid, stopped):
        make_certificate(person, commune_a, issued_on=date(2024, 3, 1))
    data = {
        "measure": "persons", "source": "benefits", "benefits": {"policies": ["monthly_allowance"]},
        "denominator": {"source": "registry", "persons": {"levels": ["severe", "especially_severe"], "certified": True}},
    }  # fmt: skip
    counts = compute(definition(data), YEAR, communes)
    assert (counts.total, counts.den_total) == (1, 2)


def test_reference_date_reads_age_and_death(officer_a, commune_a, communes):
    make_person(commune_a, born=date(2010, 7, 1))  # 15 on 30/6/2026, 16 on 1/7/2026
    make_person(commune_a, died_on=date(2026, 3, 1))
    children = definition({"measure": "persons", "source": "registry", "persons": {"age_max": 15}})
    alive = definition({"measure": "persons", "source": "registry", "persons": {"statuses": ["active"]}})
    assert compute(children, Period(date(2026, 1, 1), date(2026, 6, 30)), communes).total == 1
    assert compute(children, YEAR, communes).total == 0
    assert compute(alive, Period(date(2026, 1, 1), date(2026, 2, 28)), communes).total == 2
    assert compute(alive, YEAR, communes).total == 1


def test_deleted_persons_and_other_provinces_are_not_counted(officer_a, commune_a, unit, communes):
    make_case(make_person(commune_a, deleted=True), actor=officer_a)
    make_case(make_person(unit("00004")), actor=officer_a)  # Hà Nội
    assert compute(definition({"measure": "cases"}), YEAR, communes).total == 0


def test_period_and_month_ends(plan):
    assert month_ends(Period(date(2026, 1, 1), date(2026, 3, 15))) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 15),
    ]
    assert len(month_ends(YEAR)) == 12
    assert plan_period(plan, date(2027, 5, 1)).end == date(2026, 12, 31)
    with pytest.raises(Exception) as exc:
        plan_period(plan, date(2025, 5, 1))
    assert "as_of" in exc.value.errors


def test_new_certificates_by_issuing_commune(commune_a, commune_b, communes):
    person = make_person(commune_a)
    make_certificate(person, commune_a, issued_on=date(2026, 2, 1), status="exchanged", changed_on=date(2026, 5, 1))
    make_certificate(person, commune_b, issued_on=date(2026, 5, 1))
    counts = compute(definition({"measure": "persons", "source": "certificates"}), YEAR, communes)
    assert counts.by_commune == {commune_a.pk: 1, commune_b.pk: 1}
    assert counts.total == 1
    assert AdminUnit.objects.filter(pk__in=communes).count() == 2


def test_certificate_in_force_on_the_reference_date(commune_a, communes):
    exchanged_later = make_person(commune_a)
    make_certificate(
        exchanged_later, commune_a, issued_on=date(2024, 1, 1), status="exchanged", changed_on=date(2027, 1, 5)
    )
    revoked_before = make_person(commune_a)
    make_certificate(
        revoked_before, commune_a, issued_on=date(2024, 1, 1), status="revoked", changed_on=date(2026, 6, 1)
    )
    issued_after = make_person(commune_a)
    make_certificate(issued_after, commune_a, issued_on=date(2027, 2, 1))
    make_person(commune_a)  # no certificate
    certified = definition({"measure": "persons", "source": "registry", "persons": {"certified": True}})
    uncertified = definition({"measure": "persons", "source": "registry", "persons": {"certified": False}})
    assert compute(certified, YEAR, communes).total == 1
    assert compute(uncertified, YEAR, communes).total == 3
    assert compute(certified, Period(date(2026, 1, 1), date(2026, 5, 31)), communes).total == 2


def test_denominator_of_cases_counts_the_same_commune(officer_a, commune_a, commune_b, communes):
    # Asked for legal aid in A, moved, and the aid was completed in B: at the province the person asked
    # and got it; in each commune only half of the story happened.
    person = make_person(commune_a)
    make_case(person, actor=officer_a, support_type="legal_aid", requested_on=date(2026, 2, 1), status="completed",
              outcome_on=date(2026, 8, 1))  # fmt: skip
    move(person, commune_b, date(2026, 5, 1))
    data = {
        "measure": "persons", "source": "cases", "date_field": "completed", "cases": {"domains": ["legal_aid"]},
        "denominator": {"source": "cases", "date_field": "requested", "cases": {"domains": ["legal_aid"]}},
    }  # fmt: skip
    counts = compute(definition(data), YEAR, communes)
    assert counts.commune(commune_a.pk) == (0, 1)
    assert counts.commune(commune_b.pk) == (0, 0)
    assert (counts.total, counts.den_total) == (1, 1)


def test_a_benefit_stopped_from_the_first_month_pays_nothing_in_the_period(officer_a, commune_a, communes):
    make_benefit(make_person(commune_a), commune_a, actor=officer_a, stopped=date(2026, 1, 15))
    make_benefit(make_person(commune_a), commune_a, actor=officer_a, stopped=date(2026, 2, 1))
    paid = definition({"measure": "persons", "source": "benefits"})
    assert compute(paid, YEAR, communes).total == 1  # the second was paid in January


def test_register_numerator_over_a_population_of_cases_counts_the_area_as_a_whole(
    officer_a, commune_a, commune_b, communes
):
    """A person of the register counts in a commune only when they are in that commune's
    population of cases; at the province, when they are in the province's: the total is then more
    than the sum of the communes."""
    person = make_person(commune_a)
    make_case(person, actor=officer_a, requested_on=date(2026, 2, 1))  # requested while in A
    move(person, commune_b, date(2026, 5, 1))  # in B on the reference date
    stayed = make_person(commune_b)
    make_case(stayed, actor=officer_a, requested_on=date(2026, 3, 1))
    data = {"measure": "persons", "source": "registry", "denominator": {"source": "cases"}}
    counts = compute(definition(data), YEAR, communes)
    assert counts.by_commune == {commune_b.pk: 1}  # `person` is in B's register but in A's cases
    assert counts.den_by_commune == {commune_a.pk: 1, commune_b.pk: 1}
    assert (counts.total, counts.den_total) == (2, 2)


def test_only_the_communes_asked_for_are_counted(officer_a, commune_a, commune_b, province):
    make_person(commune_a)
    make_person(commune_b)
    moved = make_person(commune_a)
    move(moved, commune_b, date(2026, 3, 1))
    make_event(commune_b, actor=officer_a, gifts_count=4)
    make_event(province, actor=officer_a, gifts_count=10)  # provincial: in the total only
    registry = compute(definition({"measure": "persons", "source": "registry"}), YEAR, [commune_a.pk])
    assert (registry.by_commune, registry.total) == ({commune_a.pk: 1}, 1)
    gifts = compute(definition({"measure": "gifts"}), YEAR, [commune_a.pk], province_id=province.pk)
    assert (gifts.by_commune, gifts.total) == ({}, 10)
