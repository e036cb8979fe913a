"""`manage.py benchmark`: every product path against a baseline in the same run.

Builds deterministic synthetic data in a throw-away database of the configured engine (so it runs
on SQLite and on PostgreSQL), runs the suites of `benchmarks.suites`, and prints a table of ratios
with absolute figures. `--quick` uses small data (CI) and only prints.
"""

import os
import platform
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from benchmarks.harness import Context, Result, print_table, throwaway_database, write_json
from benchmarks.suites import BUILDERS, SUITES, dotted


class Command(BaseCommand):
    help = "Time each product path against a baseline in the same run and print the ratios."

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=100_000)
        parser.add_argument("--cases", type=int, default=1_000_000)
        parser.add_argument("--quick", action="store_true", help="small data for CI; prints only")
        parser.add_argument("--json", dest="json_file", help="also write the results to this file")
        parser.add_argument("--seed", type=int, default=20260701)
        parser.add_argument("--only", action="append", default=[], help="run only suites whose path contains this")

    def handle(self, *args, persons, cases, quick, json_file, seed, only, **options):
        if quick:
            persons, cases = min(persons, 2_000), min(cases, 10_000)
        if settings.DEBUG:
            self.stdout.write(
                "Note: DEBUG is on, so Django records every query; the README's figures are taken with "
                "DJANGO_ENV=test (DEBUG off, as in production)."
            )
        ctx = Context(persons=persons, cases=cases, quick=quick, seed=seed, stdout=self.stdout)
        results: list[Result] = []
        started = time.perf_counter()
        with throwaway_database(self.stdout):
            for builder in BUILDERS:
                self.stdout.write(f"Building data: {dotted(builder)}")
                builder(ctx)
            for suite in SUITES:
                path = dotted(suite)
                if only and not any(word in path for word in only):
                    continue
                self.stdout.write(f"Measuring: {path}")
                try:
                    rows = suite(ctx)
                    results.extend(rows)
                    for row in rows:  # as they come, so a long run shows its progress
                        self.stdout.write(f"  {row.id}: {row.ratio_text} ({row.product} vs {row.reference})")
                except Exception as exc:  # a broken suite is reported, the others still run
                    results.append(Result(id=suite.__name__, path=path, baseline="—", ratio=None, target="—",
                                          ok=False, product=f"ERROR: {exc!r}"[:200]))  # fmt: skip
        meta = {
            "engine": connection.vendor,
            "persons": persons,
            "cases": cases,
            "quick": quick,
            "python": sys.version.split()[0],
            "machine": f"{platform.machine()} {platform.processor() or ''} {os.cpu_count() or 0} cores".strip(),
            "seconds": round(time.perf_counter() - started, 1),
        }
        self.stdout.write("")
        self.stdout.write(
            f"Hòa Nhập benchmark — {meta['engine']}, {persons:,} persons, {cases:,} cases, {meta['machine']}"
        )
        print_table(results, self.stdout)
        if json_file:
            write_json(json_file, results, meta)
            self.stdout.write(f"Written: {json_file}")
