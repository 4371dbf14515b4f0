"""Time ``validate`` on the shipped data, this checkout against others, in turns.

Each run is ``python -m helpers validate --raw data/raw`` on this checkout's
data in a fresh interpreter (imports included, as a user meets it); the
checkouts take turns, round after round, so that the machine's drift falls on
all of them alike. Usage::

    python benchmarks/bench_validate.py [--rounds 5] [OTHER_CHECKOUT ...]

Another checkout runs with this interpreter and its own ``helpers`` first on
the path, so it needs no environment of its own as long as this one has its
libraries (``git worktree add ../before REV`` makes one). Prints each
checkout's mean processor (user + sys) and wall seconds, and the ratios to the
first other checkout, run by run.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_once(checkout: Path, raw: Path) -> tuple[float, float]:
    """(processor s, wall s) of one validation in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    command = [sys.executable, "-m", "helpers", "validate", "--raw", str(raw)]
    subprocess.run(command, cwd=checkout, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("others", nargs="*", type=Path, help="other checkouts to compare")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    checkouts = [ROOT, *(p.resolve() for p in args.others)]
    raw = ROOT / "data" / "raw"
    times: dict[Path, list[tuple[float, float]]] = {c: [] for c in checkouts}
    for round_number in range(1, args.rounds + 1):
        for checkout in checkouts if round_number % 2 else reversed(checkouts):
            times[checkout].append(run_once(checkout, raw))
        print(f"round {round_number} of {args.rounds} done", file=sys.stderr)
    print("| checkout | mean processor s | mean wall s |\n|---|---:|---:|")
    for checkout, runs in times.items():
        cpu, wall = (statistics.mean(r[i] for r in runs) for i in (0, 1))
        print(f"| {checkout.name if checkout != ROOT else 'this'} | {cpu:.2f} | {wall:.2f} |")
    if len(checkouts) > 1:
        base = times[checkouts[1]]
        for i, what in enumerate(("processor", "wall")):
            ratios = [a[i] / b[i] for a, b in zip(times[ROOT], base, strict=True)]
            listed = ", ".join(f"{r:.2f}" for r in ratios)
            print(f"this / {checkouts[1].name}, {what}, run by run: {listed}")


if __name__ == "__main__":
    main()
