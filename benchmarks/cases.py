"""Benchmark builder and paths of the cases app (registered in settings.BENCHMARK_*).

- `build_cases`: `ctx.cases` synthetic cases over the benchmark persons (bulk, deterministic),
  with their approve/complete timeline rows so roll-ups by approval date have data.
- `measure_case_list`: P-1 for cases — the API list (cursor pagination, filters) against a
  values() + JsonResponse view of the same query.
- `measure_deep_page`: P-2 — a page at offset ≥ 50,000 (reached by its cursor) against the first page.
"""

import random
from datetime import date, datetime, time, timedelta
from time import perf_counter as clock

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.http import JsonResponse
from django.test import RequestFactory
from django.utils import timezone
from rest_framework.test import force_authenticate

from benchmarks.harness import Context, Result, ms, p50, p95, timed, timed_side_by_side
from cases.models import Case, CaseStep
from cases.models.choices import CaseKind, FundingSource, Outcome, Status
from policies.models import Policy
from registry.models import Person
from registry.services.maintenance import analyze_database

STATUS_WEIGHTS = [(Status.COMPLETED, 55), (Status.IN_PROGRESS, 12), (Status.APPROVED, 10), (Status.ASSESSED, 6),
                  (Status.REQUESTED, 9), (Status.REJECTED, 5), (Status.CANCELLED, 3)]  # fmt: skip
FUNDING = [FundingSource.STATE_BUDGET, FundingSource.SOCIAL_MOBILISATION, FundingSource.ASSOCIATION,
           FundingSource.NGO_DONOR, FundingSource.OTHER]  # fmt: skip


CHUNK = 50_000  # cases generated and written at a time (steps follow their cases)


def build_cases(ctx: Context) -> None:
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


BASELINE_COLUMNS = ("id", "kind", "domain", "support_type__code", "description", "requested_on", "status", "due_on",
                    "outcome", "person_id", "person__full_name", "person__commune__code")  # fmt: skip


def _baseline_case_list(request, params, columns=BASELINE_COLUMNS):
    """values() + JsonResponse with the same query: scope, filters, newest first, 50 rows."""
    from cases.selectors import case_commune_q, case_list

    qs = case_list(viewer=request.user).order_by("-id")
    if params.get("domain"):
        qs = qs.filter(domain=params["domain"])
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("commune"):
        qs = qs.filter(case_commune_q(params["commune"]))  # the API's commune filter
    rows = list(qs.values(*columns)[:51])
    return JsonResponse({"next": None, "results": rows[:50]}, json_dumps_params={"default": str})


def _product_view():
    from api.views.cases import CaseViewSet

    return CaseViewSet.as_view({"get": "list"})


def _call(view, user, path, params):
    request = RequestFactory().get(path, params)
    force_authenticate(request, user=user)
    response = view(request)
    if hasattr(response, "render"):
        response.render()
    assert response.status_code == 200, response.content[:300]
    return response


def measure_case_list(ctx: Context) -> list[Result]:
    user = ctx.data["provincial"]
    view = _product_view()
    rng = random.Random(ctx.seed + 12)
    domains = list(Case.objects.values_list("domain", flat=True).distinct())
    communes = list(Person.objects.values_list("commune__code", flat=True).distinct()[:20])
    queries = []
    for _ in range(40 if ctx.quick else 200):
        params = {"domain": rng.choice(domains)}
        if rng.random() < 0.5:
            params["status"] = rng.choice([s for s, _w in STATUS_WEIGHTS])
        if rng.random() < 0.5:
            params["commune"] = rng.choice(communes)
        queries.append(params)
    for params in queries[:5]:
        _call(view, user, "/api/v1/cases/", params)
        _baseline_case_list(_request(user, params), params)
    from api.serializers.cases import CASE_LIST_COLUMNS

    # The baseline selects the columns the API's row shows (the same query); the narrower
    # 12-column variant is printed for the reader. The three take turns query by query.
    runs = timed_side_by_side(
        {
            "product": lambda p: _call(view, user, "/api/v1/cases/", p),
            "baseline": lambda p: _baseline_case_list(_request(user, p), p, CASE_LIST_COLUMNS),
            "narrow": lambda p: _baseline_case_list(_request(user, p), p),
        },
        queries,
    )
    product, baseline, narrow = runs["product"], runs["baseline"], runs["narrow"]
    r50, r95 = p50(product) / p50(baseline), p95(product) / p95(baseline)
    n50, n95 = p50(product) / p50(narrow), p95(product) / p95(narrow)
    ctx.say(f"  P-1 cases against values() of 12 of the row's columns: {n50:.2f} / {n95:.2f} (for the reader)")
    return [
        Result(
            id="P-1 cases",
            path="API /api/v1/cases/ list, 50 rows, filters (p50 / p95)",
            baseline="values() + JsonResponse, same query and columns",
            ratio=r50,
            target="p50 ≤ 1.5, p95 ≤ 2.0; p95 ≤ 50 ms",
            ok=r50 <= 1.5 and r95 <= 2.0 and p95(product) <= 0.050,
            product=f"p50 {ms(p50(product))}, p95 {ms(p95(product))}",
            reference=f"p50 {ms(p50(baseline))}, p95 {ms(p95(baseline))}",
            extra={
                "ratio_p50": r50,
                "ratio_p95": r95,
                "ratio_text": f"{r50:.2f} / {r95:.2f}",
                "twelve_columns": f"{n50:.2f} / {n95:.2f} against values() of 12 of the row's columns "
                f"(p50 {ms(p50(narrow))}, p95 {ms(p95(narrow))})",
            },
        )  # fmt: skip
    ]


def _request(user, params):
    request = RequestFactory().get("/bench/cases/", params)
    request.user = user
    return request


def measure_deep_page(ctx: Context) -> list[Result]:
    """The page whose first row is the 50,000th (or the middle row on small data), by cursor."""
    from base64 import b64encode
    from urllib.parse import urlencode

    user = ctx.data["provincial"]
    view = _product_view()
    total = Case.objects.count()
    offset = 50_000 if total > 60_000 else total // 2
    position = Case.objects.order_by("-id").values_list("id", flat=True)[offset]
    # the token DRF's CursorPagination puts in its `next` links, for the row at `offset`
    cursor = b64encode(urlencode({"p": str(position)}).encode("ascii")).decode("ascii")
    for _ in range(3):
        _call(view, user, "/api/v1/cases/", {})
        _call(view, user, "/api/v1/cases/", {"cursor": cursor})
    repeat = 20 if ctx.quick else 60
    first = [timed(lambda: _call(view, user, "/api/v1/cases/", {}))[0] for _ in range(repeat)]
    deep = [timed(lambda: _call(view, user, "/api/v1/cases/", {"cursor": cursor}))[0] for _ in range(repeat)]
    ratio = p50(deep) / p50(first)
    return [
        Result(
            id="P-2",
            path=f"case list page at offset {offset:,} of {total:,} (cursor)",
            baseline="the first page",
            ratio=ratio,
            target="≤ 1.2",
            ok=ratio <= 1.2,
            product=f"p50 {ms(p50(deep))}",
            reference=f"p50 {ms(p50(first))}",
        )
    ]
