"""The processed data built before any report renders, when missing or stale.

A run reads no figure before :func:`ensure_built`: ``data/processed/`` and
``outputs/summary/`` are built again when missing, built from other raw data
(by fingerprint), or holding a file that is missing, changed or from another
build than the record says (:mod:`helpers.build.integrity`; docs/operations.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from helpers import config
from helpers.batch.failures import describe_os_error
from helpers.errors import ContractError, IntegrityError

#: The file the build writes last; its time is the time of the build.
BUILD_MARKER = "build_info.json"
#: The reason to build when there is no build of these raw data.
_STALE = "data/processed/ is missing or was built from other raw data"


def build_reason(raw_dir: Path | str | None = None) -> str | None:
    """Why ``data/processed/`` and ``outputs/summary/`` must be built before rendering, or None.

    The build records the raw files' fingerprint and the SHA-256 of every file
    it writes in ``data/processed/build_info.json`` (:mod:`helpers.build.integrity`).
    The processed data must be built again when that file or
    ``outputs/summary/`` is missing, when the fingerprint of the raw folder
    (``raw_dir``, default ``data/raw/``) now differs (new exports, whatever
    their file dates, or a build from another folder), or when a file of
    either folder is missing, changed, not written by the build, or from
    another build (:func:`helpers.build.integrity.check`); the reason is one line
    naming what was found.
    """
    from helpers.build import integrity
    from helpers.data import contract

    marker = config.processed_dir() / BUILD_MARKER
    summary = config.summary_dir() / "response_rates.csv"
    if not marker.is_file() or not summary.is_file():
        return _STALE
    try:
        built = json.loads(marker.read_text(encoding="utf-8")).get("fingerprint")
    except (OSError, ValueError, AttributeError):
        return _STALE
    if built != contract.raw_fingerprint(raw_dir):
        return _STALE
    problems = integrity.check()
    return integrity.describe(problems) if problems else None


def needs_build(raw_dir: Path | str | None = None) -> bool:
    """Whether the processed data must be built before rendering (:func:`build_reason`)."""
    return build_reason(raw_dir) is not None


def ensure_built(
    log: Callable[[str], None] | None = None, raw_dir: Path | str | None = None
) -> bool:
    """Build the processed data from ``raw_dir`` (default ``data/raw/``) when :func:`needs_build`.

    Says why in one line (``log``). Returns whether it built.

    Raises
    ------
    IntegrityError
        If a processed or summary file was missing or changed and the raw
        data cannot build them again (they break the data contract): exit 2,
        the file named, nothing rendered.
    """
    reason = build_reason(raw_dir)
    if reason is None:
        return False
    from helpers.build import pipeline

    if reason == _STALE:
        if log:
            log(f"{_STALE}: building it first")
        pipeline.build(raw_dir)
        return True
    if log:
        log(f"{reason}: building it again from the raw data")
    try:
        pipeline.build(raw_dir)
    except ContractError:
        raise IntegrityError(
            f"{reason}, and the raw data cannot build it again: they break the data contract "
            "(python -m helpers validate lists the problems); nothing was rendered"
        ) from None
    except OSError as exc:
        raise IntegrityError(
            f"{reason}, and it cannot be built again ({describe_os_error(exc)}); "
            "nothing was rendered"
        ) from None
    return True
