"""Demo data for `manage.py seed_demo` (settings.DEMO_SEEDERS): decisions for most eligible
persons (some late with arrears, some suspended or stopped) and approved past payrolls for a
few communes. Everything goes through the services, as a commune leader would."""

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction

from registry.models import Role, User
from registry.scope import scope_of

from .engine import RateTable, entitlements, load_facts
from .models import Payroll, Policy, SuspensionReason
from .months import add_months, first_day
from .services import decision_grant, decision_stop, decision_suspend, payroll_approve, payroll_prepare

PAYROLL_COMMUNES = 3  # communes with approved past payrolls
PAST_MONTHS = 3


def _leaders(users) -> tuple[dict[int, User], User | None]:
    pool = list(users.values()) if isinstance(users, dict) else list(users or [])
    leaders: dict[int, User] = {}
    admin = None
    for user in pool:
        if user.role == Role.ADMIN or user.is_superuser:
            admin = admin or user
        elif user.role == Role.COMMUNE_LEADER:
            for commune_id in scope_of(user).commune_ids or ():
                leaders.setdefault(commune_id, user)
    if admin is None:
        admin = User.objects.filter(role=Role.ADMIN).first() or User.objects.filter(is_superuser=True).first()
    return leaders, admin


def seed(*, rng, persons, users, today: date, stdout) -> None:
    leaders, admin = _leaders(users)
    this_month = first_day(today)
    rates = RateTable.load()
    allowance = Policy.objects.get(code="monthly_allowance")
    ids = [p.pk for p in persons]
    facts = load_facts(ids)
    numbers: dict[int, int] = defaultdict(int)
    granted = late = suspended = stopped = 0
    by_commune: dict[int, int] = defaultdict(int)
    for person in sorted(persons, key=lambda p: p.pk):
        actor = leaders.get(person.commune_id) or admin
        f = facts.get(person.pk)
        if actor is None or f is None or not f.certificates:
            continue
        items = entitlements(f, this_month, rates)
        if not any(i.policy == "monthly_allowance" and i.paying_commune_id == person.commune_id for i in items):
            continue
        if rng.random() > 0.88:  # some eligible persons are still waiting for a decision
            continue
        certified = first_day(min(c.issued_on for c in f.certificates))
        is_late = certified >= add_months(this_month, -8)
        decided_on = today - timedelta(days=rng.randint(3, 40)) if is_late else max(
            certified + timedelta(days=rng.randint(10, 25)), date(2012, 1, 1))  # fmt: skip
        decided_on = min(decided_on, today)
        numbers[person.commune_id] += 1
        signer = actor.get_full_name() or actor.username
        try:
            with transaction.atomic():
                decision_grant(
                    actor=actor, person=person, policy=allowance, number=f"{numbers[person.commune_id]}/QĐ-UBND",
                    decided_on=decided_on, signer=f"{signer}, Chủ tịch UBND", effective_month=certified,
                    reason="Đủ điều kiện theo Nghị định 20/2021/NĐ-CP",
                    paid_outside_through=None if is_late else max(add_months(this_month, -PAST_MONTHS - 1), certified),
                )  # fmt: skip
        except Exception:  # noqa: BLE001, S112 - an ineligible demo person is simply skipped
            continue
        granted += 1
        late += is_late
        by_commune[person.commune_id] += 1
        roll = rng.random()
        if roll < 0.04 and not is_late:
            numbers[person.commune_id] += 1
            benefit = person.benefits.get(policy=allowance)
            decision_suspend(
                actor=actor, benefit=benefit, number=f"{numbers[person.commune_id]}/QĐ-UBND", decided_on=today,
                signer=f"{signer}, Chủ tịch UBND", effective_month=this_month,
                suspension_reason=SuspensionReason.REFUSED_REASSESSMENT, reason="Không tham gia xác định lại mức độ",
            )  # fmt: skip
            suspended += 1
        elif roll < 0.07 and not is_late:
            numbers[person.commune_id] += 1
            benefit = person.benefits.get(policy=allowance)
            decision_stop(
                actor=actor, benefit=benefit, number=f"{numbers[person.commune_id]}/QĐ-UBND", decided_on=today,
                signer=f"{signer}, Chủ tịch UBND", effective_month=this_month, reason="Không còn đủ điều kiện",
            )  # fmt: skip
            stopped += 1
    stdout.write(f"decisions: granted={granted} late={late} suspended={suspended} stopped={stopped}")

    # Approved payrolls for the past months of the communes with the most recipients (leaders first).
    ranked = sorted(by_commune, key=lambda c: (c not in leaders, -by_commune[c]))[:PAYROLL_COMMUNES]
    approved = 0
    for commune_id in ranked:
        actor = leaders.get(commune_id) or admin
        commune = next(p.commune for p in persons if p.commune_id == commune_id)
        for back in range(PAST_MONTHS, 0, -1):
            month = add_months(this_month, -back)
            if Payroll.objects.filter(commune=commune, month=month).exists():
                continue
            payroll = payroll_prepare(actor=actor, commune=commune, month=month)
            payroll_approve(actor=actor, payroll=payroll)
            approved += 1
        payroll_prepare(actor=actor, commune=commune, month=this_month)  # this month's draft
    stdout.write(f"payrolls approved={approved} communes={len(ranked)}")
