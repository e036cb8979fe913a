"""Reports with sign-off: draft → submitted (figures frozen) → accepted or returned; frozen
snapshots never change; deadlines are flagged."""

from datetime import date
from unittest import mock

import pytest

from cases.plans.models import AgencyPlan, ReportStatus, ReportSubmission
from cases.plans.selectors import plan_flags
from cases.plans.services import (
    agency_plan_record,
    report_accept,
    report_create,
    report_figures,
    report_return,
    report_submit,
    report_update,
)
from registry.errors import FieldError, NotPermitted, TransitionNotAllowed

from .helpers import make_case, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(issued_plan, officer_a, commune_a_agency):
    return report_create(actor=officer_a, plan=issued_plan, agency=commune_a_agency)


def test_full_sign_off(report, officer_a, provincial, commune_a):
    person = make_person(commune_a)
    make_case(person, actor=officer_a, domain="health", status="approved")
    report_update(actor=officer_a, report=report, summary="Tốt", narratives={"health_access": "Đã khám cho bà con."})
    submission = report_submit(actor=officer_a, report=report, as_of=date(2026, 10, 31))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert submission.unit == commune_a and submission.as_of == date(2026, 10, 31)
    figures = {f["code"]: f for f in submission.figures}
    assert figures["health_access"]["numerator"] == 1 and figures["health_access"]["denominator"] == 1
    assert figures["health_access"]["narrative"] == "Đã khám cho bà con."
    with pytest.raises(TransitionNotAllowed):
        report_update(actor=officer_a, report=report, summary="đổi")
    report = report_return(actor=provincial, report=report, reason="Bổ sung số liệu")
    assert report.status == ReportStatus.RETURNED and report.return_reason == "Bổ sung số liệu"
    second = report_submit(actor=officer_a, report=report)
    assert second.number == 2
    report = report_accept(actor=provincial, report=report)
    assert report.status == ReportStatus.ACCEPTED
    with pytest.raises(TransitionNotAllowed):
        report_return(actor=provincial, report=report, reason="muộn")


def test_snapshot_never_changes_when_the_data_change(report, officer_a, commune_a):
    submission = report_submit(actor=officer_a, report=report, as_of=date(2026, 10, 31))
    frozen = list(submission.figures)
    make_case(make_person(commune_a), actor=officer_a, domain="health", status="completed", requested_on=date(2026, 5, 5),
              outcome_on=date(2026, 6, 1))  # fmt: skip
    submission.refresh_from_db()
    assert submission.figures == frozen
    assert {f["code"]: f["numerator"] for f in frozen}["health_access"] == 0
    _unit, _as_of, live = report_figures(report, as_of=date(2026, 10, 31))
    assert {f["code"]: f["numerator"] for f in live}["health_access"] == 1  # the live value moved
    assert ReportSubmission.objects.filter(report=report).count() == 1


def test_return_needs_a_reason_and_accept_is_maker_checker(report, officer_a, provincial, make_user, province):
    report_submit(actor=officer_a, report=report)
    with pytest.raises(FieldError):
        report_return(actor=provincial, report=report, reason="  ")
    with pytest.raises(NotPermitted):
        report_accept(actor=officer_a, report=report)  # not a provincial officer
    other = make_user("provincial_officer", province, username="provincial_2")
    report_accept(actor=other, report=report)


def test_the_submitter_cannot_accept_their_own_report(
    issued_plan, provincial, health_department, association_agency, make_user, province
):
    association_agency.members.add(provincial)
    report = report_create(actor=provincial, plan=issued_plan, agency=association_agency)
    report_submit(actor=provincial, report=report)
    with pytest.raises(NotPermitted):
        report_accept(actor=provincial, report=report)


def test_who_writes_which_report(
    issued_plan, officer_b, association_a, commune_a_agency, association_agency, make_user, province
):
    with pytest.raises(NotPermitted):
        report_create(actor=officer_b, plan=issued_plan, agency=commune_a_agency)  # another commune's
    association = make_user("association_officer", province, username="assoc_province")
    assert report_create(actor=association, plan=issued_plan, agency=association_agency).status == ReportStatus.DRAFT


def test_reports_need_an_issued_plan(plan, officer_a, commune_a_agency):
    with pytest.raises(TransitionNotAllowed):
        report_create(actor=officer_a, plan=plan, agency=commune_a_agency)


def test_an_agency_reports_on_its_indicators_a_province_wide_report(issued_plan, provincial, association_agency, officer_a,
                                                                    commune_a, commune_b):  # fmt: skip
    indicator = issued_plan.indicators.get(code="training_participants")
    indicator.cooperating_agencies.add(association_agency)
    association_agency.members.add(officer_a)
    report = report_create(actor=officer_a, plan=issued_plan, agency=association_agency)
    unit, _as_of, rows = report_figures(report)
    assert unit == issued_plan.province
    assert [r["code"] for r in rows] == ["training_participants"]


def _flags_on(plan, day):
    with mock.patch("cases.plans.selectors._today", return_value=day):
        return plan_flags(plan)


def test_deadlines_flagged(issued_plan, provincial, officer_a, commune_a_agency, commune_b_agency, association_agency):
    assert not _flags_on(issued_plan, date(2026, 3, 10)).any  # the due day itself is not late
    flags = _flags_on(issued_plan, date(2026, 3, 11))
    assert set(flags.missing_agency_plans) == {commune_a_agency, commune_b_agency, association_agency}
    assert not flags.overdue_reports
    agency_plan_record(actor=provincial, plan=issued_plan, agency=commune_a_agency, received_on=date(2026, 3, 9))
    agency_plan_record(actor=provincial, plan=issued_plan, agency=association_agency, received_on=date(2026, 3, 12))
    flags = _flags_on(issued_plan, date(2026, 4, 1))
    assert flags.missing_agency_plans == [commune_b_agency]
    assert [a for a, _d in flags.late_agency_plans] == [association_agency]
    report = report_create(actor=officer_a, plan=issued_plan, agency=commune_a_agency)
    assert not _flags_on(issued_plan, date(2026, 11, 15)).overdue_reports
    flags = _flags_on(issued_plan, date(2026, 11, 16))
    assert {a for a, _r in flags.overdue_reports} == {commune_a_agency, commune_b_agency, association_agency}
    report_submit(actor=officer_a, report=report)
    flags = _flags_on(issued_plan, date(2026, 11, 16))
    assert {a for a, _r in flags.overdue_reports} == {commune_b_agency, association_agency}
    assert AgencyPlan.objects.filter(plan=issued_plan).count() == 2


def test_agency_plan_rules(issued_plan, provincial, officer_b, commune_a_agency, province):
    from cases.plans.models import Agency

    with pytest.raises(NotPermitted):
        agency_plan_record(actor=officer_b, plan=issued_plan, agency=commune_a_agency, received_on=date(2026, 3, 1))
    stranger = Agency.objects.create(code="x", name="X", kind="other", province=province)
    with pytest.raises(FieldError):
        agency_plan_record(actor=provincial, plan=issued_plan, agency=stranger, received_on=date(2026, 3, 1))
    agency_plan_record(actor=provincial, plan=issued_plan, agency=commune_a_agency, received_on=date(2026, 3, 1))
    with pytest.raises(FieldError):
        agency_plan_record(actor=provincial, plan=issued_plan, agency=commune_a_agency, received_on=date(2026, 3, 2))
