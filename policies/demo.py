"""Demo data for `manage.py seed_demo` (settings.DEMO_SEEDERS): decisions for most eligible
persons (some late with arrears, some suspended or stopped) and approved past payrolls for a
few communes. Everything goes through the services, by two people as in a commune: the officer
drafts each decision and prepares each payroll, the chairman signs and approves. The demo accounts
cover two communes; for the others the administrator drafts and prepares, and the seeder gives the
commune a chairman account that cannot log in (no password), who signs and approves."""

import random
from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction

from registry.demo import FAMILY, MALE_GIVEN, MALE_MIDDLE
from registry.models import AdminUnit, Role, User
from registry.scope import scope_of
from registry.services.users import user_create

from .engine import RateTable, entitlements, load_facts
from .models import Payroll, Policy, SuspensionReason
from .months import add_months, first_day
from .services import decision_draft, decision_sign, payroll_approve, payroll_prepare

PAYROLL_COMMUNES = 3  # communes with approved past payrolls
PAST_MONTHS = 3


def _staff(users) -> tuple[dict[int, User], dict[int, User], User | None]:
    """(officers by commune, leaders by commune, an administrator) among the demo accounts."""
    pool = list(users.values()) if isinstance(users, dict) else list(users or [])
    officers: dict[int, User] = {}
    leaders: dict[int, User] = {}
    admin = None
    for user in pool:
        if user.role == Role.ADMIN or user.is_superuser:
            admin = admin or user
        elif user.role in (Role.COMMUNE_LEADER, Role.COMMUNE_OFFICER):
            by_commune = leaders if user.role == Role.COMMUNE_LEADER else officers
            for commune_id in scope_of(user).commune_ids or ():
                by_commune.setdefault(commune_id, user)
    if admin is None:
        admin = User.objects.filter(role=Role.ADMIN).first() or User.objects.filter(is_superuser=True).first()
    return officers, leaders, admin


def _chairman(commune_id: int, leaders: dict[int, User]) -> User:
    """The commune's chairman: a demo account, or one made here that cannot log in."""
    if commune_id not in leaders:
        commune = AdminUnit.objects.get(pk=commune_id)
        names = random.Random(commune_id)
        family = names.choices([f for f, _ in FAMILY], weights=[w for _, w in FAMILY])[0]
        leaders[commune_id] = user_create(
            username=f"chutich.{commune.code}", role=Role.COMMUNE_LEADER, unit_codes=[commune.code], password=None,
            full_name=f"{family} {names.choice(MALE_MIDDLE)} {names.choice(MALE_GIVEN)}", check_password=False,
        )  # fmt: skip
    return leaders[commune_id]


def _decide(drafter, signer, kind, **fields):
    return decision_sign(actor=signer, draft=decision_draft(actor=drafter, kind=kind, **fields))


def seed(*, rng, persons, users, today: date, stdout) -> None:
    officers, leaders, admin = _staff(users)
    this_month = first_day(today)
    rates = RateTable.load()
    allowance = Policy.objects.get(code="monthly_allowance")
    ids = [p.pk for p in persons]
    facts = load_facts(ids)
    numbers: dict[int, int] = defaultdict(int)
    granted = late = suspended = stopped = 0
    by_commune: dict[int, int] = defaultdict(int)
    for person in sorted(persons, key=lambda p: p.pk):
        drafter = officers.get(person.commune_id) or admin
        f = facts.get(person.pk)
        if drafter is None or f is None or not f.certificates:
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
        signer = _chairman(person.commune_id, leaders)
        try:
            with transaction.atomic():
                _decide(
                    drafter, signer, "grant", person=person, policy=allowance,
                    number=f"{numbers[person.commune_id]}/QĐ-UBND", decided_on=decided_on, effective_month=certified,
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
            _decide(
                drafter, signer, "suspend", benefit=person.benefits.get(policy=allowance),
                number=f"{numbers[person.commune_id]}/QĐ-UBND", decided_on=today, effective_month=this_month,
                suspension_reason=SuspensionReason.REFUSED_REASSESSMENT, reason="Không tham gia xác định lại mức độ",
            )  # fmt: skip
            suspended += 1
        elif roll < 0.07 and not is_late:
            numbers[person.commune_id] += 1
            _decide(
                drafter, signer, "stop", benefit=person.benefits.get(policy=allowance),
                number=f"{numbers[person.commune_id]}/QĐ-UBND", decided_on=today, effective_month=this_month,
                reason="Không còn đủ điều kiện",
            )  # fmt: skip
            stopped += 1
    stdout.write(f"decisions: granted={granted} late={late} suspended={suspended} stopped={stopped}")

    # Approved payrolls for the past months of the communes with the most recipients (demo communes
    # first): the officer (or the administrator) prepares, the chairman approves.
    ranked = sorted(by_commune, key=lambda c: (c not in officers, -by_commune[c]))[:PAYROLL_COMMUNES]
    approved = 0
    for commune_id in ranked:
        preparer, approver = officers.get(commune_id) or admin, _chairman(commune_id, leaders)
        commune = next(p.commune for p in persons if p.commune_id == commune_id)
        for back in range(PAST_MONTHS, 0, -1):
            month = add_months(this_month, -back)
            if Payroll.objects.filter(commune=commune, month=month).exists():
                continue
            payroll = payroll_prepare(actor=preparer, commune=commune, month=month)
            payroll_approve(actor=approver, payroll=payroll)
            approved += 1
        payroll_prepare(actor=preparer, commune=commune, month=this_month)  # this month's draft
    stdout.write(f"payrolls approved={approved} communes={len(ranked)}")
