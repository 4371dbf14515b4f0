"""The attacker's bounds of every small cell, against its reference bounds: :func:`audit`.

docs/methodology.md, section 5, "Audit against every published figure".
:func:`audit` writes every published figure as a linear equation on hidden
counts (:mod:`helpers.stats.audit.tables`) and bounds each hidden count of
each small cell (a suppressed row with ``0 < n < 5``) by linear programming.

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
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.config import MIN_RESPONSES
from helpers.stats.audit.model import Block
from helpers.stats.audit.program import Program
from helpers.stats.audit.records import AuditResult, CellAudit, CountBounds
from helpers.stats.audit.reference import reference_bounds, reference_rows
from helpers.stats.audit.state import State
from helpers.stats.audit.tables import prepare
from helpers.stats.audit.vocabulary import COUNTS, TOL


@dataclass(frozen=True)
class CellCheck:
    """The bounds of one small cell under a publication state, and what proves them."""

    row: int
    counts: list[CountBounds | None]  # None: not worked out (a trial stopped early)
    binding: set[tuple[int, int]]  # (row, equation) of binding equations of narrowed bounds
    consts: set[tuple[int, tuple]]  # published leaves in those equations, with the equations
    narrowed: list[tuple[int, int]]  # (count, sense) found narrowed
    #: dual values proving each narrowed bound, by ("row", r), ("leaf", id), ("cut", id, j)
    certificates: dict[tuple[int, int], dict] = field(default_factory=dict)
    #: whether ``binding``, ``consts`` and ``certificates`` were worked out
    certified: bool = False


class Auditor:
    """Audits the small cells of one block under publication states."""

    def __init__(self, block: Block, min_n: int):
        self.block = block
        self.min_n = min_n
        self.small = [
            r
            for r, row in enumerate(block.rows)
            if row.audited and 0 < row.n < min_n and not row.published
        ]
        #: For each small cell, the rows its reference bounds read.
        self.depends = {r: reference_rows(block, r) for r in self.small}
        #: The same rows as sets, to meet the rows a suppression hides or a release publishes.
        self.reads = {r: set(rows.tolist()) for r, rows in self.depends.items()}
        self._reference: dict[tuple[int, bytes], list[tuple[float, float]]] = {}

    def reference(self, r: int, eff: np.ndarray) -> list[tuple[float, float]]:
        """Row ``r``'s reference bounds under ``eff`` (once per state of the rows they read)."""
        key = (r, eff[self.depends[r]].tobytes())
        if key not in self._reference:
            self._reference[key] = reference_bounds(self.block, r, eff)
        return self._reference[key]

    def objective(self, system: State, program: Program, r: int, i: int):
        """(coefficients, constant) of audited count ``i`` of row ``r``."""
        functional, ls = self.block.rows[r].audited[i]
        # A published leaf in a small cell (never, after secondary suppression) is a constant.
        fixed = sum(system.known[leaf][functional] for leaf in ls if not system.variable[leaf])
        c = program.vector([(leaf, functional, 1.0) for leaf in ls if system.variable[leaf]])
        return c, fixed

    def still_narrowed(self, system: State, program: Program, r: int, check: CellCheck) -> bool:
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
            if not _narrowed(bound, sense, refs[i], functional in COUNTS):
                return False
        return True

    def check(
        self,
        system: State,
        r: int,
        first: Iterable[tuple[int, int]] = (),
        stop: bool = False,
        certify: bool = True,
    ) -> CellCheck:
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
            if _narrowed(value, sense, refs[i], functional in COUNTS):
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
                        functional in COUNTS,
                    )
                )
            else:
                counts.append(None)
        return CellCheck(r, counts, binding, consts, narrowed_list, certificates, certify)

    def audit(self, published: np.ndarray, rows: Iterable[int] | None = None):
        """Check ``rows`` (default: every small cell) without certificates: (state, checks)."""
        system = State(self.block, published)
        rows = self.small if rows is None else rows
        return system, {r: self.check(system, r, certify=False) for r in rows}

    def first_unprotected(
        self, system: State, rows: Iterable[int], stop: bool = False
    ) -> tuple[int | None, dict[int, CellCheck]]:
        """Check ``rows`` in their order (without certificates) until one is not protected.

        Returns that row (None when every one is protected) and the checks
        made, by row. With ``stop``, each check gives up at its first
        narrowed bound (see :meth:`check`).
        """
        checks = {}
        for r in rows:
            checks[r] = self.check(system, r, stop=stop, certify=False)
            if not protected(checks[r]):
                return r, checks
        return None, checks

    def cell(self, check: CellCheck) -> CellAudit:
        table, council, group, item = self.block.rows[check.row].key
        return CellAudit(
            table, council, group, item, self.block.rows[check.row].n, tuple(check.counts)
        )


def _narrowed(value: float, sense: int, ref: tuple[float, float], count: bool) -> bool:
    """Whether a lower (sense 1) or upper (-1) bound is narrower than the reference."""
    ref_lo, ref_hi = ref
    if count:
        if sense == 1:
            return math.ceil(value - TOL) > math.ceil(ref_lo - TOL)
        return math.floor(value + TOL) < math.floor(ref_hi + TOL)
    tol = TOL * max(1.0, abs(ref_hi))
    return value > ref_lo + tol if sense == 1 else value < ref_hi - tol


def protected(check: CellCheck) -> bool:
    return not check.narrowed and all(c is not None for c in check.counts)


def deficit(check: CellCheck, targets: Iterable[tuple[int, int]]) -> float:
    """How far the given (count, sense) bounds fall short of the reference."""
    total = 0.0
    for i, sense in targets:
        c = check.counts[i]
        if c is None:
            return math.inf
        total += max(0.0, c.low - c.ref_low) if sense == 1 else max(0.0, c.ref_high - c.high)
    return total


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
    The equations are in :mod:`helpers.stats.audit.tables`; the reference
    bounds and the definition of *protected* in this module's documentation.
    """
    cells = []
    for block in prepare(maturity, agreement, themes, comparisons):
        auditor = Auditor(block, min_n)
        published = block.original()
        _system_, checks = auditor.audit(published)
        cells.extend(auditor.cell(checks[r]) for r in auditor.small)
    return AuditResult(tuple(sorted(cells, key=lambda c: c.key)))
