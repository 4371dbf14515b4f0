"""Response rates, completeness, funnel limits and the public survey, on frames built in code."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from helpers.config import Z_95, Z_998
from helpers.data.columns import RESPONSE_RATE_COLUMNS
from helpers.stats.rates import (
    classify_funnel,
    compute_public_survey,
    compute_response_rates,
    funnel_limits,
    measure_completeness,
)

PIN = 5e-5
DK = "Don't know"

# Five scored questions asked of both groups, one asked of officers only, one text question.
QUESTIONS = pd.DataFrame(
    [
        ("L1", "level", "vision", "leadership", "both", False, "?"),
        ("L2", "level", "vision", "standards", "both", False, "?"),
        ("A1", "likert", "vision", None, "both", False, "?"),
        ("A2", "likert", "skills", None, "both", True, "?"),
        ("A3", "likert", "skills", None, "both", False, "?"),
        ("A4", "likert", "skills", None, "officer", False, "?"),
        ("T1", "text", "vision", None, "both", False, "?"),
    ],
    columns=["question_id", "kind", "theme", "characteristic", "asked_of", "reverse", "text"],
)


def responses(rows) -> pd.DataFrame:
    """rows: (council, group, [L1, L2, A1, A2, A3, A4, T1])."""
    records = [
        {"respondent_id": f"X{i}", "council_code": c, "group": g}
        | dict(zip(QUESTIONS.question_id, answers, strict=True))
        for i, (c, g, answers) in enumerate(rows)
    ]
    return pd.DataFrame(records).astype(object).where(lambda d: d.notna(), None)


# --------------------------------------------------------------------------
# Completeness
# --------------------------------------------------------------------------
def test_measure_completeness_counts_dont_know_and_ignores_text():
    data = responses(
        [
            # officers: 6 applicable questions
            ("C", "officer", ["1", "2", "Agree", "Agree", "Agree", DK, None]),  # 6/6
            ("C", "officer", ["1", "2", "Agree", DK, "Agree", None, "x"]),  # 5/6 = 0.83
            ("C", "officer", ["1", DK, "Agree", "Agree", None, None, "x"]),  # 4/6 = 0.67
            ("C", "officer", [DK, "2", "Agree", None, None, None, "x"]),  # 3/6 = 0.5
            ("C", "officer", ["1", "2", None, None, None, None, "long text"]),  # 2/6
            # members: 5 applicable questions (A4 is not asked of them)
            ("C", "member", ["1", "2", "Agree", DK, None, None, None]),  # 4/5 = 0.8
            ("C", "member", [None, None, None, None, None, None, "only text"]),  # 0/5
        ]
    )
    out = measure_completeness(data, QUESTIONS)
    assert list(out.applicable) == [6, 6, 6, 6, 6, 5, 5]
    assert list(out.answered) == [6, 5, 4, 3, 2, 4, 0]
    assert list(out.completeness) == [
        "complete",
        "complete",
        "partial",
        "partial",
        "break_off",
        "complete",
        "break_off",
    ]


# --------------------------------------------------------------------------
# Response rates
# --------------------------------------------------------------------------
INVITATIONS = pd.DataFrame(
    [("C1", "officer", 10), ("C1", "member", 8), ("C2", "officer", 20), ("C3", "member", 5)],
    columns=["council_code", "group", "invited"],
)
FULL = ["1", "2", "Agree", "Agree", "Agree", "Agree", None]
HALF = ["1", "2", "Agree", None, None, None, None]  # officer 3/6: partial
LITTLE = ["1", None, None, None, None, None, None]


def rate_data() -> pd.DataFrame:
    rows = (
        [("C1", "officer", FULL)] * 4
        + [("C1", "officer", HALF)]
        + [("C1", "member", FULL)] * 2
        + [("C2", "officer", FULL)] * 9
        + [("C2", "officer", LITTLE)] * 3
    )  # C3 surveyed members and had no responses
    return responses(rows)


def test_compute_response_rates_counts_and_rates():
    table = compute_response_rates(INVITATIONS, rate_data(), QUESTIONS)
    assert tuple(table.columns) == RESPONSE_RATE_COLUMNS
    keys = list(zip(table.council_code, table.group, strict=True))
    assert keys == [
        ("C1", "member"),
        ("C1", "officer"),
        ("C1", "total"),
        ("C2", "officer"),
        ("C2", "total"),
        ("C3", "member"),
        ("C3", "total"),
        ("Wales", "member"),
        ("Wales", "officer"),
        ("Wales", "total"),
    ]  # sorted by key; C2 and C3 surveyed one group only: no row for the other
    row = table.set_index(["council_code", "group"])
    expected = {
        # (invited, responses, completes, partials)
        ("C1", "officer"): (10, 5, 4, 1),
        ("C1", "member"): (8, 2, 2, 0),
        ("C1", "total"): (18, 7, 6, 1),
        ("C2", "officer"): (20, 12, 9, 0),
        ("C3", "member"): (5, 0, 0, 0),
        ("Wales", "officer"): (30, 17, 13, 1),
        ("Wales", "member"): (13, 2, 2, 0),
        ("Wales", "total"): (43, 19, 15, 1),
    }
    for key, (invited, count, completes, partials) in expected.items():
        r = row.loc[key]
        assert (r.invited, r.responses, r.completes, r.partials) == (
            invited,
            count,
            completes,
            partials,
        ), key
        assert r.response_rate == pytest.approx(count / invited)
        assert r.rr1 == pytest.approx(completes / invited)
        assert r.rr2 == pytest.approx((completes + partials) / invited)
        lo, hi = proportion_confint(count, invited, method="wilson")
        assert (r.ci_low, r.ci_high) == pytest.approx((lo, hi))
    # funnel only for the groups of councils
    assert (row.loc[("C1", "total"), "funnel"], row.loc[("Wales", "officer"), "funnel"]) == ("", "")


def test_response_rate_funnel_flags_outlying_councils():
    invitations = pd.DataFrame(
        [("A", "officer", 10), ("B", "officer", 200)], columns=["council_code", "group", "invited"]
    )
    data = responses([("A", "officer", FULL)] * 10 + [("B", "officer", FULL)] * 14)
    table = compute_response_rates(invitations, data, QUESTIONS).set_index(
        ["council_code", "group"]
    )
    # Wales: 24 / 210 = 0.1143. A: 10/10, far above the 99.8% limit (0.425 at N = 10).
    # B: 14/200 = 0.070, under the 95% limit (0.0702) but above the 99.8% one (0.0448).
    assert table.loc[("A", "officer"), "funnel"] == "high"
    assert table.loc[("B", "officer"), "funnel"] == "low_95"


def test_response_rate_funnel_uses_the_wales_rate_of_the_group():
    table = compute_response_rates(INVITATIONS, rate_data(), QUESTIONS).set_index(
        ["council_code", "group"]
    )
    p0 = 17 / 30  # Wales officers
    for council in ("C1", "C2"):
        r = table.loc[(council, "officer")]
        lo95, hi95 = (
            p0 - Z_95 * math.sqrt(p0 * (1 - p0) / r.invited),
            p0 + Z_95 * math.sqrt(p0 * (1 - p0) / r.invited),
        )
        lo998 = p0 - Z_998 * math.sqrt(p0 * (1 - p0) / r.invited)
        hi998 = p0 + Z_998 * math.sqrt(p0 * (1 - p0) / r.invited)
        rate = r.response_rate
        expected = (
            "high"
            if rate > hi998
            else "low"
            if rate < lo998
            else "high_95"
            if rate > hi95
            else "low_95"
            if rate < lo95
            else "within"
        )
        assert r.funnel == expected
    # C3 members: 0 of 5 against 2/13 -> within the limits (wide at N = 5)
    assert table.loc[("C3", "member"), "funnel"] == "within"


# --------------------------------------------------------------------------
# Funnel limits
# --------------------------------------------------------------------------
def test_funnel_limits_pinned():
    lo, hi = funnel_limits(0.40, 50, Z_95)
    assert (lo, hi) == pytest.approx((0.2642, 0.5358), abs=PIN)
    lo, hi = funnel_limits(0.40, 50, Z_998)
    assert (lo, hi) == pytest.approx((0.1859, 0.6141), abs=PIN)


def test_funnel_limits_are_clipped_and_vectorised():
    lo, hi = funnel_limits(0.05, np.array([4, 10_000]), Z_998)
    assert lo[0] == 0.0 and 0 < hi[0] < 1
    assert lo[1] == pytest.approx(0.05 - Z_998 * math.sqrt(0.05 * 0.95 / 10_000))
    lo, hi = funnel_limits(0.97, 3, Z_998)
    assert hi == 1.0


def test_classify_funnel_bands():
    rates = np.array([0.62, 0.55, 0.40, 0.25, 0.18, 0.5358, np.nan])
    out = classify_funnel(rates, 0.40, 50)
    assert list(out[:5]) == ["high", "high_95", "within", "low_95", "low"]
    assert out[6] == ""
    exact_hi = funnel_limits(0.40, 50, Z_95)[1]
    assert classify_funnel([exact_hi], 0.40, 50)[0] == "within"  # on the limit: within


# --------------------------------------------------------------------------
# Public survey
# --------------------------------------------------------------------------
def test_public_survey_weighted_by_hand():
    public = pd.DataFrame(
        {
            "respondent_id": ["P1", "P2", "P3", "P4", "P5"],
            "council_code": ["C1", None, "C2", "C1", None],
            "satisfied": ["yes", "no", "don't know", None, "yes"],
            "told": ["no", "no", "no", "yes", None],
            "weight": [2.0, 1.0, 1.0, 3.0, 0.5],
        }
    )
    out = compute_public_survey(public).set_index("measure")
    assert list(out.index) == ["satisfied", "told"]
    # satisfied: answering weights 2, 1, 1, 0.5 (don't know stays in the base); yes 2 + 0.5
    s = out.loc["satisfied"]
    assert s.n == 4
    assert s.pct == pytest.approx(2.5 / 4.5)
    n_eff = 4.5**2 / (4 + 1 + 1 + 0.25)  # 3.24
    assert n_eff == pytest.approx(3.24)
    z = 1.959963984540054
    p = 2.5 / 4.5
    centre = (p + z * z / (2 * n_eff)) / (1 + z * z / n_eff)
    half = z * math.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff**2)) / (1 + z * z / n_eff)
    assert (s.ci_low, s.ci_high) == pytest.approx((centre - half, centre + half), abs=1e-9)
    # told: weights 2, 1, 1, 3 answering; yes 3
    t = out.loc["told"]
    assert t.n == 4 and t.pct == pytest.approx(3 / 7)


def test_public_survey_unweighted_is_the_plain_wilson_interval():
    answers = ["yes"] * 270 + ["no"] * 400 + ["don't know"] * 80
    public = pd.DataFrame({"satisfied": answers, "told": answers[::-1], "weight": 1.0})
    s = compute_public_survey(public).set_index("measure").loc["satisfied"]
    assert s.n == 750 and s.pct == pytest.approx(0.36)
    assert (s.ci_low, s.ci_high) == pytest.approx(
        proportion_confint(270, 750, method="wilson"), abs=1e-12
    )


def test_public_survey_absent():
    out = compute_public_survey(None)
    assert list(out.measure) == ["satisfied", "told"]
    assert list(out.n) == [0, 0]
    assert out[["pct", "ci_low", "ci_high"]].isna().all().all()
