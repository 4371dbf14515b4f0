"""Sentences written from the figures: words for proportions, rounding, and no sentence
from nothing. Expected strings are written out by hand from methodology section 7."""

from __future__ import annotations

import math

import pytest

from helpers.report.narrative.agreement import (
    as_clause,
    write_agreement_sentence,
    write_comparison_sentence,
    write_comparisons_introduction,
    write_no_difference_sentence,
)
from helpers.report.narrative.groups import phrase_proportion
from helpers.report.narrative.maturity import write_level_comparison, write_level_sentence
from helpers.report.narrative.numbers import format_decimal
from helpers.report.narrative.public import write_public_sentence
from helpers.report.narrative.responses import write_funnel_sentence


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (1.0, "all officers (100%)"),
        (0.9, "nearly all officers (90%)"),
        (0.899, "most officers (90%)"),  # the word comes from p, the figure is rounded
        (0.75, "most officers (75%)"),
        (0.7499, "a majority of officers (75%)"),
        (0.62, "a majority of officers (62%)"),
        (0.5, "half of the officers (50%)"),
        (0.4999, "a minority of officers (50%)"),
        (0.16, "a minority of officers (16%)"),
        (0.15, "few officers (15%)"),
        (0.01, "few officers (1%)"),
        (0.0, "none of the officers (0%)"),
    ],
)
def test_phrase_proportion_uses_the_word_of_each_band(p, expected):
    assert phrase_proportion(p, "officer") == expected


def test_agreement_sentence_names_each_published_group():
    sentence = write_agreement_sentence(
        "The council treats data as an asset.", {"officer": 0.62, "member": 0.4}
    )
    assert sentence == (
        "A majority of officers (62%) and a minority of elected members (40%) agree that "
        "the council treats data as an asset."
    )


def test_agreement_sentence_of_a_negative_statement_says_disagree():
    sentence = write_agreement_sentence(
        "Data protection stops us sharing data", {"all": 0.8}, reverse=True
    )
    assert sentence == "Most respondents (80%) disagree that data protection stops us sharing data."


def test_agreement_sentence_rounds_half_up():
    # 0.375 -> 38%, 0.285 -> 29% (not 28% as binary rounding would give)
    sentence = write_agreement_sentence("X", {"officer": 0.375, "member": 0.285})
    assert "(38%)" in sentence and "(29%)" in sentence


def test_no_sentence_from_nothing():
    with pytest.raises(ValueError, match="no published proportion"):
        write_agreement_sentence("X", {})
    with pytest.raises(ValueError, match="no published proportion"):
        write_level_sentence("Leadership", {})


def test_a_suppressed_figure_cannot_be_worded():
    # a suppressed statistic is empty (NaN) in the processed tables
    with pytest.raises(ValueError):
        write_agreement_sentence("X", {"officer": math.nan})


def test_unknown_group_is_refused():
    with pytest.raises(ValueError, match="unknown group"):
        write_agreement_sentence("X", {"staff": 0.5})


@pytest.mark.parametrize(
    ("statement", "clause"),
    [
        ("The council shares data.", "the council shares data"),
        ("GIS mapping is used widely", "GIS mapping is used widely"),
        ("I know who to ask.", "I know who to ask"),
        ("  Data   is  valued ", "data is valued"),
    ],
)
def test_as_clause(statement, clause):
    assert as_clause(statement) == clause


def test_level_sentences():
    assert write_level_sentence("Leadership", {"officer": 0.8125, "member": 1 / 3}) == (
        "On Leadership, most officers (81%) and a minority of elected members (33%) place "
        "the council at level 2 or 3."
    )
    assert write_level_comparison("Leadership", "Caerphilly", 1.85, 2, 2.25, 2) == (
        "Taking all Caerphilly respondents together, the average answer on Leadership is "
        "1.9 (level 2), against 2.3 (level 2) across Wales."
    )
    assert write_level_comparison("Open Data", "Newport", 2.0, 2) == (
        "Taking all Newport respondents together, the average answer on Open Data is 2.0 (level 2)."
    )


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(2.25, 1, "2.3"), (2.0, 1, "2.0"), (1.849, 1, "1.8"), (0.125, 2, "0.13")],
)
def test_format_decimal_rounds_half_up(value, decimals, expected):
    assert format_decimal(value, decimals) == expected


def test_format_decimal_refuses_nan():
    with pytest.raises(ValueError):
        format_decimal(math.nan)


def test_comparison_sentences():
    assert write_comparison_sentence("Data is shared.", "Caerphilly", "higher", 0.64, 0.48) == (
        "Respondents in Caerphilly are more likely than those in the rest of Wales to agree "
        "that data is shared (64% against 48%)."
    )
    lower = write_comparison_sentence("Silos block us.", "Newport", "lower", 0.2, 0.5, reverse=True)
    assert lower.startswith("Respondents in Newport are less likely")
    assert "to disagree that silos block us (20% against 50%)" in lower
    with pytest.raises(ValueError, match="higher"):
        write_comparison_sentence("X", "Newport", "similar", 0.2, 0.5)


def test_no_difference_sentences():
    assert "Too few Newport respondents" in write_no_difference_sentence("Newport", 0)
    assert "the one statement" in write_no_difference_sentence("Newport", 1)
    assert write_no_difference_sentence("Newport", 3) == (
        "On none of the 3 statements compared do Newport respondents differ significantly "
        "from the rest of Wales."
    )


@pytest.mark.parametrize(
    ("funnel", "words"),
    [
        ("within", "is within the range expected around the Wales rate of 41%"),
        ("high", "is above the 99.8% limit"),
        ("low", "is below the 99.8% limit"),
        ("high_95", "is above the 95% limit, but within the 99.8% limit"),
        ("low_95", "is below the 95% limit, but within the 99.8% limit"),
    ],
)
def test_funnel_sentence(funnel, words):
    sentence = write_funnel_sentence("Caerphilly", "officer", 0.4792, 0.41, funnel)
    assert sentence.startswith("The response rate of Caerphilly's officers (48%) ")
    assert words in sentence


def test_funnel_sentence_refuses_an_unknown_position():
    with pytest.raises(ValueError, match="funnel"):
        write_funnel_sentence("Caerphilly", "officer", 0.5, 0.4, "")


def test_public_sentences():
    assert write_public_sentence(0.36, "satisfied") == (
        "A minority of people who answered (36%) were satisfied that the information their "
        "council holds is used effectively to plan and provide services."
    )
    assert write_public_sentence(0.12, "told") == (
        "Few people who answered (12%) had been told what their council does with their "
        "personal data."
    )
    with pytest.raises(ValueError, match="measure"):
        write_public_sentence(0.12, "were told")


def test_a_group_at_zero_is_not_joined_to_a_group_above_zero():
    # Welsh needs a negative verb for "none" and not for the others: two sentences
    assert write_agreement_sentence("X", {"officer": 0.8, "member": 0.0}) == (
        "Most officers (80%) agree that x. None of the elected members (0%) agree."
    )
    assert write_level_sentence("Leadership", {"officer": 0.0, "member": 0.5}) == (
        "On Leadership, none of the officers (0%) place the council at level 2 or 3. "
        "Half of the elected members (50%) do so."
    )
    assert write_agreement_sentence("X", {"officer": 0.0, "member": 0.0}, reverse=True) == (
        "None of the officers (0%) and none of the elected members (0%) disagree that x."
    )


def test_comparisons_introduction_takes_the_plural_of_its_count():
    assert write_comparisons_introduction("Newport", 1, 1) == (
        "Of the 1 statement of this theme that could be compared, Newport respondents "
        "differ significantly from those in the rest of Wales on 1:"
    )
    assert write_comparisons_introduction("Newport", 4, 2).startswith(
        "Of the 4 statements of this theme"
    )
