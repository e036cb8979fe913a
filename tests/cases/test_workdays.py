"""Due dates in working days: weekends, Vietnamese public holidays (Tết), make-up Saturdays and
the administrator's corrections."""

from datetime import date

import pytest

from cases.models import CalendarDay
from cases.services import case_due_dates_recompute
from cases.workdays import WorkingCalendar


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (date(2026, 3, 2), 0, date(2026, 3, 2)),  # Monday, nothing to add
        (date(2026, 3, 6), 1, date(2026, 3, 9)),  # Friday + 1 → Monday (weekend skipped)
        (date(2026, 3, 2), 5, date(2026, 3, 9)),  # a full week
        (date(2025, 1, 24), 5, date(2025, 2, 7)),  # Tết 2025 closes 27/01–31/01
        (date(2026, 2, 13), 1, date(2026, 2, 23)),  # Tết 2026: 16/02–20/02, then the weekend
        (date(2026, 2, 13), 20, date(2026, 3, 20)),  # the determination council across Tết
        (date(2024, 5, 3), 1, date(2024, 5, 4)),  # Saturday 04/05/2024 was a make-up working day
        (date(2025, 4, 29), 1, date(2025, 5, 5)),  # 30/4, 1/5 and the day off 2/5
        (date(2025, 8, 29), 1, date(2025, 9, 3)),  # National Day 1–2/9/2025
    ],
)
def test_add_working_days(start, days, due):
    assert WorkingCalendar().add_working_days(start, days) == due


def test_counting_is_the_inverse_of_adding():
    calendar = WorkingCalendar()
    start = date(2025, 1, 20)
    for days in range(0, 30):
        assert calendar.working_days_between(start, calendar.add_working_days(start, days)) == days


@pytest.mark.django_db
def test_administrator_corrections_apply():
    CalendarDay.objects.create(day=date(2026, 3, 9), is_working_day=False, reason="Nghỉ theo quyết định của tỉnh")
    CalendarDay.objects.create(day=date(2026, 3, 7), is_working_day=True, reason="Làm bù")
    calendar = WorkingCalendar.load()
    assert calendar.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 7)
    assert calendar.add_working_days(date(2026, 3, 6), 2) == date(2026, 3, 10)


def test_case_due_date_follows_the_support_type(make_case):
    # rehabilitation: 20 working days from Monday 02/03/2026
    case = make_case()
    assert case.support_type.standard_duration_days == 20
    assert case.due_on == date(2026, 3, 30)


def test_case_due_date_across_tet(make_case, creator, person_a):
    case = make_case(requested_on=date(2026, 2, 13))  # Friday before Tết 2026
    assert case.due_on == date(2026, 3, 20)


def test_recompute_after_a_calendar_correction(make_case):
    case = make_case()
    CalendarDay.objects.create(day=date(2026, 3, 20), is_working_day=False, reason="Nghỉ đột xuất")
    assert case_due_dates_recompute() == 1
    case.refresh_from_db()
    assert case.due_on == date(2026, 3, 31)
