"""The units of complementary suppression, what each hides and costs, and the candidates.

docs/disclosure.md. Cells are hidden in *units*, the smallest sets that hide
anything (a council's officer row is given back by its ``all`` row minus the
member row, so the pair goes together), in this order of information lost:

0. a council's officer and member theme rows (no report shows theme rows);
1. a council's officer and member rows of a statement or characteristic (a
   "secondary" cell: the report still shows the ``all`` figure);
2. a council's theme ``all`` row (with its group rows);
3. a council's ``all`` row of a statement or characteristic (with its group
   rows and its comparison with the rest of Wales);
4. the Wales officer and member theme rows; 5. the Wales officer and member
   rows of a statement or characteristic; 6. the Wales ``all`` theme row;
7. the Wales ``all`` row of a statement or characteristic (and every
   council's comparison of that statement).

Within an order, the unit hiding fewer cells, then fewer answers, then the
first by key.
"""

from __future__ import annotations

import numpy as np

from helpers.config import GROUP_ALL, GROUPS, WALES
from helpers.stats.audit.bounds import CellCheck
from helpers.stats.audit.model import Block
from helpers.stats.audit.vocabulary import AGREEMENT, COMPARISONS, MATURITY, THEMES

#: Order of information lost by a unit of complementary suppression.
TIERS = {
    ("pair", THEMES): 0,
    ("pair", AGREEMENT): 1,
    ("pair", MATURITY): 1,
    ("all", THEMES): 2,
    ("all", AGREEMENT): 3,
    ("all", MATURITY): 3,
    ("wales_pair", THEMES): 4,
    ("wales_pair", AGREEMENT): 5,
    ("wales_pair", MATURITY): 5,
    ("wales_all", THEMES): 6,
    ("wales_all", AGREEMENT): 7,
    ("wales_all", MATURITY): 7,
}


def _unit_of(block: Block, r: int) -> list[tuple]:
    """The units whose suppression hides row ``r``."""
    table, council, group, item = block.rows[r].key
    if table == COMPARISONS:
        return [("all", AGREEMENT, council, item), ("wales_all", AGREEMENT, WALES, item)]
    if council == WALES:
        return [("wales_all" if group == GROUP_ALL else "wales_pair", table, WALES, item)]
    return [("all" if group == GROUP_ALL else "pair", table, council, item)]


def unit_rows(block: Block, unit: tuple) -> tuple[int, ...]:
    kind, table, council, item = unit
    groups = [g for g in GROUPS if (table, council, g, item) in block.index]
    rows = [block.index[(table, council, g, item)] for g in groups]
    all_row = block.index.get((table, council, GROUP_ALL, item))
    if kind in ("all", "wales_all") or len(groups) < 2:
        if all_row is not None:
            rows.append(all_row)
        if table == AGREEMENT:  # a comparison goes with the agreement rows it is made from
            made_from = block.comparisons.get(item, {})
            if council == WALES:
                rows.extend(made_from.values())
            elif council in made_from:
                rows.append(made_from[council])
    return tuple(sorted(rows))


def _unit_tier(block: Block, unit: tuple) -> int:
    kind, table, council, item = unit
    groups = [g for g in GROUPS if (table, council, g, item) in block.index]
    if len(groups) < 2:  # a group alone is its all row
        kind = "wales_all" if kind == "wales_pair" else "all" if kind == "pair" else kind
    return TIERS[(kind, table)]


def _unit_cost(block: Block, unit: tuple, published: np.ndarray):
    rows = [r for r in unit_rows(block, unit) if published[r]]
    return (
        _unit_tier(block, unit),
        len(rows),
        sum(block.rows[r].n for r in rows),
        unit,
    )


def hide(block: Block, published: np.ndarray, unit: tuple) -> np.ndarray:
    out = published.copy()
    for r in unit_rows(block, unit):
        out[r] = False
    return out


def candidate_units(block: Block, check: CellCheck, published: np.ndarray):
    """Units that could widen a cell's narrowed bounds, cheapest first.

    From the equations binding those bounds: the units that hide them
    (*direct*), and the units that turn a published leaf in them into
    unknowns: the council's officer and member rows, or its ``all`` row too
    when the equation holds both groups (their sum is then fixed by the
    ``all`` row).
    """
    direct = set()
    for origin in check.binding:
        if origin[0] >= 0:
            direct.update(_unit_of(block, origin[0]))
    units = set(direct)
    for leaf, sources in check.consts:
        table, council, group, item = block.leaves[leaf].key
        partners = {
            block.leaf_index[k]
            for g in GROUPS
            if g != group and (k := (table, council, g, item)) in block.leaf_index
        }
        in_equation = any(partners & {t[0] for t in block.equation(o).terms} for o in sources)
        all_row = block.index.get((table, council, GROUP_ALL, item))
        if in_equation and all_row is not None and published[all_row]:
            units.add(("all", table, council, item))
        else:
            units.add(("pair", table, council, item))

    def useful(u):
        return any(published[r] for r in unit_rows(block, u))

    key = lambda u: _unit_cost(block, u, published)  # noqa: E731
    return sorted(filter(useful, units), key=key), sorted(filter(useful, direct), key=key)


def all_units(block: Block, published: np.ndarray) -> list[tuple]:
    units = {u for r in range(len(block.rows)) for u in _unit_of(block, r)}
    units = [u for u in units if any(published[r] for r in unit_rows(block, u))]
    return sorted(units, key=lambda u: _unit_cost(block, u, published))
