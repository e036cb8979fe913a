"""The one harness of `manage.py benchmark`: the context the builders and suites share, the
result row, timing (one path, or several side by side), percentiles, memory (Python's peak, the
process's resident peak, a fresh process's), the throw-away database and the table and JSON
outputs.

Imported by a measured child process before it sets Django up: nothing here imports a model."""

import gc
import json
import multiprocessing
import os
import queue as queues
import resource
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.db import connection, transaction


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

    @property
    def ratio_text(self) -> str:
        """The ratio as printed: the suite's own text ("p50 / p95") or two decimals."""
        return self.extra.get("ratio_text") or ("—" if self.ratio is None else f"{self.ratio:.2f}")


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


def timed_side_by_side(paths: dict[str, Callable[[object], object]], items) -> dict[str, list[float]]:
    """Seconds per call of every path on every item, the paths taking turns item by item (the
    order rotating): a slow or fast moment of the machine falls on every path alike, so a ratio
    of two paths does not depend on which one happened to run during it."""
    names = list(paths)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for number, item in enumerate(items):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(timed(lambda name=name, item=item: paths[name](item))[0])
    return samples


def p50(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def rate(rows: int, seconds: float) -> str:
    """ "12,345 rows/s (8.1 s)"."""
    return f"{rows / seconds:,.0f} rows/s ({seconds:.1f} s)"


def python_peak_mib(fn: Callable[[], object]) -> float:
    """The peak of Python's own allocations while `fn` runs (tracemalloc), in MiB; the memory of C
    libraries (cairo, harfbuzz, database drivers) is not in it."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return round(peak / (1024 * 1024), 1)


@dataclass
class Watch:
    """What `stopwatch` measured: seconds, and resident memory above the start (MiB, sampled)."""

    seconds: float = 0.0
    peak_mb: float = 0.0


RSS_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _rss() -> int:
    """The resident memory of this process now, in bytes (Linux)."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * RSS_PAGE


@contextmanager
def stopwatch(*, memory: bool = False) -> Iterator[Watch]:
    """The wall time of the block; with `memory`, also its peak resident memory above the start,
    sampled every 20 ms by a thread (the memory a step needs inside a running process)."""
    watch = Watch()
    if memory:
        start = peak = _rss()
        running = True

        def sample() -> None:
            nonlocal peak
            while running:
                peak = max(peak, _rss())
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    started = time.perf_counter()
    try:
        yield watch
    finally:
        watch.seconds = time.perf_counter() - started
        if memory:
            running = False
            sampler.join()
            watch.peak_mb = (max(peak, _rss()) - start) / 2**20


@contextmanager
def throwaway_database(stdout, *, keep: bool = False):
    """Create a fresh database of the configured engine, migrate it, and drop it afterwards."""
    settings_dict = connection.settings_dict
    test_settings = settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
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
            r.ratio_text,
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


CHILD_TIMEOUT = 30 * 60  # seconds a measured child process may take


def peak_rss_mib() -> float:
    """The peak resident memory of this process, in MiB.

    On Linux, VmHWM of /proc/self/status: the high-water mark of the process's own address space.
    `getrusage().ru_maxrss` is not used there because the kernel carries the maximum over an
    `execve` — a child started by fork/vfork + exec (multiprocessing "spawn") would report its
    parent's peak when that is higher."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _child(target: str, kwargs: dict, database: dict, queue) -> None:
    """Entry point of a measured child: Django on the parent's database, then `target(**kwargs)`;
    the dict it returns goes back with the child's own peak resident memory (`max_rss_mib`)."""
    try:
        import django

        django.setup()
        from django.db import connections
        from django.utils.module_loading import import_string

        # The parent may run on a throw-away database (benchmark): the child uses the same one.
        connections["default"].settings_dict.update(database)
        row = import_string(target)(**kwargs)
        row["max_rss_mib"] = max(peak_rss_mib(), row.get("max_rss_mib", 0))
        queue.put(row)
    except BaseException as exc:  # reported to the parent, which raises it
        queue.put({"error": repr(exc)})
        raise


def _result_of(child, queue, timeout: int) -> dict:
    """The child's row; an error row if it dies without one or takes longer than `timeout`."""
    waited = 0
    while waited < timeout:
        try:
            return queue.get(timeout=1)
        except queues.Empty:
            waited += 1
            if not child.is_alive():
                try:
                    return queue.get(timeout=1)
                except queues.Empty:
                    return {"error": f"the child process ended with code {child.exitcode} and no result"}
    return {"error": f"no result after {timeout} s"}


def run_in_child(target: str, *, timeout: int = CHILD_TIMEOUT, **kwargs) -> dict:
    """Run the dotted callable `target(**kwargs) -> dict` in a fresh process ("spawn") on the same
    database, and return its dict with that process's peak resident memory (`max_rss_mib`): the
    memory a worker doing only this needs, not the benchmark process's (which built a register
    before). The caller holds no open write transaction (SQLite: the child may write)."""
    database = {"NAME": connection.settings_dict["NAME"]}
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_child, args=(target, kwargs, database, queue), daemon=True)
    child.start()
    try:
        row = _result_of(child, queue, timeout)
    finally:
        child.join(timeout=60)
        if child.is_alive():
            child.terminate()
            child.join()
    if "error" in row:
        raise RuntimeError(f"benchmark child {target} failed: {row['error']}")
    return row


def vacuum(tables: list[str]) -> None:
    """PostgreSQL: clear the dead rows earlier rolled-back runs left in `tables`, so each measured
    insert starts from the same state (SQLite rolls back without leaving any)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE " + ", ".join(tables))


@contextmanager
def rolled_back(tables: list[str]) -> Iterator[None]:
    """A transaction rolled back at the end, so a measured write leaves the database as it was;
    `tables` (those it writes) are vacuumed first on PostgreSQL."""
    vacuum(tables)
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
