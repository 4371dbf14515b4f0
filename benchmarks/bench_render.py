"""Benchmark rendering every council's report: the hand-written loop against the batch.

Usage::

    python benchmarks/bench_render.py [--councils N] [--jobs N]

In one run, on one machine, on a private copy of the shipped data (a temporary
WORKBOOK_HOME, built once before timing), it times:

(a) the loop an analyst would write by hand: for each council, one after the
    other, ``papermill notebooks/council_report.ipynb OUT.ipynb -p council_code X``
    then ``jupyter nbconvert --to html --no-input OUT.ipynb``;
(b) ``python -m helpers report --all --force`` (every report rendered);
(c) ``python -m helpers report --all`` again, with nothing changed (every
    report skipped).

and prints the three times, the ratio a/b (target: at least 3 on a 2-core
machine) and whether (c) is under 5 seconds. ``--councils N`` times the first
N councils only (a quicker check; ratios on 22 councils are the ones quoted).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "notebooks" / "council_report.ipynb"
BIN = Path(sys.executable).parent
#: The brief's targets.
TARGET_RATIO = 3.0
TARGET_NOOP_SECONDS = 5.0


def run(command: list[str], env: dict[str, str], cwd: Path) -> None:
    """Run a command; stop the benchmark with its output if it fails."""
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stdout}\n{done.stderr}")


def timed(label: str, action) -> float:
    """Time one stage and print it as it ends."""
    print(f"{label} ...", flush=True)
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    print(f"{label}: {seconds:.1f} s", flush=True)
    return seconds


def council_codes(raw: Path, limit: int | None) -> list[str]:
    """Council codes in the order of councils.csv (the first ``limit`` when given)."""
    import csv

    with (raw / "councils.csv").open(encoding="utf-8-sig", newline="") as fh:
        codes = [row["council_code"].strip() for row in csv.DictReader(fh)]
    return codes[:limit] if limit else codes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--councils", type=int, default=None, help="first N councils only")
    parser.add_argument("--jobs", type=int, default=None, help="workers for (b) and (c)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-render-") as scratch:
        home = Path(scratch)
        shutil.copytree(ROOT / "data" / "raw", home / "data" / "raw")
        env = {**os.environ, "WORKBOOK_HOME": str(home), "PYTHONWARNINGS": "ignore"}
        python = [sys.executable, "-m", "helpers"]
        run([*python, "build"], env, ROOT)
        codes = council_codes(home / "data" / "raw", args.councils)
        batch = [*python, "report", "--language", "en"]  # as the hand loop: English only
        batch += ["--council", *codes] if args.councils else ["--all"]
        if args.jobs:
            batch += ["--jobs", str(args.jobs)]
        print(f"{len(codes)} councils, {os.cpu_count()} CPU cores", flush=True)

        hand_dir = home / "by-hand"
        hand_dir.mkdir()

        def by_hand() -> None:
            for code in codes:
                out = hand_dir / f"{code}.ipynb"
                run(
                    [str(BIN / "papermill"), "--log-level", "WARNING", str(TEMPLATE), str(out)]
                    + ["-p", "council_code", code],
                    env,
                    ROOT,
                )
                run(
                    [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)],
                    env,
                    ROOT,
                )

        a = timed("(a) papermill + nbconvert, one council after another", by_hand)
        b = timed(
            "(b) helpers report, every report rendered", lambda: run([*batch, "--force"], env, ROOT)
        )
        c = timed("(c) helpers report, nothing changed", lambda: run(batch, env, ROOT))

    print()
    print(f"{'stage':<34}{'seconds':>9}")
    print(f"{'(a) by hand':<34}{a:>9.1f}")
    print(f"{'(b) report --all --force':<34}{b:>9.1f}")
    print(f"{'(c) report --all, unchanged':<34}{c:>9.1f}")
    print(
        f"a/b = {a / b:.2f} (target >= {TARGET_RATIO:g}); "
        f"per report: a {a / len(codes):.1f} s, b {b / len(codes):.1f} s"
    )
    print(f"(c) {'under' if c < TARGET_NOOP_SECONDS else 'OVER'} {TARGET_NOOP_SECONDS:g} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
