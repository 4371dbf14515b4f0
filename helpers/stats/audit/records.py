"""The audit's results: the bounds of each hidden count and cell, and what protection decided.

:class:`CountBounds` holds the attacker's bounds of one hidden count beside
its reference bounds (what the council's own ``all`` row allows: see
:mod:`helpers.stats.audit.bounds`); :class:`CellAudit` those of one small
cell; :class:`AuditResult` every small cell; :class:`Protection` the cells
that complementary suppression hides (:mod:`helpers.stats.audit.search`).
:func:`hidden_mask` marks those cells among a table's rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.stats.audit.vocabulary import TOL


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
                math.ceil(self.low - TOL),
                math.floor(self.high + TOL),
                math.ceil(self.ref_low - TOL),
                math.floor(self.ref_high + TOL),
            )
        return self.low, self.high, self.ref_low, self.ref_high

    @property
    def protected(self) -> bool:
        """Whether the bounds are as wide as the reference bounds."""
        low, high, ref_low, ref_high = self._rounded()
        tol = 0.0 if self.count else TOL * max(1.0, abs(self.ref_high))
        return low <= ref_low + tol and high >= ref_high - tol

    @property
    def pinned(self) -> bool:
        """Whether the count has one possible value that the reference left open."""
        low, high, ref_low, ref_high = self._rounded()
        tol = 0.0 if self.count else TOL * max(1.0, abs(self.ref_high))
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
    """What complementary suppression decided: the cells to hide, and the audit that then passes.

    (:func:`helpers.stats.audit.search.protect`.)
    """

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


def hidden_mask(table: pd.DataFrame, item_column: str, rows: Mapping | frozenset) -> np.ndarray:
    """Boolean mask of the rows of ``table`` whose (council_code, group, item) is in ``rows``."""
    keys = zip(
        table["council_code"].astype(str),
        table["group"].astype(str),
        table[item_column].astype(str),
        strict=True,
    )
    return np.array([key in rows for key in keys], dtype=bool)
