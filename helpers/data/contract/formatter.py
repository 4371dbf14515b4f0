"""Pandera's failure cases in the data contract's words (docs/data-contract.md).

:func:`check_table` validates a normalised table against its declared schema
lazily (every failure at once) and turns each failure case into a
:class:`~.problems.Problem`: ``FILE:LINE: column COL: problem (expected ...)``,
the line being the row as a spreadsheet shows it (the table's index). A
declared check's ``error`` is the message's template: ``{value}`` is the bad
value as a message quotes it, ``{raw}`` the value as it stands, ``{first}``
the line of a value's first appearance (uniqueness), ``{bidi}`` and
``{redaction}`` the character refused (free texts). An empty cell that must
be filled gives ``is empty (expected ...)`` from the column's declaration.
Missing and unexpected columns are reported from the header, not here.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from helpers import config
from helpers.data.contract.problems import Problems, character, show
from helpers.data.contract.schemas import BIDI

_UNIQUE = ("unique", "unique_folded")


def check_table(
    frame: pd.DataFrame, schema: pa.DataFrameSchema, label: str, problems: Problems
) -> None:
    """Add a problem per failure of ``frame`` against ``schema`` (every one: lazy)."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return
    cases = cases[(cases["schema_context"] == "Column") & cases["column"].isin(frame.columns)]
    empty = cases["check"] == "not_nullable"
    cases = cases[cases["index"].notna() & (empty | cases["check_number"].notna())]
    # Empty cells first, then each check in the order declared; a column's rows in order.
    cases = cases.assign(
        _rank=pd.to_numeric(cases["check_number"], errors="coerce").fillna(-1),
        _line=cases["index"].astype("int64"),
    )
    for (column, rank), group in cases.groupby(["column", "_rank"], sort=True):
        group = group.sort_values("_line")
        declared = schema.columns[column]
        lines = group["_line"].to_numpy()
        if rank < 0:  # not_nullable: an empty cell that must be filled
            expected = declared.metadata["empty"]
            problems.add_cells(
                label, column, lines, lines, lambda _v, e=expected: f"is empty (expected {e})"
            )
            continue
        check = declared.checks[int(rank)]
        values = frame.loc[lines, column]
        firsts = _first_lines(frame[column], check.name) if check.name in _UNIQUE else None
        problems.add_cells(
            label,
            column,
            lines,
            values,
            lambda v, error=check.error, name=check.name, firsts=firsts: _message(
                error, v, name, firsts
            ),
        )


def _first_lines(values: pd.Series, name: str) -> dict:
    """Each filled value (folded for ``unique_folded``) -> the line it first appears on."""
    filled = values.dropna()
    keys = filled.str.casefold() if name == "unique_folded" else filled
    first = ~keys.duplicated(keep="first")
    return dict(zip(keys[first], keys.index[first], strict=True))


def _message(error: str, value: object, name: str, firsts: dict | None) -> str:
    fields = {"value": show(value), "raw": value}
    if firsts is not None:
        key = value.casefold() if name == "unique_folded" else value
        fields["first"] = int(firsts[key])
    if "{bidi}" in error:
        fields["bidi"] = character(BIDI.search(value).group())
    if "{redaction}" in error:
        fields["redaction"] = character(config.REDACTION_MARK)
    return error.format(**fields)
