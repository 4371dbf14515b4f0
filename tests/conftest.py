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
