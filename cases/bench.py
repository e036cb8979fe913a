"""Benchmark builder and paths of the cases app (registered in settings.BENCHMARK_*).

- `build_cases`: `ctx.cases` synthetic cases over the benchmark persons (bulk, deterministic),
  with their approve/complete timeline rows so roll-ups by approval date have data.
- `measure_case_list`: P-1 for cases — the API list (cursor pagination, filters) against a
  values() + JsonResponse view of the same query.
- `measure_deep_page`: P-2 — a page at offset ≥ 50,000 (reached by its cursor) against the first page.
"""

import random
from datetime import date, datetime, time, timedelta

from django.http import JsonResponse
from django.test import RequestFactory
from django.utils import timezone
from rest_framework.test import force_authenticate

from policies.models import Policy
from registry.bench.harness import Context, Result, ms, p50, p95, timed
from registry.models import Person

from .models import Case, CaseStep
from .models.choices import CaseKind, FundingSource, Outcome, Status

STATUS_WEIGHTS = [(Status.COMPLETED, 55), (Status.IN_PROGRESS, 12), (Status.APPROVED, 10), (Status.ASSESSED, 6),
                  (Status.REQUESTED, 9), (Status.REJECTED, 5), (Status.CANCELLED, 3)]  # fmt: skip
FUNDING = [FundingSource.STATE_BUDGET, FundingSource.SOCIAL_MOBILISATION, FundingSource.ASSOCIATION,
           FundingSource.NGO_DONOR, FundingSource.OTHER]  # fmt: skip


def build_cases(ctx: Context) -> None:
    rng = random.Random(ctx.seed + 11)
    persons = list(Person.objects.values_list("id", flat=True))
    policies = list(Policy.objects.filter(is_active=True).exclude(domain="").values_list("id", "domain"))
    actor = ctx.data["users"]["canbo.haichau"]
    leader = ctx.data["users"]["chutich.haichau"]
    start = date(2023, 1, 1)
    span = (timezone.localdate() - start).days
    statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
    ctx.say(f"  {ctx.cases:,} cases…")
    batch, steps, made = [], [], 0
    tz = timezone.get_current_timezone()
    for index in range(ctx.cases):
        policy_id, domain = rng.choice(policies)
        status = rng.choices(statuses, weights=weights, k=1)[0]
        requested = start + timedelta(days=rng.randint(0, span))
        done = status == Status.COMPLETED
        batch.append(
            Case(
                person_id=rng.choice(persons), kind=CaseKind.SUPPORT, domain=domain, support_type_id=policy_id,
                description="Nhu cầu hỗ trợ", requested_on=requested, funding_source=rng.choice(FUNDING),
                amount=rng.choice([None, 500_000, 1_000_000, 2_500_000]), due_on=requested + timedelta(days=30),
                status=status, outcome=Outcome.ACHIEVED if done else "",
                outcome_on=requested + timedelta(days=rng.randint(3, 60)) if done else None,
                created_by=actor,
            )
        )  # fmt: skip
        if len(batch) == 20_000 or index == ctx.cases - 1:
            created = Case.objects.bulk_create(batch, batch_size=5000)
            for case in created:
                if case.status in (Status.APPROVED, Status.IN_PROGRESS, Status.COMPLETED):
                    at = datetime.combine(case.requested_on + timedelta(days=2), time(9), tzinfo=tz)
                    steps.append(CaseStep(case=case, action="approve", from_status=Status.ASSESSED,
                                          to_status=Status.APPROVED, actor=leader, at=at))  # fmt: skip
                if case.status == Status.COMPLETED:
                    at = datetime.combine(case.outcome_on, time(15), tzinfo=tz)
                    steps.append(CaseStep(case=case, action="complete", from_status=Status.IN_PROGRESS,
                                          to_status=Status.COMPLETED, actor=actor, at=at))  # fmt: skip
            CaseStep.objects.bulk_create(steps, batch_size=5000)
            made += len(created)
            batch, steps = [], []
    ctx.data["cases_made"] = made


def _baseline_case_list(request, params):
    """values() + JsonResponse with the same query: scope, filters, newest first, 50 rows."""
    from .selectors import case_list

    qs = case_list(viewer=request.user).order_by("-id")
    if params.get("domain"):
        qs = qs.filter(domain=params["domain"])
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("commune"):
        qs = qs.filter(person__commune__code=params["commune"])
    rows = list(
        qs.values("id", "kind", "domain", "support_type__code", "description", "requested_on", "status", "due_on",
                  "outcome", "person_id", "person__full_name", "person__commune__code")[:51]  # fmt: skip
    )
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
    product = [timed(lambda p=p: _call(view, user, "/api/v1/cases/", p))[0] for p in queries]
    baseline = [timed(lambda p=p: _baseline_case_list(_request(user, p), p))[0] for p in queries]
    r50, r95 = p50(product) / p50(baseline), p95(product) / p95(baseline)
    return [
        Result(
            id="P-1 cases",
            path="API /api/v1/cases/ list, 50 rows, filters (p50 / p95)",
            baseline="values() + JsonResponse, same query",
            ratio=r50,
            target="p50 ≤ 1.5, p95 ≤ 2.0; p95 ≤ 50 ms",
            ok=r50 <= 1.5 and r95 <= 2.0 and p95(product) <= 0.050,
            product=f"p50 {ms(p50(product))}, p95 {ms(p95(product))}",
            reference=f"p50 {ms(p50(baseline))}, p95 {ms(p95(baseline))}",
            extra={"ratio_p50": r50, "ratio_p95": r95, "ratio_text": f"{r50:.2f} / {r95:.2f}"},
        )
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
