"""Intervals and tests, pinned to published or hand-computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from helpers.config import Z_95
from helpers.stats.intervals import (
    adjust_holm,
    compare_proportions,
    fpc,
    kish_effective_n,
    t_interval_fpc,
    wilson_fpc_interval,
    wilson_interval,
)

PIN = 5e-5  # values pinned to 4 decimal places


def hand_wilson(count: float, n: float, z: float) -> tuple[float, float]:
    """Wilson (1927) written out, independently of the module."""
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


# --------------------------------------------------------------------------
# Wilson
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("count", "nobs", "low", "high"),
    [(46, 96, 0.3820, 0.5780), (18, 74, 0.1598, 0.3521), (64, 170, 0.3071, 0.4513)],
)
def test_wilson_interval_pinned(count, nobs, low, high):
    lo, hi = wilson_interval(count, nobs)
    assert lo == pytest.approx(low, abs=PIN)
    assert hi == pytest.approx(high, abs=PIN)


def test_wilson_interval_matches_the_formula():
    z = stats.norm.isf(0.025)
    for count, n in [(0, 10), (3, 7), (10, 10), (1, 1000)]:
        lo, hi = wilson_interval(count, n)
        exp_lo, exp_hi = hand_wilson(count, n, z)
        assert lo == pytest.approx(max(exp_lo, 0.0), abs=1e-12)
        assert hi == pytest.approx(min(exp_hi, 1.0), abs=1e-12)


def test_wilson_interval_is_vectorised_and_nan_without_observations():
    lo, hi = wilson_interval(np.array([46, 0, 5]), np.array([96, 0, 10]))
    assert lo.shape == (3,)
    assert lo[0] == pytest.approx(0.3820, abs=PIN)
    assert np.isnan(lo[1]) and np.isnan(hi[1])
    assert lo[2] < 0.5 < hi[2]
    scalar_lo, _ = wilson_interval(0, 0)
    assert np.isnan(scalar_lo) and np.ndim(scalar_lo) == 0


def test_wilson_interval_accepts_fractional_counts():
    lo, hi = wilson_interval(1.8, 3.24)
    exp = hand_wilson(1.8, 3.24, stats.norm.isf(0.025))
    assert (lo, hi) == pytest.approx(exp, abs=1e-12)


# --------------------------------------------------------------------------
# Wilson with a finite population correction
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("n", "N", "low", "high"), [(46, 96, 0.3974, 0.6026), (18, 74, 0.3125, 0.6875)]
)
def test_wilson_fpc_interval_pinned(n, N, low, high):
    lo, hi = wilson_fpc_interval(0.5, n, N)
    assert lo == pytest.approx(low, abs=PIN)
    assert hi == pytest.approx(high, abs=PIN)


def test_wilson_fpc_interval_is_wilson_with_the_effective_sample_size():
    p, n, N = 8 / 12, 12, 30
    n_eff = n * (N - 1) / (N - n)  # 19.333...
    lo, hi = wilson_fpc_interval(p, n, N)
    assert (lo, hi) == pytest.approx(hand_wilson(p * n_eff, n_eff, Z_95), abs=1e-12)


def test_wilson_fpc_interval_tends_to_wilson_for_a_large_population():
    lo, hi = wilson_fpc_interval(46 / 96, 96, 10**12)
    assert (lo, hi) == pytest.approx(hand_wilson(46, 96, Z_95), abs=1e-9)


def test_wilson_fpc_interval_edge_cases():
    lo, hi = wilson_fpc_interval(np.array([0.3, 0.4, 0.5, 1.0]), [10, 0, 12, 3], [10, 5, 10, 3])
    assert (lo[0], hi[0]) == (0.3, 0.3)  # a census: no sampling error
    assert np.isnan(lo[1]) and np.isnan(hi[1])  # no answers
    assert np.isnan(lo[2])  # more answers than people: undefined
    assert (lo[3], hi[3]) == (1.0, 1.0)
    lo, hi = wilson_fpc_interval(0.0, 4, 20)
    assert lo == pytest.approx(0.0, abs=1e-15) and 0 < hi < 1


# --------------------------------------------------------------------------
# t interval with a finite population correction
# --------------------------------------------------------------------------
LIKERT_SCORES_EXAMPLE = [5, 4, 4, 3, 5, 2, 4, 4, 3, 5, 1, 4]  # DK and blank removed


def test_fpc():
    assert fpc(10, 10) == 0.0
    assert fpc(1, 100) == pytest.approx(math.sqrt(0.99))
    assert fpc(12, 30) == pytest.approx(math.sqrt(1 - 12 / 30))
    assert np.isnan(fpc(11, 10))
    np.testing.assert_allclose(fpc([2, 5], [5, 5]), [math.sqrt(3 / 5), 0.0])


def test_t_interval_fpc_pinned():
    # mean +/- t(0.975, n-1) * s / sqrt(n) * sqrt(1 - n/N) (Cochran's form for the
    # sample sd; see intervals.fpc). 12 scored answers of N = 30 invited: mean
    # 3.6667, s 1.2309, t = 2.2010, fpc = sqrt(0.6) = 0.7746 -> 3.0609 to 4.2725.
    x = np.array(LIKERT_SCORES_EXAMPLE, dtype=float)
    lo, hi = t_interval_fpc(x.mean(), x.std(ddof=1), len(x), 30)
    assert x.mean() == pytest.approx(3.6667, abs=PIN)
    assert lo == pytest.approx(3.0609, abs=PIN)
    assert hi == pytest.approx(4.2725, abs=PIN)


def test_t_interval_fpc_edge_cases():
    lo, hi = t_interval_fpc(
        mean=[2.0, 2.0, 2.0, 3.0, 2.5],
        sd=[0.5, np.nan, np.nan, np.nan, 0.7],
        n=[10, 1, 0, 1, 5],
        N=[10, 10, 10, 1, 4],
    )
    assert (lo[0], hi[0]) == (2.0, 2.0)  # n = N: zero width
    assert np.isnan(lo[1]) and np.isnan(hi[1])  # n = 1: no spread
    assert np.isnan(lo[2])  # n = 0
    assert (lo[3], hi[3]) == (3.0, 3.0)  # n = N = 1: the census wins
    assert np.isnan(lo[4])  # n > N


def test_t_interval_fpc_without_correction_is_the_usual_t_interval():
    x = np.array([1.0, 2.0, 2.0, 3.0, 3.0])
    lo, hi = t_interval_fpc(x.mean(), x.std(ddof=1), 5, 10**12)
    exp = stats.t.interval(0.95, 4, loc=x.mean(), scale=stats.sem(x))
    assert (lo, hi) == pytest.approx(exp, abs=1e-9)


# --------------------------------------------------------------------------
# Kish, z-test, Holm
# --------------------------------------------------------------------------
def test_kish_effective_n():
    assert kish_effective_n([1, 1, 1, 1]) == pytest.approx(4.0)
    assert kish_effective_n([3.0] * 7) == pytest.approx(7.0)
    assert kish_effective_n([1, 2, 3]) == pytest.approx(36 / 14)
    assert kish_effective_n([]) == 0.0
    with pytest.raises(ValueError):
        kish_effective_n([1, -1])


def test_compare_proportions_pinned():
    z, p = compare_proportions(46, 96, 18, 74)
    assert z == pytest.approx(3.1478, abs=PIN)
    assert p == pytest.approx(0.0016, abs=PIN)


def test_compare_proportions_matches_the_pooled_formula():
    c1, n1, c2, n2 = 7, 20, 30, 50
    pooled = (c1 + c2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z_hand = (c1 / n1 - c2 / n2) / se
    z, p = compare_proportions([c1, 46], [n1, 96], [c2, 18], [n2, 74])
    assert z[0] == pytest.approx(z_hand, abs=1e-12)
    assert p[0] == pytest.approx(2 * stats.norm.sf(abs(z_hand)), abs=1e-12)
    assert z[1] == pytest.approx(3.1478, abs=PIN)


def test_compare_proportions_undefined_cases_are_nan():
    z, p = compare_proportions([0, 5, 5, 3], [10, 5, 5, 4], [0, 8, 1, 1], [12, 8, 0, 2])
    assert np.isnan(z[:3]).all() and np.isnan(p[:3]).all()  # pooled 0, pooled 1, no 2nd sample
    assert not np.isnan(z[3]) and not np.isnan(p[3])


def test_adjust_holm_pinned():
    np.testing.assert_allclose(adjust_holm([0.01, 0.04, 0.03, 0.20]), [0.04, 0.09, 0.09, 0.20])


def test_adjust_holm_leaves_skipped_tests_out_of_the_family():
    out = adjust_holm([0.01, np.nan, 0.04])
    np.testing.assert_allclose(out, [0.02, np.nan, 0.04])
    assert np.isnan(adjust_holm([np.nan])).all()
    np.testing.assert_allclose(adjust_holm([0.6, 0.7]), [1.0, 1.0])


def test_adjust_holm_equals_statsmodels_family_by_family():
    rng = np.random.default_rng(3)
    p = rng.uniform(0, 0.2, size=60) ** 2
    p[[4, 17, 33]] = np.nan  # skipped tests
    p[20] = p[21]  # a tie
    families = np.repeat(["W06000001", "W06000018", "W06000022", "W06000010"], 15)
    out = adjust_holm(p, families=families)
    for family in np.unique(families):
        rows = (families == family) & ~np.isnan(p)
        expected = multipletests(p[rows], method="holm")[1]
        np.testing.assert_allclose(out[rows], expected, rtol=0, atol=1e-15)
    assert np.isnan(out[[4, 17, 33]]).all()
    with pytest.raises(ValueError):
        adjust_holm([0.1, 0.2], families=["a"])
