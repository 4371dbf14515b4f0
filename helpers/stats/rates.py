"""Response rates, completeness and funnel-plot limits (docs/methodology.md, section 1).

Pure functions of the raw tables (plain DataFrames as ``contract`` loads
them); nothing here reads or writes files.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.config import (
    COMPLETE_THRESHOLD,
    GROUP_TOTAL,
    GROUPS,
    PARTIAL_THRESHOLD,
    WALES,
    Z_95,
    Z_998,
)
from helpers.data.columns import (
    ANSWERED,
    APPLICABLE,
    CI_HIGH,
    CI_LOW,
    COMPLETENESS,
    COMPLETES,
    COUNCIL_CODE,
    FUNNEL,
    GROUP,
    INVITED,
    MEASURE,
    PARTIALS,
    PCT,
    PUBLIC_SURVEY_COLUMNS,
    RESPONSE_RATE,
    RESPONSE_RATE_COLUMNS,
    RESPONSE_RATE_KEY,
    RESPONSES,
    RR1,
    RR2,
    WEIGHT,
    N,
)
from helpers.stats.intervals import kish_effective_n, wilson_interval

# Completeness of one response (AAPOR).
COMPLETE = "complete"
PARTIAL = "partial"
BREAK_OFF = "break_off"

# Funnel-plot classes.
FUNNEL_HIGH = "high"
FUNNEL_LOW = "low"
FUNNEL_HIGH_95 = "high_95"
FUNNEL_LOW_95 = "low_95"
FUNNEL_WITHIN = "within"

#: Question kinds that count towards completeness.
SCORED_KINDS = ("level", "likert")


def asked_matrix(questions: pd.DataFrame, question_ids, groups) -> np.ndarray:
    """Return a boolean matrix: was question j asked of the group of row i?

    Parameters
    ----------
    questions : pandas.DataFrame
        The question bank (``question_id``, ``asked_of``).
    question_ids : sequence of str
        The questions, in column order.
    groups : array_like of str
        The group of each row (``officer`` or ``member``).

    Returns
    -------
    ndarray of bool, shape (len(groups), len(question_ids))
    """
    asked_of = questions.set_index("question_id")["asked_of"].reindex(list(question_ids))
    asked_of = asked_of.to_numpy(dtype=object)
    groups = np.asarray(groups, dtype=object)
    return (asked_of[None, :] == "both") | (asked_of[None, :] == groups[:, None])


def measure_completeness(responses: pd.DataFrame, questions: pd.DataFrame) -> pd.DataFrame:
    """Return how complete each response is, after AAPOR's Standard Definitions.

    Parameters
    ----------
    responses : pandas.DataFrame
        Wide responses (``group`` and one column per question; empty answers
        missing), empty submissions already dropped.
    questions : pandas.DataFrame
        The question bank (``question_id``, ``kind``, ``asked_of``).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``responses``: ``applicable`` (the ``level`` and
        ``likert`` questions asked of the respondent's group), ``answered``
        (those with any answer, "Don't know" included) and ``completeness``:
        ``complete`` if answered / applicable >= 0.8, ``partial`` if >= 0.5,
        else ``break_off``. A respondent with no applicable question is a
        break-off.

    References
    ----------
    .. [1] The American Association for Public Opinion Research (2023).
       *Standard Definitions: Final Dispositions of Case Codes and Outcome
       Rates for Surveys*, 10th ed., AAPOR (complete and partial interviews;
       response rates RR1 and RR2).
    """
    scored = questions.loc[questions["kind"].isin(SCORED_KINDS), "question_id"].tolist()
    applicable = asked_matrix(questions, scored, responses[GROUP].to_numpy(dtype=object))
    given = responses[scored].notna().to_numpy() if scored else np.zeros_like(applicable)
    n_applicable = applicable.sum(axis=1)
    n_answered = (given & applicable).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(n_applicable > 0, n_answered / np.maximum(n_applicable, 1), 0.0)
    status = np.select(
        [share >= COMPLETE_THRESHOLD, share >= PARTIAL_THRESHOLD],
        [COMPLETE, PARTIAL],
        default=BREAK_OFF,
    ).astype(object)
    status[n_applicable == 0] = BREAK_OFF
    return pd.DataFrame(
        {APPLICABLE: n_applicable, ANSWERED: n_answered, COMPLETENESS: status},
        index=responses.index,
    )


def funnel_limits(p0, N, z):
    """Return the funnel-plot control limits around a target proportion.

    Parameters
    ----------
    p0 : float or array_like
        Target proportion (the Wales rate of the group).
    N : int or array_like
        Denominator of each unit (people invited).
    z : float
        Standard normal quantile: ``config.Z_95`` or ``config.Z_998``.

    Returns
    -------
    low, high : float or ndarray
        ``p0 -/+ z * sqrt(p0 (1 - p0) / N)``, clipped to [0, 1]; NaN where
        ``N <= 0``.

    References
    ----------
    .. [1] Spiegelhalter, D. J. (2005). Funnel plots for comparing
       institutional performance. *Statistics in Medicine* 24(8),
       1185-1202 (normal approximation to the binomial limits).
    """
    p0 = np.asarray(p0, dtype=float)
    N = np.asarray(N, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        half = z * np.sqrt(p0 * (1 - p0) / np.where(N > 0, N, np.nan))
    low = np.clip(p0 - half, 0.0, 1.0)
    high = np.clip(p0 + half, 0.0, 1.0)
    if low.ndim == 0:
        return low[()], high[()]
    return low, high


def classify_funnel(rate, p0, N) -> np.ndarray:
    """Return where each rate lies against the funnel limits around ``p0``.

    Parameters
    ----------
    rate : array_like
        Observed proportions (response rates).
    p0 : float or array_like
        Target proportion.
    N : array_like
        Denominators.

    Returns
    -------
    ndarray of str
        ``high`` / ``low`` outside the 99.8% limits (z = 3.090232),
        ``high_95`` / ``low_95`` outside the 95% limits only (z = 1.959964),
        else ``within``. A rate exactly on a limit is within it. Empty string
        where a rate or ``N`` is missing.

    References
    ----------
    .. [1] Spiegelhalter, D. J. (2005). Funnel plots for comparing
       institutional performance. *Statistics in Medicine* 24(8), 1185-1202.
    """
    rate = np.asarray(rate, dtype=float)
    low_95, high_95 = funnel_limits(p0, N, Z_95)
    low_998, high_998 = funnel_limits(p0, N, Z_998)
    out = np.select(
        [rate > high_998, rate < low_998, rate > high_95, rate < low_95],
        [FUNNEL_HIGH, FUNNEL_LOW, FUNNEL_HIGH_95, FUNNEL_LOW_95],
        default=FUNNEL_WITHIN,
    ).astype(object)
    out[np.isnan(rate) | np.isnan(np.asarray(low_95, dtype=float))] = ""
    return out


def _rate_columns(frame: pd.DataFrame) -> pd.DataFrame:
    invited = frame[INVITED].to_numpy(dtype=float)
    frame[RESPONSE_RATE] = frame[RESPONSES] / frame[INVITED]
    frame[CI_LOW], frame[CI_HIGH] = wilson_interval(frame[RESPONSES].to_numpy(float), invited)
    frame[RR1] = frame[COMPLETES] / frame[INVITED]
    frame[RR2] = (frame[COMPLETES] + frame[PARTIALS]) / frame[INVITED]
    return frame


def compute_response_rates(
    invitations: pd.DataFrame, responses: pd.DataFrame, questions: pd.DataFrame
) -> pd.DataFrame:
    """Return the response-rate table: per council and group, totals, and Wales.

    Parameters
    ----------
    invitations : pandas.DataFrame
        ``council_code``, ``group``, ``invited``: one row per surveyed group.
    responses : pandas.DataFrame
        Wide responses, empty submissions already dropped.
    questions : pandas.DataFrame
        The question bank.

    Returns
    -------
    pandas.DataFrame
        Columns ``RESPONSE_RATE_COLUMNS``, sorted by (council_code, group):
        a row per surveyed group (``officer``, ``member``), a ``total`` row per
        council, and ``Wales`` rows for each group and the total.
        ``response_rate`` = responses / invited with its 95% Wilson interval;
        ``completes`` and ``partials`` count complete and partial responses
        (:func:`measure_completeness`); ``rr1`` = completes / invited,
        ``rr2`` = (completes + partials) / invited; ``funnel`` classifies each
        group's rate against the funnel limits around the Wales rate of that
        group (:func:`classify_funnel`), empty for totals and Wales rows.

    Notes
    -----
    Counts of invitations and responses are never suppressed (methodology,
    section 5). A group a council did not survey has no row.

    References
    ----------
    .. [1] AAPOR (2023). *Standard Definitions*, 10th ed. (RR1, RR2).
    .. [2] Wilson, E. B. (1927). *JASA* 22(158), 209-212.
    .. [3] Spiegelhalter, D. J. (2005). *Statistics in Medicine* 24(8),
       1185-1202.
    """
    status = measure_completeness(responses, questions)[COMPLETENESS]
    per_response = pd.DataFrame(
        {
            COUNCIL_CODE: responses[COUNCIL_CODE].astype(object).to_numpy(),
            GROUP: responses[GROUP].astype(object).to_numpy(),
            RESPONSES: 1,
            COMPLETES: (status == COMPLETE).to_numpy().astype(int),
            PARTIALS: (status == PARTIAL).to_numpy().astype(int),
        }
    )
    counts = per_response.groupby([COUNCIL_CODE, GROUP], sort=False).sum()
    groups = invitations[[COUNCIL_CODE, GROUP, INVITED]].copy()
    groups[COUNCIL_CODE] = groups[COUNCIL_CODE].astype(object)
    groups[GROUP] = groups[GROUP].astype(object)
    groups[INVITED] = groups[INVITED].astype(int)
    groups = groups.join(counts, on=[COUNCIL_CODE, GROUP])
    for column in (RESPONSES, COMPLETES, PARTIALS):
        groups[column] = groups[column].fillna(0).astype(int)

    summed = [INVITED, RESPONSES, COMPLETES, PARTIALS]
    totals = groups.groupby(COUNCIL_CODE, as_index=False)[summed].sum()
    totals[GROUP] = GROUP_TOTAL
    wales_groups = groups.groupby(GROUP, as_index=False)[summed].sum()
    wales_groups[COUNCIL_CODE] = WALES
    wales_total = groups[summed].sum().to_frame().T
    wales_total[COUNCIL_CODE] = WALES
    wales_total[GROUP] = GROUP_TOTAL

    table = pd.concat([groups, totals, wales_groups, wales_total], ignore_index=True)
    table[summed] = table[summed].astype(int)
    table = _rate_columns(table)

    wales_rate = wales_groups.set_index(GROUP)[RESPONSES] / wales_groups.set_index(GROUP)[INVITED]
    is_group = table[GROUP].isin(list(GROUPS)) & (table[COUNCIL_CODE] != WALES)
    funnel = pd.Series("", index=table.index, dtype=object)
    if is_group.any():
        sub = table[is_group]
        funnel[is_group] = classify_funnel(
            sub[RESPONSE_RATE].to_numpy(float),
            sub[GROUP].map(wales_rate).to_numpy(float),
            sub[INVITED].to_numpy(float),
        )
    table[FUNNEL] = funnel
    return (
        table.loc[:, list(RESPONSE_RATE_COLUMNS)]
        .sort_values(list(RESPONSE_RATE_KEY))
        .reset_index(drop=True)
    )


# --------------------------------------------------------------------------
# The all-Wales public survey (docs/methodology.md, section 6)
# --------------------------------------------------------------------------
PUBLIC_MEASURES = ("satisfied", "told")
PUBLIC_YES = "yes"


def compute_public_survey(public: pd.DataFrame | None) -> pd.DataFrame:
    """Return the weighted share answering ``yes`` to each public-survey question.

    Parameters
    ----------
    public : pandas.DataFrame or None
        One row per respondent: ``satisfied`` and ``told`` (``yes``, ``no``,
        ``don't know`` or missing) and optionally ``weight`` (missing = 1).
        ``None`` when the data set has no public survey.

    Returns
    -------
    pandas.DataFrame
        ``PUBLIC_SURVEY_COLUMNS``, one row per measure (``satisfied``,
        ``told``): ``n`` respondents who gave any answer ("don't know"
        included), ``pct`` the weighted share of ``yes`` among them, and its
        95% Wilson interval. Without a survey (or without answers), ``n`` is 0
        and the statistics are empty.

    Notes
    -----
    The interval is the Wilson score interval for ``pct * n_eff`` successes
    out of ``n_eff`` trials, ``n_eff`` being Kish's effective sample size
    (sum w)^2 / sum w^2 of the answering respondents' weights, equal to ``n``
    when all weights are equal.

    References
    ----------
    .. [1] Kish, L. (1965). *Survey Sampling*, Wiley, section 11.7.
    .. [2] Wilson, E. B. (1927). *JASA* 22(158), 209-212.
    """
    rows = []
    for measure in PUBLIC_MEASURES:
        if public is None or measure not in public.columns:
            rows.append({MEASURE: measure, N: 0, PCT: np.nan, CI_LOW: np.nan, CI_HIGH: np.nan})
            continue
        answered = public[measure].notna().to_numpy()
        if WEIGHT in public.columns:
            weights = public[WEIGHT].astype(float).fillna(1.0).to_numpy()
        else:
            weights = np.ones(len(public))
        w = weights[answered]
        yes = public[measure].astype(object).to_numpy()[answered] == PUBLIC_YES
        n = int(answered.sum())
        total = float(w.sum())
        pct = float(w[yes].sum()) / total if total > 0 else np.nan
        n_eff = kish_effective_n(w)
        low, high = wilson_interval(pct * n_eff if n_eff > 0 else np.nan, n_eff)
        rows.append({MEASURE: measure, N: n, PCT: pct, CI_LOW: float(low), CI_HIGH: float(high)})
    return pd.DataFrame(rows, columns=list(PUBLIC_SURVEY_COLUMNS))
