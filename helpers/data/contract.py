"""The data contract: check and load the raw survey exports in ``data/raw/``.

This is the only module that reads ``data/raw/``. It reads nothing but the
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

import csv
import difflib
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import config
from helpers.data.councils import CouncilRegistry
from helpers.errors import ContractError

#: At most this many problems are listed; one more line says how many were left out.
MAX_PROBLEMS = 500

# Column names of the contract, defined once.
COUNCIL_CODE = "council_code"
GROUP = "group"
THEME = "theme"
RESPONDENT_ID = "respondent_id"
QUESTION_ID = "question_id"
CHARACTERISTIC = "characteristic"
#: comments.csv: the language a comment is written in (optional; empty means English).
COMMENT_LANG = "lang"
COMMENT_LANGUAGES = ("en", "cy")
#: Columns of responses.csv that are not questions.
RESPONSE_KEYS = (RESPONDENT_ID, COUNCIL_CODE, GROUP)

COUNCILS_CSV = "councils.csv"
INVITATIONS_CSV = "invitations.csv"
QUESTIONS_CSV = "questions.csv"
RESPONSES_CSV = "responses.csv"
PUBLIC_SURVEY_CSV = "public_survey.csv"
FRAMEWORK_CSV = "framework.csv"
COMMENTS_CSV = "comments.csv"
FINDINGS_CSV = "findings.csv"
DATASET_CSV = "dataset.csv"
#: Column of dataset.csv: the date of the data set.
DATA_DATE = "data_date"

#: The optional Welsh columns (docs/welsh.md): file -> columns. Empty or absent is valid for
#: :func:`validate`; :func:`check_welsh` asks for those that a Welsh report prints.
WELSH_COLUMNS: dict[str, tuple[str, ...]] = {
    QUESTIONS_CSV: ("text_cy",),
    FRAMEWORK_CSV: ("name_cy", "level_1_cy", "level_2_cy", "level_3_cy"),
    FINDINGS_CSV: ("finding_cy",),
}

#: file -> (required columns, optional columns); responses.csv also has one column per question.
SCHEMAS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    COUNCILS_CSV: ((COUNCIL_CODE, "name", "name_cy", "short_name"), ("short_name_cy",)),
    INVITATIONS_CSV: ((COUNCIL_CODE, GROUP, "invited"), ()),
    QUESTIONS_CSV: (
        (QUESTION_ID, "kind", THEME, CHARACTERISTIC, "asked_of", "reverse", "text"),
        WELSH_COLUMNS[QUESTIONS_CSV],
    ),
    RESPONSES_CSV: (RESPONSE_KEYS, ()),
    PUBLIC_SURVEY_CSV: ((RESPONDENT_ID, COUNCIL_CODE, "satisfied", "told"), ("weight",)),
    FRAMEWORK_CSV: (
        (CHARACTERISTIC, "name", "level_1", "level_2", "level_3"),
        WELSH_COLUMNS[FRAMEWORK_CSV],
    ),
    COMMENTS_CSV: ((COUNCIL_CODE, THEME, "comment"), (COMMENT_LANG,)),
    FINDINGS_CSV: ((COUNCIL_CODE, THEME, "order", "finding"), WELSH_COLUMNS[FINDINGS_CSV]),
    DATASET_CSV: ((DATA_DATE,), ()),
}
#: The free texts of each file that a report prints: no bidirectional control character
#: may be in them (:data:`BIDI_CONTROLS`), nor, in a comment, the redaction mark.
TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    COUNCILS_CSV: ("name", "name_cy", "short_name", "short_name_cy"),
    QUESTIONS_CSV: ("text", *WELSH_COLUMNS[QUESTIONS_CSV]),
    FRAMEWORK_CSV: ("name", "level_1", "level_2", "level_3", *WELSH_COLUMNS[FRAMEWORK_CSV]),
    COMMENTS_CSV: ("comment",),
    FINDINGS_CSV: ("finding", *WELSH_COLUMNS[FINDINGS_CSV]),
}
#: Bidirectional controls: embeddings and overrides (U+202A to U+202E) and isolates
#: (U+2066 to U+2069). Invisible, they reorder the text after them on a page (a comment
#: could print backwards, or drag the figures beside it), so the contract refuses them.
BIDI_CONTROLS = "".join(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
#: Every file of the contract, in the order they are checked and reported.
CONTRACT_FILES = tuple(SCHEMAS)
REQUIRED_FILES = (COUNCILS_CSV, INVITATIONS_CSV, QUESTIONS_CSV, RESPONSES_CSV, FRAMEWORK_CSV)

_CODE_RE = r"W06[0-9]{6}"
_QUESTION_ID_RE = r"[A-Za-z][A-Za-z0-9_]*"
_WHOLE_RE = r"0*[0-9]{1,15}(?:\.0+)?"
_ISO_DATE_RE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_APOSTROPHES = re.compile("[\u2019\u2018\u02bc`\u00b4]")
_UNDECODABLE = re.compile("[\udc80-\udcff]")
_MESSAGE_WIDTH = 40
#: Working column of the canonical frames: the spreadsheet line of each row.
_LINE = "_line"
_STRIP = np.frompyfunc(str.strip, 1, 1)
_ESCAPES = {"\n": "\\n", "\r": "\\n", "\t": "\\t"}
_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
#: Longest cell the CSV reader accepts (the csv module's default is 128 KiB).
_FIELD_SIZE_LIMIT = 2**31 - 1

#: What a cell that must not be empty should hold, for the message.
_EXPECTED = {
    "name": "the official English name",
    "name_cy": "the official Welsh name",
    "short_name": "a short name, e.g. Caerphilly",
    "text": "the wording shown to respondents",
    "comment": "the quotation",
    "finding": "the text of the finding",
    "level_1": "the Level 1 descriptor",
    "level_2": "the Level 2 descriptor",
    "level_3": "the Level 3 descriptor",
    DATA_DATE: "the date the survey answers were extracted, as YYYY-MM-DD, e.g. 2018-06-29",
}


# --------------------------------------------------------------------------
# Public result types
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """One breach of the data contract.

    Attributes
    ----------
    file : str
        The file as shown to the user (relative to the working directory when
        under it). Empty for the closing "... and N more problems" line.
    line : int or None
        Row number as a spreadsheet shows it (header = 1); ``None`` when the
        problem concerns the whole file.
    column : str or None
        The column concerned, if any.
    message : str
        The bad value and what was expected, ending ``(expected ...)``.
    text_line : int or None
        The line of the file as a text editor numbers it, when it differs from
        ``line`` (a quoted text with line breaks above the row); else None.
    """

    file: str
    line: int | None
    column: str | None
    message: str
    text_line: int | None = None

    def __str__(self) -> str:
        if not self.file:
            return self.message
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.column is not None:
            where += f": column {_escape(self.column)}"
        message = self.message
        if self.text_line is not None and self.text_line != self.line:
            message += f" [line {self.text_line} in a text editor]"
        return f"{where}: {message}"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`.

    Attributes
    ----------
    problems : list of Problem
        Every problem found, in file and row order, at most
        :data:`MAX_PROBLEMS`; when more were found a last line says how many
        were left out.
    summary : str
        One line: files checked, rows, responses, empty submissions dropped,
        and the number of problems or "valid".
    """

    problems: list[Problem]
    summary: str

    @property
    def ok(self) -> bool:
        """True when the data meet the contract."""
        return not self.problems


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
        """The councils as a :class:`~helpers.councils.CouncilRegistry`."""
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
        comments=frames.get(COMMENTS_CSV, _empty_frame((*SCHEMAS[COMMENTS_CSV][0], COMMENT_LANG))),
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

    def welsh(problems: _Problems, result: _Result, shown: Path) -> str:
        if problems.count:
            return "; Welsh texts not checked until the data meet the contract"
        registry = CouncilRegistry.from_frame(result.frames[COUNCILS_CSV])
        chosen = list(registry) if council_codes is None else registry.resolve_many(council_codes)
        _check_welsh_texts(problems, result, shown, {c.code for c in chosen})
        n = len(chosen)
        return f"; Welsh texts checked for {n} council{'s' if n != 1 else ''}"

    report, _ = _inspect(raw_dir, CONTRACT_FILES, after=welsh)
    return report


# --------------------------------------------------------------------------
# Problem collection
# --------------------------------------------------------------------------
class _Problems:
    """Collects problems; lists at most MAX_PROBLEMS per check, counts the rest."""

    def __init__(self) -> None:
        self._items: list[Problem] = []
        self._unlisted = 0
        self._rank: dict[str, int] = {}
        self._columns: dict[str, dict[str, int]] = {}
        self._text_lines: dict[str, np.ndarray] = {}

    def register(self, label: str, rank: int) -> None:
        """Give a file its place in the report."""
        self._rank[label] = rank

    def set_header(self, label: str, header: Sequence[str]) -> None:
        """Record a file's column order, by which its problems on one row are sorted."""
        self._columns[label] = {name: i for i, name in reversed(list(enumerate(header)))}

    def set_text_lines(self, label: str, starts: np.ndarray) -> None:
        """Record the text line on which each row of a file starts (``starts[row - 1]``)."""
        self._text_lines[label] = starts

    def add(self, file: str, line: int | None, column: str | None, message: str) -> None:
        self._items.append(Problem(file, line, column, message))

    def add_cells(
        self,
        file: str,
        column: str | None,
        lines: Iterable,
        values: Iterable,
        describe: Callable,
        *,
        listed: bool = True,
    ) -> None:
        """Add one problem per (line, value); only the first MAX_PROBLEMS are built.

        With ``listed=False`` the problems are only counted.
        """
        lines = list(lines)
        if not listed:
            self._unlisted += len(lines)
            return
        for line, value in zip(lines[:MAX_PROBLEMS], values, strict=False):
            self._items.append(Problem(file, int(line), column, describe(value)))
        self._unlisted += max(0, len(lines) - MAX_PROBLEMS)

    def _with_text_line(self, problem: Problem) -> Problem:
        starts = self._text_lines.get(problem.file)
        line = problem.line
        if starts is None or line is None or not 1 <= line <= len(starts):
            return problem
        text_line = int(starts[line - 1])
        if text_line == line:
            return problem
        return Problem(problem.file, line, problem.column, problem.message, text_line)

    @property
    def count(self) -> int:
        return len(self._items) + self._unlisted

    def listed(self) -> list[Problem]:
        """The problems in file, row and column order, capped."""

        def key(p: Problem) -> tuple:
            columns = self._columns.get(p.file, {})
            return (
                self._rank.get(p.file, -1),
                p.line is not None,
                p.line or 0,
                columns.get(p.column, len(columns)) if p.column is not None else -1,
            )

        items = sorted(self._items, key=key)
        total = self.count
        if total > MAX_PROBLEMS:
            items = items[:MAX_PROBLEMS]
        items = [self._with_text_line(p) for p in items]
        if total > MAX_PROBLEMS:
            items.append(Problem("", None, None, f"... and {total - MAX_PROBLEMS:,} more problems"))
        return items


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------
@dataclass
class _Table:
    """A CSV file as read: stripped cells, one column per header name, index = row number."""

    name: str
    label: str
    header: list[str]
    frame: pd.DataFrame
    #: The stripped cells of the rows that could not be read (wrong number of fields).
    loose: set[str] = field(default_factory=set)
    _filled: dict[str, pd.Series] = field(default_factory=dict)

    def has(self, *columns: str) -> bool:
        return all(c in self.frame.columns for c in columns)

    def filled(self, column: str) -> pd.Series:
        """Mask of the non-empty cells of ``column`` (computed once)."""
        if column not in self._filled:
            values = self.frame[column]
            self._filled[column] = pd.Series(values.to_numpy() != "", index=values.index)
        return self._filled[column]


def _column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column position: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _parse_table(data: bytes, name: str, label: str, problems: _Problems) -> _Table | None:
    """Parse one CSV file; report what makes it unusable and return None then."""
    required, optional = SCHEMAS[name]
    expected = ", ".join(required + optional)
    foreign = _foreign_encoding(data)
    if foreign:
        problems.add(
            label, None, None, f"is {foreign} text (expected UTF-8: save the file as 'CSV UTF-8')"
        )
        return None
    try:
        text = data.decode("utf-8-sig")
        undecodable = False
    except UnicodeDecodeError:
        text = data.decode("utf-8-sig", errors="surrogateescape")
        undecodable = True

    rows: list[list[str]] = []
    starts = [1]  # text line on which each row starts, header = row 1
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    limit = csv.field_size_limit()
    csv.field_size_limit(_FIELD_SIZE_LIMIT)  # long free text is allowed
    try:
        for row in reader:
            rows.append(row)
            starts.append(reader.line_num + 1)
    except csv.Error as exc:
        problems.set_text_lines(label, np.asarray(starts))
        problems.add(label, len(rows) + 1, None, f"cannot be read as CSV: {_csv_error(exc)}")
        return None
    finally:
        csv.field_size_limit(limit)
    if starts[-1] != len(starts):  # a quoted text holds a line break
        problems.set_text_lines(label, np.asarray(starts[:-1]))

    if not rows or not any(cell.strip() for cell in rows[0]):
        what = "is empty" if not text.strip() else "has no header in its first row"
        problems.add(label, None, None, f"{what} (expected a header row: {expected})")
        return None
    if _unusable_header(rows[0], required, expected, label, problems):
        return None

    if undecodable:
        _report_undecodable(rows, label, problems)

    header = [cell.strip() for cell in rows[0]]
    problems.set_header(label, header)
    width = len(header)
    body = rows[1:]
    lengths = np.fromiter(map(len, body), dtype=np.int64, count=len(body))
    fits = lengths == width
    ragged = [
        (int(position) + 2, len(body[position]))
        for position in np.flatnonzero(~fits)
        if any(cell.strip() for cell in body[position])  # else a blank row, skipped
    ]
    problems.add_cells(
        label,
        None,
        [line for line, _ in ragged],
        [count for _, count in ragged],
        lambda count: (
            f"has {count} field{'s' if count != 1 else ''} but the header has {width} "
            f"(expected {width}: check for stray commas and unmatched double quotes)"
        ),
    )
    loose = {cell.strip() for line, _ in ragged for cell in body[line - 2]}
    kept = np.flatnonzero(fits)
    cells = np.empty((len(kept), width), dtype=object)
    if len(kept):
        cells[:] = body if len(kept) == len(body) else [body[i] for i in kept]
        cells = _STRIP(cells)
    filled_row = (cells != "").any(axis=1) if width else np.zeros(len(kept), dtype=bool)
    cells = cells[filled_row]  # blank rows are skipped
    index = pd.Index(kept[filled_row] + 2, name="line")
    data_columns: dict[str, pd.Series] = {}
    for position, column_name in enumerate(header):
        if column_name in data_columns:
            continue  # a duplicated header name: reported by the header check
        values = pd.Series(cells[:, position].copy(), index=index, dtype=object)
        if column_name == "":
            used = np.flatnonzero(values.to_numpy() != "")
            if len(used):
                problems.add(
                    label,
                    int(index[used[0]]),
                    _column_letter(position),
                    f"{_show(values.iloc[used[0]])} is in a column with no name in the header "
                    f"(expected a column name on line 1: {expected})",
                )
            continue  # an unnamed empty column, as spreadsheets leave behind
        data_columns[column_name] = values
    frame = pd.DataFrame(data_columns, index=index)
    return _Table(name=name, label=label, header=header, frame=frame, loose=loose)


def _foreign_encoding(data: bytes) -> str | None:
    """The name of a UTF-16 or UTF-32 encoding the file is in, or None."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = data[:4096]
    if sample and sample.count(0) * 4 >= len(sample):  # text with a NUL byte in most characters
        return "UTF-16 or UTF-32"
    return None


def _unusable_header(
    header: list[str], required: Sequence[str], expected: str, label: str, problems: _Problems
) -> bool:
    """Report an Excel ``sep=`` line or a delimiter other than the comma; True if so.

    ``required`` are the file's required columns, ``expected`` all its columns as text.
    """
    first = header[0].strip()
    if first.casefold().startswith("sep=") and len(header) <= 2:
        problems.add(
            label,
            1,
            None,
            f"{_show(','.join(header))} is a spreadsheet setting, not a header "
            f"(expected the header row on line 1: {expected}; delete this line)",
        )
        return True
    names = {cell.strip() for cell in header}
    if names & set(required):
        return False
    for delimiter, word in _DELIMITERS.items():
        if delimiter in first and {c.strip() for c in first.split(delimiter)} & set(required):
            problems.add(
                label,
                1,
                None,
                f"columns are separated by {word} (expected commas, as in 'CSV UTF-8 "
                "(Comma delimited)')",
            )
            return True
    return False


def _csv_error(exc: csv.Error) -> str:
    """The csv module's complaint in the user's terms, ending ``(expected ...)``."""
    text = str(exc)
    if "unexpected end of data" in text:
        return (
            "a double quote opens a text on this row that is never closed "
            "(expected a closing double quote)"
        )
    if "expected after" in text:
        return (
            "a stray double quote (expected a double quote inside a quoted text to be "
            'written twice ("") and a closing double quote to be followed by a comma or '
            "the end of the row)"
        )
    return f"{text} (expected standard CSV)"


def _report_undecodable(rows: list[list[str]], label: str, problems: _Problems) -> None:
    """Report cells holding bytes that are not UTF-8; replace them with U+FFFD in place."""
    header = [_UNDECODABLE.sub("\ufffd", cell).strip() for cell in rows[0]]
    found = 0
    for number, row in enumerate(rows, start=1):
        if not _UNDECODABLE.search("\x1f".join(row)):
            continue
        for position, cell in enumerate(row):
            if _UNDECODABLE.search(cell):
                column = header[position] if number > 1 and position < len(header) else None
                found += 1
                problems.add_cells(
                    label,
                    column or None,
                    [number],
                    [None],
                    lambda _v: (
                        "is not valid UTF-8 text (expected UTF-8: save the file as 'CSV UTF-8')"
                    ),
                    listed=found <= MAX_PROBLEMS,
                )
                row[position] = _UNDECODABLE.sub("\ufffd", cell)


def _check_header(
    table: _Table,
    problems: _Problems,
    required: Sequence[str],
    optional: Sequence[str] = (),
    others: Iterable[str] | None = (),
    tolerated: Iterable[str] = (),
) -> None:
    """Report missing, unexpected and duplicated columns, all on line 1.

    ``others`` are further allowed names (the question columns of
    responses.csv); None means they are unknown, so unexpected columns are not
    reported. ``tolerated`` names are not reported either (the cells of
    questions.csv rows that could not be read).
    """
    label = table.label
    expected = ", ".join([*required, *optional])
    seen: dict[str, int] = {}
    for position, column in enumerate(table.header):
        if not column:
            continue
        if column in seen:
            problems.add(
                label,
                1,
                column,
                f"appears more than once in the header, as columns "
                f"{_column_letter(seen[column])} and {_column_letter(position)} "
                "(expected each column once)",
            )
        else:
            seen[column] = position
    for column in required:
        if column not in seen:
            problems.add(
                label, 1, column, f"is missing from the header (expected columns: {expected})"
            )
    if others is None:
        return
    allowed = {*required, *optional, *others}
    absent = sorted(allowed - set(seen))
    for column in seen:
        if column not in allowed and column not in tolerated:
            close = difflib.get_close_matches(column, absent, n=1, cutoff=0.75)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            if table.name == RESPONSES_CSV:
                problems.add(
                    label,
                    1,
                    column,
                    f"is not a question in {QUESTIONS_CSV} (expected a question_id of "
                    f"{QUESTIONS_CSV} or one of: {expected}{hint})",
                )
            else:
                problems.add(
                    label,
                    1,
                    column,
                    f"is not a column of this file (expected one of: {expected}{hint})",
                )


# --------------------------------------------------------------------------
# Cell checks (vectorised; Problem objects only for bad cells)
# --------------------------------------------------------------------------
def _escape(text: str) -> str:
    """``text`` on one line with invisible characters made visible (``\\n``, ``\\u200b``)."""
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n")
    return "".join(c if c.isprintable() else _ESCAPES.get(c, f"\\u{ord(c):04x}") for c in text)


def _show(value: object) -> str:
    """A value quoted for a message: shortened, on one line, invisible characters escaped."""
    text = _escape(str(value))
    if len(text) > _MESSAGE_WIDTH:
        text = text[: _MESSAGE_WIDTH - 1] + "\u2026"
    return f"'{text}'"


def _normalise(value: str) -> str:
    """Fold case, apostrophe style and white space, for vocabulary matching."""
    return " ".join(_APOSTROPHES.sub("'", value).casefold().split())


def _lookup(canonical: Iterable[str]) -> dict[str, str]:
    return {_normalise(value): value for value in canonical}


def _as_object(values: pd.Series) -> pd.Series:
    """An object Series with None for missing values."""
    return pd.Series(values.to_numpy(dtype=object, na_value=None), index=values.index, dtype=object)


def _canonical(values: pd.Series, lookup: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    """Map each value to its canonical spelling.

    Returns the canonical values (None when empty or unknown) and the mask of
    the cells that are filled but unknown. Each distinct value is normalised
    once, so this is fast on long columns.
    """
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    mapped = np.array([lookup.get(_normalise(u)) for u in uniques] + [None], dtype=object)
    unknown = np.array(
        [m is None and u != "" for u, m in zip(uniques, mapped, strict=False)] + [False]
    )
    return (
        pd.Series(mapped[codes], index=values.index, dtype=object),
        pd.Series(unknown[codes], index=values.index, dtype=bool),
    )


def _check_filled(table: _Table, problems: _Problems, column: str, expected: str) -> pd.Series:
    """Report empty cells of a required column; return the mask of filled cells."""
    values = table.frame[column]
    empty = ~table.filled(column)
    problems.add_cells(
        table.label,
        column,
        values.index[empty],
        values[empty],
        lambda _v: f"is empty (expected {expected})",
    )
    return ~empty


def _check_vocabulary(
    table: _Table,
    problems: _Problems,
    column: str,
    vocabulary: Sequence[str],
    *,
    noun: str,
    required: bool = True,
) -> pd.Series:
    """Report values outside ``vocabulary``; return canonical values (None if empty or bad)."""
    values = table.frame[column]
    canonical, bad = _canonical(values, _lookup(vocabulary))
    options = ", ".join(vocabulary)
    problems.add_cells(
        table.label,
        column,
        values.index[bad],
        values[bad],
        lambda v: f"{_show(v)} is not a valid {noun} (expected one of: {options})",
    )
    if required:
        _check_filled(table, problems, column, f"one of: {options}")
    return canonical


def _check_whole(table: _Table, problems: _Problems, column: str) -> pd.Series:
    """Report cells that are not a whole number >= 1; return the numbers (NaN if bad)."""
    values = table.frame[column]
    shaped = values.str.fullmatch(_WHOLE_RE).astype(bool) if len(values) else values == ""
    numbers = pd.to_numeric(values.where(shaped), errors="coerce").astype(float)
    good = shaped & (numbers >= 1)
    bad = ~good & table.filled(column)
    problems.add_cells(
        table.label,
        column,
        values.index[bad],
        values[bad],
        lambda v: f"{_show(v)} is not a whole number of 1 or more (expected e.g. 12 or 12.0)",
    )
    _check_filled(table, problems, column, "a whole number of 1 or more")
    return numbers.where(good)


def _check_unique(
    table: _Table,
    problems: _Problems,
    column: str,
    keys: pd.Series,
    describe: Callable[[str, int], str],
    shown: pd.Series | None = None,
) -> pd.Series:
    """Report every repeat of a key; return the mask of repeats.

    ``keys`` holds the rows to check (index = line); ``describe(value, first)``
    words the problem, with ``value`` taken from ``shown`` when given.
    """
    repeated = keys.duplicated(keep="first")
    if repeated.any():
        first_line = pd.Series(keys.index[~repeated], index=keys[~repeated].to_numpy())
        firsts = keys[repeated].map(first_line)
        lines = keys.index[repeated]
        values = (shown if shown is not None else keys)[lines]
        problems.add_cells(
            table.label,
            column,
            lines,
            zip(values, firsts, strict=True),
            lambda pair: describe(pair[0], int(pair[1])),
        )
    return repeated


def _check_council(
    table: _Table,
    problems: _Problems,
    codes: set[str] | None,
    *,
    required: bool = True,
) -> pd.Series:
    """Check ``council_code`` against councils.csv; return the mask of known councils.

    When councils.csv could not be read (``codes`` is None) any non-empty code
    is taken as known, so that one broken file does not flood the report.
    """
    values = table.frame[COUNCIL_CODE]
    filled = table.filled(COUNCIL_CODE)
    if required:
        _check_filled(table, problems, COUNCIL_CODE, f"a council code from {COUNCILS_CSV}")
    if codes is None:
        return filled
    known = values.isin(codes)
    bad = filled & ~known
    problems.add_cells(
        table.label,
        COUNCIL_CODE,
        values.index[bad],
        values[bad],
        lambda v: (
            f"{_show(v)} is not a council in {COUNCILS_CSV} (expected a council_code "
            f"of {COUNCILS_CSV})"
        ),
    )
    return known


def _empty_frame(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})


def _empty_findings() -> pd.DataFrame:
    frame = _empty_frame([*SCHEMAS[FINDINGS_CSV][0], *SCHEMAS[FINDINGS_CSV][1]])
    return frame.astype({"order": "int64"})


def _output(table: _Table, columns: dict[str, pd.Series]) -> pd.DataFrame:
    """A result frame: object columns with None for empty text, a fresh RangeIndex.

    It also carries each row's spreadsheet line in a column :data:`_LINE`, which
    :func:`_inspect` takes off into ``_Result.lines`` (for :func:`check_welsh`).
    """
    frame = pd.DataFrame(columns, index=table.frame.index)
    frame[_LINE] = table.frame.index.to_numpy()
    return frame.reset_index(drop=True)


def _text(values: pd.Series) -> pd.Series:
    """Stripped text as object, None when empty."""
    return _as_object(values.where(values.to_numpy() != ""))


def _optional_text(table: _Table, column: str) -> pd.Series:
    """An optional free-text column: stripped text, None where empty or the file lacks it."""
    if table.has(column):
        return _text(table.frame[column])
    index = table.frame.index
    return pd.Series(np.full(len(index), None, dtype=object), index=index, dtype=object)


def _check_characters(table: _Table, problems: _Problems) -> None:
    """Report the free texts (:data:`TEXT_COLUMNS`) that hold a character a page must not get.

    A bidirectional control anywhere, and in a comment the redaction mark
    (``config.REDACTION_MARK``, which ``build`` puts where it removed an
    address or a number, so a comment may not bring its own). Each problem
    names the character, which the quoted value may have cut off.
    """
    for column in TEXT_COLUMNS.get(table.name, ()):
        if not table.has(column):
            continue
        values = table.frame[column]
        bidi = values.str.contains(_BIDI) if len(values) else values == ""
        problems.add_cells(
            table.label,
            column,
            values.index[bidi],
            values[bidi],
            lambda v: (
                f"{_show(v)} holds {_character(_BIDI.search(v).group())}, a bidirectional "
                "control that can reverse the text around it on a page (expected text "
                "without the characters U+202A to U+202E and U+2066 to U+2069)"
            ),
        )
        if column != "comment":
            continue
        marked = values.str.contains(config.REDACTION_MARK, regex=False) & ~bidi
        problems.add_cells(
            table.label,
            column,
            values.index[marked],
            values[marked],
            lambda v: (
                f"{_show(v)} holds {_character(config.REDACTION_MARK)}, which marks text "
                "removed by build (expected a comment without it)"
            ),
        )


def _character(char: str) -> str:
    """A character as a message names it: ``U+202E RIGHT-TO-LEFT OVERRIDE``."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()


# --------------------------------------------------------------------------
# The files
# --------------------------------------------------------------------------
def _check_councils(table: _Table, problems: _Problems) -> tuple[pd.DataFrame | None, set | None]:
    """councils.csv: return the canonical frame and the set of council codes it declares."""
    required, optional = SCHEMAS[COUNCILS_CSV]
    _check_header(table, problems, required, optional)
    frame = table.frame
    label = table.label
    codes = None
    if len(frame) == 0:
        problems.add(label, None, None, "has no councils (expected one row per local authority)")
    if table.has(COUNCIL_CODE):
        values = frame[COUNCIL_CODE]
        filled = _check_filled(table, problems, COUNCIL_CODE, "a code such as W06000018")
        shaped = values.str.fullmatch(_CODE_RE).astype(bool) if len(values) else filled
        bad = filled & ~shaped
        problems.add_cells(
            label,
            COUNCIL_CODE,
            values.index[bad],
            values[bad],
            lambda v: (
                f"{_show(v)} is not a council code (expected W06 and six digits, e.g. W06000018)"
            ),
        )
        _check_unique(
            table,
            problems,
            COUNCIL_CODE,
            values[filled],
            lambda v, first: (
                f"{_show(v)} appears more than once, first on line {first} "
                "(expected each council code once)"
            ),
        )
        codes = set(values[filled]) | {c for c in table.loose if re.fullmatch(_CODE_RE, c)}
    for column in ("name", "name_cy", "short_name"):
        if table.has(column):
            _check_filled(table, problems, column, _EXPECTED[column])
    if table.has("short_name"):
        short = frame["short_name"]
        filled = table.filled("short_name")
        folded = short[filled].str.casefold()
        _check_unique(
            table,
            problems,
            "short_name",
            folded,
            lambda v, first: (
                f"{_show(v)} is already the short name on line {first} "
                "(expected short names that differ, ignoring case)"
            ),
            shown=short,
        )
        if table.has("short_name_cy"):
            welsh = frame["short_name_cy"]
            given = table.filled("short_name_cy")
            _check_unique(
                table,
                problems,
                "short_name_cy",
                welsh[given].str.casefold(),
                lambda v, first: (
                    f"{_show(v)} is already the Welsh short name on line {first} "
                    "(expected Welsh short names that differ, ignoring case, where given)"
                ),
                shown=welsh,
            )
        if table.has(COUNCIL_CODE):
            code_folded = frame[COUNCIL_CODE].str.casefold()
            clash = (
                filled
                & short.str.casefold().isin(set(code_folded))
                & (short.str.casefold() != code_folded)
            )
            problems.add_cells(
                label,
                "short_name",
                short.index[clash],
                short[clash],
                lambda v: (
                    f"{_show(v)} is the code of another council (expected a name, "
                    "not a council code)"
                ),
            )
    if not table.has(*required):
        return None, codes
    columns = {c: _as_object(frame[c]) for c in required}
    columns.update({c: _optional_text(table, c) for c in optional})
    result = _output(table, columns)
    return result.sort_values(COUNCIL_CODE, kind="stable").reset_index(drop=True), codes


@dataclass
class _Invited:
    """What invitations.csv says, for the checks of responses.csv."""

    pairs: dict[tuple[str, str], tuple[int, float]]  # (code, group) -> (line, invited or NaN)
    uncertain: set[str]  # councils with a row whose group could not be read


def _check_invitations(
    table: _Table, problems: _Problems, codes: set | None
) -> tuple[pd.DataFrame | None, _Invited | None]:
    required = SCHEMAS[INVITATIONS_CSV][0]
    _check_header(table, problems, required)
    frame = table.frame
    known = (
        _check_council(table, problems, codes)
        if table.has(COUNCIL_CODE)
        else pd.Series(False, index=frame.index)
    )
    group = (
        _check_vocabulary(table, problems, GROUP, list(config.GROUPS), noun="group")
        if table.has(GROUP)
        else None
    )
    invited = _check_whole(table, problems, "invited") if table.has("invited") else None
    if group is None or not table.has(COUNCIL_CODE):
        return None, None
    both = known & group.notna()
    keys = frame[COUNCIL_CODE][both] + "\x1f" + group[both].astype(str)
    repeated = _check_unique(
        table,
        problems,
        GROUP,
        keys,
        lambda key, first: (
            "council {} and group {} appear more than once, first on line {} "
            "(expected each council and group once)".format(*key.split("\x1f"), first)
        ),
    )
    firsts = keys[~repeated]
    counts = invited if invited is not None else pd.Series(np.nan, index=frame.index)
    pairs = {
        (code, grp): (int(line), float(counts[line]))
        for line, code, grp in zip(
            firsts.index, frame[COUNCIL_CODE][firsts.index], group[firsts.index], strict=True
        )
    }
    # councils whose invitations could not all be read: their groups are not checked
    uncertain = set(frame[COUNCIL_CODE][known & group.isna()]) | table.loose
    info = _Invited(pairs=pairs, uncertain=uncertain)
    if not table.has(*required):
        return None, info
    result = _output(
        table,
        {
            COUNCIL_CODE: _as_object(frame[COUNCIL_CODE]),
            GROUP: group,
            "invited": counts.fillna(0).astype("int64"),
        },
    )
    return _sort_groups(result), info


def _sort_groups(frame: pd.DataFrame) -> pd.DataFrame:
    order = {g: i for i, g in enumerate(config.GROUPS)}
    return frame.sort_values(
        [COUNCIL_CODE, GROUP], key=lambda s: s.map(order) if s.name == GROUP else s
    ).reset_index(drop=True)


@dataclass
class _Question:
    question_id: str
    kind: str | None
    asked_of: str | None


def _check_questions(
    table: _Table, problems: _Problems
) -> tuple[pd.DataFrame | None, list[_Question] | None]:
    """questions.csv: return the canonical frame and the question bank for responses.csv."""
    required, optional = SCHEMAS[QUESTIONS_CSV]
    _check_header(table, problems, required, optional)
    frame = table.frame
    label = table.label
    index = frame.index
    none = pd.Series(None, index=index, dtype=object)

    def vocab(column: str, options: Sequence[str], noun: str, required: bool = True):
        if not table.has(column):
            return none
        return _check_vocabulary(table, problems, column, options, noun=noun, required=required)

    kind = vocab("kind", config.QUESTION_KINDS, "kind")
    theme = vocab(THEME, list(config.THEMES), "theme")
    asked_of = vocab("asked_of", config.ASKED_OF, "asked_of value")
    reverse = vocab("reverse", ("true", "false"), "reverse value", required=False)
    characteristic = none
    if table.has(CHARACTERISTIC):
        slugs = list(config.CHARACTERISTICS)
        values = frame[CHARACTERISTIC]
        filled = table.filled(CHARACTERISTIC)
        characteristic, unknown = _canonical(values, _lookup(slugs))
        text_kind = kind == "text"
        bad = unknown & ~text_kind
        problems.add_cells(
            label,
            CHARACTERISTIC,
            index[bad],
            values[bad],
            lambda v: (
                f"{_show(v)} is not a valid characteristic (expected one of: {', '.join(slugs)})"
            ),
        )
        missing = (kind == "level") & ~filled
        problems.add_cells(
            label,
            CHARACTERISTIC,
            index[missing],
            values[missing],
            lambda _v: f"is empty (expected for a level question one of: {', '.join(slugs)})",
        )
        stray = text_kind & filled
        problems.add_cells(
            label,
            CHARACTERISTIC,
            index[stray],
            values[stray],
            lambda v: f"{_show(v)} given for a text question (expected empty)",
        )
        if table.has("kind"):
            level = (kind == "level") & characteristic.notna()
            _check_unique(
                table,
                problems,
                CHARACTERISTIC,
                characteristic[level],
                lambda v, first: (
                    f"a second level question for characteristic '{v}', the first is on "
                    f"line {first} (expected exactly one level question per characteristic)"
                ),
            )
            present = set(characteristic[level])
            for slug in slugs:
                if slug not in present:
                    problems.add(
                        label,
                        None,
                        CHARACTERISTIC,
                        f"no level question for characteristic '{slug}' "
                        "(expected exactly one level question per characteristic)",
                    )
            home = characteristic.map(lambda c: config.CHARACTERISTICS[c][1] if c else None)
            wrong = level & theme.notna() & (theme != home)
            problems.add_cells(
                label,
                THEME,
                index[wrong],
                zip(theme[wrong], characteristic[wrong], home[wrong], strict=True),
                lambda t: (
                    f"'{t[0]}' is not the theme of characteristic '{t[1]}' (expected '{t[2]}')"
                ),
            )
    wrong_reverse = (reverse == "true") & kind.notna() & (kind != "likert")
    problems.add_cells(
        label,
        "reverse",
        index[wrong_reverse],
        kind[wrong_reverse],
        lambda k: (
            f"'true' given for a {k} question (expected false or empty: only likert "
            "questions may be reversed)"
        ),
    )
    if table.has("text"):
        _check_filled(table, problems, "text", _EXPECTED["text"])

    bank = None
    if table.has(QUESTION_ID):
        ids = frame[QUESTION_ID]
        filled = _check_filled(table, problems, QUESTION_ID, "an identifier such as Q03")
        shaped = ids.str.fullmatch(_QUESTION_ID_RE).astype(bool) if len(ids) else filled
        bad = filled & ~shaped
        problems.add_cells(
            label,
            QUESTION_ID,
            index[bad],
            ids[bad],
            lambda v: (
                f"{_show(v)} is not a valid question_id (expected a letter, then "
                "letters, digits or _)"
            ),
        )
        reserved = ids.isin(RESPONSE_KEYS)
        problems.add_cells(
            label,
            QUESTION_ID,
            index[reserved],
            ids[reserved],
            lambda v: (
                f"{_show(v)} is the name of a column of {RESPONSES_CSV} (expected a "
                f"name other than {', '.join(RESPONSE_KEYS)})"
            ),
        )
        repeated = _check_unique(
            table,
            problems,
            QUESTION_ID,
            ids[filled],
            lambda v, first: (
                f"{_show(v)} appears more than once, first on line {first} "
                "(expected each question_id once)"
            ),
        )
        usable = filled & ~reserved
        usable[repeated[repeated].index] = False
        bank = [
            _Question(qid, k, a)
            for qid, k, a in zip(ids[usable], kind[usable], asked_of[usable], strict=True)
        ]
    if not table.has(*required):
        return None, bank
    result = _output(
        table,
        {
            QUESTION_ID: _as_object(frame[QUESTION_ID]),
            "kind": kind,
            THEME: theme,
            CHARACTERISTIC: characteristic.where(kind != "text", None),
            "asked_of": asked_of,
            "reverse": (reverse == "true").astype(bool),
            "text": _as_object(frame["text"]),
            **{c: _optional_text(table, c) for c in optional},
        },
    )
    return result, bank


_ANSWERS = {
    "level": tuple(config.LEVEL_ANSWERS),
    "likert": tuple(config.LIKERT_SCORES),
}


@dataclass
class _ResponsesResult:
    frame: pd.DataFrame | None
    empty_submissions: pd.DataFrame
    responses: int
    empty: int


def _check_responses(
    table: _Table,
    problems: _Problems,
    codes: set | None,
    invited: _Invited | None,
    bank: list[_Question] | None,
    invitations_label: str,
    tolerated: set[str],
) -> _ResponsesResult:
    frame = table.frame
    label = table.label
    index = frame.index
    bank_ids = None if bank is None else [q.question_id for q in bank]
    _check_header(table, problems, RESPONSE_KEYS, others=bank_ids, tolerated=tolerated)
    if bank is not None:
        for question in bank:
            if not table.has(question.question_id):
                problems.add(
                    label,
                    1,
                    question.question_id,
                    f"is missing from the header (expected one column for every question "
                    f"of {QUESTIONS_CSV})",
                )
        questions = [q for q in bank if table.has(q.question_id)]
    else:
        questions = [_Question(c, None, None) for c in frame.columns if c not in RESPONSE_KEYS]

    # Respondents
    if table.has(RESPONDENT_ID):
        ids = frame[RESPONDENT_ID]
        filled = _check_filled(table, problems, RESPONDENT_ID, "an identifier of the submission")
        _check_unique(
            table,
            problems,
            RESPONDENT_ID,
            ids[filled],
            lambda _v, first: f"repeats the respondent_id of line {first} (expected unique ids)",
        )
    known = (
        _check_council(table, problems, codes)
        if table.has(COUNCIL_CODE)
        else pd.Series(False, index=index)
    )
    group = (
        _check_vocabulary(table, problems, GROUP, list(config.GROUPS), noun="group")
        if table.has(GROUP)
        else pd.Series(None, index=index, dtype=object)
    )
    located = known & group.notna()
    located_group = group.notna()
    in_group = {g: group == g for g in config.GROUPS}
    if invited is not None and table.has(COUNCIL_CODE):
        council = frame[COUNCIL_CODE]
        pairs = {f"{code}\x1f{grp}" for code, grp in invited.pairs}
        surveyed = (council + "\x1f" + group.fillna("").astype(str)).isin(pairs)
        not_invited = located & ~surveyed & ~council.isin(invited.uncertain)
        rows = index[not_invited]
        problems.add_cells(
            label,
            GROUP,
            rows,
            zip(group[rows], council[rows], strict=True),
            lambda gc: (
                f"'{gc[0]}' was not surveyed in {gc[1]}: no row for council {gc[1]}, "
                f"group {gc[0]} in {INVITATIONS_CSV} (expected a group invited in that council)"
            ),
        )

    # Answers
    answered = np.zeros(len(index), dtype=bool)
    answers: dict[str, pd.Series] = {}
    for question in questions:
        values = frame[question.question_id]
        filled = table.filled(question.question_id)
        answered |= filled.to_numpy()
        if question.kind in _ANSWERS:
            options = _ANSWERS[question.kind]
            canonical, bad = _canonical(values, _lookup(options))
            listing = ", ".join(options)
            problems.add_cells(
                label,
                question.question_id,
                index[bad],
                values[bad],
                lambda v, listing=listing: (
                    f"{_show(v)} is not a valid answer (expected one of: {listing}, or empty)"
                ),
            )
            answers[question.question_id] = canonical
        else:
            answers[question.question_id] = _text(values)
        if question.asked_of in config.GROUPS:
            stray = filled & located_group & ~in_group[question.asked_of]
            audience = config.GROUPS[question.asked_of]
            problems.add_cells(
                label,
                question.question_id,
                index[stray],
                group[stray],
                lambda g, audience=audience: (
                    f"answered by group '{g}', but the question is "
                    f"asked of {audience} only (expected empty)"
                ),
            )
    answered = pd.Series(answered, index=index)

    # Responses per council and group against the invitations
    if invited is not None and table.has(COUNCIL_CODE):
        counted = located & answered
        tally = (
            pd.DataFrame({COUNCIL_CODE: frame[COUNCIL_CODE][counted], GROUP: group[counted]})
            .value_counts()
            .to_dict()
        )
        for (code, grp), received in sorted(tally.items()):
            line, allowed = invited.pairs.get((code, grp), (None, np.nan))
            if line is not None and np.isfinite(allowed) and received > allowed:
                problems.add(
                    invitations_label,
                    line,
                    "invited",
                    f"{received} responses received in {RESPONSES_CSV} for council {code}, "
                    f"group {grp}, but only {int(allowed)} invited (expected at least as "
                    "many invited as responses received)",
                )

    empty = ~answered
    dropped = empty & located
    council_values = frame[COUNCIL_CODE] if table.has(COUNCIL_CODE) else pd.Series("", index=index)
    empty_counts = (
        pd.DataFrame({COUNCIL_CODE: council_values[dropped], GROUP: group[dropped]})
        .value_counts()
        .rename("count")
        .reset_index()
    )
    empty_counts = _sort_groups(
        pd.DataFrame(
            {
                COUNCIL_CODE: _as_object(empty_counts[COUNCIL_CODE]),
                GROUP: _as_object(empty_counts[GROUP]),
                "count": empty_counts["count"].astype("int64"),
            }
        )
    )
    result = None
    if table.has(*RESPONSE_KEYS) and bank is not None:
        keep = answered.to_numpy()
        columns = {
            RESPONDENT_ID: _as_object(frame[RESPONDENT_ID]),
            COUNCIL_CODE: _as_object(frame[COUNCIL_CODE]),
            GROUP: group,
            **{q.question_id: answers[q.question_id] for q in questions},
        }
        result = pd.DataFrame(columns, index=index)[keep].reset_index(drop=True)
    return _ResponsesResult(
        frame=result,
        empty_submissions=empty_counts,
        responses=int(answered.sum()),
        empty=int(empty.sum()),
    )


def _check_public_survey(
    table: _Table, problems: _Problems, codes: set | None
) -> pd.DataFrame | None:
    required, optional = SCHEMAS[PUBLIC_SURVEY_CSV]
    _check_header(table, problems, required, optional)
    frame = table.frame
    if table.has(RESPONDENT_ID):
        ids = frame[RESPONDENT_ID]
        filled = _check_filled(table, problems, RESPONDENT_ID, "an identifier of the respondent")
        _check_unique(
            table,
            problems,
            RESPONDENT_ID,
            ids[filled],
            lambda _v, first: f"repeats the respondent_id of line {first} (expected unique ids)",
        )
    if table.has(COUNCIL_CODE):
        _check_council(table, problems, codes, required=False)
    answers = {}
    for column in ("satisfied", "told"):
        if table.has(column):
            answers[column] = _check_vocabulary(
                table, problems, column, config.PUBLIC_ANSWERS, noun="answer", required=False
            )
    weight = pd.Series(1.0, index=frame.index)
    if table.has("weight"):
        values = frame["weight"]
        filled = table.filled("weight")
        numbers = pd.to_numeric(values.where(filled), errors="coerce").astype(float)
        good = np.isfinite(numbers) & (numbers > 0)
        bad = filled & ~good
        problems.add_cells(
            table.label,
            "weight",
            values.index[bad],
            values[bad],
            lambda v: (
                f"{_show(v)} is not a valid weight (expected a number greater than 0, "
                "or empty for 1)"
            ),
        )
        weight = numbers.where(filled, 1.0)
    if not table.has(*required):
        return None
    return _output(
        table,
        {
            RESPONDENT_ID: _as_object(frame[RESPONDENT_ID]),
            COUNCIL_CODE: _text(frame[COUNCIL_CODE]),
            "satisfied": answers["satisfied"],
            "told": answers["told"],
            "weight": weight.astype(float),
        },
    )


def _check_framework(table: _Table, problems: _Problems) -> pd.DataFrame | None:
    required, optional = SCHEMAS[FRAMEWORK_CSV]
    _check_header(table, problems, required, optional)
    frame = table.frame
    slugs = list(config.CHARACTERISTICS)
    characteristic = None
    if table.has(CHARACTERISTIC):
        characteristic = _check_vocabulary(
            table, problems, CHARACTERISTIC, slugs, noun="characteristic"
        )
        _check_unique(
            table,
            problems,
            CHARACTERISTIC,
            characteristic.dropna(),
            lambda v, first: (
                f"'{v}' appears more than once, first on line {first} "
                "(expected each characteristic once)"
            ),
        )
        present = set(characteristic.dropna())
        for slug in slugs:
            if slug not in present:
                problems.add(
                    table.label,
                    None,
                    CHARACTERISTIC,
                    f"no row for characteristic '{slug}' (expected each of: {', '.join(slugs)})",
                )
    for column in required[1:]:
        if table.has(column):
            expected = _EXPECTED.get(column, "the display name")
            _check_filled(table, problems, column, expected)
    if characteristic is None or not table.has(*required):
        return None
    columns = {CHARACTERISTIC: characteristic}
    columns.update({c: _as_object(frame[c]) for c in required[1:]})
    columns.update({c: _optional_text(table, c) for c in optional})
    result = _output(table, columns)
    order = {slug: i for i, slug in enumerate(slugs)}
    return result.sort_values(
        CHARACTERISTIC, key=lambda s: s.map(order), kind="stable"
    ).reset_index(drop=True)


def _check_comments(table: _Table, problems: _Problems, codes: set | None) -> pd.DataFrame | None:
    required, optional = SCHEMAS[COMMENTS_CSV]
    _check_header(table, problems, required, optional)
    frame = table.frame
    if table.has(COUNCIL_CODE):
        _check_council(table, problems, codes)
    theme = (
        _check_vocabulary(table, problems, THEME, list(config.THEMES), noun="theme")
        if table.has(THEME)
        else None
    )
    if table.has("comment"):
        _check_filled(table, problems, "comment", _EXPECTED["comment"])
    lang = pd.Series(COMMENT_LANGUAGES[0], index=frame.index, dtype=object)
    if table.has(COMMENT_LANG):
        checked = _check_vocabulary(
            table, problems, COMMENT_LANG, COMMENT_LANGUAGES, noun="language", required=False
        )
        lang = checked.where(checked.notna(), COMMENT_LANGUAGES[0]).astype(object)
    if theme is None or not table.has(*required):
        return None
    return _output(
        table,
        {
            COUNCIL_CODE: _as_object(frame[COUNCIL_CODE]),
            THEME: theme,
            "comment": _as_object(frame["comment"]),
            COMMENT_LANG: lang,
        },
    )


def _check_findings(table: _Table, problems: _Problems, codes: set | None) -> pd.DataFrame | None:
    required, optional = SCHEMAS[FINDINGS_CSV]
    _check_header(table, problems, required, optional)
    frame = table.frame
    known = (
        _check_council(table, problems, codes)
        if table.has(COUNCIL_CODE)
        else pd.Series(False, index=frame.index)
    )
    theme = (
        _check_vocabulary(table, problems, THEME, list(config.THEMES), noun="theme")
        if table.has(THEME)
        else None
    )
    order = _check_whole(table, problems, "order") if table.has("order") else None
    if table.has("finding"):
        _check_filled(table, problems, "finding", _EXPECTED["finding"])
    if theme is None or order is None or not table.has(COUNCIL_CODE):
        return None
    complete = known & theme.notna() & order.notna()
    keys = (
        frame[COUNCIL_CODE][complete]
        + "\x1f"
        + theme[complete].astype(str)
        + "\x1f"
        + order[complete].astype("int64").astype(str)
    )
    _check_unique(
        table,
        problems,
        "order",
        keys,
        lambda key, first: (
            "council {}, theme {}, order {} appears more than once, first on line {} "
            "(expected each council, theme and order once)".format(*key.split("\x1f"), first)
        ),
    )
    if not table.has(*required):
        return None
    result = _output(
        table,
        {
            COUNCIL_CODE: _as_object(frame[COUNCIL_CODE]),
            THEME: theme,
            "order": order.fillna(0).astype("int64"),
            "finding": _as_object(frame["finding"]),
            **{c: _optional_text(table, c) for c in optional},
        },
    )
    rank = {t: i for i, t in enumerate(config.THEMES)}
    return result.sort_values(
        [COUNCIL_CODE, THEME, "order"],
        key=lambda s: s.map(rank) if s.name == THEME else s,
        kind="stable",
    ).reset_index(drop=True)


def _check_dataset(table: _Table, problems: _Problems) -> str:
    """dataset.csv: one row giving the data set's date; return it (``""`` if unusable).

    The date must be an ISO calendar date, ``YYYY-MM-DD``: a spreadsheet's
    ``06/12/2018`` could be June or December, so it is refused rather than guessed.
    """
    _check_header(table, problems, SCHEMAS[DATASET_CSV][0])
    frame = table.frame
    label = table.label
    expected = _EXPECTED[DATA_DATE]
    if len(frame) == 0 and not table.loose:
        problems.add(label, None, None, f"has no row (expected one row: {DATA_DATE}, {expected})")
    for line in frame.index[1:]:
        problems.add(
            label,
            int(line),
            None,
            "is a second row (expected one row: a data set has one date; "
            f"the first is on line {int(frame.index[0])})",
        )
    if not table.has(DATA_DATE) or len(frame) == 0:
        return ""
    line = int(frame.index[0])
    value = frame[DATA_DATE].iloc[0]
    if value == "":
        problems.add(label, line, DATA_DATE, f"is empty (expected {expected})")
        return ""
    if not re.fullmatch(_ISO_DATE_RE, value):
        problems.add(
            label,
            line,
            DATA_DATE,
            f"{_show(value)} is not a date written YYYY-MM-DD (expected {expected}; "
            "a date such as 06/12/2018 is ambiguous)",
        )
        return ""
    try:
        date.fromisoformat(value)
    except ValueError:
        problems.add(
            label,
            line,
            DATA_DATE,
            f"{_show(value)} is not a day of the calendar (expected {expected})",
        )
        return ""
    return value if len(frame) == 1 else ""


# --------------------------------------------------------------------------
# The Welsh texts a Welsh report prints
# --------------------------------------------------------------------------
#: What each Welsh column holds, for the messages of :func:`check_welsh`.
_WELSH_EXPECTED = {
    "text_cy": "the Welsh wording of the statement",
    "name_cy": "the Welsh name of the key characteristic",
    "level_1_cy": "the Welsh Level 1 descriptor",
    "level_2_cy": "the Welsh Level 2 descriptor",
    "level_3_cy": "the Welsh Level 3 descriptor",
    "finding_cy": "the audit team's Welsh text of the finding, Markdown as in finding",
}


def _visible(text: str) -> bool:
    """Whether a text holds a letter, digit, punctuation mark or symbol (not only invisibles)."""
    return any(unicodedata.category(c)[0] in "LNPS" for c in text)


def _check_welsh_texts(problems: _Problems, result: _Result, shown: Path, codes: set[str]) -> None:
    """Add one problem per Welsh text that the Welsh reports of ``codes`` print and lack.

    Runs on data that meet the contract: every required frame is present.
    """
    frames = result.frames

    def need(name: str, column: str, rows: np.ndarray, subjects: list[str], expected: str):
        frame = frames[name]
        label = str(shown / name)
        present = column in result.headers.get(name, ())
        if not present:
            expected += f"; the file has no {column} column"
        lines = result.lines[name]
        values = frame[column].to_numpy(dtype=object)
        for row, subject in zip(rows, subjects, strict=True):
            value = values[row]
            if isinstance(value, str) and _visible(value):
                continue
            shown_value = (
                f": {_show(value)} has no visible characters" if isinstance(value, str) else ""
            )
            problems.add(
                label,
                int(lines[row]),
                column,
                f"no Welsh text for {subject}{shown_value} (expected {expected})",
            )

    councils = frames[COUNCILS_CSV]
    rows = np.flatnonzero(councils[COUNCIL_CODE].isin(codes).to_numpy())
    need(
        COUNCILS_CSV,
        "name_cy",
        rows,
        [f"council {c}" for c in councils[COUNCIL_CODE].to_numpy()[rows]],
        _EXPECTED["name_cy"],
    )

    # The statements: likert questions asked of both groups or of a group surveyed.
    questions = frames[QUESTIONS_CSV]
    invitations = frames[INVITATIONS_CSV]
    surveyed = set(invitations.loc[invitations[COUNCIL_CODE].isin(codes), GROUP])
    asked_of = questions["asked_of"]
    printed = (questions["kind"] == "likert") & ((asked_of == "both") | asked_of.isin(surveyed))
    rows = np.flatnonzero(printed.to_numpy()) if codes else np.array([], dtype=int)
    ids = questions[QUESTION_ID].to_numpy()[rows]
    for column in WELSH_COLUMNS[QUESTIONS_CSV]:
        need(QUESTIONS_CSV, column, rows, [f"question {q}" for q in ids], _WELSH_EXPECTED[column])

    # The framework: every report prints all of it.
    framework = frames[FRAMEWORK_CSV]
    rows = np.arange(len(framework)) if codes else np.array([], dtype=int)
    slugs = framework[CHARACTERISTIC].to_numpy()[rows]
    for column in WELSH_COLUMNS[FRAMEWORK_CSV]:
        need(
            FRAMEWORK_CSV,
            column,
            rows,
            [f"characteristic {s}" for s in slugs],
            _WELSH_EXPECTED[column],
        )

    # The council's findings.
    findings = frames.get(FINDINGS_CSV)
    if findings is not None:
        rows = np.flatnonzero(findings[COUNCIL_CODE].isin(codes).to_numpy())
        subjects = [
            f"the finding of council {code}, theme {theme}, order {order}"
            for code, theme, order in findings[[COUNCIL_CODE, THEME, "order"]]
            .to_numpy()[rows]
            .tolist()
        ]
        for column in WELSH_COLUMNS[FINDINGS_CSV]:
            need(FINDINGS_CSV, column, rows, subjects, _WELSH_EXPECTED[column])


# --------------------------------------------------------------------------
# The whole folder
# --------------------------------------------------------------------------
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


def _fingerprint_part(name: str, data: bytes) -> bytes:
    return name.encode() + b"\0" + data + b"\0"


def raw_fingerprint(raw_dir: Path | str | None = None) -> str:
    """Return the fingerprint of a raw data folder, as :func:`load_raw` records it.

    The first 12 hex digits of a SHA-256 over the names and bytes of the
    contract files present, in name order: it changes when any file's content
    changes, whatever its modification time.
    """
    folder = Path(raw_dir) if raw_dir is not None else config.raw_dir()
    digest = hashlib.sha256()
    for name in sorted(CONTRACT_FILES):
        path = folder / name
        if path.is_file():
            digest.update(_fingerprint_part(name, path.read_bytes()))
    return digest.hexdigest()[:12]


def _display(path: Path) -> Path:
    """The path as shown to the user: relative to the working directory when under it."""
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd())
        except ValueError:
            return path
    return path


def _inspect(
    raw_dir: Path | str | None,
    names: Sequence[str],
    after: Callable[[_Problems, _Result, Path], str] | None = None,
) -> tuple[ValidationReport, _Result]:
    """Read and check the given contract files of ``raw_dir``.

    ``after(problems, result, shown)``, when given, runs once the contract's own
    checks are done, may add problems, and returns a note for the summary line
    (:func:`check_welsh`).
    """
    folder = Path(raw_dir) if raw_dir is not None else config.raw_dir()
    shown = _display(folder)
    problems = _Problems()
    frames: dict[str, pd.DataFrame] = {}
    empty_submissions = _empty_frame((COUNCIL_CODE, GROUP, "count")).astype({"count": "int64"})
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

    tables: dict[str, _Table | None] = {}
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
        digest.update(_fingerprint_part(name, data))
        tables[name] = _parse_table(data, name, label, problems)
        if tables[name] is not None:
            _check_characters(tables[name], problems)
    result.fingerprint = digest.hexdigest()[:12]

    def table(name: str) -> _Table | None:
        return tables.get(name)

    codes = None
    if (t := table(COUNCILS_CSV)) is not None:
        frames[COUNCILS_CSV], codes = _check_councils(t, problems)
    invited = None
    if (t := table(INVITATIONS_CSV)) is not None:
        frames[INVITATIONS_CSV], invited = _check_invitations(t, problems, codes)
    bank = None
    if (t := table(QUESTIONS_CSV)) is not None:
        frames[QUESTIONS_CSV], bank = _check_questions(t, problems)
    responses = empty = 0
    if (t := table(RESPONSES_CSV)) is not None:
        invitations_label = str(shown / INVITATIONS_CSV)
        questions_table = table(QUESTIONS_CSV)
        tolerated = questions_table.loose if questions_table is not None else set()
        checked = _check_responses(t, problems, codes, invited, bank, invitations_label, tolerated)
        frames[RESPONSES_CSV] = checked.frame
        result.empty_submissions = checked.empty_submissions
        responses, empty = checked.responses, checked.empty
    if (t := table(PUBLIC_SURVEY_CSV)) is not None:
        frames[PUBLIC_SURVEY_CSV] = _check_public_survey(t, problems, codes)
    if (t := table(FRAMEWORK_CSV)) is not None:
        frames[FRAMEWORK_CSV] = _check_framework(t, problems)
    if (t := table(COMMENTS_CSV)) is not None:
        frames[COMMENTS_CSV] = _check_comments(t, problems, codes)
    if (t := table(FINDINGS_CSV)) is not None:
        frames[FINDINGS_CSV] = _check_findings(t, problems, codes)
    if (t := table(DATASET_CSV)) is not None:
        result.data_date = _check_dataset(t, problems)

    for name, frame in frames.items():
        if isinstance(frame, pd.DataFrame) and _LINE in frame.columns:
            result.lines[name] = frame.pop(_LINE).to_numpy()
    result.headers = {name: t.header for name, t in tables.items() if t is not None}
    note = after(problems, result, shown) if after is not None else ""
    rows = sum(len(t.frame) for t in tables.values() if t is not None)
    report = _report(
        problems, shown, files=len(tables), rows=rows, responses=responses, empty=empty, note=note
    )
    return report, result


def _report(
    problems: _Problems,
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
