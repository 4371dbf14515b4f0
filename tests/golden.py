"""The golden record: the SHA-256 of every file the workbook publishes from the shipped data.

The record (``tests/golden/shipped.sha256``, in ``sha256sum`` format) lists every
report page in both languages, both indexes, every summary table and every file of
``data/processed/``, rendered from the shipped ``data/raw/`` in a fresh workbook home.
``tests/test_golden.py`` renders them again and compares, so a change of published
bytes is always deliberate: ``make golden`` rewrites the record, and the change is
reviewed in the commit that carries it (docs/reproducibility.md).

    python tests/golden.py check     # render in a temporary home, compare, list differences
    python tests/golden.py write     # render in a temporary home, rewrite the record
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "tests" / "golden" / "shipped.sha256"
#: What the record covers, as globs under a workbook home.
PUBLISHED = (
    "outputs/html/*.html",
    "outputs/index*.html",
    "outputs/summary/*.csv",
    "data/processed/*",
)


def render_shipped(
    home: Path, env: dict[str, str] | None = None, umask: int = -1, jobs: int | None = None
) -> subprocess.CompletedProcess:
    """Copy the shipped raw data into ``home`` and render every report there, as a user would.

    ``env`` adds to (or overrides) this process's environment; ``umask`` is the
    command's (``-1``: this process's). The command runs in ``home``, not the project.
    """
    shutil.copytree(ROOT / "data" / "raw", home / "data" / "raw")
    args = ["report", "--all", *(["--jobs", str(jobs)] if jobs else [])]
    return subprocess.run(
        [sys.executable, "-m", "helpers", *args],
        cwd=home,
        env={**os.environ, "PYTHONPATH": str(ROOT), "WORKBOOK_HOME": str(home), **(env or {})},
        umask=umask,
        capture_output=True,
        text=True,
        check=False,
    )


def digests(home: Path) -> dict[str, str]:
    """The SHA-256 of every published file under ``home``, by path relative to it."""
    files = {p for pattern in PUBLISHED for p in home.glob(pattern) if p.name != "README.md"}
    return {
        p.relative_to(home).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(files)
    }


def read_record(path: Path = RECORD) -> dict[str, str]:
    """The committed record: path -> SHA-256."""
    pairs = (line.split(maxsplit=1) for line in path.read_text(encoding="utf-8").splitlines())
    return {name: digest for digest, name in pairs}


def format_record(record: dict[str, str]) -> str:
    """The record as ``sha256sum`` writes it, sorted by path."""
    return "".join(f"{record[name]}  {name}\n" for name in sorted(record))


def differences(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """One line per file that is missing, new or changed."""
    lines = [f"missing: {n}" for n in sorted(expected.keys() - actual.keys())]
    lines += [f"new: {n}" for n in sorted(actual.keys() - expected.keys())]
    lines += [
        f"changed: {n}" for n in sorted(expected.keys() & actual.keys()) if expected[n] != actual[n]
    ]
    return lines


def main(argv: list[str]) -> int:
    if argv not in (["check"], ["write"]):
        print(__doc__.strip().splitlines()[-2:], file=sys.stderr)
        print("usage: python tests/golden.py check|write", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="lgdata-golden-") as tmp:
        home = Path(tmp)
        result = render_shipped(home)
        if result.returncode != 0:
            print(result.stdout + result.stderr, file=sys.stderr)
            return 1
        actual = digests(home)
    if argv == ["write"]:
        RECORD.parent.mkdir(parents=True, exist_ok=True)
        RECORD.write_text(format_record(actual), encoding="utf-8")
        print(f"{RECORD.relative_to(ROOT)}: {len(actual)} files recorded")
        return 0
    found = differences(read_record(), actual)
    print("\n".join(found) if found else f"the same bytes as the record ({len(actual)} files)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
