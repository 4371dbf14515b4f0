"""The audit's vocabulary: the tables, the kinds of leaf, their functionals and audited counts.

A *leaf* is one council's ``officer`` or ``member`` row of one statistic
(:mod:`helpers.stats.audit.model`). Its hidden unknowns depend on its kind:
the answers at levels 1 to 3 (maturity), at scores 1 to 5 (agreement), or
the sum ``T`` of the respondents' mean scores and the sum ``Q`` of their
squares (themes). A *functional* is a linear function of a leaf's unknowns
that a published figure fixes or that the audit bounds.
"""

from __future__ import annotations

import numpy as np

MATURITY = "maturity"
AGREEMENT = "agreement"
THEMES = "themes"
COMPARISONS = "comparisons"
#: The statistic tables the audit may suppress in, and their item column.
ITEM_COLUMNS = {MATURITY: "characteristic", AGREEMENT: "question_id", THEMES: "theme"}

# Kinds of leaf and the number of unknowns of each.
LEVEL, LIKERT, THEME = "level", "likert", "theme"
DIM = {LEVEL: 3, LIKERT: 5, THEME: 2}
KIND_OF_TABLE = {MATURITY: LEVEL, AGREEMENT: LIKERT, THEMES: THEME}

#: Linear functionals of a leaf: name -> (kind, coefficients).
FUNCTIONALS: dict[str, tuple[str, np.ndarray]] = {
    **{f"n_level_{k}": (LEVEL, np.eye(3)[k - 1]) for k in (1, 2, 3)},
    **{f"score_{s}": (LIKERT, np.eye(5)[s - 1]) for s in (1, 2, 3, 4, 5)},
    "agree": (LIKERT, np.array([0.0, 0, 0, 1, 1])),
    "score_sum": (LIKERT, np.arange(1.0, 6.0)),
    "score_squares": (LIKERT, np.arange(1.0, 6.0) ** 2),
    "theme_sum": (THEME, np.array([1.0, 0.0])),
    "theme_squares": (THEME, np.array([0.0, 1.0])),
}
#: Functionals whose value is a count of answers (compared as whole numbers).
COUNTS = frozenset(f for f in FUNCTIONALS if not f.startswith("theme_"))
#: What a published leaf row makes known about its leaf.
LEAF_PUBLISHES = {
    LEVEL: ("n_level_1", "n_level_2", "n_level_3"),
    LIKERT: ("agree", "score_sum"),
    THEME: ("theme_sum", "theme_squares"),
}
#: Hidden counts audited for a small cell of each table: (name, leaf kind, functional).
AUDITED = {
    MATURITY: (("n_level_1", LEVEL), ("n_level_2", LEVEL), ("n_level_3", LEVEL)),
    AGREEMENT: (
        ("score_1", LIKERT),
        ("score_2", LIKERT),
        ("score_3", LIKERT),
        ("score_4", LIKERT),
        ("score_5", LIKERT),
        ("agree", LIKERT),
    ),
    THEMES: (("agree", LIKERT), ("theme_sum", THEME), ("theme_squares", THEME)),
}
#: Respondent mean scores lie in [1, 5]: T in [n, 5n], Q in [n, 25n], and the
#: chord and tangents of m -> m^2 bound Q by T (coefficients of (T, Q) <= rhs * n).
THEME_CUTS = [((-6.0, 1.0), -5.0)] + [((2.0 * k, -1.0), float(k * k)) for k in range(1, 6)]
#: Tolerance of comparisons of bounds, and of published figures that say the same.
TOL = 1e-6
