"""The entitlement rules, month by month (Decree 20/2021/NĐ-CP, Decree 76/2024/NĐ-CP)."""

from datetime import date
from decimal import Decimal

import pytest

from policies.services import (
    care_arrangement_add,
    child_add,
    facility_stay_add,
    marriage_add,
    other_ground_add,
    pregnancy_add,
)
from registry.services import person_mark_deceased, person_move

JUL_2024 = date(2024, 7, 1)
JUN_2024 = date(2024, 6, 1)

# (level, age on the month, coefficient, amount at 360,000, amount at 500,000): domain.md §3.
TABLE = [
    ("especially_severe", 30, "2.0", 720_000, 1_000_000),
    ("especially_severe", 10, "2.5", 900_000, 1_250_000),
    ("especially_severe", 70, "2.5", 900_000, 1_250_000),
    ("severe", 30, "1.5", 540_000, 750_000),
    ("severe", 10, "2.0", 720_000, 1_000_000),
    ("severe", 70, "2.0", 720_000, 1_000_000),
]


@pytest.mark.parametrize(("level", "age", "coefficient", "at_360", "at_500"), TABLE)
def test_decree_table_at_360000_and_500000(recipient, items_for, level, age, coefficient, at_360, at_500):
    person = recipient(dob=date(2023 - age, 1, 10), level=level, certified_on=date(2022, 1, 5))
    (before,) = items_for(person, date(2023, 1, 1), "monthly_allowance")
    assert (before.coefficient, before.standard_level, before.amount) == (Decimal(coefficient), 360_000, at_360)
    (after,) = items_for(person, JUL_2024, "monthly_allowance")
    assert after.standard_level == 500_000
    # Age moves on by 1.5 years; the table rows chosen keep their age band.
    assert (after.coefficient, after.amount) == (Decimal(coefficient), at_500)


def test_explanation_in_the_issue_style(recipient, items_for):
    person = recipient(dob=date(2015, 3, 1), level="especially_severe", certified_on=date(2022, 1, 5))
    (item,) = items_for(person, date(2025, 1, 1), "monthly_allowance")
    assert item.explanation == (
        "NKT đặc biệt nặng là trẻ em dưới 16 tuổi: hệ số 2,5 × mức chuẩn 500.000 đ = 1.250.000 đ "
        "(Nghị định 20/2021/NĐ-CP, Điều 6; Nghị định 76/2024/NĐ-CP)"
    )
    assert item.legal_basis == "Nghị định 20/2021/NĐ-CP, Điều 6; Nghị định 76/2024/NĐ-CP"


def test_mild_gets_nothing(recipient, items_for):
    person = recipient(level="mild")
    assert items_for(person, date(2023, 1, 1)) == []


def test_turning_16_switches_in_the_birthday_month(recipient, items_for):
    person = recipient(dob=date(2008, 8, 20), level="especially_severe", certified_on=date(2020, 1, 1))
    assert items_for(person, date(2024, 7, 1), "monthly_allowance")[0].amount == 1_250_000
    assert items_for(person, date(2024, 8, 1), "monthly_allowance")[0].amount == 1_000_000


def test_turning_60_switches_in_the_birthday_month(recipient, items_for):
    person = recipient(dob=date(1964, 11, 30), level="severe", certified_on=date(2020, 1, 1))
    assert items_for(person, date(2024, 10, 1), "monthly_allowance")[0].amount == 750_000
    assert items_for(person, date(2024, 11, 1), "monthly_allowance")[0].amount == 1_000_000


def test_year_only_birth_date_counts_as_1_january(recipient, items_for):
    person = recipient(dob=date(1964, 9, 9), birth_date_approximate=True, level="severe", certified_on=date(2020, 1, 1))
    assert person.date_of_birth == date(1964, 1, 1)
    # Turns 60 on 1 January 2024: elderly (2.0) from January, adult (1.5) in December.
    assert items_for(person, date(2023, 12, 1), "monthly_allowance")[0].amount == 540_000
    assert items_for(person, date(2024, 1, 1), "monthly_allowance")[0].amount == 720_000


def test_july_2024_rate_change(recipient, items_for):
    person = recipient(level="severe", certified_on=date(2021, 1, 1))
    assert items_for(person, JUN_2024, "monthly_allowance")[0].amount == 540_000
    assert items_for(person, JUL_2024, "monthly_allowance")[0].amount == 750_000


def test_certificate_issued_mid_month_pays_that_whole_month(recipient, items_for):
    person = recipient(level="severe", certified_on=date(2024, 3, 20))
    assert items_for(person, date(2024, 2, 1)) == []
    assert items_for(person, date(2024, 3, 1), "monthly_allowance")[0].amount == 540_000


def test_no_certificate_no_allowance(recipient, items_for):
    person = recipient(level="especially_severe", certified_on=None)
    assert items_for(person, date(2024, 3, 1)) == []


def test_death_mid_month_pays_that_month_then_funeral_support(recipient, items_for, officer_a):
    person = recipient(level="severe", certified_on=date(2021, 1, 1))
    person_mark_deceased(actor=officer_a, person=person, died_on=date(2024, 9, 14))
    person.refresh_from_db()
    september = {i.policy: i for i in items_for(person, date(2024, 9, 1))}
    assert september["monthly_allowance"].amount == 750_000
    assert september["funeral_support"].amount == 10_000_000  # 20 × 500,000
    assert "20,0 × mức chuẩn 500.000 đ" in september["funeral_support"].explanation
    assert items_for(person, date(2024, 10, 1)) == []


def test_move_mid_month_old_commune_pays_that_month_new_from_next(
    recipient, items_for, officer_a, commune_a, commune_b
):
    person = recipient(level="severe", certified_on=date(2021, 1, 1))
    person_move(actor=officer_a, person=person, commune=commune_b, moved_on=date(2024, 5, 15))
    may = items_for(person, date(2024, 5, 1), "monthly_allowance")[0]
    june = items_for(person, date(2024, 6, 1), "monthly_allowance")[0]
    assert may.paying_commune_id == commune_a.pk
    assert june.paying_commune_id == commune_b.pk


def test_move_on_the_first_day_still_switches_next_month(recipient, items_for, officer_a, commune_a, commune_b):
    person = recipient(level="severe", certified_on=date(2021, 1, 1))
    person_move(actor=officer_a, person=person, commune=commune_b, moved_on=date(2024, 5, 1))
    assert items_for(person, date(2024, 5, 1), "monthly_allowance")[0].paying_commune_id == commune_a.pk


def test_facility_care_replaces_the_allowance(recipient, items_for, officer_a):
    person = recipient(level="especially_severe", certified_on=date(2021, 1, 1))
    facility_stay_add(actor=officer_a, person=person, facility_name="Trung tâm BTXH", started_on=date(2024, 3, 10),
                      ended_on=date(2024, 8, 5))  # fmt: skip
    assert items_for(person, date(2024, 3, 1), "monthly_allowance")
    april = {i.policy: i for i in items_for(person, date(2024, 4, 1))}
    assert "monthly_allowance" not in april
    assert april["facility_nurturing"].amount == 1_440_000  # 4.0 × 360,000
    assert april["facility_nurturing"].paying_commune_id is None
    assert "health_insurance" in april
    assert items_for(person, date(2024, 9, 1), "monthly_allowance")[0].amount == 1_000_000


def test_facility_child_under_4(recipient, items_for, officer_a):
    person = recipient(dob=date(2022, 2, 1), level="especially_severe", certified_on=date(2023, 1, 1))
    facility_stay_add(actor=officer_a, person=person, facility_name="Làng trẻ", started_on=date(2023, 6, 1))
    (item,) = items_for(person, date(2024, 8, 1), "facility_nurturing")
    assert (item.coefficient, item.amount) == (Decimal("5.0"), 2_500_000)


def test_highest_only_when_several_allowances_apply(recipient, items_for, officer_a):
    person = recipient(dob=date(1940, 1, 1), level="severe", certified_on=date(2021, 1, 1))
    other_ground_add(actor=officer_a, person=person, ground="elderly_80_no_pension", started_on=date(2021, 1, 1))
    allowances = items_for(person, date(2024, 8, 1), "monthly_allowance")
    assert len(allowances) == 1
    assert allowances[0].amount == 1_000_000  # severe 60+: 2.0, beats 80+ without pension: 1.0
    assert "chỉ hưởng mức cao nhất" in allowances[0].explanation


def test_single_poor_parent_per_child_is_added(recipient, items_for, officer_a):
    person = recipient(dob=date(1990, 1, 1), sex="female", level="severe", certified_on=date(2021, 1, 1))
    other_ground_add(actor=officer_a, person=person, ground="single_poor_parent", started_on=date(2021, 1, 1))
    child_add(actor=officer_a, person=person, full_name="Bé A", date_of_birth=date(2012, 1, 1))
    child_add(actor=officer_a, person=person, full_name="Bé B", date_of_birth=date(2014, 1, 1))
    amounts = sorted(i.amount for i in items_for(person, date(2024, 8, 1), "monthly_allowance"))
    assert amounts == [750_000, 1_000_000]  # own allowance 1.5 + 2 children × 1.0


def test_care_support_pregnancy_and_child_highest_row_only(recipient, items_for, officer_a):
    mother = recipient(dob=date(1995, 1, 1), sex="female", level="severe", certified_on=date(2021, 1, 1))
    child_add(actor=officer_a, person=mother, full_name="Bé Na", date_of_birth=date(2023, 10, 5))
    pregnancy_add(actor=officer_a, person=mother, started_on=date(2024, 5, 1), ended_on=date(2025, 1, 20))
    (april,) = items_for(mother, date(2024, 4, 1), "care_support")
    assert (april.group, april.amount) == ("pregnant_or_one_child", 540_000)  # 1.5 × 360,000
    (august,) = items_for(mother, date(2024, 8, 1), "care_support")
    assert (august.group, august.amount) == ("pregnant_and_child_or_two", 1_000_000)  # 2.0, not 1.5 + 2.0
    # The child turns 36 months in October 2026: nothing from that month.
    assert items_for(mother, date(2026, 9, 1), "care_support")
    assert items_for(mother, date(2026, 10, 1), "care_support") == []


def test_both_spouses_qualify_one_care_support(recipient, items_for, officer_a):
    wife = recipient(dob=date(1995, 1, 1), sex="female", level="severe", certified_on=date(2021, 1, 1))
    husband = recipient(dob=date(1993, 1, 1), sex="male", level="severe", certified_on=date(2021, 1, 1))
    marriage_add(actor=officer_a, person=wife, spouse=husband, started_on=date(2021, 6, 1))
    for parent in (wife, husband):
        child_add(actor=officer_a, person=parent, full_name="Bé Chung", date_of_birth=date(2024, 2, 2))
    assert len(items_for(wife, date(2024, 8, 1), "care_support")) == 1
    assert items_for(husband, date(2024, 8, 1), "care_support") == []
    # Both still get their own monthly allowance.
    assert items_for(husband, date(2024, 8, 1), "monthly_allowance")


def test_household_care_support_per_especially_severe_person(recipient, items_for, officer_a):
    first = recipient(level="especially_severe", certified_on=date(2021, 1, 1))
    second = recipient(dob=date(2012, 1, 1), level="especially_severe", certified_on=date(2021, 1, 1))
    for person in (first, second):
        care_arrangement_add(actor=officer_a, person=person, kind="household", carer_name="Lê Văn Hộ",
                             started_on=date(2022, 1, 1))  # fmt: skip
    for person in (first, second):
        (item,) = items_for(person, date(2024, 8, 1), "care_support")
        assert (item.group, item.amount, item.recipient) == ("household_caring", 500_000, "Lê Văn Hộ")


def test_taking_in_a_child(recipient, items_for, officer_a):
    child = recipient(dob=date(2012, 1, 1), level="especially_severe", certified_on=date(2021, 1, 1))
    care_arrangement_add(
        actor=officer_a, person=child, kind="taking_in", carer_name="Bà Tư", started_on=date(2022, 1, 1)
    )
    (item,) = items_for(child, date(2024, 8, 1), "care_support")
    assert (item.group, item.amount) == ("taking_in_child", 1_250_000)


def test_health_insurance_for_every_allowance_recipient(recipient, items_for):
    person = recipient(level="severe", certified_on=date(2021, 1, 1))
    (card,) = items_for(person, date(2024, 8, 1), "health_insurance")
    assert card.amount == 0 and card.coefficient is None


def test_revoked_certificate_stops_from_next_month(recipient, items_for, officer_a):
    from registry.services import certificate_revoke

    person = recipient(level="severe", certified_on=date(2021, 1, 1))
    certificate_revoke(actor=officer_a, certificate=person.certificates.get(), revoked_on=date(2024, 4, 10))
    assert items_for(person, date(2024, 4, 1), "monthly_allowance")
    assert items_for(person, date(2024, 5, 1)) == []
