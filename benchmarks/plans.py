"""The plans' paths:

* A-1 — the roll-up of an indicator for every commune, against hand-written SQL GROUP BY queries
  returning the same numbers (numerator and denominator are compared: a mismatch fails the row);
  and every indicator of the plan for every commune and the province;
* A-2 — the dashboard's figures read from the precomputed summary, against the live roll-up.

Their data is `benchmarks.build.plans` (the 2026 plan, its cases and events).
"""

from django.db import connection

from benchmarks import build
from benchmarks.harness import Context, Result, ms, p50, timed, timed_side_by_side
from cases.models import Case, Event, EventParticipant
from cases.plans.definition import load_definition
from cases.plans.rollup import compute, plan_period
from cases.plans.scoping import plan_territory
from cases.plans.selectors import UnitView, plan_figures, plan_indicators
from cases.plans.services.summary import default_as_of, summary_refresh
from registry.models import Person, Residence


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
        runs = timed_side_by_side(
            {
                "product": lambda _, d=definition: compute(d, period, communes, total=False),
                "baseline": lambda _, b=baseline: b(period, communes),
            },
            range(repeat),
        )
        product, reference = p50(runs["product"]), p50(runs["baseline"])
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
    """A-1 and A-2 (the plan built first when no builder made it)."""
    if "plan" not in ctx.data:
        build.plans(ctx)
    return measure_rollup(ctx) + measure_dashboard(ctx)
