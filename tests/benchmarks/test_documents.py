"""The measuring function the benchmark command calls (small counts here: no timed test)."""

import pytest

from benchmarks.documents import measure


def test_measure_reports_pages_speed_and_memory():
    rows = measure((1, 2), kind="certificates", chunk=1)
    assert [r["pages"] for r in rows] == [1, 2]
    for row in rows:
        assert row["pages_per_second"] > 0
        assert row["max_rss_mib"] > 0
        assert row["python_peak_mib"] > 0


def test_measure_keeps_the_fastest_of_repeated_runs():
    rows = measure((1,), kind="certificates", chunk=1, python_peak=False, repeat=2)
    assert rows[0]["repeat"] == 2 and rows[0]["pages"] == 1
    assert rows[0]["seconds"] > 0 and rows[0]["cpu_seconds"] > 0


def test_measure_table_kind():
    rows = measure((1,), kind="table", python_peak=False)
    assert rows[0]["pages"] >= 1
    assert rows[0]["python_peak_mib"] is None


def test_measure_isolated_reports_the_child_process_memory():
    """Each batch runs in its own fresh process: its peak is its own, not this test process's."""
    from benchmarks.documents import measure_isolated

    ballast = b"x" * (600 * 1024 * 1024)  # written, so resident: this process now holds 600 MiB more
    try:
        rows = measure_isolated((1,), kind="certificates", chunk=1, python_peak=False)
    finally:
        del ballast
    assert rows[0]["pages"] == 1
    assert rows[0]["pages_per_second"] > 0
    assert 0 < rows[0]["rss_before_mib"] <= rows[0]["max_rss_mib"] < 600


@pytest.mark.django_db
def test_benchmark_suite_rows(monkeypatch):
    import io

    from benchmarks import documents
    from benchmarks.harness import Context

    calls = []

    def fake_measure(counts, *, kind, **kwargs):
        calls.append((counts, kind))
        return [
            {
                "pages": n,
                "seconds": n / 10,
                "cpu_seconds": n / 10,
                "repeat": 2,
                "pages_per_second": 10.0,
                "max_rss_mib": 150.0 + n,
                "rss_before_mib": 140.0,
                "python_peak_mib": 5.0 + n / 10,
            }
            for n in counts
        ]

    monkeypatch.setattr(documents, "measure_isolated", fake_measure)
    ctx = Context(persons=0, cases=0, quick=True, seed=1, stdout=io.StringIO())
    rows = documents.suite(ctx)
    assert calls == [((5, 25), "certificates"), ((5, 25), "table")]
    assert [r.id for r in rows] == ["D-1 pages/s", "D-1 memory"]
    assert all(r.ok for r in rows)
    assert rows[1].product == "175.0 MiB" and "140.0 MiB before the batch" in rows[1].path


@pytest.mark.django_db
def test_memory_row_fails_above_500_mb(monkeypatch):
    import io

    from benchmarks import documents
    from benchmarks.harness import Context

    def fake_measure(counts, *, kind, **kwargs):
        return [{"pages": n, "seconds": 1.0, "cpu_seconds": 1.0, "repeat": 1, "pages_per_second": float(n), "max_rss_mib": 480.0,
                 "rss_before_mib": 140.0, "python_peak_mib": 5.0} for n in counts]  # fmt: skip

    monkeypatch.setattr(documents, "measure_isolated", fake_measure)
    rows = documents.suite(Context(persons=0, cases=0, quick=True, seed=1, stdout=io.StringIO()))
    assert rows[0].ok and not rows[1].ok  # 480 MiB is 503 MB


@pytest.mark.django_db
def test_single_certificate_row_times_the_page_a_officer_opens(holder, provincial):
    """With a valid certificate in the register the suite times the real certificate view."""
    import io

    from benchmarks import documents
    from benchmarks.harness import Context

    ctx = Context(persons=0, cases=0, quick=True, seed=1, stdout=io.StringIO(), data={"provincial": provincial})
    (row,) = documents._single_certificate(ctx)
    assert row.id == "D-1 certificate" and row.target == "≤ 0.3 s"
    assert row.product.startswith("p50 ")
