"""Batch rendering: failure isolation, retries, incremental runs, interruption and the index.

These tests run the real batch (worker processes, papermill, kernels,
nbconvert) on the fixture data, with a small test template in place of the
report notebook so that each report takes about a second. The template
misbehaves on request, through marker files in ``$WORKBOOK_HOME/quirks``:

* ``raise-<code>``: a cell raises ``ValueError`` for that council;
* ``die-<code>``: the kernel exits in the middle of a cell, once
  (``always-die-<code>``: every time);
* ``sleep``: the first report to reach the cell writes its worker's process
  id to ``slept`` and sleeps for the number of seconds in the file.

The helper package's source is hashed from a snapshot taken when the module
starts (``cache.SOURCE_DIR``), so that edits made to the checkout while the
tests run do not change the report keys.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import fixture_data
import nbformat
import psutil
import pytest
from bs4 import BeautifulSoup

from helpers import atomic, config
from helpers.__main__ import main
from helpers.batch import building, cache
from helpers.batch import run as batch
from helpers.build import integrity
from helpers.render import kernels, pagecheck

STEMS = {
    "W06000001": "W06000001-isle-of-anglesey",
    "W06000018": "W06000018-caerphilly",
    "W06000022": "W06000022-newport",
}

SETUP = """\
import os
import time
from pathlib import Path

from IPython.display import Markdown

quirks = Path(os.environ["WORKBOOK_HOME"]) / "quirks"
"""
RAISE = """\
if (quirks / f"raise-{council_code}").exists():
    raise ValueError(f"no figures for {council_code}")
"""
DIE = """\
died = quirks / f"died-{council_code}"
if (quirks / f"die-{council_code}").exists() and not died.exists():
    died.touch()
    os._exit(1)
if (quirks / f"always-die-{council_code}").exists():
    os._exit(1)
"""
SLEEP = """\
if (quirks / "sleep").exists():
    try:
        os.close(os.open(quirks / "sleeping", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        pass
    else:
        (quirks / "slept.tmp").write_text(f"{os.getppid()} {council_code}")
        os.rename(quirks / "slept.tmp", quirks / "slept")
        time.sleep(float((quirks / "sleep").read_text()))
"""


def write_template(path: Path, edition: int = 1) -> Path:
    """Write the test template (see the module docstring) and return its path."""
    return fixture_data.write_template_cells(
        path,
        'council_code = "W06000018"  # the council to report on',
        [
            SETUP,
            RAISE,
            DIE,
            SLEEP,
            f'Markdown(f"# Report for {{council_code}}\\n\\nEdition {edition}.")',
        ],
    )


# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def source_snapshot(tmp_path_factory) -> Path:
    """A copy of the helper package's source, hashed in place of the checkout's."""
    target = tmp_path_factory.mktemp("source") / "helpers"
    shutil.copytree(config.PACKAGE_DIR, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


@pytest.fixture(scope="module")
def built_home(tmp_path_factory) -> Path:
    """A workbook home with the fixture data built (copied, never changed, by the tests)."""
    return fixture_data.build_fixture_home(tmp_path_factory.mktemp("built") / "home")


@pytest.fixture
def home(built_home, source_snapshot, tmp_path, monkeypatch) -> Path:
    """A fresh copy of the built home, as WORKBOOK_HOME, with a ``quirks`` folder."""
    target = tmp_path / "home"
    shutil.copytree(built_home, target)  # modification times kept: no rebuild needed
    (target / "quirks").mkdir()
    monkeypatch.setenv(config.HOME_ENV, str(target))
    monkeypatch.setattr(cache, "SOURCE_DIR", source_snapshot)
    return target


@pytest.fixture
def template(tmp_path) -> Path:
    return write_template(tmp_path / "template" / "test_report.ipynb")


def run(template: Path, councils=None, *, jobs: int = 1, force: bool = False, progress=False):
    """Run the batch in this process (English reports only); return (exit status, summary)."""
    out = io.StringIO()
    status = batch.run_reports(
        councils,
        languages=("en",),
        jobs=jobs,
        force=force,
        template=template,
        stdout=out,
        progress=progress,
    )
    return status, out.getvalue()


def summary_rows(summary: str) -> dict[str, str]:
    """{stem: status} from the summary table."""
    rows = {}
    for line in summary.splitlines()[1:]:
        parts = line.split()
        if parts and parts[0] in STEMS.values():
            rows[parts[0]] = "up to date" if parts[1] == "up" else parts[1]
    return rows


def manifest(home: Path) -> dict:
    return json.loads((home / "outputs" / "logs" / "manifest.json").read_text(encoding="utf-8"))


def page(home: Path, stem: str) -> Path:
    return home / "outputs" / "html" / f"{stem}.html"


def temporaries(home: Path) -> list[Path]:
    return [p for p in (home / "outputs").rglob("*") if atomic.TMP_MARK in p.name]


def mtimes(home: Path) -> dict[str, int]:
    return {
        p.name: p.stat().st_mtime_ns
        for folder in ("html", "notebooks")
        for p in (home / "outputs" / folder).glob("W*")
    }


# --------------------------------------------------------------------------
# Failure isolation, a dead kernel, logs, manifest and index
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def failed_run(built_home, source_snapshot, tmp_path_factory):
    """Anglesey's notebook raises; Newport's kernel dies once; two worker processes."""
    home = tmp_path_factory.mktemp("failed") / "home"
    shutil.copytree(built_home, home)
    (home / "quirks").mkdir()
    (home / "quirks" / "raise-W06000001").touch()
    (home / "quirks" / "die-W06000022").touch()
    template = write_template(home.parent / "template" / "test_report.ipynb")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(config.HOME_ENV, str(home))
        mp.setattr(cache, "SOURCE_DIR", source_snapshot)
        status, summary = run(template, jobs=2)
    return home, status, summary


def test_a_failing_report_does_not_stop_the_others(failed_run):
    home, status, summary = failed_run
    assert status == 1
    assert summary_rows(summary) == {
        "W06000001-isle-of-anglesey": "failed",
        "W06000018-caerphilly": "rendered",
        "W06000022-newport": "rendered",
    }
    failed_line = next(line for line in summary.splitlines() if "anglesey" in line)
    # the summary names the cell that raised and the error line
    assert re.search(r'In \[\d+\]: if \(quirks / f"raise-\{council_code\}"\)', failed_line)
    assert failed_line.rstrip().endswith("ValueError: no figures for W06000001")
    assert summary.splitlines()[-1] == "reports: 1 failed, 2 rendered" or (
        summary.splitlines()[-1] == "reports: 2 rendered, 1 failed"
    )
    assert not page(home, STEMS["W06000001"]).exists()
    assert not (home / "outputs" / "notebooks" / f"{STEMS['W06000001']}.ipynb").exists()
    for code in ("W06000018", "W06000022"):
        text = page(home, STEMS[code]).read_text(encoding="utf-8")
        assert f"Report for {code}" in text and "Edition 1." in text
        assert pagecheck.find_html_problems(text, forbidden=[str(home)]) == []
    assert temporaries(home) == []


def test_a_dead_kernel_is_retried_once(failed_run):
    home, _status, _summary = failed_run
    assert (home / "quirks" / "died-W06000022").exists()  # the kernel did die
    records = {r["council_code"]: r for r in manifest(home)["reports"]}
    assert records["W06000022"]["status"] == "rendered"
    assert records["W06000022"]["attempts"] == 2
    assert records["W06000018"]["attempts"] == 1
    log = (home / "outputs" / "logs" / f"{STEMS['W06000022']}.log").read_text(encoding="utf-8")
    assert "the kernel died" in log and "attempt 2" in log


def test_a_kernel_that_dies_twice_fails_its_report_only(home, template):
    (home / "quirks" / "always-die-W06000022").touch()
    status, summary = run(template, ["newport"])
    assert status == 1
    assert summary_rows(summary) == {"W06000022-newport": "failed"}
    newport = next(line for line in summary.splitlines() if "newport" in line)
    assert "DeadKernelError" in newport
    records = {r["council_code"]: r for r in manifest(home)["reports"]}
    assert records["W06000022"]["attempts"] == 2
    assert (
        "the kernel died twice" in (home / "outputs" / "logs" / "W06000022-newport.log").read_text()
    )
    assert not page(home, STEMS["W06000022"]).exists()


def test_manifest_records_the_run(failed_run):
    home, _status, _summary = failed_run
    data = manifest(home)
    assert data["interrupted"] is False and data["force"] is False and data["jobs"] == 2
    assert data["counts"] == {"failed": 1, "rendered": 2}
    assert [r["council_code"] for r in data["reports"]] == list(STEMS)
    anglesey = data["reports"][0]
    assert anglesey["status"] == "failed"
    assert anglesey["cell"].startswith("In [")
    assert anglesey["error"] == "ValueError: no figures for W06000001"
    assert anglesey["log"] == f"outputs/logs/{STEMS['W06000001']}.log"
    for record in data["reports"]:
        assert record["seconds"] > 0
    text = (home / "outputs" / "logs" / "manifest.json").read_text(encoding="utf-8")
    assert str(home) not in text  # paths relative to the workbook home


def test_one_log_per_report(failed_run):
    home, _status, _summary = failed_run
    logs = home / "outputs" / "logs"
    assert sorted(p.name for p in logs.glob("*.log")) == sorted(f"{s}.log" for s in STEMS.values())
    failed = (logs / f"{STEMS['W06000001']}.log").read_text(encoding="utf-8")
    assert "status: failed" in failed
    assert "ValueError: no figures for W06000001" in failed
    assert "traceback:" in failed
    done = (logs / f"{STEMS['W06000018']}.log").read_text(encoding="utf-8")
    assert "status: rendered" in done and "and W06000018-caerphilly.html in" in done


def _rate_text(codes, groups) -> str:
    """ "48% (46 of 96)": responses (rows with an answer) of invited, rounded half up."""
    invited = sum(
        fixture_data.INVITED[code][group][0]
        for code in codes
        for group in groups
        if group in fixture_data.INVITED[code]
    )
    responses = sum(
        1
        for row in fixture_data.response_rows()
        if row[1] in codes and row[2] in groups and any(str(v).strip() for v in row[3:])
    )
    percent = int(Fraction(100 * responses, invited) + Fraction(1, 2))
    return f"{percent}% ({responses} of {invited})"


def test_index_links_every_report_with_its_rates_and_marks_failures(failed_run):
    home, _status, _summary = failed_run
    text = (home / "outputs" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(text, "html.parser")
    assert not soup.find_all("script")
    assert not soup.find_all("link")
    assert not re.search(r"(https?:)?//", text)  # nothing fetched, no absolute link
    assert pagecheck.find_html_problems(text, forbidden=[str(home)]) == []
    rows = {
        tr.th.get_text(" ", strip=True): tr for tr in soup.tbody.find_all("tr", recursive=False)
    }
    assert len(rows) == 3
    wales = _rate_text(list(STEMS), ["officer", "member"])
    percent, counts = wales.split(" ", 1)
    assert f"Across Wales, {percent} of those invited responded {counts}." in soup.get_text()
    for code, name, name_cy, _short in fixture_data.COUNCILS:
        row = next(tr for title, tr in rows.items() if title.startswith(name))
        assert name_cy in row.th.get_text()
        rates = [td.get_text(strip=True) for td in row.find_all("td", class_="rate")]
        expected = [
            _rate_text([code], [group]) if group in fixture_data.INVITED[code] else "not surveyed"
            for group in ("officer", "member")
        ]
        assert rates == [*expected, _rate_text([code], ["officer", "member"])]
        link = row.find("a")
        if code == "W06000001":  # failed, never rendered: not linked, marked
            assert link is None
            assert row.find(class_="failed") is not None
        else:
            assert link["href"] == f"html/{STEMS[code]}.html"
            assert (home / "outputs" / link["href"]).is_file()
            assert row.find(class_="failed") is None


def test_a_failed_report_keeps_its_previous_page(home, template):
    assert run(template, ["caerphilly"])[0] == 0
    before = page(home, STEMS["W06000018"]).read_bytes()
    edition2 = write_template(template, edition=2)
    (home / "quirks" / "raise-W06000018").touch()
    status, summary = run(edition2, ["caerphilly"])
    assert status == 1 and summary_rows(summary) == {"W06000018-caerphilly": "failed"}
    assert page(home, STEMS["W06000018"]).read_bytes() == before
    index = BeautifulSoup((home / "outputs" / "index.html").read_text(), "html.parser")
    row = next(tr for tr in index.tbody.find_all("tr") if "Caerphilly" in tr.th.get_text())
    assert row.find("a") is not None  # the earlier report is still linked
    assert "failed in the last run" in row.get_text()
    # the next run tries the failed report again
    (home / "quirks" / "raise-W06000018").unlink()
    status, summary = run(edition2, ["caerphilly"])
    assert status == 0 and summary_rows(summary) == {"W06000018-caerphilly": "rendered"}
    assert b"Edition 2." in page(home, STEMS["W06000018"]).read_bytes()


# --------------------------------------------------------------------------
# One report per council and language
# --------------------------------------------------------------------------
def test_each_language_is_a_report_of_its_own(home, template, tmp_path):
    welsh = write_template(tmp_path / "welsh" / "test_report.cy.ipynb", edition=7)
    templates = {"en": template, "cy": welsh}
    out = io.StringIO()
    status = batch.run_reports(
        ["caerphilly"], template=templates, jobs=1, stdout=out, progress=False
    )
    assert status == 0, out.getvalue()
    summary = out.getvalue()
    assert "W06000018-caerphilly " in summary and "W06000018-caerphilly.cy " in summary
    assert "reports: 2 rendered" in summary
    outputs = home / "outputs"
    for stem in ("W06000018-caerphilly", "W06000018-caerphilly.cy"):
        for folder, suffix in (("html", "html"), ("notebooks", "ipynb"), ("logs", "log")):
            assert (outputs / folder / f"{stem}.{suffix}").is_file(), (folder, stem)
    assert b"Edition 7." in (outputs / "html" / "W06000018-caerphilly.cy.html").read_bytes()
    keys = cache.read_keys()
    assert keys["W06000018-caerphilly"].key != keys["W06000018-caerphilly.cy"].key
    records = {r["stem"]: r for r in manifest(home)["reports"]}
    assert records["W06000018-caerphilly.cy"]["language"] == "cy"
    assert records["W06000018-caerphilly.cy"]["name"] == "Cyngor Bwrdeistref Sirol Caerffili"
    assert manifest(home)["templates"] == {"en": template.name, "cy": welsh.name}
    # one language again: the other's report is left alone, both up to date
    out = io.StringIO()
    assert (
        batch.run_reports(
            ["caerphilly"], languages=("cy",), template=templates, stdout=out, progress=False
        )
        == 0
    )
    assert "reports: 1 up to date" in out.getvalue()
    # both indexes list both reports
    for index in ("index.html", "index.cy.html"):
        page = (outputs / index).read_text(encoding="utf-8")
        assert 'href="html/W06000018-caerphilly.html"' in page
        assert 'href="html/W06000018-caerphilly.cy.html"' in page
    with pytest.raises(ValueError, match="en, cy"):
        batch.run_reports(["caerphilly"], languages=("fr",), template=template)


# --------------------------------------------------------------------------
# Incremental runs
# --------------------------------------------------------------------------
def test_only_changed_inputs_are_rendered_again(
    home, template, source_snapshot, tmp_path, monkeypatch, capsys
):
    status, summary = run(template, progress=True)
    assert status == 0 and set(summary_rows(summary).values()) == {"rendered"}
    bar = capsys.readouterr().err  # the progress bar: reports done, failures, time left
    assert "reports" in bar and "3/3" in bar and "failed=0" in bar and "<00:00" in bar
    first = mtimes(home)
    assert len(first) == 6

    # nothing changed: nothing rendered, nothing rewritten; the manifest says so
    status, summary = run(template)
    assert status == 0 and summary.strip() == "reports: 3 up to date"
    assert mtimes(home) == first
    assert manifest(home)["counts"] == {"up to date": 3}

    # a package that renders reports upgraded: every report again
    versions = cache.library_versions()
    assert "matplotlib " in versions and "nbconvert " in versions
    with monkeypatch.context() as patch:
        patch.setattr(
            cache, "library_versions", lambda: versions.replace("matplotlib ", "matplotlib 0")
        )
        status, summary = run(template)
    assert set(summary_rows(summary).values()) == {"rendered"} and len(summary_rows(summary)) == 3
    status, summary = run(template)  # and back
    assert len(summary_rows(summary)) == 3

    # a page deleted by hand: that report only
    page(home, STEMS["W06000022"]).unlink()
    status, summary = run(template)
    assert summary_rows(summary) == {"W06000022-newport": "rendered"}
    assert "2 up to date" in summary

    # the same source elsewhere (a moved checkout): still nothing to do
    moved = tmp_path / "moved" / "helpers"
    shutil.copytree(source_snapshot, moved)
    os.utime(moved / "stats" / "rates.py")  # touched, not changed
    monkeypatch.setattr(cache, "SOURCE_DIR", moved)
    status, summary = run(template)
    assert summary.strip() == "reports: 3 up to date"

    # one helper function changed: every report again
    rates = moved / "stats" / "rates.py"
    rates.write_text(rates.read_text(encoding="utf-8") + "\n\ndef _new():\n    return 1\n")
    status, summary = run(template)
    assert status == 0 and set(summary_rows(summary).values()) == {"rendered"}
    assert len(summary_rows(summary)) == 3

    # the raw data changed: rebuilt first, then every report again
    invitations = home / "data" / "raw" / "invitations.csv"
    invitations.write_text(
        invitations.read_text(encoding="utf-8").replace(
            "W06000022,officer,18", "W06000022,officer,19"
        )
    )
    processed = (home / "data" / "processed" / "response_rates.csv").read_bytes()
    status, summary = run(template)
    assert (home / "data" / "processed" / "response_rates.csv").read_bytes() != processed
    assert status == 0 and len(summary_rows(summary)) == 3
    assert "up to date" not in summary

    # (--force renders reports that are up to date: see test_render.py)


def test_report_builds_first_when_the_processed_data_are_missing(home, template):
    shutil.rmtree(home / "data" / "processed")
    status, _summary = run(template, ["caerphilly"])
    assert status == 0
    assert (home / "data" / "processed" / "build_info.json").is_file()
    assert page(home, STEMS["W06000018"]).is_file()


def test_new_exports_with_old_file_dates_are_built_before_rendering(home, template):
    """Exports copied with their old dates (cp -p, unzip) are still noticed: by content."""
    status, _summary = run(template, ["caerphilly"])
    assert status == 0
    invitations = home / "data" / "raw" / "invitations.csv"
    before = (home / "data" / "processed" / "invitations.csv").read_text(encoding="utf-8")
    built_at = (home / "data" / "processed" / "build_info.json").stat().st_mtime
    invitations.write_text(
        invitations.read_text(encoding="utf-8").replace(
            "W06000018,officer,24", "W06000018,officer,25"
        )
    )
    os.utime(invitations, (built_at - 86400, built_at - 86400))  # a day older than the build
    status, _summary = run(template, ["caerphilly"])
    assert status == 0
    after = (home / "data" / "processed" / "invitations.csv").read_text(encoding="utf-8")
    assert after != before and "W06000018,officer,25" in after


def test_a_build_from_another_folder_is_replaced_before_rendering(home, template, tmp_path):
    """build --raw OTHER, then report: the reports are of data/raw, never a mixture."""
    from fixture_data import write_fixture_raw

    other = write_fixture_raw(tmp_path / "other")
    councils = other / "councils.csv"
    councils.write_text(
        councils.read_text(encoding="utf-8").replace("Newport City Council", "Elsewhere Council")
    )
    assert main(["build", "--raw", str(other)]) == 0
    assert building.needs_build()
    status, _summary = run(template, ["newport"])
    assert status == 0 and not building.needs_build()
    processed = (home / "data" / "processed" / "councils.csv").read_text(encoding="utf-8")
    assert "Elsewhere Council" not in processed and "Newport City Council" in processed


# --------------------------------------------------------------------------
# Interruption: Ctrl-C, and a worker killed
# --------------------------------------------------------------------------
@pytest.fixture
def cli(home, template, source_snapshot):
    """Start ``python -m helpers report ...`` in its own session (stopped after the test).

    The test template stands in for the report notebook and the source
    snapshot for the helper package's source; SIGINT is left to its default
    (a background job of a shell may have it ignored).
    """
    started: list[subprocess.Popen] = []

    def start(*args: str) -> subprocess.Popen:
        code = (
            "import sys\n"
            "from helpers import config\n"
            "from helpers.batch import cache\n"
            f"config.TEMPLATE = {str(template)!r}\n"
            f"cache.SOURCE_DIR = {str(source_snapshot)!r}\n"
            "from helpers.__main__ import main\n"
            f"sys.exit(main(['report', '--language', 'en', *{list(args)!r}]))\n"
        )
        process = subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=config.PROJECT_ROOT,
            env={**os.environ, config.HOME_ENV: str(home)},
            start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            left = [process.pid] + [p.pid for p in _descendants(process.pid)]
            for pid in left:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            process.communicate()


def _wait_for_sleeper(home: Path, process: subprocess.Popen, timeout: float = 120) -> tuple:
    slept = home / "quirks" / "slept"
    deadline = time.monotonic() + timeout
    while not slept.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no report reached the sleeping cell"
        time.sleep(0.1)
    pid, code = slept.read_text().split()
    return _worker_of(int(pid)), code


def _worker_of(pid: int) -> int:
    """The worker process of a kernel's parent: itself, or the fork server's parent."""
    with contextlib.suppress(psutil.NoSuchProcess):
        parent = psutil.Process(pid)
        if "helpers.render.forkserver" in parent.cmdline():
            return parent.ppid()
    return pid


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _kernel_folders(pids) -> list[Path]:
    """Kernel working folders left by these processes."""
    folder = Path(tempfile.gettempdir())
    return [p for pid in pids for p in folder.glob(f"{kernels.KERNEL_DIR_PREFIX}{pid}-*")]


def _gone(processes: list[psutil.Process], timeout: float = 15) -> list[psutil.Process]:
    _gone_, alive = psutil.wait_procs(processes, timeout=timeout)
    return [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]


def test_ctrl_c_keeps_the_previous_reports_and_leaves_no_partial_file(home, template, cli):
    assert run(template)[0] == 0
    before = {stem: page(home, stem).read_bytes() for stem in STEMS.values()}
    notebooks_before = {
        stem: (home / "outputs" / "notebooks" / f"{stem}.ipynb").read_bytes()
        for stem in STEMS.values()
    }
    write_template(template, edition=2)
    (home / "quirks" / "sleep").write_text("120")
    process = cli("--all", "--jobs", "2")
    _worker, sleeper = _wait_for_sleeper(home, process)
    children = _descendants(process.pid)
    assert len(children) >= 3  # two workers and their kernels (and the resource tracker)
    interrupted_at = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the whole foreground group
    stdout, stderr = process.communicate(timeout=60)
    assert time.monotonic() - interrupted_at < 20  # it stops now, not after the report
    assert process.returncode == 130, stdout + stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert _gone(children) == []  # no worker or kernel left running
    assert _kernel_folders([process.pid] + [p.pid for p in children]) == []

    assert temporaries(home) == []
    data = manifest(home)
    assert data["interrupted"] is True
    statuses = {r["council_code"]: r["status"] for r in data["reports"]}
    assert statuses[sleeper] == "interrupted"
    assert set(statuses.values()) <= {"rendered", "interrupted"}
    for code, stem in STEMS.items():
        html = page(home, stem).read_bytes()
        notebook = (home / "outputs" / "notebooks" / f"{stem}.ipynb").read_bytes()
        if statuses[code] == "interrupted":
            assert html == before[stem] and notebook == notebooks_before[stem]
        else:  # finished before the interruption: complete, new edition
            assert b"Edition 2." in html and html.rstrip().endswith(b"</html>")

    # the next run takes up exactly the reports that were interrupted
    (home / "quirks" / "sleep").unlink()
    status, summary = run(template, jobs=1)
    assert status == 0
    assert set(summary_rows(summary)) == {
        STEMS[code] for code, state in statuses.items() if state == "interrupted"
    }
    for stem in STEMS.values():
        assert b"Edition 2." in page(home, stem).read_bytes()


def test_a_killed_worker_is_replaced_and_its_reports_retried(home, cli):
    (home / "quirks" / "sleep").write_text("120")
    process = cli("--all", "--jobs", "2")
    worker, sleeper = _wait_for_sleeper(home, process)
    assert worker in [p.pid for p in psutil.Process(process.pid).children()]
    os.kill(worker, signal.SIGKILL)  # e.g. the out-of-memory killer
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stdout + stderr
    assert set(summary_rows(stdout).values()) == {"rendered"}
    assert len(summary_rows(stdout)) == 3
    records = {r["council_code"]: r for r in manifest(home)["reports"]}
    assert records[sleeper]["status"] == "rendered"
    assert records[sleeper]["attempts"] == 2
    assert temporaries(home) == []
    assert _kernel_folders([worker, process.pid]) == []  # the killed worker's are removed
    for stem in STEMS.values():
        assert pagecheck.find_html_problems(page(home, stem).read_text(encoding="utf-8")) == []


def test_ctrl_c_in_a_single_report_stops_its_kernel_quietly(home, cli):
    (home / "quirks" / "sleep").write_text("120")
    process = cli("--council", "CAERPHILLY")  # one report: rendered in the main process
    _worker, sleeper = _wait_for_sleeper(home, process)
    assert sleeper == "W06000018"
    children = _descendants(process.pid)
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.strip() == "interrupted"  # one line: no traceback from the machinery
    assert _gone(children) == []
    assert _kernel_folders([process.pid]) == []
    assert temporaries(home) == []
    assert not page(home, STEMS["W06000018"]).exists()
    assert manifest(home)["reports"][0]["status"] == "interrupted"


# --------------------------------------------------------------------------
# Another raw folder: report --raw DIR
# --------------------------------------------------------------------------
def test_report_raw_renders_that_folder_and_leaves_data_raw_alone(
    home, template, tmp_path, monkeypatch
):
    other = fixture_data.write_fixture_raw(tmp_path / "other")
    for name, old, new in (
        ("councils.csv", "Newport City Council", "Elsewhere Council"),
        ("invitations.csv", "W06000022,officer,18", "W06000022,officer,19"),
    ):
        path = other / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    raw = home / "data" / "raw"
    good = (raw / "responses.csv").read_bytes()
    (raw / "responses.csv").write_text("not the survey export\n")  # if read, the run fails
    state = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in raw.iterdir()}
    monkeypatch.setattr(config, "TEMPLATE", template)

    assert main(["report", "--raw", str(other), "--council", "newport"]) == 0
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in raw.iterdir()} == state
    processed = home / "data" / "processed"
    assert "Elsewhere Council" in (processed / "councils.csv").read_text(encoding="utf-8")
    assert "W06000022,officer,19" in (processed / "invitations.csv").read_text(encoding="utf-8")
    index = BeautifulSoup((home / "outputs" / "index.html").read_text(), "html.parser")
    row = next(tr for tr in index.tbody.find_all("tr") if "Elsewhere" in tr.th.get_text())
    assert "(10 of 19)" in row.get_text() and row.find("a")["href"] == "html/W06000022-newport.html"
    assert page(home, STEMS["W06000022"]).is_file()
    assert not building.needs_build(other)
    assert main(["report", "--raw", str(other), "--council", "newport"]) == 0  # up to date

    # Without --raw, report renders data/raw again: it builds from it first.
    assert main(["report", "--council", "newport"]) == 2  # data/raw's responses are broken
    assert "Elsewhere Council" in (processed / "councils.csv").read_text(encoding="utf-8")
    (raw / "responses.csv").write_bytes(good)
    assert main(["report", "--council", "newport"]) == 0
    assert "Elsewhere" not in (processed / "councils.csv").read_text(encoding="utf-8")


def test_report_raw_of_a_missing_folder_is_a_usage_error(home, tmp_path, capsys):
    assert main(["report", "--raw", str(tmp_path / "nowhere"), "--all"]) == 2
    err = capsys.readouterr().err
    assert "nowhere: folder not found" in err and "Traceback" not in err


# --------------------------------------------------------------------------
# Two runs at once; a run killed with kill -9
# --------------------------------------------------------------------------
BUSY = re.compile(
    r"^error: another run is writing data/processed/ and outputs/ \(pid (\d+) on (\S+), "
    r"started (\S+): python -m helpers report (.*)\); run again when it has finished, "
    r"or add --wait to wait for it$"
)


def assert_complete(home: Path) -> None:
    """Every report and notebook on disk, linked by the index, in a finished manifest; no debris."""
    for stem in STEMS.values():
        assert page(home, stem).read_text(encoding="utf-8").rstrip().endswith("</html>")
        nbformat.read(home / "outputs" / "notebooks" / f"{stem}.ipynb", as_version=4)
    index = BeautifulSoup((home / "outputs" / "index.html").read_text(), "html.parser")
    assert {a["href"] for a in index.tbody.find_all("a")} == {
        f"html/{stem}.html" for stem in STEMS.values()
    }
    assert not index.find(class_="failed")
    data = manifest(home)
    assert data["finished"] is True and data["interrupted"] is False
    assert [r["council_code"] for r in data["reports"]] == list(STEMS)
    assert {r["status"] for r in data["reports"]} <= {"rendered", "up to date"}
    assert temporaries(home) == []
    kept = {cache.KEYS_FILE, integrity.SUMMARY_MARK}  # the keys, the summary's build id
    hidden = [p for p in (home / "outputs").rglob(".*") if p.name not in kept]
    hidden += [p for p in (home / "data").iterdir() if p.name.startswith(".")]
    assert hidden == []  # no lock file, staging folder or temporary file left


def test_two_runs_started_together_never_interleave(home, cli):
    first = cli("--all", "--force", "--jobs", "2")
    second = cli("--all", "--force", "--jobs", "2")
    outcomes = {process.pid: process.communicate(timeout=300) for process in (first, second)}
    codes = sorted(process.returncode for process in (first, second))
    assert codes in ([0, 0], [0, 2]), outcomes
    if codes == [0, 2]:
        refused, other = (first, second) if first.returncode == 2 else (second, first)
        stdout, stderr = outcomes[refused.pid]
        assert stdout == "" and stderr.count("\n") == 1, stderr
        match = BUSY.match(stderr.rstrip("\n"))
        assert match, stderr
        # (the cli fixture renders English only: --language en comes first)
        assert int(match[1]) == other.pid and match[4] == "--language en --all --force --jobs 2"
        assert "3 rendered" in outcomes[other.pid][0]
    assert_complete(home)


def test_a_run_killed_with_kill_9_never_blocks_the_next(home, template, cli):
    assert run(template)[0] == 0  # the previous reports, edition 1
    write_template(template, edition=2)
    (home / "quirks" / "sleep").write_text("120")
    killed = cli("--all", "--jobs", "2")
    _worker, sleeper = _wait_for_sleeper(home, killed)

    # meanwhile another run stops at once, naming the first
    started = time.monotonic()
    refused = cli("--council", "newport")
    stdout, stderr = refused.communicate(timeout=120)
    assert refused.returncode == 2 and stdout == ""
    match = BUSY.match(stderr.strip())
    assert match, stderr
    assert int(match[1]) == killed.pid and match[4] == "--language en --all --jobs 2"
    assert time.monotonic() - started < 60

    children = _descendants(killed.pid)
    os.kill(killed.pid, signal.SIGKILL)  # kill -9 PID: the run, not its workers
    killed.communicate()
    assert _gone(children, timeout=30) == []  # its workers stop by themselves, kernels too
    assert manifest(home)["finished"] is False  # it says the run did not finish
    index = BeautifulSoup((home / "outputs" / "index.html").read_text(), "html.parser")
    # and describes the pages on disk: each council's English report
    assert {a["href"] for a in index.tbody.find_all("a")} == {
        f"html/{stem}.html" for stem in STEMS.values()
    }

    (home / "quirks" / "sleep").unlink()
    after = cli("--all", "--jobs", "2")
    stdout, stderr = after.communicate(timeout=300)
    assert after.returncode == 0, stdout + stderr
    assert STEMS[sleeper] in summary_rows(stdout)  # the report the killed run left undone
    assert_complete(home)
    for stem in STEMS.values():
        assert b"Edition 2." in page(home, stem).read_bytes()
    assert _kernel_folders([killed.pid] + [p.pid for p in children]) == []


def test_jobs_must_be_a_positive_whole_number(home, capsys):
    from helpers.__main__ import main

    for bad in ("0", "-1", "two"):
        with pytest.raises(SystemExit) as exit_:
            main(["report", "--all", "--jobs", bad])
        assert exit_.value.code == 2
        assert "--jobs" in capsys.readouterr().err
    assert sorted(p.name for p in (home / "outputs").iterdir()) == ["summary"]  # from the build
