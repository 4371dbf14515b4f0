"""The proof a build leaves with its files, and the check of it before anything is rendered.

``build`` writes two folders, ``data/processed/`` and ``outputs/summary/``, and
swaps them into place one after the other. A report must show only figures
that ``build`` wrote, so the build record (``data/processed/build_info.json``)
carries

* ``sha256``: the SHA-256 of every file the build wrote in each folder
  (``{"processed": {name: digest}, "summary": {name: digest}}``);
* ``build_id``: one identifier of the whole build, the SHA-256 of those
  digests and of the rest of the record (:func:`build_id`). It depends on the
  content alone (no clock, no random number), so rebuilding the same raw data
  gives the same identifier and byte-identical files.

The same identifier is written into ``outputs/summary/`` as the hidden file
``.build`` (:data:`SUMMARY_MARK`), so the two folders of one build name each
other.

:func:`check` compares the folders with the record: a file missing, changed
or not written by the build, a record edited by hand, or a summary folder of
another build (a build killed between its two swaps) is one line naming what
was found. ``report`` builds again from the raw data when it gets one
(:func:`helpers.batch.building.ensure_built`). The proof guards against accidents and
casual edits, not against someone who recomputes every digest: it is not a
signature.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from helpers import config

#: The build record, in ``data/processed/``.
BUILD_INFO = "build_info.json"
#: The build's identifier in ``outputs/summary/`` (hidden: the folder publishes six tables).
SUMMARY_MARK = ".build"
#: Files of ``data/processed/`` written by people and kept across builds (not in the proof).
KEPT_FILES = ("README.md",)
#: Keys of the build record that hold the proof.
DIGESTS_KEY = "sha256"
ID_KEY = "build_id"
PROCESSED, SUMMARY = "processed", "summary"


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def folder_digests(folder: Path, names: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``{name: SHA-256}`` of the named files of ``folder``, sorted by name."""
    return {name: file_digest(Path(folder) / name) for name in sorted(names)}


def build_id(info: dict) -> str:
    """The identifier of a build: the SHA-256 of its record without the identifier itself.

    The record holds the digest of every file, so the identifier changes when
    any file, or any other entry of the record, does.
    """
    body = {key: value for key, value in info.items() if key != ID_KEY}
    text = json.dumps(body, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(f"lgdata build\n{text}".encode()).hexdigest()


def seal(
    info: dict,
    processed: tuple[Path, list[str]],
    summary: tuple[Path, list[str]],
) -> dict:
    """The build record ``info`` with the digests of both folders' files and the build's id.

    Parameters
    ----------
    info : dict
        The record so far (fingerprint, counts, file lists).
    processed, summary : (folder, names)
        Each folder as written (staged) and the names of the files the build
        wrote there (the record itself and the kept files excluded).

    Returns
    -------
    dict
        A new record; write :func:`summary_mark` of it into the summary folder.
    """
    sealed = dict(info)
    sealed[DIGESTS_KEY] = {
        PROCESSED: folder_digests(*processed),
        SUMMARY: folder_digests(*summary),
    }
    sealed[ID_KEY] = build_id(sealed)
    return sealed


def summary_mark(info: dict) -> str:
    """The text of ``outputs/summary/.build`` for a sealed record."""
    return json.dumps({ID_KEY: info[ID_KEY]}, sort_keys=True) + "\n"


def _shown(path: Path) -> str:
    try:
        return path.relative_to(config.home()).as_posix()
    except ValueError:
        return path.as_posix()


def _read_json(path: Path) -> dict | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _digests(info: dict) -> tuple[dict, dict] | None:
    recorded = info.get(DIGESTS_KEY)
    if not isinstance(recorded, dict):
        return None
    parts = recorded.get(PROCESSED), recorded.get(SUMMARY)
    if not all(isinstance(part, dict) and part for part in parts):
        return None
    return parts  # type: ignore[return-value]


def _folder_problems(folder: Path, recorded: dict, ignored: set[str]) -> list[str]:
    problems = []
    for name, digest in sorted(recorded.items()):
        path = folder / name
        if path.is_symlink() or not path.is_file():
            state = "is not a file build wrote" if path.exists() else "is missing"
            problems.append(f"{_shown(path)} {state}")
        elif file_digest(path) != digest:
            problems.append(f"{_shown(path)} was changed after build wrote it")
    for path in sorted(folder.iterdir()):
        if path.name not in recorded and path.name not in ignored:
            problems.append(f"{_shown(path)} was not written by build")
    return problems


def check(processed_dir: Path | None = None, summary_dir: Path | None = None) -> list[str]:
    """Compare both folders with the build record; one line for each problem (none: all good).

    Each line names a path: a file missing, changed or not written by the
    build, a record without a proof or changed by hand, or a summary folder
    that another build wrote.
    """
    processed_dir = Path(processed_dir) if processed_dir is not None else config.processed_dir()
    summary_dir = Path(summary_dir) if summary_dir is not None else config.summary_dir()
    record = processed_dir / BUILD_INFO
    if not processed_dir.is_dir():
        return [f"{_shown(processed_dir)}/ is missing"]
    if not summary_dir.is_dir():
        return [f"{_shown(summary_dir)}/ is missing"]
    if not record.is_file():
        return [f"{_shown(record)} is missing"]
    info = _read_json(record)
    if info is None:
        return [f"{_shown(record)} is not a build record (it cannot be read)"]
    digests = _digests(info)
    if digests is None or not isinstance(info.get(ID_KEY), str):
        return [f"{_shown(record)} holds no proof of the files (an older build wrote it)"]
    if build_id(info) != info[ID_KEY]:
        return [f"{_shown(record)} was changed after build wrote it"]
    mark_path = summary_dir / SUMMARY_MARK
    mark = _read_json(mark_path)
    if mark is None:
        return [f"{_shown(mark_path)} is missing: {_shown(summary_dir)}/ is not this build's"]
    if mark.get(ID_KEY) != info[ID_KEY]:
        return [
            f"{_shown(summary_dir)}/ and {_shown(processed_dir)}/ are from different builds "
            "(a build stopped half-way?)"
        ]
    processed, summary = digests
    return [
        *_folder_problems(processed_dir, processed, {BUILD_INFO, *KEPT_FILES}),
        *_folder_problems(summary_dir, summary, {SUMMARY_MARK}),
    ]


def describe(problems: list[str]) -> str:
    """The problems of :func:`check` as one line: the first, and how many more."""
    if not problems:
        return ""
    more = len(problems) - 1
    return problems[0] + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")


__all__ = [
    "BUILD_INFO",
    "SUMMARY_MARK",
    "build_id",
    "check",
    "describe",
    "file_digest",
    "folder_digests",
    "seal",
    "summary_mark",
]
