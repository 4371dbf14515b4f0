"""The data contract (docs/data-contract.md): check and load the raw survey exports.

The only package that reads ``data/raw/``, and only the files the contract
names; it never writes. :func:`validate` reports every problem (up to
:data:`MAX_PROBLEMS`) as ``FILE:LINE: column COL: problem (expected ...)``;
:func:`load_raw` returns the checked tables in canonical form or raises
:class:`~helpers.errors.ContractError`; :func:`check_welsh` asks for the Welsh
texts that Welsh reports print. In layers: :mod:`.reader` reads the bytes,
:mod:`.schemas` declares each file's schema and :mod:`.rules` the checks across
rows and files, :mod:`.formatter` words pandera's failures, :mod:`.steps`
checks the files in turn, :mod:`.frames` puts them in canonical form and
:mod:`.welsh` checks the Welsh texts. Nothing returned depends on when or where
the files were written: the data set's date comes from ``dataset.csv``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import config
from helpers.data.columns import COUNCIL_CODE, COUNT, DATA_DATE, GROUP, LANG, ORDER
from helpers.data.contract import steps
from helpers.data.contract.frames import canonical
from helpers.data.contract.problems import MAX_PROBLEMS, Problem, Problems, ValidationReport
from helpers.data.contract.reader import Table, display, fingerprint_part, parse_table
from helpers.data.contract.reader import raw_fingerprint as raw_fingerprint
from helpers.data.contract.rules import Context
from helpers.data.contract.schemas import (
    BIDI_CONTROLS,
    COMMENTS_CSV,
    CONTRACT_FILES,
    COUNCILS_CSV,
    DATASET_CSV,
    FINDINGS_CSV,
    FRAMEWORK_CSV,
    INVITATIONS_CSV,
    PUBLIC_SURVEY_CSV,
    QUESTIONS_CSV,
    RAW_SCHEMAS,
    REQUIRED_FILES,
    RESPONSES_CSV,
    SCHEMAS,
    TEXT_COLUMNS,
    WELSH_COLUMNS,
)
from helpers.data.contract.welsh import check_welsh_texts
from helpers.data.councils import CouncilRegistry
from helpers.errors import ContractError

__all__ = [
    "BIDI_CONTROLS",
    "CONTRACT_FILES",
    "DATASET_CSV",
    "FINDINGS_CSV",
    "FRAMEWORK_CSV",
    "INVITATIONS_CSV",
    "MAX_PROBLEMS",
    "PUBLIC_SURVEY_CSV",
    "QUESTIONS_CSV",
    "RAW_SCHEMAS",
    "REQUIRED_FILES",
    "RESPONSES_CSV",
    "SCHEMAS",
    "TEXT_COLUMNS",
    "WELSH_COLUMNS",
    "Problem",
    "RawData",
    "ValidationReport",
    "check_welsh",
    "load_raw",
    "load_registry",
    "raw_fingerprint",
    "validate",
]


@dataclass(frozen=True, eq=False)
class RawData:
    """The raw data set, checked and in canonical form (see :func:`load_raw`).

    Each table has the contract's columns (required, then optional: None where
    empty or absent), vocabularies in canonical spelling and missing values as
    None, in object columns except ``invitations.invited`` and ``findings.order``
    (int64), ``questions.reverse`` (bool) and ``public_survey.weight`` (float, 1.0
    where empty). Councils are sorted by code, invitations by code and group,
    the framework by characteristic and findings by code, theme and order; the
    others keep the file's order. ``responses`` has the question columns in
    questions.csv's order, without the empty submissions, which
    ``empty_submissions`` counts per council and group. ``public_survey`` is
    None when the file is absent; ``comments`` (``lang`` ``en`` where empty)
    and ``findings`` are then empty. ``fingerprint`` identifies the files'
    content (:func:`raw_fingerprint`); ``data_date`` is dataset.csv's date or
    ``""``, never a file time or the clock.
    """

    councils: pd.DataFrame
    invitations: pd.DataFrame
    questions: pd.DataFrame
    responses: pd.DataFrame
    public_survey: pd.DataFrame | None
    framework: pd.DataFrame
    comments: pd.DataFrame
    findings: pd.DataFrame
    empty_submissions: pd.DataFrame
    fingerprint: str
    data_date: str

    @cached_property
    def registry(self) -> CouncilRegistry:
        """The councils as a :class:`~helpers.data.councils.CouncilRegistry`."""
        return CouncilRegistry.from_frame(self.councils)


def validate(raw_dir: Path | str | None = None) -> ValidationReport:
    """Check the raw data folder (default ``config.raw_dir()``) against the contract.

    Every problem found, and a one-line summary; a missing folder or file is a
    problem, not an exception. Nothing on disk is changed.
    """
    return _inspect(raw_dir, CONTRACT_FILES, frames=False)[0]


def load_raw(raw_dir: Path | str | None = None) -> RawData:
    """The raw data, checked and in canonical form; ContractError lists every problem."""
    report, result = _inspect(raw_dir, CONTRACT_FILES)
    if report.problems:
        raise ContractError(report.problems, report.summary)
    frames = result.frames
    comments = pd.DataFrame(columns=[*SCHEMAS[COMMENTS_CSV][0], LANG], dtype=object)
    findings = pd.DataFrame(columns=[*SCHEMAS[FINDINGS_CSV][0], *SCHEMAS[FINDINGS_CSV][1]])
    return RawData(
        councils=frames[COUNCILS_CSV],
        invitations=frames[INVITATIONS_CSV],
        questions=frames[QUESTIONS_CSV],
        responses=frames[RESPONSES_CSV],
        public_survey=frames.get(PUBLIC_SURVEY_CSV),
        framework=frames[FRAMEWORK_CSV],
        comments=frames.get(COMMENTS_CSV, comments),
        findings=frames.get(FINDINGS_CSV, findings.astype(object).astype({ORDER: "int64"})),
        empty_submissions=result.empty_submissions,
        fingerprint=result.fingerprint,
        data_date=result.data_date,
    )


def load_registry(raw_dir: Path | str | None = None) -> CouncilRegistry:
    """The council registry from councils.csv alone; ContractError lists every problem of
    the folder, as :func:`validate` does, when councils.csv breaks a rule."""
    report, result = _inspect(raw_dir, (COUNCILS_CSV,))
    if report.problems:
        report = validate(raw_dir)
        raise ContractError(report.problems, report.summary)
    return CouncilRegistry.from_frame(result.frames[COUNCILS_CSV])


def check_welsh(
    raw_dir: Path | str | None = None, council_codes: Iterable[str] | None = None
) -> ValidationReport:
    """The contract's problems, or, when there are none, one per Welsh text that the Welsh
    reports of ``council_codes`` (codes or short names; every council when None) print and
    the data lack (docs/data-contract.md#the-welsh-check). A Welsh report never falls back
    to English. Raises UnknownCouncilError for a council not in councils.csv."""
    if isinstance(council_codes, str):
        council_codes = [council_codes]

    def welsh(problems: Problems, result: _Result, shown: Path) -> str:
        if problems.count:
            return "; Welsh texts not checked until the data meet the contract"
        registry = CouncilRegistry.from_frame(result.frames[COUNCILS_CSV])
        chosen = list(registry) if council_codes is None else registry.resolve_many(council_codes)
        codes = {council.code for council in chosen}
        check_welsh_texts(problems, result.frames, result.lines, result.headers, shown, codes)
        return f"; Welsh texts checked for {len(chosen)} council{'s' if len(chosen) != 1 else ''}"

    return _inspect(raw_dir, CONTRACT_FILES, after=welsh)[0]


@dataclass
class _Result:
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    empty_submissions: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=[COUNCIL_CODE, GROUP, COUNT]).astype(
            {COUNT: "int64"}
        )
    )
    fingerprint: str = ""
    data_date: str = ""
    lines: dict[str, np.ndarray] = field(default_factory=dict)  # file -> each row's line
    headers: dict[str, list[str]] = field(default_factory=dict)  # file -> its header


def _inspect(
    raw_dir: Path | str | None,
    names: Sequence[str],
    after: Callable[[Problems, _Result, Path], str] | None = None,
    frames: bool = True,
) -> tuple[ValidationReport, _Result]:
    """Read and check the given files of ``raw_dir`` (``frames``: and make their canonical
    frames); ``after`` may add problems once the contract's checks are done and returns a
    note for the summary."""
    folder = Path(raw_dir) if raw_dir is not None else config.raw_dir()
    shown = display(folder)
    problems, result = Problems(), _Result()
    tables = _read(folder, shown, names, problems, result)
    ctx = Context()
    checked: dict[str, pd.DataFrame] = {}
    responses = empty = 0
    for name, table in tables.items():
        if table is None:
            continue
        if name == RESPONSES_CSV:
            kept, result.empty_submissions, responses, empty = steps.responses(
                table, problems, ctx, tables.get(QUESTIONS_CSV), str(shown / INVITATIONS_CSV)
            )
            checked[name] = kept
        else:
            checked[name] = steps.STEPS.get(name, steps.check_file)(table, problems, ctx)
    if (frame := checked.pop(DATASET_CSV, None)) is not None and len(frame) == 1:
        result.data_date = frame[DATA_DATE].iloc[0] or ""
    for name, frame in checked.items() if frames else ():
        result.frames[name] = canonical(name, frame, result.lines)
    result.headers = {name: t.header for name, t in tables.items() if t is not None}
    note = after(problems, result, shown) if after is not None else ""
    count = problems.count
    verdict = "valid" if count == 0 else f"{count:,} problem{'s' if count != 1 else ''}"
    rows = sum(len(t.frame) for t in tables.values() if t is not None)
    files = len(tables)
    summary = (
        f"{shown}: {files} file{'s' if files != 1 else ''} checked, {rows:,} rows, "
        f"{responses:,} responses, {empty:,} empty submission{'s' if empty != 1 else ''} "
        f"dropped{note}: {verdict}"
    )
    return ValidationReport(problems=problems.listed(), summary=summary), result


def _read(
    folder: Path, shown: Path, names: Sequence[str], problems: Problems, result: _Result
) -> dict[str, Table | None]:
    """Each present file of ``names`` parsed, in the contract's order (None: unreadable)."""
    for name in names:
        problems.register(str(shown / name), CONTRACT_FILES.index(name))
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "folder not found"
        expected = f"expected the raw data files: {', '.join(REQUIRED_FILES)}"
        problems.add(str(shown), None, None, f"{what} ({expected})")
        return {}
    try:
        present = {p.name.casefold(): p.name for p in folder.iterdir()}
    except OSError:
        present = {}
    tables: dict[str, Table | None] = {}
    digest = hashlib.sha256()
    for name in sorted(names):
        path, label = folder / name, str(shown / name)
        columns = ", ".join([*SCHEMAS[name][0], *SCHEMAS[name][1]])
        if path.is_file():
            try:
                data = path.read_bytes()
            except OSError as exc:
                reason = f"cannot be read: {exc.strerror or exc} (expected a readable CSV file)"
                problems.add(label, None, None, reason)
                tables[name] = None
                continue
            digest.update(fingerprint_part(name, data))
            tables[name] = parse_table(data, name, label, problems)
        elif (other := present.get(name.casefold(), name)) != name:  # e.g. Councils.csv
            problems.register(str(shown / other), CONTRACT_FILES.index(name))
            reason = f"is not read (expected the name {name}, in lower case)"
            problems.add(str(shown / other), None, None, reason)
        elif path.is_symlink() or path.exists():
            what = "is a broken link" if path.is_symlink() else "is not a file"
            problems.add(label, None, None, f"{what} (expected a CSV file: {columns})")
        elif name in REQUIRED_FILES:
            stem = Path(name).stem
            near = sorted(f for f in present.values() if Path(f).stem.casefold() == stem)
            found = f"; {', '.join(near)} is not read" if near else ""
            reason = (
                f"required file is missing (expected a CSV file with columns: {columns}{found})"
            )
            problems.add(label, None, None, reason)
    result.fingerprint = digest.hexdigest()[:12]
    return {name: tables[name] for name in CONTRACT_FILES if name in tables}
