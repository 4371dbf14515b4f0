"""The rules of questions.csv, public_survey.csv, framework.csv, comments.csv,
findings.csv and dataset.csv beyond their declared schemas (docs/data-contract.md).

A level question's characteristic (one each) and its theme, ``reverse`` only for
likert questions, every characteristic of the framework, each council, theme
and order of findings.csv once, one date in dataset.csv. Each function returns
the table in canonical form (None when unusable).
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from helpers import config
from helpers.data.columns import (
    ASKED_OF,
    CHARACTERISTIC,
    COMMENT,
    COUNCIL_CODE,
    DATA_DATE,
    FINDING,
    KIND,
    LANG,
    ORDER,
    QUESTION_ID,
    RESPONDENT_ID,
    REVERSE,
    SATISFIED,
    TEXT,
    THEME,
    TOLD,
    WEIGHT,
)
from helpers.data.contract.crosstable import (
    Question,
    allowed,
    as_object,
    header,
    known_rows,
    none_like,
    optional_text,
    output,
    repeats,
    text_or_none,
    validated,
    whole,
)
from helpers.data.contract.problems import Problems, show
from helpers.data.contract.reader import Table
from helpers.data.contract.schemas import (
    COMMENT_LANGUAGES,
    EXPECTED,
    ISO_DATE_RE,
    RESPONSE_KEYS,
)

_SLUGS = list(config.CHARACTERISTICS)


# --------------------------------------------------------------------------
# questions.csv
# --------------------------------------------------------------------------
def questions(
    table: Table, problems: Problems
) -> tuple[pd.DataFrame | None, list[Question] | None]:
    """questions.csv: the canonical frame and the question bank for responses.csv."""
    required, optional = header(table, problems)
    checked = validated(table, problems)
    frame = table.frame
    label = table.label
    index = frame.index
    none = none_like(index)

    def vocab(column: str, options) -> pd.Series:
        return allowed(checked, column, options) if table.has(column) else none

    kind = vocab(KIND, config.QUESTION_KINDS)
    theme = vocab(THEME, config.THEMES)
    asked_of = vocab(ASKED_OF, config.ASKED_OF)
    reverse = vocab(REVERSE, ("true", "false"))
    characteristic = none
    if table.has(CHARACTERISTIC):
        _characteristics(table, problems, checked, kind, theme)
        characteristic = allowed(checked, CHARACTERISTIC, _SLUGS)
    wrong_reverse = (reverse == "true") & kind.notna() & (kind != "likert")
    problems.add_cells(
        label,
        REVERSE,
        index[wrong_reverse],
        kind[wrong_reverse],
        lambda k: (
            f"'true' given for a {k} question (expected false or empty: only likert "
            "questions may be reversed)"
        ),
    )
    bank = None
    if table.has(QUESTION_ID):
        ids = frame[QUESTION_ID]
        filled = table.filled(QUESTION_ID)
        usable = filled & ~ids.isin(RESPONSE_KEYS) & ~(ids.duplicated(keep="first") & filled)
        bank = [
            Question(qid, k, a)
            for qid, k, a in zip(ids[usable], kind[usable], asked_of[usable], strict=True)
        ]
    if not table.has(*required):
        return None, bank
    result = output(
        table,
        {
            QUESTION_ID: as_object(frame[QUESTION_ID]),
            KIND: kind,
            THEME: theme,
            CHARACTERISTIC: characteristic.where(kind != "text", None),
            ASKED_OF: asked_of,
            REVERSE: (reverse == "true").astype(bool),
            TEXT: as_object(frame[TEXT]),
            **{c: optional_text(table, c) for c in optional},
        },
    )
    return result, bank


def _characteristics(
    table: Table, problems: Problems, checked: pd.DataFrame, kind: pd.Series, theme: pd.Series
) -> None:
    """A level question's characteristic (one each) and its theme; none for a text question."""
    label, index = table.label, table.frame.index
    values = table.frame[CHARACTERISTIC]
    filled = table.filled(CHARACTERISTIC)
    characteristic = allowed(checked, CHARACTERISTIC, _SLUGS)
    text_kind = kind == "text"
    bad = filled & characteristic.isna() & ~text_kind
    listing = ", ".join(_SLUGS)
    problems.add_cells(
        label,
        CHARACTERISTIC,
        index[bad],
        values[bad],
        lambda v: f"{show(v)} is not a valid characteristic (expected one of: {listing})",
    )
    missing = (kind == "level") & ~filled
    problems.add_cells(
        label,
        CHARACTERISTIC,
        index[missing],
        values[missing],
        lambda _v: f"is empty (expected for a level question one of: {listing})",
    )
    stray = text_kind & filled
    problems.add_cells(
        label,
        CHARACTERISTIC,
        index[stray],
        values[stray],
        lambda v: f"{show(v)} given for a text question (expected empty)",
    )
    if not table.has(KIND):
        return
    level = (kind == "level") & characteristic.notna()
    repeats(
        table,
        problems,
        CHARACTERISTIC,
        characteristic[level],
        lambda v, first: (
            f"a second level question for characteristic '{v}', the first is on "
            f"line {first} (expected exactly one level question per characteristic)"
        ),
    )
    present = set(characteristic[level])
    for slug in _SLUGS:
        if slug not in present:
            problems.add(
                label,
                None,
                CHARACTERISTIC,
                f"no level question for characteristic '{slug}' "
                "(expected exactly one level question per characteristic)",
            )
    home = characteristic.map(lambda c: config.CHARACTERISTICS[c][1] if c else None)
    wrong = level & theme.notna() & (theme != home)
    problems.add_cells(
        label,
        THEME,
        index[wrong],
        zip(theme[wrong], characteristic[wrong], home[wrong], strict=True),
        lambda t: f"'{t[0]}' is not the theme of characteristic '{t[1]}' (expected '{t[2]}')",
    )


# --------------------------------------------------------------------------
# The other files
# --------------------------------------------------------------------------
def public_survey(table: Table, problems: Problems, codes: set | None) -> pd.DataFrame | None:
    required, _ = header(table, problems)
    checked = validated(table, problems, codes=codes)
    frame = table.frame
    answers = {
        c: allowed(checked, c, config.PUBLIC_ANSWERS) for c in (SATISFIED, TOLD) if table.has(c)
    }
    weight = pd.Series(1.0, index=frame.index)
    if table.has(WEIGHT):
        numbers = pd.to_numeric(checked[WEIGHT], errors="coerce").astype(float)
        weight = numbers.where(table.filled(WEIGHT), 1.0)
    if not table.has(*required):
        return None
    return output(
        table,
        {
            RESPONDENT_ID: as_object(frame[RESPONDENT_ID]),
            COUNCIL_CODE: text_or_none(frame[COUNCIL_CODE]),
            SATISFIED: answers[SATISFIED],
            TOLD: answers[TOLD],
            WEIGHT: weight.astype(float),
        },
    )


def framework(table: Table, problems: Problems) -> pd.DataFrame | None:
    required, optional = header(table, problems)
    checked = validated(table, problems)
    characteristic = None
    if table.has(CHARACTERISTIC):
        characteristic = allowed(checked, CHARACTERISTIC, _SLUGS)
        present = set(characteristic.dropna())
        for slug in _SLUGS:
            if slug not in present:
                problems.add(
                    table.label,
                    None,
                    CHARACTERISTIC,
                    f"no row for characteristic '{slug}' (expected each of: {', '.join(_SLUGS)})",
                )
    if characteristic is None or not table.has(*required):
        return None
    columns = {CHARACTERISTIC: characteristic}
    columns.update({c: as_object(table.frame[c]) for c in required[1:]})
    columns.update({c: optional_text(table, c) for c in optional})
    order = {slug: i for i, slug in enumerate(_SLUGS)}
    return (
        output(table, columns)
        .sort_values(CHARACTERISTIC, key=lambda s: s.map(order), kind="stable")
        .reset_index(drop=True)
    )


def comments(table: Table, problems: Problems, codes: set | None) -> pd.DataFrame | None:
    required, _ = header(table, problems)
    checked = validated(table, problems, codes=codes)
    theme = allowed(checked, THEME, config.THEMES) if table.has(THEME) else None
    lang = pd.Series(COMMENT_LANGUAGES[0], index=table.frame.index, dtype=object)
    if table.has(LANG):
        given = allowed(checked, LANG, COMMENT_LANGUAGES)
        lang = given.where(given.notna(), COMMENT_LANGUAGES[0]).astype(object)
    if theme is None or not table.has(*required):
        return None
    return output(
        table,
        {
            COUNCIL_CODE: as_object(table.frame[COUNCIL_CODE]),
            THEME: theme,
            COMMENT: as_object(table.frame[COMMENT]),
            LANG: lang,
        },
    )


def findings(table: Table, problems: Problems, codes: set | None) -> pd.DataFrame | None:
    required, optional = header(table, problems)
    checked = validated(table, problems, codes=codes)
    frame = table.frame
    known = known_rows(table, codes)
    theme = allowed(checked, THEME, config.THEMES) if table.has(THEME) else None
    order = whole(frame[ORDER]) if table.has(ORDER) else None
    if theme is None or order is None or not table.has(COUNCIL_CODE):
        return None
    complete = known & theme.notna() & order.notna()
    keys = (
        frame[COUNCIL_CODE][complete]
        + "\x1f"
        + theme[complete].astype(str)
        + "\x1f"
        + order[complete].astype("int64").astype(str)
    )
    repeats(
        table,
        problems,
        ORDER,
        keys,
        lambda key, first: (
            "council {}, theme {}, order {} appears more than once, first on line {} "
            "(expected each council, theme and order once)".format(*key.split("\x1f"), first)
        ),
    )
    if not table.has(*required):
        return None
    result = output(
        table,
        {
            COUNCIL_CODE: as_object(frame[COUNCIL_CODE]),
            THEME: theme,
            ORDER: order.fillna(0).astype("int64"),
            FINDING: as_object(frame[FINDING]),
            **{c: optional_text(table, c) for c in optional},
        },
    )
    rank = {t: i for i, t in enumerate(config.THEMES)}
    return result.sort_values(
        [COUNCIL_CODE, THEME, ORDER],
        key=lambda s: s.map(rank) if s.name == THEME else s,
        kind="stable",
    ).reset_index(drop=True)


def dataset(table: Table, problems: Problems) -> str:
    """dataset.csv: one row giving the data set's date; return it (``""`` if unusable).

    The date must be an ISO calendar date, ``YYYY-MM-DD``: a spreadsheet's
    ``06/12/2018`` could be June or December, so it is refused rather than guessed.
    """
    header(table, problems)
    frame = table.frame
    label = table.label
    expected = EXPECTED[DATA_DATE]
    if len(frame) == 0 and not table.loose:
        problems.add(label, None, None, f"has no row (expected one row: {DATA_DATE}, {expected})")
    for line in frame.index[1:]:
        problems.add(
            label,
            int(line),
            None,
            "is a second row (expected one row: a data set has one date; "
            f"the first is on line {int(frame.index[0])})",
        )
    if not table.has(DATA_DATE) or len(frame) == 0:
        return ""
    line = int(frame.index[0])
    value = frame[DATA_DATE].iloc[0]
    if value == "":
        problems.add(label, line, DATA_DATE, f"is empty (expected {expected})")
        return ""
    if not re.fullmatch(ISO_DATE_RE, value):
        problems.add(
            label,
            line,
            DATA_DATE,
            f"{show(value)} is not a date written YYYY-MM-DD (expected {expected}; "
            "a date such as 06/12/2018 is ambiguous)",
        )
        return ""
    try:
        date.fromisoformat(value)
    except ValueError:
        problems.add(
            label,
            line,
            DATA_DATE,
            f"{show(value)} is not a day of the calendar (expected {expected})",
        )
        return ""
    return value if len(frame) == 1 else ""
