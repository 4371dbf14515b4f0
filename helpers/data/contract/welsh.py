"""The Welsh texts that a Welsh report prints (docs/data-contract.md#the-welsh-check).

Checked only on data that meet the contract: one problem per text that the
Welsh reports of the chosen councils print and the data lack.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data import columns as c
from helpers.data.contract.problems import Problems, show
from helpers.data.contract.schemas import (
    COUNCILS_CSV,
    FINDINGS_CSV,
    FRAMEWORK_CSV,
    INVITATIONS_CSV,
    QUESTIONS_CSV,
)

#: file -> Welsh column -> what it holds, for the messages.
_EXPECTED = {
    COUNCILS_CSV: {c.NAME_CY: "the official Welsh name"},
    QUESTIONS_CSV: {c.TEXT_CY: "the Welsh wording of the statement"},
    FRAMEWORK_CSV: {
        c.NAME_CY: "the Welsh name of the key characteristic",
        **{f"level_{n}_cy": f"the Welsh Level {n} descriptor" for n in (1, 2, 3)},
    },
    FINDINGS_CSV: {
        c.FINDING_CY: "the audit team's Welsh text of the finding, Markdown as in finding"
    },
}


def check_welsh_texts(
    problems: Problems,
    frames: dict[str, pd.DataFrame],
    lines: dict[str, np.ndarray],
    headers: dict[str, list[str]],
    shown: Path,
    codes: set[str],
) -> None:
    """Add one problem per Welsh text that the Welsh reports of ``codes`` print and lack."""
    councils, questions = frames[COUNCILS_CSV], frames[QUESTIONS_CSV]
    invitations, framework = frames[INVITATIONS_CSV], frames[FRAMEWORK_CSV]
    # The statements: likert questions asked of both groups or of a group surveyed.
    surveyed = set(invitations.loc[invitations[c.COUNCIL_CODE].isin(codes), c.GROUP])
    asked_of = questions[c.ASKED_OF]
    statements = (questions[c.KIND] == "likert") & ((asked_of == "both") | asked_of.isin(surveyed))
    findings = frames.get(FINDINGS_CSV)
    wanted = {
        COUNCILS_CSV: (councils[c.COUNCIL_CODE].isin(codes), "council {council_code}"),
        QUESTIONS_CSV: (statements & bool(codes), "question {question_id}"),
        FRAMEWORK_CSV: (
            pd.Series(bool(codes), index=framework.index),
            "characteristic {characteristic}",
        ),
        FINDINGS_CSV: (
            findings[c.COUNCIL_CODE].isin(codes) if findings is not None else None,
            "the finding of council {council_code}, theme {theme}, order {order}",
        ),
    }
    for name, (rows, subject) in wanted.items():
        if rows is None:
            continue
        frame, label = frames[name], str(shown / name)
        for column, expected in _EXPECTED[name].items():
            if column not in headers.get(name, ()):
                expected += f"; the file has no {column} column"
            for row in np.flatnonzero(rows.to_numpy()):
                value = frame[column].iat[row]
                if isinstance(value, str) and _visible(value):
                    continue
                empty = (
                    f": {show(value)} has no visible characters" if isinstance(value, str) else ""
                )
                about = subject.format(**frame.iloc[row].to_dict())
                message = f"no Welsh text for {about}{empty} (expected {expected})"
                problems.add(label, int(lines[name][row]), column, message)


def _visible(text: str) -> bool:
    """Whether a text holds a letter, digit, punctuation mark or symbol (not only invisibles)."""
    return any(unicodedata.category(ch)[0] in "LNPS" for ch in text)
