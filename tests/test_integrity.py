"""Processed data carry their own proof: a page is never rendered from data build did not write.

``build`` records the SHA-256 of every file it writes in ``data/processed/``
and ``outputs/summary/`` and one build identifier shared by both folders
(``helpers/build/integrity.py``). Each test changes, deletes or adds a file as a
careless or hostile colleague would, or kills a build between its two swaps,
and checks that ``report`` says what it found in one line and builds again
from the raw data before anything is read, or stops with exit status 2 naming
the file when the raw data cannot build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import fixture_data
import pytest
from bs4 import BeautifulSoup

from helpers import config
from helpers.__main__ import main
from helpers.batch import building
from helpers.build import integrity, pipeline
from helpers.data import contract
from helpers.errors import ContractError

PROCESSED = Path("data/processed")
SUMMARY = Path("outputs/summary")


@pytest.fixture(scope="module")
def built_home(tmp_path_factory) -> Path:
    return fixture_data.build_fixture_home(tmp_path_factory.mktemp("built") / "home")


@pytest.fixture
def home(built_home, tmp_path, monkeypatch) -> Path:
    target = tmp_path / "home"
    shutil.copytree(built_home, target)
    monkeypatch.setenv(config.HOME_ENV, str(target))
    return target


def _replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _n_of_first_agreement_row(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    return lines[1].split(",")[header.index("n")]


def _change_n(home: Path) -> None:
    path = home / PROCESSED / "agreement.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("n")] = "987"
    lines[1] = ",".join(cells)
    path.write_text("".join(lines), encoding="utf-8")


def _edit_record(home: Path, change) -> None:
    path = home / PROCESSED / "build_info.json"
    info = json.loads(path.read_text(encoding="utf-8"))
    change(info)
    path.write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _other_build_id(home: Path) -> None:
    mark = home / SUMMARY / integrity.SUMMARY_MARK
    mark.write_text(json.dumps({"build_id": "0" * 64}) + "\n", encoding="utf-8")


#: (what is done, how, the line report prints)
TAMPERING = {
    "a figure changed": (
        _change_n,
        "data/processed/agreement.csv was changed after build wrote it",
    ),
    "findings deleted": (
        lambda home: (home / PROCESSED / "findings.csv").unlink(),
        "data/processed/findings.csv is missing",
    ),
    "comments deleted": (
        lambda home: (home / PROCESSED / "comments.csv").unlink(),
        "data/processed/comments.csv is missing",
    ),
    "a summary table changed": (
        lambda home: _replace_in(home / SUMMARY / "response_rates.csv", "\n", "\n,\n"),
        "outputs/summary/response_rates.csv was changed after build wrote it",
    ),
    "a summary table deleted": (
        lambda home: (home / SUMMARY / "themes.csv").unlink(),
        "outputs/summary/themes.csv is missing",
    ),
    "a file build did not write": (
        lambda home: (home / PROCESSED / "extra.csv").write_text("x\n1\n", encoding="utf-8"),
        "data/processed/extra.csv was not written by build",
    ),
    "the record's counts changed": (
        lambda home: _edit_record(home, lambda info: info["counts"].update(responses=1)),
        "data/processed/build_info.json was changed after build wrote it",
    ),
    "the record's digests removed": (
        lambda home: _edit_record(home, lambda info: info.pop("sha256")),
        "data/processed/build_info.json holds no proof of the files (an older build wrote it)",
    ),
    "the summary's build id removed": (
        lambda home: (home / SUMMARY / integrity.SUMMARY_MARK).unlink(),
        "outputs/summary/.build is missing: outputs/summary/ is not this build's",
    ),
    "the summary from another build": (
        _other_build_id,
        "outputs/summary/ and data/processed/ are from different builds "
        "(a build stopped half-way?)",
    ),
    "a table replaced by a link": (
        lambda home: (
            (home / PROCESSED / "questions.csv").unlink()
            or (home / PROCESSED / "questions.csv").symlink_to(
                home / "data" / "raw" / "questions.csv"
            )
        ),
        "data/processed/questions.csv is not a file build wrote",
    ),
}


def test_a_build_records_the_digest_of_every_file_and_one_id_for_both_folders(home):
    info = json.loads((home / PROCESSED / "build_info.json").read_text(encoding="utf-8"))
    written = {
        "processed": sorted(p.name for p in (home / PROCESSED).iterdir())[:],
        "summary": sorted(p.name for p in (home / SUMMARY).iterdir()),
    }
    assert sorted(info["sha256"]["processed"]) == [
        name for name in written["processed"] if name != "build_info.json"
    ]
    assert sorted(info["sha256"]["summary"]) == [n for n in written["summary"] if n != ".build"]
    for folder, key in ((PROCESSED, "processed"), (SUMMARY, "summary")):
        for name, digest in info["sha256"][key].items():
            result = subprocess.run(
                ["sha256sum", str(home / folder / name)], capture_output=True, text=True
            )
            assert result.stdout.split()[0] == digest, name
    mark = json.loads((home / SUMMARY / ".build").read_text(encoding="utf-8"))
    assert mark == {"build_id": info["build_id"]} and len(info["build_id"]) == 64
    assert integrity.check() == [] and building.build_reason() is None


def test_the_build_id_depends_on_the_content_alone(home, tmp_path, monkeypatch):
    """Built again in another folder, on another day: the same id and the same bytes."""
    first = (home / PROCESSED / "build_info.json").read_bytes()
    other = tmp_path / "other"
    shutil.copytree(home / "data" / "raw", other / "data" / "raw")
    for path in (other / "data" / "raw").iterdir():
        os.utime(path, (86400, 86400))
    monkeypatch.setenv(config.HOME_ENV, str(other))
    pipeline.build()
    assert (other / PROCESSED / "build_info.json").read_bytes() == first
    assert (other / SUMMARY / ".build").read_bytes() == (home / SUMMARY / ".build").read_bytes()


@pytest.mark.parametrize("case", list(TAMPERING))
def test_every_change_to_the_built_files_is_found_and_named_in_one_line(home, case):
    tamper, line = TAMPERING[case]
    tamper(home)
    assert integrity.check()[0] == line
    assert building.build_reason() == line and building.needs_build()


def test_a_tampered_figure_is_built_again_before_rendering_even_with_force(home, capsys):
    before = {p.name: p.read_bytes() for p in (home / PROCESSED).iterdir()}
    original_n = _n_of_first_agreement_row(home / PROCESSED / "agreement.csv")
    _change_n(home)
    (home / PROCESSED / "comments.csv").unlink()
    said = []
    assert building.ensure_built(said.append)
    assert said == [
        "data/processed/agreement.csv was changed after build wrote it (and 1 more problem): "
        "building it again from the raw data"
    ]
    assert {p.name: p.read_bytes() for p in (home / PROCESSED).iterdir()} == before
    assert _n_of_first_agreement_row(home / PROCESSED / "agreement.csv") == original_n
    assert integrity.check() == [] and not building.ensure_built(said.append)


def test_a_build_killed_between_its_two_swaps_is_found_and_built_again(home):
    """A build killed (SIGKILL) after swapping data/processed/ in, before outputs/summary/."""
    _replace_in(
        home / "data" / "raw" / "invitations.csv", "W06000022,officer,18", "W06000022,officer,19"
    )
    killer = (
        "import os\n"
        "from pathlib import Path\n"
        "from helpers.build import pipeline\n"
        "rename = Path.rename\n"
        "def killed(self, target):\n"
        "    if self.name == 'summary' and Path(target).parent.name.startswith('.summary-old-'):\n"
        "        os.kill(os.getpid(), 9)\n"
        "    return rename(self, target)\n"
        "Path.rename = killed\n"
        "pipeline.build()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", killer],
        cwd=config.PROJECT_ROOT,
        env={**os.environ, config.HOME_ENV: str(home)},
        capture_output=True,
        check=False,
    )
    assert result.returncode == -9
    processed_rates = (home / PROCESSED / "response_rates.csv").read_bytes()
    summary_rates = (home / SUMMARY / "response_rates.csv").read_bytes()
    assert processed_rates != summary_rates  # half a build: the index and the page would differ
    assert b"W06000022,officer,19," in processed_rates

    said = []
    assert building.ensure_built(said.append)
    assert said == [
        "outputs/summary/ and data/processed/ are from different builds (a build stopped "
        "half-way?): building it again from the raw data"
    ]
    assert (home / SUMMARY / "response_rates.csv").read_bytes() == (
        home / PROCESSED / "response_rates.csv"
    ).read_bytes()
    assert b"W06000022,officer,19," in (home / SUMMARY / "response_rates.csv").read_bytes()
    assert not [p for p in (home / "outputs").iterdir() if p.name.startswith(".summary")]
    assert integrity.check() == []


def test_when_the_raw_data_cannot_build_again_report_stops_with_exit_2_naming_the_file(
    home, monkeypatch, capsys
):
    """The contract has changed since the build (a newer workbook), say: nothing is rendered."""
    _change_n(home)
    problem = contract.Problem(
        file="councils.csv", line=2, column=None, message="breaks a newer rule (expected ...)"
    )

    def refuse(*args, **kwargs):
        raise ContractError([problem])

    monkeypatch.setattr(contract, "load_raw", refuse)
    assert main(["report", "--council", "caerphilly", "--language", "en"]) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert lines[-1] == (
        "error: data/processed/agreement.csv was changed after build wrote it, and the raw data "
        "cannot build it again: they break the data contract (python -m helpers validate lists "
        "the problems); nothing was rendered"
    )
    assert "Traceback" not in err
    assert not (home / "outputs" / "html").exists()


def test_a_page_never_prints_a_figure_build_did_not_write(home):
    """The real report, rendered through the command line after n was changed to 98765."""
    agreement = home / PROCESSED / "agreement.csv"
    lines = agreement.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].split(",")
    changed = 0
    for number, line in enumerate(lines[1:], start=1):
        cells = line.split(",")
        if cells[0] == "W06000018" and cells[header.index("n")]:
            cells[header.index("n")] = "98765"
            lines[number] = ",".join(cells)
            changed += 1
    assert changed
    agreement.write_text("".join(lines), encoding="utf-8")
    (home / PROCESSED / "findings.csv").unlink()

    result = fixture_data.run_helpers(
        "report", "--council", "caerphilly", "--language", "en", home=home
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "data/processed/agreement.csv was changed after build wrote it (and 1 more problem): "
        "building it again from the raw data"
    )
    page = home / "outputs" / "html" / "W06000018-caerphilly.html"
    text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ")
    assert "98765" not in text and "98,765" not in text
    assert "clear data vision" in text  # the findings are back
    assert integrity.check() == []
