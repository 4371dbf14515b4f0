"""Each file checked in turn, and what it tells the files after it.

:func:`check_file` checks a table's header, normalises it and validates it
against its schema (:mod:`.schemas`) and its rules (:mod:`.rules`); the functions
named after files then record in the :class:`~.rules.Context` what later files are
checked against (the council codes, the invitations, the question bank).
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa

from helpers import config
from helpers.data import columns as c
from helpers.data.contract import schemas as sc
from helpers.data.contract.formatter import check_table
from helpers.data.contract.frames import ordered
from helpers.data.contract.problems import Problems
from helpers.data.contract.reader import Table, check_header
from helpers.data.contract.rules import (
    TALLY,
    Context,
    answers_schema,
    known,
    known_council,
    rules,
)

_VOCABULARIES = {c.KIND: config.QUESTION_KINDS, c.ASKED_OF: config.ASKED_OF}


def check_file(
    table: Table, problems: Problems, ctx: Context, schema: pa.DataFrameSchema | None = None
) -> pd.DataFrame:
    """The table normalised, every declared column present (None where absent), checked.

    With the council codes known, its ``council_code`` must be one of them.
    """
    schema = sc.RAW_SCHEMAS[table.name] if schema is None else schema
    if table.name != sc.RESPONSES_CSV:
        check_header(table, problems, *sc.SCHEMAS[table.name])
    if ctx.codes is not None and c.COUNCIL_CODE in schema.columns:
        checks = [*schema.columns[c.COUNCIL_CODE].checks, known_council(ctx.codes)]
        schema = schema.update_column(c.COUNCIL_CODE, checks=checks)
    frame = sc.normalise(table.frame, schema)
    present = set(frame.columns)
    for name in schema.columns:
        if name not in present:
            frame[name] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    together = [r for r in rules(table.name, ctx) if present.issuperset(r.needs)]
    schema = pa.DataFrameSchema(schema.columns, checks=together, strict=False)
    if len(table.frame) == 0 and not table.loose and (none := sc.file_meta(table.name, "none")):
        problems.add(table.label, None, None, none)
    rows = frame.index[:1] if sc.file_meta(table.name, "one_row") else None
    check_table(frame, schema, table.label, problems, present, rows)
    return frame


def councils(table: Table, problems: Problems, ctx: Context) -> pd.DataFrame:
    frame = check_file(table, problems, ctx)
    if table.has(c.COUNCIL_CODE):  # a code of an unreadable row counts: no cascade
        ctx.codes = set(frame[c.COUNCIL_CODE].dropna()) | {
            cell for cell in table.loose if re.fullmatch(sc.CODE_RE, cell)
        }
    return frame


def invitations(table: Table, problems: Problems, ctx: Context) -> pd.DataFrame:
    frame = check_file(table, problems, ctx)
    if table.has(c.GROUP, c.COUNCIL_CODE):
        located = known(frame, ctx) & frame[c.GROUP].isin(config.GROUPS)
        pairs = frame[located][[c.COUNCIL_CODE, c.GROUP]]
        first = frame[located][~pairs.duplicated(keep="first")]
        ctx.invited = pd.DataFrame(
            {
                c.COUNCIL_CODE: first[c.COUNCIL_CODE],
                c.GROUP: first[c.GROUP],
                c.INVITED: sc.whole(first[c.INVITED]).astype("Int64"),
            }
        )
        # councils whose invitations could not all be read: their groups are not checked
        unread = known(frame, ctx) & ~frame[c.GROUP].isin(config.GROUPS)
        ctx.uncertain = set(frame[c.COUNCIL_CODE][unread]) | table.loose
    return frame


def questions(table: Table, problems: Problems, ctx: Context) -> pd.DataFrame:
    frame = check_file(table, problems, ctx)
    if table.has(c.QUESTION_ID):
        ids = frame[c.QUESTION_ID]
        usable = ids.notna() & ~ids.isin(sc.RESPONSE_KEYS) & ~sc.repeats(ids)
        bank = frame[usable][[c.QUESTION_ID, c.KIND, c.ASKED_OF]]
        ctx.bank = bank.assign(
            **{n: bank[n].where(bank[n].isin(v)) for n, v in _VOCABULARIES.items()}
        )
    return frame


def responses(
    table: Table,
    problems: Problems,
    ctx: Context,
    questions_table: Table | None,
    shown_invitations: str,
) -> tuple[pd.DataFrame, pd.DataFrame, int, int]:
    """responses.csv: its answered rows, the empty submissions per council and group, and
    the numbers of responses and of empty submissions; checks the tally of invitations."""
    bank = ctx.bank
    ids = None if bank is None else list(bank[c.QUESTION_ID])
    tolerated = questions_table.loose if questions_table is not None else set()
    check_header(table, problems, sc.RESPONSE_KEYS, others=ids, tolerated=tolerated)
    for qid in ids or ():
        if not table.has(qid):
            problems.add(
                table.label,
                1,
                qid,
                f"is missing from the header (expected one column for every question of "
                f"{sc.QUESTIONS_CSV})",
            )
    if bank is None:
        names = [n for n in table.frame.columns if n not in sc.RESPONSE_KEYS]
        bank = pd.DataFrame({c.QUESTION_ID: names, c.KIND: None, c.ASKED_OF: None})
    asked = bank.loc[bank[c.QUESTION_ID].map(table.has).astype(bool)]
    frame = check_file(table, problems, ctx, answers_schema(asked))
    answered = frame[list(asked[c.QUESTION_ID])].notna().any(axis=1)
    located = known(frame, ctx) & frame[c.GROUP].isin(config.GROUPS)
    if ctx.invited is not None and table.has(c.COUNCIL_CODE):
        received = frame[located & answered].value_counts([c.COUNCIL_CODE, c.GROUP])
        tally = ctx.invited.join(received.rename("received"), on=[c.COUNCIL_CODE, c.GROUP])
        tally["received"] = tally["received"].fillna(0).astype("int64")
        check_table(tally, TALLY, shown_invitations, problems, set())
    dropped = frame[~answered & located]
    empty = dropped.value_counts([c.COUNCIL_CODE, c.GROUP]).rename(c.COUNT).reset_index()
    empty = ordered(
        empty.astype({c.COUNCIL_CODE: object, c.GROUP: object}), [c.COUNCIL_CODE, c.GROUP]
    )
    kept = frame[answered][[*sc.RESPONSE_KEYS, *asked[c.QUESTION_ID]]].reset_index(drop=True)
    return kept, empty.reset_index(drop=True), int(answered.sum()), int((~answered).sum())


STEPS = {
    sc.COUNCILS_CSV: councils,
    sc.INVITATIONS_CSV: invitations,
    sc.QUESTIONS_CSV: questions,
}
