"""The reference bounds of a small cell: what its council's own rows already allow.

For each hidden count of a small cell, its smallest and largest value given
only the cell's own ``n``, the ``n`` of its council's other group and the
council's published ``all`` row of the same statistic (0 to ``n`` when that
row is hidden too). The attacker's bounds (:mod:`helpers.stats.audit.bounds`)
are compared with these.
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import combinations_with_replacement

import numpy as np

from helpers.config import GROUP_ALL, GROUPS
from helpers.errors import AuditError
from helpers.stats.audit.model import Block, Row
from helpers.stats.audit.program import Program
from helpers.stats.audit.vocabulary import (
    AGREEMENT,
    DIM,
    FUNCTIONALS,
    KIND_OF_TABLE,
    LEVEL,
    MATURITY,
    THEME,
    THEMES,
    TOL,
)


@lru_cache(maxsize=64)
def _compositions(n: int, d: int) -> np.ndarray:
    """Every way of putting ``n`` answers into ``d`` categories (rows of counts)."""
    out = [
        np.bincount(np.array(c, dtype=int), minlength=d)
        for c in combinations_with_replacement(range(d), n)
    ]
    return np.array(out, dtype=float).reshape(-1, d)


def _row_values(row: Row) -> dict[str, float]:
    """The published value of each functional of a row (one functional per equation)."""
    return {
        eq.terms[0][1]: eq.value for eq in row.equations if eq.terms and not math.isnan(eq.value)
    }


def _theme_reference(n: float, n_other: float, values: dict[str, float]):
    """Bounds of T and Q of a theme row whose ``all`` row publishes ``values``."""
    equations = []
    if "theme_sum" in values:
        equations.append((((0, "theme_sum", 1.0), (1, "theme_sum", 1.0)), values["theme_sum"]))
    if "theme_squares" in values:
        equations.append(
            (((0, "theme_squares", 1.0), (1, "theme_squares", 1.0)), values["theme_squares"])
        )
    program = Program([(0, THEME, n), (1, THEME, n_other)], equations)
    out = []
    for functional in ("theme_sum", "theme_squares"):
        c = program.vector([(0, functional, 1.0)])
        out.append((program.solve(c, 1, certify=False)[0], program.solve(c, -1, certify=False)[0]))
    return out


def reference_bounds(block: Block, r: int, eff: np.ndarray) -> list[tuple[float, float]]:
    """Bounds of each audited count of row ``r`` given only its council's own rows.

    Counts are enumerated (a small cell has at most ``min_n - 1`` answers):
    every way of spreading the cell's answers over the levels or scores that
    leaves the other group (the ``all`` row minus this one) a possible
    result. Theme score sums are bounded by a two-row linear programme.
    """
    row = block.rows[r]
    table, council, group, item = row.key
    all_row = block.index.get((table, council, GROUP_ALL, item))
    others = [g for g in GROUPS if g != group]
    partner = next(
        (block.index[k] for g in others if (k := (table, council, g, item)) in block.index), None
    )
    constrained = group in GROUPS and all_row is not None and bool(eff[all_row])
    all_values = _row_values(block.rows[all_row]) if constrained else {}
    partner_values = (
        _row_values(block.rows[partner])
        if constrained and partner is not None and eff[partner]
        else {}
    )
    if table in (MATURITY, AGREEMENT):
        kind = KIND_OF_TABLE[table]
        comps = _compositions(row.n, DIM[kind])
        if constrained:
            n_other = block.rows[all_row].n - row.n
            keep = np.ones(len(comps), dtype=bool)
            if kind == LEVEL:
                for k in (1, 2, 3):
                    rest = all_values[f"n_level_{k}"] - comps[:, k - 1]
                    keep &= rest >= -TOL
                    if partner_values:
                        keep &= np.abs(rest - partner_values[f"n_level_{k}"]) < TOL
            else:
                a = all_values["agree"] - comps @ FUNCTIONALS["agree"][1]
                total = all_values["score_sum"] - comps @ FUNCTIONALS["score_sum"][1]
                keep &= (a >= -TOL) & (a <= n_other + TOL)
                keep &= (total >= n_other + 3 * a - TOL) & (total <= 3 * n_other + 2 * a + TOL)
                if partner_values:
                    keep &= np.abs(a - partner_values["agree"]) < TOL
                    keep &= np.abs(total - partner_values["score_sum"]) < TOL
            comps = comps[keep]
        if not len(comps):
            raise AuditError(f"the published figures of {row.key} contradict each other")
        out = []
        for functional, _leaves in row.audited:
            values = comps @ FUNCTIONALS[functional][1]
            out.append((float(values.min()), float(values.max())))
        return out
    # themes: agreeing answers (what the council's all rows of the theme's
    # statements allow, statement by statement), then T and Q (its theme all row)
    (_f, a_leaves), _t, _q = row.audited
    agree = [0.0, 0.0]
    for stmt in sorted({block.leaves[leaf].key[3] for leaf in a_leaves}):
        lo, hi = reference_bounds(block, block.index[(AGREEMENT, council, group, stmt)], eff)[-1]
        agree[0] += lo
        agree[1] += hi
    if not constrained:
        n = float(row.n)
        return [tuple(agree), (n, 5 * n), (n, 25 * n)]
    n_other = float(block.rows[all_row].n - row.n)
    values = {k: v for k, v in all_values.items() if k != "agree"}
    if partner_values:
        values = {k: all_values[k] - v for k, v in partner_values.items() if k in values}
        n_other = 0.0
    sums = _theme_reference(float(row.n), n_other, values)
    return [tuple(agree), *sums]


def reference_rows(block: Block, r: int) -> np.ndarray:
    """The rows whose publication a small cell's reference bounds read.

    Its council's rows of the item and, for a theme row, its council's rows
    of the theme's statements (the agreeing answers are bounded statement by
    statement).
    """
    row = block.rows[r]
    table, council, _group, item = row.key
    items = [(table, item)]
    if table == THEMES:
        (_f, a_leaves), *_rest = row.audited
        statements = sorted({block.leaves[leaf].key[3] for leaf in a_leaves})
        items.extend((AGREEMENT, s) for s in statements)
    rows = {
        block.index[k]
        for t, i in items
        for g in (GROUP_ALL, *GROUPS)
        if (k := (t, council, g, i)) in block.index
    }
    return np.array(sorted(rows), dtype=np.intp)
