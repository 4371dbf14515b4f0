"""Benchmark rendering every report: the hand-written loop against the batch.

Usage::

    python benchmarks/bench_render.py [--hand N] [--councils N] [--jobs N] [--rounds N]
                                      [--dask ADDRESS]

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
A shared machine's speed drifts over minutes, by a third or more: (a) and
(b) take turns, ``--rounds`` batches (2 by default), each after a hand loop,
and one more hand loop after the last, so that both are timed across the
same stretch of time; the ratio is of their means, and each batch's ratio
against the hand loops either side of it is printed too.
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
    parser.add_argument(
        "--rounds", type=int, default=2, help="batches (b), each after a hand loop (a)"
    )
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

        # The machine's speed drifts over minutes: hand loops and batches take turns,
        # a hand loop before each batch and one after the last, so that both are
        # timed across the same stretch of the machine's time.
        hand, batches = [], []
        for round_ in range(1, args.rounds + 1):
            hand.append(
                timed(
                    f"(a) papermill + nbconvert, {len(hand_codes)} councils by hand [{round_}]",
                    by_hand,
                )
            )
            batches.append(
                timed(
                    f"(b) helpers report, every report rendered [{round_}]",
                    lambda: run([*batch, "--force"], env, ROOT),
                )
            )
        hand.append(
            timed(
                f"(a) papermill + nbconvert, {len(hand_codes)} councils by hand "
                f"[{args.rounds + 1}]",
                by_hand,
            )
        )
        reports = len(list((home / "outputs" / "html").glob("*.html")))
        c = timed("(c) helpers report, nothing changed", lambda: run(batch, env, ROOT))
        cpu_a = [v for k, v in CPU.items() if k.startswith("(a)")]
        cpu_b = [v for k, v in CPU.items() if k.startswith("(b)")]
        cpu_c = CPU["(c) helpers report, nothing changed"]

    a, b = sum(hand) / len(hand), sum(batches) / len(batches)
    per_hand = a / len(hand_codes)
    ratio = per_hand * reports / b
    print()
    print(
        f"{'stage (mean of the runs)':<44}{'seconds':>9}{'per report':>12}{'CPU s':>9}"
        f"{'per report':>12}"
    )
    mean_cpu_a, mean_cpu_b = sum(cpu_a) / len(cpu_a), sum(cpu_b) / len(cpu_b)
    print(
        f"{'(a) by hand, ' + str(len(hand_codes)) + ' reports':<44}{a:>9.1f}{per_hand:>12.2f}"
        f"{mean_cpu_a:>9.1f}{mean_cpu_a / len(hand_codes):>12.2f}"
    )
    print(
        f"{'(b) ' + ' '.join(batch[3:]) + ' --force':<44}{b:>9.1f}{b / reports:>12.2f}"
        f"{mean_cpu_b:>9.1f}{mean_cpu_b / reports:>12.2f}"
    )
    print(f"{'(c) the same, nothing changed':<44}{c:>9.2f}{'':>12}{cpu_c:>9.2f}")
    print("each run of (a): " + ", ".join(f"{x:.1f}" for x in hand) + " s")
    print("each run of (b): " + ", ".join(f"{x:.1f}" for x in batches) + " s")
    print(f"load average before and after: {LOAD[0]} / {os.getloadavg()[0]:.1f}")
    print(
        f"{reports} reports; ratio (a per report x {reports}) / b = {ratio:.1f} "
        f"(target >= {TARGET_RATIO:g})"
    )
    pairs = [
        (hand[i] + hand[i + 1]) / 2 / len(hand_codes) * reports / batches[i]
        for i in range(len(batches))
    ]
    print(
        "ratio of each batch against the hand loops either side: "
        + ", ".join(f"{x:.1f}" for x in pairs)
    )
    print(f"(c) {'under' if c < TARGET_NOOP_SECONDS else 'OVER'} {TARGET_NOOP_SECONDS:g} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
