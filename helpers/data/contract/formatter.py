"""Pandera's failure cases in the data contract's words.

:func:`check_table` validates a normalised table lazily (every failure at once)
and adds one :class:`~.problems.Problem` per failing cell:
``FILE:LINE: column COL: problem (expected ...)``, the line being the table's
index. A check's ``message`` is a template: ``{value}`` is the bad value as a
message quotes it, ``{raw}`` as it stands, a column's name its value on the
row, ``{first}`` the line where the check's key first appears and ``{0}``,
``{1}``... the parts of that key, ``{bidi}`` and ``{redaction}`` the character
refused; or a function of those fields. An empty cell that must be filled
reads ``is empty (expected ...)``, from its column's declaration.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from helpers import config
from helpers.data.contract.problems import Problems, character, show
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
        cases = errors.failure_cases
    else:
        return
    together = cases[(cases["schema_context"] == "DataFrameSchema") & cases["check_number"].notna()]
    cases = cases[cases["index"].notna()].assign(_line=lambda x: x["index"].astype("int64"))
    cells = cases[
        (cases["schema_context"] == "Column")
        & cases["column"].isin(present)
        & ((cases["check"] == "not_nullable") | cases["check_number"].notna())
        & (cases["_line"].isin(rows) if rows is not None else True)
    ]
    rank = pd.to_numeric(cells["check_number"], errors="coerce").fillna(-1).astype(int)
    for (column, number), group in cells.groupby([cells["column"], rank], sort=True):
        lines = group["_line"].sort_values().to_numpy()
        declared = schema.columns[column]
        if number < 0:  # an empty cell that must be filled
            expected = declared.metadata["empty"]
            problems.add_cells(
                label, column, lines, lines, lambda _, e=expected: f"is empty (expected {e})"
            )
        else:
            _add(problems, label, column, declared.checks[number], frame[column], lines, False)
    for number, group in together.groupby("check_number", sort=True):
        made = schema.checks[int(number)]
        if group["index"].isna().all():  # the file as a whole
            problems.add(label, None, made.column, made.message)
            continue
        lines = group["index"].astype("int64").drop_duplicates().sort_values().to_numpy()
        _add(problems, label, made.column, made, frame, lines, True)


def _add(problems, label, column, made: pa.Check, data, lines, whole_rows: bool) -> None:
    """One problem per line, worded by the check's ``message``."""
    firsts = keys = None
    if made.key is not None:
        keys = made.key(data)
        filled = keys.dropna()
        first = ~filled.duplicated(keep="first")
        firsts = dict(zip(filled[first], filled.index[first], strict=True))

    def fields(line) -> dict:
        row = data.loc[line].to_dict() if whole_rows else {}
        value = row.get(column) if whole_rows else data.loc[line]
        out = {**row, "value": show(value), "raw": value}
        if keys is not None:
            out["first"] = int(firsts[keys.loc[line]])
            out["parts"] = str(keys.loc[line]).split(SEP)
        return out

    def describe(line) -> str:
        values = fields(line)
        message = made.message
        if callable(message):
            return message(values)
        if "{bidi}" in message:
            values["bidi"] = character(BIDI.search(values["raw"]).group())
        if "{redaction}" in message:
            values["redaction"] = character(config.REDACTION_MARK)
        return message.format(*values.pop("parts", ()), **values)

    problems.add_cells(label, column, lines, lines, describe)
