"""Compare two versions of the workbook: same outputs, and how fast each renders.

Usage::

    python benchmarks/compare_versions.py BEFORE [AFTER] [--rounds N] [--councils N]

``BEFORE`` and ``AFTER`` are git revisions of this repository (``AFTER`` defaults to
``HEAD``). Each is checked out in a temporary worktree with its own virtual environment
(``make setup``: the locked packages, so the two differ only in the workbook's code). Then,
in one run, on private copies of each version's shipped data (``WORKBOOK_HOME``):

1. each version builds its data and renders every report once;
2. the two sets of outputs are compared file by file, over what the golden record covers
   (``tests/golden.py``: every page in both languages, both indexes, the summary tables
   and ``data/processed/``): a redesign must leave them the same bytes;
3. the two versions take turns rendering every report again (``report --all --force``,
   both languages), ``--rounds`` times each, and the script prints, for each, the elapsed and
   processor seconds per report, and the ratio AFTER / BEFORE pair by pair (below 1: faster).

Processor seconds per report are the steadier figure on a shared machine. Exit status 1
when the outputs differ.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import golden  # noqa: E402  (what the record covers, and how two sets of digests differ)


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    """Run a command; stop the comparison with its output if it fails."""
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stdout}\n{done.stderr}")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Version:
    """One revision checked out with its own environment and its own workbook home."""

    def __init__(self, label: str, revision: str, scratch: Path) -> None:
        self.label = label
        self.revision = revision
        self.tree = scratch / f"tree-{label}"
        self.home = scratch / f"home-{label}"
        self.elapsed: list[float] = []
        self.cpu: list[float] = []

    def prepare(self) -> None:
        print(f"{self.label}: checking out {self.revision} and setting it up ...", flush=True)
        run(["git", "worktree", "add", "--detach", str(self.tree), self.revision], ROOT)
        run(["make", "setup"], self.tree)
        shutil.copytree(self.tree / "data" / "raw", self.home / "data" / "raw")

    def command(self, *args: str) -> list[str]:
        return [str(self.tree / ".venv" / "bin" / "python"), "-m", "helpers", *args]

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "WORKBOOK_HOME": str(self.home), "PYTHONWARNINGS": "ignore"}

    def render(self, councils: list[str] | None, *, force: bool) -> float:
        """Render every report (or ``councils``') in both languages; return elapsed seconds."""
        which = ["--council", *councils] if councils else ["--all"]
        command = self.command("report", *which)
        cpu, start = children_cpu(), time.perf_counter()
        run([*command, "--force"] if force else command, self.tree, self.env)
        seconds = time.perf_counter() - start
        self.elapsed.append(seconds)
        self.cpu.append(children_cpu() - cpu)
        return seconds

    def remove(self) -> None:
        subprocess.run(["git", "worktree", "remove", "--force", str(self.tree)], cwd=ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", help="the git revision to compare against")
    parser.add_argument("after", nargs="?", default="HEAD", help="the revision compared")
    parser.add_argument("--rounds", type=int, default=3, help="timed renders of each version")
    parser.add_argument("--councils", type=int, default=None, help="first N councils only")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="compare-versions-") as scratch:
        versions = [
            Version("before", args.before, Path(scratch)),
            Version("after", args.after, Path(scratch)),
        ]
        try:
            for version in versions:
                version.prepare()
            councils = None
            if args.councils:
                import csv

                raw = versions[0].home / "data" / "raw" / "councils.csv"
                with raw.open(encoding="utf-8-sig", newline="") as fh:
                    councils = [r["council_code"].strip() for r in csv.DictReader(fh)]
                councils = councils[: args.councils]
            for version in versions:
                print(f"{version.label}: build and a first render ...", flush=True)
                run(version.command("build"), version.tree, version.env)
                version.render(councils, force=True)
                version.elapsed.clear()
                version.cpu.clear()
            changed = golden.differences(
                golden.digests(versions[0].home), golden.digests(versions[1].home)
            )
            for round_ in range(1, args.rounds + 1):
                for version in versions if round_ % 2 else versions[::-1]:
                    seconds = version.render(councils, force=True)
                    print(f"[{round_}] {version.label}: {seconds:.1f} s", flush=True)
            reports = len(list((versions[1].home / "outputs" / "html").glob("*.html")))
        finally:
            for version in versions:
                version.remove()

    before, after = versions
    print()
    print(f"{reports} reports, {os.cpu_count()} processor cores, {args.rounds} rounds")
    print(f"{'version':<10}{'seconds per report':>20}{'processor s per report':>26}")
    for version in versions:
        print(
            f"{version.label:<10}{statistics.median(version.elapsed) / reports:>20.2f}"
            f"{statistics.median(version.cpu) / reports:>26.2f}"
        )
    pairs = [a / b for a, b in zip(after.elapsed, before.elapsed, strict=True)]
    cpu_pairs = [a / b for a, b in zip(after.cpu, before.cpu, strict=True)]
    print("after / before, elapsed, pair by pair: " + ", ".join(f"{x:.2f}" for x in pairs))
    print("after / before, processor, pair by pair: " + ", ".join(f"{x:.2f}" for x in cpu_pairs))
    print(
        f"median ratios: elapsed {statistics.median(pairs):.2f}, "
        f"processor {statistics.median(cpu_pairs):.2f}"
    )
    if changed:
        print(f"OUTPUTS DIFFER ({len(changed)} files):")
        print("\n".join(f"  {line}" for line in changed))
        return 1
    print("outputs: the same bytes in both versions (pages, indexes, summary, processed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
