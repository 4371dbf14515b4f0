"""The rules across a file's rows and across files, as pandera checks on the tables together.

:func:`rules` gives the checks of one file's rows, made with what the files
checked before it said (:class:`Context`): councils.csv's codes, the
invitations, the question bank. :func:`answers_schema` adds the answers of each
question to responses.csv's schema; :data:`TALLY` checks invitations.csv's
rows against the responses counted. Each check fails on the rows where ``bad``
holds and reports them in one column (see :func:`rule`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pandera.pandas as pa

from helpers import config
from helpers.data import columns as c
from helpers.data.contract import schemas as sc


@dataclass
class Context:
    """What earlier files said, for the rules across files (None: not known)."""

    codes: set[str] | None = None  # councils.csv's codes
    invited: pd.DataFrame | None = None  # invitations' first rows: code, group, invited; line
    uncertain: set[str] = field(default_factory=set)  # councils with an unreadable invitation
    bank: pd.DataFrame | None = None  # the usable questions: question_id, kind, asked_of


_SLUG_LIST = ", ".join(sc.SLUGS)
_ONE_EACH = "(expected exactly one level question per characteristic)"


def known(frame: pd.DataFrame, ctx: Context) -> pd.Series:
    """The rows whose council is in councils.csv (any code given, if that is not known)."""
    codes = frame[c.COUNCIL_CODE]
    return codes.notna() if ctx.codes is None else codes.isin(ctx.codes)


def known_council(codes: set[str]) -> pa.Check:
    """A check of a ``council_code`` column: the council is one of councils.csv's."""
    name = sc.COUNCILS_CSV
    message = f"{{value}} is not a council in {name} (expected a council_code of {name})"
    return sc.check(lambda s: s.isin(codes), message)


def rule(col: str | None, bad: Callable, message, *, key=None, needs=()) -> pa.Check:
    """A check of a file's rows together that fails where ``bad(frame)`` holds (on each row,
    or, given one truth, on the file), reported in column ``col`` (None: the row); made only
    when the file has the columns it ``needs``."""
    ok = lambda f: np.logical_not(bad(f))  # noqa: E731 (a row's mask, or the table's truth)
    made = sc.check(ok, message, key=key, name=col or "row", ignore_na=False)
    made.needs, made.column = needs, col
    return made


def joined(*parts: pd.Series) -> pd.Series:
    """The key of several columns."""
    key = parts[0].fillna("").astype(str)
    for part in parts[1:]:
        key = key + sc.SEP + part.fillna("").astype(str)
    return key.astype(object)


def once(col: str | None, key: Callable, message: str, needs: tuple[str, ...]) -> pa.Check:
    """Each filled ``key`` on one row only; ``{first}`` is the row it is first on."""
    return rule(col, lambda f: sc.repeats(key(f)), message, key=key, needs=needs)


def rules(name: str, ctx: Context) -> list[pa.Check]:
    """The checks of file ``name``'s rows together, given what earlier files said."""
    groups, themes = list(config.GROUPS), list(config.THEMES)
    if name == sc.COUNCILS_CSV:

        def a_code(f: pd.DataFrame) -> pd.Series:
            short, code = f[c.SHORT_NAME].str.casefold(), f[c.COUNCIL_CODE].str.casefold()
            return short.isin(set(code.dropna())) & (short != code)

        message = "{value} is the code of another council (expected a name, not a council code)"
        return [rule(c.SHORT_NAME, a_code, message, needs=(c.SHORT_NAME, c.COUNCIL_CODE))]
    if name == sc.INVITATIONS_CSV:

        def pair(f: pd.DataFrame) -> pd.Series:
            located = known(f, ctx) & f[c.GROUP].isin(groups)
            return joined(f[c.COUNCIL_CODE], f[c.GROUP]).where(located)

        message = "council {0} and group {1} appear more than once, first on line {first}"
        message += " (expected each council and group once)"
        return [once(c.GROUP, pair, message, (c.GROUP, c.COUNCIL_CODE))]
    if name == sc.FINDINGS_CSV:

        def place(f: pd.DataFrame) -> pd.Series:
            order = sc.whole(f[c.ORDER])
            located = known(f, ctx) & f[c.THEME].isin(themes) & order.notna()
            return joined(f[c.COUNCIL_CODE], f[c.THEME], order.fillna(0).astype("int64")).where(
                located
            )

        message = "council {0}, theme {1}, order {2} appears more than once, first on line "
        message += "{first} (expected each council, theme and order once)"
        return [once(c.ORDER, place, message, (c.THEME, c.ORDER, c.COUNCIL_CODE))]
    if name == sc.FRAMEWORK_CSV:
        message = f"no row for characteristic '{{}}' (expected each of: {_SLUG_LIST})"
        return _every_slug(lambda f: f[c.CHARACTERISTIC], message, (c.CHARACTERISTIC,))
    if name == sc.DATASET_CSV:
        message = "is a second row (expected one row: a data set has one date; the first is on "
        message += "line {first})"
        # one key for every row: each row after the first repeats it
        return [once(None, lambda f: pd.Series("", index=f.index, dtype=object), message, ())]
    if name == sc.QUESTIONS_CSV:
        return _questions()
    if name == sc.RESPONSES_CSV:
        return _responses(ctx)
    return []


def _every_slug(present: Callable, message: str, needs: tuple[str, ...]) -> list[pa.Check]:
    """Each characteristic among the ``present(frame)`` values (``{}``: the one missing)."""
    return [
        rule(
            c.CHARACTERISTIC,
            lambda f, s=slug: s not in set(present(f)),
            message.format(slug),
            needs=needs,
        )
        for slug in sc.SLUGS
    ]


def _questions() -> list[pa.Check]:
    """A level question's characteristic (one each) and its theme; ``reverse`` for likert only."""
    char, kind, theme = c.CHARACTERISTIC, c.KIND, c.THEME

    def level(f: pd.DataFrame) -> pd.Series:
        return f[char].where((f[kind] == "level") & f[char].isin(sc.SLUGS))

    def theme_of(row: dict) -> str:
        return config.CHARACTERISTICS[row[char]][1]

    def wrong_theme(f: pd.DataFrame) -> pd.Series:
        home = f[char].map(lambda slug: config.CHARACTERISTICS.get(slug, ("", ""))[1])
        return level(f).notna() & f[theme].isin(config.THEMES) & (f[theme] != home)

    return [
        rule(
            char,
            lambda f: f[char].notna() & ~f[char].isin(sc.SLUGS) & (f[kind] != "text"),
            f"{{value}} is not a valid characteristic (expected one of: {_SLUG_LIST})",
            needs=(char,),
        ),
        rule(
            char,
            lambda f: (f[kind] == "level") & f[char].isna(),
            f"is empty (expected for a level question one of: {_SLUG_LIST})",
            needs=(char,),
        ),
        rule(
            char,
            lambda f: (f[kind] == "text") & f[char].notna(),
            "{value} given for a text question (expected empty)",
            needs=(char,),
        ),
        once(
            char,
            level,
            "a second level question for characteristic '{0}', the first is on line {first} "
            + _ONE_EACH,
            (char, kind),
        ),
        rule(
            theme,
            wrong_theme,
            lambda row: (
                f"'{row[theme]}' is not the theme of characteristic '{row[char]}' "
                f"(expected '{theme_of(row)}')"
            ),
            needs=(char, kind),
        ),
        rule(
            c.REVERSE,
            lambda f: (f[c.REVERSE] == "true") & f[kind].isin(["level", "text"]),
            "'true' given for a {kind} question (expected false or empty: only likert "
            "questions may be reversed)",
        ),
        *_every_slug(level, "no level question for characteristic '{}' " + _ONE_EACH, (char, kind)),
    ]


def _responses(ctx: Context) -> list[pa.Check]:
    """Every group surveyed in its council; a question answered only by the group asked."""
    checks, groups = [], list(config.GROUPS)
    if ctx.invited is not None:
        pairs = set(joined(ctx.invited[c.COUNCIL_CODE], ctx.invited[c.GROUP]))

        def unsurveyed(f: pd.DataFrame) -> pd.Series:
            located = known(f, ctx) & f[c.GROUP].isin(groups)
            surveyed = joined(f[c.COUNCIL_CODE], f[c.GROUP]).isin(pairs)
            return located & ~surveyed & ~f[c.COUNCIL_CODE].isin(ctx.uncertain)

        message = (
            "'{group}' was not surveyed in {council_code}: no row for council {council_code}, "
            f"group {{group}} in {sc.INVITATIONS_CSV} (expected a group invited in that council)"
        )
        checks.append(rule(c.GROUP, unsurveyed, message, needs=(c.COUNCIL_CODE,)))
    bank = ctx.bank if ctx.bank is not None else pd.DataFrame(columns=[c.QUESTION_ID, c.ASKED_OF])
    for qid, asked_of in zip(bank[c.QUESTION_ID], bank[c.ASKED_OF], strict=True):
        if asked_of in config.GROUPS:
            message = "answered by group '{group}', but the question is asked of "
            message += f"{config.GROUPS[asked_of]} only (expected empty)"
            checks.append(
                rule(
                    qid,
                    lambda f, q=qid, a=asked_of: (
                        f[q].notna() & f[c.GROUP].isin(groups) & (f[c.GROUP] != a)
                    ),
                    message,
                    needs=(qid,),
                )
            )
    return checks


def answers_schema(bank: pd.DataFrame) -> pa.DataFrameSchema:
    """responses.csv's schema with the answers of each scored question of ``bank``."""
    answers = {}
    for qid, kind in zip(bank[c.QUESTION_ID], bank[c.KIND], strict=True):
        if kind in sc.ANSWERS:
            listing = ", ".join(sc.ANSWERS[kind])
            message = f"{{value}} is not a valid answer (expected one of: {listing}, or empty)"
            valid = sc.check(lambda s, a=sc.ANSWERS[kind]: s.isin(a), message)
            answers[qid] = sc.column(valid, vocabulary=sc.ANSWERS[kind])
    return sc.RAW_SCHEMAS[sc.RESPONSES_CSV].add_columns(answers)


#: No council and group has more responses than invitations: a check of invitations.csv's
#: first rows together with the responses counted in responses.csv (``received``).
TALLY = pa.DataFrameSchema(
    checks=[
        rule(
            c.INVITED,
            lambda f: (f["received"] > f[c.INVITED]).fillna(False).astype(bool),
            "{received} responses received in " + sc.RESPONSES_CSV + " for council {council_code}, "
            "group {group}, but only {invited} invited (expected at least as many invited as "
            "responses received)",
        )
    ]
)
