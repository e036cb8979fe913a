#!/usr/bin/env python3
"""Merge `manage.py benchmark --json` files (one per engine) into the README's side-by-side table.

    scripts/bench-table.py sqlite.json postgresql.json [--prefer later.json ...]

A later file's rows replace the same ids of the earlier file of the same engine (a re-run of
some suites with `--only`). Prints Markdown: one row per id, one column per engine with the
ratio, the product's absolute figure and whether the target is met.
"""

import argparse
import json


def cell(row: dict | None) -> str:
    if row is None:
        return "—"
    ratio = row["extra"].get("ratio_text") if row.get("extra") else None
    if ratio is None and row["ratio"] is not None:
        ratio = f"{row['ratio']:.2f}"
    ok = {True: "yes", False: "**NO**", None: ""}[row["ok"]]
    parts = [p for p in (ratio, row["product"]) if p]
    return " · ".join(parts).replace("|", "/") + (f" ({ok})" if ok else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    engines: dict[str, dict] = {}
    order: list[str] = []
    meta = {}
    for name in args.files:
        with open(name, encoding="utf-8") as handle:
            data = json.load(handle)
        engine = data["meta"]["engine"]
        meta.setdefault(engine, data["meta"])
        rows = engines.setdefault(engine, {})
        for row in data["results"]:
            rows[row["id"]] = row
            if row["id"] not in order:
                order.append(row["id"])
    names = list(engines)
    print("| id | product path | baseline (same run) | target | " + " | ".join(names) + " |")
    print("|---|---|---|---|" + "---|" * len(names))
    for rid in order:
        first = next(engines[e][rid] for e in names if rid in engines[e])
        cells = [cell(engines[e].get(rid)) for e in names]
        print(f"| {rid} | {first['path']} | {first['baseline']} | {first['target']} | " + " | ".join(cells) + " |")
    print()
    for engine in names:
        m = meta[engine]
        print(f"- {engine}: {m['persons']:,} persons, {m['cases']:,} cases, Python {m['python']}, {m['machine']}, {m['seconds']} s")


if __name__ == "__main__":
    main()
