"""What `manage.py benchmark` runs and prints: the package's own list of builders and suites, the
table, and the `--json` file that scripts/bench-table.py merges."""

import io
import json
import subprocess
import sys
from pathlib import Path

from django.core.management.base import OutputWrapper

from benchmarks.harness import Result, print_table, write_json
from benchmarks.suites import BUILDERS, SUITES, dotted

ROOT = Path(__file__).resolve().parents[2]


def test_builders_and_suites_are_the_packages_own():
    paths = [dotted(f) for f in BUILDERS + SUITES]
    assert len(set(paths)) == len(paths)
    assert all(path.startswith("benchmarks.") for path in paths)
    assert dotted(BUILDERS[0]) == "benchmarks.build.register"  # the accounts and persons first


ROWS = [
    Result(
        id="P-1 persons",
        path="API list",
        baseline="values()",
        ratio=1.2,
        target="≤ 1.5",
        ok=True,
        product="p50 5.0 ms",
        reference="p50 4.0 ms",
        extra={"ratio_text": "1.20 / 1.10"},
    ),
    Result(id="A-1 all", path="every indicator", baseline="—", ratio=None, target="< 5 s", ok=None, product="90 ms"),
    Result(id="S-1", path="name search", baseline="prefix", ratio=2.5, target="≤ 20", ok=False, product="p95 4 ms"),
]


def test_table_shape():
    out = io.StringIO()
    print_table(ROWS, OutputWrapper(out))  # the command's stdout: a line per write
    lines = out.getvalue().splitlines()
    assert [c.strip() for c in lines[0].strip("|").split("|")] == [
        "id",
        "product path",
        "baseline (same run)",
        "ratio",
        "target",
        "ok",
        "product",
        "baseline",
    ]
    assert set(lines[1]) == {"|", "-"}
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in lines[2:]]
    assert [row[0] for row in cells] == ["P-1 persons", "A-1 all", "S-1"]
    assert [row[3] for row in cells] == ["1.20 / 1.10", "—", "2.50"]
    assert [row[5] for row in cells] == ["yes", "—", "NO"]
    assert len({len(line) for line in lines}) == 1  # columns padded to one width


def test_json_is_read_by_the_readme_table_script(tmp_path):
    target = tmp_path / "sqlite.json"
    write_json(
        str(target),
        ROWS,
        {
            "engine": "sqlite",
            "persons": 2000,
            "cases": 10000,
            "quick": True,
            "python": "3.12",
            "machine": "x86_64 2 cores",
            "seconds": 80.0,
        },
    )
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [r["id"] for r in data["results"]] == ["P-1 persons", "A-1 all", "S-1"]
    assert set(data["results"][0]) == {
        "id",
        "path",
        "baseline",
        "ratio",
        "target",
        "ok",
        "product",
        "reference",
        "extra",
    }
    merged = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench-table.py"), str(target)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "| P-1 persons | API list | values() | ≤ 1.5 | 1.20 / 1.10 · p50 5.0 ms (yes) |" in merged
    assert "| S-1 | name search | prefix | ≤ 20 | 2.50 · p95 4 ms (**NO**) |" in merged
