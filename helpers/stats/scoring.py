"""Maturity levels, agreement, theme scores and comparisons with the rest of Wales.

docs/methodology.md, sections 2 to 4. Every function is pure and vectorised: the
answers are melted once into a long table (:func:`tidy_answers`), counted once
per council, group and answer value, and every statistic is computed from
those counts, which pool exactly into the ``all`` group and the Wales rows.
Statistics here are unsuppressed; :mod:`helpers.stats.disclosure` hides small
numbers afterwards.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from helpers.config import (
    DONT_KNOW,
    GROUP_ALL,
    GROUPS,
    LIKERT_SCORES,
    MIN_RESPONSES,
    WALES,
)
from helpers.data import columns
from helpers.data.columns import (
    AGREE,
    AGREEING_ANSWERS,
    CHARACTERISTIC,
    CI_HIGH,
    CI_LOW,
    COUNCIL_CODE,
    GROUP,
    INVITED,
    KIND,
    QUESTION_ID,
    RESPONDENT,
    SCORE,
    SCORED_ANSWERS,
    SD,
    SUPPRESSED,
    THEME,
    N,
)
from helpers.stats.intervals import (
    adjust_holm,
    compare_proportions,
    t_interval_fpc,
    wilson_fpc_interval,
)

LEVEL_KIND = "level"
LIKERT_KIND = "likert"
LEVEL_VALUES = (1, 2, 3)
LIKERT_VALUES = (1, 2, 3, 4, 5)
#: Likert scores counted as agreeing (Agree, Strongly agree, after reversal).
AGREE_MIN_SCORE = 4
#: Significance level of the comparisons (after Holm's adjustment).
SIGNIFICANCE = 0.05
HIGHER = "higher"
LOWER = "lower"
SIMILAR = "similar"
SKIP_SMALL = "council_n_below_min"
SKIP_NO_REST = "no_other_council"
SKIP_WITHHELD = "wales_figure_withheld"
SKIP_COUNCIL_WITHHELD = "council_figure_withheld"
SKIP_POOLED = "pooled_proportion_0_or_1"

#: Canonical answer -> value before reversal (NaN for "Don't know").
_LEVEL_VALUE = {str(v): float(v) for v in LEVEL_VALUES} | {DONT_KNOW: np.nan}
_LIKERT_VALUE = {k: (np.nan if v is None else float(v)) for k, v in LIKERT_SCORES.items()}


def _plain(values) -> np.ndarray:
    """Return values as an object array of Python strings (categoricals undone)."""
    return np.asarray(pd.Series(values).astype(object).to_numpy(), dtype=object)


def _asked_groups(questions: pd.DataFrame) -> pd.DataFrame:
    """Return (question_id, group) for every group a question was asked of."""
    pieces = [
        questions.loc[questions["asked_of"].isin([group, "both"]), [QUESTION_ID]].assign(
            **{GROUP: group}
        )
        for group in GROUPS
    ]
    return pd.concat(pieces, ignore_index=True)


# --------------------------------------------------------------------------
# The long table of answers
# --------------------------------------------------------------------------
def tidy_answers(responses: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """Return the ``level`` and ``likert`` answers as a long table, one row per answer.

    Parameters
    ----------
    responses : pandas.DataFrame
        Wide responses: ``council_code``, ``group`` and one column per
        question with canonical answers, empty answers missing; empty
        submissions already dropped.
    questions : pandas.DataFrame
        The question bank: ``question_id``, ``kind``, ``theme``,
        ``characteristic``, ``reverse``.

    Returns
    -------
    pandas.DataFrame
        One row per non-empty answer, ordered by respondent then question:
        ``respondent`` (the row's position in ``responses``, an internal key
        that is not the respondent identifier), ``council_code``, ``group``,
        ``question_id``, ``kind``, ``theme``, ``characteristic``,
        ``answer`` and ``score``: the level (1 to 3) of a ``level`` answer,
        the score (Strongly agree 5 ... Strongly disagree 1, reversed as
        6 - score for a ``reverse`` question) of a ``likert`` answer, NaN for
        "Don't know". ``council_code``, ``group``, ``question_id``, ``kind``,
        ``theme`` and ``characteristic`` are categorical.

    Raises
    ------
    ValueError
        If an answer is not a canonical answer of its question's kind.
    """
    scored = questions[questions[KIND].isin([LEVEL_KIND, LIKERT_KIND])].reset_index(drop=True)
    ids = scored[QUESTION_ID].tolist()
    wide = responses[ids].to_numpy(dtype=object) if ids else np.empty((len(responses), 0), object)
    present = pd.notna(wide)
    rows, cols = np.nonzero(present)
    answers = wide[rows, cols]

    vocabulary = list(_LEVEL_VALUE) + [a for a in _LIKERT_VALUE if a not in _LEVEL_VALUE]
    codes = pd.Categorical(answers, categories=vocabulary).codes
    is_likert_q = (scored[KIND] == LIKERT_KIND).to_numpy()
    # value_table[kind, answer code]; NaN where the answer does not belong to the kind.
    level_row = [_LEVEL_VALUE.get(a, np.inf) for a in vocabulary]
    likert_row = [_LIKERT_VALUE.get(a, np.inf) for a in vocabulary]
    value_table = np.array([level_row, likert_row], dtype=float)
    q_likert = is_likert_q[cols].astype(int)
    values = np.where(codes >= 0, value_table[q_likert, np.maximum(codes, 0)], np.inf)
    bad = np.isinf(values)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{int(bad.sum())} answers are not valid for their question, e.g. "
            f"{answers[first]!r} for {ids[cols[first]]!r}"
        )
    reverse = scored[columns.REVERSE].fillna(False).astype(bool).to_numpy() & is_likert_q
    values = np.where(reverse[cols], 6 - values, values)

    question_cat = pd.Categorical.from_codes(cols, categories=ids)
    council = pd.Categorical(responses[COUNCIL_CODE].astype(object).to_numpy())
    group = pd.Categorical(responses[GROUP].astype(object).to_numpy(), categories=list(GROUPS))

    def per_question(column: str) -> pd.Categorical:
        labels = scored[column].astype(object).where(scored[column].notna(), None).to_numpy()
        cats = pd.Categorical(labels)
        return pd.Categorical.from_codes(cats.codes[cols], categories=cats.categories)

    return pd.DataFrame(
        {
            RESPONDENT: rows.astype(np.int64),
            COUNCIL_CODE: council[rows],
            GROUP: group[rows],
            QUESTION_ID: question_cat,
            KIND: per_question(KIND),
            THEME: per_question(THEME),
            CHARACTERISTIC: per_question(CHARACTERISTIC),
            columns.ANSWER: pd.Categorical.from_codes(codes, categories=vocabulary),
            SCORE: values,
        }
    )


def number_respondents(responses: pd.DataFrame) -> np.ndarray:
    """Return each response's sequential number within its council (1, 2, ...).

    The number follows the order of the rows; it replaces the respondent
    identifier in processed data.
    """
    return responses.groupby(COUNCIL_CODE, sort=False, observed=True).cumcount().to_numpy() + 1


# --------------------------------------------------------------------------
# Populations (people invited) behind each statistic
# --------------------------------------------------------------------------
def count_invited(invitations: pd.DataFrame, unit_groups: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Return the number invited behind each (council, group, unit), with pooled and Wales rows.

    Parameters
    ----------
    invitations : pandas.DataFrame
        ``council_code``, ``group``, ``invited``.
    unit_groups : pandas.DataFrame
        Distinct pairs (``unit``, ``group``): the groups asked each unit (a
        question, or a theme's questions).
    unit : str
        The unit column: ``question_id`` or ``theme``.

    Returns
    -------
    pandas.DataFrame
        ``council_code``, ``group``, ``unit``, ``invited``: one row per
        council, surveyed group asked the unit (``officer``, ``member``), and
        per council and unit asked of any surveyed group (``all``: the sum);
        plus ``Wales`` rows summing each over the councils. These rows are
        exactly the rows of the statistic tables.
    """
    inv = invitations[[COUNCIL_CODE, GROUP, INVITED]].copy()
    inv[COUNCIL_CODE] = inv[COUNCIL_CODE].astype(object)
    inv[GROUP] = inv[GROUP].astype(object)
    pairs = unit_groups[[unit, GROUP]].drop_duplicates().astype(object)
    by_group = inv.merge(pairs, on=GROUP, how="inner")[[COUNCIL_CODE, GROUP, unit, INVITED]]
    pooled = by_group.groupby([COUNCIL_CODE, unit], as_index=False, sort=False)[INVITED].sum()
    pooled[GROUP] = GROUP_ALL
    wales = by_group.groupby([GROUP, unit], as_index=False, sort=False)[INVITED].sum()
    wales[COUNCIL_CODE] = WALES
    wales_all = by_group.groupby(unit, as_index=False, sort=False)[INVITED].sum()
    wales_all[COUNCIL_CODE] = WALES
    wales_all[GROUP] = GROUP_ALL
    out = pd.concat([by_group, pooled, wales, wales_all], ignore_index=True)
    out[INVITED] = out[INVITED].astype(np.int64)
    return out[[COUNCIL_CODE, GROUP, unit, INVITED]]


def _count_values(answers: pd.DataFrame, kind: str, values: tuple[int, ...]) -> pd.DataFrame:
    """Count answers per (council, group, question) and value, pooled into ``all`` and Wales."""
    scored = answers[(answers[KIND] == kind) & answers[SCORE].notna()]
    counts = (
        scored.groupby([COUNCIL_CODE, GROUP, QUESTION_ID, SCORE], observed=True)
        .size()
        .unstack(SCORE, fill_value=0)
        .reindex(columns=[float(v) for v in values], fill_value=0)
    )
    counts.columns = list(values)
    counts = counts.reset_index()
    for column in (COUNCIL_CODE, GROUP, QUESTION_ID):
        counts[column] = counts[column].astype(object)
    value_columns = list(values)
    pooled = counts.groupby([COUNCIL_CODE, QUESTION_ID], as_index=False)[value_columns].sum()
    pooled[GROUP] = GROUP_ALL
    wales = counts.groupby([GROUP, QUESTION_ID], as_index=False)[value_columns].sum()
    wales[COUNCIL_CODE] = WALES
    wales_all = counts.groupby(QUESTION_ID, as_index=False)[value_columns].sum()
    wales_all[COUNCIL_CODE] = WALES
    wales_all[GROUP] = GROUP_ALL
    return pd.concat([counts, pooled, wales, wales_all], ignore_index=True)


def _moments(counts: np.ndarray, values: tuple[int, ...]):
    """Return n, mean and sd (ddof = 1) of integer values from their counts, exactly."""
    v = np.asarray(values, dtype=np.int64)
    counts = counts.astype(np.int64)
    n = counts.sum(axis=1)
    total = counts @ v
    total_sq = counts @ (v * v)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(n > 0, total / np.maximum(n, 1), np.nan)
        # n * sum(x^2) - (sum x)^2 is an exact integer; one division rounds.
        numerator = n * total_sq - total * total
        var = np.where(n > 1, numerator / (n * np.maximum(n - 1, 1)), np.nan)
    return n, mean, np.sqrt(var)


def _with_counts(skeleton: pd.DataFrame, counts: pd.DataFrame, values) -> pd.DataFrame:
    table = skeleton.merge(counts, on=[COUNCIL_CODE, GROUP, QUESTION_ID], how="left")
    for v in values:
        table[v] = table[v].fillna(0).astype(np.int64)
    return table


# --------------------------------------------------------------------------
# Maturity (section 2)
# --------------------------------------------------------------------------
def score_maturity(
    answers: pd.DataFrame, questions: pd.DataFrame, invitations: pd.DataFrame
) -> pd.DataFrame:
    """Return the maturity level of each characteristic per council and group, and for Wales.

    Parameters
    ----------
    answers : pandas.DataFrame
        The long answers of :func:`tidy_answers`.
    questions : pandas.DataFrame
        The question bank (one ``level`` question per characteristic).
    invitations : pandas.DataFrame
        ``council_code``, ``group``, ``invited``.

    Returns
    -------
    pandas.DataFrame
        ``columns.MATURITY_COLUMNS`` (``suppressed`` all false) plus ``sd`` and
        ``invited`` (the N of the finite population correction), sorted by
        (council_code, group, characteristic). Groups ``officer``, ``member``
        and ``all``; ``Wales`` rows pool every council. ``n`` counts answers
        1, 2 or 3; ``mean_level`` and ``sd`` (ddof = 1) their mean and
        standard deviation; ``ci_low``/``ci_high`` the t interval with finite
        population correction; ``level`` 1 if mean < 1.5, 2 if
        1.5 <= mean < 2.5, else 3; ``n_level_1`` to ``n_level_3`` how many
        chose each level. A group surveyed and asked with no answers has
        ``n = 0`` and empty statistics.

    Notes
    -----
    N is the number invited from the groups asked the question: the group's
    own for ``officer``/``member``, the sum over the council's surveyed groups
    asked it for ``all``, and the sums over councils for Wales.

    References
    ----------
    .. [1] Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed., Wiley,
       section 2.6 (finite population correction).
    """
    level_q = questions[questions[KIND] == LEVEL_KIND]
    skeleton = count_invited(invitations, _asked_groups(level_q), QUESTION_ID)
    counts = _count_values(answers, LEVEL_KIND, LEVEL_VALUES)
    table = _with_counts(skeleton, counts, LEVEL_VALUES)
    n, mean, sd = _moments(table[list(LEVEL_VALUES)].to_numpy(), LEVEL_VALUES)
    table[N] = n
    table[columns.MEAN_LEVEL] = mean
    table[SD] = sd
    table[CI_LOW], table[CI_HIGH] = t_interval_fpc(mean, sd, n, table[INVITED].to_numpy())
    level = pd.array(np.select([mean < 1.5, mean < 2.5], [1, 2], default=3), dtype="Int64")
    level[n == 0] = pd.NA
    table[columns.LEVEL] = level
    for v, column in zip(LEVEL_VALUES, columns.N_LEVEL, strict=True):
        table[column] = table[v].astype(np.int64)
    characteristic = level_q.set_index(QUESTION_ID)[CHARACTERISTIC]
    table[CHARACTERISTIC] = table[QUESTION_ID].map(characteristic).astype(object)
    table[SUPPRESSED] = False
    return _sorted(table, columns.MATURITY_KEY, (*columns.MATURITY_COLUMNS, SD, INVITED))


# --------------------------------------------------------------------------
# Agreement (section 3)
# --------------------------------------------------------------------------
def score_agreement(
    answers: pd.DataFrame, questions: pd.DataFrame, invitations: pd.DataFrame
) -> pd.DataFrame:
    """Return agreement with each statement per council and group, and for Wales.

    Parameters
    ----------
    answers : pandas.DataFrame
        The long answers of :func:`tidy_answers` (reversal already applied).
    questions : pandas.DataFrame
        The question bank.
    invitations : pandas.DataFrame
        ``council_code``, ``group``, ``invited``.

    Returns
    -------
    pandas.DataFrame
        ``columns.AGREEMENT_COLUMNS`` (``suppressed`` all false) plus ``invited``,
        sorted by (council_code, group, question_id). ``n`` scored answers
        ("Don't know" and blanks excluded); ``agree`` those scoring 4 or 5;
        ``agree_pct`` = agree / n with its Wilson interval with finite
        population correction; ``mean_score`` the mean score.

    Notes
    -----
    N as in :func:`score_maturity`: the people invited from the groups that
    were asked the statement.

    References
    ----------
    .. [1] Wilson, E. B. (1927). Probable inference, the law of succession, and
       statistical inference. *JASA* 22(158), 209-212.
    .. [2] Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed., Wiley,
       section 3.2.
    """
    likert_q = questions[questions[KIND] == LIKERT_KIND]
    skeleton = count_invited(invitations, _asked_groups(likert_q), QUESTION_ID)
    counts = _count_values(answers, LIKERT_KIND, LIKERT_VALUES)
    table = _with_counts(skeleton, counts, LIKERT_VALUES)
    n, mean, _sd = _moments(table[list(LIKERT_VALUES)].to_numpy(), LIKERT_VALUES)
    agree = table[[v for v in LIKERT_VALUES if v >= AGREE_MIN_SCORE]].sum(axis=1).to_numpy()
    table[N] = n
    table[AGREE] = agree.astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        table[columns.AGREE_PCT] = np.where(n > 0, agree / np.maximum(n, 1), np.nan)
    table[CI_LOW], table[CI_HIGH] = wilson_fpc_interval(
        table[columns.AGREE_PCT].to_numpy(), n, table[INVITED].to_numpy()
    )
    table[columns.MEAN_SCORE] = mean
    table[THEME] = table[QUESTION_ID].map(likert_q.set_index(QUESTION_ID)[THEME]).astype(object)
    table[SUPPRESSED] = False
    return _sorted(table, columns.AGREEMENT_KEY, (*columns.AGREEMENT_COLUMNS, INVITED))


# --------------------------------------------------------------------------
# Themes (section 3)
# --------------------------------------------------------------------------
def score_themes(
    answers: pd.DataFrame, questions: pd.DataFrame, invitations: pd.DataFrame
) -> pd.DataFrame:
    """Return the theme score and theme agreement per council, group and theme, and for Wales.

    Parameters
    ----------
    answers : pandas.DataFrame
        The long answers of :func:`tidy_answers`.
    questions : pandas.DataFrame
        The question bank.
    invitations : pandas.DataFrame
        ``council_code``, ``group``, ``invited``.

    Returns
    -------
    pandas.DataFrame
        ``columns.THEME_COLUMNS`` (``suppressed`` all false) plus ``sd``,
        ``invited``, ``scored_answers`` and ``agreeing_answers``, sorted by
        (council_code, group, theme). ``n`` = respondents with at least one
        scored ``likert`` answer in the theme; ``theme_score`` = the mean over
        those respondents of each one's mean score in the theme, with the t
        interval with finite population correction; ``theme_agree_pct`` =
        agreeing answers / scored answers in the theme.

    Notes
    -----
    N is the number invited from the groups asked at least one of the theme's
    ``likert`` questions. A theme with no ``likert`` question has no rows.

    References
    ----------
    .. [1] Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed., Wiley,
       section 2.6.
    """
    likert_q = questions[questions[KIND] == LIKERT_KIND]
    asked = _asked_groups(likert_q)
    asked[THEME] = asked[QUESTION_ID].map(likert_q.set_index(QUESTION_ID)[THEME])
    skeleton = count_invited(invitations, asked[[THEME, GROUP]], THEME)

    scored = answers[(answers[KIND] == LIKERT_KIND) & answers[SCORE].notna()]
    per_person = pd.DataFrame(
        {
            RESPONDENT: scored[RESPONDENT].to_numpy(),
            THEME: scored[THEME].astype(object).to_numpy(),
            SCORE: scored[SCORE].to_numpy(),
            AGREEING_ANSWERS: (scored[SCORE] >= AGREE_MIN_SCORE).to_numpy().astype(np.int64),
        }
    )
    person = (
        per_person.groupby([RESPONDENT, THEME], sort=False)
        .agg(
            total=(SCORE, "sum"),
            scored_answers=(SCORE, "size"),
            agreeing_answers=(AGREEING_ANSWERS, "sum"),
        )
        .reset_index()
    )
    first = scored.drop_duplicates(RESPONDENT).set_index(RESPONDENT)
    person[COUNCIL_CODE] = person[RESPONDENT].map(first[COUNCIL_CODE].astype(object))
    person[GROUP] = person[RESPONDENT].map(first[GROUP].astype(object))
    person["respondent_mean"] = person["total"] / person[SCORED_ANSWERS]

    key_sets = [
        ([COUNCIL_CODE, GROUP, THEME], {}),
        ([COUNCIL_CODE, THEME], {GROUP: GROUP_ALL}),
        ([GROUP, THEME], {COUNCIL_CODE: WALES}),
        ([THEME], {COUNCIL_CODE: WALES, GROUP: GROUP_ALL}),
    ]
    pieces = []
    for keys, constants in key_sets:
        piece = person.groupby(keys, as_index=False, sort=False).agg(
            n=("respondent_mean", "size"),
            theme_score=("respondent_mean", "mean"),
            sd=("respondent_mean", "std"),
            scored_answers=(SCORED_ANSWERS, "sum"),
            agreeing_answers=(AGREEING_ANSWERS, "sum"),
        )
        pieces.append(piece.assign(**constants))
    stats = pd.concat(pieces, ignore_index=True) if pieces else None
    table = skeleton.merge(stats, on=[COUNCIL_CODE, GROUP, THEME], how="left")
    for column in (N, SCORED_ANSWERS, AGREEING_ANSWERS):
        table[column] = table[column].fillna(0).astype(np.int64)
    table[CI_LOW], table[CI_HIGH] = t_interval_fpc(
        table[columns.THEME_SCORE].to_numpy(float),
        table[SD].to_numpy(float),
        table[N].to_numpy(),
        table[INVITED].to_numpy(),
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        table[columns.THEME_AGREE_PCT] = np.where(
            table[SCORED_ANSWERS] > 0,
            table[AGREEING_ANSWERS] / np.maximum(table[SCORED_ANSWERS], 1),
            np.nan,
        )
    table[SUPPRESSED] = False
    return _sorted(
        table,
        columns.THEME_KEY,
        (*columns.THEME_COLUMNS, SD, INVITED, SCORED_ANSWERS, AGREEING_ANSWERS),
    )


# --------------------------------------------------------------------------
# Comparisons with the rest of Wales (section 4)
# --------------------------------------------------------------------------
def compare_with_wales(
    agreement: pd.DataFrame,
    min_n: int = MIN_RESPONSES,
    *,
    withheld: Collection[str] = (),
    withheld_councils: Collection[tuple[str, str]] = (),
) -> pd.DataFrame:
    """Return each council's agreement with each statement against the rest of Wales.

    Parameters
    ----------
    agreement : pandas.DataFrame
        The unsuppressed table of :func:`score_agreement` (its ``all`` rows
        are used: the council's and the Wales ``n`` and ``agree``).
    min_n : int, default ``config.MIN_RESPONSES``
        Smallest council ``n`` tested (and published).
    withheld : collection of str, optional
        Questions whose Wales figure is withheld by disclosure control
        (:func:`helpers.stats.disclosure.protect_wales_rows`): not compared, since
        the rest of Wales would give the withheld figure back.
    withheld_councils : collection of (council_code, question_id), optional
        Council ``all`` figures withheld by complementary suppression
        (:mod:`helpers.stats.audit`): not compared, since the comparison would print
        them.

    Returns
    -------
    pandas.DataFrame
        ``columns.COMPARISON_COLUMNS`` plus ``skip_reason``, one row per council and
        ``likert`` question asked of at least one group the council surveyed,
        sorted by (council_code, question_id). ``council_agree_pct`` and
        ``rest_agree_pct`` (empty when the council's n < ``min_n``, since the
        published Wales figure minus the rest would give the council's
        back, or when the question is ``withheld``); ``rest_agree_pct`` is
        the pooled agree / n of every other council (empty when no other
        council has answers); ``z`` and ``p_value`` of the pooled
        two-proportion z-test (two-sided); ``p_adjusted`` Holm-adjusted within
        the council's tested questions; ``difference`` ``higher``/``lower``
        where p_adjusted < 0.05, else ``similar``. Skipped rows (council n <
        ``min_n``, Wales figure withheld, no answers elsewhere, pooled
        proportion 0 or 1) have those four cells empty, are left out of the
        Holm family, and say why in ``skip_reason`` (the council's figure
        withheld by complementary suppression: ``council_figure_withheld``).

    References
    ----------
    .. [1] Holm, S. (1979). A simple sequentially rejective multiple test
       procedure. *Scandinavian Journal of Statistics* 6(2), 65-70.
    """
    pooled = agreement[agreement[GROUP] == GROUP_ALL]
    wales = pooled[pooled[COUNCIL_CODE] == WALES].set_index(QUESTION_ID)
    table = pooled.loc[pooled[COUNCIL_CODE] != WALES, [COUNCIL_CODE, QUESTION_ID, N, AGREE]]
    table = table.copy()
    council_n = table[N].to_numpy(np.int64)
    council_agree = table[AGREE].astype("float").to_numpy()
    rest_n = table[QUESTION_ID].map(wales[N]).to_numpy(np.int64) - council_n
    rest_agree = table[QUESTION_ID].map(wales[AGREE].astype(float)).to_numpy() - council_agree

    small = council_n < min_n
    pairs = set(withheld_councils)
    own_hidden = np.array(
        [(c, q) in pairs for c, q in zip(table[COUNCIL_CODE], table[QUESTION_ID], strict=True)],
        dtype=bool,
    )
    hidden = table[QUESTION_ID].isin(list(withheld)).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        blank = small | own_hidden | hidden
        table[columns.COUNCIL_AGREE_PCT] = np.where(blank, np.nan, council_agree / council_n)
        table[columns.REST_AGREE_PCT] = np.where(blank | (rest_n <= 0), np.nan, rest_agree / rest_n)
        pooled_p = (council_agree + rest_agree) / (council_n + rest_n)
    reason = np.select(
        [small, own_hidden, hidden, rest_n <= 0, (pooled_p <= 0) | (pooled_p >= 1)],
        [SKIP_SMALL, SKIP_COUNCIL_WITHHELD, SKIP_WITHHELD, SKIP_NO_REST, SKIP_POOLED],
        default="",
    ).astype(object)
    tested = reason == ""
    z = np.full(len(table), np.nan)
    p = np.full(len(table), np.nan)
    if tested.any():
        z[tested], p[tested] = compare_proportions(
            council_agree[tested], council_n[tested], rest_agree[tested], rest_n[tested]
        )
    table[columns.Z] = z
    table[columns.P_VALUE] = p
    table[columns.P_ADJUSTED] = adjust_holm(p, families=table[COUNCIL_CODE].to_numpy())
    p_adj = table[columns.P_ADJUSTED].to_numpy()
    difference = np.where(p_adj < SIGNIFICANCE, np.where(z > 0, HIGHER, LOWER), SIMILAR)
    difference = difference.astype(object)
    difference[~tested] = None
    table[columns.DIFFERENCE] = difference
    table[columns.SKIP_REASON] = reason
    return _sorted(
        table, columns.COMPARISON_KEY, (*columns.COMPARISON_COLUMNS, columns.SKIP_REASON)
    )


def _sorted(table: pd.DataFrame, key, names) -> pd.DataFrame:
    out = table.loc[:, list(names)].copy()
    for column in key:
        out[column] = out[column].astype(object)
    return out.sort_values(list(key), kind="stable").reset_index(drop=True)
