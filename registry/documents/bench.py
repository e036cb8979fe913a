"""Measuring the document machinery: pages per second and peak memory.

`measure()` is what the `benchmark` management command calls; it needs no database (the
documents are built from unsaved, made-up records), so it measures rendering alone:

* kind "certificates": a commune's certificate batch, one A4 sheet per certificate, rendered
  in chunks and merged (`certificate.write_certificates`) — memory bounded by the chunk;
* kind "table": one flowing administrative document with a long table (a payroll-like list,
  about 25 rows a page) rendered in one piece — the worst case for WeasyPrint's layout memory.

For each page count it reports the wall time and pages/s of an untraced run, the process's
peak resident memory after it (ru_maxrss, which only grows), and — unless `python_peak` is
False — the peak of Python allocations measured by tracemalloc in a second, traced run (slower;
C allocations of cairo/harfbuzz are not in it, which is why both numbers are given).
"""

import gc
import io
import resource
import secrets
import sys
import time
import tracemalloc
from datetime import date

from registry.models import AdminUnit, Certificate, Determination, Person

from .certificate import write_certificates
from .rendering import render_pdf
from .selectors import PrintableCertificate

ROWS_PER_PAGE = 25
SAMPLE_NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Hồ Đắc Ửng", "Võ Thị Ánh Tuyết"]


def _units() -> AdminUnit:
    province = AdminUnit(code="48", name="Thành phố Đà Nẵng", division_type="thành phố trung ương", level="province")
    commune = AdminUnit(code="20242", name="Phường Hải Châu", division_type="phường", level="commune")
    commune.parent = province
    return commune


def sample_certificates(count: int):
    """`count` made-up printable certificates (unsaved records, realistic Vietnamese text)."""
    commune = _units()
    for i in range(count):
        person = Person(
            full_name=SAMPLE_NAMES[i % len(SAMPLE_NAMES)],
            date_of_birth=date(1950 + i % 60, 1 + i % 12, 1 + i % 28),
            birth_date_approximate=i % 7 == 0,
            sex="female" if i % 2 else "male",
            village=f"Tổ {1 + i % 40}",
        )
        person.commune = commune
        determination = Determination(disability_types=["mobility", "vision"][: 1 + i % 2], level="severe")
        certificate = Certificate(
            number=f"{i + 1:04d}/GXN-UBND", issued_on=date(2024, 2, 5), verification_token=secrets.token_urlsafe(32)
        )
        certificate.issuing_commune = commune
        yield PrintableCertificate(certificate=certificate, determination=determination, person=person)


def _table_context(pages: int) -> dict:
    rows = [
        [
            str(i + 1),
            SAMPLE_NAMES[i % len(SAMPLE_NAMES)],
            f"Tổ {1 + i % 40}",
            "Trợ cấp xã hội hằng tháng",
            "750.000 đ",
            "",
        ]
        for i in range(pages * ROWS_PER_PAGE)
    ]
    return {"rows": rows, "issuer_lines": ["ỦY BAN NHÂN DÂN", "PHƯỜNG HẢI CHÂU"]}


def _render(kind: str, pages: int, chunk: int) -> int:
    if kind == "certificates":
        return write_certificates(
            sample_certificates(pages), io.BytesIO(), base_url="https://hoanhap.example", chunk=chunk
        )
    if kind == "table":
        from pypdf import PdfReader

        data = render_pdf("documents/pdf/bench_table.html", _table_context(pages))
        return len(PdfReader(io.BytesIO(data)).pages)
    raise ValueError(f"unknown kind {kind!r}")


def _max_rss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def measure(
    page_counts: tuple[int, ...] = (5, 100), *, kind: str = "certificates", chunk: int = 25, python_peak: bool = True
) -> list[dict]:
    """One row per page count: pages, seconds, pages_per_second, max_rss_mib, python_peak_mib."""
    _render(kind, 1, chunk)  # warm-up: fonts, templates, imports
    results = []
    for count in page_counts:
        gc.collect()
        started = time.perf_counter()
        pages = _render(kind, count, chunk)
        seconds = time.perf_counter() - started
        row = {
            "kind": kind,
            "pages": pages,
            "seconds": round(seconds, 2),
            "pages_per_second": round(pages / seconds, 2) if seconds else None,
            "max_rss_mib": _max_rss_mib(),
            "python_peak_mib": None,
        }
        if python_peak:
            gc.collect()
            tracemalloc.start()
            try:
                _render(kind, count, chunk)
                _current, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
            row["python_peak_mib"] = round(peak / (1024 * 1024), 1)
        results.append(row)
    return results


def suite(ctx) -> list:
    """`manage.py benchmark` suite (settings.BENCHMARK_SUITES): D-1 pages/s, D-2 memory.

    D-1 compares pages/s of the 100-page certificate batch with the 5-page one (a batch must not
    slow down per page as it grows); D-2 compares the Python peak memory of the two (bounded by
    the chunk, not by the batch: linear growth would be 20×). The single-flow table document is
    reported alongside as the unchunked reference.
    """
    from registry.bench.harness import Result

    small, large = (5, 25) if ctx.quick else (5, 100)
    ctx.say(f"  documents: certificate batches of {small} and {large} pages…")
    rows = measure((small, large), kind="certificates")
    table = measure((small, large), kind="table")
    s, big = rows
    speed_ratio = big["pages_per_second"] / s["pages_per_second"]
    memory_ratio = big["python_peak_mib"] / s["python_peak_mib"]
    table_ratio = table[1]["python_peak_mib"] / table[0]["python_peak_mib"]
    return [
        Result(
            id="D-1 pages/s",
            path=f"certificate batch, {big['pages']} pages in chunks of 25 (pages/s)",
            baseline=f"the same at {s['pages']} pages",
            ratio=speed_ratio,
            target="≥ 0.9",
            ok=speed_ratio >= 0.9,
            product=f"{big['pages_per_second']} pages/s ({big['seconds']} s)",
            reference=f"{s['pages_per_second']} pages/s ({s['seconds']} s)",
            extra={"certificates": rows, "table": table},
        ),
        Result(
            id="D-1 memory",
            path=f"certificate batch, {big['pages']} pages: Python peak (max RSS {big['max_rss_mib']} MiB)",
            baseline=f"the same at {s['pages']} pages",
            ratio=memory_ratio,
            target="peak ≤ 500 MB resident",
            ok=big["max_rss_mib"] <= 500,
            product=f"{big['python_peak_mib']} MiB",
            reference=f"{s['python_peak_mib']} MiB; one-flow table {table[1]['pages']} pages: "
            f"{table[1]['python_peak_mib']} MiB (×{table_ratio:.1f})",
        ),
    ]
