"""Measure the import of lists of support given against a raw `bulk_create` of the same cases.

A suite of `manage.py benchmark` (settings.BENCHMARK_SUITES: `suite`), run after the builders
(the benchmark persons and cases). Everything runs in transactions that are rolled back: the
database is left as it was.

- raw bulk_create: `Case.objects.bulk_create` of the same rows, already parsed into Case objects
  (nothing else: no check, no history row, no timeline entry);
- import: `case_import` from the file's bytes (reading, parsing, finding the persons, the rules of
  `case_record_completed`, writing cases, their history rows and their timeline entries);
- re-import of the same file (every row found already recorded).
"""

import io
import time
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from benchmarks.harness import Context, Result, rate, vacuum
from benchmarks.imports import PeakMemory
from cases.imports import case_import
from cases.imports_format import FUNDING_TEXT, HEADER_BY_KEY, TEMPLATE_KEYS
from cases.models import Case, CaseKind, FundingSource, Outcome, Status
from cases.services.cases import DETERMINATION_POLICY_CODES
from policies.models import Policy
from registry.models import Person, User

QUICK_ROWS = 5_000
MAX_ROWS = 50_000
BY_NAME_EVERY = 10  # one row in ten names the person by name, date of birth and commune


def build_list(rows: int, persons: list[tuple], policies: list[Policy], today: date) -> tuple[bytes, list[dict]]:
    """An XLSX list of `rows` supports over `persons` (id, ID number, name, born, commune name),
    every row distinct; and the same rows as values, for the raw baseline."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    sheet = book.add_worksheet("Danh sách hỗ trợ")
    sheet.write_string(0, 0, "DANH SÁCH HỖ TRỢ ĐÃ THỰC HIỆN")
    for col, key in enumerate(TEMPLATE_KEYS):
        sheet.write_string(2, col, HEADER_BY_KEY[key])
    funding = list(FundingSource.values)
    start = today - timedelta(days=3 * 365)
    values = []
    for i in range(rows):
        pk, national_id, name, born, commune = persons[i % len(persons)]
        policy = policies[i % len(policies)]
        on = max(start + timedelta(days=(i * 7) % (today - start).days), born)
        amount = 100_000 + 1_000 * i
        source = funding[i % len(funding)]
        by_name = i % BY_NAME_EVERY == 0
        cells = {
            "row_number": i + 1, "full_name": name, "date_of_birth": born.strftime("%d/%m/%Y") if by_name else "",
            "national_id": "" if by_name else national_id, "commune": commune if by_name else "",
            "support_type": policy.name, "date": on.strftime("%d/%m/%Y"), "funding_source": FUNDING_TEXT[source],
            "amount": amount, "status": "Hoàn thành",
        }  # fmt: skip
        for col, key in enumerate(TEMPLATE_KEYS):
            value = cells.get(key, "")
            if value == "":
                continue
            if isinstance(value, int):
                sheet.write_number(3 + i, col, value)
            else:
                sheet.write_string(3 + i, col, value)
        values.append({"person_id": pk, "policy": policy, "on": on, "amount": amount, "funding_source": source})
    book.close()
    return buffer.getvalue(), values


def _vacuum() -> None:
    vacuum([Case._meta.db_table, Case.history.model._meta.db_table, "cases_casestep"])


def measure(rows: int, *, say=print) -> dict:
    today = timezone.localdate()
    persons = [
        (pk, national_id, name, born, commune)
        for pk, national_id, name, born, commune in Person.objects.not_deleted()
        .filter(national_id__isnull=False)
        .order_by("pk")
        .values_list("pk", "national_id", "full_name", "date_of_birth", "commune__name")[:20_000]
    ]
    if not persons:
        raise RuntimeError("No benchmark persons with an ID number: run the registry builder first.")
    policies = list(
        Policy.objects.filter(is_active=True).exclude(domain="").exclude(code__in=DETERMINATION_POLICY_CODES)
    )
    say(f"  building a list of {rows:,} supports over {len(persons):,} persons…")
    data, values = build_list(rows, persons, policies, today)
    figures: dict = {"rows": rows, "file_mb": round(len(data) / 2**20, 1)}

    _vacuum()
    say("  raw bulk_create of the same cases, parsed beforehand…")
    with transaction.atomic():
        actor = User.objects.create(username="bench-case-import", role="admin", is_superuser=True)
        objects = [
            Case(
                person_id=v["person_id"], kind=CaseKind.SUPPORT, domain=v["policy"].domain, support_type=v["policy"],
                description=v["policy"].name, requested_on=v["on"], funding_source=v["funding_source"],
                amount=v["amount"], status=Status.COMPLETED, outcome=Outcome.ACHIEVED, outcome_on=v["on"],
                clock_started_on=v["on"], created_by=actor,
            )
            for v in values
        ]  # fmt: skip
        started = time.perf_counter()
        Case.objects.bulk_create(objects, batch_size=2000)
        figures["raw_seconds"] = time.perf_counter() - started
        del objects
        transaction.set_rollback(True)
    _vacuum()

    with transaction.atomic():
        actor = User.objects.create(username="bench-case-import", role="admin", is_superuser=True)
        say("  import…")
        with PeakMemory() as memory:
            started = time.perf_counter()
            result = case_import(actor=actor, data=data, filename="bench.xlsx", dry_run=False)
            figures["import_seconds"] = time.perf_counter() - started
        figures["import_peak_mb"] = memory.peak_mb
        figures["import_summary"] = result.summary_line()
        say(f"    {figures['import_summary']}")
        say("  re-import of the same file…")
        started = time.perf_counter()
        again = case_import(actor=actor, data=data, filename="bench.xlsx", dry_run=False)
        figures["reimport_seconds"] = time.perf_counter() - started
        figures["reimport_summary"] = again.summary_line()
        say(f"    {figures['reimport_summary']}")
        transaction.set_rollback(True)
    return figures


def suite(ctx: Context) -> list[Result]:
    """I-2: the cases import of min(ctx.cases, 50,000) rows (5,000 with --quick, then printed, not
    judged) against a raw bulk_create of the same cases; and the re-import of the same file.
    The baseline writes one table; the import reads the file, runs `case_record_completed`'s rules
    and `full_clean` on every row and writes three tables (cases, their history, their timeline):
    a fifth of the raw speed is the floor (measured at 50,000 rows: 0.30 on SQLite, 0.24 on
    PostgreSQL, 28/11/2026, loaded 2-core machine)."""
    rows = min(ctx.cases, QUICK_ROWS if ctx.quick else MAX_ROWS)
    f = measure(rows, say=ctx.say)
    ratio = f["raw_seconds"] / f["import_seconds"]
    reimport_ratio = f["import_seconds"] / f["reimport_seconds"]
    return [
        Result(
            id="I-2 cases import rows/s",
            path=f"case_import of a {rows:,}-row XLSX list (parsing, checks, cases + history + timeline)",
            baseline="Case.objects.bulk_create of the same cases, parsed beforehand",
            ratio=ratio,
            target="≥ 0.2",
            ok=None if ctx.quick else ratio >= 0.2,
            product=rate(rows, f["import_seconds"]),
            reference=rate(rows, f["raw_seconds"]),
            extra=f,
        ),
        Result(
            id="I-2 cases re-import",
            path="the same list again (every row already recorded)",
            baseline="the first import",
            ratio=reimport_ratio,
            target="≥ 1.0",
            ok=None if ctx.quick else reimport_ratio >= 1.0,
            product=rate(rows, f["reimport_seconds"]),
            reference=rate(rows, f["import_seconds"]),
        ),
    ]
