"""The data contract (docs/data-contract.md): check and load the raw survey exports.

This is the only package that reads ``data/raw/``. It reads nothing but the
files the contract names (``councils``, ``invitations``, ``questions``,
``responses``, ``public_survey``, ``framework``, ``comments``, ``findings``
and ``dataset`` ``.csv``) and never writes anything. Nothing it returns
depends on when or where the files were written: their modification times
are never read, and the data set's date comes from ``dataset.csv``.

:func:`validate` checks every rule of the data contract and reports every
problem it finds (up to :data:`MAX_PROBLEMS`), each as
``FILE:LINE: column COL: problem (expected ...)``: the row number as a
spreadsheet shows it (header = 1), the column, the bad value and what was
expected. A quoted text with line breaks makes a row span several lines of the
file; the line a text editor shows is then added as ``[line N in a text
editor]``. Problems of a whole file (missing, empty, not UTF-8 CSV) and of
something absent from it (a characteristic with no row) have no line.
:func:`load_raw` returns the checked tables in canonical form, or raises
:class:`~helpers.errors.ContractError` listing the problems.

The Welsh texts (:data:`WELSH_COLUMNS`: ``questions.csv`` ``text_cy``,
``framework.csv`` ``name_cy`` and ``level_1_cy`` to ``level_3_cy``,
``findings.csv`` ``finding_cy``) are optional free text: an absent column or
an empty cell is valid. :func:`check_welsh` asks for every one that the Welsh
reports of some councils print, one problem per missing text.

The rules are in layers: :mod:`.reader` reads the bytes and reports what
makes a file unusable; :mod:`.schemas` declares one pandera schema per file
(columns, allowed values, patterns, uniqueness, required and optional
columns) and the normalising step for the leniency below; :mod:`.formatter`
turns pandera's failure cases into the messages; :mod:`.crosstable` holds the
rules across columns and files; :mod:`.welsh` the Welsh check.

Reading is lenient where a spreadsheet or a survey platform is sloppy and strict
where the meaning would be in doubt:

* a UTF-8 byte-order mark is accepted, and white space around every header and
  cell is ignored;
* rows that are entirely blank are skipped (they still count in the row
  numbering, as a spreadsheet shows them);
* vocabulary values (groups, themes, kinds, characteristics, ``reverse``, the
  answers) match ignoring case, the apostrophe style (``'``, ``’``, ``‘``,
  backtick, ``´``) and runs of white space, and are stored in canonical form;
* codes and identifiers (``council_code``, ``question_id``, ``respondent_id``)
  and column names must match exactly;
* a whole number may be written ``12``, ``012`` or ``12.0``, not ``12.5``,
  ``+12``, ``1,000`` or ``1e3``; answers to level questions are exactly ``1``,
  ``2`` or ``3`` (not ``3.0`` or ``03``);
* a file in UTF-16 or UTF-32, with columns separated by semicolons, tabs or
  vertical bars, or with a spreadsheet's ``sep=`` line is one problem; cells
  that are not UTF-8 are reported one by one; invisible characters in a bad
  value are shown escaped (``'Agree\\u200b'``);
* no free text that a report prints (:data:`TEXT_COLUMNS`) may hold a
  bidirectional control character (:data:`BIDI_CONTROLS`, U+202A to U+202E and
  U+2066 to U+2069), which could reverse the text around it on a page, and no
  comment may hold the redaction mark that ``build`` writes
  (``config.REDACTION_MARK``); each problem names the character.

``councils.csv`` may have the optional column ``short_name_cy``, the council's
Welsh short name, which Welsh sentences use where English ones use
``short_name``.
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
from helpers.data.columns import COUNCIL_CODE, COUNT, GROUP, LANG, ORDER
from helpers.data.contract import crosstable, rules
from helpers.data.contract.crosstable import LINE
from helpers.data.contract.problems import MAX_PROBLEMS, Problem, Problems, ValidationReport
from helpers.data.contract.reader import (
    Table,
    display,
    fingerprint_part,
    parse_table,
    raw_fingerprint,
)
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
    "FINDINGS_CSV",
    "FRAMEWORK_CSV",
    "MAX_PROBLEMS",
    "QUESTIONS_CSV",
    "RAW_SCHEMAS",
    "REQUIRED_FILES",
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

    Attributes
    ----------
    councils : DataFrame
        ``council_code, name, name_cy, short_name``, sorted by code.
    invitations : DataFrame
        ``council_code, group, invited`` (int64), sorted by code and group.
    questions : DataFrame
        ``question_id, kind, theme, characteristic`` (None if empty),
        ``asked_of, reverse`` (bool), ``text``, ``text_cy`` (None where empty
        or absent), in file order.
    responses : DataFrame
        ``respondent_id, council_code, group`` then one column per question in
        questions.csv order, holding canonical answers (``"1"``, ``"2"``,
        ``"3"``, ``"Don't know"`` for level questions; the labels of
        ``config.LIKERT_SCORES`` for likert; stripped text) or None when
        empty; object dtype. Empty submissions are dropped.
    public_survey : DataFrame or None
        ``respondent_id, council_code`` (None if empty), ``satisfied, told``
        (``"yes"``, ``"no"``, ``"don't know"`` or None), ``weight`` (float,
        1.0 when absent or empty). None when the file is absent.
    framework : DataFrame
        ``characteristic, name, level_1, level_2, level_3``, then ``name_cy,
        level_1_cy, level_2_cy, level_3_cy`` (None where empty or absent), in
        ``config.CHARACTERISTICS`` order.
    comments : DataFrame
        ``council_code, theme, comment, lang`` (empty when the file is absent);
        ``lang`` is ``en`` or ``cy``, ``en`` where the column is absent or empty.
    findings : DataFrame
        ``council_code, theme, order`` (int64), ``finding``, ``finding_cy``
        (None where empty or absent), sorted by code, theme (report order) and
        order (empty when the file is absent).
    empty_submissions : DataFrame
        ``council_code, group, count``: the empty submissions dropped.
    fingerprint : str
        First 12 hex digits of a SHA-256 over the contract files present
        (name and bytes, in name order).
    data_date : str
        The data set's date from ``dataset.csv`` (``YYYY-MM-DD``), or ``""``
        when that optional file is absent. Never a file time or the clock.
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


# --------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------
def validate(raw_dir: Path | str | None = None) -> ValidationReport:
    """Check the raw data folder against the data contract.

    Parameters
    ----------
    raw_dir : path, optional
        The folder holding the contract's CSV files; default
        ``config.raw_dir()``.

    Returns
    -------
    ValidationReport
        Every problem found (an empty list when the data are valid) and a
        one-line summary. A missing folder or file is a problem, not an
        exception. Nothing on disk is changed.
    """
    report, _ = _inspect(raw_dir, CONTRACT_FILES)
    return report


def load_raw(raw_dir: Path | str | None = None) -> RawData:
    """Check the raw data and return them in canonical form.

    Parameters
    ----------
    raw_dir : path, optional
        The folder holding the contract's CSV files; default
        ``config.raw_dir()``.

    Returns
    -------
    RawData

    Raises
    ------
    ContractError
        If any rule of the data contract is broken; it lists every problem.
    """
    report, result = _inspect(raw_dir, CONTRACT_FILES)
    if report.problems:
        raise ContractError(report.problems, report.summary)
    frames = result.frames
    return RawData(
        councils=frames[COUNCILS_CSV],
        invitations=frames[INVITATIONS_CSV],
        questions=frames[QUESTIONS_CSV],
        responses=frames[RESPONSES_CSV],
        public_survey=frames.get(PUBLIC_SURVEY_CSV),
        framework=frames[FRAMEWORK_CSV],
        comments=frames.get(COMMENTS_CSV, _empty_frame((*SCHEMAS[COMMENTS_CSV][0], LANG))),
        findings=frames.get(FINDINGS_CSV, _empty_findings()),
        empty_submissions=result.empty_submissions,
        fingerprint=result.fingerprint,
        data_date=result.data_date,
    )


def load_registry(raw_dir: Path | str | None = None) -> CouncilRegistry:
    """Read councils.csv alone and return the council registry.

    Parameters
    ----------
    raw_dir : path, optional
        The raw data folder; default ``config.raw_dir()``.

    Returns
    -------
    CouncilRegistry

    Raises
    ------
    ContractError
        If councils.csv is missing or breaks a rule of the contract; it lists
        every problem of the whole folder, as :func:`validate` does.
    """
    report, result = _inspect(raw_dir, (COUNCILS_CSV,))
    if report.problems:
        report = validate(raw_dir)
        raise ContractError(report.problems, report.summary)
    return CouncilRegistry.from_frame(result.frames[COUNCILS_CSV])


def check_welsh(
    raw_dir: Path | str | None = None, council_codes: Iterable[str] | None = None
) -> ValidationReport:
    """Check the raw data for the Welsh reports of the given councils.

    A Welsh report prints, besides the figures, these texts from the data, and
    never falls back to English: the council's Welsh name (``councils.csv``
    ``name_cy``); the Welsh wording (``questions.csv`` ``text_cy``) of every
    ``likert`` statement asked of ``both`` groups or of a group the council
    surveyed (as :mod:`helpers.report` selects them); the Welsh name and three
    level descriptors of every key characteristic (``framework.csv``
    ``name_cy``, ``level_1_cy`` to ``level_3_cy``); and the Welsh text of each
    of the council's findings (``findings.csv`` ``finding_cy``).

    Parameters
    ----------
    raw_dir : path, optional
        The raw data folder; default ``config.raw_dir()``.
    council_codes : iterable of str, optional
        The councils whose Welsh reports are wanted, by code (or short name,
        ignoring case); every council in councils.csv when None.

    Returns
    -------
    ValidationReport
        The ordinary contract problems, as :func:`validate` gives them; when
        there are none, one problem per Welsh text that is missing (the cell is
        empty, holds only invisible characters, or the file has no such
        column), e.g. ``data/raw/questions.csv:9: column text_cy: no Welsh text
        for question Q07 (expected the Welsh wording of the statement)``, the
        line being the row as a spreadsheet shows it. Welsh texts are checked
        only on data that meet the contract. Nothing on disk is changed.

    Raises
    ------
    UnknownCouncilError
        If a council of ``council_codes`` is not in councils.csv (checked only
        when the data meet the contract).
    """
    if isinstance(council_codes, str):
        council_codes = [council_codes]

    def welsh(problems: Problems, result: _Result, shown: Path) -> str:
        if problems.count:
            return "; Welsh texts not checked until the data meet the contract"
        registry = CouncilRegistry.from_frame(result.frames[COUNCILS_CSV])
        chosen = list(registry) if council_codes is None else registry.resolve_many(council_codes)
        check_welsh_texts(
            problems, result.frames, result.lines, result.headers, shown, {c.code for c in chosen}
        )
        n = len(chosen)
        return f"; Welsh texts checked for {n} council{'s' if n != 1 else ''}"

    report, _ = _inspect(raw_dir, CONTRACT_FILES, after=welsh)
    return report


@dataclass
class _Result:
    frames: dict[str, pd.DataFrame]
    empty_submissions: pd.DataFrame
    fingerprint: str
    data_date: str
    #: file -> the spreadsheet line of each row of its canonical frame.
    lines: dict[str, np.ndarray] = field(default_factory=dict)
    #: file -> its header as read.
    headers: dict[str, list[str]] = field(default_factory=dict)


def _inspect(
    raw_dir: Path | str | None,
    names: Sequence[str],
    after: Callable[[Problems, _Result, Path], str] | None = None,
) -> tuple[ValidationReport, _Result]:
    """Read and check the given contract files of ``raw_dir``.

    ``after(problems, result, shown)``, when given, runs once the contract's own
    checks are done, may add problems, and returns a note for the summary line
    (:func:`check_welsh`).
    """
    folder = Path(raw_dir) if raw_dir is not None else config.raw_dir()
    shown = display(folder)
    problems = Problems()
    frames: dict[str, pd.DataFrame] = {}
    empty_submissions = _empty_frame((COUNCIL_CODE, GROUP, COUNT)).astype({COUNT: "int64"})
    result = _Result(frames, empty_submissions, fingerprint="", data_date="")

    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "folder not found"
        problems.add(
            str(shown),
            None,
            None,
            f"{what} (expected the raw data files: {', '.join(REQUIRED_FILES)})",
        )
        note = after(problems, result, shown) if after is not None else ""
        return _report(problems, shown, files=0, rows=0, responses=0, empty=0, note=note), result

    tables: dict[str, Table | None] = {}
    digest = hashlib.sha256()
    for name in names:
        problems.register(str(shown / name), CONTRACT_FILES.index(name))
    try:
        present = {p.name.casefold(): p.name for p in folder.iterdir()}
    except OSError:
        present = {}
    for name in sorted(names):
        path = folder / name
        label = str(shown / name)
        columns = ", ".join([*SCHEMAS[name][0], *SCHEMAS[name][1]])
        if not path.is_file():
            other = present.get(name.casefold(), name)
            if other != name:  # e.g. Councils.csv on a case-sensitive file system
                other_label = str(shown / other)
                problems.register(other_label, CONTRACT_FILES.index(name))
                problems.add(
                    other_label,
                    None,
                    None,
                    f"is not read (expected the name {name}, in lower case)",
                )
            elif path.is_symlink() or path.exists():
                what = "is a broken link" if path.is_symlink() else "is not a file"
                problems.add(label, None, None, f"{what} (expected a CSV file: {columns})")
            elif name in REQUIRED_FILES:
                stem = Path(name).stem
                near = sorted(f for f in present.values() if Path(f).stem.casefold() == stem)
                found = f"; {', '.join(near)} is not read" if near else ""
                problems.add(
                    label,
                    None,
                    None,
                    f"required file is missing (expected a CSV file with columns: {columns}"
                    f"{found})",
                )
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.add(
                label,
                None,
                None,
                f"cannot be read: {exc.strerror or exc} (expected a readable CSV file)",
            )
            tables[name] = None
            continue
        digest.update(fingerprint_part(name, data))
        tables[name] = parse_table(data, name, label, problems)
    result.fingerprint = digest.hexdigest()[:12]

    def table(name: str) -> Table | None:
        return tables.get(name)

    codes = None
    if (t := table(COUNCILS_CSV)) is not None:
        frames[COUNCILS_CSV], codes = crosstable.councils(t, problems)
    invited = None
    if (t := table(INVITATIONS_CSV)) is not None:
        frames[INVITATIONS_CSV], invited = crosstable.invitations(t, problems, codes)
    bank = None
    if (t := table(QUESTIONS_CSV)) is not None:
        frames[QUESTIONS_CSV], bank = rules.questions(t, problems)
    responses = empty = 0
    if (t := table(RESPONSES_CSV)) is not None:
        invitations_label = str(shown / INVITATIONS_CSV)
        questions_table = table(QUESTIONS_CSV)
        tolerated = questions_table.loose if questions_table is not None else set()
        checked = crosstable.responses(
            t, problems, codes, invited, bank, invitations_label, tolerated
        )
        frames[RESPONSES_CSV] = checked.frame
        result.empty_submissions = checked.empty_submissions
        responses, empty = checked.responses, checked.empty
    if (t := table(PUBLIC_SURVEY_CSV)) is not None:
        frames[PUBLIC_SURVEY_CSV] = rules.public_survey(t, problems, codes)
    if (t := table(FRAMEWORK_CSV)) is not None:
        frames[FRAMEWORK_CSV] = rules.framework(t, problems)
    if (t := table(COMMENTS_CSV)) is not None:
        frames[COMMENTS_CSV] = rules.comments(t, problems, codes)
    if (t := table(FINDINGS_CSV)) is not None:
        frames[FINDINGS_CSV] = rules.findings(t, problems, codes)
    if (t := table(DATASET_CSV)) is not None:
        result.data_date = rules.dataset(t, problems)

    for name, frame in frames.items():
        if isinstance(frame, pd.DataFrame) and LINE in frame.columns:
            result.lines[name] = frame.pop(LINE).to_numpy()
    result.headers = {name: t.header for name, t in tables.items() if t is not None}
    note = after(problems, result, shown) if after is not None else ""
    rows = sum(len(t.frame) for t in tables.values() if t is not None)
    report = _report(
        problems, shown, files=len(tables), rows=rows, responses=responses, empty=empty, note=note
    )
    return report, result


def _report(
    problems: Problems,
    shown: Path,
    *,
    files: int,
    rows: int,
    responses: int,
    empty: int,
    note: str = "",
) -> ValidationReport:
    count = problems.count
    verdict = "valid" if count == 0 else f"{count:,} problem{'s' if count != 1 else ''}"
    summary = (
        f"{shown}: {files} file{'s' if files != 1 else ''} checked, {rows:,} rows, "
        f"{responses:,} responses, {empty:,} empty submission{'s' if empty != 1 else ''} "
        f"dropped{note}: {verdict}"
    )
    return ValidationReport(problems=problems.listed(), summary=summary)


def _empty_frame(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})


def _empty_findings() -> pd.DataFrame:
    frame = _empty_frame([*SCHEMAS[FINDINGS_CSV][0], *SCHEMAS[FINDINGS_CSV][1]])
    return frame.astype({ORDER: "int64"})
