"""The declared tables ``build`` writes (docs/outputs.md): their columns and their types.

For each file of ``data/processed/`` and of ``outputs/summary/``: its columns in order
and what each holds (text, integer, number or boolean), declared once from the names of
:mod:`helpers.data.columns`. ``build`` checks every table against the pandera schema made
from this declaration before writing it (:mod:`helpers.data.table_schemas`), and the
report reads the processed tables with the declared types (:func:`read_processed`).

This module does not import pandera: a report's kernel reads the tables through it, and
the files it reads are those ``build`` checked (their SHA-256 is in the build record,
checked before any report renders), so they are typed here, not checked again.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data import columns as c
from helpers.errors import MissingDataError

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

#: The columns of each table of ``data/processed/`` (``<stem>.csv``), in order.
PROCESSED_COLUMNS: dict[str, tuple[str, ...]] = {
    **REFERENCE_COLUMNS,
    **{
        stem: (*names, *PROCESSED_EXTRA.get(stem, ()))
        for stem, (names, _key) in SUMMARY_COLUMNS.items()
    },
    ANSWERS: c.ANSWER_COLUMNS,
}


def read_processed(path: Path, stem: str) -> pd.DataFrame:
    """Read ``data/processed/<stem>.csv`` with the declared types of its columns.

    Text is read as it stands (empty cells as ``""``), numbers with empty cells
    as NaN, booleans from ``true``/``false``.

    Raises
    ------
    MissingDataError
        If the file's columns are not those declared (processed data of another version
        of the workbook): ``build`` writes them again.
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if tuple(frame.columns) != PROCESSED_COLUMNS[stem]:
        raise MissingDataError(
            f"data/processed/{stem}.csv does not have the columns build writes; "
            "run `python -m helpers build`"
        )
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
    return pd.DataFrame(typed, columns=frame.columns)
