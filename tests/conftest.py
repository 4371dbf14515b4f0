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


@pytest.fixture(autouse=True, scope="session")
def project_data_untouched():
    """The suite works in temporary homes only: the project's data and outputs stay as they were."""
    before = _project_files()
    yield
    after = _project_files()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"the tests wrote into the project's own folders: {changed[:10]}"


def pytest_terminal_summary(terminalreporter):
    """Warn, in a line of its own, when the browser tests were skipped (tools missing).

    Printed before pytest's own summary, so that the run still ends with
    pytest's closing line.
    """
    from chromium import SKIP_PREFIX

    reasons = set()
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        message = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        if SKIP_PREFIX in message:
            reasons.add(message[message.index(SKIP_PREFIX) :])
    for reason in sorted(reasons):
        terminalreporter.write_line(
            f"WARNING: the browser tests were skipped: {reason}", yellow=True, bold=True
        )
