"""Failures of the user's environment as one line each, never a traceback.

The command line (:mod:`helpers.__main__`) uses these so that every failure
ends with one short message on stderr and its exit status:

* a path that cannot be written or read (permissions, a read-only or
  locked folder, a file where a folder is expected, a full disk):
  :func:`describe_os_error`, exit status 2;
* a start that cannot succeed (``WORKBOOK_HOME`` naming a file, no raw data
  folder) is refused before any folder is made (:func:`check_start`), exit 2;
* SIGTERM stops a run like Ctrl-C does, cleaning up as it goes
  (:func:`terminate_like_interrupt`), exit 143 with the word "terminated"
  (Ctrl-C: 130, "interrupted");
* a reader that stops reading (``validate | head -1``): the rest of the output
  is dropped silently, exit 141, as for any command killed by SIGPIPE
  (:func:`drop_output`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

from helpers import config
from helpers.errors import ContractError, Terminated, WorkbookError

#: Exit statuses (docs/operations.md).
EXIT_ENVIRONMENT = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
EXIT_TERMINATED = 143

#: What to do about an error, by errno.
_ADVICE = {
    errno.EACCES: "check that you may write there and that the folder is not read-only or locked",
    errno.EPERM: "check that you may write there and that the folder is not read-only or locked",
    errno.EROFS: "the file system is read-only: use a workbook folder you can write to",
    errno.ENOSPC: "the disk is full: free some space and run again",
    errno.EDQUOT: "your disk quota is used up: free some space and run again",
    errno.ENOTDIR: "a file stands where a folder is expected: move it away, or check WORKBOOK_HOME",
    errno.EISDIR: "a folder stands where a file is expected: move it away",
    errno.ENOENT: "check that the path exists",
    errno.ELOOP: "a symbolic link stands where the workbook writes: remove it",
}


def shown(path: object) -> str:
    """A path as the messages show it: relative to the workbook home when inside it."""
    path = Path(str(path))
    with contextlib.suppress(ValueError, OSError):
        return path.absolute().relative_to(config.home()).as_posix()
    return str(path)


def describe_os_error(exc: OSError) -> str:
    """One line for an operating-system error: the path, the reason, what to do."""
    reason = exc.strerror or type(exc).__name__
    where = f"{shown(exc.filename)}: " if exc.filename else ""
    advice = _ADVICE.get(exc.errno or 0)
    return f"{where}{reason}" + (f" ({advice})" if advice else "")


def check_start(command: str, raw_dir: Path | str | None) -> None:
    """Refuse a run that cannot succeed before it makes any folder.

    Raises
    ------
    WorkbookError
        If ``WORKBOOK_HOME`` names something that is not a folder.
    ContractError
        If ``build`` or ``report`` has no raw data folder (the data contract's
        own message); nothing is created.
    """
    value = os.environ.get(config.HOME_ENV, "").strip()
    if value and Path(value).exists() and not Path(value).is_dir():
        raise WorkbookError(
            f"{config.HOME_ENV} is {value}, which is not a folder; set it to the folder "
            "that holds data/ and outputs/ (or unset it)"
        )
    if command not in ("build", "report"):
        return
    folder = Path(raw_dir) if raw_dir is not None else config.raw_dir()
    if not folder.is_dir():
        from helpers.data import contract

        report = contract.validate(folder)  # names the folder, reads nothing else
        raise ContractError(report.problems, report.summary)


@contextlib.contextmanager
def terminate_like_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`~helpers.errors.Terminated` (a KeyboardInterrupt).

    The run then stops as after Ctrl-C: workers stopped, temporary files
    removed, the lock let go. A second SIGTERM during that clean-up is
    ignored. Outside the main thread nothing changes.
    """

    def _terminate(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def drop_output() -> None:
    """After a broken pipe: send what is left of stdout nowhere, so that exit prints nothing."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_ENVIRONMENT",
    "EXIT_INTERRUPTED",
    "EXIT_TERMINATED",
    "check_start",
    "describe_os_error",
    "drop_output",
    "shown",
    "terminate_like_interrupt",
]
