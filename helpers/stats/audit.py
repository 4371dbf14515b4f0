"""The attacker's audit of every published figure, and complementary suppression.

docs/methodology.md, section 5, "Audit against every published figure". Primary,
secondary and Wales suppression (:mod:`helpers.disclosure`) hide each small
figure and the figures that give it back by one subtraction. The published
tables are linked in more ways than that: an ``all`` row is the sum of its
groups, a Wales row the sum of its councils, a theme's ``theme_agree_pct``
pools its statements, a mean times its ``n`` is a sum, ``rest_agree_pct`` is
Wales minus the council. An attacker holding every published figure and a
linear-programming solver can combine them all at once. This module is that
attacker, and the cure:

* :func:`audit` writes every published figure as a linear equation on hidden
  counts and bounds each hidden count of each small cell (a suppressed row
  with ``0 < n < 5``) by linear programming (the HiGHS solver, through its
  Python package ``highspy``, with the options ``scipy.optimize.linprog``
  passes it). A small cell is *protected*
  when those bounds are no narrower than what its council's own published
  ``all`` row already allows.
* :func:`protect` adds complementary suppression where a small cell is not
  protected, choosing the cells that lose least information, until every
  small cell is protected (a fixed point).

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

Statistics meet only within a *block*: a characteristic (maturity rows), or a
theme (its statements' agreement rows, its theme rows, its statements'
comparisons). Within a block, published leaves are constants; the hidden
leaves fall into connected components (leaves linked by a published equation)
and each bound is a small linear programme over the components it touches.

Protection
----------
For a small cell with hidden counts ``y`` (its answers at each level or score
and its agreeing answers; for a theme row its agreeing answers, ``T`` and
``Q``): the *reference* bounds of each count are its smallest and largest
value given only the cell's own ``n``, the ``n`` of its council's other group
and the council's published ``all`` row of the same statistic (0 to ``n``
when that row is hidden too). The *attacker's* bounds use every published
figure. The attacker's bounds always lie within the reference bounds; the
cell is protected when they coincide, for every count, after rounding counts
inwards to whole numbers (so that a bound of 2.5 of at most 3 answers counts
as narrowed). A cell is *pinned* when some count has a single possible value
that its ``all`` row did not already fix.

The bounds are those of the linear-programming relaxation, as the
methodology asks. An attacker who also uses the fact that counts are whole
numbers can sometimes narrow further; the tests compare the relaxation with
brute-force enumeration on small tables.

Complementary suppression
-------------------------
Cells are hidden in *units*, the smallest sets that hide anything (a
council's officer row is given back by its ``all`` row minus the member row,
so the pair goes together), in this order of information lost:

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
first by key. For the first unprotected small cell (by key), the candidates
are the units of the published equations that bind its narrowed bounds (the
non-zero dual values of the linear programme) and of the published leaves in
them; the first candidate that protects the cell is taken, else the one that
widens its bounds most, else the first. Hiding only relaxes equations, so a
protected cell stays protected (unless its own council's rows are hidden,
which widens its reference: it is checked again); the search repeats until no
small cell is unprotected. Everything is ordered by key, so the same data give
the same choice. Units are taken whole, although one of their rows is often
enough: after this fixed point, :mod:`helpers.giveback` publishes again,
row by row, every complement the audit does not need (``release``).

Solving
-------
Each programme keeps one HiGHS solver whose basis carries over from one
objective to the next (a warm start): the optimum, which is unique, comes
from it. The dual values of a degenerate optimum are not unique, and they
choose the complements, so they always come from a cold start of the same
solver, as ``linprog`` would give them: the choice cannot depend on what
was solved before. Dual values are worked out only for the cell being
protected, and a cell suppression may have changed is checked again only
when the scan in key order reaches it.

References
----------
.. [1] Hundepool, A. et al. (2012). *Statistical Disclosure Control*, Wiley,
   chapter 4 (tabular data: primary and secondary suppression, the
   attacker's linear-programming bounds, "protection intervals").
.. [2] Fischetti, M. and Salazar-González, J.-J. (1999). Models and
   algorithms for the 2-dimensional cell suppression problem in statistical
   disclosure control. *Mathematical Programming* 84, 283-312.
.. [3] Office for National Statistics (2021). *Statistical Disclosure Control
   Policy for Tables Produced from Surveys* (disclosure by differencing).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations_with_replacement

import highspy
import numpy as np
import pandas as pd
from scipy.sparse import csc_array
from scipy.stats import t as student_t

from helpers.config import (
    GROUP_ALL,
    GROUPS,
    MIN_RESPONSES,
    WALES,
)
from helpers.errors import AuditError

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------
MATURITY = "maturity"
AGREEMENT = "agreement"
THEMES = "themes"
COMPARISONS = "comparisons"
#: The statistic tables the audit may suppress in, and their item column.
ITEM_COLUMNS = {MATURITY: "characteristic", AGREEMENT: "question_id", THEMES: "theme"}

# Kinds of leaf and the number of unknowns of each.
_LEVEL, _LIKERT, _THEME = "level", "likert", "theme"
_DIM = {_LEVEL: 3, _LIKERT: 5, _THEME: 2}
_KIND_OF_TABLE = {MATURITY: _LEVEL, AGREEMENT: _LIKERT, THEMES: _THEME}

#: Linear functionals of a leaf: name -> (kind, coefficients).
_FUNCTIONALS: dict[str, tuple[str, np.ndarray]] = {
    **{f"n_level_{k}": (_LEVEL, np.eye(3)[k - 1]) for k in (1, 2, 3)},
    **{f"score_{s}": (_LIKERT, np.eye(5)[s - 1]) for s in (1, 2, 3, 4, 5)},
    "agree": (_LIKERT, np.array([0.0, 0, 0, 1, 1])),
    "score_sum": (_LIKERT, np.arange(1.0, 6.0)),
    "score_squares": (_LIKERT, np.arange(1.0, 6.0) ** 2),
    "theme_sum": (_THEME, np.array([1.0, 0.0])),
    "theme_squares": (_THEME, np.array([0.0, 1.0])),
}
#: Functionals whose value is a count of answers (compared as whole numbers).
_COUNTS = frozenset(f for f in _FUNCTIONALS if not f.startswith("theme_"))
#: What a published leaf row makes known about its leaf.
_LEAF_PUBLISHES = {
    _LEVEL: ("n_level_1", "n_level_2", "n_level_3"),
    _LIKERT: ("agree", "score_sum"),
    _THEME: ("theme_sum", "theme_squares"),
}
#: Hidden counts audited for a small cell of each table: (name, leaf kind, functional).
AUDITED = {
    MATURITY: (("n_level_1", _LEVEL), ("n_level_2", _LEVEL), ("n_level_3", _LEVEL)),
    AGREEMENT: (
        ("score_1", _LIKERT),
        ("score_2", _LIKERT),
        ("score_3", _LIKERT),
        ("score_4", _LIKERT),
        ("score_5", _LIKERT),
        ("agree", _LIKERT),
    ),
    THEMES: (("agree", _LIKERT), ("theme_sum", _THEME), ("theme_squares", _THEME)),
}
#: Respondent mean scores lie in [1, 5]: T in [n, 5n], Q in [n, 25n], and the
#: chord and tangents of m -> m^2 bound Q by T (coefficients of (T, Q) <= rhs * n).
_THEME_CUTS = [((-6.0, 1.0), -5.0)] + [((2.0 * k, -1.0), float(k * k)) for k in range(1, 6)]

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
#: Candidate units tried for one unprotected cell before settling for the best.
MAX_TRIALS = 8
_TOL = 1e-6
_TRACE = False


def _highs_options() -> highspy.HighsOptions:
    """The options that ``linprog(method="highs", options={"presolve": False})`` gives HiGHS.

    Small programmes solve faster without presolve. With the same HiGHS and
    the same options, :mod:`highspy` gives the same solutions as ``linprog``,
    dual values included (``tests/test_audit.py`` checks it), without
    ``linprog``'s checking of its inputs, which takes most of the time of a
    small programme, and with a basis that can carry over to the next solve.
    """
    options = highspy.HighsOptions()
    options.presolve = "off"
    options.highs_debug_level = 0  # none
    options.log_to_console = False
    options.output_flag = False
    options.simplex_strategy = highspy.simplex_constants.SimplexStrategy.kSimplexStrategyDual
    return options


_HIGHS_OPTIONS = _highs_options()


# --------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class CountBounds:
    """Bounds of one hidden count of a small cell.

    ``low``/``high``: what every published figure allows (linear programming);
    ``ref_low``/``ref_high``: what the council's own ``all`` row allows.
    ``count`` is true for counts of answers (compared as whole numbers).
    """

    name: str
    low: float
    high: float
    ref_low: float
    ref_high: float
    count: bool

    def _rounded(self) -> tuple[float, float, float, float]:
        if self.count:
            return (
                math.ceil(self.low - _TOL),
                math.floor(self.high + _TOL),
                math.ceil(self.ref_low - _TOL),
                math.floor(self.ref_high + _TOL),
            )
        return self.low, self.high, self.ref_low, self.ref_high

    @property
    def protected(self) -> bool:
        """Whether the bounds are as wide as the reference bounds."""
        low, high, ref_low, ref_high = self._rounded()
        tol = 0.0 if self.count else _TOL * max(1.0, abs(self.ref_high))
        return low <= ref_low + tol and high >= ref_high - tol

    @property
    def pinned(self) -> bool:
        """Whether the count has one possible value that the reference left open."""
        low, high, ref_low, ref_high = self._rounded()
        tol = 0.0 if self.count else _TOL * max(1.0, abs(self.ref_high))
        return high - low <= tol and ref_high - ref_low > tol

    @property
    def deficit(self) -> float:
        """How much narrower than the reference (0 when protected)."""
        return max(0.0, self.low - self.ref_low) + max(0.0, self.ref_high - self.high)


@dataclass(frozen=True)
class CellAudit:
    """The audit of one small cell: a suppressed row with ``0 < n < 5``."""

    table: str
    council_code: str
    group: str
    item: str
    n: int
    counts: tuple[CountBounds, ...]

    @property
    def protected(self) -> bool:
        return all(c.protected for c in self.counts)

    @property
    def pinned(self) -> bool:
        return any(c.pinned for c in self.counts)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.table, self.council_code, self.group, self.item)


@dataclass(frozen=True)
class AuditResult:
    """Every small cell's bounds; ``str()`` gives a one-line summary."""

    cells: tuple[CellAudit, ...]

    @property
    def unprotected(self) -> tuple[CellAudit, ...]:
        return tuple(c for c in self.cells if not c.protected)

    @property
    def pinned(self) -> tuple[CellAudit, ...]:
        return tuple(c for c in self.cells if c.pinned)

    @property
    def passed(self) -> bool:
        return not self.unprotected

    def frame(self) -> pd.DataFrame:
        """One row per small cell and hidden count, with both bounds and the verdict."""
        rows = [
            {
                "table": cell.table,
                "council_code": cell.council_code,
                "group": cell.group,
                "item": cell.item,
                "n": cell.n,
                "count": c.name,
                "low": c.low,
                "high": c.high,
                "ref_low": c.ref_low,
                "ref_high": c.ref_high,
                "protected": c.protected,
                "pinned": c.pinned,
            }
            for cell in self.cells
            for c in cell.counts
        ]
        return pd.DataFrame(rows)

    def __str__(self) -> str:
        cells = len(self.cells)
        if self.passed:
            return f"{cells} small cell{'s' if cells != 1 else ''}, none narrowed"
        return (
            f"{cells} small cells, {len(self.unprotected)} narrowed, "
            f"{len(self.pinned)} pinned to one value"
        )


@dataclass(frozen=True)
class Protection:
    """What :func:`protect` decided: the cells to hide and the audit that then passes."""

    #: Rows to suppress as ``complementary``: table -> set of (council_code, group, item).
    hidden: dict[str, frozenset[tuple[str, str, str]]]
    #: The audit before complementary suppression.
    before: AuditResult
    #: The audit after it (passes).
    after: AuditResult
    #: The units hidden, in the order chosen.
    units: tuple[tuple, ...] = field(default=())
    #: Rows hidden by the search and published again by the give-back, as ``hidden``.
    given_back: dict[str, frozenset[tuple[str, str, str]]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        """Number of cells (rows) suppressed as complementary."""
        return sum(len(rows) for rows in self.hidden.values())

    @property
    def taken(self) -> int:
        """Number of cells the search hid, before any was given back."""
        return self.count + self.given_back_count

    @property
    def given_back_count(self) -> int:
        """Number of cells the search hid and the give-back published again."""
        return sum(len(rows) for rows in self.given_back.values())


# --------------------------------------------------------------------------
# The model of one block
# --------------------------------------------------------------------------
@dataclass
class _Equation:
    """sum of coef * functional(leaf) over terms = value (NaN: not published)."""

    terms: tuple[tuple[int, str, float], ...]
    value: float


@dataclass
class _Row:
    key: tuple[str, str, str, str]  # table, council, group, item
    n: int
    published: bool
    equations: list[_Equation]
    audited: list[tuple[str, tuple[int, ...]]]  # (functional, leaves)
    own_leaf: int | None = None


@dataclass
class _Leaf:
    key: tuple[str, str, str, str]
    kind: str
    n: int
    row: int
    uses: set[str] = field(default_factory=set)


@dataclass
class _Block:
    name: tuple[str, str]
    leaves: list[_Leaf]
    rows: list[_Row]
    links: list[_Equation]
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
                all(f in values for f in _LEAF_PUBLISHES[leaf.kind]) and leaf.uses <= set(values)
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

    def equation(self, origin: tuple[int, int]) -> _Equation:
        r, j = origin
        return self.rows[r].equations[j] if r >= 0 else self.links[-1 - r]


class _UnionFind:
    def __init__(self, items: Iterable[int]):
        self.parent = {i: i for i in items}

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _float(value) -> float:
    return float("nan") if value is None or pd.isna(value) else float(value)


def _rows_of(table: pd.DataFrame, item_column: str):
    """(council, group, item, row) tuples of a table, in key order."""
    cols = ["council_code", "group", item_column]
    table = table.sort_values(cols, kind="stable")
    for record in table.to_dict("records"):
        yield str(record["council_code"]), str(record["group"]), str(record[item_column]), record


class _BlockBuilder:
    """Collects the leaves, rows and links of one block."""

    def __init__(self, name: tuple[str, str]):
        self.name = name
        self.leaves: list[_Leaf] = []
        self.leaf_index: dict[tuple[str, str, str, str], int] = {}
        self.rows: list[_Row] = []
        self.index: dict[tuple[str, str, str, str], int] = {}
        self.links: list[_Equation] = []
        self.by_item: dict[tuple[str, str], list[int]] = {}
        self.comparisons: dict[str, dict[str, int]] = {}

    def add_leaves(self, table: str, entries: list[tuple[str, str, str, int]]) -> None:
        for council, group, item, n in entries:
            if council != WALES and group in GROUPS:
                key = (table, council, group, item)
                self.leaf_index[key] = len(self.leaves)
                self.by_item.setdefault((table, item), []).append(len(self.leaves))
                self.leaves.append(_Leaf(key, _KIND_OF_TABLE[table], int(n), row=-1))

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
        self.rows.append(_Row(key, int(n), bool(published), equations, audited, own))
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
        eq = _Equation(tuple(terms), float(value))
        self.links.append(eq)
        for leaf, functional, _coef in eq.terms:
            self.leaves[leaf].uses.add(functional)

    def build(self) -> _Block:
        return _Block(self.name, self.leaves, self.rows, self.links, self.index, self.comparisons)


def _maturity_block(characteristic: str, rows: pd.DataFrame) -> _Block:
    b = _BlockBuilder((MATURITY, characteristic))
    entries = list(_rows_of(rows, "characteristic"))
    b.add_leaves(MATURITY, [(c, g, i, r["n"]) for c, g, i, r in entries])
    for council, group, item, r in entries:
        leaves = b.leaves_of(MATURITY, council, group, [item])
        published = not bool(r["suppressed"])
        equations = [
            _Equation(
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
) -> _Block:
    b = _BlockBuilder((THEMES, theme))
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
            _Equation(tuple((leaf, "agree", 1.0) for leaf in leaves), agree),
            _Equation(tuple((leaf, "score_sum", 1.0) for leaf in leaves), total),
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
            _Equation(tuple((leaf, "agree", 1.0) for leaf in a_leaves), agree),
            _Equation(tuple((leaf, "theme_sum", 1.0) for leaf in t_leaves), total),
            _Equation(tuple((leaf, "theme_squares", 1.0) for leaf in t_leaves), squares),
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
            _Equation(
                tuple((leaf, "agree", 1.0) for leaf in council_leaves),
                round(council_pct * council_n) if not math.isnan(council_pct) else np.nan,
            ),
            _Equation(
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
) -> list[_Block]:
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


# --------------------------------------------------------------------------
# Linear programmes
# --------------------------------------------------------------------------
class _State:
    """The equations of a block under one publication state, worked out lazily.

    A leaf is a constant when its own row is published and that row gives
    every functional other equations use of it; otherwise its unknowns are
    variables. The hidden leaves linked to a given leaf by published
    equations (its component) are found by a breadth-first search, so that a
    trial suppression costs only the part of the block it touches.
    """

    def __init__(self, block: _Block, published: np.ndarray):
        self.block = block
        self.published = published
        self.variable = np.array(
            [
                not (published[leaf.row] and block.eliminable[i])
                for i, leaf in enumerate(block.leaves)
            ],
            dtype=bool,
        )
        self.known = [
            block.leaf_values[i] if not self.variable[i] else {} for i in range(len(block.leaves))
        ]
        self._component: dict[int, frozenset[int]] = {}
        # Plain lists: indexing them is much faster than indexing numpy arrays.
        self._published_list = [bool(p) for p in published]
        self._variable_list = [bool(v) for v in self.variable]
        self.programs: dict[frozenset[int], _Program] = {}

    def active(self, origin: tuple[int, int]) -> bool:
        return origin[0] < 0 or bool(self.published[origin[0]])

    def component(self, leaf: int) -> frozenset[int]:
        """The variable leaves linked to ``leaf`` by published equations."""
        if leaf in self._component:
            return self._component[leaf]
        block = self.block
        published = self._published_list
        variable = self._variable_list
        seen = {leaf}
        done: set[tuple[int, int]] = set()
        todo = [leaf]
        while todo:
            for origin in block.leaf_equations[todo.pop()]:
                if origin in done or (origin[0] >= 0 and not published[origin[0]]):
                    continue
                done.add(origin)
                for other in block.equation_leaves[origin]:
                    if other not in seen and variable[other]:
                        seen.add(other)
                        todo.append(other)
        found = frozenset(seen)
        for member in found:
            self._component[member] = found
        return found

    def reduced(self, origin: tuple[int, int]) -> tuple[tuple, float, tuple]:
        """An equation under this state: (variable terms sorted, right-hand side, constant leaves).

        Worked out once per state of the rows it depends on, for the block.
        """
        block = self.block
        key = (origin, self.published[block.equation_rows[origin]].tobytes())
        found = block.reduced.get(key)
        if found is None:
            eq = block.equation(origin)
            variable = self._variable_list
            var_terms = []
            consts = []
            rhs = eq.value
            for leaf, functional, coef in eq.terms:
                if variable[leaf]:
                    var_terms.append((leaf, functional, coef))
                else:
                    rhs -= coef * self.known[leaf][functional]
                    consts.append(leaf)
            found = (tuple(sorted(var_terms)), rhs, tuple(consts))
            block.reduced[key] = found
        return found

    def program(self, leaves: Iterable[int]) -> _Program:
        """The linear programme over the components of ``leaves`` (variable ones)."""
        members: set[int] = set()
        variable = self._variable_list
        published = self._published_list
        for leaf in leaves:
            if variable[leaf] and leaf not in members:
                members |= self.component(leaf)
        key = frozenset(members)
        if key in self.programs:
            return self.programs[key]
        block = self.block
        origins = sorted(
            {
                o
                for leaf in members
                for o in block.leaf_equations[leaf]
                if o[0] < 0 or published[o[0]]
            }
        )
        equations: list[tuple[tuple, float, tuple, tuple]] = []
        seen: dict[tuple, int] = {}
        for origin in origins:
            terms, rhs, consts = self.reduced(origin)
            if terms in seen:  # the same equation from another table (Wales minus a council...)
                k = seen[terms]
                _t, rhs0, sources, consts0 = equations[k]
                if abs(rhs - rhs0) > _TOL * max(1.0, abs(rhs0)):
                    raise AuditError(
                        "the published figures contradict each other "
                        f"({block.rows[origin[0]].key if origin[0] >= 0 else 'a link'})"
                    )
                equations[k] = (terms, rhs0, sources + (origin,), consts0 + consts)
                continue
            seen[terms] = len(equations)
            equations.append((terms, rhs, (origin,), consts))
        program = _Program(
            [(leaf, block.leaves[leaf].kind, block.leaves[leaf].n) for leaf in sorted(members)],
            [(terms, rhs) for terms, rhs, _s, _c in equations],
            labels=[("eq", sources) for _t, _r, sources, _c in equations],
        )
        program.equation_of = {("eq", e[2]): e for e in equations}
        self.programs[key] = program
        return program


class _Program:
    """A linear programme over some variable leaves, solved for many objectives.

    Every constraint carries a label: ``("leaf", id)`` for a leaf's answers
    adding up to its ``n``, ``("cut", id, j)`` for the bounds of ``Q`` by
    ``T``, ``("eq", k)`` for the system's equation ``k``; dual values are
    returned by label, so that a bound proved under one publication state can
    be re-checked cheaply under another (:meth:`dual_bound`).
    """

    def __init__(
        self,
        leaves: list[tuple[int, str, float]],
        equations: list[tuple[tuple, float]],
        labels: list | None = None,
    ):
        # leaves: (id, kind, n)
        self.offset: dict[int, int] = {}
        size = 0
        for leaf_id, kind, _n in leaves:
            self.offset[leaf_id] = size
            size += _DIM[kind]
        self.size = size
        lower = np.zeros(size)
        upper = np.zeros(size)
        a_eq, b_eq, a_ub, b_ub = [], [], [], []
        self.eq_labels: list = []
        self.ub_labels: list = []
        for leaf_id, kind, n in leaves:
            o = self.offset[leaf_id]
            d = _DIM[kind]
            if kind == _THEME:
                lower[o : o + 2] = (n, n)
                upper[o : o + 2] = (5 * n, 25 * n)
                for j, ((ct, cq), rhs) in enumerate(_THEME_CUTS):
                    row = np.zeros(size)
                    row[o], row[o + 1] = ct, cq
                    a_ub.append(row)
                    b_ub.append(rhs * n)
                    self.ub_labels.append(("cut", leaf_id, j))
            else:
                upper[o : o + d] = n
                row = np.zeros(size)
                row[o : o + d] = 1.0
                a_eq.append(row)
                b_eq.append(n)
                self.eq_labels.append(("leaf", leaf_id))
        for k, (terms, rhs) in enumerate(equations):
            a_eq.append(self.vector(terms))
            b_eq.append(rhs)
            self.eq_labels.append(labels[k] if labels is not None else ("eq", k))
        self.a_eq = np.array(a_eq) if a_eq else np.zeros((0, size))
        self.b_eq = np.array(b_eq) if b_eq else np.zeros(0)
        self.a_ub = np.array(a_ub) if a_ub else np.zeros((0, size))
        self.b_ub = np.array(b_ub) if b_ub else np.zeros(0)
        self.lower, self.upper = lower, upper
        self.solutions: list[np.ndarray] = []
        self._highs_lp = None
        self._warm = None  # the warm-started solver (see solve)
        self._columns = np.arange(size, dtype=np.int32)

    def vector(self, terms) -> np.ndarray:
        out = np.zeros(self.size)
        for leaf, functional, coef in terms:
            kind, coefs = _FUNCTIONALS[functional]
            o = self.offset[leaf]
            out[o : o + _DIM[kind]] += coef * coefs
        return out

    def solve(self, c: np.ndarray, sense: int, certify: bool = True):
        """Optimise ``sense * c . x`` (1 minimise, -1 maximise).

        Returns the optimum of ``c . x`` and, with ``certify``, the dual values
        of the minimisation of ``sense * c . x`` by constraint label (else an
        empty dict).

        The optimum is unique, but at a degenerate optimum the dual values
        are not, and they choose the complementary suppressions. So only the
        optimum comes from the programme's warm-started solver (the basis of
        the last objective, several times faster on a run of objectives);
        dual values always come from a cold start, which gives the same ones
        whatever was solved before.
        """
        if certify:
            x, eq_duals, ub_duals = self._solve_highs(sense * c, self._new_highs())
        else:
            if self._warm is None:
                self._warm = self._new_highs()
            try:
                x, eq_duals, ub_duals = self._solve_highs(sense * c, self._warm)
            except AuditError:  # a warm start that went wrong: start afresh, once
                self._warm = self._new_highs()
                x, eq_duals, ub_duals = self._solve_highs(sense * c, self._warm)
        self.solutions.append(x)
        duals = {}
        if certify and len(self.b_eq):
            duals.update(zip(self.eq_labels, eq_duals, strict=True))
        if certify and len(self.b_ub):
            duals.update(zip(self.ub_labels, ub_duals, strict=True))
        return float(c @ x), duals

    def _lp(self):
        """The programme as a HiGHS model (built once; only the costs change)."""
        if self._highs_lp is None:
            a = csc_array(np.vstack((self.a_ub, self.a_eq)))
            n_ub = len(self.b_ub)
            lp = highspy.HighsLp()
            lp.num_col_ = self.size
            lp.num_row_ = n_ub + len(self.b_eq)
            lp.a_matrix_.num_col_ = self.size
            lp.a_matrix_.num_row_ = n_ub + len(self.b_eq)
            lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
            lp.col_cost_ = np.zeros(self.size)
            lp.col_lower_ = self.lower.astype(float)
            lp.col_upper_ = self.upper.astype(float)
            lp.row_lower_ = np.concatenate((np.full(n_ub, -highspy.kHighsInf), self.b_eq))
            lp.row_upper_ = np.concatenate((self.b_ub, self.b_eq)).astype(float)
            lp.a_matrix_.start_ = a.indptr
            lp.a_matrix_.index_ = a.indices
            lp.a_matrix_.value_ = a.data
            self._highs_lp = lp
        return self._highs_lp

    def _new_highs(self):
        """A HiGHS solver holding the programme, with no basis yet."""
        highs = highspy.Highs()
        highs.passOptions(_HIGHS_OPTIONS)
        highs.passModel(self._lp())
        return highs

    def _solve_highs(self, cost: np.ndarray, highs):
        """Minimise ``cost . x`` with HiGHS directly: the solution and the duals.

        ``highs`` starts from the basis it holds: none for a new solver (a
        cold start, as ``linprog`` does), the last optimum's otherwise.
        """
        highs.changeColsCost(self.size, self._columns, np.asarray(cost, dtype=float))
        highs.run()
        status = highs.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise AuditError(
                "the published figures admit no consistent hidden counts "
                f"(linear programme status: {highs.modelStatusToString(status)})"
            )
        solution = highs.getSolution()
        row_dual = np.array(solution.row_dual)
        n_ub = len(self.b_ub)
        return np.array(solution.col_value), row_dual[n_ub:], row_dual[:n_ub]

    def dual_bound(self, c: np.ndarray, sense: int, duals: dict) -> float:
        """A bound on the optimum of ``c . x`` from any dual values (weak duality).

        For ``sense`` 1 a lower bound on the minimum, for -1 an upper bound
        on the maximum. Labels the programme does not have are ignored;
        constraints without a dual value get 0.
        """
        y_eq = np.array([duals.get(label, 0.0) for label in self.eq_labels])
        y_ub = np.array([min(0.0, duals.get(label, 0.0)) for label in self.ub_labels])
        cost = sense * c
        reduced = cost - self.a_eq.T @ y_eq - self.a_ub.T @ y_ub
        value = y_eq @ self.b_eq + y_ub @ self.b_ub
        value += np.minimum(reduced * self.lower, reduced * self.upper).sum()
        return float(sense * value)

    def attained(self, c: np.ndarray, target: float, sense: int) -> bool:
        """Whether a solution found so far reaches ``target`` (a reference bound)."""
        tol = _TOL * max(1.0, abs(target))
        for x in self.solutions:
            value = float(c @ x)
            if (sense == 1 and value <= target + tol) or (sense == -1 and value >= target - tol):
                return True
        return False


@dataclass
class _CellCheck:
    row: int
    counts: list[CountBounds | None]  # None: not worked out (a trial stopped early)
    binding: set[tuple[int, int]]  # (row, equation) of binding equations of narrowed bounds
    consts: set[tuple[int, tuple]]  # published leaves in those equations, with the equations
    narrowed: list[tuple[int, int]]  # (count, sense) found narrowed
    #: dual values proving each narrowed bound, by ("row", r), ("leaf", id), ("cut", id, j)
    certificates: dict[tuple[int, int], dict] = field(default_factory=dict)
    #: whether ``binding``, ``consts`` and ``certificates`` were worked out
    certified: bool = False


@lru_cache(maxsize=64)
def _compositions(n: int, d: int) -> np.ndarray:
    """Every way of putting ``n`` answers into ``d`` categories (rows of counts)."""
    out = [
        np.bincount(np.array(c, dtype=int), minlength=d)
        for c in combinations_with_replacement(range(d), n)
    ]
    return np.array(out, dtype=float).reshape(-1, d)


def _row_values(row: _Row) -> dict[str, float]:
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
    program = _Program([(0, _THEME, n), (1, _THEME, n_other)], equations)
    out = []
    for functional in ("theme_sum", "theme_squares"):
        c = program.vector([(0, functional, 1.0)])
        out.append((program.solve(c, 1, certify=False)[0], program.solve(c, -1, certify=False)[0]))
    return out


def _reference(block: _Block, r: int, eff: np.ndarray) -> list[tuple[float, float]]:
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
        kind = _KIND_OF_TABLE[table]
        comps = _compositions(row.n, _DIM[kind])
        if constrained:
            n_other = block.rows[all_row].n - row.n
            keep = np.ones(len(comps), dtype=bool)
            if kind == _LEVEL:
                for k in (1, 2, 3):
                    rest = all_values[f"n_level_{k}"] - comps[:, k - 1]
                    keep &= rest >= -_TOL
                    if partner_values:
                        keep &= np.abs(rest - partner_values[f"n_level_{k}"]) < _TOL
            else:
                a = all_values["agree"] - comps @ _FUNCTIONALS["agree"][1]
                total = all_values["score_sum"] - comps @ _FUNCTIONALS["score_sum"][1]
                keep &= (a >= -_TOL) & (a <= n_other + _TOL)
                keep &= (total >= n_other + 3 * a - _TOL) & (total <= 3 * n_other + 2 * a + _TOL)
                if partner_values:
                    keep &= np.abs(a - partner_values["agree"]) < _TOL
                    keep &= np.abs(total - partner_values["score_sum"]) < _TOL
            comps = comps[keep]
        if not len(comps):
            raise AuditError(f"the published figures of {row.key} contradict each other")
        out = []
        for functional, _leaves in row.audited:
            values = comps @ _FUNCTIONALS[functional][1]
            out.append((float(values.min()), float(values.max())))
        return out
    # themes: agreeing answers (what the council's all rows of the theme's
    # statements allow, statement by statement), then T and Q (its theme all row)
    (_f, a_leaves), _t, _q = row.audited
    agree = [0.0, 0.0]
    for stmt in sorted({block.leaves[leaf].key[3] for leaf in a_leaves}):
        lo, hi = _reference(block, block.index[(AGREEMENT, council, group, stmt)], eff)[-1]
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


class _Auditor:
    """Audits the small cells of one block under publication states."""

    def __init__(self, block: _Block, min_n: int):
        self.block = block
        self.min_n = min_n
        self.small = [
            r
            for r, row in enumerate(block.rows)
            if row.audited and 0 < row.n < min_n and not row.published
        ]
        #: For each small cell, the rows its reference bounds read.
        self.depends = {r: _reference_rows(block, r) for r in self.small}
        self._reference: dict[tuple[int, bytes], list[tuple[float, float]]] = {}

    def reference(self, r: int, eff: np.ndarray) -> list[tuple[float, float]]:
        """Row ``r``'s reference bounds under ``eff`` (once per state of the rows they read)."""
        key = (r, eff[self.depends[r]].tobytes())
        if key not in self._reference:
            self._reference[key] = _reference(self.block, r, eff)
        return self._reference[key]

    def objective(self, system: _State, program: _Program, r: int, i: int):
        """(coefficients, constant) of audited count ``i`` of row ``r``."""
        functional, ls = self.block.rows[r].audited[i]
        # A published leaf in a small cell (never, after secondary suppression) is a constant.
        fixed = sum(system.known[leaf][functional] for leaf in ls if not system.variable[leaf])
        c = program.vector([(leaf, functional, 1.0) for leaf in ls if system.variable[leaf]])
        return c, fixed

    def still_narrowed(self, system: _State, program: _Program, r: int, check: _CellCheck) -> bool:
        """Whether old dual certificates prove every narrowed bound of ``check`` still narrowed."""
        refs = self.reference(r, system.published)
        for (i, sense), certificate in check.certificates.items():
            duals = {}
            for label in program.eq_labels:
                if label[0] == "eq":
                    duals[label] = sum(certificate.get(("row", o), 0.0) for o in label[1])
                else:
                    duals[label] = certificate.get(label, 0.0)
            for label in program.ub_labels:
                duals[label] = certificate.get(label, 0.0)
            c, fixed = self.objective(system, program, r, i)
            bound = program.dual_bound(c, sense, duals) + fixed
            functional = self.block.rows[r].audited[i][0]
            if not _narrowed(bound, sense, refs[i], functional in _COUNTS):
                return False
        return True

    def check(
        self,
        system: _State,
        r: int,
        first: Iterable[tuple[int, int]] = (),
        stop: bool = False,
        certify: bool = True,
    ) -> _CellCheck:
        """Bound the audited counts of row ``r``.

        ``first``: (count, sense) pairs to work out before the others; with
        ``stop``, give up (counts left None) after those if one is narrowed.
        With ``certify``, keep the dual values proving each narrowed bound and
        the equations they bind (the choice of complements starts from
        these); a trial that is only asked whether it protects goes without.
        """
        block = self.block
        row = block.rows[r]
        refs = self.reference(r, system.published)
        program = system.program(leaf for _f, ls in row.audited for leaf in ls)
        n_counts = len(row.audited)
        order = list(
            dict.fromkeys(
                [*first, *[(i, -1) for i in range(n_counts)], *[(i, 1) for i in range(n_counts)]]
            )
        )
        first = set(first)
        found: dict[tuple[int, int], float] = {}
        binding: set[tuple[int, int]] = set()
        consts: set[tuple[int, tuple]] = set()
        narrowed_list: list[tuple[int, int]] = []
        certificates: dict[tuple[int, int], dict] = {}
        for i, sense in order:
            if stop and narrowed_list and (i, sense) not in first:
                break
            functional = row.audited[i][0]
            target = refs[i][0] if sense == 1 else refs[i][1]
            c, fixed = self.objective(system, program, r, i)
            if program.attained(c, target - fixed, sense):
                found[(i, sense)] = target
                continue
            value = program.solve(c, sense, certify=False)[0] + fixed
            found[(i, sense)] = value
            if _narrowed(value, sense, refs[i], functional in _COUNTS):
                narrowed_list.append((i, sense))
                if not certify:
                    continue
                duals = program.solve(c, sense)[1]
                certificate = {}
                for label, dual in duals.items():
                    if label[0] == "eq":
                        _terms, _rhs, sources, const_leaves = program.equation_of[label]
                        certificate[("row", label[1][0])] = dual
                        if abs(dual) > 1e-9:
                            binding.update(sources)
                            consts.update((leaf, sources) for leaf in const_leaves)
                    else:
                        certificate[label] = dual
                certificates[(i, sense)] = certificate
        counts: list[CountBounds | None] = []
        for i, (functional, _ls) in enumerate(row.audited):
            if (i, 1) in found and (i, -1) in found:
                counts.append(
                    CountBounds(
                        functional,
                        found[(i, 1)],
                        found[(i, -1)],
                        refs[i][0],
                        refs[i][1],
                        functional in _COUNTS,
                    )
                )
            else:
                counts.append(None)
        return _CellCheck(r, counts, binding, consts, narrowed_list, certificates, certify)

    def audit(self, published: np.ndarray, rows: Iterable[int] | None = None):
        """Check ``rows`` (default: every small cell) without certificates: (state, checks)."""
        system = _State(self.block, published)
        rows = self.small if rows is None else rows
        return system, {r: self.check(system, r, certify=False) for r in rows}

    def cell(self, check: _CellCheck) -> CellAudit:
        table, council, group, item = self.block.rows[check.row].key
        return CellAudit(
            table, council, group, item, self.block.rows[check.row].n, tuple(check.counts)
        )


def _narrowed(value: float, sense: int, ref: tuple[float, float], count: bool) -> bool:
    """Whether a lower (sense 1) or upper (-1) bound is narrower than the reference."""
    ref_lo, ref_hi = ref
    if count:
        if sense == 1:
            return math.ceil(value - _TOL) > math.ceil(ref_lo - _TOL)
        return math.floor(value + _TOL) < math.floor(ref_hi + _TOL)
    tol = _TOL * max(1.0, abs(ref_hi))
    return value > ref_lo + tol if sense == 1 else value < ref_hi - tol


def _protected(check: _CellCheck) -> bool:
    return not check.narrowed and all(c is not None for c in check.counts)


def _deficit(check: _CellCheck, targets: Iterable[tuple[int, int]]) -> float:
    """How far the given (count, sense) bounds fall short of the reference."""
    total = 0.0
    for i, sense in targets:
        c = check.counts[i]
        if c is None:
            return math.inf
        total += max(0.0, c.low - c.ref_low) if sense == 1 else max(0.0, c.ref_high - c.high)
    return total


# --------------------------------------------------------------------------
# Units of complementary suppression
# --------------------------------------------------------------------------
def _unit_of(block: _Block, r: int) -> list[tuple]:
    """The units whose suppression hides row ``r``."""
    table, council, group, item = block.rows[r].key
    if table == COMPARISONS:
        return [("all", AGREEMENT, council, item), ("wales_all", AGREEMENT, WALES, item)]
    if council == WALES:
        return [("wales_all" if group == GROUP_ALL else "wales_pair", table, WALES, item)]
    return [("all" if group == GROUP_ALL else "pair", table, council, item)]


def _unit_rows(block: _Block, unit: tuple) -> tuple[int, ...]:
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


def _unit_tier(block: _Block, unit: tuple) -> int:
    kind, table, council, item = unit
    groups = [g for g in GROUPS if (table, council, g, item) in block.index]
    if len(groups) < 2:  # a group alone is its all row
        kind = "wales_all" if kind == "wales_pair" else "all" if kind == "pair" else kind
    return TIERS[(kind, table)]


def _unit_cost(block: _Block, unit: tuple, published: np.ndarray):
    rows = [r for r in _unit_rows(block, unit) if published[r]]
    return (
        _unit_tier(block, unit),
        len(rows),
        sum(block.rows[r].n for r in rows),
        unit,
    )


def _hide(block: _Block, published: np.ndarray, unit: tuple) -> np.ndarray:
    out = published.copy()
    for r in _unit_rows(block, unit):
        out[r] = False
    return out


def _candidates(block: _Block, check: _CellCheck, published: np.ndarray):
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
        return any(published[r] for r in _unit_rows(block, u))

    key = lambda u: _unit_cost(block, u, published)  # noqa: E731
    return sorted(filter(useful, units), key=key), sorted(filter(useful, direct), key=key)


def _all_units(block: _Block, published: np.ndarray) -> list[tuple]:
    units = {u for r in range(len(block.rows)) for u in _unit_of(block, r)}
    units = [u for u in units if any(published[r] for r in _unit_rows(block, u))]
    return sorted(units, key=lambda u: _unit_cost(block, u, published))


def _reference_rows(block: _Block, r: int) -> np.ndarray:
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


def _hidden_keys(block: _Block, published: np.ndarray) -> list[tuple[str, str, str, str]]:
    """The keys of the statistic rows published before the search and hidden under ``published``."""
    return [
        block.rows[r].key
        for r in range(len(block.rows))
        if block.rows[r].published and not published[r] and block.rows[r].key[0] != COMPARISONS
    ]


def _search_block(block: _Block, min_n: int):
    """The search for complements in one block, to its fixed point.

    Returns the auditor, the audit before, the publication state reached,
    the checks of every small cell under it (all protected) and the units
    hidden.
    """
    auditor = _Auditor(block, min_n)
    published = np.array([row.published for row in block.rows], dtype=bool)
    system, checks = auditor.audit(published)
    before = [auditor.cell(checks[r]) for r in auditor.small]
    depends = {r: set(auditor.depends[r].tolist()) for r in auditor.small}
    chosen: list[tuple] = []
    taken_for: dict[tuple, int] = {}  # unit -> the cell it was taken for
    doubtful: list[tuple] = []  # units taken without proof that they help
    # Cells whose check predates the last suppression and may have changed:
    # checked again, with certificates, only when the scan reaches them.
    stale: set[int] = set()
    while True:
        # The first cell, in key order, that is not protected now.
        u = None
        for r in auditor.small:
            if r in stale:
                checks[r] = auditor.check(system, r)
                stale.discard(r)
            if not _protected(checks[r]):
                u = r
                break
        if u is None:
            break
        # Its narrowed bounds with the dual values proving them: they choose
        # its complements.
        current = checks[u] if checks[u].certified else auditor.check(system, u)
        candidates, direct = _candidates(block, current, published)
        candidates = candidates or _all_units(block, published)
        if not candidates:  # pragma: no cover - everything hidden is always protected
            raise AuditError(f"no suppression protects {block.rows[u].key}")
        best = None
        accepted = None
        trials = 0
        for unit in candidates:
            trial = _hide(block, published, unit)
            trial_system = _State(block, trial)
            program = trial_system.program(leaf for _f, ls in block.rows[u].audited for leaf in ls)
            if auditor.still_narrowed(trial_system, program, u, current):
                continue  # the old dual values still prove a bound narrowed: no use
            trials += 1
            if trials > MAX_TRIALS:
                break
            # The bounds found narrowed first, giving up as soon as one still is.
            check = auditor.check(trial_system, u, first=current.narrowed, stop=True, certify=False)
            if _protected(check):
                accepted = unit
                break
            gain = _deficit(current, current.narrowed) - _deficit(check, current.narrowed)
            if gain > _TOL and (best is None or gain > best[0] + _TOL):
                best = (gain, unit)
        how = "protects"
        if accepted is None:
            # No one unit helps: hide an equation that binds (it must go, or be
            # loosened by several units); the cheapest such, else the cheapest.
            how = "widens" if best is not None else "binding"
            accepted = best[1] if best is not None else (direct or candidates)[0]
        if _TRACE:
            print("  ", block.rows[u].key, current.narrowed, "->", accepted, how, trials)
        chosen.append(accepted)
        taken_for[accepted] = u
        if how != "protects":
            doubtful.append(accepted)
        hidden_now = set(_unit_rows(block, accepted))
        published = _hide(block, published, accepted)
        stale.update(
            r for r in auditor.small if not _protected(checks[r]) or depends[r] & hidden_now
        )
        system = _State(block, published)
    # Give back, last first, each unit taken on trust that the others make unneeded.
    original = np.array([row.published for row in block.rows], dtype=bool)
    for unit in reversed(doubtful):
        others = {r for u in chosen if u != unit for r in _unit_rows(block, u)}
        trial = published.copy()
        for r in _unit_rows(block, unit):
            if original[r] and r not in others:
                trial[r] = True
        # The cell the unit was taken for first: the give-back fails at the
        # first cell it leaves unprotected.
        trial_system = _State(block, trial)
        trial_checks = {}
        for r in sorted(auditor.small, key=lambda r: r != taken_for[unit]):
            trial_checks[r] = auditor.check(trial_system, r, certify=False)
            if not _protected(trial_checks[r]):
                break
        else:
            published, checks, system = trial, trial_checks, trial_system
            chosen.remove(unit)
    return auditor, before, published, checks, chosen


# --------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------
def _check_columns(frame: pd.DataFrame, name: str, columns: Iterable[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks the columns {missing}")


def _prepare(maturity, agreement, themes, comparisons):
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


def audit(
    maturity: pd.DataFrame,
    agreement: pd.DataFrame,
    themes: pd.DataFrame,
    comparisons: pd.DataFrame | None = None,
    *,
    min_n: int = MIN_RESPONSES,
) -> AuditResult:
    """Bound every hidden count of every small cell from the published figures alone.

    Parameters
    ----------
    maturity, agreement, themes : pandas.DataFrame
        The statistic tables as published (suppressed rows' statistics may be
        present or empty: they are not read), with their ``suppressed``
        column. ``themes`` needs ``sd``, or ``invited`` and the interval from
        which the sd is worked out.
    comparisons : pandas.DataFrame, optional
        ``comparisons.csv``: ``council_agree_pct`` and ``rest_agree_pct``.
    min_n : int, default ``config.MIN_RESPONSES``
        A suppressed row with ``0 < n < min_n`` is a small cell.

    Returns
    -------
    AuditResult
        One :class:`CellAudit` per small cell, in key order: for each hidden
        count, the attacker's bounds and the reference bounds.

    Raises
    ------
    AuditError
        If the published figures contradict each other.

    Notes
    -----
    See the module's documentation for the equations, the reference bounds
    and the definition of *protected*.
    """
    cells = []
    for block in _prepare(maturity, agreement, themes, comparisons):
        auditor = _Auditor(block, min_n)
        published = np.array([row.published for row in block.rows], dtype=bool)
        _system_, checks = auditor.audit(published)
        cells.extend(auditor.cell(checks[r]) for r in auditor.small)
    return AuditResult(tuple(sorted(cells, key=lambda c: c.key)))


def protect(
    maturity: pd.DataFrame,
    agreement: pd.DataFrame,
    themes: pd.DataFrame,
    comparisons: pd.DataFrame | None = None,
    *,
    min_n: int = MIN_RESPONSES,
    release: Callable[[_Block, _Auditor, np.ndarray], np.ndarray] | None = None,
) -> Protection:
    """Choose complementary suppressions until the audit passes.

    Parameters
    ----------
    maturity, agreement, themes, comparisons : pandas.DataFrame
        As for :func:`audit`: the tables after primary, secondary and Wales
        suppression. A comparison follows the agreement rows it is made from:
        it is withdrawn with the council's or the Wales ``all`` row.
    min_n : int, default ``config.MIN_RESPONSES``
    release : callable, optional
        Run on each block after the search, with the block, its auditor and
        the publication state reached: returns a state that publishes again
        some of the rows hidden, every small cell still protected
        (:func:`helpers.giveback.give_back`, which :func:`helpers.giveback.protect`
        passes here).

    Returns
    -------
    Protection
        The rows to suppress as ``complementary``, per table, those given
        back by ``release``, and the audits before and after. ``after.passed``
        is true.

    Notes
    -----
    Greedy and deterministic: see "Complementary suppression" in the module's
    documentation. Suppressing only removes equations, so the attacker's
    bounds only widen and a protected cell stays protected; the search ends
    because each step hides at least one more row, and a block with every row
    hidden is protected.
    """
    tables = (MATURITY, AGREEMENT, THEMES)
    before, after, units = [], [], []
    hidden: dict[str, set] = {t: set() for t in tables}
    given: dict[str, set] = {t: set() for t in tables}
    for block in _prepare(maturity, agreement, themes, comparisons):
        auditor, b, published, checks, chosen = _search_block(block, min_n)
        taken = _hidden_keys(block, published)
        if release is not None:
            published = release(block, auditor, published)
            checks = auditor.audit(published)[1]
        before.extend(b)
        after.extend(auditor.cell(checks[r]) for r in auditor.small)
        still = set(_hidden_keys(block, published))
        for key in taken:
            table, council, group, item = key
            (hidden if key in still else given)[table].add((council, group, item))
        units.extend((block.name, unit) for unit in chosen)
    result = Protection(
        hidden={t: frozenset(rows) for t, rows in hidden.items()},
        before=AuditResult(tuple(sorted(before, key=lambda c: c.key))),
        after=AuditResult(tuple(sorted(after, key=lambda c: c.key))),
        units=tuple(units),
        given_back={t: frozenset(rows) for t, rows in given.items()},
    )
    if not result.after.passed:  # pragma: no cover - the search always ends protected
        raise AuditError(f"complementary suppression did not protect every cell: {result.after}")
    return result


def hidden_mask(table: pd.DataFrame, item_column: str, rows: Mapping | frozenset) -> np.ndarray:
    """Boolean mask of the rows of ``table`` whose (council_code, group, item) is in ``rows``."""
    keys = zip(
        table["council_code"].astype(str),
        table["group"].astype(str),
        table[item_column].astype(str),
        strict=True,
    )
    return np.array([key in rows for key in keys], dtype=bool)
