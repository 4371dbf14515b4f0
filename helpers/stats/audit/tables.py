"""The published tables written as equations on hidden counts, one block per statistic.

docs/methodology.md, section 5. :func:`prepare` reads the statistic tables as
published (and ``comparisons.csv``) into blocks (:mod:`helpers.stats.audit.model`),
one per characteristic and one per theme, in key order.


The hidden unknowns
-------------------
Each council's ``officer`` and ``member`` row of a statistic is a *leaf*; every
other row (the council's ``all``, Wales) is a sum of leaves. Per leaf:

* maturity, one characteristic: the answers at levels 1, 2, 3 (they sum to
  the published ``n``);
* agreement, one statement: the answers at scores 1 to 5 after reversal (sum
  ``n``); published rows give ``agree`` = scores 4 and 5 (``agree_pct`` and
  its interval fix the same count) and ``mean_score * n`` = the sum of scores;
* themes, one theme: the sum ``T`` of the respondents' own mean scores
  (``theme_score * n``) and the sum ``Q`` of their squares (from the t
  interval's ``sd``, when the interval has a width), each respondent's mean
  lying in [1, 5]; ``theme_agree_pct`` times the theme's scored answers (the
  sum of its statements' ``n``, all published) = the agreeing answers, the
  sum of the statements' ``agree``. Where a group's theme rests on one
  respondent, or on one answer per respondent, ``T`` (and then ``Q``) is also
  a linear function of the statements' scores, and the audit says so.

``comparisons.csv`` adds ``council_agree_pct`` (the council's ``all`` row
again) and ``rest_agree_pct`` (Wales ``all`` minus the council); ``z`` and the
p-values are functions of those two and of published counts. Reports print
nothing the tables do not hold: the share at level 2 or 3 in the sentences
comes from ``n_level_1`` to ``n_level_3``, every other figure from a published
cell (:mod:`helpers.report` reads ``suppressed`` before using a figure).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy.stats import t as student_t

from helpers.config import GROUP_ALL, GROUPS, WALES
from helpers.stats.audit.model import Block, BlockBuilder, Equation
from helpers.stats.audit.vocabulary import AGREEMENT, AUDITED, COMPARISONS, MATURITY, THEMES


def _float(value) -> float:
    return float("nan") if value is None or pd.isna(value) else float(value)


def _rows_of(table: pd.DataFrame, item_column: str):
    """(council, group, item, row) tuples of a table, in key order."""
    cols = ["council_code", "group", item_column]
    table = table.sort_values(cols, kind="stable")
    for record in table.to_dict("records"):
        yield str(record["council_code"]), str(record["group"]), str(record[item_column]), record


def _maturity_block(characteristic: str, rows: pd.DataFrame) -> Block:
    b = BlockBuilder((MATURITY, characteristic))
    entries = list(_rows_of(rows, "characteristic"))
    b.add_leaves(MATURITY, [(c, g, i, r["n"]) for c, g, i, r in entries])
    for council, group, item, r in entries:
        leaves = b.leaves_of(MATURITY, council, group, [item])
        published = not bool(r["suppressed"])
        equations = [
            Equation(
                tuple((leaf, f, 1.0) for leaf in leaves), _float(r[f]) if published else np.nan
            )
            for f in ("n_level_1", "n_level_2", "n_level_3")
        ]
        audited = [(f, leaves) for f, _kind in AUDITED[MATURITY]]
        b.add_row((MATURITY, council, group, item), r["n"], published, equations, audited)
    return b.build()


def _theme_sd(themes: pd.DataFrame) -> pd.Series:
    """The sd of each theme row: the ``sd`` column, or worked out from the t interval."""
    if "sd" in themes.columns:
        return themes["sd"].astype(float)
    if "invited" not in themes.columns:
        raise ValueError("themes needs an 'sd' column, or 'invited' to work it out")
    n = themes["n"].astype(float).to_numpy()
    big_n = themes["invited"].astype(float).to_numpy()
    half = (themes["ci_high"].astype(float) - themes["ci_low"].astype(float)).to_numpy() / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        t = student_t.ppf(0.975, n - 1)
        sd = half / (t * np.sqrt(1 - n / big_n)) * np.sqrt(n)
    return pd.Series(np.where((n >= 2) & (n < big_n), sd, np.nan), index=themes.index)


def _theme_block(
    theme: str,
    agreement: pd.DataFrame,
    themes: pd.DataFrame,
    comparisons: pd.DataFrame,
) -> Block:
    b = BlockBuilder((THEMES, theme))
    statements = sorted(set(agreement["question_id"].astype(str)))
    a_entries = list(_rows_of(agreement, "question_id"))
    t_entries = list(_rows_of(themes, "theme"))
    b.add_leaves(AGREEMENT, [(c, g, i, r["n"]) for c, g, i, r in a_entries])
    b.add_leaves(THEMES, [(c, g, i, r["n"]) for c, g, i, r in t_entries])
    n_of = {(c, g, i): int(r["n"]) for c, g, i, r in a_entries}

    for council, group, item, r in a_entries:
        leaves = b.leaves_of(AGREEMENT, council, group, [item])
        published = not bool(r["suppressed"])
        agree = _float(r["agree"]) if published else np.nan
        total = round(_float(r["mean_score"]) * int(r["n"])) if published else np.nan
        equations = [
            Equation(tuple((leaf, "agree", 1.0) for leaf in leaves), agree),
            Equation(tuple((leaf, "score_sum", 1.0) for leaf in leaves), total),
        ]
        audited = [(f, leaves) for f, _kind in AUDITED[AGREEMENT]]
        b.add_row((AGREEMENT, council, group, item), r["n"], published, equations, audited)

    sds = _theme_sd(themes) if len(themes) else pd.Series(dtype=float)
    sd_of = {
        (str(c), str(g)): s
        for c, g, s in zip(themes["council_code"], themes["group"], sds, strict=True)
    }
    invited = themes["invited"] if "invited" in themes.columns else None
    for council, group, item, r in t_entries:
        a_leaves = b.leaves_of(AGREEMENT, council, group, statements)
        t_leaves = b.leaves_of(THEMES, council, group, [item])
        published = not bool(r["suppressed"])
        n = int(r["n"])
        scored = sum(b.leaves[leaf].n for leaf in a_leaves)
        agree = round(_float(r["theme_agree_pct"]) * scored) if published and scored else np.nan
        mean = _float(r["theme_score"]) if published else np.nan
        sd = sd_of.get((council, group), np.nan) if published else np.nan
        total = mean * n
        squares = (n - 1) * sd * sd + n * mean * mean if n >= 2 else np.nan
        if invited is not None and published:
            big_n = r.get("invited")
            if big_n is not None and not pd.isna(big_n) and n >= int(big_n):
                squares = np.nan  # an interval of zero width gives no sd
        equations = [
            Equation(tuple((leaf, "agree", 1.0) for leaf in a_leaves), agree),
            Equation(tuple((leaf, "theme_sum", 1.0) for leaf in t_leaves), total),
            Equation(tuple((leaf, "theme_squares", 1.0) for leaf in t_leaves), squares),
        ]
        audited = [("agree", a_leaves), ("theme_sum", t_leaves), ("theme_squares", t_leaves)]
        b.add_row((THEMES, council, group, item), n, published, equations, audited)
        # Structural links of a council's group: one respondent, or one answer each.
        if council != WALES and group in GROUPS and n > 0:
            (t_leaf,) = t_leaves
            own_a = [leaf for leaf in a_leaves if b.leaves[leaf].n > 0]
            if scored == n:
                b.add_link(
                    [(t_leaf, "theme_sum", 1.0)] + [(leaf, "score_sum", -1.0) for leaf in own_a],
                    0.0,
                )
                b.add_link(
                    [(t_leaf, "theme_squares", 1.0)]
                    + [(leaf, "score_squares", -1.0) for leaf in own_a],
                    0.0,
                )
            elif n == 1:
                b.add_link(
                    [(t_leaf, "theme_sum", float(scored))]
                    + [(leaf, "score_sum", -1.0) for leaf in own_a],
                    0.0,
                )

    for council, _group, item, r in _rows_of(comparisons.assign(group=GROUP_ALL), "question_id"):
        own = b.index.get((AGREEMENT, council, GROUP_ALL, item))
        wales = b.index.get((AGREEMENT, WALES, GROUP_ALL, item))
        if own is None or wales is None:
            continue
        council_leaves = b.leaves_of(AGREEMENT, council, GROUP_ALL, [item])
        rest_leaves = tuple(
            leaf
            for leaf in b.leaves_of(AGREEMENT, WALES, GROUP_ALL, [item])
            if b.leaves[leaf].key[1] != council
        )
        council_n = n_of.get((council, GROUP_ALL, item), 0)
        rest_n = sum(b.leaves[leaf].n for leaf in rest_leaves)
        council_pct = _float(r.get("council_agree_pct"))
        rest_pct = _float(r.get("rest_agree_pct"))
        equations = [
            Equation(
                tuple((leaf, "agree", 1.0) for leaf in council_leaves),
                round(council_pct * council_n) if not math.isnan(council_pct) else np.nan,
            ),
            Equation(
                tuple((leaf, "agree", 1.0) for leaf in rest_leaves),
                round(rest_pct * rest_n) if not math.isnan(rest_pct) else np.nan,
            ),
        ]
        published = not (math.isnan(council_pct) and math.isnan(rest_pct))
        b.add_row((COMPARISONS, council, GROUP_ALL, item), council_n, published, equations, [])
    return b.build()


def _blocks(
    maturity: pd.DataFrame,
    agreement: pd.DataFrame,
    themes: pd.DataFrame,
    comparisons: pd.DataFrame | None,
) -> list[Block]:
    """One block per characteristic and per theme, in key order."""
    blocks = []
    for characteristic, rows in maturity.groupby("characteristic", sort=True):
        blocks.append(_maturity_block(str(characteristic), rows))
    if comparisons is None:
        comparisons = pd.DataFrame(
            columns=["council_code", "question_id", "council_agree_pct", "rest_agree_pct"]
        )
    theme_names = sorted(set(agreement["theme"].dropna().astype(str)) | set(themes["theme"]))
    for theme in theme_names:
        a = agreement[agreement["theme"].astype(str) == theme]
        t = themes[themes["theme"].astype(str) == theme]
        c = comparisons[comparisons["question_id"].isin(set(a["question_id"]))]
        blocks.append(_theme_block(theme, a, t, c))
    return blocks


def _check_columns(frame: pd.DataFrame, name: str, columns: Iterable[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks the columns {missing}")


def prepare(maturity, agreement, themes, comparisons) -> list[Block]:
    """The blocks of the published tables, after checking that they hold the columns read."""
    _check_columns(
        maturity,
        "maturity",
        ["council_code", "group", "characteristic", "n", "n_level_1", "suppressed"],
    )
    _check_columns(
        agreement,
        "agreement",
        ["council_code", "group", "question_id", "theme", "n", "agree", "mean_score", "suppressed"],
    )
    _check_columns(
        themes, "themes", ["council_code", "group", "theme", "n", "theme_score", "suppressed"]
    )
    return _blocks(maturity, agreement, themes, comparisons)
