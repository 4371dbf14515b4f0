"""The fault corpus: each failure of the user's environment is one line and its exit status.

Each test plants one fault, as a careful user or a hostile colleague would,
and runs the command line: an unwritable ``outputs/`` (``chattr +i`` where
the test runs as root, else a ``PermissionError`` raised in the process), a
file where a folder is expected, ``WORKBOOK_HOME`` naming a file or a folder
that does not exist, a full disk when the lock is written (a full ``tmpfs``
where it can be mounted, else ``ENOSPC`` raised in the process), a reader
that closes the pipe, SIGTERM, and symbolic links planted at the lock and at
every temporary name the workbook writes through. Each must end without a
traceback, with the documented status (docs/operations.md), and write nothing
outside the workbook's folders.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fixture_data import run_helpers, write_minimal_template

from helpers import atomic, config, runlock
from helpers.__main__ import main
from helpers.data import synth


def one_line(text: str) -> str:
    """The single line of ``text`` (fails when there are more, or a traceback)."""
    assert "Traceback" not in text, text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


@contextlib.contextmanager
def immutable(path: Path):
    """``chattr +i path`` for the block (root on a file system that has the attribute)."""
    if os.geteuid() != 0 or not shutil.which("chattr"):
        pytest.skip("chattr +i needs root")
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is not supported here: {made.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


# --------------------------------------------------------------------------
# An outputs/ that cannot be written
# --------------------------------------------------------------------------
@pytest.mark.parametrize("command", [["build"], ["report", "--council", "caerphilly"]])
def test_an_immutable_outputs_folder_is_one_line_and_exit_2(workbook_home, command):
    outputs = workbook_home / "outputs"
    outputs.mkdir()
    with immutable(outputs):
        result = run_helpers(*command, home=workbook_home)
    line = one_line(result.stderr)
    assert result.returncode == 2
    assert line.startswith("error: outputs/.run.lock: Operation not permitted (check that you")
    assert not (workbook_home / "data" / "processed").exists()


@pytest.mark.parametrize("command", [["build"], ["report", "--council", "caerphilly"]])
def test_a_lock_that_cannot_be_created_is_one_line_and_exit_2(
    workbook_home, command, monkeypatch, capsys
):
    """The same fault without root: the kernel refuses to create the lock (EACCES)."""
    real_open = os.open
    lock = str(workbook_home / "outputs" / runlock.LOCK_NAME)

    def refusing_open(path, flags, *args, **kwargs):
        if os.fspath(path) == lock:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    assert main(command) == 2
    line = one_line(capsys.readouterr().err)
    assert line == (
        "error: outputs/.run.lock: Permission denied (check that you may write there and "
        "that the folder is not read-only or locked)"
    )
    assert not (workbook_home / "data" / "processed").exists()


def test_a_file_where_outputs_should_be_is_one_line_and_exit_2(workbook_home):
    (workbook_home / "outputs").write_text("not a folder\n")
    result = run_helpers("build", home=workbook_home)
    line = one_line(result.stderr)
    assert result.returncode == 2
    assert line.startswith("error: outputs/.run.lock: Not a directory (a file stands where")
    assert (workbook_home / "outputs").read_text() == "not a folder\n"


# --------------------------------------------------------------------------
# WORKBOOK_HOME: a file, or a typo
# --------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["validate", "build", "report", "synth"])
def test_workbook_home_naming_a_file_is_one_line_and_exit_2(tmp_path, command):
    home = tmp_path / "home.txt"
    home.write_text("a file\n")
    args = [command, *(["--council", "caerphilly"] if command == "report" else [])]
    result = run_helpers(*args, home=home)
    assert result.returncode == 2
    assert one_line(result.stderr) == (
        f"error: WORKBOOK_HOME is {home}, which is not a folder; set it to the folder that "
        "holds data/ and outputs/ (or unset it)"
    )
    assert files_under(tmp_path) == {"home.txt"}


@pytest.mark.parametrize("command", [["build"], ["report", "--council", "caerphilly"]])
def test_a_typo_in_workbook_home_creates_no_folder(tmp_path, command):
    result = run_helpers(*command, home=tmp_path / "some" / "typo")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "some/typo/data/raw: folder not found" in result.stderr
    assert files_under(tmp_path) == set()


def test_a_missing_raw_folder_given_with_raw_creates_nothing(workbook_home, tmp_path):
    before = files_under(workbook_home)
    result = run_helpers("build", "--raw", str(tmp_path / "nowhere"), home=workbook_home)
    assert result.returncode == 2 and "nowhere: folder not found" in result.stderr
    assert files_under(workbook_home) == before


# --------------------------------------------------------------------------
# A full disk when the lock is written
# --------------------------------------------------------------------------
@pytest.fixture
def full_outputs(workbook_home):
    """``outputs/`` on a tiny tmpfs filled to the last byte (root only)."""
    outputs = workbook_home / "outputs"
    outputs.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(outputs)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        fd = os.open(outputs / "filler", os.O_WRONLY | os.O_CREAT)
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
        os.close(fd)
        yield outputs
    finally:
        subprocess.run(["umount", str(outputs)], check=False)


def test_a_full_disk_when_the_lock_is_written_is_one_line_and_exit_2(workbook_home, full_outputs):
    result = run_helpers("build", home=workbook_home)
    assert result.returncode == 2
    assert one_line(result.stderr) == (
        "error: outputs/.run.lock: No space left on device (the disk is full: free some space "
        "and run again)"
    )
    assert sorted(p.name for p in full_outputs.iterdir()) == ["filler"]  # no lock left
    assert not (workbook_home / "data" / "processed").exists()


def test_enospc_writing_the_lock_is_one_line_without_root(workbook_home, monkeypatch, capsys):
    real_write = os.write

    def full_write(fd, data):
        if b'"pid"' in bytes(data):  # the lock's details
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_write)
    assert main(["build"]) == 2
    assert one_line(capsys.readouterr().err).startswith(
        "error: outputs/.run.lock: No space left on device (the disk is full"
    )
    assert not (workbook_home / "outputs" / runlock.LOCK_NAME).exists()


# --------------------------------------------------------------------------
# A closed pipe, SIGTERM
# --------------------------------------------------------------------------
def test_validate_into_a_reader_that_stops_after_one_line_exits_141_quietly(workbook_home):
    """``validate | head -1``: many problems, the reader closes after the first."""
    responses = workbook_home / "data" / "raw" / "responses.csv"
    header = responses.read_text(encoding="utf-8").splitlines()[0]
    bad = "".join("not,a,valid,row\n" for _ in range(5000))
    responses.write_text(header + "\n" + bad, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "helpers", "validate"],
        cwd=config.PROJECT_ROOT,
        env={**os.environ, config.HOME_ENV: str(workbook_home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout.readline()  # head -1
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert stderr == ""


def test_sigterm_stops_a_build_with_one_word_and_exit_143(workbook_home):
    process = subprocess.Popen(
        [sys.executable, "-m", "helpers", "build"],
        cwd=config.PROJECT_ROOT,
        env={**os.environ, config.HOME_ENV: str(workbook_home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lock = workbook_home / "outputs" / runlock.LOCK_NAME
    deadline = time.monotonic() + 120
    while not lock.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert lock.exists(), "the build never took the lock"
    time.sleep(0.3)  # loading the raw data
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 143, err
    assert err == "terminated\n" and out == ""
    assert not (workbook_home / "data" / "processed").exists()
    assert files_under(workbook_home / "outputs") == set()  # no lock, no staging folder
    assert not [p for p in (workbook_home / "data").iterdir() if p.name != "raw"]


# --------------------------------------------------------------------------
# Links planted where the workbook writes
# --------------------------------------------------------------------------
@pytest.fixture
def victim(tmp_path) -> Path:
    """A file outside the workbook that a planted link points at."""
    path = tmp_path / "elsewhere" / "precious.txt"
    path.parent.mkdir()
    path.write_text("precious\n")
    return path


def test_a_link_at_the_run_lock_is_replaced_not_written_through(workbook_home, victim, capsys):
    outputs = workbook_home / "outputs"
    outputs.mkdir()
    lock = outputs / runlock.LOCK_NAME
    lock.symlink_to(victim)
    # an unknown council: the run takes the lock, then stops at once
    assert main(["report", "--council", "nowhere"]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert victim.read_text() == "precious\n"
    assert not lock.is_symlink() and not lock.exists()
    lock.symlink_to(outputs / "dangling")  # a link to nothing: not created through either
    assert main(["report", "--council", "nowhere"]) == 2
    assert not (outputs / "dangling").exists() and not lock.is_symlink()
    with runlock.hold():  # and the lock a run holds is a file of its own
        assert lock.is_file() and not lock.is_symlink()
    assert victim.read_text() == "precious\n"


def test_a_link_at_a_temporary_name_is_never_written_through(tmp_path, victim):
    target = tmp_path / "outputs" / "html" / "W06000018-caerphilly.html"
    target.parent.mkdir(parents=True)
    target.write_text("old page\n")
    atomic.temporary_path(target).symlink_to(victim)
    atomic.write_atomic(target, "new page\n")
    assert target.read_text() == "new page\n" and not target.is_symlink()
    assert victim.read_text() == "precious\n"
    assert not atomic.temporary_path(target).exists()
    # a link at the file itself is replaced, not followed
    target.unlink()
    target.symlink_to(victim)
    atomic.write_atomic(target, "newer page\n")
    assert target.read_text() == "newer page\n" and not target.is_symlink()
    assert victim.read_text() == "precious\n"


def test_synth_never_writes_through_a_link_at_a_temporary_name(tmp_path, victim):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("councils.csv", "responses.csv", "README.md"):
        atomic.temporary_path(raw / name).symlink_to(victim)
    written = synth.write_synthetic(raw)
    assert victim.read_text() == "precious\n"
    assert (raw / "councils.csv").is_file() and len(written) >= 9
    assert not [p for p in raw.iterdir() if p.is_symlink()]


def test_a_new_file_is_never_created_through_a_link(tmp_path, victim):
    link = tmp_path / "new.csv"
    link.symlink_to(victim)
    with pytest.raises(FileExistsError):
        atomic.create_new(link, b"data\n")
    assert victim.read_text() == "precious\n"


def test_links_at_every_temporary_name_of_a_report_run(workbook_home, victim, tmp_path, capsys):
    """A real run (this process, one worker): page, notebook, log, keys, manifest, indexes."""
    from helpers.batch import cache, manifest
    from helpers.batch import run as batch

    template = write_minimal_template(tmp_path / "template.ipynb")
    outputs = workbook_home / "outputs"
    stem = "W06000018-caerphilly"
    planted = [
        outputs / "html" / f"{stem}.html",
        outputs / "notebooks" / f"{stem}.ipynb",
        outputs / "notebooks" / cache.KEYS_FILE,
        outputs / "logs" / f"{stem}.log",
        outputs / "logs" / manifest.MANIFEST_FILE,
        outputs / "index.html",
        outputs / "index.cy.html",
    ]
    for path in planted:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.temporary_path(path).symlink_to(victim)
    status = batch.run_reports(["caerphilly"], languages=("en",), template=template, jobs=1)
    assert status == 0, capsys.readouterr()
    assert victim.read_text() == "precious\n"
    for path in planted:
        assert path.is_file() and not path.is_symlink(), path
        assert not atomic.temporary_path(path).is_symlink(), path
