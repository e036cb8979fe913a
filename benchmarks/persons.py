"""Registry data builder and the registry's measured paths (P-1 persons list, S-1 name search)."""

import random

from django.contrib.auth.models import AnonymousUser  # noqa: F401  (kept for symmetry with other suites)
from django.http import JsonResponse
from django.test import RequestFactory
from django.utils import timezone

from benchmarks.harness import Context, Result, ms, p50, p95, timed_side_by_side
from registry.demo import seed_register
from registry.models import Person, User
from registry.paging import rows_between
from registry.selectors import PersonFilters, list_page_columns, person_list
from registry.services.maintenance import analyze_database
from registry.services.units import admin_units_load
from registry.text import fold


def build_register(ctx: Context) -> None:
    """Units of Đà Nẵng (with legacy Quảng Nam) and `ctx.persons` synthetic persons."""
    ctx.say("  units…")
    admin_units_load(province_code="48")
    ctx.say(f"  {ctx.persons:,} persons…")
    result = seed_register(count=ctx.persons, seed=ctx.seed, today=timezone.localdate())
    analyze_database()
    ctx.data["users"] = result.users
    ctx.data["provincial"] = User.objects.get(username="sovyte")


PERSON_FIELDS = ["id", "full_name", "date_of_birth", "birth_date_approximate", "sex", "ethnicity", "national_id",
                 "commune__code", "village", "level", "status"]  # fmt: skip


def _baseline_person_list(request, filters: PersonFilters, columns=PERSON_FIELDS):
    """A values() + JsonResponse view with the same query (scope, filters, order, count, 50 rows)."""
    qs = person_list(viewer=request.user, filters=filters)
    count = qs.count()
    rows = list(qs.values(*columns)[:50])
    return JsonResponse({"count": count, "results": rows}, json_dumps_params={"default": str})


def measure_person_list(ctx: Context) -> list[Result]:
    from api.serializers.registry import PERSON_LIST_COLUMNS  # the product path (interface layer)
    from api.views.registry import PersonViewSet

    user = ctx.data["provincial"]
    factory = RequestFactory()
    product_view = PersonViewSet.as_view({"get": "list"})
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

    def run_product(params):
        request = factory.get("/api/v1/persons/", params)
        request.user = user
        from rest_framework.test import force_authenticate

        force_authenticate(request, user=user)
        response = product_view(request)
        response.render()
        assert response.status_code == 200, response.content[:300]

    def run_baseline(params, columns=PERSON_LIST_COLUMNS):
        request = factory.get("/bench/persons/", params)
        request.user = user
        response = _baseline_person_list(request, PersonFilters.from_params(params), columns)
        assert response.status_code == 200

    def run_narrow(params):
        run_baseline(params, PERSON_FIELDS)

    for params in queries[:5]:  # warm up all three
        run_product(params)
        run_baseline(params)
        run_narrow(params)
    # The baseline selects the columns the API's row shows (the same query, as for P-1 cases);
    # the narrower 11-column variant is printed for the reader.
    runs = timed_side_by_side({"product": run_product, "baseline": run_baseline, "narrow": run_narrow}, queries)
    product, baseline, narrow = runs["product"], runs["baseline"], runs["narrow"]
    r50, r95 = p50(product) / p50(baseline), p95(product) / p95(baseline)
    n50, n95 = p50(product) / p50(narrow), p95(product) / p95(narrow)
    ctx.say(f"  P-1 persons against values() of 11 of the row's columns: {n50:.2f} / {n95:.2f} (for the reader)")
    return [
        Result(
            id="P-1 persons",
            path="API /api/v1/persons/ list, 50 rows, filters (p50 / p95)",
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
                "eleven_columns": f"{n50:.2f} / {n95:.2f} against values() of 11 of the row's columns "
                f"(p50 {ms(p50(narrow))}, p95 {ms(p95(narrow))})",
            },
        )
    ]


def measure_search(ctx: Context) -> list[Result]:
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
    from django.db import connection

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
