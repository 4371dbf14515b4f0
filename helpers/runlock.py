"""One writing run at a time per workbook, and nothing left behind by a killed one.

``build`` writes ``data/processed/`` and ``outputs/summary/``; ``report``
builds when it must, then writes pages, notebooks, logs, report keys, the
manifest and the index. Two such runs on the same workbook home would mix
their files (a page of one run listed in the other's index, a build swapped in
under a rendering run), so each holds the home's *run lock*,
``outputs/.run.lock``, from its start to its end (:func:`hold`). A second run
stops at once with one line naming the first (its process id, host, start
time and command: :class:`~helpers.errors.RunBusyError`, exit status 2), or
waits for it with ``--wait``.

The lock file is never opened through a symbolic link: it is created with
``O_EXCL | O_NOFOLLOW`` and opened with ``O_NOFOLLOW``, and a link found at
its path (planted by anyone who can write to ``outputs/``) is removed and
replaced by a lock file, its target left untouched.

The lock is an operating-system file lock (:func:`fcntl.flock`) on that file:
the kernel releases it when its process ends, however it ends (``kill -9``
included), so a killed run never blocks the next one, and a process id reused
by another program cannot pass for the owner. The file holds the owner's
details for the message, and is deleted when the run ends; a killed run
leaves it behind, harmless, and the next run takes it over. A run that made
``outputs/`` for its lock and wrote nothing there (an unknown council,
invalid data) removes it again.

Where ``flock`` is not available (Windows, a network file system without
locks) the file itself is the lock, created exclusively; a lock file whose
owner no longer runs on this host is stale and taken over, one from another
host is reported with its details for a person to judge.

:func:`remove_staging` removes what a killed build leaves beside the folders
it replaces (``.<name>-new-*`` staging folders, ``.<name>-old-*`` backups),
putting a backup back when the run was killed between the two renames.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import socket
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from helpers import atomic, config
from helpers.errors import FlockUnsupported, RunBusyError

#: The lock file, in ``outputs/``.
LOCK_NAME = ".run.lock"
#: Seconds between two attempts while waiting for another run.
POLL_SECONDS = 0.5
#: Seconds a new owner may take to write its details before the file counts as unreadable.
_DETAILS_GRACE = 2.0
#: errno values of a file system that does not support ``flock``.
_NO_FLOCK = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS}
#: Never open the lock through a link (0 where the platform has no such flag).
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
#: Staging folders (``.<name>-new-<random>``) and backups (``.<name>-old-<random>``)
#: that :func:`helpers.build.pipeline.write_outputs` makes beside each folder it replaces.
STAGING_NEW = "-new-"
STAGING_OLD = "-old-"

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: Locks this process holds: lock path -> [file descriptor, depth, holder's pid].
_HELD: dict[str, list] = {}
_COMMAND: list[str] = []


def lock_path() -> Path:
    """The run lock of the workbook home: ``outputs/.run.lock``."""
    return config.outputs_dir() / LOCK_NAME


def set_command(words: list[str]) -> None:
    """Record the command line of this process, as the lock shows it to another run."""
    _COMMAND[:] = [str(word) for word in words]


def _command() -> str:
    words = _COMMAND or [Path(sys.orig_argv[0]).name, *sys.orig_argv[1:]]
    text = " ".join(" ".join(str(word).split()) for word in words)
    return text if len(text) <= 200 else text[:199] + "\u2026"


def _details() -> dict[str, object]:
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started": datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": _command(),
    }


def read_owner(path: Path | None = None) -> dict | None:
    """The details the holder of the lock wrote (pid, host, started, command), or None.

    A link at the lock's path is not followed (None).
    """
    path = Path(path) if path is not None else lock_path()
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
        with os.fdopen(fd, "rb") as fh:
            owner = json.loads(fh.read(65536).decode("utf-8"))
    except (OSError, ValueError):
        return None
    return owner if isinstance(owner, dict) and "pid" in owner else None


def describe(owner: dict | None) -> str:
    """One line naming a run from its lock details."""
    if not owner:
        return "a run whose details could not be read"
    return (
        f"pid {owner.get('pid')} on {owner.get('host', '?')}, started "
        f"{owner.get('started', '?')}: {owner.get('command', '?')}"
    )


def _busy_message(owner: dict | None) -> str:
    return (
        f"another run is writing data/processed/ and outputs/ ({describe(owner)}); "
        "run again when it has finished, or add --wait to wait for it"
    )


def _write_details(fd: int) -> None:
    payload = (json.dumps(_details(), sort_keys=True) + "\n").encode("utf-8")
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, payload)


def _create(path: Path) -> int:
    """Create the lock file exclusively, and ``outputs/`` with it when missing.

    Raises FileExistsError when the file (or a link) exists. Descriptors are
    not inherited by child processes (kernels, workers).
    """
    while True:
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
        except FileNotFoundError:  # no outputs/ (yet, or again: see hold)
            path.parent.mkdir(parents=True, exist_ok=True)


def _remove_link(path: Path) -> bool:
    """Remove a symbolic link planted at the lock's path (never its target); whether one was."""
    if not path.is_symlink():
        return False
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    return True


def _open_existing(path: Path) -> int | None:
    """Open the lock file that exists, never through a link; None when it went meanwhile."""
    while True:
        try:
            return os.open(path, os.O_RDWR | _NOFOLLOW)
        except FileNotFoundError:
            return None
        except OSError as exc:
            # ELOOP: a link at the path, replaced by a lock file on the next attempt
            if exc.errno != errno.ELOOP or not _remove_link(path):
                raise
            return None


def _try_flock(path: Path) -> int | None:
    """Take the lock with ``flock``; return its file descriptor, or None when another run has it."""
    while True:
        try:
            fd, created = _create(path), True
        except FileExistsError:
            fd, created = _open_existing(path), False
            if fd is None:
                continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        except OSError as exc:
            os.close(fd)
            if exc.errno in _NO_FLOCK:
                if created:  # leave the path to the file lock
                    path.unlink(missing_ok=True)
                raise FlockUnsupported from exc
            raise
        # The previous owner deletes the file as it lets go: locked, but no longer
        # the lock file? Then try again on the file now at the path.
        try:
            current = os.stat(path)
        except FileNotFoundError:
            current = None
        if current is not None and os.path.samestat(os.fstat(fd), current):
            return fd
        os.close(fd)


def _try_file(path: Path) -> int | None:
    """Take the lock by creating the file exclusively (no ``flock``); None when taken."""
    for _attempt in range(3):
        try:
            return _create(path)
        except FileExistsError:
            if _remove_link(path):
                continue
        owner = read_owner(path)
        if owner is None:
            try:
                age = time.time() - path.stat().st_mtime
            except FileNotFoundError:
                continue
            if age < _DETAILS_GRACE:
                return None
        elif owner.get("host") != socket.gethostname() or atomic.pid_alive(int(owner["pid"])):
            return None
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # stale: its owner no longer runs on this host
    return None


def _acquire(path: Path) -> int | None:
    """Take the lock once: its file descriptor, or None when another run holds it."""
    if fcntl is not None:
        try:
            return _try_flock(path)
        except FlockUnsupported:
            pass
    return _try_file(path)


def _owner_of_busy_lock(path: Path) -> dict | None:
    """The details of the run holding the lock, giving a new owner time to write them."""
    deadline = time.monotonic() + _DETAILS_GRACE
    while True:
        owner = read_owner(path)
        if owner is not None or time.monotonic() >= deadline or not path.exists():
            return owner
        time.sleep(0.05)


def _release(path: Path, fd: int) -> None:
    try:
        with contextlib.suppress(OSError):
            if os.path.samestat(os.fstat(fd), os.stat(path)):
                path.unlink()
    finally:
        os.close(fd)  # lets go of the flock


@contextlib.contextmanager
def hold(*, wait: bool = False, on_wait: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Hold the run lock of the workbook home for the ``with`` block.

    Re-entrant within a process (a report run that builds takes it once).

    Parameters
    ----------
    wait : bool
        Wait for another run to finish instead of failing at once.
    on_wait : callable, optional
        Called once with a line saying what the run waits for.

    Yields
    ------
    Path
        The lock file.

    Raises
    ------
    RunBusyError
        If another run holds the lock and ``wait`` is false; its message
        names the other run (pid, host, start, command).
    """
    path = lock_path()
    key = str(path)
    held = _HELD.get(key)
    if held is not None and held[2] == os.getpid():
        held[1] += 1
        try:
            yield path
        finally:
            held[1] -= 1
        return
    made = not path.parent.exists()  # then outputs/ goes again if the run leaves it empty
    told = False
    while True:
        taken = _acquire(path)
        if taken is not None:
            break
        owner = _owner_of_busy_lock(path)
        if owner is None and not path.exists():
            continue  # let go while we looked: try again at once
        if not wait:
            raise RunBusyError(_busy_message(owner), owner=owner)
        if not told and on_wait is not None:
            on_wait(f"waiting for another run to finish ({describe(owner)})")
            told = True
        time.sleep(POLL_SECONDS)
    fd = taken
    try:
        try:
            _write_details(fd)
        except OSError as exc:  # a full disk, say: name the lock in the message
            exc.filename = exc.filename or str(path)
            raise
        _HELD[key] = [fd, 1, os.getpid()]
        yield path
    finally:
        _HELD.pop(key, None)
        _release(path, fd)
        if made:
            with contextlib.suppress(OSError):
                path.parent.rmdir()  # only when empty


def is_held() -> bool:
    """Whether this process holds the run lock of the workbook home."""
    held = _HELD.get(str(lock_path()))
    return held is not None and held[2] == os.getpid()


def remove_staging(targets: list[Path]) -> list[Path]:
    """Remove what a killed build left beside ``targets``; call it holding the lock.

    For each target folder, a backup ``.<name>-old-*`` is moved back into
    place when the target is missing (the build was killed between moving the
    old folder away and the new one in), and every other backup and staging
    folder ``.<name>-new-*`` is deleted. Only the holder of the run lock
    builds, so none of them belongs to a running build.

    Returns
    -------
    list of Path
        The folders deleted or restored.
    """
    handled = []
    for target in targets:
        target = Path(target)
        if not target.parent.is_dir():
            continue
        pattern = re.compile(
            re.escape(f".{target.name}") + f"({re.escape(STAGING_NEW)}|{re.escape(STAGING_OLD)})"
        )
        for leftover in sorted(target.parent.iterdir()):
            match = pattern.match(leftover.name)
            if not match or not leftover.is_dir():
                continue
            kept = leftover / target.name
            if match.group(1) == STAGING_OLD and not target.exists() and kept.is_dir():
                kept.rename(target)
            shutil.rmtree(leftover, ignore_errors=True)
            handled.append(leftover)
    return handled


__all__ = [
    "LOCK_NAME",
    "describe",
    "hold",
    "is_held",
    "lock_path",
    "read_owner",
    "remove_staging",
    "set_command",
]
