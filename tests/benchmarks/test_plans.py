"""The plans' benchmark suite (A-1, A-2) on a small register: it runs and its hand-written SQL
baselines return the roll-up's numbers."""

import io
from datetime import date

import pytest

from benchmarks import build, plans
from benchmarks.harness import Context
from registry.demo import seed_register

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)


@pytest.fixture
def register():
    return seed_register(count=120, seed=7, today=TODAY)


def test_bench_suite_runs_and_agrees_with_hand_written_sql(register):
    ctx = Context(persons=120, cases=300, quick=True, seed=3, stdout=io.StringIO())
    build.plans(ctx)
    results = plans.suite(ctx)
    ids = {r.id for r in results}
    assert {"A-1 health_access", "A-1 awareness_participants", "A-1 all", "A-2"} <= ids
    for result in results:
        if result.id.startswith("A-1 ") and result.id != "A-1 all":
            assert result.extra["same_numbers"], result
