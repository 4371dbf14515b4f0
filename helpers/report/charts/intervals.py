"""The interval charts: maturity levels and agreement, each figure with its interval.

Items (characteristics or statements) run down the vertical axis, series
dodged about them; a figure that is not published is left out and listed in a
note. The frames are those of :mod:`helpers.report.charts.frames`.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from helpers.i18n import ENGLISH, translator
from helpers.report.charts.frames import INTERVAL_COLUMNS, check_columns, item_markers
from helpers.report.charts.labels import shorten, shorten_label
from helpers.report.charts.layout import ChartLayout
from helpers.report.charts.style import (
    FIGURE_WIDTH,
    PERCENT_TICKS,
    SERIES,
    TITLE_Y,
    literal_text,
)
from helpers.report.narrative.numbers import INTERVAL_LEVEL

#: Height per item row of an interval chart, and the fixed part, in inches.
ROW_HEIGHT = 0.75
BASE_HEIGHT = 1.9
#: Characters per line of an item label on the vertical axis, and at most in all (then "…").
LABEL_WIDTH = 34
ITEM_LABEL_LENGTH = 130
#: Characters of an item named in the note under a chart, besides its marker (then "…").
NOTE_ITEM_LENGTH = 40
#: Characters of a legend entry (then "…"), and per line of it.
LEGEND_LABEL_LENGTH = 60
LEGEND_LABEL_WIDTH = 32
#: Characters kept from the end of a legend entry that is cut (", elected members").
LEGEND_LABEL_END = 18


def _interval_figure(n_items: int, ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    height = BASE_HEIGHT + ROW_HEIGHT * max(n_items, 1)
    _fig, new_ax = plt.subplots(figsize=(FIGURE_WIDTH, height), layout=ChartLayout())
    return new_ax


def describe_hidden(frame: pd.DataFrame, *, language: str = ENGLISH) -> str:
    """Return the note listing the figures of an interval chart that are not drawn.

    Rows with an empty ``estimate`` are grouped by series and reason; the
    items are named unless the whole series is hidden. Empty text when every
    figure is drawn. The reasons come in the frame's ``note`` column, already
    in ``language``.
    """
    tr = translator(language)
    hidden = frame[frame["estimate"].isna()]
    if hidden.empty:
        return ""
    n_items = frame["item"].nunique()
    markers = item_markers(frame)
    parts = []
    for (full_label, note), rows in hidden.groupby(["label", "note"], sort=False):
        label = shorten(full_label, LEGEND_LABEL_LENGTH, keep_end=LEGEND_LABEL_END)
        # Translators: why a figure is missing from a chart, when nothing else says.
        reason = note or tr._("not available")
        if rows["item"].nunique() == n_items:
            # Translators: a series left out of a chart. {series}: "Caerphilly, elected
            # members"; {reason}: "fewer than 5 responses".
            parts.append(tr._("{series} ({reason})", series=label, reason=reason))
        else:
            items = ", ".join(
                shorten_label(i, NOTE_ITEM_LENGTH + len(markers.get(str(i), "")), markers.get(i))
                for i in dict.fromkeys(rows["item"])
            )
            # Translators: a series left out of a chart for some items. {series}: the series;
            # {items}: the characteristics or statements, separated by commas; {reason}: why.
            parts.append(
                tr._("{series} on {items} ({reason})", series=label, items=items, reason=reason)
            )
    # Translators: the note under a chart. {figures}: the series left out, separated by
    # semicolons.
    return textwrap.fill(tr._("Left out of the chart: {figures}.", figures="; ".join(parts)), 120)


def _longest_line(handles: list[Line2D]) -> int:
    """The longest line of the legend's entries (long entries take two columns, not four)."""
    return max(len(line) for h in handles for line in str(h.get_label()).split("\n"))


def _plot_intervals(
    frame: pd.DataFrame,
    *,
    ax: Axes | None,
    xlabel: str,
    xlim: tuple[float, float],
    xticks: tuple[float, ...],
    title: str,
    language: str = ENGLISH,
) -> Axes:
    """Draw points with interval bars, items down the vertical axis, series dodged."""
    check_columns(frame, INTERVAL_COLUMNS, "interval chart")
    unknown = sorted(set(frame["series"]) - set(SERIES))
    if unknown:
        raise ValueError(f"unknown series {unknown}; expected some of {list(SERIES)}")
    items = list(dict.fromkeys(frame["item"]))
    own_figure = ax is None
    ax = _interval_figure(len(items), ax)
    present = [s for s in SERIES if s in set(frame["series"])]
    step = 0.8 / max(len(present), 1)
    offsets = {s: (i - (len(present) - 1) / 2) * step for i, s in enumerate(present)}
    position = {item: i for i, item in enumerate(items)}

    drawn = frame.assign(
        y=frame["item"].map(position) + frame["series"].map(offsets),
    )
    shown = drawn.dropna(subset=["estimate"])
    for series in present:
        colour, _marker = SERIES[series]
        has_ci = shown[shown["series"] == series].dropna(subset=["ci_low", "ci_high"])
        if has_ci.empty:
            continue
        ax.errorbar(
            x=has_ci["estimate"],
            y=has_ci["y"],
            # clipped: floating-point noise can put a limit a hair inside the estimate
            xerr=np.clip(
                np.vstack(
                    [has_ci["estimate"] - has_ci["ci_low"], has_ci["ci_high"] - has_ci["estimate"]]
                ),
                0,
                None,
            ),
            fmt="none",
            ecolor=colour,
            elinewidth=1.6,
            capsize=3,
            zorder=2,
        )
    # Labels first (the vertical one blanked below): seaborn reads the tick labels,
    # which costs more than drawing the points, only to label an axis without one.
    ax.set_xlabel(xlabel)
    ax.set_ylabel(" ")
    if not shown.empty:
        # One call for every series (colour, marker and size mapped from it), points
        # in series order so that later series are drawn on top, as before.
        order = {s: i for i, s in enumerate(present)}
        points = shown.assign(_order=shown["series"].map(order)).sort_values(
            "_order", kind="stable"
        )
        drawn_series = [s for s in present if s in set(points["series"])]
        # categorical: seaborn need not infer the type of a column of text
        series = pd.Categorical(points["series"], categories=drawn_series)
        sns.scatterplot(
            x=points["estimate"].to_numpy(),
            y=points["y"].to_numpy(),
            hue=series,
            style=series,
            size=series,
            hue_order=drawn_series,
            style_order=drawn_series,
            size_order=drawn_series,
            palette={s: SERIES[s][0] for s in drawn_series},
            markers={s: SERIES[s][1] for s in drawn_series},
            sizes={s: 70 if s == "all" else 50 for s in drawn_series},
            edgecolor="white",
            linewidth=0.6,
            zorder=3,
            legend=False,
            ax=ax,
        )
    markers = item_markers(frame)
    ax.set_yticks(range(len(items)))
    ax.set_yticklabels(
        [
            textwrap.fill(
                shorten_label(item, ITEM_LABEL_LENGTH, markers.get(str(item))), LABEL_WIDTH
            )
            for item in items
        ]
    )
    ax.set_ylim(len(items) - 0.5, -0.5)
    ax.set_xticks(xticks)
    ax.set_xlim(*xlim)
    ax.set_ylabel("")
    ax.set_title(title, loc="left", y=TITLE_Y)
    ax.grid(axis="y", visible=False)

    note = describe_hidden(frame, language=language)
    if note and not own_figure:
        ax.set_xlabel(f"{xlabel}\n{note}")

    labels = frame.drop_duplicates("series").set_index("series")["label"]
    handles = [
        Line2D(
            [],
            [],
            color=SERIES[s][0],
            marker=SERIES[s][1],
            linestyle="none",
            markersize=8 if s == "all" else 7,
            label=textwrap.fill(
                shorten(labels[s], LEGEND_LABEL_LENGTH, keep_end=LEGEND_LABEL_END),
                LEGEND_LABEL_WIDTH,
                break_long_words=True,
            ),
        )
        for s in present
    ]
    if own_figure:
        legend = ax.figure.legend(
            handles=handles,
            loc="lower center",
            ncol=min(len(handles), 4 if _longest_line(handles) <= 28 else 2),
            frameon=False,
            title=note or None,
            title_fontsize=8,
        )
        legend.get_title().set_color("#444444")
    else:
        ax.legend(handles=handles, loc="best", frameon=True)
    literal_text(ax.figure)
    return ax


def plot_maturity(frame: pd.DataFrame, *, ax: Axes | None = None, language: str = ENGLISH) -> Axes:
    """Chart the mean maturity level of each characteristic, with its interval.

    Parameters
    ----------
    frame : pandas.DataFrame
        Interval-chart frame (see :mod:`helpers.report.charts.frames`); ``estimate``,
        ``ci_low`` and ``ci_high`` on the 1 to 3 scale of the framework.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure of fixed width is made otherwise.
    language : {"en", "cy"}
        The language of the title, axis label and note.

    Returns
    -------
    matplotlib.axes.Axes
        Rows with an empty estimate are left out and listed, with the
        reason, in a note under the axis label.
    """
    tr = translator(language)
    return _plot_intervals(
        frame,
        ax=ax,
        # Translators: the horizontal axis of the maturity chart. {ci}: "95%".
        xlabel=tr._(
            "Mean maturity level (1 = lowest, 3 = highest), with {ci} interval",
            ci=INTERVAL_LEVEL,
        ),
        xlim=(0.8, 3.2),
        xticks=(1, 1.5, 2, 2.5, 3),
        # Translators: the title of the maturity chart.
        title=tr._(
            "Mean maturity level respondents give the council on each characteristic (1 to 3)"
        ),
        language=language,
    )


def plot_agreement(frame: pd.DataFrame, *, ax: Axes | None = None, language: str = ENGLISH) -> Axes:
    """Chart the percentage agreeing with each statement, with its interval.

    Parameters
    ----------
    frame : pandas.DataFrame
        Interval-chart frame (see :mod:`helpers.report.charts.frames`); ``estimate``,
        ``ci_low`` and ``ci_high`` in percent (0 to 100).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure of fixed width is made otherwise.
    language : {"en", "cy"}
        The language of the title, axis label and note.

    Returns
    -------
    matplotlib.axes.Axes
        Rows with an empty estimate are left out and listed, with the
        reason, in a note under the axis label.
    """
    tr = translator(language)
    ax = _plot_intervals(
        frame,
        ax=ax,
        # Translators: the horizontal axis of the agreement chart. {ci}: "95%".
        xlabel=tr._("Respondents who agree (%), with {ci} interval", ci=INTERVAL_LEVEL),
        xlim=(-2, 102),
        xticks=PERCENT_TICKS,
        # Translators: the title of the agreement chart.
        title=tr._("Percentage of respondents who agree with each statement (%)"),
        language=language,
    )
    ax.xaxis.set_major_formatter(lambda value, _pos: f"{value:.0f}%")
    return ax
