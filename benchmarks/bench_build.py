"""Benchmark ``build`` on the shipped data and on copies scaled 10x and 100x in respondents.

Usage::

    python benchmarks/bench_build.py [--scales 1 10 100] [--repeat 1]

Each scale is a temporary WORKBOOK_HOME whose ``data/raw`` copies the shipped
data (or, when ``data/raw`` holds no data set, the test fixture), with every
response row repeated ``scale`` times under new respondent identifiers and every
invitation count multiplied by ``scale`` (so that the data still meet the
contract). The build is timed in three stages: validation and loading
(``contract.load_raw``), computing (``pipeline.compute_tables``) and writing
(``pipeline.write_outputs``); the attacker's audit with its complementary
suppression (``search.protect``, part of computing) is also timed on its own.
Build cost should grow no faster than linearly, and 100x should take well
under a minute.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from helpers import config  # noqa: E402
from helpers.build import pipeline  # noqa: E402
from helpers.data import contract  # noqa: E402
from helpers.stats.audit import search  # noqa: E402

#: 100x must finish within this many seconds (the brief's budget on 2 cores).
BUDGET_SECONDS = 60.0


def source_raw(scratch: Path) -> tuple[Path, str]:
    """The shipped data/raw when it holds a data set, else the test fixture."""
    shipped = config.PROJECT_ROOT / "data" / "raw"
    if (shipped / "responses.csv").is_file():
        return shipped, "shipped data/raw"
    from fixture_data import write_fixture_raw

    return write_fixture_raw(scratch / "fixture"), "test fixture (data/raw is empty)"


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return header, list(reader)


def _write(path: Path, header: list[str], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def scaled_copy(source: Path, target: Path, scale: int) -> int:
    """Copy a raw data set, scaling respondents and invitations; return the response rows."""
    target.mkdir(parents=True, exist_ok=True)
    for path in source.glob("*.csv"):
        shutil.copy2(path, target / path.name)
    header, rows = _rows(source / "invitations.csv")
    col = header.index("invited")
    _write(
        target / "invitations.csv",
        header,
        ([*r[:col], str(int(r[col]) * scale), *r[col + 1 :]] for r in rows),
    )
    header, rows = _rows(source / "responses.csv")
    rid = header.index("respondent_id")
    scaled = []
    for copy in range(scale):
        for r in rows:
            r = list(r)
            if copy:
                r[rid] = f"{r[rid]}-x{copy}"
            scaled.append(r)
    _write(target / "responses.csv", header, scaled)
    return len(scaled)


def time_build(home: Path) -> dict[str, float]:
    """Time one build in ``home`` by stage."""
    os.environ[config.HOME_ENV] = str(home)
    t0 = time.perf_counter()
    raw = contract.load_raw()
    t1 = time.perf_counter()
    audit_seconds = []
    protect = search.protect

    def timed_protect(*args, **kwargs):
        start = time.perf_counter()
        try:
            return protect(*args, **kwargs)
        finally:
            audit_seconds.append(time.perf_counter() - start)

    search.protect = timed_protect
    try:
        tables = pipeline.compute_tables(raw)
    finally:
        search.protect = protect
    t2 = time.perf_counter()
    pipeline.write_outputs(tables, raw, config.processed_dir(), config.summary_dir())
    t3 = time.perf_counter()
    return {
        "load": t1 - t0,
        "compute": t2 - t1,
        "audit": sum(audit_seconds),
        "complementary": tables.disclosure.complementary if tables.disclosure else 0,
        "write": t3 - t2,
        "total": t3 - t0,
        "responses": len(raw.responses),
        "answers": len(tables.answers),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs per scale")
    args = parser.parse_args(argv)
    previous = os.environ.get(config.HOME_ENV)
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        scratch = Path(tmp)
        source, label = source_raw(scratch)
        print(f"source: {label}; {os.cpu_count()} CPU cores")
        print(
            f"{'scale':>5} {'responses':>10} {'answers':>10} {'load s':>8} {'compute s':>10} "
            f"{'(audit s)':>10} {'write s':>8} {'total s':>8} {'complementary':>14}"
        )
        try:
            for scale in args.scales:
                home = scratch / f"x{scale}"
                scaled_copy(source, home / "data" / "raw", scale)
                best = min((time_build(home) for _ in range(args.repeat)), key=lambda r: r["total"])
                results[scale] = best
                print(
                    f"{scale:>5} {best['responses']:>10,} {best['answers']:>10,} "
                    f"{best['load']:>8.2f} {best['compute']:>10.2f} {best['audit']:>10.2f} "
                    f"{best['write']:>8.2f} {best['total']:>8.2f} {best['complementary']:>14,}"
                )
                shutil.rmtree(home)
        finally:
            if previous is None:
                os.environ.pop(config.HOME_ENV, None)
            else:
                os.environ[config.HOME_ENV] = previous
    ok = True
    if 1 in results:
        base = results[1]["total"]
        for scale, res in results.items():
            if scale != 1:
                ratio = res["total"] / base
                stages = ", ".join(
                    f"{k} {res[k] / results[1][k]:.1f}x" for k in ("load", "compute", "write")
                )
                print(f"t{scale}/t1 = {ratio:.1f} ({stages})")
    if 100 in results:
        within = results[100]["total"] < BUDGET_SECONDS
        ok = ok and within
        print(
            f"100x: {results[100]['total']:.1f} s "
            f"({'within' if within else 'OVER'} the {BUDGET_SECONDS:.0f} s budget)"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
