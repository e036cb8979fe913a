"""The register's paths: P-1 persons (the API list) and S-1 (the accent-insensitive name search)."""

import random

from django.db import connection
from django.http import JsonResponse

from api.serializers.registry import PERSON_LIST_COLUMNS
from api.views.registry import PersonViewSet
from benchmarks.harness import Context, Result, ms, p95, timed_side_by_side
from benchmarks.lists import api_get, list_result, plain_request
from registry.models import Person
from registry.paging import rows_between
from registry.selectors import PersonFilters, list_page_columns, person_list
from registry.text import fold

PERSON_FIELDS = ["id", "full_name", "date_of_birth", "birth_date_approximate", "sex", "ethnicity", "national_id",
                 "commune__code", "village", "level", "status"]  # fmt: skip


def _baseline_person_list(request, filters: PersonFilters, columns=PERSON_FIELDS):
    """A values() + JsonResponse view with the same query (scope, filters, order, count, 50 rows)."""
    qs = person_list(viewer=request.user, filters=filters)
    count = qs.count()
    rows = list(qs.values(*columns)[:50])
    return JsonResponse({"count": count, "results": rows}, json_dumps_params={"default": str})


def measure_person_list(ctx: Context) -> list[Result]:
    """P-1 persons. The baseline selects the columns the API's row shows (the same query, as for
    P-1 cases); the narrower 11-column variant is printed for the reader."""
    user = ctx.data["provincial"]
    view = PersonViewSet.as_view({"get": "list"})
    communes = list(Person.objects.values_list("commune__code", flat=True).distinct()[:20])
    rng = random.Random(ctx.seed)
    queries = []
    for _ in range(40 if ctx.quick else 200):
        params = {"commune": rng.choice(communes)}
        if rng.random() < 0.5:
            params["level"] = rng.choice(["severe", "especially_severe", "mild"])
        if rng.random() < 0.3:
            params["sex"] = rng.choice(["male", "female"])
        queries.append(params)

    def baseline(params, columns=PERSON_LIST_COLUMNS):
        request = plain_request(user, "/bench/persons/", params)
        response = _baseline_person_list(request, PersonFilters.from_params(params), columns)
        assert response.status_code == 200

    return [
        list_result(
            ctx,
            id="P-1 persons",
            path="API /api/v1/persons/ list, 50 rows, filters (p50 / p95)",
            queries=queries,
            product=lambda params: api_get(view, user, "/api/v1/persons/", params),
            baseline=baseline,
            narrow=lambda params: baseline(params, PERSON_FIELDS),
            narrow_columns=len(PERSON_FIELDS),
            narrow_key="eleven_columns",
        )
    ]


def measure_search(ctx: Context) -> list[Result]:
    """S-1: the first 50 results of a search as the list page reads them, against an exact-prefix
    lookup on the stored name."""
    user = ctx.data["provincial"]
    rng = random.Random(ctx.seed + 5)
    names = list(Person.objects.values_list("full_name", flat=True)[:: max(1, ctx.persons // 500)])
    queries = []
    for name in rng.sample(names, min(len(names), 30 if ctx.quick else 120)):
        words = name.split()
        choice = rng.random()
        text = name if choice < 0.4 else (" ".join(words[-2:]) if choice < 0.8 else words[-1])
        queries.append((fold(text) if rng.random() < 0.6 else text, name))

    def product(text):  # the first 50 results, read as the list page reads a page (its count aside)
        return list(
            rows_between(person_list(viewer=user, filters=PersonFilters(q=text)), 0, 50, shape=list_page_columns)
        )

    def baseline(exact):
        return list(Person.objects.filter(full_name__startswith=exact).order_by("full_name")[:50])

    for text, exact in queries[:3]:
        product(text)
        baseline(exact)
    runs = timed_side_by_side({"product": lambda q: product(q[0]), "baseline": lambda q: baseline(q[1])}, queries)
    p_samples, b_samples = runs["product"], runs["baseline"]
    ratio = p95(p_samples) / p95(b_samples)
    absolute_ok = connection.vendor != "postgresql" or p95(p_samples) <= 0.010
    return [
        Result(
            id="S-1",
            path=f"accent-insensitive name search p95 at {Person.objects.count():,} persons",
            baseline="exact-prefix lookup on the stored name",
            ratio=ratio,
            target="≤ 20 (≤ 10 ms on PostgreSQL)",
            ok=ratio <= 20 and absolute_ok,
            product=f"p95 {ms(p95(p_samples))}",
            reference=f"p95 {ms(p95(b_samples))}",
        )
    ]
