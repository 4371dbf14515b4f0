"""The rules across tables, and the steps every file shares (docs/data-contract.md).

Each file is checked against its header and its declared schema
(:func:`validated`: :mod:`.schemas` through :mod:`.formatter`); then the
rules that need another file: every council code known in councils.csv
(:func:`~.schemas.known_council`), each council and group once in invitations.csv,
every question column of responses.csv declared in questions.csv and answered
only by the group it is asked of, every group surveyed and no more responses
per council and group than invitations. :mod:`.rules` holds the rules of the
other files across their own columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers import config
from helpers.data.columns import (
    COUNCIL_CODE,
    COUNT,
    GROUP,
    INVITED,
    RESPONDENT_ID,
    SHORT_NAME,
)
from helpers.data.contract.formatter import check_table
from helpers.data.contract.problems import Problems, show
from helpers.data.contract.reader import Table, check_header
from helpers.data.contract.schemas import (
    ANSWERS,
    CODE_RE,
    INVITATIONS_CSV,
    QUESTIONS_CSV,
    RAW_SCHEMAS,
    RESPONSE_KEYS,
    RESPONSES_CSV,
    SCHEMAS,
    WHOLE_RE,
    known_council,
    normalise,
    responses_schema,
)

#: Working column of the canonical frames: the spreadsheet line of each row.
LINE = "_line"
_SLUGS = list(config.CHARACTERISTICS)


# --------------------------------------------------------------------------
# Shared steps
# --------------------------------------------------------------------------
def validated(
    table: Table, problems: Problems, schema=None, codes: set[str] | None = None
) -> pd.DataFrame:
    """The table normalised and checked against its schema (problems added).

    With ``codes``, the councils of councils.csv, its ``council_code`` must
    also be one of them (:func:`~.schemas.known_council`). When councils.csv
    could not be read (None) any code is taken as known, so that one broken
    file does not flood the report.
    """
    schema = schema if schema is not None else RAW_SCHEMAS[table.name]
    if codes is not None and COUNCIL_CODE in schema.columns:
        checks = [*schema.columns[COUNCIL_CODE].checks, known_council(codes)]
        schema = schema.update_column(COUNCIL_CODE, checks=checks)
    frame = normalise(table.frame, schema)
    check_table(frame, schema, table.label, problems)
    return frame


def header(table: Table, problems: Problems) -> tuple[tuple[str, ...], tuple[str, ...]]:
    required, optional = SCHEMAS[table.name]
    check_header(table, problems, required, optional)
    return required, optional


def as_object(values: pd.Series) -> pd.Series:
    """An object Series with None for missing values."""
    return pd.Series(values.to_numpy(dtype=object, na_value=None), index=values.index, dtype=object)


def allowed(frame: pd.DataFrame, column: str, options) -> pd.Series:
    """The canonical values of a vocabulary column; None where empty or not allowed."""
    values = frame[column]
    return as_object(values.where(values.isin(list(options))))


def none_like(index: pd.Index) -> pd.Series:
    return pd.Series(np.full(len(index), None, dtype=object), index=index, dtype=object)


def text_or_none(values: pd.Series) -> pd.Series:
    """Stripped text as object, None when empty."""
    return as_object(values.where(values.to_numpy() != ""))


def optional_text(table: Table, column: str) -> pd.Series:
    """An optional free-text column: stripped text, None where empty or the file lacks it."""
    return text_or_none(table.frame[column]) if table.has(column) else none_like(table.frame.index)


def whole(values: pd.Series) -> pd.Series:
    """The whole numbers of 1 or more of a column; NaN elsewhere."""
    shaped = values.str.fullmatch(WHOLE_RE).astype(bool) if len(values) else values == ""
    numbers = pd.to_numeric(values.where(shaped), errors="coerce").astype(float)
    return numbers.where(shaped & (numbers >= 1))


def output(table: Table, columns: dict[str, pd.Series]) -> pd.DataFrame:
    """A result frame with a fresh RangeIndex and each row's line in :data:`LINE`."""
    frame = pd.DataFrame(columns, index=table.frame.index)
    frame[LINE] = table.frame.index.to_numpy()
    return frame.reset_index(drop=True)


def sort_groups(frame: pd.DataFrame) -> pd.DataFrame:
    order = {g: i for i, g in enumerate(config.GROUPS)}
    return frame.sort_values(
        [COUNCIL_CODE, GROUP], key=lambda s: s.map(order) if s.name == GROUP else s
    ).reset_index(drop=True)


def repeats(
    table: Table, problems: Problems, column: str, keys: pd.Series, describe: Callable
) -> pd.Series:
    """Report every repeat of a key of several columns; return the mask of repeats."""
    repeated = keys.duplicated(keep="first")
    if repeated.any():
        first_line = pd.Series(keys.index[~repeated], index=keys[~repeated].to_numpy())
        lines = keys.index[repeated]
        problems.add_cells(
            table.label,
            column,
            lines,
            zip(keys[lines], keys[repeated].map(first_line), strict=True),
            lambda pair: describe(pair[0], int(pair[1])),
        )
    return repeated


def known_rows(table: Table, codes: set[str] | None) -> pd.Series:
    """The mask of the rows whose council is in councils.csv (any code given if unknown)."""
    if not table.has(COUNCIL_CODE):
        return pd.Series(False, index=table.frame.index)
    if codes is None:
        return table.filled(COUNCIL_CODE)
    return table.frame[COUNCIL_CODE].isin(codes)


# --------------------------------------------------------------------------
# councils.csv and invitations.csv
# --------------------------------------------------------------------------
def councils(table: Table, problems: Problems) -> tuple[pd.DataFrame | None, set | None]:
    """councils.csv: the canonical frame and the set of council codes it declares."""
    required, optional = header(table, problems)
    frame = table.frame
    if len(frame) == 0:
        problems.add(
            table.label, None, None, "has no councils (expected one row per local authority)"
        )
    validated(table, problems)
    codes = None
    if table.has(COUNCIL_CODE):
        filled = table.filled(COUNCIL_CODE)
        codes = set(frame[COUNCIL_CODE][filled]) | {
            c for c in table.loose if re.fullmatch(CODE_RE, c)
        }
    if table.has(SHORT_NAME, COUNCIL_CODE):
        short = frame[SHORT_NAME]
        code_folded = frame[COUNCIL_CODE].str.casefold()
        folded = short.str.casefold()
        clash = table.filled(SHORT_NAME) & folded.isin(set(code_folded)) & (folded != code_folded)
        problems.add_cells(
            table.label,
            SHORT_NAME,
            short.index[clash],
            short[clash],
            lambda v: (
                f"{show(v)} is the code of another council (expected a name, not a council code)"
            ),
        )
    if not table.has(*required):
        return None, codes
    columns = {c: as_object(frame[c]) for c in required}
    columns.update({c: optional_text(table, c) for c in optional})
    result = output(table, columns)
    return result.sort_values(COUNCIL_CODE, kind="stable").reset_index(drop=True), codes


@dataclass
class Question:
    """A question of questions.csv, as responses.csv is checked against it."""

    question_id: str
    kind: str | None
    asked_of: str | None


@dataclass
class Invited:
    """What invitations.csv says, for the checks of responses.csv."""

    pairs: dict[tuple[str, str], tuple[int, float]]  # (code, group) -> (line, invited or NaN)
    uncertain: set[str]  # councils with a row whose group could not be read


def invitations(
    table: Table, problems: Problems, codes: set | None
) -> tuple[pd.DataFrame | None, Invited | None]:
    required, _ = header(table, problems)
    checked = validated(table, problems, codes=codes)
    frame = table.frame
    known = known_rows(table, codes)
    group = allowed(checked, GROUP, config.GROUPS) if table.has(GROUP) else None
    invited = whole(frame[INVITED]) if table.has(INVITED) else None
    if group is None or not table.has(COUNCIL_CODE):
        return None, None
    both = known & group.notna()
    keys = frame[COUNCIL_CODE][both] + "\x1f" + group[both].astype(str)
    repeated = repeats(
        table,
        problems,
        GROUP,
        keys,
        lambda key, first: (
            "council {} and group {} appear more than once, first on line {} "
            "(expected each council and group once)".format(*key.split("\x1f"), first)
        ),
    )
    firsts = keys[~repeated]
    counts = invited if invited is not None else pd.Series(np.nan, index=frame.index)
    pairs = {
        (code, grp): (int(line), float(counts[line]))
        for line, code, grp in zip(
            firsts.index, frame[COUNCIL_CODE][firsts.index], group[firsts.index], strict=True
        )
    }
    # councils whose invitations could not all be read: their groups are not checked
    uncertain = set(frame[COUNCIL_CODE][known & group.isna()]) | table.loose
    info = Invited(pairs=pairs, uncertain=uncertain)
    if not table.has(*required):
        return None, info
    result = output(
        table,
        {
            COUNCIL_CODE: as_object(frame[COUNCIL_CODE]),
            GROUP: group,
            INVITED: counts.fillna(0).astype("int64"),
        },
    )
    return sort_groups(result), info


# --------------------------------------------------------------------------
# responses.csv
# --------------------------------------------------------------------------
@dataclass
class Responses:
    frame: pd.DataFrame | None
    empty_submissions: pd.DataFrame
    responses: int
    empty: int


def responses(
    table: Table,
    problems: Problems,
    codes: set | None,
    invited: Invited | None,
    bank: list[Question] | None,
    invitations_label: str,
    tolerated: set[str],
) -> Responses:
    frame = table.frame
    label = table.label
    index = frame.index
    bank_ids = None if bank is None else [q.question_id for q in bank]
    check_header(table, problems, RESPONSE_KEYS, others=bank_ids, tolerated=tolerated)
    if bank is not None:
        for question in bank:
            if not table.has(question.question_id):
                problems.add(
                    label,
                    1,
                    question.question_id,
                    f"is missing from the header (expected one column for every question "
                    f"of {QUESTIONS_CSV})",
                )
        asked = [q for q in bank if table.has(q.question_id)]
    else:
        asked = [Question(c, None, None) for c in frame.columns if c not in RESPONSE_KEYS]
    checked = validated(table, problems, responses_schema(asked), codes)
    known = known_rows(table, codes)
    group = allowed(checked, GROUP, config.GROUPS) if table.has(GROUP) else none_like(index)
    located = known & group.notna()
    if invited is not None and table.has(COUNCIL_CODE):
        council = frame[COUNCIL_CODE]
        pairs = {f"{code}\x1f{grp}" for code, grp in invited.pairs}
        surveyed = (council + "\x1f" + group.fillna("").astype(str)).isin(pairs)
        rows = index[located & ~surveyed & ~council.isin(invited.uncertain)]
        problems.add_cells(
            label,
            GROUP,
            rows,
            zip(group[rows], council[rows], strict=True),
            lambda gc: (
                f"'{gc[0]}' was not surveyed in {gc[1]}: no row for council {gc[1]}, "
                f"group {gc[0]} in {INVITATIONS_CSV} (expected a group invited in that council)"
            ),
        )

    answered = np.zeros(len(index), dtype=bool)
    answers: dict[str, pd.Series] = {}
    for question in asked:
        qid = question.question_id
        filled = table.filled(qid)
        answered |= filled.to_numpy()
        options = ANSWERS.get(question.kind)
        answers[qid] = allowed(checked, qid, options) if options else text_or_none(frame[qid])
        if question.asked_of in config.GROUPS:
            stray = filled & group.notna() & (group != question.asked_of)
            audience = config.GROUPS[question.asked_of]
            problems.add_cells(
                label,
                qid,
                index[stray],
                group[stray],
                lambda g, audience=audience: (
                    f"answered by group '{g}', but the question is "
                    f"asked of {audience} only (expected empty)"
                ),
            )
    answered = pd.Series(answered, index=index)
    if invited is not None and table.has(COUNCIL_CODE):
        _tally(frame, group, located & answered, invited, invitations_label, problems)

    empty = ~answered
    dropped = empty & located
    council_values = frame[COUNCIL_CODE] if table.has(COUNCIL_CODE) else pd.Series("", index=index)
    counts = (
        pd.DataFrame({COUNCIL_CODE: council_values[dropped], GROUP: group[dropped]})
        .value_counts()
        .rename(COUNT)
        .reset_index()
    )
    empty_counts = sort_groups(
        pd.DataFrame(
            {
                COUNCIL_CODE: as_object(counts[COUNCIL_CODE]),
                GROUP: as_object(counts[GROUP]),
                COUNT: counts[COUNT].astype("int64"),
            }
        )
    )
    result = None
    if table.has(*RESPONSE_KEYS) and bank is not None:
        columns = {
            RESPONDENT_ID: as_object(frame[RESPONDENT_ID]),
            COUNCIL_CODE: as_object(frame[COUNCIL_CODE]),
            GROUP: group,
            **{q.question_id: answers[q.question_id] for q in asked},
        }
        result = pd.DataFrame(columns, index=index)[answered.to_numpy()].reset_index(drop=True)
    return Responses(result, empty_counts, int(answered.sum()), int(empty.sum()))


def _tally(frame, group, counted, invited: Invited, invitations_label: str, problems) -> None:
    """No council and group has more responses than invitations."""
    tally = (
        pd.DataFrame({COUNCIL_CODE: frame[COUNCIL_CODE][counted], GROUP: group[counted]})
        .value_counts()
        .to_dict()
    )
    for (code, grp), received in sorted(tally.items()):
        line, allowed = invited.pairs.get((code, grp), (None, np.nan))
        if line is not None and np.isfinite(allowed) and received > allowed:
            problems.add(
                invitations_label,
                line,
                INVITED,
                f"{received} responses received in {RESPONSES_CSV} for council {code}, "
                f"group {grp}, but only {int(allowed)} invited (expected at least as "
                "many invited as responses received)",
            )
