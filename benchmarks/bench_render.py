"""Benchmark rendering every report: the hand-written loop against the batch.

Usage::

    python benchmarks/bench_render.py [--hand N] [--councils N] [--jobs N] [--dask ADDRESS]

In one run, on one machine, on a private copy of the shipped data (a temporary
WORKBOOK_HOME, built once before timing), it times:

(a) the loop an analyst would write by hand, on the first ``--hand`` councils
    (3 by default): for each, one after the other, ``papermill
    notebooks/council_report.ipynb OUT.ipynb -p council_code X`` then
    ``jupyter nbconvert --to html --no-input OUT.ipynb``; its time per report;
(b) ``python -m helpers report --all --force`` (with ``--language both``
    where the workbook renders Welsh reports): every report rendered;
(c) the same command without ``--force``, nothing changed (every report skipped);

and prints the three times, the ratio (a per report x reports in b) / b
(target: at least 8 on a 2-core machine) and whether (c) is under 2 seconds.
``--councils N`` renders the first N councils only in (b) and (c) (a quicker
check; the figures quoted are for every council); ``--dask local`` times (b)
on a local Dask cluster instead of the process pool.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "notebooks" / "council_report.ipynb"
BIN = Path(sys.executable).parent
#: The targets.
TARGET_RATIO = 8.0
TARGET_NOOP_SECONDS = 2.0


def run(command: list[str], env: dict[str, str], cwd: Path) -> None:
    """Run a command; stop the benchmark with its output if it fails."""
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stdout}\n{done.stderr}")


#: Processor seconds (user + system) of every stage, by label, filled in by :func:`timed`.
CPU: dict[str, float] = {}
#: The machine's load average when the benchmark started (other work slows both loops).
LOAD: list[str] = []


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(label: str, action) -> float:
    """Time one stage (elapsed, and the processor time of its processes) and print it."""
    print(f"{label} ...", flush=True)
    cpu = _children_cpu()
    start = time.perf_counter()
    action()
    seconds = time.perf_counter() - start
    CPU[label] = _children_cpu() - cpu
    print(f"{label}: {seconds:.1f} s ({CPU[label]:.1f} s of processor time)", flush=True)
    return seconds


def council_codes(raw: Path, limit: int | None) -> list[str]:
    """Council codes in the order of councils.csv (the first ``limit`` when given)."""
    import csv

    with (raw / "councils.csv").open(encoding="utf-8-sig", newline="") as fh:
        codes = [row["council_code"].strip() for row in csv.DictReader(fh)]
    return codes[:limit] if limit else codes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hand", type=int, default=3, help="councils in the hand loop (a)")
    parser.add_argument("--councils", type=int, default=None, help="first N councils in (b), (c)")
    parser.add_argument("--jobs", type=int, default=None, help="workers for (b) and (c)")
    parser.add_argument("--dask", default=None, help="render (b) and (c) on Dask")
    args = parser.parse_args(argv)
    LOAD.append(f"{os.getloadavg()[0]:.1f}")

    with tempfile.TemporaryDirectory(prefix="bench-render-") as scratch:
        home = Path(scratch)
        shutil.copytree(ROOT / "data" / "raw", home / "data" / "raw")
        env = {**os.environ, "WORKBOOK_HOME": str(home), "PYTHONWARNINGS": "ignore"}
        python = [sys.executable, "-m", "helpers"]
        run([*python, "build"], env, ROOT)
        codes = council_codes(home / "data" / "raw", args.councils)
        batch = [*python, "report"]
        batch += ["--council", *codes] if args.councils else ["--all"]
        usage = subprocess.run([*python, "report", "--help"], capture_output=True, text=True)
        if "--language" in usage.stdout:
            batch += ["--language", "both"]
        if args.jobs:
            batch += ["--jobs", str(args.jobs)]
        if args.dask:
            batch += ["--dask", args.dask]
        hand_codes = council_codes(home / "data" / "raw", args.hand)
        print(f"{len(codes)} councils, {os.cpu_count()} CPU cores", flush=True)

        hand_dir = home / "by-hand"
        hand_dir.mkdir()

        def by_hand() -> None:
            for code in hand_codes:
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

        labels = (
            f"(a) papermill + nbconvert, {len(hand_codes)} councils by hand",
            "(b) helpers report, every report rendered",
            "(c) helpers report, nothing changed",
        )
        a = timed(labels[0], by_hand)
        b = timed(labels[1], lambda: run([*batch, "--force"], env, ROOT))
        reports = len(list((home / "outputs" / "html").glob("*.html")))
        c = timed(labels[2], lambda: run(batch, env, ROOT))
        cpu_a, cpu_b, cpu_c = (CPU[label] for label in labels)

    per_hand = a / len(hand_codes)
    ratio = per_hand * reports / b
    print()
    print(f"{'stage':<44}{'seconds':>9}{'per report':>12}{'CPU s':>9}{'per report':>12}")
    print(
        f"{'(a) by hand, ' + str(len(hand_codes)) + ' reports':<44}{a:>9.1f}{per_hand:>12.2f}"
        f"{cpu_a:>9.1f}{cpu_a / len(hand_codes):>12.2f}"
    )
    print(
        f"{'(b) ' + ' '.join(batch[3:]) + ' --force':<44}{b:>9.1f}{b / reports:>12.2f}"
        f"{cpu_b:>9.1f}{cpu_b / reports:>12.2f}"
    )
    print(f"{'(c) the same, nothing changed':<44}{c:>9.2f}{'':>12}{cpu_c:>9.2f}")
    print(f"load average before and after: {LOAD[0]} / {os.getloadavg()[0]:.1f}")
    print(
        f"{reports} reports; ratio (a per report x {reports}) / b = {ratio:.1f} "
        f"(target >= {TARGET_RATIO:g})"
    )
    print(f"(c) {'under' if c < TARGET_NOOP_SECONDS else 'OVER'} {TARGET_NOOP_SECONDS:g} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
