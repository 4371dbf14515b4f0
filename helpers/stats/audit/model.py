"""The model of one block: its hidden leaves, its rows and the equations they publish.

Statistics meet only within a *block*: a characteristic (maturity rows), or a
theme (its statements' agreement rows, its theme rows, its statements'
comparisons). Each council's ``officer`` and ``member`` row of a statistic is
a :class:`Leaf`; every other row (the council's ``all``, Wales) is a sum of
leaves. A :class:`Row` publishes equations on leaves (:class:`Equation`,
whose value is NaN when the row is hidden); a block's *links* are equations
that hold whatever is published (a theme resting on one respondent).
:class:`BlockBuilder` collects them; :mod:`helpers.stats.audit.tables` says
what each published table makes known.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from helpers.config import GROUP_ALL, GROUPS, WALES
from helpers.stats.audit.vocabulary import COMPARISONS, KIND_OF_TABLE, LEAF_PUBLISHES


@dataclass(frozen=True)
class Equation:
    """sum of coef * functional(leaf) over terms = value (NaN: not published)."""

    terms: tuple[tuple[int, str, float], ...]
    value: float


@dataclass(frozen=True)
class Row:
    """A row of a published table: its equations (NaN values when hidden) and audited counts."""

    key: tuple[str, str, str, str]  # table, council, group, item
    n: int
    published: bool
    equations: list[Equation]
    audited: list[tuple[str, tuple[int, ...]]]  # (functional, leaves)
    own_leaf: int | None = None


@dataclass
class Leaf:
    """A council's officer or member row of a statistic: its own row and the functionals used."""

    key: tuple[str, str, str, str]
    kind: str
    n: int
    row: int
    uses: set[str] = field(default_factory=set)


@dataclass
class Block:
    """A characteristic or a theme: its leaves, rows and links, with what the search reads."""

    name: tuple[str, str]
    leaves: list[Leaf]
    rows: list[Row]
    links: list[Equation]
    index: dict[tuple[str, str, str, str], int]
    #: Comparison rows of each statement: question_id -> {council: row}.
    comparisons: dict[str, dict[str, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.leaf_index = {leaf.key: i for i, leaf in enumerate(self.leaves)}
        # Where each leaf appears: (row, position) of equations; links as (-1 - k, 0).
        self.leaf_equations: list[list[tuple[int, int]]] = [[] for _ in self.leaves]
        for r, row in enumerate(self.rows):
            for j, eq in enumerate(row.equations):
                if math.isnan(eq.value):
                    continue
                for leaf in {t[0] for t in eq.terms}:
                    self.leaf_equations[leaf].append((r, j))
        for k, eq in enumerate(self.links):
            for leaf in {t[0] for t in eq.terms}:
                self.leaf_equations[leaf].append((-1 - k, 0))
        # What a leaf's own row publishes, and whether that makes it a constant.
        self.leaf_values: list[dict[str, float]] = []
        self.eliminable: list[bool] = []
        for i, leaf in enumerate(self.leaves):
            values = {}
            for eq in self.rows[leaf.row].equations:
                if len(eq.terms) == 1 and eq.terms[0][0] == i and not math.isnan(eq.value):
                    values[eq.terms[0][1]] = eq.value
            self.leaf_values.append(values)
            self.eliminable.append(
                all(f in values for f in LEAF_PUBLISHES[leaf.kind]) and leaf.uses <= set(values)
            )

        # For the breadth-first search of components: the distinct leaves of
        # each equation.
        self.equation_leaves: dict[tuple[int, int], tuple[int, ...]] = {}
        for leaf, origins in enumerate(self.leaf_equations):
            for origin in origins:
                self.equation_leaves.setdefault(origin, []).append(leaf)
        self.equation_leaves = {o: tuple(ls) for o, ls in self.equation_leaves.items()}
        # What decides how an equation reads under a publication state: the
        # rows of its leaves that are constants when published.
        self.equation_rows: dict[tuple[int, int], np.ndarray] = {}
        for leaf, origins in enumerate(self.leaf_equations):
            for origin in origins:
                self.equation_rows.setdefault(origin, set())
                if self.eliminable[leaf]:
                    self.equation_rows[origin].add(self.leaves[leaf].row)
        self.equation_rows = {
            o: np.array(sorted(rows), dtype=np.intp) for o, rows in self.equation_rows.items()
        }
        #: Equations as read under publication states, by (origin, state of its rows).
        self.reduced: dict[tuple, tuple] = {}

    def equation(self, origin: tuple[int, int]) -> Equation:
        r, j = origin
        return self.rows[r].equations[j] if r >= 0 else self.links[-1 - r]

    def original(self) -> np.ndarray:
        """The publication state of the rows as the tables came, before any complement."""
        return np.array([row.published for row in self.rows], dtype=bool)

    def withheld(self, published: np.ndarray) -> list[int]:
        """Statistic rows (no comparisons) published as the tables came, hidden in ``published``."""
        return [
            r
            for r, row in enumerate(self.rows)
            if row.published and not published[r] and row.key[0] != COMPARISONS
        ]


class BlockBuilder:
    """Collects the leaves, rows and links of one block."""

    def __init__(self, name: tuple[str, str]):
        self.name = name
        self.leaves: list[Leaf] = []
        self.leaf_index: dict[tuple[str, str, str, str], int] = {}
        self.rows: list[Row] = []
        self.index: dict[tuple[str, str, str, str], int] = {}
        self.links: list[Equation] = []
        self.by_item: dict[tuple[str, str], list[int]] = {}
        self.comparisons: dict[str, dict[str, int]] = {}

    def add_leaves(self, table: str, entries: list[tuple[str, str, str, int]]) -> None:
        for council, group, item, n in entries:
            if council != WALES and group in GROUPS:
                key = (table, council, group, item)
                self.leaf_index[key] = len(self.leaves)
                self.by_item.setdefault((table, item), []).append(len(self.leaves))
                self.leaves.append(Leaf(key, KIND_OF_TABLE[table], int(n), row=-1))

    def leaves_of(self, table: str, council: str, group: str, items: Iterable[str]) -> tuple:
        """The leaves a row (council or Wales, group or all) sums, for the given items."""
        out = []
        for item in items:
            for idx in self.by_item.get((table, item), ()):
                _t, c, g, _i = self.leaves[idx].key
                if (council == WALES or c == council) and (group == GROUP_ALL or g == group):
                    out.append(idx)
        return tuple(sorted(out))

    def add_row(self, key, n, published, equations, audited) -> int:
        idx = len(self.rows)
        own = self.leaf_index.get(key)
        self.rows.append(Row(key, int(n), bool(published), equations, audited, own))
        if key[0] == COMPARISONS:
            self.comparisons.setdefault(key[3], {})[key[1]] = idx
        self.index[key] = idx
        if own is not None:
            self.leaves[own].row = idx
        for eq in equations:
            for leaf, functional, _coef in eq.terms:
                self.leaves[leaf].uses.add(functional)
        return idx

    def add_link(self, terms, value: float) -> None:
        eq = Equation(tuple(terms), float(value))
        self.links.append(eq)
        for leaf, functional, _coef in eq.terms:
            self.leaves[leaf].uses.add(functional)

    def build(self) -> Block:
        return Block(self.name, self.leaves, self.rows, self.links, self.index, self.comparisons)
