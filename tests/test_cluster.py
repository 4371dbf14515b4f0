"""Rendering on Dask (``report --dask local``): the same pages, statuses and exit codes.

The fixture councils are rendered with the real template by the process
pool, then again with ``--dask local --force`` (a LocalCluster of two worker
processes), through the command line; every page must be the same byte for
byte. The batch's failure isolation is checked on Dask with the small test
template of ``test_batch.py`` (a notebook made to raise for one council).
These tests need the optional extra ``.[dask]``, which ``make test``
installs.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import fixture_data
import psutil
import pytest
from fixture_data import run_helpers
from test_batch import STEMS, write_template

from helpers import config
from helpers.__main__ import main
from helpers.batch import cluster
from helpers.batch import run as batch


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess:
    return run_helpers(*args, home=home)


def _manifest(home: Path) -> dict:
    return json.loads((home / "outputs" / "logs" / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def both_runs(tmp_path_factory):
    """The fixture councils by the process pool, then on a local Dask cluster."""
    home = tmp_path_factory.mktemp("dask") / "home"
    fixture_data.write_fixture_raw(home / "data" / "raw")
    pool = _cli("report", "--all", "--language", "both", "--jobs", "2", home=home)
    assert pool.returncode == 0, pool.stdout + pool.stderr
    outputs = home / "outputs"
    pool_pages = {p.name: p.read_bytes() for p in (outputs / "html").glob("*.html")}
    pool_manifest = _manifest(home)
    pool_index = {name: (outputs / name).read_bytes() for name in ("index.html", "index.cy.html")}
    dask = _cli(
        "report", "--all", "--language", "both", "--jobs", "2", "--force", "--dask", "local",
        home=home,
    )  # fmt: skip
    return {
        "home": home,
        "pool": (pool, pool_pages, pool_manifest, pool_index),
        "dask": dask,
    }


def test_dask_local_renders_the_same_pages_as_the_process_pool(both_runs):
    home = both_runs["home"]
    pool, pool_pages, pool_manifest, pool_index = both_runs["pool"]
    dask = both_runs["dask"]
    assert dask.returncode == 0, dask.stdout + dask.stderr
    pages = {p.name: p.read_bytes() for p in (home / "outputs" / "html").glob("*.html")}
    # every council in English and in Welsh
    expected = [f"{stem}{suffix}.html" for stem in STEMS.values() for suffix in ("", ".cy")]
    assert sorted(pages) == sorted(expected)
    assert pages == pool_pages  # byte for byte
    for index, before in pool_index.items():
        assert (home / "outputs" / index).read_bytes() == before
    manifest = _manifest(home)
    assert manifest["counts"] == pool_manifest["counts"] == {"rendered": 6}
    assert [r["stem"] for r in manifest["reports"]] == [r["stem"] for r in pool_manifest["reports"]]
    assert manifest["force"] is True and manifest["jobs"] == 2
    # the same summary on stdout, and one log per report
    assert dask.stdout.splitlines()[-1] == pool.stdout.splitlines()[-1] == "reports: 6 rendered"
    for name in expected:
        log = home / "outputs" / "logs" / name.replace(".html", ".log")
        assert "status: rendered" in log.read_text(encoding="utf-8")


def test_dask_local_leaves_no_kernel_or_temporary_file(both_runs):
    home = both_runs["home"]
    assert not [p for p in (home / "outputs").rglob("*") if ".tmp-" in p.name]
    assert "Traceback" not in both_runs["dask"].stderr
    left = []
    for process in psutil.process_iter(["cmdline"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if "helpers.render.forkserver" in cmdline or "ipykernel_launcher" in cmdline:
            with contextlib.suppress(psutil.Error):
                if process.environ().get(config.HOME_ENV) == str(home):
                    left.append(cmdline)
    assert left == []  # the workers' fork servers and kernels stopped with the cluster


def test_a_failing_report_on_dask_does_not_stop_the_others(tmp_path, monkeypatch):
    home = tmp_path / "home"
    fixture_data.write_fixture_raw(home / "data" / "raw")
    (home / "quirks").mkdir()
    (home / "quirks" / "raise-W06000001").touch()
    monkeypatch.setenv(config.HOME_ENV, str(home))
    template = write_template(tmp_path / "template" / "test_report.ipynb")
    out = io.StringIO()
    status = batch.run_reports(
        None,
        languages=("en",),
        jobs=2,
        template=template,
        executor_factory=cluster.DaskExecutorFactory("local"),
        stdout=out,
        progress=False,
    )
    assert status == 1
    records = {r["council_code"]: r for r in _manifest(home)["reports"]}
    assert records["W06000001"]["status"] == "failed"
    assert records["W06000001"]["error"] == "ValueError: no figures for W06000001"
    assert records["W06000001"]["cell"].startswith("In [")
    for code in ("W06000018", "W06000022"):
        assert records[code]["status"] == "rendered"
        assert (home / "outputs" / "html" / f"{STEMS[code]}.html").is_file()
    assert not (home / "outputs" / "html" / f"{STEMS['W06000001']}.html").exists()
    assert "failed" in out.getvalue()


def test_dask_address_must_be_local_or_a_scheduler(workbook_home, capsys):
    for bad in ("remote", "http://host:8786", "tcp://"):
        assert main(["report", "--all", "--dask", bad]) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: --dask takes 'local' or a scheduler address"), err
    assert not (workbook_home / "outputs").exists()  # nothing built or rendered


def test_without_dask_installed_the_report_stops_with_the_install_command(
    workbook_home, monkeypatch, capsys
):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    assert main(["report", "--all", "--dask", "local"]) == 2
    err = capsys.readouterr().err
    assert "pip install -e '.[dask]'" in err and "Traceback" not in err
    assert not (workbook_home / "outputs").exists()


def test_an_unreachable_scheduler_is_a_clear_error(workbook_home, monkeypatch, capsys):
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2)
    assert main(["report", "--council", "W06000018", "--dask", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "could not start or reach the scheduler at tcp://127.0.0.1:9" in err


def test_ctrl_c_on_dask_stops_the_workers_and_their_kernels(tmp_path, monkeypatch):
    """Ctrl-C during a run on a local cluster: exit 130, nothing left running or half-written."""
    from test_batch import _descendants, _gone, _kernel_folders, _wait_for_sleeper

    home = tmp_path / "home"
    fixture_data.write_fixture_raw(home / "data" / "raw")
    (home / "quirks").mkdir()
    (home / "quirks" / "sleep").write_text("120")
    template = write_template(tmp_path / "template" / "test_report.ipynb")
    code = (
        "import sys\n"
        "from helpers import config\n"
        f"config.TEMPLATE = {str(template)!r}\n"
        "from helpers.__main__ import main\n"
        "sys.exit(main(['report', '--all', '--language', 'en', '--jobs', '2',"
        " '--dask', 'local']))\n"
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
    try:
        _worker, sleeper = _wait_for_sleeper(home, process, timeout=240)
        children = _descendants(process.pid)
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C: the whole foreground group
        stdout, stderr = process.communicate(timeout=90)
    finally:
        if process.poll() is None:
            for child in [process.pid] + [p.pid for p in _descendants(process.pid)]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child, signal.SIGKILL)
            process.communicate()
    assert process.returncode == 130, stdout + stderr
    assert "interrupted" in stderr
    assert _gone(children, timeout=30) == []  # no worker, fork server or kernel left
    assert _kernel_folders([process.pid] + [p.pid for p in children]) == []
    assert not [p for p in (home / "outputs").rglob("*") if ".tmp-" in p.name]
    statuses = {r["council_code"]: r["status"] for r in _manifest(home)["reports"]}
    assert statuses[sleeper] == "interrupted"
    assert not (home / "outputs" / "html" / f"{STEMS[sleeper]}.html").exists()
