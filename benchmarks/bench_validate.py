"""Time ``validate`` on the shipped data and on large broken copies, this checkout against others.

Each run is ``python -m helpers validate --raw DIR`` in a fresh interpreter
(imports included, as a user meets it); the checkouts take turns, round after
round, so that the machine's drift falls on all of them alike. The data sets,
made in a temporary folder from this checkout's ``data/raw/``: the shipped
data; ``x20``, the responses twenty times over (new ids, invitations raised:
valid); ``x20-swapped``, the same with every respondent in the other group
(about 59,000 problems); ``x20-invalid``, every scored answer a word no
question allows (about 680,000 problems). Usage::

    python benchmarks/bench_validate.py [--rounds 5] [--shipped-only] [OTHER_CHECKOUT ...]

Another checkout runs with this interpreter and its own ``helpers`` first on
the path, so it needs no environment of its own as long as this one has its
libraries (``git worktree add ../before REV`` makes one). Prints each data
set's and checkout's mean processor (user + sys) and wall seconds, and the
ratio of this checkout's wall time to the first other's, run by run.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESPONSES, INVITATIONS, QUESTIONS = "responses.csv", "invitations.csv", "questions.csv"


def read(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.reader(fh))


def write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def make_sets(raw: Path, folder: Path, shipped_only: bool) -> dict[str, Path]:
    """The data sets to time, by name (see the module's docstring)."""
    sets = {"shipped": raw}
    if shipped_only:
        return sets
    header, *body = read(raw / RESPONSES)
    group, rid = header.index("group"), header.index("respondent_id")
    scored = {q[0] for q in read(raw / QUESTIONS)[1:] if q[1] in ("level", "likert")}
    invitations = read(raw / INVITATIONS)
    raised = [invitations[0], *([c, g, str(int(n) * 100)] for c, g, n in invitations[1:])]
    for name in ("x20", "x20-swapped", "x20-invalid"):
        rows = [header]
        for copy in range(20):
            for row in body:
                row = [*row[:rid], f"{row[rid]}-{copy}", *row[rid + 1 :]]
                if name == "x20-swapped":
                    row[group] = {"officer": "member", "member": "officer"}[row[group]]
                if name == "x20-invalid":
                    row = [
                        v if h not in scored else "banana" for h, v in zip(header, row, strict=True)
                    ]
                rows.append(row)
        target = folder / name
        shutil.copytree(raw, target)
        write(target / RESPONSES, rows)
        write(target / INVITATIONS, raised)
        sets[name] = target
    return sets


def run_once(checkout: Path, raw: Path) -> tuple[float, float]:
    """(processor s, wall s) of one validation in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    command = [sys.executable, "-m", "helpers", "validate", "--raw", str(raw)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=checkout, env=env, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 2):  # 2: the data break the contract, as some sets do
        raise SystemExit(f"{checkout}: validate exited {done.returncode} on {raw}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("others", nargs="*", type=Path, help="other checkouts to compare")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--shipped-only", action="store_true")
    args = parser.parse_args(argv)
    checkouts = [ROOT, *(p.resolve() for p in args.others)]
    with tempfile.TemporaryDirectory() as tmp:
        sets = make_sets(ROOT / "data" / "raw", Path(tmp), args.shipped_only)
        times = {(s, c): [] for s in sets for c in checkouts}
        for round_number in range(1, args.rounds + 1):
            for name, raw in sets.items():
                for checkout in checkouts if round_number % 2 else reversed(checkouts):
                    times[name, checkout].append(run_once(checkout, raw))
            print(f"round {round_number} of {args.rounds} done", file=sys.stderr)
    print("| data | checkout | mean processor s | mean wall s |\n|---|---|---:|---:|")
    for (name, checkout), runs in times.items():
        cpu, wall = (statistics.mean(r[i] for r in runs) for i in (0, 1))
        shown = "this" if checkout == ROOT else checkout.name
        print(f"| {name} | {shown} | {cpu:.2f} | {wall:.2f} |")
    for name in sets if len(checkouts) > 1 else ():
        pairs = zip(times[name, ROOT], times[name, checkouts[1]], strict=True)
        ratios = ", ".join(f"{a[1] / b[1]:.2f}" for a, b in pairs)
        print(f"{name}: wall, this / {checkouts[1].name}, run by run: {ratios}")


if __name__ == "__main__":
    main()
