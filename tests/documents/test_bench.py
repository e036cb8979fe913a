"""The measuring function the benchmark command calls (small counts here: no timed test)."""

from registry.documents.bench import measure


def test_measure_reports_pages_speed_and_memory():
    rows = measure((1, 2), kind="certificates", chunk=1)
    assert [r["pages"] for r in rows] == [1, 2]
    for row in rows:
        assert row["pages_per_second"] > 0
        assert row["max_rss_mib"] > 0
        assert row["python_peak_mib"] > 0


def test_measure_table_kind():
    rows = measure((1,), kind="table", python_peak=False)
    assert rows[0]["pages"] >= 1
    assert rows[0]["python_peak_mib"] is None


def test_benchmark_suite_rows(monkeypatch):
    import io

    from registry.bench.harness import Context
    from registry.documents import bench

    calls = []

    def fake_measure(counts, *, kind, **kwargs):
        calls.append((counts, kind))
        return [
            {
                "pages": n,
                "seconds": n / 10,
                "pages_per_second": 10.0,
                "max_rss_mib": 150.0,
                "python_peak_mib": 5.0 + n / 10,
            }
            for n in counts
        ]

    monkeypatch.setattr(bench, "measure", fake_measure)
    ctx = Context(persons=0, cases=0, quick=True, seed=1, stdout=io.StringIO())
    rows = bench.suite(ctx)
    assert calls == [((5, 25), "certificates"), ((5, 25), "table")]
    assert [r.id for r in rows] == ["D-1 pages/s", "D-1 memory"]
    assert all(r.ok for r in rows)
