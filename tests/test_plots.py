"""The report's charts: what they return, colours, labels, titles, and what they leave out."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpers.report.charts.funnel import plot_funnel  # noqa: E402
from helpers.report.charts.intervals import describe_hidden, plot_agreement, plot_maturity  # noqa: E402
from helpers.report.charts.layout import ChartLayout  # noqa: E402
from helpers.report.charts.style import (  # noqa: E402
    COUNCIL_COLOUR,
    FIGURE_WIDTH,
    PERCENT_TICKS,
    WALES_COLOUR,
    set_theme,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def interval_frame(*, hide_member: bool = False) -> pd.DataFrame:
    rows = []
    for item in ("Leadership", "Corporate Standards"):
        for series, label, estimate in (
            ("officer", "Testshire, officers", 2.1),
            ("member", "Testshire, elected members", 1.4),
            ("all", "Testshire, all respondents", 1.9),
            ("wales", "Wales, all respondents", 1.8),
        ):
            hidden = hide_member and series in ("officer", "member")
            rows.append(
                {
                    "item": item,
                    "series": series,
                    "label": label,
                    "estimate": np.nan if hidden else estimate,
                    "ci_low": np.nan if hidden else estimate - 0.2,
                    "ci_high": np.nan if hidden else estimate + 0.2,
                    "note": "fewer than 5 responses" if hidden else "",
                }
            )
    return pd.DataFrame(rows)


def point_colours(ax: Axes) -> list[str]:
    """Face colours of every scatter point drawn on the axes."""
    colours = []
    for collection in ax.collections:
        offsets = collection.get_offsets()
        faces = collection.get_facecolors()
        if len(offsets) and len(faces):
            colours += [to_hex(faces[i % len(faces)]) for i in range(len(offsets))]
    return [c.upper() for c in colours]


def test_plot_maturity_returns_axes_with_title_and_labels():
    ax = plot_maturity(interval_frame())
    assert isinstance(ax, Axes)
    assert ax.get_title(loc="left")
    assert "level" in ax.get_xlabel().lower()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Leadership", "Corporate Standards"]


def test_interval_chart_uses_the_council_and_wales_colours():
    ax = plot_agreement(interval_frame().assign(estimate=50.0, ci_low=40.0, ci_high=60.0))
    colours = point_colours(ax)
    assert colours.count(COUNCIL_COLOUR.upper()) == 2  # the council, one per item
    assert colours.count(WALES_COLOUR.upper()) == 2
    assert WALES_COLOUR.upper() == "#7F7F7F"  # a grey: equal red, green and blue


def test_plot_agreement_axis_and_title_in_percent():
    ax = plot_agreement(interval_frame().assign(estimate=50.0, ci_low=40.0, ci_high=60.0))
    assert "%" in ax.get_xlabel()
    assert "%" in ax.get_title(loc="left")
    low, high = ax.get_xlim()
    # a little room either side, so that a point at 0% or 100% is drawn whole
    assert -5 < low < 0 and 100 < high < 105
    ticks = [t for t in ax.get_xticks() if low <= t <= high]
    assert ticks[0] == 0 and ticks[-1] == 100


def test_suppressed_values_are_absent_with_a_note():
    ax = plot_maturity(interval_frame(hide_member=True))
    # 2 items x 2 published series (all, Wales): 4 points, none for the hidden groups
    assert len(point_colours(ax)) == 4
    legend = ax.figure.legends[0]
    note = legend.get_title().get_text()
    assert "fewer than 5 responses" in note
    assert "Testshire, officers" in note and "Testshire, elected members" in note


def test_describe_hidden_is_empty_when_all_is_drawn():
    assert describe_hidden(interval_frame()) == ""


def test_an_axes_can_be_given():
    fig, ax = plt.subplots()
    assert plot_maturity(interval_frame(), ax=ax) is ax


def test_bad_frames_are_refused():
    with pytest.raises(ValueError, match="lacks column"):
        plot_maturity(interval_frame().drop(columns=["note"]))
    with pytest.raises(ValueError, match="unknown series"):
        plot_maturity(interval_frame().replace({"series": {"wales": "england"}}))


def funnel_frames(groups=("officer", "member")):
    points = []
    limits = []
    panels = {"officer": "Officers", "member": "Elected Members"}
    for group in groups:
        for code, invited, rate in (("Testshire", 90, 48.0), ("Otherton", 60, 30.0)):
            points.append(
                {
                    "group": group,
                    "panel": panels[group],
                    "short_name": code,
                    "invited": invited,
                    "rate_pct": rate,
                    "is_council": code == "Testshire",
                }
            )
        grid = np.arange(1.0, 101.0)
        half = 196 * np.sqrt(0.4 * 0.6 / grid)
        limits.append(
            pd.DataFrame(
                {
                    "group": group,
                    "invited": grid,
                    "target_pct": 40.0,
                    "low_95": np.clip(40 - half, 0, 100),
                    "high_95": np.clip(40 + half, 0, 100),
                    "low_998": np.clip(40 - 1.5 * half, 0, 100),
                    "high_998": np.clip(40 + 1.5 * half, 0, 100),
                }
            )
        )
    return pd.DataFrame(points), pd.concat(limits, ignore_index=True)


def test_plot_funnel_one_panel_per_group():
    fig = plot_funnel(*funnel_frames())
    assert isinstance(fig, Figure)
    axes = fig.get_axes()
    assert [ax.get_title(loc="left") for ax in axes] == ["Officers", "Elected Members"]
    for ax in axes:
        assert "%" in ax.get_ylabel()
        assert ax.get_xlabel() == "Number invited"
        colours = point_colours(ax)
        assert COUNCIL_COLOUR.upper() in colours
        target = [line for line in ax.get_lines() if line.get_linestyle() == "-"]
        assert [to_hex(line.get_color()).upper() for line in target] == [WALES_COLOUR.upper()]
    assert "%" in fig.get_suptitle()


def test_plot_funnel_leaves_out_a_group_not_given():
    fig = plot_funnel(*funnel_frames(groups=("officer",)))
    assert len(fig.get_axes()) == 1


def test_plot_funnel_refuses_an_empty_frame():
    points, limits = funnel_frames()
    with pytest.raises(ValueError, match="empty"):
        plot_funnel(points.iloc[0:0], limits)


def test_plots_do_not_write_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plot_maturity(interval_frame())
    plot_funnel(*funnel_frames())
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------
# Text from the data is drawn as written
# --------------------------------------------------------------------------
MATH = r"$x^2$ costs $5, $\undefinedcommand$"


def _drawn_texts(fig: Figure) -> list:
    import io

    fig.savefig(io.BytesIO(), format="png")  # mathtext would fail here on \undefinedcommand
    from matplotlib.text import Text

    return [t for t in fig.findobj(Text) if t.get_text()]


@pytest.fixture
def default_style():
    """matplotlib's own settings (mathtext on), restored afterwards."""
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        yield


@pytest.mark.parametrize("themed", [False, True])
def test_interval_chart_draws_dollar_signs_literally(default_style, themed):
    if themed:
        set_theme()
    frame = interval_frame(hide_member=True).assign(
        item=lambda f: f["item"] + " " + MATH,
        label=lambda f: f["label"].str.replace("Testshire", MATH, regex=False),
    )
    ax = plot_agreement(frame)
    texts = _drawn_texts(ax.figure)
    assert all(not t.get_parse_math() for t in texts)
    shown = "\n".join(t.get_text() for t in texts)
    assert MATH in shown.replace("\n", " ")  # tick labels are wrapped
    assert f"{MATH}, officers" in shown  # legend and the note of hidden figures


def test_funnel_draws_a_council_name_literally(default_style):
    points, limits = funnel_frames()
    points = points.assign(short_name=points["short_name"].astype(str) + " " + MATH)
    fig = plot_funnel(points, limits)
    texts = _drawn_texts(fig)
    assert all(not t.get_parse_math() for t in texts)
    label = next(t.get_text() for t in texts if t.get_text().startswith("Testshire"))
    assert label == "Testshire $x^2$\ncosts $5, $\\u…"  # cut to fit beside its point


# --------------------------------------------------------------------------
# Layout: every text inside the image, none over another or over a panel
# --------------------------------------------------------------------------
LONG_NAME = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch County Borough"
LONG_ITEM = (
    "Mae gan yr Awdurdod ddigon o bobl sydd â'r sgiliau i ddadansoddi data a'u cyflwyno "
    "i'r rhai sy'n gwneud penderfyniadau"
)


def _tick_labels_in_view(ax: Axes) -> list:
    """The tick labels drawn: visible, not empty, at a tick inside the axis's limits."""
    labels = []
    for index, (ticks, limits) in enumerate(
        ((ax.get_xticklabels(), ax.get_xlim()), (ax.get_yticklabels(), ax.get_ylim()))
    ):
        low, high = sorted(limits)
        labels += [
            t
            for t in ticks
            if t.get_visible() and t.get_text() and low <= t.get_position()[index] <= high
        ]
    return labels


def laid_out_boxes(fig: Figure):
    """Draw the figure (which lays it out); return what the image shows and where each text is.

    The texts: every tick label in view, axis label, panel title and text
    beside a point, the figure's title, and each legend as one box; all in
    inches.
    """
    engine = fig.get_layout_engine()
    assert isinstance(engine, ChartLayout)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = []
    for ax in fig.axes:
        texts += [(f"tick {t.get_text()!r}", t) for t in _tick_labels_in_view(ax)]
        for name, text in (
            ("x label", ax.xaxis.label),
            ("y label", ax.yaxis.label),
            *(("title", t) for t in (ax.title, ax._left_title, ax._right_title)),
            *(("point label", t) for t in ax.texts),
        ):
            if text.get_visible() and text.get_text():
                texts.append((name, text))
    if fig.get_suptitle():
        texts.append(("figure title", fig._suptitle))
    texts += [("legend", legend) for legend in fig.legends]
    inches = fig.dpi_scale_trans.inverted()
    boxes = [(name, t.get_window_extent(renderer).transformed(inches)) for name, t in texts]
    panels = [ax.bbox.transformed(inches) for ax in fig.axes]
    return engine.extent, boxes, panels


def assert_laid_out(fig: Figure) -> None:
    extent, boxes, panels = laid_out_boxes(fig)
    slack = 0.01  # inches: a pixel at 110 dpi
    for name, box in boxes:
        assert extent.x0 - slack <= box.x0 and box.x1 <= extent.x1 + slack, (name, box, extent)
        assert extent.y0 - slack <= box.y0 and box.y1 <= extent.y1 + slack, (name, box, extent)
    for i, (name, box) in enumerate(boxes):
        for other, other_box in boxes[i + 1 :]:
            assert not box.padded(-slack).overlaps(other_box.padded(-slack)), (name, other)
        if name != "point label":
            for panel in panels:
                assert not box.padded(-slack).overlaps(panel), (name, box, panel)
    assert {name for name, _ in boxes} >= {"x label", "title", "legend"}


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("hide_member", [False, True])
def test_interval_charts_fit_their_texts(language, hide_member):
    frame = interval_frame(hide_member=hide_member)
    assert_laid_out(plot_maturity(frame, language=language).figure)
    long = frame.assign(
        item=frame["item"].map({"Leadership": LONG_ITEM, "Corporate Standards": "Data"}),
        label=frame["label"].str.replace("Testshire", LONG_NAME, regex=False),
    )
    assert_laid_out(plot_agreement(long, language=language).figure)


@pytest.mark.parametrize("groups", [("officer", "member"), ("officer",)])
@pytest.mark.parametrize("language", ["en", "cy"])
def test_funnel_plots_fit_their_texts(groups, language):
    points, limits = funnel_frames(groups)
    assert_laid_out(plot_funnel(points, limits, language=language))
    fig = plot_funnel(points, limits, language=language)
    fig.suptitle(LONG_ITEM, x=0.01, ha="left")  # wider than the figure: the image widens
    assert_laid_out(fig)
    # The council at the right-hand end, with a long name beside its point.
    points = points.assign(
        invited=np.where(points["is_council"], 100, points["invited"]),
        short_name=np.where(points["is_council"], LONG_NAME, points["short_name"]),
    )
    assert_laid_out(plot_funnel(points, limits, language=language))


def test_a_chart_keeps_its_width_and_ticks_whatever_its_labels():
    """The panel is as wide as the labels leave; the ticks are the same in every chart."""
    short = plot_agreement(interval_frame())
    long = plot_agreement(interval_frame().assign(item=LONG_ITEM))
    widths = []
    for ax in (short, long):
        _extent, _boxes, (panel,) = laid_out_boxes(ax.figure)
        widths.append(panel.width)
        assert list(ax.get_xticks()) == list(PERCENT_TICKS)
    assert widths[1] < widths[0] < FIGURE_WIDTH
