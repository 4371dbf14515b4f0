"""The search for complementary suppressions, block by block, to a fixed point: :func:`protect`.

docs/methodology.md, section 5, and docs/disclosure.md. Where the audit
(:mod:`helpers.stats.audit.bounds`) finds a small cell not protected,
:func:`protect` hides units of complementary suppression
(:mod:`helpers.stats.audit.units`), choosing those that lose least
information, until every small cell is protected.

For the first unprotected small cell (by key), the candidates
are the units of the published equations that bind its narrowed bounds (the
non-zero dual values of the linear programme) and of the published leaves in
them; the first candidate that protects the cell is taken, else the one that
widens its bounds most, else the first. Hiding only relaxes equations, so a
protected cell stays protected (unless its own council's rows are hidden,
which widens its reference: it is checked again); the search repeats until no
small cell is unprotected. Everything is ordered by key, so the same data give
the same choice. Units are taken whole, although one of their rows is often
enough: after this fixed point, :mod:`helpers.stats.giveback` publishes again,
row by row, every complement the audit does not need (``release``).

Dual values are worked out only for the cell being protected, and a cell
suppression may have changed is checked again only when the scan in key
order reaches it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from helpers.config import MIN_RESPONSES
from helpers.errors import AuditError
from helpers.stats.audit.bounds import Auditor, deficit, protected
from helpers.stats.audit.model import Block
from helpers.stats.audit.records import AuditResult, Protection
from helpers.stats.audit.state import State
from helpers.stats.audit.tables import prepare
from helpers.stats.audit.units import all_units, candidate_units, hide, unit_rows
from helpers.stats.audit.vocabulary import AGREEMENT, MATURITY, THEMES, TOL

#: Candidate units tried for one unprotected cell before settling for the best.
MAX_TRIALS = 8


def search_block(block: Block, min_n: int):
    """The search for complements in one block, to its fixed point.

    Returns the auditor, the audit before, the publication state reached,
    the checks of every small cell under it (all protected) and the units
    hidden.
    """
    auditor = Auditor(block, min_n)
    published = block.original()
    system, checks = auditor.audit(published)
    before = [auditor.cell(checks[r]) for r in auditor.small]
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
            if not protected(checks[r]):
                u = r
                break
        if u is None:
            break
        # Its narrowed bounds with the dual values proving them: they choose
        # its complements.
        current = checks[u] if checks[u].certified else auditor.check(system, u)
        candidates, direct = candidate_units(block, current, published)
        candidates = candidates or all_units(block, published)
        if not candidates:  # pragma: no cover - everything hidden is always protected
            raise AuditError(f"no suppression protects {block.rows[u].key}")
        best = None
        accepted = None
        trials = 0
        for unit in candidates:
            trial = hide(block, published, unit)
            trial_system = State(block, trial)
            program = trial_system.program(leaf for _f, ls in block.rows[u].audited for leaf in ls)
            if auditor.still_narrowed(trial_system, program, u, current):
                continue  # the old dual values still prove a bound narrowed: no use
            trials += 1
            if trials > MAX_TRIALS:
                break
            # The bounds found narrowed first, giving up as soon as one still is.
            check = auditor.check(trial_system, u, first=current.narrowed, stop=True, certify=False)
            if protected(check):
                accepted = unit
                break
            gain = deficit(current, current.narrowed) - deficit(check, current.narrowed)
            if gain > TOL and (best is None or gain > best[0] + TOL):
                best = (gain, unit)
        how = "protects"
        if accepted is None:
            # No one unit helps: hide an equation that binds (it must go, or be
            # loosened by several units); the cheapest such, else the cheapest.
            how = "widens" if best is not None else "binding"
            accepted = best[1] if best is not None else (direct or candidates)[0]
        chosen.append(accepted)
        taken_for[accepted] = u
        if how != "protects":
            doubtful.append(accepted)
        hidden_now = set(unit_rows(block, accepted))
        published = hide(block, published, accepted)
        stale.update(
            r for r in auditor.small if not protected(checks[r]) or auditor.reads[r] & hidden_now
        )
        system = State(block, published)
    # Give back, last first, each unit taken on trust that the others make unneeded.
    original = block.original()
    for unit in reversed(doubtful):
        others = {r for u in chosen if u != unit for r in unit_rows(block, u)}
        trial = published.copy()
        for r in unit_rows(block, unit):
            if original[r] and r not in others:
                trial[r] = True
        # The cell the unit was taken for first: the give-back fails at the
        # first cell it leaves unprotected.
        trial_system = State(block, trial)
        cells = sorted(auditor.small, key=lambda r: r != taken_for[unit])
        failed, trial_checks = auditor.first_unprotected(trial_system, cells)
        if failed is None:
            published, checks, system = trial, trial_checks, trial_system
            chosen.remove(unit)
    return auditor, before, published, checks, chosen


def protect(
    maturity: pd.DataFrame,
    agreement: pd.DataFrame,
    themes: pd.DataFrame,
    comparisons: pd.DataFrame | None = None,
    *,
    min_n: int = MIN_RESPONSES,
    release: Callable[[Block, Auditor, np.ndarray], np.ndarray] | None = None,
) -> Protection:
    """Choose complementary suppressions until the audit passes.

    Parameters
    ----------
    maturity, agreement, themes, comparisons : pandas.DataFrame
        As for :func:`helpers.stats.audit.bounds.audit`: the tables after
        primary, secondary and Wales suppression. A comparison follows the
        agreement rows it is made from: it is withdrawn with the council's or
        the Wales ``all`` row.
    min_n : int, default ``config.MIN_RESPONSES``
    release : callable, optional
        Run on each block after the search, with the block, its auditor and
        the publication state reached: returns a state that publishes again
        some of the rows hidden, every small cell still protected
        (:func:`helpers.stats.giveback.give_back`, which
        :func:`helpers.stats.giveback.protect` passes here).

    Returns
    -------
    Protection
        The rows to suppress as ``complementary``, per table, those given
        back by ``release``, and the audits before and after. ``after.passed``
        is true.

    Notes
    -----
    Greedy and deterministic: see this module's documentation and that of
    :mod:`helpers.stats.audit.units`. Suppressing only removes equations, so the attacker's
    bounds only widen and a protected cell stays protected; the search ends
    because each step hides at least one more row, and a block with every row
    hidden is protected.
    """
    tables = (MATURITY, AGREEMENT, THEMES)
    before, after, units = [], [], []
    hidden: dict[str, set] = {t: set() for t in tables}
    given: dict[str, set] = {t: set() for t in tables}
    for block in prepare(maturity, agreement, themes, comparisons):
        auditor, b, published, checks, chosen = search_block(block, min_n)
        taken = [block.rows[r].key for r in block.withheld(published)]
        if release is not None:
            published = release(block, auditor, published)
            checks = auditor.audit(published)[1]
        before.extend(b)
        after.extend(auditor.cell(checks[r]) for r in auditor.small)
        still = {block.rows[r].key for r in block.withheld(published)}
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
