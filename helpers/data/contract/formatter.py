"""Pandera's failure cases in the data contract's words.

:func:`check_table` validates a normalised table lazily (every failure at once)
and adds one :class:`~.problems.Problem` per failing cell:
``FILE:LINE: column COL: problem (expected ...)``, the line being the table's
index. A check's ``message`` is a template: ``{value}`` is the bad value as a
message quotes it, ``{raw}`` as it stands, a column's name its value on the
row, ``{first}`` the line where the check's key first appears and ``{0}``,
``{1}``... the parts of that key, ``{bidi}`` and ``{redaction}`` the character
refused; or a function of those fields. An empty cell that must be filled
reads ``is empty (expected ...)``, from its column's declaration; a check of
the file as a whole (one truth, not one per row) prints its message as it is.
Only each check's output is read, not pandera's table of failure cases, which
would hold every column of every failing row; a check that cannot run (a bug)
raises.
"""

from __future__ import annotations

from string import Formatter

import pandas as pd
import pandera.pandas as pa

from helpers import config
from helpers.data.contract.problems import MAX_PROBLEMS, Problems, character, show
from helpers.data.contract.schemas import BIDI, SEP


def check_table(
    frame: pd.DataFrame,
    schema: pa.DataFrameSchema,
    label: str,
    problems: Problems,
    present: set[str],
    rows: pd.Index | None = None,
) -> None:
    """Add a problem per failure of ``frame`` against ``schema``.

    Only the cells of the ``present`` columns (the others were added empty, for the
    rules) and, when given, of ``rows`` are checked one by one.
    """
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        found = errors.schema_errors
    else:
        return
    reason = pa.errors.SchemaErrorReason
    if bugs := [e for e in found if e.reason_code == reason.CHECK_ERROR]:
        raise RuntimeError(f"a check of {label} failed to run: {bugs[0].failure_cases}")
    cells, together = [], []
    for err in found:
        if isinstance(err.schema, pa.DataFrameSchema):
            if err.check_index is not None:
                together.append(err)
            continue
        column = err.schema.name
        if column not in present:
            continue
        if err.reason_code == reason.SERIES_CONTAINS_NULLS:
            lines = pd.Index(err.failure_cases["index"].astype("int64"))
            number = -1
        elif err.check_index is not None:
            out = err.check_output
            lines = out.index[~out.astype(bool)]
            number = err.check_index
        else:
            continue
        if rows is not None:
            lines = lines[lines.isin(rows)]
        cells.append((column, number, lines))
    for column, number, lines in sorted(cells, key=lambda t: (t[0], t[1])):
        lines = lines.sort_values().to_numpy()
        if not len(lines):
            continue
        declared = schema.columns[column]
        if number < 0:  # an empty cell that must be filled
            expected = declared.metadata["empty"]
            problems.add_cells(
                label, column, lines, lines, lambda _, e=expected: f"is empty (expected {e})"
            )
        else:
            _add(
                problems,
                label,
                column,
                declared.checks[number],
                frame[column],
                lines,
                whole_rows=False,
            )
    for err in sorted(together, key=lambda e: e.check_index):
        made = schema.checks[err.check_index]
        out = err.check_output
        if not isinstance(out, pd.Series):  # the file as a whole
            problems.add(label, None, made.column, made.message)
            continue
        lines = out.index[~out.astype(bool)].sort_values().to_numpy()
        _add(problems, label, made.column, made, frame, lines, whole_rows=True)


def _add(
    problems: Problems,
    label: str,
    column: str | None,
    made: pa.Check,
    data: pd.DataFrame | pd.Series,
    lines,
    *,
    whole_rows: bool,
) -> None:
    """One problem per line, worded by the check's ``message``; ``data`` is the column
    checked, or with ``whole_rows`` the table, whose row gives the message its fields."""
    firsts = keys = None
    if made.key is not None:
        keys = made.key(data)
        filled = keys.dropna()
        first = ~filled.duplicated(keep="first")
        firsts = dict(zip(filled[first], filled.index[first], strict=True))

    listed = lines[:MAX_PROBLEMS]  # the lines worded (Problems.add_cells counts the rest)
    if whole_rows:  # the fields the message names, of each listed row, read at once
        if callable(made.message):
            wanted = data.columns
        else:
            named = {field for _, field, _, _ in Formatter().parse(made.message) if field}
            wanted = data.columns.intersection(named)
        rows = data.loc[listed, wanted.union([column] if column else [])].to_dict("index")
    else:
        rows = {line: {column: value} for line, value in zip(listed, data.loc[listed], strict=True)}

    def describe(line) -> str:
        row = rows[line]
        value = row.get(column)
        values = {**row, "value": show(value), "raw": value}
        parts = []  # of the key, positional fields: never a column's value
        if keys is not None:
            values["first"] = int(firsts[keys.loc[line]])
            parts = str(keys.loc[line]).split(SEP)
        message = made.message
        if callable(message):
            return message(values)
        if "{bidi}" in message:
            values["bidi"] = character(BIDI.search(value).group())
        if "{redaction}" in message:
            values["redaction"] = character(config.REDACTION_MARK)
        return message.format(*parts, **values)

    problems.add_cells(label, column, lines, lines, describe)
