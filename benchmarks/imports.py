"""Measure the person import and the XLSX export against their raw baselines.

    DJANGO_SETTINGS_MODULE=config.settings python -m benchmarks.imports [--rows 100000]

Also a suite of `manage.py benchmark` (settings.BENCHMARK_SUITES: `suite`). Needs the units of
province 48 (`manage.py load_admin_units --province 48`). Everything runs in one transaction that
is rolled back: the database is left as it was. Deferred foreign-key checks run at commit, so
neither the import nor the raw baseline pays them here.

Figures printed (rows/s; peak memory above the starting point):
- raw bulk_create: `Person.objects.bulk_create` of the same rows, already parsed into Person
  objects (nothing else: no residence, determination, certificate or history);
- import: `person_import` from the file's bytes (reading, parsing, checking, writing persons,
  residences, determinations, certificates and history rows);
- re-import of the unchanged file;
- XLSX export of the same persons vs XlsxWriter (constant memory) writing the same cells.
"""

import argparse
import io
import os
import tempfile
import threading
import time
from datetime import date

from django.utils import timezone

from benchmarks.harness import rate

RSS_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class PeakMemory:
    """Sample the resident set size while a block runs; `.peak_mb` above the starting point."""

    def __init__(self, interval: float = 0.02):
        self.interval = interval

    @staticmethod
    def rss() -> int:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * RSS_PAGE

    def __enter__(self):
        self.start = self.rss()
        self.peak = self.start
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self):
        while self.running:
            self.peak = max(self.peak, self.rss())
            time.sleep(self.interval)

    @staticmethod
    def max_rss() -> int:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, self.rss())
        self.peak_mb = (self.peak - self.start) / 2**20


def build_register(rows: int, communes: list) -> bytes:
    """A realistic register: title lines, all 21 columns, 60 % with a certificate."""
    import xlsxwriter

    from registry.identifiers import example_national_id
    from registry.imports.columns import PERSON_HEADERS

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    sheet = book.add_worksheet("Danh sách")
    sheet.write_string(0, 0, "DANH SÁCH NGƯỜI KHUYẾT TẬT")
    for col, header in enumerate(PERSON_HEADERS):
        sheet.write_string(2, col, header)
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Phan", "Đặng", "Bùi", "Đỗ"]
    middle = ["Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh"]
    given = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Khoa", "Lan", "Minh", "Nam", "Oanh", "Phúc", "Quang"]
    types = ["Vận động", "Nghe, nói", "Nhìn", "Thần kinh, tâm thần", "Trí tuệ", "Khác", "Vận động; Nhìn"]
    levels = ["Đặc biệt nặng", "Nặng", "Nặng", "Nhẹ"]
    for i in range(rows):
        sex = "male" if i % 2 else "female"
        born = date(1935 + i % 85, 1 + i % 12, 1 + i % 28)
        commune = communes[i % len(communes)]
        cells = [
            i + 1,
            f"{family[i % 10]} {middle[(i // 10) % 6]} {given[(i // 60) % 13]} {i}",
            born.strftime("%d/%m/%Y"),
            "Nam" if sex == "male" else "Nữ",
            "Kinh",
            example_national_id(province="01", sex=sex, birth=born, serial=i),  # not the demo's provinces
            "Thành phố Đà Nẵng",
            "",
            commune,
            f"Thôn {i % 12 + 1}",
            types[i % len(types)],
            levels[i % len(levels)],
            f"XN-{i}" if i % 5 < 3 else "",
            date(2020, 1 + i % 12, 1 + i % 28).strftime("%d/%m/%Y") if i % 5 < 3 else "",
            "Bẩm sinh" if i % 3 else "Bệnh tật",
            "Hộ nghèo 2024" if i % 7 == 0 else "",
            f"Người chăm sóc {i}",
            "Mẹ",
            f"09{i % 100000000:08d}",
            "x" if i % 9 == 0 else "",
            "",
        ]
        for col, value in enumerate(cells):
            if value == "":
                continue
            if isinstance(value, int):
                sheet.write_number(3 + i, col, value)
            else:
                sheet.write_string(3 + i, col, value)
    book.close()
    return buffer.getvalue()


def measure(rows: int, *, say=print, isolated: bool = False) -> dict:
    """Run every measurement in one transaction that is rolled back; the figures as a dict.
    `isolated`: also import the file once in a fresh process (rolled back) for its own peak
    resident memory (`isolated_import`)."""
    from django.db import connection, transaction

    from registry.exports import PersonRows, export_columns, export_headers, export_queryset, xlsx_file
    from registry.imports.drafts import RowParser
    from registry.imports.persons import person_import
    from registry.imports.reader import read_table
    from registry.imports.rules import validate_person
    from registry.imports.units import UnitResolver
    from registry.models import AdminUnit, Person, User
    from registry.selectors import PersonFilters

    communes = list(
        AdminUnit.objects.filter(level="commune", is_current=True, province_code="48").values_list("name", flat=True)
    )
    if not communes:
        raise RuntimeError("Load the units first: manage.py load_admin_units --province 48")
    say(f"  building a register of {rows:,} rows…")
    data = build_register(rows, communes)
    figures: dict = {"rows": rows, "file_mb": round(len(data) / 2**20, 1)}

    _vacuum(connection)
    say("  raw bulk_create of the same rows, parsed beforehand…")
    with transaction.atomic():
        actor = User.objects.create(username="bench-import", role="admin", is_superuser=True)
        table = read_table(data, "bench.xlsx")
        parser = RowParser(table.columns, UnitResolver(), today=timezone.localdate())
        units = AdminUnit.objects.in_bulk()
        objects = []
        for number, cells in table.rows():
            draft = parser.parse(number, cells)
            person = Person(created_by=actor)
            validate_person(
                person, data=dict(draft.values, commune=units[draft.commune_id]), today=timezone.localdate()
            )
            objects.append(person)
        with PeakMemory():
            started = time.perf_counter()
            Person.objects.bulk_create(objects, batch_size=2000)
            figures["raw_seconds"] = time.perf_counter() - started
        del objects
        transaction.set_rollback(True)
    _vacuum(connection)

    if isolated:
        say("  the import in a fresh process, for its own peak memory…")
        from benchmarks.harness import run_in_child

        with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
            handle.write(data)
            handle.flush()
            figures["isolated_import"] = run_in_child("benchmarks.imports.import_in_child", path=handle.name)
        _vacuum(connection)

    with transaction.atomic():
        actor = User.objects.create(username="bench-import", role="admin", is_superuser=True)
        say("  import…")
        with PeakMemory() as memory:
            started = time.perf_counter()
            result = person_import(actor=actor, data=data, filename="bench.xlsx", dry_run=False)
            figures["import_seconds"] = time.perf_counter() - started
        figures["import_peak_mb"] = memory.peak_mb
        figures["import_summary"] = result.summary_line()

        say("  re-import of the unchanged file…")
        with PeakMemory() as memory:
            started = time.perf_counter()
            again = person_import(actor=actor, data=data, filename="bench.xlsx", dry_run=False)
            figures["reimport_seconds"] = time.perf_counter() - started
        figures["reimport_peak_mb"] = memory.peak_mb
        figures["reimport_summary"] = again.summary_line()

        say("  XLSX export, and XlsxWriter alone writing the same cells (twice each, alternating)…")
        keys = export_columns(actor)
        renderer = PersonRows(keys)
        cells = [renderer.cells(n, r) for n, r in enumerate(export_queryset(viewer=actor, filters=PersonFilters()), 1)]
        export_times, writer_times, export_peaks = [], [], []
        for _round in range(2):
            with PeakMemory() as memory:
                started = time.perf_counter()
                handle, figures["export_rows"] = xlsx_file(viewer=actor, filters=PersonFilters())
                export_times.append(time.perf_counter() - started)
                handle.close()
            export_peaks.append(memory.peak_mb)
            writer_times.append(_xlsxwriter_alone(export_headers(keys), cells))
        figures["export_seconds"] = min(export_times)
        figures["xlsxwriter_seconds"] = min(writer_times)
        figures["export_peak_mb"] = max(export_peaks)
        del cells
        transaction.set_rollback(True)
    figures["max_rss_mb"] = round(PeakMemory.max_rss() / 2**20)
    return figures


def import_in_child(*, path: str) -> dict:
    """Run by `measure` in a fresh process (`benchmarks.harness.run_in_child`): the person
    import of the file, rolled back; the harness adds the process's peak resident memory."""
    from django.db import transaction

    from benchmarks.harness import peak_rss_mib
    from registry.imports.persons import person_import
    from registry.models import User

    with open(path, "rb") as handle:
        data = handle.read()
    before = peak_rss_mib()
    with transaction.atomic():
        actor = User.objects.create(username="bench-import-child", role="admin", is_superuser=True)
        started = time.perf_counter()
        result = person_import(actor=actor, data=data, filename="bench.xlsx", dry_run=False)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return {"seconds": round(seconds, 1), "rss_before_mib": before, "summary": result.summary_line()}


PERSON_TABLES = ["registry_person", "registry_historicalperson", "registry_residence", "registry_determination",
                 "registry_historicaldetermination", "registry_certificate", "registry_historicalcertificate"]  # fmt: skip


def _vacuum(connection) -> None:
    from benchmarks.harness import vacuum

    vacuum(PERSON_TABLES)


def _xlsxwriter_alone(headers: list[str], cells: list[list[str]]) -> float:
    """Seconds for XlsxWriter (constant memory) to write prepared cells: the export's baseline."""
    import xlsxwriter

    with tempfile.TemporaryFile() as target:
        started = time.perf_counter()
        book = xlsxwriter.Workbook(target, {"constant_memory": True})
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, headers)
        for line, values in enumerate(cells, 1):
            sheet.write_row(line, 0, values)
        book.close()
        return time.perf_counter() - started


def suite(ctx) -> list:
    """`manage.py benchmark` suite (settings.BENCHMARK_SUITES): I-1…I-4 import, E-1/E-2 export.
    With --quick (2,000 rows) fixed costs dominate: I-1 and I-3 are printed, not judged."""
    from benchmarks.harness import Result

    rows = ctx.persons
    f = measure(rows, say=ctx.say, isolated=True)
    child = f["isolated_import"]
    export_rows = f["export_rows"]
    limit_seconds = 30 * rows / 100_000
    import_ratio = f["raw_seconds"] / f["import_seconds"]
    reimport_ratio = f["import_seconds"] / f["reimport_seconds"]
    export_ratio = f["xlsxwriter_seconds"] / f["export_seconds"]
    return [
        Result(
            id="I-1 import rows/s",
            path=f"person_import of a {rows:,}-row XLSX register (parsing included)",
            baseline="Person.objects.bulk_create of the same rows, parsed beforehand",
            ratio=import_ratio,
            target="≥ 0.5",
            ok=None if ctx.quick else import_ratio >= 0.5,
            product=rate(rows, f["import_seconds"]),
            reference=rate(rows, f["raw_seconds"]),
            extra=f,
        ),
        Result(
            id="I-3 re-import",
            path="the same file again (every row unchanged)",
            baseline="the first import",
            ratio=reimport_ratio,
            target="≥ 1.0",
            ok=reimport_ratio >= 1.0,
            product=rate(rows, f["reimport_seconds"]),
            reference=rate(rows, f["import_seconds"]),
        ),
        Result(
            id="I-1 time",
            path=f"person_import, {rows:,} rows",
            baseline="—",
            ratio=None,
            target=f"≤ {limit_seconds:.0f} s",
            ok=None if ctx.quick else f["import_seconds"] <= limit_seconds,
            product=f"{f['import_seconds']:.1f} s",
        ),
        Result(
            id="I-1 memory",
            path=f"person_import of {rows:,} rows in a fresh process: its peak resident memory",
            baseline="—",
            ratio=None,
            target="≤ 1024 MiB",
            ok=child["max_rss_mib"] <= 1024,
            product=f"{child['max_rss_mib']:.0f} MiB ({child['rss_before_mib']:.0f} MiB before the import, "
            f"{child['seconds']} s); in the benchmark process +{f['import_peak_mb']:.0f} MB",
        ),
        Result(
            id="X-1 XLSX export",
            path=f"streamed person export, {export_rows:,} rows",
            baseline="XlsxWriter (constant memory) writing the same cells",
            ratio=export_ratio,
            target="≥ 0.7",
            ok=export_ratio >= 0.7,
            product=rate(export_rows, f["export_seconds"]),
            reference=rate(export_rows, f["xlsxwriter_seconds"]),
        ),
        Result(
            id="X-1 memory",
            path="streamed person export: resident memory above the start",
            baseline="—",
            ratio=None,
            target="≤ 100 MB",
            ok=f["export_peak_mb"] <= 100,
            product=f"+{f['export_peak_mb']:.0f} MB",
        ),
    ]


def run(rows: int) -> None:
    import django

    django.setup()
    f = measure(rows, say=lambda message: print(message, flush=True))
    print(f"file: {f['file_mb']} MB")
    print(f"raw bulk_create:      {rate(rows, f['raw_seconds'])}")
    print(
        f"import:               {rate(rows, f['import_seconds'])} = {f['raw_seconds'] / f['import_seconds']:.2f}× raw,"
        f" +{f['import_peak_mb']:.0f} MB  [{f['import_summary']}]"
    )
    print(
        f"re-import unchanged:  {rate(rows, f['reimport_seconds'])} ="
        f" {f['import_seconds'] / f['reimport_seconds']:.2f}× the import, +{f['reimport_peak_mb']:.0f} MB"
        f"  [{f['reimport_summary']}]"
    )
    print(
        f"XLSX export:          {rate(f['export_rows'], f['export_seconds'])} ="
        f" {f['xlsxwriter_seconds'] / f['export_seconds']:.2f}× XlsxWriter alone"
        f" ({rate(f['export_rows'], f['xlsxwriter_seconds'])}), +{f['export_peak_mb']:.0f} MB"
    )
    print(f"process max RSS: {f['max_rss_mb']} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    run(parser.parse_args().rows)


if __name__ == "__main__":
    main()
