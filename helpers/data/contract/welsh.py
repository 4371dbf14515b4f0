"""The Welsh texts that a Welsh report prints (docs/data-contract.md#the-welsh-check).

Checked only on data that meet the contract: one problem per text that the
Welsh reports of the chosen councils print and the data lack.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data.columns import (
    ASKED_OF,
    CHARACTERISTIC,
    COUNCIL_CODE,
    GROUP,
    KIND,
    NAME_CY,
    ORDER,
    QUESTION_ID,
    THEME,
)
from helpers.data.contract.problems import Problems, show
from helpers.data.contract.schemas import (
    COUNCILS_CSV,
    EXPECTED,
    FINDINGS_CSV,
    FRAMEWORK_CSV,
    INVITATIONS_CSV,
    QUESTIONS_CSV,
    WELSH_COLUMNS,
)

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


def check_welsh_texts(
    problems: Problems,
    frames: dict[str, pd.DataFrame],
    lines: dict[str, np.ndarray],
    headers: dict[str, list[str]],
    shown: Path,
    codes: set[str],
) -> None:
    """Add one problem per Welsh text that the Welsh reports of ``codes`` print and lack.

    Runs on data that meet the contract: every required frame is present.
    """

    def need(name: str, column: str, rows: np.ndarray, subjects: list[str], expected: str):
        frame = frames[name]
        label = str(shown / name)
        present = column in headers.get(name, ())
        if not present:
            expected += f"; the file has no {column} column"
        rows_lines = lines[name]
        values = frame[column].to_numpy(dtype=object)
        for row, subject in zip(rows, subjects, strict=True):
            value = values[row]
            if isinstance(value, str) and _visible(value):
                continue
            shown_value = (
                f": {show(value)} has no visible characters" if isinstance(value, str) else ""
            )
            problems.add(
                label,
                int(rows_lines[row]),
                column,
                f"no Welsh text for {subject}{shown_value} (expected {expected})",
            )

    councils = frames[COUNCILS_CSV]
    rows = np.flatnonzero(councils[COUNCIL_CODE].isin(codes).to_numpy())
    need(
        COUNCILS_CSV,
        NAME_CY,
        rows,
        [f"council {c}" for c in councils[COUNCIL_CODE].to_numpy()[rows]],
        EXPECTED[NAME_CY],
    )

    # The statements: likert questions asked of both groups or of a group surveyed.
    questions = frames[QUESTIONS_CSV]
    invitations = frames[INVITATIONS_CSV]
    surveyed = set(invitations.loc[invitations[COUNCIL_CODE].isin(codes), GROUP])
    asked_of = questions[ASKED_OF]
    printed = (questions[KIND] == "likert") & ((asked_of == "both") | asked_of.isin(surveyed))
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
            for code, theme, order in findings[[COUNCIL_CODE, THEME, ORDER]]
            .to_numpy()[rows]
            .tolist()
        ]
        for column in WELSH_COLUMNS[FINDINGS_CSV]:
            need(FINDINGS_CSV, column, rows, subjects, _WELSH_EXPECTED[column])
