"""The import and export measurements on a small register (figures present, nothing kept: no
timed test). Outside a test transaction, as in the benchmark: PostgreSQL cannot VACUUM in one."""

import io
from datetime import date

import pytest

from benchmarks import imports
from benchmarks.harness import Context
from cases.models import Case
from registry.demo import seed_register
from registry.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def test_person_import_and_export_figures_leave_the_database_as_it_was():
    before = Person.objects.count()
    figures = imports.measure_persons(30, say=lambda message: None)
    assert figures["import_summary"] == "created=30 updated=0 unchanged=0 errors=0"
    assert figures["reimport_summary"] == "created=0 updated=0 unchanged=30 errors=0"
    assert figures["export_rows"] == 30
    for key in ("raw_seconds", "import_seconds", "reimport_seconds", "export_seconds", "xlsxwriter_seconds"):
        assert figures[key] > 0, key
    assert figures["max_rss_mb"] > 0
    assert Person.objects.count() == before


def test_case_import_suite_rows():
    seed_register(count=40, seed=3, today=date(2026, 11, 28))
    before = Case.objects.count()
    ctx = Context(persons=40, cases=25, quick=True, seed=1, stdout=io.StringIO())
    rows = imports.cases_suite(ctx)
    assert [r.id for r in rows] == ["I-2 cases import rows/s", "I-2 cases re-import"]
    assert rows[0].extra["import_summary"] == "created=25 updated=0 unchanged=0 errors=0"
    assert rows[0].extra["reimport_summary"] == "created=0 updated=0 unchanged=25 errors=0"
    assert all(r.ok is None for r in rows)  # --quick: printed, not judged
    assert "created=25" in ctx.stdout.getvalue()
    assert Case.objects.count() == before
