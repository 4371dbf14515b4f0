"""Reading the raw files byte by byte, before any rule of a table (docs/data-contract.md).

What makes a file unusable is one problem: UTF-16 or UTF-32 text, a
spreadsheet's ``sep=`` line, columns separated by semicolons, tabs or vertical
bars, unmatched double quotes, no header. Otherwise :func:`parse_table` returns
a :class:`Table` of stripped cells (byte-order mark dropped, blank rows skipped,
index = the row as a spreadsheet numbers it), having reported rows with the
wrong number of fields and cells that are not UTF-8; :func:`check_header`
reports missing, unexpected and repeated columns.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import config
from helpers.data.contract.problems import MAX_PROBLEMS, Problems, column_letter, show
from helpers.data.contract.schemas import CONTRACT_FILES, QUESTIONS_CSV, RESPONSES_CSV, SCHEMAS

_UNDECODABLE = re.compile("[\udc80-\udcff]")
_STRIP = np.frompyfunc(str.strip, 1, 1)
_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
_UTF8 = "(expected UTF-8: save the file as 'CSV UTF-8')"


@dataclass
class Table:
    """A CSV file as read: stripped cells, one column per header name, index = row number;
    ``loose``: the cells of the rows that could not be read (wrong number of fields)."""

    name: str
    label: str
    header: list[str]
    frame: pd.DataFrame
    loose: set[str] = field(default_factory=set)

    def has(self, *columns: str) -> bool:
        return all(c in self.frame.columns for c in columns)


def parse_table(data: bytes, name: str, label: str, problems: Problems) -> Table | None:
    """Parse one CSV file; report what makes it unusable and return None then."""
    required, optional = SCHEMAS[name]
    expected = ", ".join(required + optional)
    if foreign := _foreign_encoding(data):
        problems.add(label, None, None, f"is {foreign} text {_UTF8}")
        return None
    text = data.decode("utf-8-sig", errors="surrogateescape")
    rows: list[list[str]] = []
    starts = [1]  # text line on which each row starts, header = row 1
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    limit = csv.field_size_limit(2**31 - 1)  # long free text is allowed
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
    if _UNDECODABLE.search(text):
        _report_undecodable(rows, label, problems)

    header = [cell.strip() for cell in rows[0]]
    problems.set_header(label, header)
    width, body = len(header), rows[1:]
    fits = np.fromiter(map(len, body), dtype=np.int64, count=len(body)) == width
    ragged = [i for i in np.flatnonzero(~fits) if any(cell.strip() for cell in body[i])]
    problems.add_cells(
        label,
        None,
        [i + 2 for i in ragged],
        [len(body[i]) for i in ragged],
        lambda n: (
            f"has {n} field{'s' if n != 1 else ''} but the header has {width} "
            f"(expected {width}: check for stray commas and unmatched double quotes)"
        ),
    )
    loose = {cell.strip() for i in ragged for cell in body[i]}
    kept = np.flatnonzero(fits)
    cells = np.empty((len(kept), width), dtype=object)
    if len(kept):
        cells[:] = body if len(kept) == len(body) else [body[i] for i in kept]
        cells = _STRIP(cells)
    filled = (cells != "").any(axis=1) if width else np.zeros(len(kept), dtype=bool)
    cells, index = cells[filled], pd.Index(kept[filled] + 2, name="line")  # blank rows skipped
    columns: dict[str, pd.Series] = {}
    for position, column in enumerate(header):
        values = pd.Series(cells[:, position].copy(), index=index, dtype=object)
        if column and column not in columns:  # a repeated name is reported by check_header
            columns[column] = values
        elif not column and len(used := np.flatnonzero(values.to_numpy() != "")):
            problems.add(
                label,
                int(index[used[0]]),
                column_letter(position),
                f"{show(values.iloc[used[0]])} is in a column with no name in the header "
                f"(expected a column name on line 1: {expected})",
            )
    frame = pd.DataFrame(columns, index=index)
    return Table(name=name, label=label, header=header, frame=frame, loose=loose)


def _foreign_encoding(data: bytes) -> str | None:
    """The name of a UTF-16 or UTF-32 encoding the file is in, or None."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = data[:4096]
    if sample and sample.count(0) * 4 >= len(sample):  # a NUL byte in most characters
        return "UTF-16 or UTF-32"
    return None


def _unusable_header(header, required, expected: str, label: str, problems: Problems) -> bool:
    """Report an Excel ``sep=`` line or a delimiter other than the comma; True if so."""
    first = header[0].strip()
    if first.casefold().startswith("sep=") and len(header) <= 2:
        problems.add(
            label,
            1,
            None,
            f"{show(','.join(header))} is a spreadsheet setting, not a header "
            f"(expected the header row on line 1: {expected}; delete this line)",
        )
        return True
    if {cell.strip() for cell in header} & set(required):
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
    if "unexpected end of data" in str(exc):
        return (
            "a double quote opens a text on this row that is never closed "
            "(expected a closing double quote)"
        )
    if "expected after" in str(exc):
        return (
            "a stray double quote (expected a double quote inside a quoted text to be "
            'written twice ("") and a closing double quote to be followed by a comma or '
            "the end of the row)"
        )
    return f"{exc} (expected standard CSV)"


def _report_undecodable(rows: list[list[str]], label: str, problems: Problems) -> None:
    """Report cells holding bytes that are not UTF-8; replace them with U+FFFD in place."""
    header = [_UNDECODABLE.sub("\ufffd", cell).strip() for cell in rows[0]]
    found = 0
    for number, row in enumerate(rows, start=1):
        for position, cell in enumerate(row):
            if _UNDECODABLE.search(cell):
                column = header[position] if number > 1 and position < len(header) else None
                found += 1
                if found > MAX_PROBLEMS:
                    problems.count_more(1)
                else:
                    problems.add(label, number, column or None, f"is not valid UTF-8 text {_UTF8}")
                row[position] = _UNDECODABLE.sub("\ufffd", cell)


def check_header(
    table: Table,
    problems: Problems,
    required: Sequence[str],
    optional: Sequence[str] = (),
    others: Iterable[str] | None = (),
    tolerated: Iterable[str] = (),
) -> None:
    """Report missing, unexpected and repeated columns, all on line 1.

    ``others`` are further allowed names (the questions of responses.csv); None means
    they are unknown and unexpected columns are not reported; ``tolerated`` names are
    not reported either (the cells of questions.csv rows that could not be read).
    """
    label = table.label
    expected = ", ".join([*required, *optional])
    seen: dict[str, int] = {}
    for position, column in enumerate(table.header):
        if column in seen:
            problems.add(
                label,
                1,
                column,
                f"appears more than once in the header, as columns "
                f"{column_letter(seen[column])} and {column_letter(position)} "
                "(expected each column once)",
            )
        elif column:
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
            what = (
                f"is not a question in {QUESTIONS_CSV} (expected a question_id of "
                f"{QUESTIONS_CSV} or one of: {expected}{hint})"
                if table.name == RESPONSES_CSV
                else f"is not a column of this file (expected one of: {expected}{hint})"
            )
            problems.add(label, 1, column, what)


def fingerprint_part(name: str, data: bytes) -> bytes:
    return name.encode() + b"\0" + data + b"\0"


def raw_fingerprint(raw_dir: Path | str | None = None) -> str:
    """The first 12 hex digits of a SHA-256 over the names and bytes of the contract files
    present in ``raw_dir``, in name order: it changes with any file's content, whatever
    its modification time."""
    folder = Path(raw_dir) if raw_dir is not None else config.raw_dir()
    digest = hashlib.sha256()
    for name in sorted(CONTRACT_FILES):
        if (folder / name).is_file():
            digest.update(fingerprint_part(name, (folder / name).read_bytes()))
    return digest.hexdigest()[:12]


def display(path: Path) -> Path:
    """The path as shown to the user: relative to the working directory when under it."""
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd())
        except ValueError:
            return path
    return path
