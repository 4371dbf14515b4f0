"""The run lock: one writing run per workbook home; a killed run never blocks the next.

The other run is a real process (``python -c``) holding the lock of the same
``WORKBOOK_HOME``; the flock tests kill it with SIGKILL as ``kill -9`` would.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import config, runlock
from helpers.__main__ import main
from helpers.build import pipeline
from helpers.errors import RunBusyError

HOLDER = """\
import sys, time
from helpers import runlock
runlock.set_command(["python -m helpers report --all --force"])
with runlock.hold():
    print("held", flush=True)
    time.sleep(float(sys.argv[1]))
print("released", flush=True)
"""


@pytest.fixture
def holder(workbook_home):
    """Start a process holding the run lock of ``workbook_home`` for N seconds."""
    started: list[subprocess.Popen] = []

    def start(seconds: float = 60) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(seconds)],
            cwd=config.PROJECT_ROOT,
            env={**os.environ, config.HOME_ENV: str(workbook_home)},
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        assert process.stdout.readline().strip() == "held"
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_the_lock_file_lives_while_the_run_holds_it(workbook_home):
    path = workbook_home / "outputs" / ".run.lock"
    assert runlock.lock_path() == path
    assert not runlock.is_held()
    with runlock.hold() as held:
        assert held == path and runlock.is_held()
        owner = json.loads(path.read_text(encoding="utf-8"))
        assert owner["pid"] == os.getpid() and owner["host"] == socket.gethostname()
        with runlock.hold():  # re-entrant: a report run that builds
            assert runlock.is_held()
        assert runlock.is_held() and path.exists()
    assert not runlock.is_held()
    assert not path.exists()  # nothing left behind
    assert not path.parent.exists()  # outputs/ was made for the lock only: gone again
    with runlock.hold():
        (path.parent / "index.html").write_text("written by the run")
    assert sorted(p.name for p in path.parent.iterdir()) == ["index.html"]


def test_a_second_run_stops_at_once_naming_the_first(workbook_home, holder):
    other = holder()
    started = time.monotonic()
    with pytest.raises(RunBusyError) as busy, runlock.hold():
        pass
    assert time.monotonic() - started < 5
    message = str(busy.value)
    assert "\n" not in message
    assert f"pid {other.pid} on {socket.gethostname()}, started " in message
    assert "python -m helpers report --all --force" in message
    assert "--wait" in message
    assert busy.value.owner["pid"] == other.pid
    assert (workbook_home / "outputs" / ".run.lock").exists()  # still the other run's


def test_build_on_the_command_line_refuses_in_one_line(workbook_home, holder, capsys):
    other = holder()
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("error: another run is writing data/processed/ and outputs/ ")
    assert f"(pid {other.pid} on " in err
    assert not (workbook_home / "data" / "processed").exists()  # nothing built
    with pytest.raises(RunBusyError):
        pipeline.build()  # the library function is covered too


def test_a_killed_run_never_blocks_the_next(workbook_home, holder):
    other = holder()
    os.kill(other.pid, signal.SIGKILL)
    other.wait()
    path = workbook_home / "outputs" / ".run.lock"
    assert runlock.read_owner(path)["pid"] == other.pid  # its details are left behind
    started = time.monotonic()
    assert main(["build"]) == 0  # taken over at once
    assert time.monotonic() - started < 30
    assert not path.exists()


def test_wait_waits_for_the_other_run(workbook_home, holder, capsys):
    other = holder(seconds=2)
    started = time.monotonic()
    assert main(["build", "--wait"]) == 0
    assert time.monotonic() - started >= 1
    assert other.wait(timeout=30) == 0
    err = capsys.readouterr().err
    assert err.count("waiting for another run to finish") == 1
    assert f"pid {other.pid}" in err


def test_wait_is_told_once(workbook_home, holder):
    holder(seconds=1.5)
    said: list[str] = []
    with runlock.hold(wait=True, on_wait=said.append):
        assert runlock.is_held()
    assert len(said) == 1 and said[0].startswith("waiting for another run to finish (pid ")


def test_a_lock_let_go_while_looked_at_is_taken(workbook_home, monkeypatch):
    """The owner deletes the file as it lets go: a run that opened it just before tries again."""
    path = runlock.lock_path()
    path.parent.mkdir(parents=True)
    attempts = []
    real = runlock._try_flock

    def let_go_first(target):
        attempts.append(target)
        if len(attempts) == 1:
            return None  # busy, and by the time the details are read the file is gone
        return real(target)

    monkeypatch.setattr(runlock, "_try_flock", let_go_first)
    with runlock.hold():
        pass
    assert len(attempts) == 2


# --------------------------------------------------------------------------
# Without flock (Windows, a network file system without locks): the file is the lock
# --------------------------------------------------------------------------
@pytest.fixture
def no_flock(monkeypatch):
    monkeypatch.setattr(runlock, "fcntl", None)


def _lock_file(details: dict) -> Path:
    path = runlock.lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(details), encoding="utf-8")
    return path


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_without_flock_a_dead_owner_on_this_host_is_taken_over(workbook_home, no_flock):
    path = _lock_file({"pid": _dead_pid(), "host": socket.gethostname(), "command": "x"})
    with runlock.hold():
        assert runlock.read_owner(path)["pid"] == os.getpid()
    assert not path.exists()


def test_without_flock_a_live_owner_or_another_host_is_respected(workbook_home, no_flock):
    path = _lock_file({"pid": os.getppid(), "host": socket.gethostname(), "command": "alive"})
    with pytest.raises(RunBusyError, match="alive"), runlock.hold():
        pass
    _lock_file({"pid": _dead_pid(), "host": "elsewhere.example", "command": "remote"})
    with pytest.raises(RunBusyError, match=r"on elsewhere\.example.*remote"), runlock.hold():
        pass
    assert path.exists()


def test_a_file_system_without_flock_falls_back_to_the_file(workbook_home, monkeypatch):
    def unsupported(fd, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(runlock.fcntl, "flock", unsupported)
    with runlock.hold() as path:
        assert runlock.read_owner(path)["pid"] == os.getpid()
        assert runlock._try_file(path) is None  # another run would find it taken
    assert not path.exists()
