"""A linear programme over some hidden leaves, solved for many objectives by HiGHS.

docs/libraries.md, "HiGHS: the audit's solver". HiGHS is called through its own
Python package, ``highspy``, with the options ``scipy.optimize.linprog`` passes it.

Solving
-------
Each programme keeps one HiGHS solver whose basis carries over from one
objective to the next (a warm start): the optimum, which is unique, comes
from it. The dual values of a degenerate optimum are not unique, and they
choose the complements, so they always come from a cold start of the same
solver, as ``linprog`` would give them: the choice cannot depend on what
was solved before.
"""

from __future__ import annotations

import highspy
import numpy as np
from scipy.sparse import csc_array

from helpers.errors import AuditError
from helpers.stats.audit.vocabulary import DIM, FUNCTIONALS, THEME, THEME_CUTS, TOL


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


class Program:
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
            size += DIM[kind]
        self.size = size
        lower = np.zeros(size)
        upper = np.zeros(size)
        a_eq, b_eq, a_ub, b_ub = [], [], [], []
        self.eq_labels: list = []
        self.ub_labels: list = []
        for leaf_id, kind, n in leaves:
            o = self.offset[leaf_id]
            d = DIM[kind]
            if kind == THEME:
                lower[o : o + 2] = (n, n)
                upper[o : o + 2] = (5 * n, 25 * n)
                for j, ((ct, cq), rhs) in enumerate(THEME_CUTS):
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
            kind, coefs = FUNCTIONALS[functional]
            o = self.offset[leaf]
            out[o : o + DIM[kind]] += coef * coefs
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
        tol = TOL * max(1.0, abs(target))
        for x in self.solutions:
            value = float(c @ x)
            if (sense == 1 and value <= target + tol) or (sense == -1 and value >= target - tol):
                return True
        return False
