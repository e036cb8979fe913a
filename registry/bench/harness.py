"""Timing, results and the throw-away database."""

import gc
import json
import statistics
import time
import tracemalloc
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import connection


@dataclass
class Result:
    """One row of the benchmark table."""

    id: str
    path: str
    baseline: str
    ratio: float | None
    target: str
    ok: bool | None
    product: str = ""  # absolute figure of the product path, human readable
    reference: str = ""  # absolute figure of the baseline
    extra: dict = field(default_factory=dict)


@dataclass
class Context:
    """What suites share: sizes, flags and the data the builders made."""

    persons: int
    cases: int
    quick: bool
    seed: int
    stdout: object
    data: dict = field(default_factory=dict)

    def say(self, message: str) -> None:
        self.stdout.write(message)
        if hasattr(self.stdout, "flush"):
            self.stdout.flush()


def timed(fn: Callable[[], object], repeat: int = 1) -> list[float]:
    """Seconds per call, `repeat` calls (garbage collection outside the timed region)."""
    samples = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def p50(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def peak_memory(fn: Callable[[], object]) -> tuple[object, int]:
    """Run fn under tracemalloc; return (result, peak bytes allocated by Python during the call)."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


@contextmanager
def throwaway_database(stdout, *, keep: bool = False):
    """Create a fresh database of the configured engine, migrate it, and drop it afterwards."""
    settings_dict = connection.settings_dict
    test_settings = settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        import tempfile

        test_settings["NAME"] = str(Path(tempfile.mkdtemp(prefix="hoanhap-bench-")) / "bench.sqlite3")
    else:
        test_settings["NAME"] = f"hoanhap_bench_{settings_dict['NAME']}"
    old_name = settings_dict["NAME"]
    stdout.write(f"Creating the throw-away database ({connection.vendor}: {test_settings['NAME']})…")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        if not keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def print_table(results: list[Result], stdout) -> None:
    headers = ["id", "product path", "baseline (same run)", "ratio", "target", "ok", "product", "baseline"]
    rows = [
        [
            r.id,
            r.path,
            r.baseline,
            r.extra.get("ratio_text") or ("—" if r.ratio is None else f"{r.ratio:.2f}"),
            r.target,
            "—" if r.ok is None else ("yes" if r.ok else "NO"),
            r.product,
            r.reference,
        ]
        for r in results
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |"
    stdout.write(line)
    stdout.write("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        stdout.write("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def write_json(path: str, results: list[Result], meta: dict) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"meta": meta, "results": [asdict(r) for r in results]}, handle, ensure_ascii=False, indent=2)
