"""The pandera schemas of the tables ``build`` writes, made from their declaration.

:mod:`helpers.data.tables` declares each table's columns and types; this module turns
that declaration into one pandera schema per file of ``data/processed/`` and of
``outputs/summary/`` (strict, in order), and ``build`` checks every table against its
schema before writing it (:func:`check`; docs/outputs.md). Only ``build`` and the tests
import it, so that a report's kernel does not pay for importing pandera.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa

from helpers.data.tables import (
    BOOLEAN,
    INTEGER,
    KINDS,
    PROCESSED_COLUMNS,
    SUMMARY_COLUMNS,
    TEXT,
)


def _is_number(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def _is_text(values: pd.Series) -> bool:
    return pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values)


def _is_whole(values: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values)
    return numbers.isna() | (numbers == np.floor(numbers))


def _column(name: str) -> pa.Column:
    """The declared column ``name``: its type from :data:`KINDS`, text when not listed."""
    kind = KINDS.get(name, TEXT)
    if kind == BOOLEAN:
        return pa.Column(bool, name=name)
    if kind == TEXT:
        return pa.Column(None, checks=pa.Check(_is_text, error="text"), name=name, nullable=True)
    checks = [pa.Check(_is_number, error="a number")]
    if kind == INTEGER:
        checks.append(pa.Check(_is_whole, error="a whole number"))
    return pa.Column(None, checks=checks, name=name, nullable=True)


def _schema(name: str, names: tuple[str, ...]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {column: _column(column) for column in names}, name=name, strict=True, ordered=True
    )


#: The schema of each summary table (``outputs/summary/<stem>.csv``).
SUMMARY: dict[str, pa.DataFrameSchema] = {
    stem: _schema(stem, names) for stem, (names, _key) in SUMMARY_COLUMNS.items()
}
#: The schema of each table of ``data/processed/`` (``<stem>.csv``).
PROCESSED: dict[str, pa.DataFrameSchema] = {
    stem: _schema(stem, names) for stem, names in PROCESSED_COLUMNS.items()
}


def check(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame``'s columns of ``schema``, in its order, checked against it (every failure).

    Raises
    ------
    pandera.errors.SchemaErrors
        If the table breaks its schema: a fault of ``build``, never of the data.
    """
    return schema.validate(frame.loc[:, list(schema.columns)], lazy=True)
