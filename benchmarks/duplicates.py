"""Duplicate detection measured (issue 14): L-1, L-2, L-3 and quality, as plain functions that
return rows — `Row(id, path, baseline, target, measured, met)` — for the benchmark harness to
print; and a small entry of its own:

    DJANGO_ENV=test python -m benchmarks.duplicates --persons 100000 [--only l1,l3,quality] [--l2 1000000]

Each run builds a throw-away database (the configured engine), loads the units, writes a
generated register (tests/registry/duplicates_dataset.py: realistic persons, 2 % registered twice,
1 % in look-alike pairs) in bulk and measures on it:

- L-1: `find_duplicates --province 48` over the register, in a fresh process (its time and peak
  resident memory: what a worker doing only this needs), next to the naive rule (same folded
  name and birth year, SQL GROUP BY) on the same data;
- L-2: the same over every province of a national simulation (several provinces, one run);
- L-3: the single-record check at registration (`score_candidates`), p50/p95 over records of the
  register presented again (the second record of each duplicate, and ordinary persons);
- Q: precision and recall at the review threshold against the labels, recall per variation
  and the share of look-alike pairs proposed per kind, next to the naive rule's figures.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field

L1_SECONDS, L1_MIB = 60, 2048
L2_SECONDS, L2_MIB = 15 * 60, 4096
L3_P95_MS = 200
QUALITY = {"recall": 0.95, "precision": 0.90, "lookalikes": 0.10}
PROVINCE = "48"
NATIONAL_PROVINCES = ("48", "01", "79", "31")


@dataclass
class Row:
    """One benchmark row: what is measured, against what, the target, the figure, whether met."""

    id: str
    path: str
    baseline: str
    target: str
    measured: str
    met: bool | None
    extra: dict = field(default_factory=dict)


def _harness():
    try:  # the shared harness (benchmarks/harness.py once the benchmark code has moved there)
        from benchmarks import harness
    except ImportError:
        from registry.bench import harness
    return harness


# Data ---------------------------------------------------------------------------------------------
def build_register(persons: int, *, provinces=(PROVINCE,), seed: int = 14, say=print):
    """Units of `provinces` and a generated register of `persons` over their current communes.
    Returns (evaluation set, person id of each row)."""
    from registry.duplicates.features import places_from_units
    from registry.models import AdminUnit
    from registry.services.units import admin_units_load
    from tests.registry.duplicates_dataset import generate, load

    for code in provinces:
        if not AdminUnit.objects.filter(level="province", code=code, is_current=True).exists():
            admin_units_load(province_code=code)
    places = places_from_units()
    communes = list(
        AdminUnit.objects.current().communes().filter(province_code__in=provinces).values_list("id", flat=True)
    )
    started = time.perf_counter()
    evaluation = generate(persons=persons, seed=seed, communes=communes, places=places)
    ids = load(evaluation)
    say(f"  {persons:,} persons over {len(provinces)} province(s) in {time.perf_counter() - started:.0f} s")
    from registry.services.maintenance import analyze_database

    analyze_database()
    return evaluation, ids


# L-1 / L-2 -----------------------------------------------------------------------------------------
def run_find(province_code: str | None = None) -> dict:
    """In the measured child: one `duplicates_find` (training included), timed."""
    from registry.duplicates.services import duplicates_find

    started = time.perf_counter()
    summary = duplicates_find(province_code=province_code)
    return {"seconds": time.perf_counter() - started, "pairs": summary.pairs, "steps": summary.seconds}


def naive_rule_seconds(province_code: str | None = None) -> tuple[float, int]:
    """The rule of today, over the whole register: same folded name and birth year (GROUP BY)."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from registry.models import Person

    started = time.perf_counter()
    qs = Person.objects.not_deleted()
    if province_code:
        qs = qs.filter(province_code=province_code)
    groups = list(
        qs.order_by()
        .values("name_folded", year=ExtractYear("date_of_birth"))
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("name_folded", "year", "n")
    )
    return time.perf_counter() - started, sum(n * (n - 1) // 2 for _name, _year, n in groups)


def measure_find(*, row_id: str, persons: int, province_code: str | None, seconds: float, mib: float) -> Row:
    harness = _harness()
    result = harness.run_in_child("benchmarks.duplicates.run_find", province_code=province_code)
    naive, naive_pairs = naive_rule_seconds(province_code)
    secs, peak = result["seconds"], result["max_rss_mib"]
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in result["steps"].items())
    scope = f"province {province_code}" if province_code else "every province"
    return Row(
        id=row_id,
        path=f"find_duplicates over {persons:,} persons ({scope}), training included",
        baseline="naive rule: same folded name and birth year, SQL GROUP BY",
        target=f"≤ {seconds} s, peak ≤ {mib:,} MiB",
        measured=f"{secs:.1f} s ({steps}), peak {peak:,.0f} MiB, {result['pairs']:,} pairs; "
        f"naive rule {naive:.2f} s ({naive_pairs:,} pairs)",
        met=secs <= seconds and peak <= mib,
        extra={"seconds": secs, "max_rss_mib": peak, "naive_seconds": naive, **result["steps"]},
    )


def measure_l1(persons: int) -> list[Row]:
    return [measure_find(row_id="L-1", persons=persons, province_code=PROVINCE, seconds=L1_SECONDS, mib=L1_MIB)]


def measure_l2(persons: int) -> list[Row]:
    return [measure_find(row_id="L-2", persons=persons, province_code=None, seconds=L2_SECONDS, mib=L2_MIB)]


# L-3 -----------------------------------------------------------------------------------------------
def measure_l3(evaluation, ids, *, samples: int = 200, seed: int = 3) -> list[Row]:
    """The check at registration for records presented again: the second record of duplicates
    (a candidate is expected) and ordinary persons (mostly none)."""
    from registry.duplicates.scoring import score_candidates

    harness = _harness()
    rng = random.Random(seed)
    pairs = list(evaluation.duplicates)
    rng.shuffle(pairs)
    chosen = [(b, a) for a, b in pairs[: samples // 2]]
    presented_again = len(chosen)
    chosen += [(i, None) for i in rng.sample(range(len(evaluation.rows)), samples - len(chosen))]

    def present(item):
        index, _expected = item
        row = {**evaluation.rows[index], "id": ids[index]}
        return score_candidates(row, province_code=PROVINCE)

    for item in chosen[:5]:  # warm up (the model's SQL is generated once per process)
        present(item)
    timings, found = [], 0
    for item in chosen:
        started = time.perf_counter()
        candidates = present(item)
        timings.append(time.perf_counter() - started)
        if item[1] is not None and any(c.person_id == ids[item[1]] for c in candidates):
            found += 1
    p95 = harness.p95(timings)
    return [
        Row(
            id="L-3",
            path=f"single-record check (score_candidates) at {len(evaluation.rows):,} persons",
            baseline="—",
            target=f"p95 ≤ {L3_P95_MS} ms",
            measured=f"p50 {statistics.median(timings) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms; "
            f"the first record found for {found}/{presented_again} duplicates presented again",
            met=p95 * 1000 <= L3_P95_MS,
            extra={"p95_ms": p95 * 1000},
        )
    ]


# Quality -------------------------------------------------------------------------------------------
def measure_quality(evaluation, ids, *, province_code: str | None = PROVINCE) -> list[Row]:
    """Against the pairs `find_duplicates` left open (run it first: L-1 does)."""
    from django.conf import settings

    from registry.models import DuplicatePair, PairStatus
    from tests.registry.duplicates_dataset import naive_proposals, quality_figures

    ref = {pk: i for i, pk in enumerate(ids)}
    proposed = {
        (min(ref[a], ref[b]), max(ref[a], ref[b]))
        for a, b in DuplicatePair.objects.filter(
            status=PairStatus.OPEN, match_probability__gte=settings.DUPLICATES_REVIEW_THRESHOLD
        ).values_list("person_a_id", "person_b_id")
        if a in ref and b in ref
    }
    figures = quality_figures(evaluation, proposed)
    naive_commune = quality_figures(evaluation, naive_proposals(evaluation, same_commune=True))
    naive_all = quality_figures(evaluation, naive_proposals(evaluation, same_commune=False))

    def text(f):
        return f"precision {f['precision']:.3f}, recall {f['recall']:.3f}, look-alikes proposed {f['lookalikes']:.1%}"

    weakest = min(figures["recall_by_class"].items(), key=lambda kv: kv[1])
    return [
        Row(
            id="Q",
            path=f"pairs proposed at the review threshold {settings.DUPLICATES_REVIEW_THRESHOLD} "
            f"({len(evaluation.rows):,} labelled persons)",
            baseline=f"naive rule, same commune: {text(naive_commune)}; across communes: {text(naive_all)}",
            target=f"recall ≥ {QUALITY['recall']}, precision ≥ {QUALITY['precision']}, "
            f"look-alikes ≤ {QUALITY['lookalikes']:.0%}",
            measured=f"{text(figures)}; weakest variation {weakest[0]} {weakest[1]:.2f}",
            met=figures["recall"] >= QUALITY["recall"]
            and figures["precision"] >= QUALITY["precision"]
            and figures["lookalikes"] <= QUALITY["lookalikes"],
            extra={"figures": figures, "naive_same_commune": naive_commune, "naive_across_communes": naive_all},
        )
    ]


# Entry ---------------------------------------------------------------------------------------------
def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.duplicates")
    parser.add_argument("--persons", type=int, default=100_000, help="persons of the L-1/L-3/quality register")
    parser.add_argument("--only", default="l1,l3,quality", help="comma-separated: l1, l3, quality")
    parser.add_argument("--l2", type=int, default=0, help="also run L-2 over this many persons (e.g. 1000000)")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    harness = _harness()
    only = {part.strip() for part in args.only.split(",") if part.strip()}
    rows: list[Row] = []
    with harness.throwaway_database(sys.stdout):
        evaluation, ids = build_register(args.persons, seed=args.seed)
        if "l1" in only or "quality" in only:
            rows += measure_l1(args.persons)
        if "quality" in only:
            rows += measure_quality(evaluation, ids)
        if "l3" in only:
            rows += measure_l3(evaluation, ids)
    if args.l2:
        with harness.throwaway_database(sys.stdout):
            build_register(args.l2, provinces=NATIONAL_PROVINCES, seed=args.seed + 1)
            rows += measure_l2(args.l2)
    for row in rows:
        print(f"{row.id:4} | {row.path} | baseline: {row.baseline} | target: {row.target} | {row.measured} | "
              f"{'met' if row.met else 'NOT MET'}")  # fmt: skip
        if row.id == "Q":
            figures = row.extra["figures"]
            print(
                "     recall by variation: " + ", ".join(f"{k} {v:.2f}" for k, v in figures["recall_by_class"].items())
            )
            print(
                "     look-alikes proposed: "
                + ", ".join(f"{k} {v:.0%}" for k, v in figures["lookalikes_by_class"].items())
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
