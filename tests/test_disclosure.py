"""Small-number suppression and redaction of comments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.config import REDACTION_MARK
from helpers.stats.disclosure import (
    protect_wales_rows,
    redact,
    suppress_rows,
    suppress_small_numbers,
)

STATS = ["mean", "count"]
KEY = ["council_code", "characteristic"]


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["council_code", "group", "characteristic", "n", "mean", "count"]
    )


def by_key(out: pd.DataFrame, council: str, group: str, characteristic: str) -> pd.Series:
    rows = out[
        (out.council_code == council)
        & (out.group == group)
        & (out.characteristic == characteristic)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def test_primary_and_secondary_suppression():
    # Anglesey-like: 3 members answered, 10 officers, 13 in all.
    out = suppress_small_numbers(
        frame(
            [
                ("A", "officer", "leadership", 10, 2.1, 4),
                ("A", "member", "leadership", 3, 1.7, 1),
                ("A", "all", "leadership", 13, 2.0, 5),
                ("A", "officer", "standards", 10, 2.3, 4),
                ("A", "member", "standards", 5, 1.2, 1),
                ("A", "all", "standards", 15, 1.9, 5),
            ]
        ),
        STATS,
        KEY,
    )
    member = by_key(out, "A", "member", "leadership")
    assert member.suppressed and member.suppression == "primary"
    assert member.n == 3 and pd.isna(member["mean"]) and pd.isna(member["count"])
    officer = by_key(out, "A", "officer", "leadership")
    assert officer.suppressed and officer.suppression == "secondary"
    assert officer.n == 10 and pd.isna(officer["mean"]) and pd.isna(officer["count"])
    pooled = by_key(out, "A", "all", "leadership")
    assert not pooled.suppressed and pooled.suppression == ""
    assert pooled["mean"] == 2.0 and pooled["count"] == 5
    # Another statistic of the same council is not touched (n = 5 is published).
    for group in ("officer", "member", "all"):
        row = by_key(out, "A", group, "standards")
        assert not row.suppressed and not pd.isna(row["mean"])
    # Integer statistics become nullable integers, not floats.
    assert str(out["count"].dtype) == "Int64"


def test_suppression_when_only_one_group_was_surveyed():
    # Newport-like: officers only; 4 answered, so officer and all are both primary.
    out = suppress_small_numbers(
        frame([("N", "officer", "leadership", 4, 2.0, 1), ("N", "all", "leadership", 4, 2.0, 1)]),
        STATS,
        KEY,
    )
    assert list(out.suppression) == ["primary", "primary"]


def test_zero_answers_are_suppressed_and_wales_rows_follow_the_same_rule():
    out = suppress_small_numbers(
        frame(
            [
                ("Wales", "officer", "leadership", 40, 2.0, 9),
                ("Wales", "member", "leadership", 0, np.nan, 0),
                ("Wales", "all", "leadership", 40, 2.0, 9),
                ("B", "officer", "leadership", 40, 2.0, 9),  # another council: unaffected
                ("B", "member", "leadership", 6, 2.0, 2),
            ]
        ),
        STATS,
        KEY,
    )
    assert list(out.suppression) == ["secondary", "primary", "", "", ""]
    assert list(out.suppressed) == [True, True, False, False, False]


def test_suppression_keeps_the_input_unchanged_and_checks_columns():
    data = frame([("A", "member", "leadership", 3, 1.7, 1)])
    before = data.copy()
    suppress_small_numbers(data, STATS, KEY)
    pd.testing.assert_frame_equal(data, before)
    with pytest.raises(ValueError, match="not in the frame"):
        suppress_small_numbers(data, ["missing"], KEY)


def test_min_n_is_a_parameter():
    data = frame([("A", "officer", "x", 7, 1.0, 1), ("A", "member", "x", 9, 1.0, 1)])
    out = suppress_small_numbers(data, STATS, KEY, min_n=8)
    assert list(out.suppression) == ["primary", "secondary"]


# --------------------------------------------------------------------------
# Redaction
# --------------------------------------------------------------------------
R = REDACTION_MARK


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call 029 2032 0500 today", f"Call {R} today"),
        ("Call 02920 320500.", f"Call {R}."),
        ("Ring +44 29 2032 0500", f"Ring {R}"),
        ("Ring +44 (0)29 2032 0500", f"Ring {R}"),
        ("mobile 07700 900123, evenings", f"mobile {R}, evenings"),
        ("(029) 2032 0500", R),
        ("Freephone 0800 123 4567", f"Freephone {R}"),
        ("tel: 01633 656656", f"tel: {R}"),
        ("029-2032-0500", R),
        ("jane.doe@example.gov.uk", R),
        ("Ask jane.doe@example.gov.uk before sharing.", f"Ask {R} before sharing."),
        ("see https://example.org/plan.", f"see {R}."),
        ("see (https://www.caerphilly.gov.uk/a?b=1&c=2), then", f"see ({R}), then"),
        ("www.audit.wales/publications", R),
        ("audit.wales/page and example.org.", f"{R} and {R}."),
        ("our portal data.gov.uk works", f"our portal {R} works"),
    ],
)
def test_redact_replaces_addresses_and_numbers(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "In 2017-2022 we saved 80% of £883,000.",
        "3 of 5 services, e.g. housing, etc.",
        "Version 1.2.3 scored 4.5/5 on 01/02/2020.",
        "2,000 staff serve 100,000 residents.",
        "ref 0123 and 0.5 of a post",
        'Silos, and "legacy" systems,\nacross services',
    ],
)
def test_redact_leaves_ordinary_text_alone(text):
    assert redact(text) == text


def test_redact_series_and_missing_values():
    series = pd.Series(["a@b.com", None, "fine", "call 029 2088 0000"], index=[5, 6, 7, 8])
    out = redact(series)
    assert list(out.index) == [5, 6, 7, 8]
    assert out[5] == R and pd.isna(out[6]) and out[7] == "fine" and out[8] == f"call {R}"
    assert redact(None) is None
    with pytest.raises(TypeError):
        redact(42)


def wales_frame(member_n: dict[str, int]) -> pd.DataFrame:
    """Councils with 20 officers each and the given members; Wales rows pooled by hand."""
    rows = []
    for code, members in member_n.items():
        rows += [
            (code, "officer", "leadership", 20, 2.0, 8),
            (code, "member", "leadership", members, 2.0, 1),
            (code, "all", "leadership", 20 + members, 2.0, 9),
        ]
    officers, members = 20 * len(member_n), sum(member_n.values())
    rows += [
        ("Wales", "officer", "leadership", officers, 2.0, 8 * len(member_n)),
        ("Wales", "member", "leadership", members, 2.0, len(member_n)),
        ("Wales", "all", "leadership", officers + members, 2.0, 9 * len(member_n)),
    ]
    return suppress_small_numbers(frame(rows), STATS, KEY)


def test_wales_rows_withheld_where_they_would_give_back_one_small_group():
    # Wales members minus B's and C's members would be A's 3 members.
    out = protect_wales_rows(wales_frame({"A": 3, "B": 12, "C": 15}), STATS, ["characteristic"])
    for group in ("officer", "member"):
        row = by_key(out, "Wales", group, "leadership")
        assert row.suppressed and row.suppression == "secondary"
        assert pd.isna(row["mean"]) and pd.isna(row["count"]) and row.n > 0
    pooled = by_key(out, "Wales", "all", "leadership")
    assert not pooled.suppressed and pooled["count"] == 27
    # council rows are as suppress_small_numbers left them
    assert by_key(out, "B", "member", "leadership")["count"] == 1


def test_wales_rows_kept_when_the_hidden_groups_pool_to_five_or_more():
    # A's 3 and B's 4 members are hidden; Wales minus C gives only their 7 together.
    out = protect_wales_rows(wales_frame({"A": 3, "B": 4, "C": 15}), STATS, ["characteristic"])
    assert not out.loc[out.council_code == "Wales", "suppressed"].any()
    assert by_key(out, "Wales", "member", "leadership")["count"] == 3


def test_wales_rows_kept_when_nothing_is_hidden():
    out = protect_wales_rows(wales_frame({"A": 5, "B": 6}), STATS, ["characteristic"])
    assert not out["suppressed"].any()


def test_wales_pooled_row_withheld_when_a_whole_council_is_too_small():
    rows = [
        ("A", "officer", "leadership", 2, 2.0, 1),
        ("A", "all", "leadership", 2, 2.0, 1),
        ("B", "officer", "leadership", 30, 2.5, 10),
        ("B", "all", "leadership", 30, 2.5, 10),
        ("Wales", "officer", "leadership", 32, 2.47, 11),
        ("Wales", "all", "leadership", 32, 2.47, 11),
    ]
    out = protect_wales_rows(
        suppress_small_numbers(frame(rows), STATS, KEY), STATS, ["characteristic"]
    )
    assert by_key(out, "A", "all", "leadership").suppressed
    assert by_key(out, "Wales", "all", "leadership").suppressed
    assert by_key(out, "Wales", "officer", "leadership").suppressed
    assert not by_key(out, "B", "all", "leadership").suppressed


def test_wales_protection_needs_the_suppression_columns():
    with pytest.raises(ValueError, match="suppressed"):
        protect_wales_rows(frame([]), STATS, ["characteristic"])


def test_complementary_suppression_blanks_the_chosen_rows_and_keeps_earlier_reasons():
    out = suppress_small_numbers(
        frame(
            [
                ("A", "officer", "leadership", 10, 2.1, 4),
                ("A", "member", "leadership", 3, 1.7, 1),
                ("A", "all", "leadership", 13, 2.0, 5),
                ("B", "officer", "leadership", 12, 2.4, 6),
                ("B", "member", "leadership", 9, 1.9, 2),
                ("B", "all", "leadership", 21, 2.2, 8),
            ]
        ),
        STATS,
        KEY,
    )
    chosen = (out.council_code == "B") & (out.group != "all") | (out.group == "member")
    done = suppress_rows(out, STATS, chosen.to_numpy())
    assert list(done.suppression) == [
        "secondary",
        "primary",
        "",
        "complementary",
        "complementary",
        "",
    ]
    b_officer = by_key(done, "B", "officer", "leadership")
    assert b_officer.suppressed and b_officer.n == 12 and pd.isna(b_officer["mean"])
    assert by_key(done, "B", "all", "leadership")["mean"] == 2.2  # every other figure unchanged
    assert str(done["count"].dtype) == "Int64"
