"""Writing files without following links: created exclusively, moved into place when complete.

Everything the workbook writes goes through here: report pages, notebooks,
logs, the manifest, the indexes, report keys, the synthetic data, and the
files of a build. A folder shared with colleagues (a network drive) lets any
of them plant a symbolic link where the workbook is about to write; writing
*through* such a link would overwrite the file it points at, anywhere the
user can write. So:

* a new file is created with ``O_CREAT | O_EXCL | O_NOFOLLOW``
  (:func:`create_new`): it fails rather than open anything already at the
  path, a link included;
* a file is replaced by writing a temporary file beside it
  (``.<name>.tmp-<pid>``, :func:`temporary_path`) created that way, then
  moving it onto the name with :func:`os.replace`, which replaces a link at
  the name instead of following it (:func:`write_atomic`). Whatever sits at
  the temporary name (a planted link, or the file of a killed run that had
  the same process id) is removed first, never opened.

Readers see the old file or the new one, never half of one; a failed or
interrupted write removes its temporary file and leaves the old file as it
was. Only a killed process leaves one behind, which
:func:`remove_stale_temporaries` deletes once that process is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

#: Marker of a temporary file (``.<name>.tmp-<pid>``), left only by a killed process.
TMP_MARK = ".tmp-"
#: Flags of a new file: created here and now, never through a link (0 where unknown).
NEW_FILE_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
)
#: How often a temporary name taken by something else is cleared before giving up.
_ATTEMPTS = 5


def temporary_path(path: Path | str) -> Path:
    """Return the temporary name under which ``path`` is written: ``.<name>.tmp-<pid>``."""
    path = Path(path)
    return path.with_name(f".{path.name}{TMP_MARK}{os.getpid()}")


def create_new(path: Path | str, data: bytes, mode: int = 0o666) -> None:
    """Create ``path`` with ``data``; fail if anything (a file, a link) is already there.

    The file gets ``mode`` less the process's umask, as :func:`open` gives.

    Raises
    ------
    FileExistsError
        If the path exists, or is a link (even one to nothing).
    """
    fd = os.open(path, NEW_FILE_FLAGS, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    os.close(fd)


def write_atomic(path: Path | str, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half.

    The data go to :func:`temporary_path` in the same folder, created
    exclusively and without following links, which is then moved into place
    with :func:`os.replace` (a link at ``path`` is replaced, not followed). If
    anything fails (or the run is interrupted) the temporary file is removed
    and ``path`` is unchanged.

    Parameters
    ----------
    path : path
        The file to write; its folder is created if needed.
    data : str or bytes
        The content; text is written as UTF-8 with ``\\n`` line ends.

    Returns
    -------
    Path
        ``path``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = temporary_path(path)
    try:
        for attempt in range(_ATTEMPTS):
            try:
                create_new(tmp, payload)
                break
            except FileExistsError:
                if attempt == _ATTEMPTS - 1:
                    raise
                # ours by its name (this process id): a planted link or a dead run's file
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (on this machine); True when it cannot be told."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def remove_stale_temporaries(
    folders: Iterable[Path | str], *, only_dead: bool = True
) -> list[Path]:
    """Delete temporary files (``.<name>.tmp-<pid>``) left by interrupted writers.

    Parameters
    ----------
    folders : iterable of path
        Folders to search, with their sub-folders; missing ones are skipped.
    only_dead : bool, default True
        Delete only files whose writing process no longer runs, so that another
        run writing to the same folders at the same time is not disturbed.

    Returns
    -------
    list of Path
        The files deleted.
    """
    pattern = re.compile(r"^\..+" + re.escape(TMP_MARK) + r"(\d+)$")
    removed = []
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        for path in folder.rglob(f".*{TMP_MARK}*"):
            match = pattern.match(path.name)
            if not match or not (path.is_symlink() or path.is_file()):
                continue
            if only_dead and pid_alive(int(match.group(1))):
                continue
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    return removed


__all__ = [
    "TMP_MARK",
    "create_new",
    "pid_alive",
    "remove_stale_temporaries",
    "temporary_path",
    "write_atomic",
]
