"""Maturity, agreement, themes and comparisons, on frames built in code.

Expected values are computed here by hand or with plain Python (``statistics``),
independently of the module's counting.
"""

from __future__ import annotations

import math
import statistics

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from helpers.config import Z_95
from helpers.data.columns import (
    AGREEMENT_COLUMNS,
    COMPARISON_COLUMNS,
    MATURITY_COLUMNS,
    THEME_COLUMNS,
)
from helpers.stats.scoring import (
    compare_with_wales,
    number_respondents,
    score_agreement,
    score_maturity,
    score_themes,
    tidy_answers,
)

PIN = 5e-5
DK = "Don't know"
SA, A, NN, D, SD = (
    "Strongly agree",
    "Agree",
    "Neither agree nor disagree",
    "Disagree",
    "Strongly disagree",
)
SCORE = {SA: 5, A: 4, NN: 3, D: 2, SD: 1}

QUESTIONS = pd.DataFrame(
    [
        ("L_lead", "level", "vision", "leadership", "both", False, "?"),
        ("L_cust", "level", "vision", "customer_data", "officer", False, "?"),
        ("A1", "likert", "vision", "leadership", "both", False, "?"),
        ("A2", "likert", "vision", None, "both", True, "?"),
        ("A3", "likert", "skills", None, "officer", False, "?"),
        ("T1", "text", "vision", None, "both", False, "?"),
    ],
    columns=["question_id", "kind", "theme", "characteristic", "asked_of", "reverse", "text"],
)
QIDS = list(QUESTIONS.question_id)
# C1 surveyed both groups; C2 surveyed officers only (members not surveyed).
INVITATIONS = pd.DataFrame(
    [("C1", "officer", 30), ("C1", "member", 20), ("C2", "officer", 12)],
    columns=["council_code", "group", "invited"],
)

# The example of the brief: 15 officers of C1 answer A1.
A1_OFFICERS = [SA, A, A, NN, SA, D, A, DK, A, NN, SA, SD, None, A, DK]
A2_OFFICERS = [SD, SD, D, NN, A, SA, DK, None, D, D, NN, A, SA, SD, D]
L_LEAD_OFFICERS = ["1", "2", "2", "3", DK, None, "3", "2", "1", "1", "2", "3", "2", "2", DK]
A3_OFFICERS = [A] * 10 + [D] * 5
A1_MEMBERS = [A, DK, DK]
L_LEAD_MEMBERS = ["1", "1", DK]


def wide(rows) -> pd.DataFrame:
    """rows: (council, group, {question: answer}) -> wide responses, None for empty."""
    records = [
        {"respondent_id": f"ID-{i:03d}", "council_code": c, "group": g}
        | {q: answers.get(q) for q in QIDS}
        for i, (c, g, answers) in enumerate(rows)
    ]
    return pd.DataFrame(records, dtype=object)


def example_responses() -> pd.DataFrame:
    rows = []
    for i in range(15):
        rows.append(
            (
                "C1",
                "officer",
                {
                    "A1": A1_OFFICERS[i],
                    "A2": A2_OFFICERS[i],
                    "L_lead": L_LEAD_OFFICERS[i],
                    "A3": A3_OFFICERS[i],
                    "T1": "free text",
                },
            )
        )
    for i in range(3):
        rows.append(("C1", "member", {"A1": A1_MEMBERS[i], "L_lead": L_LEAD_MEMBERS[i]}))
    for _ in range(12):  # every C2 officer: Agree to A1, "Don't know" to L_lead
        rows.append(("C2", "officer", {"A1": A, "L_lead": DK, "A3": SA}))
    return wide(rows)


@pytest.fixture(scope="module")
def answers() -> pd.DataFrame:
    return tidy_answers(example_responses(), QUESTIONS)


def row(table: pd.DataFrame, **key) -> pd.Series:
    mask = np.ones(len(table), dtype=bool)
    for column, value in key.items():
        mask &= (table[column] == value).to_numpy()
    assert mask.sum() == 1, key
    return table[mask].iloc[0]


def keys(table: pd.DataFrame, columns) -> set[tuple]:
    return set(table[list(columns)].itertuples(index=False, name=None))


# --------------------------------------------------------------------------
# The long table
# --------------------------------------------------------------------------
def test_tidy_answers_melts_scored_answers_once():
    data = wide(
        [
            ("C1", "officer", {"L_lead": "2", "A1": SA, "A2": SA, "T1": "x"}),
            ("C1", "member", {"L_lead": DK, "A2": D}),
            ("C2", "officer", {}),
        ]
    )
    long = tidy_answers(data, QUESTIONS)
    got = [
        (r.respondent, r.question_id, r.answer, None if math.isnan(r.score) else r.score)
        for r in long.itertuples()
    ]
    assert got == [
        (0, "L_lead", "2", 2.0),
        (0, "A1", SA, 5.0),
        (0, "A2", SA, 1.0),  # reversed: 6 - 5
        (1, "L_lead", DK, None),
        (1, "A2", D, 4.0),  # reversed: 6 - 2
    ]  # blanks and text left out; order: respondent, then question
    assert list(long.council_code.astype(str)) == ["C1"] * 5
    assert list(long.theme.astype(str)) == ["vision"] * 5


def test_tidy_answers_rejects_an_answer_of_the_wrong_kind():
    data = wide([("C1", "officer", {"L_lead": "Agree"})])
    with pytest.raises(ValueError, match="L_lead"):
        tidy_answers(data, QUESTIONS)


def test_number_respondents_counts_within_each_council():
    data = wide(
        [
            ("C1", "officer", {}),
            ("C2", "officer", {}),
            ("C1", "member", {}),
            ("C1", "officer", {}),
            ("C2", "officer", {}),
        ]
    )
    assert list(number_respondents(data)) == [1, 1, 2, 3, 2]


# --------------------------------------------------------------------------
# Agreement
# --------------------------------------------------------------------------
def test_agreement_pinned_example(answers):
    table = score_agreement(answers, QUESTIONS, INVITATIONS)
    assert tuple(table.columns[: len(AGREEMENT_COLUMNS)]) == AGREEMENT_COLUMNS
    r = row(table, council_code="C1", group="officer", question_id="A1")
    assert (r.n, r.agree, r.invited) == (12, 8, 30)
    assert r.agree_pct == pytest.approx(0.6667, abs=PIN)
    assert r.mean_score == pytest.approx(3.6667, abs=PIN)
    assert r.theme == "vision"
    # Wilson with FPC, written out: n_eff = 12 * 29 / 18
    p, n_eff, z = 8 / 12, 12 * 29 / 18, Z_95
    centre = (p + z * z / (2 * n_eff)) / (1 + z * z / n_eff)
    half = z * math.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff**2)) / (1 + z * z / n_eff)
    assert (r.ci_low, r.ci_high) == pytest.approx((centre - half, centre + half), abs=1e-12)


def test_agreement_reverse_worded_statement(answers):
    table = score_agreement(answers, QUESTIONS, INVITATIONS)
    r = row(table, council_code="C1", group="officer", question_id="A2")
    scores = [6 - SCORE[a] for a in A2_OFFICERS if a in SCORE]
    assert r.n == len(scores) == 13
    assert r.agree == sum(s >= 4 for s in scores) == 7  # the disagreeing answers
    assert r.mean_score == pytest.approx(statistics.mean(scores))


def test_agreement_groups_all_and_wales(answers):
    table = score_agreement(answers, QUESTIONS, INVITATIONS)
    # all = officers + members; N = invited of the groups asked
    r = row(table, council_code="C1", group="all", question_id="A1")
    assert (r.n, r.agree, r.invited) == (13, 9, 50)
    assert row(table, council_code="C1", group="member", question_id="A1").n == 1
    # A3 is asked of officers only: no member rows, and all has N = officers invited
    assert row(table, council_code="C1", group="all", question_id="A3").invited == 30
    assert not ((table.group == "member") & (table.question_id == "A3")).any()
    # C2 did not survey members: no member rows at all
    assert not ((table.council_code == "C2") & (table.group == "member")).any()
    # Wales pools every council, N = Wales totals of the groups asked
    w = row(table, council_code="Wales", group="all", question_id="A1")
    assert (w.n, w.agree, w.invited) == (25, 21, 62)
    w = row(table, council_code="Wales", group="officer", question_id="A3")
    assert (w.n, w.agree, w.invited) == (27, 22, 42)
    assert row(table, council_code="Wales", group="all", question_id="A3").invited == 42
    # a census (12 of 12, all agreeing): zero-width interval
    c = row(table, council_code="C2", group="officer", question_id="A1")
    assert (c.n, c.agree_pct, c.ci_low, c.ci_high) == (12, 1.0, 1.0, 1.0)
    # members surveyed and asked A2 but none answered it: a row with n = 0
    m = row(table, council_code="C1", group="member", question_id="A2")
    assert m.n == 0 and np.isnan(m.agree_pct) and np.isnan(m.ci_low)
    # sorted by key
    assert list(
        table[["council_code", "group", "question_id"]].itertuples(index=False, name=None)
    ) == sorted(keys(table, ["council_code", "group", "question_id"]))


# --------------------------------------------------------------------------
# Maturity
# --------------------------------------------------------------------------
def test_maturity_example(answers):
    table = score_maturity(answers, QUESTIONS, INVITATIONS)
    assert tuple(table.columns[: len(MATURITY_COLUMNS)]) == MATURITY_COLUMNS
    values = [int(a) for a in L_LEAD_OFFICERS if a in ("1", "2", "3")]
    r = row(table, council_code="C1", group="officer", characteristic="leadership")
    assert r.n == len(values) == 12
    assert r.mean_level == pytest.approx(statistics.mean(values))
    assert r.sd == pytest.approx(statistics.stdev(values), abs=1e-12)
    half = (
        stats.t.ppf(0.975, 11) * statistics.stdev(values) / math.sqrt(12) * math.sqrt(1 - 12 / 30)
    )
    assert (r.ci_low, r.ci_high) == pytest.approx((2.0 - half, 2.0 + half), abs=1e-12)
    assert (r.level, r.n_level_1, r.n_level_2, r.n_level_3) == (2, 3, 6, 3)

    m = row(table, council_code="C1", group="member", characteristic="leadership")
    assert (m.n, m.mean_level, m.level, m.n_level_1) == (2, 1.0, 1, 2)
    a = row(table, council_code="C1", group="all", characteristic="leadership")
    assert (a.n, a.invited, a.n_level_1, a.n_level_2, a.n_level_3) == (14, 50, 5, 6, 3)
    assert a.mean_level == pytest.approx(26 / 14)
    assert a.sd == pytest.approx(statistics.stdev(values + [1, 1]), abs=1e-12)


def test_maturity_every_answer_dont_know_and_unasked_groups(answers):
    table = score_maturity(answers, QUESTIONS, INVITATIONS)
    r = row(table, council_code="C2", group="officer", characteristic="leadership")
    assert r.n == 0 and np.isnan(r.mean_level) and pd.isna(r.level)
    assert (r.n_level_1, r.n_level_2, r.n_level_3) == (0, 0, 0)
    # customer_data is asked of officers only: no member rows; all has officers' N
    assert not ((table.characteristic == "customer_data") & (table.group == "member")).any()
    assert row(table, council_code="C1", group="all", characteristic="customer_data").invited == 30
    assert not ((table.council_code == "C2") & (table.group == "member")).any()
    w = row(table, council_code="Wales", group="officer", characteristic="leadership")
    assert (w.n, w.invited) == (12, 42)


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        (["1", "2"], 2),
        (["2", "3"], 3),
        (["1", "1", "2"], 1),
        (["2", "2", "3", "3", "1"], 2),
        (["3"], 3),
    ],
)
def test_maturity_level_thresholds(levels, expected):
    data = wide([("C1", "officer", {"L_lead": v}) for v in levels])
    table = score_maturity(tidy_answers(data, QUESTIONS), QUESTIONS, INVITATIONS)
    r = row(table, council_code="C1", group="officer", characteristic="leadership")
    assert r.level == expected
    if len(levels) == 1:  # n = 1: no interval
        assert np.isnan(r.ci_low) and np.isnan(r.sd)


def test_maturity_census_has_zero_width():
    invitations = pd.DataFrame([("C9", "officer", 3)], columns=["council_code", "group", "invited"])
    data = wide([("C9", "officer", {"L_lead": v}) for v in ("1", "2", "3")])
    table = score_maturity(tidy_answers(data, QUESTIONS), QUESTIONS, invitations)
    r = row(table, council_code="C9", group="officer", characteristic="leadership")
    assert (r.ci_low, r.ci_high) == (2.0, 2.0)


# --------------------------------------------------------------------------
# Themes
# --------------------------------------------------------------------------
def hand_theme(responses: list[dict], questions: list[str], N: int):
    """Theme score by the definition, in plain Python."""
    means, scored, agreeing = [], 0, 0
    for person in responses:
        scores = []
        for q in questions:
            a = person.get(q)
            if a in SCORE:
                s = 6 - SCORE[a] if q == "A2" else SCORE[a]
                scores.append(s)
        if scores:
            means.append(sum(scores) / len(scores))
            scored += len(scores)
            agreeing += sum(s >= 4 for s in scores)
    n = len(means)
    mean = sum(means) / n
    sd = statistics.stdev(means)
    half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n) * math.sqrt(1 - n / N)
    return n, mean, mean - half, mean + half, agreeing / scored


def test_theme_scores_by_hand(answers):
    table = score_themes(answers, QUESTIONS, INVITATIONS)
    assert tuple(table.columns[: len(THEME_COLUMNS)]) == THEME_COLUMNS
    officers = [{"A1": a1, "A2": a2} for a1, a2 in zip(A1_OFFICERS, A2_OFFICERS, strict=True)]
    members = [{"A1": a} for a in A1_MEMBERS]
    for group, people, N in (("officer", officers, 30), ("all", officers + members, 50)):
        n, mean, lo, hi, agree_pct = hand_theme(people, ["A1", "A2"], N)
        r = row(table, council_code="C1", group=group, theme="vision")
        assert r.n == n
        assert r.theme_score == pytest.approx(mean, abs=1e-12)
        assert (r.ci_low, r.ci_high) == pytest.approx((lo, hi), abs=1e-12)
        assert r.theme_agree_pct == pytest.approx(agree_pct, abs=1e-12)
    # the 8th officer answered "Don't know" and left A2 blank: no scored answer, not counted
    assert row(table, council_code="C1", group="officer", theme="vision").n == 14
    m = row(table, council_code="C1", group="member", theme="vision")
    assert (m.n, m.theme_score) == (1, 4.0) and np.isnan(m.ci_low)


def test_theme_rows_follow_the_groups_asked(answers):
    table = score_themes(answers, QUESTIONS, INVITATIONS)
    # skills has one officer-only statement: no member rows; all has N = officers
    assert not ((table.theme == "skills") & (table.group == "member")).any()
    assert row(table, council_code="C1", group="all", theme="skills").invited == 30
    w = row(table, council_code="Wales", group="all", theme="skills")
    assert (w.n, w.invited) == (27, 42)
    assert w.theme_agree_pct == pytest.approx(22 / 27)
    assert keys(table, ["council_code", "group"]) == {
        ("C1", "officer"),
        ("C1", "member"),
        ("C1", "all"),
        ("C2", "officer"),
        ("C2", "all"),
        ("Wales", "officer"),
        ("Wales", "member"),
        ("Wales", "all"),
    }


# --------------------------------------------------------------------------
# Comparisons with the rest of Wales
# --------------------------------------------------------------------------
def agreement_rows(rows) -> pd.DataFrame:
    """rows: (council, question, n, agree) for group all; Wales rows summed here."""
    frame = pd.DataFrame(rows, columns=["council_code", "question_id", "n", "agree"])
    wales = frame.groupby("question_id", as_index=False)[["n", "agree"]].sum()
    wales["council_code"] = "Wales"
    out = pd.concat([frame, wales], ignore_index=True)
    out["group"] = "all"
    return out


def test_comparison_pinned():
    table = compare_with_wales(agreement_rows([("C1", "Q1", 96, 46), ("C2", "Q1", 74, 18)]))
    assert tuple(table.columns[: len(COMPARISON_COLUMNS)]) == COMPARISON_COLUMNS
    c1 = row(table, council_code="C1")
    assert c1.council_agree_pct == pytest.approx(46 / 96)
    assert c1.rest_agree_pct == pytest.approx(18 / 74)
    assert c1.z == pytest.approx(3.1478, abs=PIN)
    assert c1.p_value == pytest.approx(0.0016, abs=PIN)
    assert c1.p_adjusted == pytest.approx(c1.p_value)  # a family of one
    assert c1.difference == "higher"
    c2 = row(table, council_code="C2")
    assert c2.z == pytest.approx(-3.1478, abs=PIN) and c2.difference == "lower"


def test_comparison_holm_within_each_council_and_skips():
    table = compare_with_wales(
        agreement_rows(
            [
                ("C1", "Q1", 96, 46),
                ("C1", "Q2", 40, 20),
                ("C1", "Q3", 4, 4),
                ("C1", "Q4", 30, 0),
                ("C1", "Q5", 20, 10),
                ("C2", "Q1", 74, 18),
                ("C2", "Q2", 50, 22),
                ("C2", "Q3", 60, 20),
                ("C2", "Q4", 20, 0),
                ("C2", "Q5", 0, 0),
            ]
        )
    )
    c1 = table[table.council_code == "C1"].set_index("question_id")
    # Q3: council n < 5 -> skipped, and its percentage is not published
    assert np.isnan(c1.loc["Q3", "council_agree_pct"]) and np.isnan(c1.loc["Q3", "z"])
    # nor is the rest of Wales: Wales minus the rest would give it back
    assert np.isnan(c1.loc["Q3", "rest_agree_pct"])
    assert c1.loc["Q3", "skip_reason"] == "council_n_below_min"
    # Q4: nobody agrees anywhere (pooled proportion 0) -> skipped
    assert np.isnan(c1.loc["Q4", "p_value"]) and c1.loc["Q4", "skip_reason"] != ""
    # Q5: no other council has answers -> rest empty, skipped
    assert np.isnan(c1.loc["Q5", "rest_agree_pct"]) and c1.loc["Q5", "skip_reason"] != ""
    for q in ("Q3", "Q4", "Q5"):
        assert pd.isna(c1.loc[q, "difference"]) and np.isnan(c1.loc[q, "p_adjusted"])
    # Holm over the two tested questions of C1 only
    p1, p2 = c1.loc["Q1", "p_value"], c1.loc["Q2", "p_value"]
    lo, hi = sorted([p1, p2])
    adjusted = {p1: None, p2: None}
    adjusted[lo] = min(1.0, 2 * lo)
    adjusted[hi] = min(1.0, max(2 * lo, hi))
    assert c1.loc["Q1", "p_adjusted"] == pytest.approx(adjusted[p1])
    assert c1.loc["Q2", "p_adjusted"] == pytest.approx(adjusted[p2])
    assert c1.loc["Q2", "difference"] == "similar"
    # C2's family is separate: Q5 with n = 0 is skipped there too
    c2 = table[table.council_code == "C2"].set_index("question_id")
    assert c2.loc["Q5", "skip_reason"] == "council_n_below_min"
    assert list(table[["council_code", "question_id"]].itertuples(index=False, name=None)) == (
        sorted(keys(table, ["council_code", "question_id"]))
    )


def test_comparison_rows_follow_the_groups_surveyed(answers):
    table = compare_with_wales(score_agreement(answers, QUESTIONS, INVITATIONS))
    assert keys(table, ["council_code", "question_id"]) == {
        ("C1", "A1"),
        ("C1", "A2"),
        ("C1", "A3"),
        ("C2", "A1"),
        ("C2", "A2"),
        ("C2", "A3"),
    }  # C2 officers were asked A2 and none answered it: still a row (skipped)
    assert row(table, council_code="C2", question_id="A2").skip_reason == "council_n_below_min"
    c2 = row(table, council_code="C2", question_id="A1")
    assert c2.council_agree_pct == 1.0
    assert c2.rest_agree_pct == pytest.approx(9 / 13)
