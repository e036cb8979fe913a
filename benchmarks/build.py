"""The data the suites measure, built before them: deterministic (the seed) and synthetic.

- `register`: the units of Đà Nẵng (with legacy Quảng Nam) and `ctx.persons` persons;
- `cases`: `ctx.cases` cases over those persons, with their approve/complete timeline rows so
  roll-ups by approval date have data;
- `plans`: the seeded plans, and for the 2026 plan cases (when the cases builder made none in its
  year) and events with participants;
- `xlsx`: a spreadsheet as a ministry's template lays it out (for the import suites).
"""

import io
import random
from datetime import date, datetime, time, timedelta
from time import perf_counter as clock

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from benchmarks.harness import Context
from cases.models import Case, CaseStep, Event, EventParticipant
from cases.models.choices import CaseKind, FundingSource, Outcome, Status
from cases.plans.models import Plan
from cases.plans.scoping import plan_territory
from cases.plans.seed import load_seed_plans
from policies.models import Policy
from registry.demo import seed_register
from registry.models import Person, User
from registry.services.maintenance import analyze_database
from registry.services.units import admin_units_load


def register(ctx: Context) -> None:
    """Units of Đà Nẵng (with legacy Quảng Nam) and `ctx.persons` synthetic persons."""
    ctx.say("  units…")
    admin_units_load(province_code="48")
    ctx.say(f"  {ctx.persons:,} persons…")
    result = seed_register(count=ctx.persons, seed=ctx.seed, today=timezone.localdate())
    analyze_database()
    ctx.data["users"] = result.users
    ctx.data["provincial"] = User.objects.get(username="sovyte")


STATUS_WEIGHTS = [(Status.COMPLETED, 55), (Status.IN_PROGRESS, 12), (Status.APPROVED, 10), (Status.ASSESSED, 6),
                  (Status.REQUESTED, 9), (Status.REJECTED, 5), (Status.CANCELLED, 3)]  # fmt: skip
FUNDING = [FundingSource.STATE_BUDGET, FundingSource.SOCIAL_MOBILISATION, FundingSource.ASSOCIATION,
           FundingSource.NGO_DONOR, FundingSource.OTHER]  # fmt: skip


CHUNK = 50_000  # cases generated and written at a time (steps follow their cases)


def cases(ctx: Context) -> None:
    """`ctx.cases` cases over the benchmark persons, written as rows (no model objects): `executemany`
    on SQLite, `COPY` on PostgreSQL. The data (ids included) is what creating the same cases with
    `bulk_create` in this order would give; the random draws are in the same order as always."""
    rng = random.Random(ctx.seed + 11)
    rows = list(Person.objects.values_list("id", "commune_id", "commune__province_code"))  # name order, as always
    persons = [pk for pk, _commune, _province in rows]
    place_of = {pk: (commune, province) for pk, commune, province in rows}
    policies = list(Policy.objects.filter(is_active=True).exclude(domain="").values_list("id", "domain"))
    actor = ctx.data["users"]["canbo.haichau"]
    leader = ctx.data["users"]["chutich.haichau"]
    start = date(2023, 1, 1)
    span = (timezone.localdate() - start).days
    statuses, weights = zip(*((s.value, w) for s, w in STATUS_WEIGHTS), strict=True)
    funding_sources = [f.value for f in FUNDING]  # plain strings for the database driver
    ctx.say(f"  {ctx.cases:,} cases…")
    began = clock()
    tz = timezone.get_current_timezone()
    ops = connection.ops
    case_table, step_table = _Table(Case), _Table(CaseStep)
    now = timezone.now()
    case_fixed = {"kind": CaseKind.SUPPORT.value, "description": "Nhu cầu hỗ trợ", "created_by_id": actor.pk,
                  "created_at": now, "updated_at": now}  # fmt: skip
    make_step = step_table.template({"note": ""}, ("case_id", "action", "from_status", "to_status", "actor_id", "at"))
    varying = ("person_id", "commune_id", "province_code", "domain", "support_type_id", "requested_on", "funding_source", "amount",
               "due_on", "status", "outcome", "outcome_on")  # fmt: skip
    make_case = case_table.template(case_fixed, varying)
    date_value, datetime_value = ops.adapt_datefield_value, ops.adapt_datetimefield_value
    case_id, step_id = case_table.next_id(), step_table.next_id()
    first_case_id = case_id
    assessed, approved, in_progress, completed = (s.value for s in (Status.ASSESSED, Status.APPROVED,
                                                                    Status.IN_PROGRESS, Status.COMPLETED))  # fmt: skip
    with_steps = (approved, in_progress, completed)
    achieved = Outcome.ACHIEVED.value
    amounts = [None, 500_000, 1_000_000, 2_500_000]
    made = 0
    with transaction.atomic():
        while made < ctx.cases:
            cases, steps = [], []
            for _ in range(min(CHUNK, ctx.cases - made)):
                policy_id, domain = rng.choice(policies)
                status = rng.choices(statuses, weights=weights, k=1)[0]
                requested = start + timedelta(days=rng.randint(0, span))
                done = status == completed
                person_id = rng.choice(persons)
                funding = rng.choice(funding_sources)
                amount = rng.choice(amounts)
                outcome_on = requested + timedelta(days=rng.randint(3, 60)) if done else None
                cases.append(make_case(case_id, (
                    person_id, *place_of[person_id], domain, policy_id, date_value(requested), funding, amount,
                    date_value(requested + timedelta(days=30)), status, achieved if done else "",
                    date_value(outcome_on),
                )))  # fmt: skip
                if status in with_steps:
                    at = datetime.combine(requested + timedelta(days=2), time(9), tzinfo=tz)
                    steps.append(make_step(step_id, (case_id, "approve", assessed, approved, leader.pk,
                                                     datetime_value(at))))  # fmt: skip
                    step_id += 1
                if done:
                    at = datetime.combine(outcome_on, time(15), tzinfo=tz)
                    steps.append(make_step(step_id, (case_id, "complete", in_progress, completed, actor.pk,
                                                     datetime_value(at))))  # fmt: skip
                    step_id += 1
                case_id += 1
            case_table.write(cases)
            step_table.write(steps)
            made += len(cases)
        case_table.finish()
        step_table.finish()
    analyze_database()  # the planner needs the new tables' statistics before the first list
    ctx.data["cases_made"] = made
    ctx.data["case_ids"] = (first_case_id, case_id - 1)
    ctx.say(f"  {made:,} cases and {step_id - step_table.first_id:,} steps in {clock() - began:.1f} s")


class _Table:
    """Rows of one model written straight to its table: every concrete column, in model order."""

    def __init__(self, model):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.attnames = [f.attname for f in self.fields]
        self.first_id = (model.objects.aggregate(last=Max("id"))["last"] or 0) + 1

    def next_id(self) -> int:
        return self.first_id

    def template(self, fixed: dict, varying: tuple[str, ...]):
        """A function (id, values of `varying`) -> the row; the other columns are their defaults
        (or `fixed`), prepared for the database once."""
        base = []
        for field in self.fields[1:]:
            value = fixed[field.attname] if field.attname in fixed else field.get_default()
            base.append(field.get_db_prep_save(value, connection))
        positions = [self.attnames.index(name) - 1 for name in varying]

        def make(pk, values):
            row = list(base)
            for position, value in zip(positions, values, strict=True):
                row[position] = value
            return (pk, *row)

        return make

    def write(self, rows: list[tuple]) -> None:
        if not rows:
            return
        table, columns = self.model._meta.db_table, ", ".join(self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                # names from the model's own metadata, values as parameters
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608

    def finish(self) -> None:
        """Move the id sequence past the rows written with explicit ids (PostgreSQL)."""
        statements = connection.ops.sequence_reset_sql(no_style(), [self.model])
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


def _actor() -> User | None:
    return User.objects.filter(role="provincial_officer").first() or User.objects.filter(is_superuser=True).first()


def plans(ctx: Context) -> None:
    """The seeded plans; cases for the plan's year when the cases builder made none in it (the cases
    builder spreads `ctx.cases` over 2023 to today: those are not doubled), and events with their
    participants when there are none in the plan's year."""
    actor = _actor()
    if actor is None:
        raise RuntimeError("The register builder must run first (it creates the accounts).")
    plan = next(p for p in load_seed_plans(actor=actor) if p.year == 2026)
    persons = list(Person.objects.values_list("pk", flat=True))
    in_year = {"requested_on__range": (plan.period_start, plan.period_end)}
    if not Case.objects.filter(**in_year).exists():
        ctx.say(f"  {ctx.cases:,} cases in {plan.year}…")
        _plan_cases(ctx, plan, actor, persons)
    if not Event.objects.filter(held_on__range=(plan.period_start, plan.period_end)).exists():
        ctx.say(f"  {max(ctx.cases // 50, 10):,} events in {plan.year}…")
        _plan_events(ctx, plan, actor, persons)
    analyze_database()  # the planner's statistics after the bulk loads (the cases builder does not refresh them)
    ctx.data["plan"] = plan
    ctx.data["provincial"] = User.objects.filter(username="sovyte").first() or actor


def _plan_cases(ctx: Context, plan: Plan, actor, persons: list[int]) -> None:
    """`ctx.cases` cases requested in the plan's year, through the model (the tests' small data)."""
    rng = random.Random(ctx.seed)
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


def _plan_events(ctx: Context, plan: Plan, actor, persons: list[int]) -> None:
    rng = random.Random(ctx.seed + 1)
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


def xlsx(sheet: str, title: str, headers: list[str], rows) -> bytes:
    """A workbook of one sheet: `title` on the first line, `headers` on the third, then `rows`
    (lists of cells: integers as numbers, "" left empty), written with constant memory."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    worksheet = book.add_worksheet(sheet)
    worksheet.write_string(0, 0, title)
    for col, header in enumerate(headers):
        worksheet.write_string(2, col, header)
    for line, cells in enumerate(rows, 3):
        for col, value in enumerate(cells):
            if value == "":
                continue
            if isinstance(value, int):
                worksheet.write_number(line, col, value)
            else:
                worksheet.write_string(line, col, value)
    book.close()
    return buffer.getvalue()
