"""Demo data for the plans (settings.DEMO_SEEDERS, after the policies and cases seeders).

Both seeded plans with their indicators and targets (`seed.py`); a few communes' own targets; the
agencies' plans received (some late, some missing); reports in every status — accepted, submitted,
returned, draft, and missing ones that show as overdue — and the summaries computed, so the
dashboard shows real progress. Everything goes through the services; only the timestamps are
moved back to the days the story happened on.
"""

from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from registry.models import User

from . import services
from .models import Agency, Plan, PlanStatus, Report, ReportStatus, ReportSubmission
from .seed import load_seed_plans

NARRATIVES = [
    "Đã phối hợp với các cơ sở y tế và Hội NKT rà soát nhu cầu, lập danh sách và triển khai hỗ trợ theo kế hoạch.",
    "Một số trường hợp ở vùng sâu, vùng xa chưa tiếp cận được do khoảng cách; đề nghị bố trí thêm kinh phí đi lại.",
    "Kết quả đạt so với kế hoạch; tiếp tục theo dõi các hồ sơ đang xử lý để hoàn thành trong quý IV.",
    "Đã tổ chức tập huấn cho cán bộ cơ sở và tuyên truyền trên loa truyền thanh xã, phường.",
]


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _user(users, username: str) -> User | None:
    if isinstance(users, dict) and username in users:
        return users[username]
    return User.objects.filter(username=username).first()


def _report(plan: Plan, agency: Agency | None, actor, rng, *, submit_on=None, decide=None, decider=None,
            reason: str = "") -> Report | None:  # fmt: skip
    """A report taken as far as `decide` says: None (draft), "submitted", "accepted" or "returned"."""
    if agency is None or actor is None:
        return None
    report = services.report_create(actor=actor, plan=plan, agency=agency)
    from .services.reports import report_indicators

    narratives = {i.pk: rng.choice(NARRATIVES) for i in report_indicators(report)}
    services.report_update(actor=actor, report=report, summary=rng.choice(NARRATIVES), narratives=narratives)
    if submit_on is None:
        return report
    submission = services.report_submit(actor=actor, report=report, as_of=submit_on)
    submitted_at = _at(submit_on, 10)
    ReportSubmission.objects.filter(pk=submission.pk).update(submitted_at=submitted_at)
    Report.objects.filter(pk=report.pk).update(submitted_at=submitted_at)
    if decide == "accepted":
        services.report_accept(actor=decider, report=report)
    elif decide == "returned":
        services.report_return(actor=decider, report=report, reason=reason)
    if decide in ("accepted", "returned"):
        Report.objects.filter(pk=report.pk).update(
            decided_at=_at(submit_on.replace(day=min(submit_on.day + 6, 28)), 15)
        )
    return report


def _agency_plans(plan: Plan, actor, received: dict[str, date], agencies: dict[str, Agency]) -> None:
    for code, day in received.items():
        agency = agencies.get(code)
        if agency is not None:
            services.agency_plan_record(actor=actor, plan=plan, agency=agency, received_on=day,
                                        document_number=f"{rng_number(code)}/KH-{agency.short_name or 'CQ'}")  # fmt: skip


def rng_number(code: str) -> int:
    return 10 + sum(ord(c) for c in code) % 180


@transaction.atomic
def seed(*, rng, persons, users, today: date, stdout=None) -> None:
    provincial = _user(users, "sovyte")
    admin = _user(users, "quantri")
    if provincial is None or admin is None:
        return
    plans = {plan.year: plan for plan in load_seed_plans(actor=provincial)}
    for plan in plans.values():
        if plan.status == PlanStatus.DRAFT:
            _scale_illustrative_targets(plan, provincial, len(persons))
    agencies = {a.code: a for a in Agency.objects.all()}
    if "so-y-te-48" in agencies:
        agencies["so-y-te-48"].members.add(provincial)

    old = plans.get(2023)
    if old is not None and old.status == PlanStatus.DRAFT:
        old = services.plan_issue(actor=provincial, plan=old)
        _agency_plans(old, provincial, {
            "so-y-te-49": date(2023, 3, 6), "so-gddt-49": date(2023, 3, 8), "hoi-nkt-49": date(2023, 3, 9),
            "ubmttq-49": date(2023, 3, 9), "ubnd-tam-ky-502": date(2023, 3, 3), "ubnd-hoi-an-503": date(2023, 3, 15),
            "so-tu-phap-49": date(2023, 3, 10),
        }, agencies)  # fmt: skip
        for code, day, outcome in (
            ("so-y-te-49", date(2023, 11, 8), "accepted"), ("so-gddt-49", date(2023, 11, 10), "accepted"),
            ("hoi-nkt-49", date(2023, 11, 13), "accepted"), ("ubnd-tam-ky-502", date(2023, 11, 6), "accepted"),
            ("ubnd-hoi-an-503", date(2023, 11, 20), "accepted"), ("so-tu-phap-49", date(2023, 11, 14), "accepted"),
        ):  # fmt: skip
            _report(old, agencies.get(code), admin, rng, submit_on=day, decide=outcome, decider=provincial)
        services.plan_close(actor=provincial, plan=old)

    new = plans.get(2026)
    if new is not None and new.status == PlanStatus.DRAFT:
        _commune_targets(new, provincial)
        new = services.plan_issue(actor=provincial, plan=new)
        _agency_plans(new, provincial, {
            "so-gddt-48": date(2026, 3, 5), "so-noi-vu-48": date(2026, 3, 2), "hoi-nkt-48": date(2026, 3, 9),
            "ubnd-20341": date(2026, 3, 6), "ubnd-20242": date(2026, 3, 12),
        }, agencies)  # fmt: skip
        reports_due = new.reports_due
        _report(new, agencies.get("ubnd-20242"), _user(users, "canbo.haichau"), rng, submit_on=date(2026, 11, 10),
                decide="accepted", decider=provincial)  # fmt: skip
        if today > reports_due:
            _report(new, agencies.get("ubnd-20341"), _user(users, "canbo.tamky"), rng, submit_on=date(2026, 11, 14))
            _report(new, agencies.get("hoi-nkt-48"), _user(users, "hoinkt"), rng, submit_on=date(2026, 11, 12),
                    decide="returned", decider=provincial,
                    reason="Đề nghị bổ sung số liệu quà tặng ngày 3/12 và danh sách hội viên được hỗ trợ sinh kế.")  # fmt: skip
        _report(new, agencies.get("so-gddt-48"), admin, rng)  # a draft
    for plan in plans.values():
        services.summary_refresh(plan=plan)
    if stdout is not None:
        counts = {s: Report.objects.filter(status=s).count() for s in ReportStatus.values}
        stdout.write(f"plans={len(plans)} reports={counts}")


def _scale_illustrative_targets(plan: Plan, actor, persons: int) -> None:
    """The illustrative count targets are written for a province of about 100.000 registered
    persons; the demo register is smaller, so they shrink with it (percentages stay)."""
    factor = Decimal(max(persons, 1)) / Decimal(100_000)
    for indicator in plan.indicators.filter(target_is_illustrative=True, is_percentage=False, target__isnull=False):
        target = max(Decimal(1), (indicator.target * factor).quantize(Decimal(1)))
        services.indicator_update(actor=actor, indicator=indicator, data={
            "target": target, "target_source": f"{indicator.target_source} — thu nhỏ theo quy mô dữ liệu mẫu",
        })  # fmt: skip


def _commune_targets(plan: Plan, actor) -> None:
    """The province's count targets split for the demo communes (the rest keep none)."""
    from registry.models import AdminUnit

    communes = {
        u.code: u for u in AdminUnit.objects.filter(code__in=["20242", "20341"], level="commune", is_current=True)
    }
    # The demo communes hold a larger share of the register (the register generator weights them).
    shares = {"vocational_jobs": (Decimal("0.07"), Decimal("0.09")), "awareness_participants": (Decimal("0.06"), Decimal("0.08")),
              "gifts_days": (Decimal("0.07"), Decimal("0.07"))}  # fmt: skip
    for indicator in plan.indicators.filter(code__in=shares, target__isnull=False):
        targets = {}
        for code, share in zip(("20242", "20341"), shares[indicator.code], strict=True):
            if code in communes:
                targets[communes[code]] = max(Decimal(1), (indicator.target * share).quantize(Decimal(1)))
        services.indicator_targets_set(actor=actor, indicator=indicator, targets=targets)
    health = plan.indicators.filter(code="health_access").first()
    if health is not None and "20341" in communes:
        services.indicator_targets_set(actor=actor, indicator=health, targets={communes["20341"]: Decimal(75)})
