"""Benchmark suites of the plans, for `manage.py benchmark` (BENCHMARK_BUILDERS / BENCHMARK_SUITES):

* PL-1 — the roll-up of every indicator of a plan for every commune and the province, against
  hand-written SQL GROUP BY queries returning the same numbers (the numbers are compared: a
  mismatch fails the run);
* PL-2 — the dashboard's figures read from the precomputed summary, against the live roll-up.

`build_plans(ctx)` seeds the 2026 plan (and some cases and events when the register has none).
"""

import random
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from cases.models import Case, CaseStep, Event, EventParticipant
from policies.models import Policy
from registry.bench.harness import Context, Result, ms, p50, timed
from registry.models import Person, Residence, User

from .definition import load_definition
from .models import Plan
from .rollup import compute, plan_period
from .scoping import plan_territory
from .selectors import UnitView, plan_figures, plan_indicators
from .services.summary import default_as_of, summary_refresh


def _actor() -> User:
    return User.objects.filter(role="provincial_officer").first() or User.objects.filter(is_superuser=True).first()


def build_plans(ctx: Context) -> None:
    """The seeded plans; cases and events for the plan's year when there are too few."""
    from .seed import load_seed_plans

    actor = _actor()
    if actor is None:
        raise RuntimeError("The register builder must run first (it creates the accounts).")
    plans = load_seed_plans(actor=actor)
    plan = next(p for p in plans if p.year == 2026)
    if Case.objects.filter(requested_on__year=plan.year).count() < ctx.cases // 2:
        _bulk_activity(ctx, plan, actor)
    ctx.data["plan"] = plan
    ctx.data["provincial"] = User.objects.filter(username="sovyte").first() or actor


def _bulk_activity(ctx: Context, plan: Plan, actor) -> None:
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
    """Distinct persons with a case requested in the period, by the commune on the request date."""
    q = connection.ops.quote_name
    case, res, person = q(Case._meta.db_table), q(Residence._meta.db_table), q(Person._meta.db_table)
    marks = ", ".join(["%s"] * len(communes))
    sql = f"""
        SELECT r.commune_id, COUNT(DISTINCT c.person_id)
        FROM {case} c
        JOIN {person} p ON p.id = c.person_id AND p.deleted_at IS NULL
        JOIN {res} r ON r.person_id = c.person_id
             AND (r.started_on IS NULL OR r.started_on <= c.requested_on)
             AND (r.ended_on IS NULL OR r.ended_on > c.requested_on)
        WHERE c.requested_on BETWEEN %s AND %s
          AND c.domain IN ({", ".join(["%s"] * len(domains))})
          AND c.status IN ({", ".join(["%s"] * len(statuses))})
          AND r.commune_id IN ({marks})
        GROUP BY r.commune_id"""  # noqa: S608 - table names from the models, values as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [period.start, period.end, *domains, *statuses, *communes])
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
        same = {c: v for c, v in ours.by_commune.items() if v} == {c: v for c, v in num.items() if v}
        if den is not None:
            # The seeded percentage indicators count only persons within the population of the same
            # commune; the hand-written numerator above does not, so compare the denominators.
            same = {c: v for c, v in (ours.den_by_commune or {}).items() if v} == {c: v for c, v in den.items() if v}
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
