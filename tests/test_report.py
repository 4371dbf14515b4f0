"""The council report: the figures and words it shows, and the rules of its notebook.

Most tests build a small ``CouncilData`` in code (a council "Testshire" with
both groups, another with officers only) so that every expected cell can be
written out by hand. The last tests load what ``build`` writes for the fixture
data, and run the notebook through papermill.
"""

from __future__ import annotations

import ast
import base64
import dataclasses
import json
import math
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402

from helpers import config, report
from helpers.data.councils import Council  # noqa: E402
from helpers.errors import MissingDataError, UnknownCouncilError  # noqa: E402
from helpers.report.charts.funnel import plot_funnel  # noqa: E402

NOTEBOOK = config.PROJECT_ROOT / "notebooks" / "council_report.ipynb"
PAIRED = NOTEBOOK.with_suffix(".py")
SUPPRESSED = "fewer than 5 responses"
ASSET = "the council treats data as an asset"
SECONDARY = "not shown, to protect a small group"
T, OTHER = "W06000090", "W06000091"  # Testshire (both groups), Otherton (officers only)


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def _text(html: str) -> str:
    """The text a reader sees of an HTML fragment, white space collapsed."""
    return " ".join(_soup(html).get_text(" ").split())


def _items(html: str) -> list[str]:
    """The text of each list item."""
    return [" ".join(li.get_text(" ").split()) for li in _soup(html).find_all("li")]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --------------------------------------------------------------------------
# A small data set built in code
# --------------------------------------------------------------------------
COUNCILS = pd.DataFrame(
    {
        "council_code": [T, OTHER],
        "name": ["Testshire County Council", "Otherton City Council"],
        "name_cy": ["Cyngor Sir Prawf", "Cyngor Dinas Arall"],
        "short_name": ["Testshire", "Otherton"],
    }
)
QUESTIONS = pd.DataFrame(
    {
        "question_id": ["L_lead", "L_std", "L_cust", "A_v1", "A_v2", "A_v3"],
        "kind": ["level", "level", "level", "likert", "likert", "likert"],
        "theme": ["vision"] * 6,
        "characteristic": ["leadership", "standards", "customer_data", "leadership", "", ""],
        "asked_of": ["both", "both", "officer", "both", "both", "member"],
        "reverse": [False, False, False, False, True, False],
        "text": [
            "Which description fits? (leadership)",
            "Which description fits? (standards)",
            "Which description fits? (customer data)",
            "The council treats data as an asset.",
            "Data protection stops us sharing data.",
            "Members get the data they need.",
        ],
    }
)


def rate_rows(rows):
    columns = ["council_code", "group", "invited", "responses", "response_rate", "funnel"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.assign(ci_low=np.nan, ci_high=np.nan)


RESPONSE_RATES = rate_rows(
    [
        (T, "officer", 96, 46, 46 / 96, "within"),
        (T, "member", 74, 18, 18 / 74, "low_95"),
        (T, "total", 170, 64, 64 / 170, ""),
        (OTHER, "officer", 8, 3, 3 / 8, "within"),
        (OTHER, "total", 8, 3, 3 / 8, ""),
        ("Wales", "officer", 104, 49, 49 / 104, ""),
        ("Wales", "member", 74, 18, 18 / 74, ""),
        ("Wales", "total", 178, 67, 67 / 178, ""),
    ]
)


def maturity_row(code, group, characteristic, n, mean=None, level=None, counts=None, reason=""):
    suppressed = bool(reason)
    row = {
        "council_code": code,
        "group": group,
        "characteristic": characteristic,
        "n": n,
        "mean_level": np.nan if suppressed else mean,
        "ci_low": np.nan if suppressed else mean - 0.25,
        "ci_high": np.nan if suppressed else mean + 0.25,
        "level": np.nan if suppressed else level,
        "suppressed": suppressed,
        "suppression": reason,
    }
    for i in range(3):
        row[f"n_level_{i + 1}"] = np.nan if suppressed else counts[i]
    return row


def agreement_row(code, group, question_id, n, pct=None, reason=""):
    suppressed = bool(reason)
    return {
        "council_code": code,
        "group": group,
        "question_id": question_id,
        "theme": "vision",
        "n": n,
        "agree": np.nan if suppressed else round(pct * n),
        "agree_pct": np.nan if suppressed else pct,
        "ci_low": np.nan if suppressed else pct - 0.1,
        "ci_high": np.nan if suppressed else pct + 0.1,
        "mean_score": np.nan if suppressed else 3.5,
        "suppressed": suppressed,
        "suppression": reason,
    }


def make_data(*, members_suppressed: bool = False, code: str = T, **changes) -> report.CouncilData:
    """Testshire (both groups) or Otherton (officers only), with figures chosen by hand."""
    mreason = "primary" if members_suppressed else ""
    oreason = "secondary" if members_suppressed else ""
    maturity = pd.DataFrame(
        [
            maturity_row(T, "officer", "leadership", 40, 2.1, 2, (8, 20, 12), oreason),
            maturity_row(
                T, "member", "leadership", 4 if mreason else 16, 1.4, 1, (10, 5, 1), mreason
            ),
            maturity_row(T, "all", "leadership", 56, 1.9, 2, (18, 25, 13)),
            maturity_row(T, "officer", "standards", 20, 2.25, 2, (5, 5, 10)),
            maturity_row(T, "member", "standards", 10, 1.85, 2, (5, 1, 4)),
            maturity_row(T, "all", "standards", 30, 2.12, 2, (10, 6, 14)),
            maturity_row(T, "officer", "customer_data", 30, 2.0, 2, (6, 18, 6)),
            maturity_row(T, "all", "customer_data", 30, 2.0, 2, (6, 18, 6)),
            maturity_row(OTHER, "officer", "leadership", 3, reason="primary"),
            maturity_row(OTHER, "all", "leadership", 3, reason="primary"),
            maturity_row("Wales", "all", "leadership", 59, 1.8, 2, (20, 26, 13)),
            maturity_row("Wales", "all", "standards", 30, 2.12, 2, (10, 6, 14)),
            maturity_row("Wales", "all", "customer_data", 33, 1.96, 2, (7, 20, 6)),
        ]
    )
    agreement = pd.DataFrame(
        [
            agreement_row(T, "officer", "A_v1", 40, 0.62, oreason),
            agreement_row(T, "member", "A_v1", 3 if mreason else 15, 0.4, mreason),
            agreement_row(T, "all", "A_v1", 55, 0.56),
            agreement_row(T, "officer", "A_v2", 38, 0.5),
            agreement_row(T, "member", "A_v2", 15, 0.9),
            agreement_row(T, "all", "A_v2", 53, 0.6),
            agreement_row(T, "member", "A_v3", 15, 0.15),
            agreement_row(T, "all", "A_v3", 15, 0.15),
            agreement_row(OTHER, "officer", "A_v1", 3, reason="primary"),
            agreement_row(OTHER, "all", "A_v1", 3, reason="primary"),
            agreement_row("Wales", "all", "A_v1", 58, 0.55),
            agreement_row("Wales", "all", "A_v2", 53, 0.6),
            agreement_row("Wales", "all", "A_v3", 15, 0.15),
        ]
    )
    comparisons = pd.DataFrame(
        {
            "council_code": [T, T, T],
            "question_id": ["A_v1", "A_v2", "A_v3"],
            "council_agree_pct": [0.56, 0.6, 0.15],
            "rest_agree_pct": [0.3, 0.62, np.nan],
            "difference": ["higher", "similar", ""],
        }
    )
    findings = pd.DataFrame(
        {
            "council_code": [T, T, T],
            "theme": ["vision", "vision", "skills"],
            "order": [2, 1, 1],
            "finding": [
                "Silos remain:\n\n- housing\n- social care",
                "The council has a **clear data vision**.",
                "Analysts are stretched.",
            ],
        }
    )
    comments = pd.DataFrame(
        {
            "council_code": [T, T],
            "theme": ["vision", "protection"],
            "comment": [
                'Silos, and "legacy" systems,\nacross services <b>[redacted]</b>',
                "Ask [redacted] first.",
            ],
        }
    )
    public = pd.DataFrame(
        {
            "measure": ["satisfied", "told"],
            "n": [750, 750],
            "pct": [0.36, 0.12],
            "ci_low": [0.3265, 0.0990],
            "ci_high": [0.3950, 0.1450],
        }
    )
    council = COUNCILS.set_index("council_code").loc[code]
    fields = dict(
        council=Council(code, council["name"], council["name_cy"], council["short_name"]),
        groups=("officer", "member") if code == T else ("officer",),
        councils=COUNCILS,
        response_rates=RESPONSE_RATES,
        maturity=maturity[maturity["council_code"].isin([code, "Wales"])],
        agreement=agreement[agreement["council_code"].isin([code, "Wales"])],
        themes=pd.DataFrame(),
        comparisons=comparisons[comparisons["council_code"] == code],
        questions=QUESTIONS,
        framework=pd.DataFrame(
            {
                "characteristic": list(config.CHARACTERISTICS)[::-1],
                "name": [n for n, _t in config.CHARACTERISTICS.values()][::-1],
                "level_1": "basic",
                "level_2": "developing",
                "level_3": "mature",
            }
        ),
        findings=findings[findings["council_code"] == code],
        comments=comments[comments["council_code"] == code],
        public_survey=public,
        build_info={"fingerprint": "0123456789abcdef" * 4, "data_date": "2018-12-01"},
    )
    fields.update(changes)
    return report.CouncilData(**fields)


# --------------------------------------------------------------------------
# Title, methodology, framework
# --------------------------------------------------------------------------
def test_title_gives_both_names_with_the_welsh_marked():
    text = report.write_title(make_data())
    soup = _soup(text)
    assert text.startswith("<h1>Local government use of data</h1>\n")
    assert soup.find("h2").get_text() == "Testshire County Council"
    assert soup.find("p", attrs={"lang": "cy"}).get_text() == "Cyngor Sir Prawf"
    # near the top, the link to the Welsh version beside it
    link = soup.find("a")
    assert link["href"] == f"{T}-testshire.cy.html" and link["hreflang"] == "cy"
    assert link.get_text() == "This document is also available in Welsh."


def test_recipients_name_only_the_groups_surveyed():
    both = _text(report.write_recipients(make_data()))
    assert (
        both == "In Testshire County Council, the data tools went to officers and elected members."
    )
    only = _text(report.write_recipients(make_data(code=OTHER)))
    assert "officers only" in only and "elected members were not surveyed" in only


def test_framework_table_in_framework_order():
    table = report.build_framework_table(make_data())
    assert list(table.columns) == ["Key characteristic", "Level 1", "Level 2", "Level 3"]
    assert list(table["Key characteristic"]) == [n for n, _t in config.CHARACTERISTICS.values()]


# --------------------------------------------------------------------------
# Response table and funnel plot
# --------------------------------------------------------------------------
def test_response_table_as_published():
    table = report.build_response_table(make_data())
    expected = pd.DataFrame(
        {
            "Data tool recipients": ["Officers", "Elected Members", "Total"],
            "Number invited": [96, 74, 170],
            "Responses received": [46, 18, 64],
            # 47.92 -> 48, 24.32 -> 24, 37.65 -> 38
            "Percentage responded": ["48%", "24%", "38%"],
        }
    )
    pd.testing.assert_frame_equal(table, expected, check_dtype=False)


def test_response_table_rounds_half_up_and_leaves_out_a_group_not_surveyed():
    table = report.build_response_table(make_data(code=OTHER))
    assert list(table["Data tool recipients"]) == ["Officers", "Total"]
    assert list(table["Percentage responded"]) == ["38%", "38%"]  # 3 / 8 = 37.5%


def test_response_table_styled_without_index_and_deterministic():
    data = make_data()
    styler = report.show_response_table(data)
    assert styler.data.equals(report.build_response_table(data))
    html = styler.to_html()
    assert html == report.show_response_table(data).to_html()
    assert "<caption>" in html and "Testshire County Council" in html
    assert 'id="T_responses"' in html
    assert "row_heading" not in html  # no index column


def test_funnel_frames_hold_every_council_of_each_surveyed_group():
    points, limits = report.chart_funnel_frames(make_data())
    assert list(points["group"]) == ["officer", "officer", "member"]
    council = points[points["is_council"]]
    assert list(council["rate_pct"].round(4)) == [round(4600 / 96, 4), round(1800 / 74, 4)]
    officer = limits[limits["group"] == "officer"].set_index("invited")
    p0 = 49 / 104
    half = 1.959964 * math.sqrt(p0 * (1 - p0) / 50)
    assert officer.loc[50.0, "target_pct"] == pytest.approx(100 * p0)
    assert officer.loc[50.0, "high_95"] == pytest.approx(100 * (p0 + half))


def test_funnel_leaves_out_a_group_not_surveyed():
    points, limits = report.chart_funnel_frames(make_data(code=OTHER))
    assert set(points["group"]) == set(limits["group"]) == {"officer"}
    assert "elected members" not in report.write_funnel_summary(make_data(code=OTHER))


def test_funnel_summary_from_the_funnel_column():
    text = _text(report.write_funnel_summary(make_data()))
    assert "Testshire's officers (48%) is within the range expected" in text
    assert "Testshire's elected members (24%) is below the 95% limit" in text


def test_funnel_chart_is_an_embedded_image_with_a_text_alternative():
    out = report.show_funnel_chart(make_data())
    html = out.data
    assert html.startswith("<figure")
    assert 'src="data:image/svg+xml;base64,' in html
    assert re.search(r'alt="[^"]*Funnel plot[^"]*"', html)
    assert "<figcaption" in html
    assert plt.get_fignums() == []  # closed once shown


def test_charts_are_svg_with_text_as_text_and_the_same_bytes_every_time():
    first = report.show_funnel_chart(make_data()).data
    assert first == report.show_funnel_chart(make_data()).data
    svg = base64.b64decode(re.search(r'base64,([^"]+)"', first).group(1)).decode("utf-8")
    # the title is text, not glyph outlines; no date, creator or script in the file
    assert ">Response rate of every council against the number invited (%)</text>" in svg
    assert "<metadata" not in svg and "<dc:date" not in svg and "<script" not in svg
    # cropped to what it draws, shown at the size a 110-dpi image of it would have
    # (the figure is 8 inches wide: 880 pixels, give or take the crop)
    width, height = (int(v) for v in re.search(r'width="(\d+)" height="(\d+)"', first).groups())
    assert 840 < width < 920 and 300 < height < 600
    view = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups()
    assert (
        abs(float(view[0]) / 72 * 110 - width) <= 1 and abs(float(view[1]) / 72 * 110 - height) <= 1
    )


def _shown_size(html: str) -> tuple[int, int]:
    return tuple(int(v) for v in re.search(r'width="(\d+)" height="(\d+)"', html).groups())


def test_a_chart_image_shows_its_layout_and_any_other_figure_what_it_draws():
    from helpers.report.display import FIGURE_DPI, show_figure

    # A chart of the report: the box its layout gives (here the whole figure).
    fig = plot_funnel(*report.chart_funnel_frames(make_data()))
    size = fig.get_size_inches() * FIGURE_DPI
    assert _shown_size(show_figure(fig, alt="a", caption="c").data) == tuple(round(v) for v in size)
    # An analyst's own figure, with a text beyond its right-hand edge: cropped to
    # what it draws, the text included.
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], [0, 1])
    ax.annotate("far beyond the edge", (1, 1), xytext=(40, 0), textcoords="offset points")
    width, height = _shown_size(show_figure(fig, alt="a", caption="c").data)
    assert width > 4 * FIGURE_DPI and height < 3 * FIGURE_DPI


# --------------------------------------------------------------------------
# Themes: findings, maturity, agreement, comparisons, comments
# --------------------------------------------------------------------------
def test_findings_in_their_order_with_markdown_kept():
    text = report.write_theme_findings(make_data(), "vision")
    assert text.startswith("<h3>What we found in Testshire: Vision, leadership &amp; culture</h3>")
    first = text.index("<p>The council has a <strong>clear data vision</strong>.</p>")
    second = text.index("<p>Silos remain:</p>\n<ul>\n<li>housing</li>\n<li>social care</li>\n</ul>")
    assert first < second


def test_theme_without_findings_says_so():
    text = report.write_theme_findings(make_data(), "evidence")
    assert "no findings of its own" in text


def test_unknown_theme_is_refused():
    with pytest.raises(ValueError, match="unknown theme"):
        report.write_theme_findings(make_data(), "money")


def test_maturity_table_cells():
    table = report.build_maturity_table(make_data(), "vision").set_index("Key characteristic")
    assert list(table.columns) == [
        "Officers",
        "Elected Members",
        "All Testshire respondents",
        "Wales, all respondents",
    ]
    assert table.loc["Leadership", "Officers"] == "Level 2: mean 2.1 (1.9–2.4), n = 40"
    assert table.loc["Corporate Standards", "Elected Members"] == (
        "Level 2: mean 1.9 (1.6–2.1), n = 10"  # 1.85 -> 1.9, 2.1 half up
    )
    assert table.loc["Integrated customer data", "Elected Members"] == "not asked"


def test_suppressed_cells_read_the_reason_never_a_number():
    data = make_data(members_suppressed=True)
    table = report.build_maturity_table(data, "vision").set_index("Key characteristic")
    assert table.loc["Leadership", "Elected Members"] == SUPPRESSED
    assert table.loc["Leadership", "Officers"] == SECONDARY
    assert table.loc["Leadership", "All Testshire respondents"].startswith("Level 2: mean 1.9")
    agreement = report.build_agreement_table(data, "vision").set_index("Statement")
    row = agreement.loc["The council treats data as an asset."]
    assert row["Elected Members"] == SUPPRESSED
    assert row["Officers"] == SECONDARY


def test_suppressed_figures_are_absent_from_the_charts_with_their_reason():
    frame = report.chart_maturity_frame(make_data(members_suppressed=True), "vision")
    lead = frame[frame["item"] == "Leadership"].set_index("series")
    assert np.isnan(lead.loc["member", "estimate"]) and np.isnan(lead.loc["officer", "ci_low"])
    assert lead.loc["member", "note"] == SUPPRESSED
    assert lead.loc["officer", "note"] == SECONDARY
    assert lead.loc["all", "estimate"] == 1.9


def test_group_not_surveyed_has_no_column_no_series_no_sentence():
    data = make_data(code=OTHER)
    table = report.build_maturity_table(data, "vision")
    assert "Elected Members" not in table.columns
    frame = report.chart_agreement_frame(data, "vision")
    assert "member" not in set(frame["series"])
    # A_v3 was asked of members only: Otherton surveyed none, so it is left out
    assert not frame["item"].str.contains("Members get the data").any()
    assert "elected members" not in report.write_agreement_summary(data, "vision")
    assert "elected members" not in report.write_maturity_summary(data, "vision")


def test_agreement_table_cells_and_comparison_column():
    table = report.build_agreement_table(make_data(), "vision").set_index("Statement")
    assert table.loc["The council treats data as an asset.", "Officers"] == ("62% (52–72%), n = 40")
    negative = "Data protection stops us sharing data. (% disagreeing)"
    assert table.loc[negative, "Elected Members"] == "90% (80–100%), n = 15"
    assert table.loc["Members get the data they need.", "Officers"] == "not asked"
    assert list(table["Compared with the rest of Wales"]) == [
        "higher",
        "no significant difference",
        "not compared",
    ]


def test_agreement_sentences_use_the_words_for_proportions():
    text = report.write_agreement_summary(make_data(), "vision")
    assert (
        "A majority of officers (62%) and a minority of elected members (40%) agree that "
        "the council treats data as an asset."
    ) in text
    assert (
        "Half of the officers (50%) and nearly all elected members (90%) disagree that "
        "data protection stops us sharing data."
    ) in text
    assert "Few elected members (15%) agree that members get the data they need." in text


def test_no_sentence_from_a_suppressed_statistic():
    text = report.write_agreement_summary(make_data(members_suppressed=True), "vision")
    first = next(item for item in _items(text) if "treats data" in item)
    assert (
        first == "A majority of respondents (56%) agree that the council treats data as an asset."
    )
    maturity = report.write_maturity_summary(make_data(members_suppressed=True), "vision")
    lead = next(item for item in _items(maturity) if "On Leadership" in item)
    assert "officers" not in lead and "elected members" not in lead
    # (25 + 13) / 56 = 67.9% of all respondents at level 2 or 3
    assert "a majority of respondents (68%)" in lead


def test_a_hidden_group_is_not_recoverable_from_the_sentences():
    # Members hidden but officers published (no secondary suppression in the data): the
    # sentence speaks of all respondents, so the members' figure cannot be worked out.
    data = make_data(members_suppressed=True)
    agreement = data.agreement.copy()
    officers = (agreement["group"] == "officer") & (agreement["question_id"] == "A_v1")
    agreement.loc[officers, ["agree_pct", "suppressed", "suppression"]] = [0.62, False, ""]
    text = report.write_agreement_summary(
        make_data(members_suppressed=True, agreement=agreement), "vision"
    )
    first = next(item for item in _items(text) if "treats data" in item)
    assert (
        first == "A majority of respondents (56%) agree that the council treats data as an asset."
    )


def test_all_suppressed_gives_no_sentence_at_all():
    data = make_data(code=OTHER)
    maturity = report.write_maturity_summary(data, "vision")
    assert "On Leadership" not in maturity
    agreement = report.write_agreement_summary(data, "vision")
    assert "Too few respondents" in agreement


def test_maturity_sentences():
    text = report.write_maturity_summary(make_data(), "vision")
    assert (
        "On Leadership, most officers (80%) and a minority of elected members (38%) place "
        "the council at level 2 or 3."
    ) in text
    assert "the average answer on Leadership is 1.9 (level 2), against 1.8 (level 2)" in text


def test_comparisons_name_significant_differences_only():
    text = report.write_comparisons(make_data(), "vision")
    assert (
        "Respondents in Testshire are more likely than those in the rest of Wales to agree "
        "that the council treats data as an asset (56% against 30%)."
    ) in text
    assert "stops us sharing" not in text
    assert "Of the 2 statements of this theme that could be compared" in text


def test_comparisons_say_none_when_none():
    data = make_data(comparisons=make_data().comparisons.assign(difference="similar"))
    text = report.write_comparisons(data, "vision")
    assert "On none of the 3 statements compared" in text


def test_comments_shown_as_given_as_quotations():
    text = report.write_comments(make_data(), "vision")
    assert _soup(text).find("h4").get_text() == "In respondents' words"
    quote = _soup(text).find("blockquote")
    assert quote.get_text() == 'Silos, and "legacy" systems,\nacross services <b>[redacted]</b>'
    assert quote["lang"] == "en"  # comments.csv without a lang column: English
    assert len(quote.find_all("br")) == 1  # the line break kept
    assert "&lt;b&gt;[redacted]&lt;/b&gt;" in text  # mark-up shown, not obeyed
    assert report.write_comments(make_data(), "skills") == ""


# --------------------------------------------------------------------------
# Public survey and About the figures
# --------------------------------------------------------------------------
def test_public_survey_table_and_sentences():
    data = make_data()
    table = report.build_public_survey_table(data)
    assert list(table["People who answered"]) == [750, 750]
    assert list(table["Percentage"]) == ["36%", "12%"]
    assert list(table["95% interval"]) == ["33–40%", "10–15%"]  # 32.65 -> 33, 14.50 -> 15
    text = report.write_public_survey(data)
    assert "A survey of 750 people across Wales" in text
    assert "A minority of people who answered (36%) were satisfied" in text
    assert "Few people who answered (12%) had been told" in text


def test_a_theme_with_no_question_put_says_so_once():
    data = make_data()  # the question bank has no question on skills
    assert "No maturity question of this theme was put" in report.write_maturity_summary(
        data, "skills"
    )
    assert "No statement of this theme was put" in report.write_agreement_summary(data, "skills")
    for show in (
        report.show_maturity_chart,
        report.show_maturity_table,
        report.show_agreement_chart,
        report.show_agreement_table,
    ):
        assert show(data, "skills").data == "", show.__name__
    assert report.write_comparisons(data, "skills") == ""


def test_no_chart_when_every_figure_is_hidden():
    hidden = pd.DataFrame({"estimate": [np.nan, np.nan], "item": ["a", "b"]})
    data = make_data()
    note = report.nothing_to_chart(data, hidden, "statement")
    assert "too few people answered any statement" in note.data
    assert report.nothing_to_chart(data, hidden.iloc[:0], "statement").data == ""
    partly = hidden.assign(estimate=[np.nan, 50.0])
    assert report.nothing_to_chart(data, partly, "statement") is None


def test_a_data_set_without_public_survey_answers_says_so():
    # what build writes when public_survey.csv is absent: both measures, n = 0, no figures
    nobody = pd.DataFrame(
        {
            "measure": ["satisfied", "told"],
            "n": [0, 0],
            "pct": [np.nan, np.nan],
            "ci_low": [np.nan, np.nan],
            "ci_high": [np.nan, np.nan],
        }
    )
    data = make_data(public_survey=nobody)
    table = report.build_public_survey_table(data)
    assert list(table["People who answered"]) == [0, 0]
    assert list(table["Percentage"]) == ["no answers", "no answers"]
    assert list(table["95% interval"]) == ["", ""]
    assert "no answers to the public survey" in report.write_public_survey(data)
    assert "A survey of" not in report.write_public_survey(data)


def test_about_gives_the_data_date_and_a_short_fingerprint():
    text = _text(report.write_data_provenance(make_data()))
    assert "built from the data set dated 1 December 2018 (fingerprint 0123456789ab," in text
    assert "0123456789abc" not in text
    undated = _text(report.write_data_provenance(make_data(build_info={"fingerprint": "ab" * 8})))
    assert "data set with fingerprint abababababab (" in undated and "dated" not in undated
    small = _text(report.write_small_numbers(make_data()))
    assert f'"{SUPPRESSED}"' in small and f'"{SECONDARY}"' in small and "[redacted]" in small


def test_words_for_proportions_table_follows_the_methodology():
    table = report.build_proportion_words_table(make_data())
    assert table.values.tolist() == [
        ["100%", "all"],
        ["90% to under 100%", "nearly all"],
        ["75% to under 90%", "most"],
        ["over 50% to under 75%", "a majority of"],
        ["50%", "half of"],
        ["over 15% to under 50%", "a minority of"],
        ["over 0% to 15%", "few"],
        ["0%", "none of"],
    ]
    welsh = report.build_proportion_words_table(make_data(language="cy"))
    assert welsh["Gair"].tolist() == [
        "pob un", "bron pob un", "y rhan fwyaf", "mwyafrif", "hanner", "llai na hanner",
        "ychydig", "dim un",
    ]  # fmt: skip


def test_about_without_a_data_date_gives_the_fingerprint_and_no_date():
    data = make_data(build_info={"fingerprint": "0123456789abcdef" * 4})
    for language in ("en", "cy"):
        text = report.write_data_provenance(dataclasses.replace(data, language=language))
        paragraph = text[text.index("</strong>") :]
        assert "0123456789ab" in paragraph and "0123456789abc" not in paragraph
        assert "dated" not in paragraph and "not recorded" not in paragraph
        assert "ddyddiwyd" not in paragraph
        assert not re.search(r"\b(19|20)\d\d\b", paragraph)  # no year of any date


# --------------------------------------------------------------------------
# Loading what build wrote
# --------------------------------------------------------------------------
@pytest.fixture
def built(workbook_home):
    from helpers.build import pipeline

    pipeline.build()
    return workbook_home


def test_load_council_data_from_the_build(built):
    data = report.load_council_data("newport")
    assert data.council.code == "W06000022"
    assert data.groups == ("officer",)
    assert set(data.maturity["council_code"]) == {"W06000022", "Wales"}
    assert set(data.response_rates["council_code"]) > {"W06000022", "W06000018"}
    assert data.build_info["fingerprint"]
    assert data.maturity["suppressed"].dtype == bool


def test_load_council_data_unknown_council(built):
    with pytest.raises(UnknownCouncilError, match="W06000018"):
        report.load_council_data("Atlantis")


def test_load_council_data_before_build(workbook_home):
    with pytest.raises(MissingDataError, match="helpers build"):
        report.load_council_data("W06000018")


def test_every_fixture_council_renders_every_part(built):
    for code in ("W06000001", "W06000018", "W06000022"):
        data = report.load_council_data(code)
        for theme in config.THEMES:
            report.write_maturity_summary(data, theme)
            report.write_agreement_summary(data, theme)
            report.build_maturity_table(data, theme)
            report.build_agreement_table(data, theme)
            report.write_comparisons(data, theme)
        report.build_response_table(data)
        report.write_funnel_summary(data)


# --------------------------------------------------------------------------
# The notebook template follows the rules
# --------------------------------------------------------------------------
@pytest.fixture(scope="module", params=["en", "cy"])
def notebook(request):
    """Each template: the English and the Welsh (the same rules hold for both)."""
    return nbformat.read(config.template_for(request.param), as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def test_first_code_cell_is_the_parameters_cell_of_literals(notebook):
    first = code_cells(notebook)[0]
    assert first.metadata.get("tags") == ["parameters"]
    tree = ast.parse(first.source)
    assert tree.body, "the parameters cell is empty"
    for node in tree.body:
        assert isinstance(node, ast.Assign), ast.dump(node)
        assert isinstance(node.value, ast.Constant), ast.dump(node)
    assert first.source.startswith('council_code = "W06000018"  # ')  # with a description
    language = notebook.metadata["lgdata"]["language"]
    assert f'\nlanguage = "{language}"  # ' in first.source  # the template's own language
    assert sum("parameters" in c.metadata.get("tags", []) for c in notebook.cells) == 1


def test_code_cells_are_thin(notebook):
    forbidden = (
        ast.FunctionDef,
        ast.AsyncFunctionDef,
        ast.ClassDef,
        ast.Lambda,
        ast.For,
        ast.While,
        ast.ListComp,
        ast.DictComp,
        ast.SetComp,
        ast.GeneratorExp,
    )
    for cell in code_cells(notebook)[1:]:
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert not isinstance(node, forbidden), f"{cell.id}: {cell.source}"
        if not all(isinstance(n, ast.Import | ast.ImportFrom) for n in tree.body):
            assert len(tree.body) == 1, f"{cell.id}: one call per cell\n{cell.source}"


def test_notebook_committed_without_outputs_with_stable_ids(notebook):
    ids = [c.id for c in notebook.cells]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)
    assert "parameters" in ids and "title" in ids
    for cell in code_cells(notebook):
        assert cell.outputs == [] and cell.execution_count is None
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert notebook.metadata["jupytext"]["formats"] == "ipynb,py:percent"


def _parameters(cell) -> dict[str, object]:
    return {node.targets[0].id: node.value.value for node in ast.parse(cell.source).body}


def test_the_welsh_template_has_the_english_code_cells():
    english = nbformat.read(config.TEMPLATE, as_version=4)
    welsh = nbformat.read(config.TEMPLATE_CY, as_version=4)
    assert [(c.id, c.cell_type) for c in welsh.cells] == [
        (c.id, c.cell_type) for c in english.cells
    ]
    en_code, cy_code = code_cells(english), code_cells(welsh)
    # the parameters cell differs only in the language literal (comments aside)
    assert _parameters(en_code[0]) == {"council_code": "W06000018", "language": "en"}
    assert _parameters(cy_code[0]) == {"council_code": "W06000018", "language": "cy"}
    assert [c.source for c in cy_code[1:]] == [c.source for c in en_code[1:]]
    assert english.metadata["lgdata"] == {"language": "en"}
    assert welsh.metadata["lgdata"] == {"language": "cy"}
    # the prose differs: every markdown cell is the Welsh editor's own
    en_prose = [c.source for c in english.cells if c.cell_type == "markdown"]
    cy_prose = [c.source for c in welsh.cells if c.cell_type == "markdown"]
    assert all(e != w for e, w in zip(en_prose, cy_prose, strict=True))
    assert "## Rhan 1 – Pam mae gwneud gwell defnydd o ddata yn bwysig" in cy_prose[2]
    assert "## Ynglŷn â'r ffigurau" in cy_prose[5]


def test_notebook_and_py_pair_are_in_sync(notebook):
    import jupytext

    language = notebook.metadata["lgdata"]["language"]
    pair = config.template_for(language).with_suffix(".py")
    paired = jupytext.read(pair, fmt="py:percent")
    assert [(c.cell_type, c.source) for c in paired.cells] == [
        (c.cell_type, c.source) for c in notebook.cells
    ]
    assert paired.cells[0].metadata.get("tags") == ["parameters"]
    # byte for byte, but for the header line naming the jupytext that wrote the pair (the
    # lock fixes it for make setup; a conda or hand-made environment may hold another)
    assert _without_jupytext_version(jupytext.writes(notebook, fmt="py:percent")) == (
        _without_jupytext_version(pair.read_text(encoding="utf-8"))
    )


def _without_jupytext_version(text: str) -> str:
    lines = text.splitlines(keepends=True)
    kept = [line for line in lines if not re.match(r"#\s+jupytext_version: \S+$", line)]
    assert len(kept) == len(lines) - 1, "the pair names the jupytext that wrote it once"
    return "".join(kept)


#: Markers of docs/report.md's order in each template, and Part 3's examples.
REPORT_ORDER = {
    "en": (
        [
            "## Methodology and structure of this report",
            "## Part 1",
            "## Part 3",
            "## About the figures",
        ],
        [
            "Camden",
            "Carmarthenshire",
            "Digital Flintshire",
            "Conwy and Denbighshire",
            "Data Mill North",
            "London Fire Brigade",
        ],
    ),
    "cy": (
        [
            "## Methodoleg a strwythur yr adroddiad hwn",
            "## Rhan 1",
            "## Rhan 3",
            "## Ynglŷn â'r ffigurau",
        ],
        [
            "Camden",
            "Sir Gâr",
            "Sir y Fflint Ddigidol",
            "Conwy a Sir Ddinbych",
            "Data Mill North",
            "Brigâd Dân Llundain",
        ],
    ),
}


def test_notebook_follows_report_md_order(notebook):
    source = "\n".join(c.source for c in notebook.cells)
    headings, examples = REPORT_ORDER[notebook.metadata["lgdata"]["language"]]
    methodology, part1, part3, about = headings
    order = [
        "write_title",
        methodology,
        "write_recipients",
        part1,
        "show_framework_table",
        "write_part2_heading",
        "show_response_table",
        "show_funnel_chart",
        'write_theme_findings(data, "vision")',
        'write_theme_findings(data, "protection")',
        'write_theme_findings(data, "skills")',
        'write_theme_findings(data, "evidence")',
        "write_public_survey",
        part3,
        about,
        "write_small_numbers",
        "show_proportion_words",
        "write_data_provenance",
    ]
    positions = [source.index(marker) for marker in order]
    assert positions == sorted(positions)
    for example in examples:
        assert example in source


def test_notebook_runs_through_papermill(built, tmp_path):
    import papermill

    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(
        str(NOTEBOOK),
        str(out),
        parameters={"council_code": "W06000022"},
        progress_bar=False,
        cwd=str(tmp_path),
    )
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type in ("stream", "error")]
    text = json.dumps([o.get("data", {}) for o in outputs])
    assert "Newport City Council" in text and "Cyngor Dinas Casnewydd" in text
    assert "Elected Members" not in text  # Newport did not survey its members
    assert str(Path(built)) not in text  # no path of the machine


def test_columns_of_figures_are_right_aligned():
    frame = pd.DataFrame(
        {
            "Label": ["Officers", "Total"],
            "Count": [96, 170],
            "Share": ["48%", "38%"],
            "Interval": ["33–39%", "10–15%"],
            "Words": ["48%", "fewer than 5 responses"],
        }
    )
    html = report.style_table(frame, caption="c", uuid="t").to_html()
    right = {int(m) for m in re.findall(r"#T_t\s+td\.col(\d+)\s*\{\s*text-align: right", html)}
    assert right == {1, 2, 3}


def test_a_themes_rows_are_worked_out_once_per_report_and_each_caller_gets_a_copy(monkeypatch):
    from helpers.report import agreement

    calls = []
    work_out = agreement._work_out_agreement_rows
    monkeypatch.setattr(
        agreement, "_work_out_agreement_rows", lambda d, t: calls.append(t) or work_out(d, t)
    )
    data = make_data()
    summary = report.write_agreement_summary(data, "vision")
    table = report.build_agreement_table(data, "vision")
    report.chart_agreement_frame(data, "vision")
    assert calls == ["vision"]
    rows = agreement._agreement_rows(data, "vision")
    rows["text"] = "changed"  # a caller's change is its own
    assert report.build_agreement_table(data, "vision").equals(table)
    assert report.write_agreement_summary(data, "vision") == summary
    # Other data (dataclasses.replace) start with nothing worked out.
    agreement._agreement_rows(dataclasses.replace(data, questions=data.questions.copy()), "vision")
    assert calls == ["vision", "vision"]


def test_a_complementary_cell_is_shown_as_protected_and_never_used_in_a_sentence():
    data = make_data()
    agreement = data.agreement.copy()
    chosen = (agreement.council_code == T) & agreement.group.isin(["officer", "member"])
    chosen &= agreement.question_id == "A_v2"
    for column in ("agree", "agree_pct", "ci_low", "ci_high", "mean_score"):
        agreement.loc[chosen, column] = np.nan
    agreement.loc[chosen, "suppressed"] = True
    agreement.loc[chosen, "suppression"] = "complementary"
    data = dataclasses.replace(data, agreement=agreement)
    table = report.build_agreement_table(data, "vision").set_index("Statement")
    negative = "Data protection stops us sharing data. (% disagreeing)"
    assert table.loc[negative, "Officers"] == report.SECONDARY_TEXT
    assert table.loc[negative, "Elected Members"] == report.SECONDARY_TEXT
    assert table.loc[negative, "All Testshire respondents"].startswith("60%")
    text = report.write_agreement_summary(data, "vision")
    line = next(line for line in text.splitlines() if "data protection stops" in line)
    assert "officers" not in line and "elected members" not in line and "(60%)" in line
    frame = report.chart_agreement_frame(data, "vision")
    hidden = frame[frame.note == report.SECONDARY_TEXT]
    assert len(hidden) == 2 and hidden.estimate.isna().all()


# --------------------------------------------------------------------------
# Hostile text in the data stays inert and is printed as written
# --------------------------------------------------------------------------
_FORBIDDEN_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "form", "base"}
_FORBIDDEN_TAGS |= {"img", "svg", "math", "meta", "link", "details", "input", "button"}


def hostile_data() -> report.CouncilData:
    """Testshire with the hostile corpus in its names, findings, statements and comments."""
    import hostile

    keys = list(hostile.CORPUS)
    texts = list(hostile.CORPUS.values())
    councils = COUNCILS.copy()
    councils.loc[0, ["name", "name_cy", "short_name"]] = [
        hostile.COUNCIL_NAME,
        hostile.COUNCIL_NAME_CY,
        hostile.COUNCIL_SHORT_NAME,
    ]
    questions = QUESTIONS.copy()
    likert = questions["kind"] == "likert"
    questions.loc[likert, "text"] = [
        hostile.CORPUS[k] for k in ("script", "mathtext", "svg-onload")
    ]
    themes = list(config.THEMES)
    findings = pd.DataFrame(
        {
            "council_code": T,
            "theme": [themes[i % 4] for i in range(len(keys))],
            "order": range(len(keys)),
            "finding": texts,
        }
    )
    comments = pd.DataFrame(
        {"council_code": T, "theme": [themes[i % 4] for i in range(len(keys))], "comment": texts}
    )
    framework = make_data().framework.assign(level_1=hostile.CORPUS["img-onerror"])
    data = make_data(
        councils=councils,
        questions=questions,
        findings=findings,
        comments=comments,
        framework=framework,
    )
    council = Council(T, hostile.COUNCIL_NAME, hostile.COUNCIL_NAME_CY, hostile.COUNCIL_SHORT_NAME)
    return dataclasses.replace(data, council=council)


def _html_of(shown) -> str:
    return shown.to_html() if hasattr(shown, "to_html") else getattr(shown, "data", shown)


def _every_output(data: report.CouncilData) -> list[str]:
    html = [
        report.write_title(data),
        report.write_recipients(data),
        report.show_framework_table(data),
        report.write_part2_heading(data),
        report.write_responses_heading(data),
        report.show_response_table(data),
        report.write_funnel_summary(data),
        report.show_funnel_chart(data),
        report.write_public_survey(data),
        report.show_public_survey_table(data),
        report.write_small_numbers(data),
        report.show_proportion_words(data),
        report.write_data_provenance(data),
    ]
    for theme in config.THEMES:
        html += [
            report.write_theme_findings(data, theme),
            report.write_maturity_summary(data, theme),
            report.show_maturity_chart(data, theme),
            report.show_maturity_table(data, theme),
            report.write_agreement_summary(data, theme),
            report.show_agreement_chart(data, theme),
            report.show_agreement_table(data, theme),
            report.write_comparisons(data, theme),
            report.write_comments(data, theme),
        ]
    return [_html_of(shown) for shown in html]


def _assert_inert_svg(svg: bytes) -> None:
    """Well-formed SVG with no script, no event handler and no reference outside itself."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)  # the data's text is escaped: the file parses
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        assert name not in ("script", "foreignObject", "image", "a", "use") or (
            name == "use" and element.get("{http://www.w3.org/1999/xlink}href", "#")[0] == "#"
        ), name
        for attribute, value in element.attrib.items():
            assert not attribute.rsplit("}", 1)[-1].lower().startswith("on"), attribute
            if attribute.endswith("href"):
                assert value.startswith("#"), value
            assert "javascript:" not in value.lower()


def test_hostile_text_in_the_data_stays_inert():
    data = hostile_data()
    for fragment in _every_output(data):
        soup = _soup(fragment)
        for tag in soup.find_all(True):
            if tag.name == "img":  # our charts only: an embedded SVG, itself inert
                assert tag["src"].startswith("data:image/svg+xml;base64,")
                assert set(tag.attrs) == {"src", "alt", "width", "height", "style"}
                _assert_inert_svg(base64.b64decode(tag["src"].split(",", 1)[1]))
                continue
            assert tag.name not in _FORBIDDEN_TAGS, (tag.name, fragment[:300])
            if tag.name == "style":  # a table's own style sheet, with nothing from the data
                assert "pwned" not in tag.get_text() and "example" not in tag.get_text()
                continue
            for name, value in tag.attrs.items():
                assert not name.lower().startswith("on"), (name, fragment[:300])
                if name == "href" and value == report.other_version_href(data):
                    # the link to the other language's page: the council's file name, whose
                    # slug holds a-z, 0-9 and dashes only, whatever the short name holds
                    assert re.fullmatch(r"W06[0-9]{6}-[a-z0-9-]+\.cy\.html", value), value
                elif name == "href":
                    assert value.startswith(("https:", "mailto:")), value


def test_hostile_names_comments_and_statements_are_printed_as_written():
    import hostile

    data = hostile_data()
    title = _soup(report.write_title(data))
    assert title.find("h2").get_text() == hostile.COUNCIL_NAME
    assert title.find("p", attrs={"lang": "cy"}).get_text() == hostile.COUNCIL_NAME_CY
    quotes = []
    headings = []
    for theme in config.THEMES:
        soup = _soup(report.write_comments(data, theme))
        quotes += [q.get_text() for q in soup.find_all("blockquote")]
        headings.append(_soup(report.write_theme_findings(data, theme)).find("h3").get_text())
    assert sorted(quotes) == sorted(hostile.CORPUS.values())  # every character, line breaks too
    assert all(h.startswith(f"What we found in {hostile.COUNCIL_SHORT_NAME}: ") for h in headings)
    table = _soup(report.show_agreement_table(data, "vision").to_html())
    header = [th.get_text() for th in table.find("thead").find_all("th")]
    assert f"All {hostile.COUNCIL_SHORT_NAME} respondents" in header
    statements = [tr.find("td").get_text() for tr in table.find("tbody").find_all("tr")]
    assert statements[0] == hostile.CORPUS["script"]
    assert statements[1] == hostile.CORPUS["mathtext"] + " (% disagreeing)"
    sentences = _text(report.write_agreement_summary(data, "vision"))
    assert "agree that <script>" in sentences
    alt = _soup(report.show_funnel_chart(data).data).find("img")["alt"]
    assert f"{hostile.COUNCIL_SHORT_NAME} highlighted" in alt


# --------------------------------------------------------------------------
# Welsh
# --------------------------------------------------------------------------
def _welsh_data(*, members_suppressed: bool = False, **changes) -> report.CouncilData:
    """Testshire in Welsh: the Welsh texts of the statements, framework and findings."""
    data = make_data(members_suppressed=members_suppressed)
    questions = data.questions.assign(text_cy=lambda f: "Datganiad " + f["question_id"])
    framework = data.framework.assign(
        name_cy=lambda f: "Nodwedd " + f["characteristic"],
        level_1_cy="sylfaenol",
        level_2_cy="yn datblygu",
        level_3_cy="aeddfed",
    )
    findings = data.findings.assign(finding_cy=lambda f: "Canfyddiad " + f["order"].astype(str))
    fields = dict(
        questions=questions, framework=framework, findings=findings, language="cy", **changes
    )
    return dataclasses.replace(data, **fields)


def test_a_welsh_report_never_falls_back_to_english():
    data = make_data(language="cy")  # no Welsh columns at all
    with pytest.raises(report.MissingWelshTextError, match="no Welsh text"):
        report.build_framework_table(data)
    with pytest.raises(report.MissingWelshTextError, match="A_v1"):
        report.write_agreement_summary(data, "vision")
    with pytest.raises(report.MissingWelshTextError, match="finding"):
        report.write_theme_findings(data, "vision")
    # with the Welsh texts, the same calls write Welsh
    welsh = _welsh_data()
    table = report.build_framework_table(welsh)
    assert list(table.columns) == ["Nodwedd allweddol", "Lefel 1", "Lefel 2", "Lefel 3"]
    assert table.iloc[0].tolist() == ["Nodwedd leadership", "sylfaenol", "yn datblygu", "aeddfed"]
    items = _items(report.write_agreement_summary(welsh, "vision"))
    assert items[0] == (
        "Mae mwyafrif y swyddogion (62%) a llai na hanner yr aelodau etholedig (40%) yn cytuno "
        "â'r datganiad “Datganiad A_v1”."
    )
    findings = _text(report.write_theme_findings(welsh, "vision"))
    assert findings.startswith("Ein canfyddiadau ar gyfer Cyngor Sir Prawf: Gweledigaeth,")
    assert "Canfyddiad 1 Canfyddiad 2" in findings  # in the audit team's order


def test_welsh_tables_and_cells_are_welsh():
    welsh = _welsh_data()
    table = report.build_maturity_table(welsh, "vision")
    assert list(table.columns) == [
        "Nodwedd allweddol",
        "Swyddogion",
        "Aelodau etholedig",
        "Holl ymatebwyr Cyngor Sir Prawf",
        "Cymru, pob ymatebydd",
    ]
    assert table.iloc[0, 1] == "Lefel 2: cymedr 2.1 (1.9–2.4), n = 40"
    assert table.iloc[2, 2] == "ni ofynnwyd"
    agreement = report.build_agreement_table(welsh, "vision")
    assert agreement.columns[-1] == "O'i gymharu â gweddill Cymru"
    assert agreement.iloc[:, -1].tolist() == [
        "uwch",
        "dim gwahaniaeth arwyddocaol",
        "heb ei gymharu",
    ]
    assert agreement["Datganiad"].tolist()[1] == "Datganiad A_v2 (% sy'n anghytuno)"
    hidden = _welsh_data(members_suppressed=True)
    cells = report.build_maturity_table(hidden, "vision")
    assert cells.iloc[0, 1] == "heb ei ddangos, i ddiogelu grŵp bach"
    assert cells.iloc[0, 2] == "llai na 5 ymateb"


def test_a_comment_keeps_the_language_it_was_written_in():
    comments = pd.DataFrame(
        {
            "council_code": [T, T],
            "theme": ["vision", "vision"],
            "comment": ["Mae angen strategaeth ddata arnom.", "We need a data strategy."],
            "lang": ["cy", "en"],
        }
    )
    for data in (make_data(comments=comments), _welsh_data(comments=comments)):
        quotes = _soup(report.write_comments(data, "vision")).find_all("blockquote")
        assert [(q["lang"], q.get_text()) for q in quotes] == [
            ("cy", "Mae angen strategaeth ddata arnom."),
            ("en", "We need a data strategy."),
        ]


def test_a_complementary_suppression_says_it_protects_a_small_group():
    # the disclosure audit's cells (reason "complementary") rest on 5 or more answers:
    # never "fewer than 5 responses"
    data = make_data()
    maturity = data.maturity.copy()
    row = (maturity["council_code"] == T) & (maturity["group"] == "officer")
    row &= maturity["characteristic"] == "standards"
    maturity.loc[row, ["suppressed", "suppression", "mean_level"]] = [True, "complementary", np.nan]
    hidden = dataclasses.replace(data, maturity=maturity)
    table = report.build_maturity_table(hidden, "vision")
    assert table.loc[table["Key characteristic"] == "Corporate Standards", "Officers"].item() == (
        SECONDARY
    )
    welsh = dataclasses.replace(_welsh_data(), maturity=maturity)
    cells = report.build_maturity_table(welsh, "vision")["Swyddogion"].tolist()
    assert "heb ei ddangos, i ddiogelu grŵp bach" in cells
