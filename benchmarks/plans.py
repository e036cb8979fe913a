"""Benchmark suites of the plans, for `manage.py benchmark` (BENCHMARK_BUILDERS / BENCHMARK_SUITES):

* A-1 — the roll-up of an indicator for every commune, against hand-written SQL GROUP BY queries
  returning the same numbers (numerator and denominator are compared: a mismatch fails the row);
  and every indicator of the plan for every commune and the province;
* A-2 — the dashboard's figures read from the precomputed summary, against the live roll-up.

`build_plans(ctx)` seeds the 2026 plan (cases when the cases builder made none in its year, and
events with participants).
"""

import random
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from benchmarks.harness import Context, Result, ms, p50, timed
from cases.models import Case, CaseStep, Event, EventParticipant
from cases.plans.definition import load_definition
from cases.plans.models import Plan
from cases.plans.rollup import compute, plan_period
from cases.plans.scoping import plan_territory
from cases.plans.selectors import UnitView, plan_figures, plan_indicators
from cases.plans.services.summary import default_as_of, summary_refresh
from policies.models import Policy
from registry.models import Person, Residence, User
from registry.services.maintenance import analyze_database


def _actor() -> User:
    return User.objects.filter(role="provincial_officer").first() or User.objects.filter(is_superuser=True).first()


def build_plans(ctx: Context) -> None:
    """The seeded plans; cases for the plan's year when the cases builder made none in it (the cases
    builder spreads `ctx.cases` over 2023 to today: those are not doubled), and events with their
    participants when there are none in the plan's year."""
    from cases.plans.seed import load_seed_plans

    actor = _actor()
    if actor is None:
        raise RuntimeError("The register builder must run first (it creates the accounts).")
    plans = load_seed_plans(actor=actor)
    plan = next(p for p in plans if p.year == 2026)
    in_year = {"requested_on__range": (plan.period_start, plan.period_end)}
    if not Case.objects.filter(**in_year).exists():
        ctx.say(f"  {ctx.cases:,} cases in {plan.year}…")
        _bulk_cases(ctx, plan, actor)
    if not Event.objects.filter(held_on__range=(plan.period_start, plan.period_end)).exists():
        ctx.say(f"  {max(ctx.cases // 50, 10):,} events in {plan.year}…")
        _bulk_events(ctx, plan, actor)
    analyze_database()  # the planner's statistics after the bulk loads (the cases builder does not refresh them)
    ctx.data["plan"] = plan
    ctx.data["provincial"] = User.objects.filter(username="sovyte").first() or actor


def _bulk_cases(ctx: Context, plan: Plan, actor) -> None:
    rng = random.Random(ctx.seed)
    persons = list(Person.objects.values_list("pk", flat=True))
    policies = list(Policy.objects.filter(is_active=True).exclude(kind="monthly_cash").values_list("pk", "domain"))
    start = plan.period_start
    cases, steps = [], []
    for _ in range(ctx.cases):
        policy_id, domain = rng.choice(policies)
        requested = start + timedelta(days=rng.randint(0, 300))
        status = rng.choice(["requested", "approved", "in_progress", "completed", "completed", "rejected"])
        cases.append(Case(
            person_id=rng.choice(persons), domain=domain, support_type_id=policy_id, description="Nhu cầu",
            requested_on=requested, status=status, outcome="achieved" if status == "completed" else "",
            outcome_on=requested + timedelta(days=20) if status == "completed" else None,
            amount=rng.choice([None, 500_000, 2_000_000]), funding_source=rng.choice(["", "state_budget", "social_mobilisation"]),
            created_by=actor,
        ))  # fmt: skip
    Case.objects.bulk_create(cases, batch_size=2000)
    for case in cases:
        if case.status in ("approved", "in_progress", "completed"):
            steps.append(CaseStep(case=case, action="approve", actor=actor,
                                  at=timezone.make_aware(timezone.datetime.combine(case.requested_on + timedelta(days=5),
                                                                                   timezone.datetime.min.time()))))  # fmt: skip
    CaseStep.objects.bulk_create(steps, batch_size=2000)


def _bulk_events(ctx: Context, plan: Plan, actor) -> None:
    rng = random.Random(ctx.seed + 1)
    persons = list(Person.objects.values_list("pk", flat=True))
    start = plan.period_start
    communes = plan_territory(plan)
    events = []
    for _ in range(max(ctx.cases // 50, 10)):
        events.append(Event(kind=rng.choice(["awareness_training", "disability_day_vn", "disability_day_intl"]),
                            title="Sự kiện", held_on=start + timedelta(days=rng.randint(0, 300)),
                            unit_id=rng.choice(communes), organiser="Hội NKT", other_participants=rng.randint(0, 40),
                            gifts_count=rng.randint(0, 30), gift_value=300_000, created_by=actor))  # fmt: skip
    Event.objects.bulk_create(events)
    rows = []
    for event in events:
        for person_id in rng.sample(persons, min(len(persons), 15)):
            rows.append(EventParticipant(event=event, person_id=person_id, added_by=actor))
    EventParticipant.objects.bulk_create(rows, batch_size=2000)


# Hand-written SQL for three shapes of indicator ----------------------------------------------------
def _sql_persons_from_cases(period, communes, domains, statuses) -> dict[int, int]:
    """Distinct persons with a case requested in the period, by the commune on the request date,
    who are in the denominator population of that commune: alive and born on the reference date and
    living in the same commune then (the numerator of a percentage over the register)."""
    q = connection.ops.quote_name
    case, res, person = q(Case._meta.db_table), q(Residence._meta.db_table), q(Person._meta.db_table)
    day = period.end
    sql = f"""
        SELECT r.commune_id, COUNT(DISTINCT c.person_id)
        FROM {case} c
        JOIN {person} p ON p.id = c.person_id AND p.deleted_at IS NULL
        JOIN {res} r ON r.person_id = c.person_id
             AND (r.started_on IS NULL OR r.started_on <= c.requested_on)
             AND (r.ended_on IS NULL OR r.ended_on > c.requested_on)
        JOIN {res} rr ON rr.person_id = c.person_id AND rr.commune_id = r.commune_id
             AND (rr.started_on IS NULL OR rr.started_on <= %s)
             AND (rr.ended_on IS NULL OR rr.ended_on > %s)
        WHERE c.requested_on BETWEEN %s AND %s
          AND c.domain IN ({", ".join(["%s"] * len(domains))})
          AND c.status IN ({", ".join(["%s"] * len(statuses))})
          AND p.date_of_birth <= %s AND NOT (p.status = 'deceased' AND p.died_on <= %s)
          AND r.commune_id IN ({", ".join(["%s"] * len(communes))})
        GROUP BY r.commune_id"""  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [day, day, period.start, period.end, *domains, *statuses, day, day, *communes])
        return dict(cursor.fetchall())


def _sql_registry(period, communes) -> dict[int, int]:
    """Living persons of the register by the commune where they lived on the reference date."""
    q = connection.ops.quote_name
    res, person = q(Residence._meta.db_table), q(Person._meta.db_table)
    day = period.end
    sql = f"""
        SELECT r.commune_id, COUNT(DISTINCT p.id)
        FROM {person} p
        JOIN {res} r ON r.person_id = p.id AND (r.started_on IS NULL OR r.started_on <= %s)
             AND (r.ended_on IS NULL OR r.ended_on > %s)
        WHERE p.deleted_at IS NULL AND p.date_of_birth <= %s
          AND NOT (p.status = 'deceased' AND p.died_on <= %s)
          AND r.commune_id IN ({", ".join(["%s"] * len(communes))})
        GROUP BY r.commune_id"""  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [day, day, day, day, *communes])
        return dict(cursor.fetchall())


def _sql_participants(period, communes, kinds) -> dict[int, int]:
    q = connection.ops.quote_name
    event, part, person = q(Event._meta.db_table), q(EventParticipant._meta.db_table), q(Person._meta.db_table)
    kind_marks = ", ".join(["%s"] * len(kinds))
    commune_marks = ", ".join(["%s"] * len(communes))
    sql = f"""
        SELECT e.unit_id, SUM(e.other_participants) + COALESCE(SUM((
            SELECT COUNT(*) FROM {part} ep JOIN {person} p ON p.id = ep.person_id AND p.deleted_at IS NULL
            WHERE ep.event_id = e.id)), 0)
        FROM {event} e
        WHERE e.held_on BETWEEN %s AND %s AND e.kind IN ({kind_marks}) AND e.unit_id IN ({commune_marks})
        GROUP BY e.unit_id"""  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [period.start, period.end, *kinds, *communes])
        return {k: int(v) for k, v in cursor.fetchall() if v}


BASELINES = {
    "health_access": lambda period, communes: (
        _sql_persons_from_cases(period, communes, ["health"], ["approved", "in_progress", "completed"]),
        _sql_registry(period, communes),
    ),
    "awareness_participants": lambda period, communes: (
        _sql_participants(period, communes, ["awareness_training"]),
        None,
    ),
}


def _nonzero(figures: dict[int, int]) -> dict[int, int]:
    return {commune: value for commune, value in figures.items() if value}


def measure_rollup(ctx: Context) -> list[Result]:
    plan = ctx.data["plan"]
    indicators = plan_indicators(plan)
    communes = plan_territory(plan)
    period = plan_period(plan, default_as_of(plan))
    definitions = {i.code: load_definition(i.definition) for i in indicators}

    def product_all():
        return {code: compute(d, period, communes, province_id=plan.province_id) for code, d in definitions.items()}

    product_all()  # warm up
    repeat = 1 if ctx.quick else 3
    all_time = p50(timed(product_all, repeat))
    results = []
    for code, baseline in BASELINES.items():
        if code not in definitions:
            continue
        definition = definitions[code]
        ours = compute(definition, period, communes, total=False)
        num, den = baseline(period, communes)
        same = _nonzero(ours.by_commune) == _nonzero(num)
        if den is not None:
            same = same and _nonzero(ours.den_by_commune or {}) == _nonzero(den)
        product = p50(timed(lambda d=definition: compute(d, period, communes, total=False), repeat))
        reference = p50(timed(lambda b=baseline: b(period, communes), repeat))
        ratio = product / reference if reference else None
        results.append(Result(
            id=f"A-1 {code}", path=f"roll-up of “{code}” for {len(communes)} communes",
            baseline="hand-written SQL GROUP BY", ratio=ratio, target="≤ 1.2 and the same numbers",
            ok=same and (ratio is None or ratio <= 1.2), product=ms(product), reference=ms(reference),
            extra={"same_numbers": same},
        ))  # fmt: skip
    results.append(Result(
        id="A-1 all", path=f"every indicator ({len(indicators)}) × every commune ({len(communes)}) and the province",
        baseline="—", ratio=None, target="< 5 s", ok=all_time < 5, product=ms(all_time), reference="",
    ))  # fmt: skip
    return results


def measure_dashboard(ctx: Context) -> list[Result]:
    plan = ctx.data["plan"]
    indicators = plan_indicators(plan)
    communes = plan_territory(plan)
    view = UnitView("province", plan.province, communes)
    selected = {indicators[0].pk} if indicators else set()
    summary_refresh(plan=plan)
    as_of = default_as_of(plan)
    repeat = 3 if ctx.quick else 10

    def from_summary():
        return plan_figures(plan, indicators, view, communes_of=selected, months_of=selected)

    def live():
        return plan_figures(plan, indicators, view, as_of=as_of, communes_of=selected, months_of=selected, live=True)

    from_summary()
    product = p50(timed(from_summary, repeat))
    reference = p50(timed(live, max(1, repeat // 3)))
    ratio = product / reference if reference else None
    return [Result(
        id="A-2", path="plan dashboard figures from the summary", baseline="the same figures computed live",
        ratio=ratio, target="≤ 0.1; ≤ 200 ms", ok=ratio is not None and ratio <= 0.1 and product <= 0.2, product=ms(product), reference=ms(reference),
    )]  # fmt: skip


def suite(ctx: Context) -> list[Result]:
    if "plan" not in ctx.data:
        build_plans(ctx)
    return measure_rollup(ctx) + measure_dashboard(ctx)
