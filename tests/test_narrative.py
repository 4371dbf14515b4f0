"""Words for proportions (methodology section 7) and percentages rounded half up."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from helpers.report.narrative.numbers import format_percent, round_half_up_percent
from helpers.report.narrative.proportions import describe_proportion, describe_proportions

# The table of methodology section 7, probed on and either side of every boundary.
TABLE = [
    (1.0, "all"),
    (0.9999, "nearly all"),
    (0.9, "nearly all"),
    (0.8999, "most"),
    (0.75, "most"),
    (0.7499, "a majority of"),
    (0.5001, "a majority of"),
    (0.5, "half of"),
    (0.4999, "a minority of"),
    (0.1501, "a minority of"),
    (0.15, "few"),
    (0.0001, "few"),
    (0.0, "none of"),
]


@pytest.mark.parametrize(("p", "words"), TABLE)
def test_describe_proportion_follows_the_table(p, words):
    assert describe_proportion(p) == words


@pytest.mark.parametrize(
    ("p", "words"),
    [
        (0.5 + 1e-12, "half of"),
        (0.5 - 1e-12, "half of"),
        (1 - 1e-12, "all"),
        (1 + 1e-12, "all"),
        (1e-12, "none of"),
        (0.1 + 0.05, "few"),  # 0.15000000000000002
        (0.9 - 1e-12, "nearly all"),
        (0.75 - 1e-12, "most"),
        (3 / 6, "half of"),
        (9 / 10, "nearly all"),
        (0.5 + 1e-6, "a majority of"),  # well outside the tolerance
    ],
)
def test_describe_proportion_tolerates_floating_point_noise(p, words):
    assert describe_proportion(p) == words


@pytest.mark.parametrize("p", [-0.01, 1.01, float("nan"), 47.9])
def test_describe_proportion_rejects_values_outside_zero_one(p):
    with pytest.raises(ValueError):
        describe_proportion(p)


def test_describe_proportions_is_vectorised():
    values = [p for p, _ in TABLE]
    expected = [w for _, w in TABLE]
    assert list(describe_proportions(np.array(values))) == expected
    series = pd.Series(values, index=[f"q{i}" for i in range(len(values))], name="agree_pct")
    out = describe_proportions(series)
    assert isinstance(out, pd.Series)
    assert list(out.index) == list(series.index)
    assert list(out) == expected
    with pytest.raises(ValueError):
        describe_proportions([0.5, np.nan])
    with pytest.raises(ValueError):
        describe_proportions([0.5, 2.0])


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (46 / 96, "48%"),  # 47.92
        (18 / 74, "24%"),
        (64 / 170, "38%"),
        (0.375, "38%"),  # 37.5: half up, where round() would give 38 by luck
        (0.125, "13%"),  # 12.5: round() gives 12 (half to even)
        (0.285, "29%"),  # binary 0.285 * 100 = 28.499999999999996
        (0.0, "0%"),
        (1.0, "100%"),
    ],
)
def test_format_percent_rounds_half_up(p, text):
    assert format_percent(p) == text


def test_round_half_up_differs_from_bankers_rounding():
    assert round(12.5) == 12 and round(0.285 * 100) == 28  # what we must not do
    assert round_half_up_percent(0.125) == Decimal(13)
    assert round_half_up_percent(0.285) == Decimal(29)
    assert round_half_up_percent(46 / 96, 1) == Decimal("47.9")
    assert format_percent(0.0625, 1) == "6.3%"


def test_round_half_up_rejects_nan():
    with pytest.raises(ValueError):
        round_half_up_percent(float("nan"))
