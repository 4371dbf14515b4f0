"""Words for figures: proportions in words, percentages as printed, sentences.

The words follow the convention of UK public-sector inspection reports
(methodology, section 7); percentages are rounded half up, as in the published
tables.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

#: A proportion this close to a band boundary is taken to be on it, so that
#: floating-point noise (0.1 + 0.05) never changes the word.
PROPORTION_TOLERANCE = 1e-9
#: Words for proportions, in the order of the bands of methodology section 7.
WORD_ALL = "all"
WORD_NEARLY_ALL = "nearly all"
WORD_MOST = "most"
WORD_MAJORITY = "a majority of"
WORD_HALF = "half of"
WORD_MINORITY = "a minority of"
WORD_FEW = "few"
WORD_NONE = "none of"
_BOUNDARIES = (0.0, 0.15, 0.5, 0.75, 0.9, 1.0)


def _snap(values: np.ndarray) -> np.ndarray:
    """Check proportions and move those within the tolerance of a boundary onto it."""
    if np.isnan(values).any():
        raise ValueError("a proportion must be a number in [0, 1], not NaN")
    outside = (values < -PROPORTION_TOLERANCE) | (values > 1 + PROPORTION_TOLERANCE)
    if outside.any():
        bad = values[outside].ravel()[0]
        raise ValueError(f"a proportion must lie in [0, 1], got {bad!r}")
    out = values.copy()
    for boundary in _BOUNDARIES:
        out = np.where(np.abs(out - boundary) <= PROPORTION_TOLERANCE, boundary, out)
    return out


def _words(snapped: np.ndarray) -> np.ndarray:
    conditions = [
        snapped == 1.0,
        snapped >= 0.9,
        snapped >= 0.75,
        snapped > 0.5,
        snapped == 0.5,
        snapped > 0.15,
        snapped > 0.0,
    ]
    choices = [
        WORD_ALL,
        WORD_NEARLY_ALL,
        WORD_MOST,
        WORD_MAJORITY,
        WORD_HALF,
        WORD_MINORITY,
        WORD_FEW,
    ]
    return np.select(conditions, choices, default=WORD_NONE).astype(object)


def describe_proportion(p: float) -> str:
    """Return the words that describe a proportion of respondents.

    Parameters
    ----------
    p : float
        A proportion in [0, 1] (not a percentage).

    Returns
    -------
    str
        ``"all"`` (p = 1), ``"nearly all"`` (0.9 <= p < 1), ``"most"``
        (0.75 <= p < 0.9), ``"a majority of"`` (0.5 < p < 0.75), ``"half of"``
        (p = 0.5), ``"a minority of"`` (0.15 < p < 0.5), ``"few"``
        (0 < p <= 0.15) or ``"none of"`` (p = 0).

    Raises
    ------
    ValueError
        If ``p`` is NaN or lies outside [0, 1].

    Notes
    -----
    A value within ``PROPORTION_TOLERANCE`` (1e-9) of a band boundary (0,
    0.15, 0.5, 0.75, 0.9, 1) is treated as that boundary, so 0.5 computed as
    ``0.1 * 5`` still reads "half of". The bands are the methodology's
    section 7; never describe a suppressed statistic.

    Examples
    --------
    >>> describe_proportion(0.5)
    'half of'
    >>> describe_proportion(0.9)
    'nearly all'
    """
    return str(_words(_snap(np.array([float(p)])))[0])


def describe_proportions(values) -> np.ndarray | pd.Series:
    """Return :func:`describe_proportion` of every value, vectorised.

    Parameters
    ----------
    values : array_like or pandas.Series
        Proportions in [0, 1].

    Returns
    -------
    ndarray of str or pandas.Series
        The words; a Series (same index) when given a Series.

    Raises
    ------
    ValueError
        If any value is NaN or outside [0, 1]: filter out suppressed
        statistics first.
    """
    array = np.asarray(values, dtype=float)
    words = _words(_snap(array))
    if isinstance(values, pd.Series):
        return pd.Series(words, index=values.index, name=values.name, dtype=object)
    return words


def round_half_up_percent(p: float, decimals: int = 0) -> Decimal:
    """Return the proportion ``p`` as a percentage rounded half up.

    Parameters
    ----------
    p : float
        A proportion (0.479... for 47.9%).
    decimals : int, default 0
        Decimal places kept.

    Returns
    -------
    decimal.Decimal
        The rounded percentage: ``0.4791666`` -> ``48``, ``0.375`` -> ``38``.

    Raises
    ------
    ValueError
        If ``p`` is NaN or infinite.

    Notes
    -----
    Works on the shortest decimal representation of the float (``str``), in
    decimal arithmetic, so 0.285 gives 29 rather than the 28 that binary
    floating point and Python's round-half-to-even ``round()`` would give.
    """
    value = float(p)
    if not np.isfinite(value):
        raise ValueError(f"cannot round {p!r} as a percentage")
    quantum = Decimal(1).scaleb(-decimals)
    percent = (Decimal(str(value)) * 100).quantize(quantum, rounding=ROUND_HALF_UP)
    return percent + Decimal(0)  # turns -0 into 0


def format_percent(p: float, decimals: int = 0) -> str:
    """Return the proportion ``p`` as printed in a report: ``0.4791666`` -> ``"48%"``.

    Parameters
    ----------
    p : float
        A proportion in [0, 1].
    decimals : int, default 0
        Decimal places shown.

    Returns
    -------
    str
        The percentage rounded half up (see :func:`round_half_up_percent`),
        followed by ``%``.
    """
    return f"{round_half_up_percent(p, decimals)}%"
