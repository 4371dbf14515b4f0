"""The give-back: publish again every complementary row the audit does not need hidden.

docs/methodology.md, section 5, and ``docs/disclosure.md``. The search of
:mod:`helpers.stats.audit.search` hides complements in *units* (a council's
officer and member rows together, a council's ``all`` row with its group rows
and its comparison with the rest of Wales) until every small cell is protected. A
unit is taken whole, although one of its rows is often enough, and a
complement taken early can be made unneeded by one taken later. The
give-back undoes that, row by row:

* the complementary rows of a block (a characteristic, or a theme) are
  tried one at a time in the order of :func:`release_order`, most valuable
  first;
* a row is published again when every small cell of the block is still
  protected with it published (and with the comparisons that follow it:
  a council's comparison with the rest of Wales is published when its
  council's and the Wales ``all`` rows of the statement are);
* passes repeat until one gives nothing back.

The pattern left is *locally minimal*: publishing any single complementary
row again would narrow a small cell. Rows are given back, never hidden, so
every cell the search protected stays protected; a row's release is judged
by the same audit as everything else, so a pass can never undo protection.

Order of release
----------------
What a reader loses most when a figure is withheld comes first:

0. a Wales ``all`` row of a statement or characteristic (the national
   figure every report compares with, and with it every council's
   comparison of that statement);
1. a council's ``all`` row of a statement or characteristic (the figure its
   report shows, and its comparison with the rest of Wales);
2. a Wales officer or member row of a statement or characteristic;
3. a council's officer or member row of a statement or characteristic;
4. to 7.: the same four for a theme row (no report shows theme rows: they
   serve the summary tables only).

Within a rank, the row resting on more answers first (more information),
then the first by key (table, council, group, item), so that the same
data always give the same order, whatever order the rows came in.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from helpers.config import GROUP_ALL, MIN_RESPONSES, WALES
from helpers.stats.audit import search
from helpers.stats.audit.bounds import Auditor
from helpers.stats.audit.model import Block
from helpers.stats.audit.records import Protection
from helpers.stats.audit.state import State
from helpers.stats.audit.vocabulary import AGREEMENT, THEMES


def release_rank(key: tuple[str, str, str, str]) -> int:
    """The rank (0 first) of a row by what its release gives back: see the module's notes."""
    table, council, group, _item = key
    rank = 0 if council == WALES else 1
    if group != GROUP_ALL:
        rank += 2
    if table == THEMES:
        rank += 4
    return rank


def release_order(keys: dict[int, tuple[tuple[str, str, str, str], int]]) -> list[int]:
    """Rows (by id) in the order they are tried: rank, then more answers, then key.

    ``keys`` maps a row's id to its key (table, council, group, item) and its
    number of answers.
    """
    return sorted(keys, key=lambda r: (release_rank(keys[r][0]), -keys[r][1], keys[r][0]))


def _follow(block: Block, original: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """The publication of the comparisons, as the agreement ``all`` rows decide it.

    A council's comparison of a statement is published when it was before
    the search, its council's ``all`` row is published and the Wales ``all``
    row is (``helpers.stats.scoring.compare_with_wales`` blanks it otherwise).
    """
    links = []
    for item, councils in block.comparisons.items():
        wales = block.index.get((AGREEMENT, WALES, GROUP_ALL, item))
        for council, r in councils.items():
            own = block.index.get((AGREEMENT, council, GROUP_ALL, item))
            if original[r] and own is not None and wales is not None:
                links.append((r, own, wales))

    def follow(published: np.ndarray) -> np.ndarray:
        out = published.copy()
        for r, own, wales in links:
            out[r] = bool(published[own] and published[wales])
        return out

    return follow


def give_back(block: Block, auditor: Auditor, published: np.ndarray) -> np.ndarray:
    """Publish again, one row at a time, every complementary row of a block the audit allows.

    Parameters
    ----------
    block, auditor
        A block (:mod:`helpers.stats.audit.model`) and its auditor.
    published : numpy.ndarray of bool
        The publication state the search reached: every small cell protected.

    Returns
    -------
    numpy.ndarray of bool
        The state after the give-back: every small cell still protected, and
        no single row hidden by the search publishable again without
        narrowing one.
    """
    follow = _follow(block, block.original())
    hidden = {r: (block.rows[r].key, block.rows[r].n) for r in block.withheld(published)}
    order = release_order(hidden)
    # Cells found narrowed by a trial are checked first in the next: a trial
    # that fails usually fails on the same few cells. (The verdict needs
    # every cell, so the order of checking changes the time, not the result.)
    suspects: list[int] = []
    audited = {
        r: {leaf for _f, leaves in block.rows[r].audited for leaf in leaves} for r in auditor.small
    }
    current = State(block, published)

    def affected(r: int, released: set[int]) -> bool:
        """Whether releasing rows can change a cell's check (else it stays protected).

        A released row changes a cell's reference if the reference reads it,
        and its bounds if one of its equations holds a leaf of the cell or
        of the cell's component: otherwise the cell's linear programme under
        the new state is the very programme it had.
        """
        if auditor.reads[r] & released:
            return True
        touched = set(audited[r])
        for leaf in audited[r]:
            if current.variable[leaf]:
                touched |= current.component(leaf)
        return any(
            leaf in touched
            for row in released
            for eq in block.rows[row].equations
            for leaf, _functional, _coef in eq.terms
        )

    def passes(state: np.ndarray) -> bool:
        released = set(np.flatnonzero(state & ~published).tolist())
        cells = suspects + [r for r in auditor.small if r not in suspects]
        failed, _checks = auditor.first_unprotected(
            State(block, state), (r for r in cells if affected(r, released)), stop=True
        )
        if failed is None:
            return True
        if failed in suspects:
            suspects.remove(failed)
        suspects.insert(0, failed)
        return False

    releases = 0  # rows given back so far
    tried_at: dict[int, int] = {}  # row -> releases when last refused
    while True:
        before = releases
        for r in order:
            if published[r] or tried_at.get(r) == releases:
                continue  # given back, or refused under this very state
            trial = published.copy()
            trial[r] = True
            trial = follow(trial)
            if passes(trial):
                published = trial
                current = State(block, published)
                releases += 1
            else:
                tried_at[r] = releases
        if releases == before:
            return published


def protect(
    maturity: pd.DataFrame,
    agreement: pd.DataFrame,
    themes: pd.DataFrame,
    comparisons: pd.DataFrame | None = None,
    *,
    min_n: int = MIN_RESPONSES,
) -> Protection:
    """Complementary suppression, then the give-back: a locally minimal pattern.

    Parameters and result as for :func:`helpers.stats.audit.search.protect`, whose search
    runs first; ``given_back`` of the result holds the rows it hid that the
    give-back published again, ``hidden`` those still hidden.
    """
    return search.protect(maturity, agreement, themes, comparisons, min_n=min_n, release=give_back)
