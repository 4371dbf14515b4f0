"""The report cache: each report's key, and the keys stored beside the notebooks.

A report is up to date when its key (:func:`report_key`: a hash of its template,
the helper package's source, translation catalogues and page templates, the
processed data, the versions of the libraries that render it, and its
parameters) matches the one stored in ``outputs/notebooks/.keys.json`` and both
of its files exist. Files are hashed with :mod:`hashlib`, and versions read from
the installed metadata, so that a re-run with nothing changed imports none of
the analysis stack (docs/operations.md).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from helpers import atomic, config, i18n
from helpers.batch.records import RENDERED
from helpers.errors import MissingDataError

#: Where the key of every rendered report is stored (beside the notebooks).
KEYS_FILE = ".keys.json"
#: Bump to re-render everything after a change in how keys are computed.
KEY_VERSION = 1
#: The helper package's source folder, part of every key (tests point it elsewhere).
SOURCE_DIR = config.PACKAGE_DIR
#: The folders of page templates under :data:`SOURCE_DIR`, each hashed whole.
TEMPLATE_DIRS = (("templates", "render/templates"), ("batch-templates", "batch/templates"))
#: Installed packages whose version can change what a report shows.
RENDERING_PACKAGES = (
    "babel", "ipykernel", "jinja2", "matplotlib", "mistune", "nbconvert", "nbformat", "numpy",
    "pandas", "papermill", "pillow", "pygments", "scipy", "seaborn", "statsmodels",
)  # fmt: skip


@dataclass(frozen=True)
class StoredKey:
    """A report's entry in the stored keys: its key when rendered, or why it failed.

    A failed report has no key (it renders again on the next run), and keeps the
    ``cell`` and ``error`` of its failure.
    """

    key: str | None
    status: str
    cell: str | None = None
    error: str | None = None

    @classmethod
    def from_json(cls, entry: Any) -> StoredKey:
        """The entry as read from ``.keys.json`` (anything unreadable: no key, no status)."""
        if not isinstance(entry, dict):
            return cls(None, "")
        return cls(entry.get("key"), entry.get("status", ""), entry.get("cell"), entry.get("error"))

    def to_json(self) -> dict[str, Any]:
        """The entry as written to ``.keys.json``: a rendered report's key and status only."""
        if self.status == RENDERED:
            return {"key": self.key, "status": self.status}
        return {"key": self.key, "status": self.status, "cell": self.cell, "error": self.error}


def _hash_tree(digest: Any, label: str, folder: Path, patterns: Sequence[str]) -> None:
    files = set()
    if folder.is_dir():
        for pattern in patterns:
            files.update(p for p in folder.glob(pattern) if p.is_file())
    for path in sorted(files):
        relative = path.relative_to(folder)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
            continue
        with open(path, "rb") as fh:
            content = hashlib.file_digest(fh, "sha256").hexdigest()
        digest.update(f"{label}/{relative.as_posix()}\0{content}\n".encode())


def hash_inputs(template: Path | str | None = None) -> str:
    """Return the hash of everything a report depends on, besides its parameters.

    The template notebook; the helper package's source (every ``*.py`` under
    :data:`SOURCE_DIR`, its translation catalogues, its nbconvert and index page
    templates, :data:`TEMPLATE_DIRS`); the processed data (``data/processed/**``
    and ``outputs/summary/**``); the versions of Python and of the packages that
    render a report (:func:`library_versions`). Files are hashed by content with
    their relative paths, so moving the workbook keeps the keys.
    """
    template = Path(template) if template is not None else Path(config.TEMPLATE)
    digest = hashlib.sha256(f"lgdata report key v{KEY_VERSION}\n".encode())
    if not template.is_file():
        raise MissingDataError(f"the report template {template.name} does not exist")
    digest.update(b"template\0" + hashlib.sha256(template.read_bytes()).hexdigest().encode())
    source = Path(SOURCE_DIR)
    _hash_tree(digest, "helpers", source, ("**/*.py", "**/*.po"))
    for label, folder in TEMPLATE_DIRS:
        _hash_tree(digest, label, source / folder, ("**/*",))
    _hash_tree(digest, "processed", config.processed_dir(), ("**/*",))
    _hash_tree(digest, "summary", config.summary_dir(), ("**/*",))
    digest.update(library_versions().encode())
    return digest.hexdigest()


def library_versions() -> str:
    """Python's version and those of :data:`RENDERING_PACKAGES`, one per line (part of every key).

    Upgrading, say, matplotlib re-renders every report; reading versions from
    the installed metadata imports none of the packages.
    """
    lines = [f"python {sys.version.split()[0]}"]
    for name in RENDERING_PACKAGES:
        try:
            lines.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{name} -")
    return "\n".join(lines) + "\n"


def report_parameters(council_code: str) -> dict[str, str]:
    """The parameters papermill injects into the template for one council.

    The language is not a parameter: each language has its own template,
    whose parameters cell holds it.
    """
    return {"council_code": council_code}


def report_key(inputs_hash: str, council_code: str, language: str = i18n.ENGLISH) -> str:
    """The key of one report: the inputs' hash (its template's), its parameters and language."""
    parameters = json.dumps(report_parameters(council_code), sort_keys=True)
    return hashlib.sha256(f"{inputs_hash}\0{parameters}\0{language}".encode()).hexdigest()


def keys_path() -> Path:
    """``outputs/notebooks/.keys.json``: the stored keys."""
    return config.notebooks_dir() / KEYS_FILE


def read_keys(path: Path | None = None) -> dict[str, StoredKey]:
    """Read the stored report keys, by report stem (empty if none)."""
    path = path or keys_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    reports = data.get("reports") if isinstance(data, dict) else None
    if not isinstance(reports, dict):
        return {}
    return {stem: StoredKey.from_json(entry) for stem, entry in reports.items()}


def write_keys(keys: dict[str, StoredKey], path: Path | None = None) -> None:
    """Store the report keys (atomically, sorted)."""
    path = path or keys_path()
    reports = {stem: entry.to_json() for stem, entry in keys.items()}
    text = json.dumps({"version": KEY_VERSION, "reports": reports}, indent=1, sort_keys=True)
    atomic.write_atomic(path, text + "\n")
