"""Confidence intervals and tests: the statistics of the workbook in one place.

Every function is pure and vectorised: scalars give scalars (as NumPy floats),
arrays and Series give arrays of the broadcast shape. Undefined results (no
observations, too few for a spread) are NaN, never an exception.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from helpers.config import CONFIDENCE, Z_95

__all__ = [
    "adjust_holm",
    "compare_proportions",
    "fpc",
    "kish_effective_n",
    "t_interval_fpc",
    "wilson_fpc_interval",
    "wilson_interval",
]


def _float_array(values) -> np.ndarray:
    return np.asarray(values, dtype=float)


def _unwrap(values: np.ndarray):
    """Return a 0-d array as a NumPy scalar, any other array as it is."""
    return values[()] if values.ndim == 0 else values


def fpc(n, N):
    """Return the finite population correction factor sqrt(1 - n / N) for a mean.

    Parameters
    ----------
    n : int or array_like
        Sample size (respondents who answered).
    N : int or array_like
        Population size (people invited), ``N >= n``.

    Returns
    -------
    float or ndarray
        The factor that multiplies the standard error ``s / sqrt(n)`` of a
        mean: 0 when ``n == N`` (a census), close to 1 when ``n`` is a small
        part of a large ``N``; NaN when ``n > N``, ``n < 0`` or an argument is
        NaN.

    Notes
    -----
    With the sample standard deviation ``s`` (ddof = 1), which estimates the
    population variance ``S^2`` defined with divisor ``N - 1``, the variance of
    the mean of a simple random sample drawn without replacement is
    ``(1 - n/N) S^2 / n`` (Cochran 1977, theorem 2.2). The methodology writes
    the factor as sqrt((N - n) / (N - 1)), which is the right one for the
    population variance with divisor ``N`` (as in ``p (1 - p)``, hence the
    effective sample size of :func:`wilson_fpc_interval`), but not for ``s``.
    The workbook uses Cochran's form here; the two agree at ``n == N`` and
    differ by under 2% once ``N >= 30``. The README records this choice.

    References
    ----------
    .. [1] Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed., Wiley,
       sections 2.4-2.6.
    """
    n = _float_array(n)
    N = _float_array(N)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.sqrt(1.0 - n / N)
    out = np.where(n == N, 0.0, out)
    out = np.where((n < 0) | (n > N) | np.isnan(n) | np.isnan(N), np.nan, out)
    return _unwrap(np.asarray(out, dtype=float))


def wilson_interval(count, nobs, alpha: float = 0.05):
    """Return the Wilson score interval for ``count`` successes out of ``nobs``.

    Parameters
    ----------
    count : float or array_like
        Number of successes (may be fractional, e.g. a weighted count).
    nobs : float or array_like
        Number of trials (may be fractional, e.g. an effective sample size).
    alpha : float, default 0.05
        1 - confidence level.

    Returns
    -------
    ci_low, ci_high : float or ndarray
        The interval limits, clipped to [0, 1]; NaN where ``nobs`` is 0 or NaN.

    Notes
    -----
    A thin wrapper of :func:`statsmodels.stats.proportion.proportion_confint`
    with ``method="wilson"``; it only broadcasts its arguments and returns
    NaN instead of dividing by zero when there are no observations.

    References
    ----------
    .. [1] Wilson, E. B. (1927). Probable inference, the law of succession, and
       statistical inference. *JASA* 22(158), 209-212.
    .. [2] Newcombe, R. G. (1998). Two-sided confidence intervals for the
       single proportion: comparison of seven methods. *Statistics in
       Medicine* 17(8), 857-872.
    """
    count, nobs = np.broadcast_arrays(_float_array(count), _float_array(nobs))
    low = np.full(count.shape, np.nan)
    high = np.full(count.shape, np.nan)
    ok = np.isfinite(count) & np.isfinite(nobs) & (nobs > 0)
    if ok.any():
        lo, hi = proportion_confint(count[ok], nobs[ok], alpha=alpha, method="wilson")
        low[ok] = lo
        high[ok] = hi
    return _unwrap(low), _unwrap(high)


def wilson_fpc_interval(p, n, N, z: float = Z_95):
    """Return the Wilson score interval of a proportion with a finite population correction.

    Parameters
    ----------
    p : float or array_like
        Observed proportion, in [0, 1].
    n : int or array_like
        Number of answers the proportion is based on.
    N : int or array_like
        Population the answers were drawn from (people invited), ``N >= n``.
    z : float, default ``config.Z_95``
        Standard normal quantile of the confidence level.

    Returns
    -------
    ci_low, ci_high : float or ndarray
        The interval limits; ``[p, p]`` when ``n == N`` (a census); NaN when
        ``n`` is 0, or ``n > N``, or an argument is NaN.

    Notes
    -----
    The Wilson interval is computed with the effective sample size
    ``n_eff = n (N - 1) / (N - n)`` in place of ``n`` (docs/methodology.md, section 3):

    .. math::

        c = \\frac{p + z^2 / (2 n_{eff})}{1 + z^2 / n_{eff}}, \\quad
        h = \\frac{z \\sqrt{p (1 - p) / n_{eff} + z^2 / (4 n_{eff}^2)}}{1 + z^2 / n_{eff}}

    and the interval is ``[c - h, c + h]``. Dividing the variance p(1-p)/n by
    the finite population correction (N - n)/(N - 1) is the same as
    multiplying ``n`` by its inverse.

    References
    ----------
    .. [1] Wilson, E. B. (1927). Probable inference, the law of succession, and
       statistical inference. *JASA* 22(158), 209-212.
    .. [2] Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed., Wiley,
       section 3.2 (finite population correction for proportions).
    """
    p, n, N = np.broadcast_arrays(_float_array(p), _float_array(n), _float_array(N))
    low = np.full(p.shape, np.nan)
    high = np.full(p.shape, np.nan)
    ok = np.isfinite(p) & np.isfinite(n) & np.isfinite(N) & (n > 0) & (n <= N)
    census = ok & (n == N)
    sample = ok & (n < N)
    low[census] = p[census]
    high[census] = p[census]
    if sample.any():
        ps, ns, Ns = p[sample], n[sample], N[sample]
        n_eff = ns * (Ns - 1) / (Ns - ns)
        z2 = z * z
        denom = 1 + z2 / n_eff
        centre = (ps + z2 / (2 * n_eff)) / denom
        half = z * np.sqrt(ps * (1 - ps) / n_eff + z2 / (4 * n_eff**2)) / denom
        low[sample] = centre - half
        high[sample] = centre + half
    return _unwrap(low), _unwrap(high)


def t_interval_fpc(mean, sd, n, N, confidence: float = CONFIDENCE):
    """Return the t interval of a mean with a finite population correction.

    Parameters
    ----------
    mean : float or array_like
        Sample mean.
    sd : float or array_like
        Sample standard deviation (ddof = 1).
    n : int or array_like
        Sample size.
    N : int or array_like
        Population size (people invited), ``N >= n``.
    confidence : float, default 0.95
        Confidence level.

    Returns
    -------
    ci_low, ci_high : float or ndarray
        ``mean -/+ t(1 - alpha/2, n - 1) * sd / sqrt(n) * fpc(n, N)``.
        ``[mean, mean]`` when ``n == N`` (a census: nothing left to estimate,
        which takes precedence over ``n < 2``); NaN when ``n < 2`` otherwise,
        when ``n > N`` or when an argument is NaN.

    Notes
    -----
    docs/methodology.md, section 2: the Student t interval of a mean, with a finite
    population correction applied to the standard error; the correction is
    Cochran's sqrt(1 - n/N), the right form for the sample standard deviation
    (see :func:`fpc` for why it departs from the methodology's wording).

    References
    ----------
    .. [1] Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed., Wiley,
       sections 2.6 and 2.11.
    """
    mean, sd, n, N = np.broadcast_arrays(
        _float_array(mean), _float_array(sd), _float_array(n), _float_array(N)
    )
    low = np.full(mean.shape, np.nan)
    high = np.full(mean.shape, np.nan)
    valid = np.isfinite(mean) & np.isfinite(n) & np.isfinite(N) & (n >= 1) & (n <= N)
    census = valid & (n == N)
    sample = valid & (n < N) & (n >= 2) & np.isfinite(sd)
    low[census] = mean[census]
    high[census] = mean[census]
    if sample.any():
        ns = n[sample]
        tq = stats.t.ppf(0.5 + confidence / 2, ns - 1)
        half = tq * sd[sample] / np.sqrt(ns) * fpc(ns, N[sample])
        low[sample] = mean[sample] - half
        high[sample] = mean[sample] + half
    return _unwrap(low), _unwrap(high)


def kish_effective_n(weights) -> float:
    """Return Kish's effective sample size (sum w)^2 / sum w^2 of a set of weights.

    Parameters
    ----------
    weights : array_like
        Non-negative survey weights; NaN weights are ignored.

    Returns
    -------
    float
        The effective sample size; equal to the number of weights when they are
        all equal; 0.0 for no weights (or all zero).

    References
    ----------
    .. [1] Kish, L. (1965). *Survey Sampling*, Wiley, section 11.7.
    """
    w = _float_array(weights).ravel()
    w = w[~np.isnan(w)]
    if (w < 0).any():
        raise ValueError("weights must be non-negative")
    sum_sq = float(np.sum(w * w))
    return float(np.sum(w)) ** 2 / sum_sq if sum_sq > 0 else 0.0


def compare_proportions(count1, nobs1, count2, nobs2):
    """Return the pooled two-proportion z-test of count1/nobs1 against count2/nobs2.

    Parameters
    ----------
    count1, nobs1 : array_like
        Successes and trials of the first sample (the council).
    count2, nobs2 : array_like
        Successes and trials of the second sample (the rest of Wales).

    Returns
    -------
    z, p_value : float or ndarray
        The z statistic (positive when the first proportion is the higher) and
        its two-sided p-value; NaN where the test is undefined (a sample with
        no trials, or a pooled proportion of 0 or 1).

    Notes
    -----
    Each comparison is delegated to
    :func:`statsmodels.stats.proportion.proportions_ztest` (pooled variance
    under the null hypothesis, two-sided); the number of comparisons is that
    of councils times questions, never of respondents.

    References
    ----------
    .. [1] Agresti, A. (2013). *Categorical Data Analysis*, 3rd ed., Wiley,
       section 3.1 (the Wald test of two proportions with pooled variance).
    """
    arrays = np.broadcast_arrays(
        _float_array(count1), _float_array(nobs1), _float_array(count2), _float_array(nobs2)
    )
    c1, n1, c2, n2 = (a.ravel() for a in arrays)
    shape = arrays[0].shape
    z = np.full(c1.shape, np.nan)
    p = np.full(c1.shape, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (c1 + c2) / (n1 + n2)
    defined = (n1 > 0) & (n2 > 0) & (pooled > 0) & (pooled < 1)
    for i in np.flatnonzero(defined):
        z[i], p[i] = proportions_ztest([c1[i], c2[i]], [n1[i], n2[i]])
    return _unwrap(z.reshape(shape)), _unwrap(p.reshape(shape))


def adjust_holm(p_values, families=None) -> np.ndarray:
    """Return Holm's step-down adjusted p-values, family by family.

    Parameters
    ----------
    p_values : array_like
        Raw p-values; NaN entries (skipped tests) stay NaN and are left out of
        their family.
    families : array_like, optional
        A label per p-value: p-values sharing a label are adjusted together
        (e.g. the questions of one council). Default: one family.

    Returns
    -------
    ndarray
        Adjusted p-values, same shape, capped at 1.

    Notes
    -----
    Within a family of m tests with p-values sorted ascending, the adjusted
    value of the i-th (i = 0, ..., m - 1) is
    ``min(1, max_{j <= i} (m - j) p_(j))``. This gives exactly the values of
    :func:`statsmodels.stats.multitest.multipletests` with ``method="holm"``
    (checked in the test-suite), for every family in one vectorised pass:
    statsmodels' Holm runs a full garbage collection on each call, which costs
    tens of milliseconds per council on a large data set.

    References
    ----------
    .. [1] Holm, S. (1979). A simple sequentially rejective multiple test
       procedure. *Scandinavian Journal of Statistics* 6(2), 65-70.
    """
    p = _float_array(p_values).ravel()
    labels = np.zeros(p.shape, dtype=np.int64) if families is None else families
    codes = pd.factorize(np.asarray(labels, dtype=object).ravel())[0]
    if codes.shape != p.shape:
        raise ValueError("p_values and families must have the same length")
    out = np.full(p.shape, np.nan)
    keep = np.flatnonzero(~np.isnan(p))
    if keep.size:
        order = keep[np.lexsort((p[keep], codes[keep]))]
        family = pd.Series(codes[order])
        size = family.map(family.value_counts()).to_numpy()
        rank = family.groupby(family).cumcount().to_numpy()
        raw = pd.Series(p[order] * (size - rank))
        out[order] = np.minimum(raw.groupby(family.to_numpy()).cummax().to_numpy(), 1.0)
    return out.reshape(np.shape(p_values))
