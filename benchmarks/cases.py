"""The cases' paths: P-1 cases (the API list, cursor pagination, filters) and P-2 (a page at
offset ≥ 50,000, reached by its cursor, against the first page)."""

import random
from base64 import b64encode
from urllib.parse import urlencode

from django.http import JsonResponse

from api.serializers.cases import CASE_LIST_COLUMNS
from api.views.cases import CaseViewSet
from benchmarks.build import STATUS_WEIGHTS
from benchmarks.harness import Context, Result, ms, p50, timed_side_by_side
from benchmarks.lists import api_get, list_result, plain_request
from cases.models import Case
from cases.selectors import case_commune_q, case_list
from registry.models import Person

BASELINE_COLUMNS = ("id", "kind", "domain", "support_type__code", "description", "requested_on", "status", "due_on",
                    "outcome", "person_id", "person__full_name", "person__commune__code")  # fmt: skip


def _baseline_case_list(request, params, columns=BASELINE_COLUMNS):
    """values() + JsonResponse with the same query: scope, filters, newest first, 50 rows."""
    qs = case_list(viewer=request.user).order_by("-id")
    if params.get("domain"):
        qs = qs.filter(domain=params["domain"])
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("commune"):
        qs = qs.filter(case_commune_q(params["commune"]))  # the API's commune filter
    rows = list(qs.values(*columns)[:51])
    return JsonResponse({"next": None, "results": rows[:50]}, json_dumps_params={"default": str})


def measure_case_list(ctx: Context) -> list[Result]:
    """P-1 cases. The baseline selects the columns the API's row shows (the same query); the
    narrower 12-column variant is printed for the reader."""
    user = ctx.data["provincial"]
    view = CaseViewSet.as_view({"get": "list"})
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

    def baseline(params, columns=CASE_LIST_COLUMNS):
        return _baseline_case_list(plain_request(user, "/bench/cases/", params), params, columns)

    return [
        list_result(
            ctx,
            id="P-1 cases",
            path="API /api/v1/cases/ list, 50 rows, filters (p50 / p95)",
            queries=queries,
            product=lambda params: api_get(view, user, "/api/v1/cases/", params),
            baseline=baseline,
            narrow=lambda params: baseline(params, BASELINE_COLUMNS),
            narrow_columns=len(BASELINE_COLUMNS),
            narrow_key="twelve_columns",
        )
    ]


def measure_deep_page(ctx: Context) -> list[Result]:
    """P-2: the page whose first row is the 50,000th (or the middle row on small data), by cursor."""
    user = ctx.data["provincial"]
    view = CaseViewSet.as_view({"get": "list"})
    total = Case.objects.count()
    offset = 50_000 if total > 60_000 else total // 2
    position = Case.objects.order_by("-id").values_list("id", flat=True)[offset]
    # the token DRF's CursorPagination puts in its `next` links, for the row at `offset`
    cursor = b64encode(urlencode({"p": str(position)}).encode("ascii")).decode("ascii")
    pages = {
        "deep": lambda _: api_get(view, user, "/api/v1/cases/", {"cursor": cursor}),
        "first": lambda _: api_get(view, user, "/api/v1/cases/", {}),
    }
    for _ in range(3):
        pages["first"](None)
        pages["deep"](None)
    runs = timed_side_by_side(pages, range(20 if ctx.quick else 60))
    deep, first = runs["deep"], runs["first"]
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
