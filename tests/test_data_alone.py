"""Outputs depend on the data alone: not on file times, the clock's time zone, the locale, the
umask, the hash seed, the host or the path.

Caerphilly is rendered with the real template through the command line in one
workbook home; then the same raw files, copied into another home at another
path and touched to other dates (as a copy, an unzip or a checkout on another
day would leave them), rendered there in another time zone, in the Welsh locale
(``cy_GB.UTF-8``, compiled for the test when ``localedef`` can), with an
owner-only umask and another ``PYTHONHASHSEED``. Everything a
reader gets (page, index, processed data, summary tables) must be
byte-identical; the executed notebook keeps no time of its run (it does keep
the kernel's object addresses in plain-text reprs, which differ from run to
run but come from no clock, host or path). Last, the same home renders a copy without
``dataset.csv`` with ``report --raw``: its page prints no date at all, only
the fingerprint, and ``data/raw/`` is left as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import fixture_data
import pytest
from bs4 import BeautifulSoup
from fixture_data import run_helpers

STEM = "W06000018-caerphilly"
#: Everything of a home that must depend on the data alone (logs and manifest may hold times).
COMPARED = (
    f"outputs/html/{STEM}.html",
    "outputs/index.html",
    "outputs/summary",
    "data/processed",
)


def _report(home: Path, *args: str, env: dict[str, str] | None = None, umask: int = -1) -> None:
    result = run_helpers(
        "report", "--council", "caerphilly", *args, home=home, env=env, umask=umask
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _welsh_locale(folder: Path) -> dict[str, str]:
    """Variables selecting the Welsh locale, compiled into ``folder`` (glibc's ``LOCPATH``)."""
    welsh = {"LANG": "cy_GB.UTF-8", "LC_ALL": "cy_GB.UTF-8"}
    if shutil.which("localedef"):
        made = subprocess.run(
            ["localedef", "-i", "cy_GB", "-f", "UTF-8", str(folder / "cy_GB.UTF-8")],
            capture_output=True,
            check=False,
        )
        if made.returncode == 0:
            welsh["LOCPATH"] = str(folder)
    return welsh


def _files(home: Path) -> dict[str, bytes]:
    out = {}
    for name in COMPARED:
        path = home / name
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file():
                out[file.relative_to(home).as_posix()] = file.read_bytes()
    return out


def _state(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def _data_paragraph(home: Path) -> str:
    """The text of the paragraph "The data." of the page's "About the figures"."""
    soup = BeautifulSoup((home / "outputs" / "html" / f"{STEM}.html").read_text(), "html.parser")
    strong = soup.find("strong", string=re.compile(r"^The data\.$"))
    assert strong is not None
    return strong.parent.get_text(" ", strip=True)


@pytest.fixture(scope="module")
def homes(tmp_path_factory):
    first = tmp_path_factory.mktemp("first") / "home"
    fixture_data.write_fixture_raw(first / "data" / "raw")
    _report(first, env={"TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}, umask=0o022)

    second = tmp_path_factory.mktemp("second") / "somewhere" / "else"
    raw = second / "data" / "raw"
    raw.mkdir(parents=True)
    for number, path in enumerate(sorted((first / "data" / "raw").iterdir())):
        shutil.copyfile(path, raw / path.name)  # new file times ...
        stamp = datetime(1999 + number, 12, 31, 23, 59, tzinfo=UTC).timestamp()
        os.utime(raw / path.name, (stamp, stamp))  # ... set to other days, years apart
    other_machine = {
        "TZ": "Pacific/Kiritimati",  # UTC+14: another calendar day than UTC
        "PYTHONHASHSEED": "4321",
        **_welsh_locale(tmp_path_factory.mktemp("locales")),
    }
    _report(second, env=other_machine, umask=0o077)
    second_files = _files(second)

    undated = tmp_path_factory.mktemp("undated") / "raw"
    shutil.copytree(raw, undated)
    (undated / "dataset.csv").unlink()
    raw_state = _state(raw)
    _report(second, "--raw", str(undated))
    return {
        "first": first,
        "second": second,
        "second_files": second_files,
        "raw_state": raw_state,
        "undated": undated,
    }


def test_the_same_data_with_other_file_times_give_the_same_bytes(homes):
    first = _files(homes["first"])
    assert set(first) == set(homes["second_files"])
    assert len(first) >= 2 + 6 + 14  # page, index; 6 summary and 14 processed files
    different = [name for name in first if first[name] != homes["second_files"][name]]
    assert different == []


def test_the_page_dates_the_data_from_dataset_csv(homes):
    paragraph = _data_paragraph(homes["first"])
    year = fixture_data.DATA_DATE[:4]
    assert year in paragraph  # in whatever form the date is written
    today = datetime.now(UTC)
    for stamp in (today, today.replace(year=1999)):
        assert stamp.strftime("%Y-%m-%d") not in paragraph


def test_without_dataset_csv_the_page_prints_no_date(homes):
    paragraph = _data_paragraph(homes["second"])
    assert not re.search(r"\b(19|20)\d\d\b", paragraph), paragraph  # no year: no date at all
    from helpers.data import contract

    fingerprint = contract.raw_fingerprint(homes["undated"])
    assert fingerprint in paragraph


def test_report_raw_leaves_data_raw_as_it_was(homes):
    assert _state(homes["second"] / "data" / "raw") == homes["raw_state"]


def test_the_notebook_keeps_no_time_of_its_run(homes):
    text = (homes["first"] / "outputs" / "notebooks" / f"{STEM}.ipynb").read_text()
    for key in ("start_time", "end_time", "duration", "iopub.", "shell.execute_reply"):
        assert f'"{key}' not in text, key
    assert '"council_code": "W06000018"' in text  # papermill's parameters are kept
