"""Timing, results and the throw-away database."""

import gc
import json
import multiprocessing
import resource
import statistics
import sys
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
    import queue as queues

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
    from django.db import connection

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


def rate(rows: int, seconds: float) -> str:
    """ "12,345 rows/s (8.1 s)"."""
    return f"{rows / seconds:,.0f} rows/s ({seconds:.1f} s)"


def vacuum(tables: list[str]) -> None:
    """PostgreSQL: clear the dead rows earlier rolled-back runs left in `tables`, so each measured
    insert starts from the same state (SQLite rolls back without leaving any)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE " + ", ".join(tables))
