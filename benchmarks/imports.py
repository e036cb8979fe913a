"""The imports and the export against their raw baselines, in transactions rolled back (the
database is left as it was; deferred foreign-key checks run at commit, so neither an import nor
its raw baseline pays them here):

- I-1, I-3 (`persons_suite`): `person_import` of a generated register (reading, parsing, checking,
  writing persons, residences, determinations, certificates and history rows), against
  `Person.objects.bulk_create` of the same rows parsed beforehand (nothing else); the import once
  more in a fresh process for its own peak memory; the re-import of the unchanged file;
- X-1 (`persons_suite`): the streamed XLSX export of the same persons against XlsxWriter (constant
  memory) writing the same cells;
- I-2 (`cases_suite`): `case_import` of a generated list of support given (reading, parsing,
  finding the persons, the rules of `case_record_completed`, writing cases, their history rows
  and their timeline entries) against `Case.objects.bulk_create` of the same cases parsed
  beforehand, and the re-import of the same file.

The domain code is imported where it is used: a measured child process imports this module, and
its memory is to be the import's own.
"""

import tempfile
from datetime import date, timedelta

from django.utils import timezone

from benchmarks.harness import Context, Result, peak_rss_mib, rate, rolled_back, run_in_child, stopwatch, vacuum

PERSON_TABLES = ["registry_person", "registry_historicalperson", "registry_residence", "registry_determination",
                 "registry_historicaldetermination", "registry_certificate", "registry_historicalcertificate"]  # fmt: skip
QUICK_CASE_ROWS = 5_000
MAX_CASE_ROWS = 50_000
BY_NAME_EVERY = 10  # one row of the cases list in ten names the person by name, date of birth and commune


def _actor(username: str):
    from registry.models import User

    return User.objects.create(username=username, role="admin", is_superuser=True)


def _time_bulk_create(model, objects: list) -> float:
    """Seconds of the raw baseline: `bulk_create` of objects built beforehand."""
    with stopwatch() as watch:
        model.objects.bulk_create(objects, batch_size=2000)
    return watch.seconds


def _import_twice(figures: dict, run, *, say, again: str, tell: bool = False) -> None:
    """`run()` (an import of the file) and once more on the same data: seconds, resident memory
    above the start and the summary line of each, into `figures` (`import_*`, `reimport_*`)."""
    for key, message in (("import", "  import…"), ("reimport", again)):
        say(message)
        with stopwatch(memory=True) as watch:
            result = run()
        figures[f"{key}_seconds"] = watch.seconds
        figures[f"{key}_peak_mb"] = watch.peak_mb
        figures[f"{key}_summary"] = result.summary_line()
        if tell:
            say(f"    {figures[f'{key}_summary']}")


# The person import and the export ---------------------------------------------------------------
def register_file(rows: int, communes: list[str]) -> bytes:
    """A realistic register: title lines, all 21 columns, 60 % with a certificate."""
    from benchmarks.build import xlsx
    from registry.identifiers import example_national_id
    from registry.imports.columns import PERSON_HEADERS

    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Phan", "Đặng", "Bùi", "Đỗ"]
    middle = ["Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh"]
    given = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Khoa", "Lan", "Minh", "Nam", "Oanh", "Phúc", "Quang"]
    types = ["Vận động", "Nghe, nói", "Nhìn", "Thần kinh, tâm thần", "Trí tuệ", "Khác", "Vận động; Nhìn"]
    levels = ["Đặc biệt nặng", "Nặng", "Nặng", "Nhẹ"]

    def row(i: int) -> list:
        sex = "male" if i % 2 else "female"
        born = date(1935 + i % 85, 1 + i % 12, 1 + i % 28)
        return [
            i + 1,
            f"{family[i % 10]} {middle[(i // 10) % 6]} {given[(i // 60) % 13]} {i}",
            born.strftime("%d/%m/%Y"),
            "Nam" if sex == "male" else "Nữ",
            "Kinh",
            example_national_id(province="01", sex=sex, birth=born, serial=i),  # not the demo's provinces
            "Thành phố Đà Nẵng",
            "",
            communes[i % len(communes)],
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

    return xlsx("Danh sách", "DANH SÁCH NGƯỜI KHUYẾT TẬT", PERSON_HEADERS, (row(i) for i in range(rows)))


def measure_persons(rows: int, *, say=print, isolated: bool = False) -> dict:
    """The figures of I-1, I-3 and X-1 as a dict. `isolated`: also import the file once in a fresh
    process (rolled back) for its own peak resident memory (`isolated_import`)."""
    from registry.exports import PersonRows, export_columns, export_headers, export_queryset, xlsx_file
    from registry.imports.drafts import RowParser
    from registry.imports.persons import person_import
    from registry.imports.reader import read_table
    from registry.imports.rules import validate_person
    from registry.imports.units import UnitResolver
    from registry.models import AdminUnit, Person
    from registry.selectors import PersonFilters

    communes = list(
        AdminUnit.objects.filter(level="commune", is_current=True, province_code="48").values_list("name", flat=True)
    )
    if not communes:
        raise RuntimeError("Load the units first: manage.py load_admin_units --province 48")
    say(f"  building a register of {rows:,} rows…")
    data = register_file(rows, communes)
    figures: dict = {"rows": rows, "file_mb": round(len(data) / 2**20, 1)}

    say("  raw bulk_create of the same rows, parsed beforehand…")
    with rolled_back(PERSON_TABLES):
        actor = _actor("bench-import")
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
        figures["raw_seconds"] = _time_bulk_create(Person, objects)
        del objects

    if isolated:
        say("  the import in a fresh process, for its own peak memory…")
        vacuum(PERSON_TABLES)
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
            handle.write(data)
            handle.flush()
            figures["isolated_import"] = run_in_child("benchmarks.imports.import_in_child", path=handle.name)

    with rolled_back(PERSON_TABLES):
        actor = _actor("bench-import")
        _import_twice(
            figures,
            lambda: person_import(actor=actor, data=data, filename="bench.xlsx", dry_run=False),
            say=say,
            again="  re-import of the unchanged file…",
        )
        say("  XLSX export, and XlsxWriter alone writing the same cells (twice each, alternating)…")
        keys = export_columns(actor)
        renderer = PersonRows(keys)
        cells = [renderer.cells(n, r) for n, r in enumerate(export_queryset(viewer=actor, filters=PersonFilters()), 1)]
        export_times, writer_times, export_peaks = [], [], []
        for _round in range(2):
            with stopwatch(memory=True) as watch:
                handle, figures["export_rows"] = xlsx_file(viewer=actor, filters=PersonFilters())
            handle.close()
            export_times.append(watch.seconds)
            export_peaks.append(watch.peak_mb)
            writer_times.append(_xlsxwriter_alone(export_headers(keys), cells))
        figures["export_seconds"] = min(export_times)
        figures["xlsxwriter_seconds"] = min(writer_times)
        figures["export_peak_mb"] = max(export_peaks)
        del cells
    figures["max_rss_mb"] = round(peak_rss_mib())
    return figures


def import_in_child(*, path: str) -> dict:
    """Run by `measure_persons` in a fresh process (`harness.run_in_child`): the person import of
    the file, rolled back; the harness adds the process's peak resident memory."""
    from django.db import transaction

    from registry.imports.persons import person_import

    with open(path, "rb") as handle:
        data = handle.read()
    before = peak_rss_mib()
    with transaction.atomic():
        actor = _actor("bench-import-child")
        with stopwatch() as watch:
            result = person_import(actor=actor, data=data, filename="bench.xlsx", dry_run=False)
        transaction.set_rollback(True)
    return {"seconds": round(watch.seconds, 1), "rss_before_mib": before, "summary": result.summary_line()}


def _xlsxwriter_alone(headers: list[str], cells: list[list[str]]) -> float:
    """Seconds for XlsxWriter (constant memory) to write prepared cells: the export's baseline."""
    import xlsxwriter

    with tempfile.TemporaryFile() as target, stopwatch() as watch:
        book = xlsxwriter.Workbook(target, {"constant_memory": True})
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, headers)
        for line, values in enumerate(cells, 1):
            sheet.write_row(line, 0, values)
        book.close()
    return watch.seconds


def persons_suite(ctx: Context) -> list[Result]:
    """I-1…I-3 the person import, X-1 the export. With --quick (2,000 rows) fixed costs dominate:
    I-1 is printed, not judged."""
    rows = ctx.persons
    f = measure_persons(rows, say=ctx.say, isolated=True)
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


# The case import --------------------------------------------------------------------------------
def support_list(rows: int, persons: list[tuple], policies: list, today: date) -> tuple[bytes, list[dict]]:
    """An XLSX list of `rows` supports over `persons` (id, ID number, name, born, commune name),
    every row distinct; and the same rows as values, for the raw baseline."""
    from benchmarks.build import xlsx
    from cases.imports_format import FUNDING_TEXT, HEADER_BY_KEY, TEMPLATE_KEYS
    from cases.models import FundingSource

    funding = list(FundingSource.values)
    start = today - timedelta(days=3 * 365)
    lines, values = [], []
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
        lines.append([cells.get(key, "") for key in TEMPLATE_KEYS])
        values.append({"person_id": pk, "policy": policy, "on": on, "amount": amount, "funding_source": source})
    headers = [HEADER_BY_KEY[key] for key in TEMPLATE_KEYS]
    return xlsx("Danh sách hỗ trợ", "DANH SÁCH HỖ TRỢ ĐÃ THỰC HIỆN", headers, lines), values


def measure_cases(rows: int, *, say=print) -> dict:
    """The figures of I-2 as a dict."""
    from cases.imports import case_import
    from cases.models import Case, CaseKind, CaseStep, Outcome, Status
    from cases.services.cases import DETERMINATION_POLICY_CODES
    from policies.models import Policy
    from registry.models import Person

    today = timezone.localdate()
    persons = list(
        Person.objects.not_deleted()
        .filter(national_id__isnull=False)
        .order_by("pk")
        .values_list("pk", "national_id", "full_name", "date_of_birth", "commune__name")[:20_000]
    )
    if not persons:
        raise RuntimeError("No benchmark persons with an ID number: run the registry builder first.")
    policies = list(
        Policy.objects.filter(is_active=True).exclude(domain="").exclude(code__in=DETERMINATION_POLICY_CODES)
    )
    say(f"  building a list of {rows:,} supports over {len(persons):,} persons…")
    data, values = support_list(rows, persons, policies, today)
    figures: dict = {"rows": rows, "file_mb": round(len(data) / 2**20, 1)}
    tables = [Case._meta.db_table, Case.history.model._meta.db_table, CaseStep._meta.db_table]

    say("  raw bulk_create of the same cases, parsed beforehand…")
    with rolled_back(tables):
        actor = _actor("bench-case-import")
        objects = [
            Case(
                person_id=v["person_id"], kind=CaseKind.SUPPORT, domain=v["policy"].domain, support_type=v["policy"],
                description=v["policy"].name, requested_on=v["on"], funding_source=v["funding_source"],
                amount=v["amount"], status=Status.COMPLETED, outcome=Outcome.ACHIEVED, outcome_on=v["on"],
                clock_started_on=v["on"], created_by=actor,
            )
            for v in values
        ]  # fmt: skip
        figures["raw_seconds"] = _time_bulk_create(Case, objects)
        del objects

    with rolled_back(tables):
        actor = _actor("bench-case-import")
        _import_twice(
            figures,
            lambda: case_import(actor=actor, data=data, filename="bench.xlsx", dry_run=False),
            say=say,
            again="  re-import of the same file…",
            tell=True,
        )
    return figures


def cases_suite(ctx: Context) -> list[Result]:
    """I-2: the case import of min(ctx.cases, 50,000) rows (5,000 with --quick, then printed, not
    judged) against a raw bulk_create of the same cases; and the re-import of the same file.
    The baseline writes one table; the import reads the file, runs `case_record_completed`'s rules
    and `full_clean` on every row and writes three tables (cases, their history, their timeline):
    a fifth of the raw speed is the floor (the figures: registry/imports/README.md)."""
    rows = min(ctx.cases, QUICK_CASE_ROWS if ctx.quick else MAX_CASE_ROWS)
    f = measure_cases(rows, say=ctx.say)
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
