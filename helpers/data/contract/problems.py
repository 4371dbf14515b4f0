"""Problems of the data contract and how they are worded.

A :class:`Problem` prints as ``FILE:LINE: column COL: problem (expected ...)``;
:class:`Problems` collects them and lists at most :data:`MAX_PROBLEMS` in file,
row and column order; :func:`show` quotes a bad value for a message.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

#: At most this many problems are listed; one more line says how many were left out.
MAX_PROBLEMS = 500
_ESCAPES = {"\n": "\\n", "\r": "\\n", "\t": "\\t"}


@dataclass(frozen=True)
class Problem:
    """One breach of the contract: the file as shown to the user ("" for the closing
    count), the row as a spreadsheet numbers it (header = 1; None for the whole file),
    the column if any, the message ending ``(expected ...)``, and the line a text editor
    shows when a quoted line break above makes it differ."""

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
            where += f": column {escape(self.column)}"
        message = self.message
        if self.text_line is not None and self.text_line != self.line:
            message += f" [line {self.text_line} in a text editor]"
        return f"{where}: {message}"


@dataclass(frozen=True)
class ValidationReport:
    """Every problem found, in file and row order (at most :data:`MAX_PROBLEMS`, then a
    line counting the rest), and a one-line summary of what was checked."""

    problems: list[Problem]
    summary: str

    @property
    def ok(self) -> bool:
        """True when the data meet the contract."""
        return not self.problems


class Problems:
    """Collects problems; builds at most MAX_PROBLEMS per check and counts the rest."""

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
        self, file: str, column: str | None, lines: Iterable, values: Iterable, describe: Callable
    ) -> None:
        """Add one problem per (line, value), worded by ``describe(value)``."""
        lines = list(lines)
        for line, value in zip(lines[:MAX_PROBLEMS], values, strict=False):
            self._items.append(Problem(file, int(line), column, describe(value)))
        self._unlisted += max(0, len(lines) - MAX_PROBLEMS)

    def count_more(self, n: int) -> None:
        """Count ``n`` problems not listed."""
        self._unlisted += n

    @property
    def count(self) -> int:
        return len(self._items) + self._unlisted

    def listed(self) -> list[Problem]:
        """The problems in file, row and column order, capped."""

        def key(p: Problem) -> tuple:
            columns = self._columns.get(p.file, {})
            position = columns.get(p.column, len(columns)) if p.column is not None else -1
            return (self._rank.get(p.file, -1), p.line is not None, p.line or 0, position)

        total = self.count
        items = [self._with_text_line(p) for p in sorted(self._items, key=key)[:MAX_PROBLEMS]]
        if total > MAX_PROBLEMS:
            items.append(Problem("", None, None, f"... and {total - MAX_PROBLEMS:,} more problems"))
        return items

    def _with_text_line(self, problem: Problem) -> Problem:
        starts = self._text_lines.get(problem.file)
        line = problem.line
        if starts is None or line is None or not 1 <= line <= len(starts):
            return problem
        text_line = int(starts[line - 1])
        return problem if text_line == line else replace(problem, text_line=text_line)


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column position: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def escape(text: str) -> str:
    """``text`` on one line with invisible characters made visible (``\\n``, ``\\u200b``)."""
    if text.isprintable():
        return text
    text = text.replace("\r\n", "\n")
    return "".join(c if c.isprintable() else _ESCAPES.get(c, f"\\u{ord(c):04x}") for c in text)


def show(value: object, width: int = 40) -> str:
    """A value quoted for a message: shortened, on one line, invisible characters escaped."""
    text = escape(str(value))
    return f"'{text[: width - 1]}\u2026'" if len(text) > width else f"'{text}'"


def character(char: str) -> str:
    """A character as a message names it: ``U+202E RIGHT-TO-LEFT OVERRIDE``."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()
