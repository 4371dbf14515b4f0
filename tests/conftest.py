"""Shared pytest fixtures: a fixture raw data set and an isolated workbook home."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_data import write_fixture_raw


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    """A fresh copy of the valid fixture data set, safe to break."""
    return write_fixture_raw(tmp_path / "raw")


@pytest.fixture
def workbook_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated WORKBOOK_HOME holding the fixture data in data/raw/."""
    home = tmp_path / "home"
    write_fixture_raw(home / "data" / "raw")
    monkeypatch.setenv("WORKBOOK_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def shipped_home(tmp_path_factory) -> Path:
    """The shipped data rendered once for the session, as on another machine (test_golden.py).

    Every page in both languages and both indexes, from the shipped ``data/raw/``,
    through the command line in a fresh workbook home at another path, in another
    time zone and the C locale, with an owner-only umask, another hash seed and
    another number of workers than ``make golden`` used.
    """
    import golden

    home = tmp_path_factory.mktemp("golden") / "another" / "home"
    home.mkdir(parents=True)
    other_machine = {"TZ": "Pacific/Auckland", "LC_ALL": "C", "LANG": "C", "PYTHONHASHSEED": "99"}
    result = golden.render_shipped(home, env=other_machine, umask=0o077, jobs=3)
    assert result.returncode == 0, result.stdout + result.stderr
    return home


def _project_files() -> dict[str, int]:
    """Every file under the project's own data/ and outputs/, with its modification time."""
    from helpers import config

    root = config.PROJECT_ROOT
    return {
        str(path.relative_to(root)): path.stat().st_mtime_ns
        for folder in (root / "data", root / "outputs")
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.fixture(scope="session")
def caerphilly_outputs(tmp_path_factory) -> Path:
    """The fixture data built and Caerphilly rendered in both languages, through the command line.

    With ``--pdf`` where Chromium is installed (``outputs/pdf/`` then holds both
    PDFs). Returns the home's ``outputs/`` folder; shared by the tests of valid
    pages and of PDFs, which only read it.
    """
    import fixture_data

    from helpers.render import pdf

    home = tmp_path_factory.mktemp("caerphilly") / "home"
    fixture_data.write_fixture_raw(home / "data" / "raw")
    extra = ("--pdf",) if pdf.chromium_binary() else ()
    result = fixture_data.run_helpers("report", "--council", "W06000018", *extra, home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    return home / "outputs"


@pytest.fixture(autouse=True, scope="session")
def project_data_untouched():
    """The suite works in temporary homes only: the project's data and outputs stay as they were."""
    before = _project_files()
    yield
    after = _project_files()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"the tests wrote into the project's own folders: {changed[:10]}"


def pytest_terminal_summary(terminalreporter):
    """Warn, in a line of its own, when the browser tests or HTML checks were skipped.

    Printed before pytest's own summary, so that the run still ends with
    pytest's closing line.
    """
    import chromium
    import nuchecker

    kinds = {chromium.SKIP_PREFIX: "browser tests", nuchecker.SKIP_PREFIX: "HTML checks"}
    reasons = set()
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        message = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        for prefix, kind in kinds.items():
            if prefix in message:
                reasons.add((kind, message[message.index(prefix) :]))
    for kind, reason in sorted(reasons):
        terminalreporter.write_line(
            f"WARNING: the {kind} were skipped: {reason}", yellow=True, bold=True
        )
