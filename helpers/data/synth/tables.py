"""The literal tables and texts of the synthetic data, read from this package's data files.

Every word of the shipped data set, English and Welsh, lives in a CSV file of
``helpers/data/synth/tables/`` (UTF-8, ``"\\n"`` line endings, one header row), which a
translator or an editor changes with any spreadsheet or text editor; then
``python -m helpers synth --force`` writes ``data/raw/`` again:

==================== =================================================================
``councils.csv``     the 22 councils: code, English and Welsh names and short names
                     (``short_name_cy``: the place as a Welsh sentence names it, unmutated),
                     councillors after the May 2017 elections and population in thousands
                     (both approximate; weights for officer numbers and the public survey)
``questions.csv``    the question bank, English ``text`` and Welsh ``text_cy``: the
                     ``questions.csv`` of ``data/raw/`` as it is
``framework.csv``    each characteristic's Welsh name and its three level descriptors,
                     English and Welsh (the English names: :data:`helpers.config.CHARACTERISTICS`)
``text_answers.csv`` the free-text answers: a respondent's answer is one or two of its
                     question's
``comments.csv``     the comments the analysts chose for a council (Caerphilly's own)
``comment_pool.csv`` the comments, by theme, from which the other councils' are drawn
``findings.csv``     the audit team's findings, English ``finding`` and Welsh ``finding_cy``:
                     the ``findings.csv`` of ``data/raw/`` as it is
==================== =================================================================

Each file is read into a tuple of frozen records whose fields are its columns, in order.
"""

from __future__ import annotations

import csv
import io
import typing
from collections.abc import Iterable
from dataclasses import dataclass, fields
from importlib import resources

#: The package folder of the tables.
TABLES = resources.files(__package__).joinpath("tables")
#: How a column's text is read, by the type of its record field.
_PARSE: dict[type, typing.Callable[[str], object]] = {
    str: str,
    int: int,
    bool: {"true": True, "false": False}.__getitem__,
}
R = typing.TypeVar("R")


@dataclass(frozen=True)
class Council:
    """A row of ``councils.csv``."""

    council_code: str
    name: str
    name_cy: str
    short_name: str
    short_name_cy: str
    councillors: int
    population: int


@dataclass(frozen=True)
class Question:
    """A row of ``questions.csv``; ``reverse`` is ``true`` or ``false`` in the file."""

    question_id: str
    kind: str
    theme: str
    characteristic: str
    asked_of: str
    reverse: bool
    text: str
    text_cy: str


@dataclass(frozen=True)
class Characteristic:
    """A row of ``framework.csv``: a characteristic's Welsh name and its level descriptors."""

    characteristic: str
    name_cy: str
    level_1: str
    level_2: str
    level_3: str
    level_1_cy: str
    level_2_cy: str
    level_3_cy: str


@dataclass(frozen=True)
class TextAnswer:
    """A row of ``text_answers.csv``."""

    question_id: str
    answer: str


@dataclass(frozen=True)
class Comment:
    """A row of ``comments.csv``."""

    council_code: str
    theme: str
    comment: str


@dataclass(frozen=True)
class PoolComment:
    """A row of ``comment_pool.csv``."""

    theme: str
    comment: str


@dataclass(frozen=True)
class Finding:
    """A row of ``findings.csv``: one paragraph of a finding, in English and in Welsh."""

    council_code: str
    theme: str
    order: int
    finding: str
    finding_cy: str


def _read_table(name: str, record: type[R]) -> tuple[R, ...]:
    """The rows of the package's ``tables/NAME`` as ``record`` instances.

    Raises
    ------
    ValueError
        If the header is not the record's fields, or a row has too few or too
        many cells, or a ``bool`` cell is neither ``true`` nor ``false``.
    """
    text = TABLES.joinpath(name).read_bytes().decode("utf-8")
    header, *rows = csv.reader(io.StringIO(text, newline=""))
    columns = fields(record)
    if header != [c.name for c in columns]:
        raise ValueError(f"{name}: columns {header}, expected {[c.name for c in columns]}")
    hints = typing.get_type_hints(record)
    parsers = [_PARSE[hints[c.name]] for c in columns]
    try:
        return tuple(
            record(*(parse(cell) for parse, cell in zip(parsers, row, strict=True))) for row in rows
        )
    except (KeyError, ValueError) as error:
        raise ValueError(f"{name}: {error}") from error


def _grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """key -> its values, in the order of ``pairs`` (and the keys in order of first sight)."""
    grouped: dict[str, tuple[str, ...]] = {}
    for key, value in pairs:
        grouped[key] = (*grouped.get(key, ()), value)
    return grouped


COUNCILS = _read_table("councils.csv", Council)
QUESTIONS = _read_table("questions.csv", Question)
#: characteristic -> its row of framework.csv.
FRAMEWORK = {row.characteristic: row for row in _read_table("framework.csv", Characteristic)}
#: question_id -> the free-text answers to it.
TEXT_ANSWERS = _grouped(
    (a.question_id, a.answer) for a in _read_table("text_answers.csv", TextAnswer)
)
COMMENTS = _read_table("comments.csv", Comment)
#: theme -> the comments of the pool.
COMMENT_POOL = _grouped((c.theme, c.comment) for c in _read_table("comment_pool.csv", PoolComment))
FINDINGS = _read_table("findings.csv", Finding)
