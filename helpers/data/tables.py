"""The declared schemas of the tables ``build`` writes (docs/outputs.md).

One pandera schema per file of ``data/processed/`` and of ``outputs/summary/``:
its columns in order and what each holds (text, integer, number or boolean),
declared once from the names of :mod:`helpers.data.columns`. ``build`` checks
every table against its schema before writing it (:func:`check`), and the
report reads the processed tables through the same schemas
(:func:`read_processed`), which give each column its type.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from helpers.data import columns as c

TEXT, INTEGER, NUMBER, BOOLEAN = "text", "integer", "number", "boolean"

#: What each column of the processed and summary tables holds, as docs/outputs.md types it.
KINDS: dict[str, str] = {
    **dict.fromkeys(
        (c.INVITED, c.RESPONSES, c.COMPLETES, c.PARTIALS, c.N, c.LEVEL, *c.N_LEVEL),
        INTEGER,
    ),
    **dict.fromkeys((c.AGREE, c.ORDER, c.RESPONDENT), INTEGER),
    **dict.fromkeys(
        (c.RESPONSE_RATE, c.CI_LOW, c.CI_HIGH, c.RR1, c.RR2, c.MEAN_LEVEL, c.AGREE_PCT),
        NUMBER,
    ),
    **dict.fromkeys(
        (c.MEAN_SCORE, c.THEME_SCORE, c.THEME_AGREE_PCT, c.COUNCIL_AGREE_PCT, c.REST_AGREE_PCT),
        NUMBER,
    ),
    **dict.fromkeys((c.Z, c.P_VALUE, c.P_ADJUSTED, c.PCT, c.SCORE), NUMBER),
    **dict.fromkeys((c.SUPPRESSED, c.REVERSE), BOOLEAN),
}


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


#: The summary tables of ``outputs/summary/`` (docs/outputs.md), by file stem: columns, key.
SUMMARY_COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "response_rates": (c.RESPONSE_RATE_COLUMNS, c.RESPONSE_RATE_KEY),
    "maturity": (c.MATURITY_COLUMNS, c.MATURITY_KEY),
    "agreement": (c.AGREEMENT_COLUMNS, c.AGREEMENT_KEY),
    "themes": (c.THEME_COLUMNS, c.THEME_KEY),
    "comparisons": (c.COMPARISON_COLUMNS, c.COMPARISON_KEY),
    "public_survey": (c.PUBLIC_SURVEY_COLUMNS, c.PUBLIC_SURVEY_KEY),
}
#: Extra columns of the processed copies of the summary tables.
PROCESSED_EXTRA: dict[str, tuple[str, ...]] = {
    "maturity": (c.SUPPRESSION,),
    "agreement": (c.SUPPRESSION,),
    "themes": (c.SUPPRESSION,),
    "comparisons": (c.SKIP_REASON,),
}
#: The reference tables of ``data/processed/``, as the data contract loads them.
REFERENCE_COLUMNS: dict[str, tuple[str, ...]] = {
    "councils": (c.COUNCIL_CODE, c.NAME, c.NAME_CY, c.SHORT_NAME, c.SHORT_NAME_CY),
    "invitations": (c.COUNCIL_CODE, c.GROUP, c.INVITED),
    "questions": (
        c.QUESTION_ID,
        c.KIND,
        c.THEME,
        c.CHARACTERISTIC,
        c.ASKED_OF,
        c.REVERSE,
        c.TEXT,
        c.TEXT_CY,
    ),
    "framework": (
        c.CHARACTERISTIC,
        c.NAME,
        c.LEVEL_1,
        c.LEVEL_2,
        c.LEVEL_3,
        c.NAME_CY,
        c.LEVEL_1_CY,
        c.LEVEL_2_CY,
        c.LEVEL_3_CY,
    ),
    "findings": (c.COUNCIL_CODE, c.THEME, c.ORDER, c.FINDING, c.FINDING_CY),
    "comments": (c.COUNCIL_CODE, c.THEME, c.COMMENT, c.LANG),
}
ANSWERS = "answers"

#: The schema of each summary table (``outputs/summary/<stem>.csv``).
SUMMARY: dict[str, pa.DataFrameSchema] = {
    stem: _schema(stem, names) for stem, (names, _key) in SUMMARY_COLUMNS.items()
}
#: The schema of each table of ``data/processed/`` (``<stem>.csv``).
PROCESSED: dict[str, pa.DataFrameSchema] = {
    **{stem: _schema(stem, names) for stem, names in REFERENCE_COLUMNS.items()},
    **{
        stem: _schema(stem, (*names, *PROCESSED_EXTRA.get(stem, ())))
        for stem, (names, _key) in SUMMARY_COLUMNS.items()
    },
    ANSWERS: _schema(ANSWERS, c.ANSWER_COLUMNS),
}


def check(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame``'s columns of ``schema``, in its order, checked against it (every failure).

    Raises
    ------
    pandera.errors.SchemaErrors
        If the table breaks its schema: a fault of ``build``, never of the data.
    """
    return schema.validate(frame.loc[:, list(schema.columns)], lazy=True)


def read_processed(path: Path, stem: str) -> pd.DataFrame:
    """Read ``data/processed/<stem>.csv`` with the types of its schema, and check it.

    Text is read as it stands (empty cells as ``""``), numbers with empty cells
    as NaN, booleans from ``true``/``false``.
    """
    schema = PROCESSED[stem]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    typed = {}
    for column in frame.columns:
        values = frame[column]
        kind = KINDS.get(column, TEXT)
        if kind == BOOLEAN:
            typed[column] = values.str.strip().str.lower().eq("true")
        elif kind == TEXT:
            typed[column] = values.astype(object)
        else:
            typed[column] = pd.to_numeric(values.replace("", np.nan))
    return schema.validate(pd.DataFrame(typed, columns=frame.columns), lazy=True)
