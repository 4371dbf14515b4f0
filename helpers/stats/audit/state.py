"""The equations of a block under one publication state, and the linear programmes they make.

Within a block (:mod:`helpers.stats.audit.model`), published leaves are
constants; the hidden leaves fall into connected components (leaves linked
by a published equation) and each bound is a small linear programme
(:mod:`helpers.stats.audit.program`) over the components it touches.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from helpers.errors import AuditError
from helpers.stats.audit.model import Block
from helpers.stats.audit.program import Program
from helpers.stats.audit.vocabulary import TOL


class State:
    """The equations of a block under one publication state, worked out lazily.

    A leaf is a constant when its own row is published and that row gives
    every functional other equations use of it; otherwise its unknowns are
    variables. The hidden leaves linked to a given leaf by published
    equations (its component) are found by a breadth-first search, so that a
    trial suppression costs only the part of the block it touches.
    """

    def __init__(self, block: Block, published: np.ndarray):
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
        self.programs: dict[frozenset[int], Program] = {}

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

    def program(self, leaves: Iterable[int]) -> Program:
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
                if abs(rhs - rhs0) > TOL * max(1.0, abs(rhs0)):
                    raise AuditError(
                        "the published figures contradict each other "
                        f"({block.rows[origin[0]].key if origin[0] >= 0 else 'a link'})"
                    )
                equations[k] = (terms, rhs0, sources + (origin,), consts0 + consts)
                continue
            seen[terms] = len(equations)
            equations.append((terms, rhs, (origin,), consts))
        program = Program(
            [(leaf, block.leaves[leaf].kind, block.leaves[leaf].n) for leaf in sorted(members)],
            [(terms, rhs) for terms, rhs, _s, _c in equations],
            labels=[("eq", sources) for _t, _r, sources, _c in equations],
        )
        program.equation_of = {("eq", e[2]): e for e in equations}
        self.programs[key] = program
        return program
