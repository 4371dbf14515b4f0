"""The funnel plot: every council's response rate against the number invited, one panel
per group, with the control limits around the Wales rate."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from helpers.i18n import ENGLISH, translator
from helpers.report.charts.frames import FUNNEL_LIMIT_COLUMNS, FUNNEL_POINT_COLUMNS, check_columns
from helpers.report.charts.labels import shorten
from helpers.report.charts.layout import ChartLayout
from helpers.report.charts.style import (
    COUNCIL_COLOUR,
    FIGURE_WIDTH,
    LIMIT_COLOUR,
    OTHER_COLOUR,
    PERCENT_TICKS,
    TITLE_Y,
    WALES_COLOUR,
    literal_text,
)
from helpers.report.narrative.responses import FUNNEL_LIMITS

#: Characters of a council's name beside its point in the funnel plot (then "…").
POINT_LABEL_WIDTH = 30


def _point_label(name: object) -> str:
    """A council's name as written beside its point: at most two short lines.

    A long name (or one long word) is cut with "…" so that the label never
    pushes the panels out of the figure; the caption and the text name the
    council in full.
    """
    return textwrap.fill(shorten(name, POINT_LABEL_WIDTH), 16, break_long_words=True)


def plot_funnel(points: pd.DataFrame, limits: pd.DataFrame, *, language: str = ENGLISH) -> Figure:
    """Funnel plot of response rates, one panel per group.

    Parameters
    ----------
    points : pandas.DataFrame
        One row per council and group: ``group`` (slug, one panel each, in
        order of first appearance), ``panel`` (the panel title),
        ``short_name``, ``invited``, ``rate_pct`` (response rate, %) and
        ``is_council`` (True for the council the report is about).
    limits : pandas.DataFrame
        The control limits of each group over a grid of ``invited``:
        ``target_pct`` (the Wales rate) and ``low_95``, ``high_95``,
        ``low_998``, ``high_998``, all in percent.
    language : {"en", "cy"}
        The language of the titles, axis labels and legend (``panel`` and
        ``short_name`` come in the frame, already in that language).

    Returns
    -------
    matplotlib.figure.Figure
        The figure, one Axes per group, sharing the vertical axis.

    Notes
    -----
    The limits are drawn as given; they are computed by ``helpers.stats.rates``
    (Spiegelhalter 2005).

    References
    ----------
    Spiegelhalter, D. J. (2005). Funnel plots for comparing institutional
    performance. Statistics in Medicine, 24(8), 1185-1202.
    """
    tr = translator(language)
    inner, outer = FUNNEL_LIMITS
    check_columns(points, FUNNEL_POINT_COLUMNS, "funnel points")
    check_columns(limits, FUNNEL_LIMIT_COLUMNS, "funnel limits")
    groups = list(dict.fromkeys(points["group"]))
    if not groups:
        raise ValueError("funnel points frame is empty")
    width = FIGURE_WIDTH if len(groups) > 1 else FIGURE_WIDTH * 0.6
    fig, axes = plt.subplots(
        1, len(groups), figsize=(width, 4.2), sharey=True, squeeze=False, layout=ChartLayout()
    )
    for index, (ax, group) in enumerate(zip(axes[0], groups, strict=True)):
        pts = points[points["group"] == group]
        lim = limits[limits["group"] == group].sort_values("invited")
        ax.plot(lim["invited"], lim["target_pct"], color=WALES_COLOUR, linewidth=1.6)
        for low, high, style in (("low_95", "high_95", "--"), ("low_998", "high_998", ":")):
            ax.plot(lim["invited"], lim[low], color=LIMIT_COLOUR, linestyle=style, linewidth=1)
            ax.plot(lim["invited"], lim[high], color=LIMIT_COLOUR, linestyle=style, linewidth=1)
        # Labels before the points: seaborn reads the tick labels of an unlabelled axis.
        # The panels share the vertical axis, labelled on the first only.
        # Translators: the horizontal axis of the funnel plot.
        ax.set_xlabel(tr._("Number invited"))
        # Translators: the vertical axis of the funnel plot.
        ax.set_ylabel(tr._("Response rate (%)"), visible=index == 0)
        others = pts[~pts["is_council"].astype(bool)]
        council = pts[pts["is_council"].astype(bool)]
        sns.scatterplot(
            data=others,
            x="invited",
            y="rate_pct",
            color=OTHER_COLOUR,
            edgecolor="#666666",
            s=36,
            ax=ax,
            zorder=3,
        )
        sns.scatterplot(
            data=council,
            x="invited",
            y="rate_pct",
            color=COUNCIL_COLOUR,
            edgecolor="black",
            s=110,
            ax=ax,
            zorder=4,
        )
        for row in council.itertuples():
            ax.annotate(
                _point_label(row.short_name),
                (row.invited, row.rate_pct),
                xytext=(6, 6),
                textcoords="offset points",
                fontsize=9,
                fontweight="bold",
                color=COUNCIL_COLOUR,
                path_effects=[patheffects.withStroke(linewidth=3, foreground="white")],
                zorder=5,
            )
        ax.set_title(str(pts["panel"].iloc[0]), loc="left", y=TITLE_Y)
        ax.set_yticks(PERCENT_TICKS)
        ax.set_ylim(-2, 102)
        # At most seven steps of 1, 2, 2.5 or 5 times a power of ten, however wide the panel.
        ax.xaxis.set_major_locator(MaxNLocator(nbins=7, steps=[1, 2, 2.5, 5, 10], integer=True))
        ax.set_xlim(0, None)
        ax.yaxis.set_major_formatter(lambda value, _pos: f"{value:.0f}%")
        # Counts with thousands separators, as the pages print them (1,156).
        ax.xaxis.set_major_formatter(lambda value, _pos: f"{value:,.0f}")
    handles = [
        Line2D(
            [],
            [],
            color=COUNCIL_COLOUR,
            marker="o",
            markeredgecolor="black",
            linestyle="none",
            markersize=9,
            # Translators: the funnel plot's legend.
            label=tr._("This council"),
        ),
        Line2D(
            [],
            [],
            color=OTHER_COLOUR,
            marker="o",
            markeredgecolor="#666666",
            linestyle="none",
            markersize=6,
            # Translators: the funnel plot's legend.
            label=tr._("Other councils"),
        ),
        # Translators: the funnel plot's legend: the line of the response rate of Wales.
        Line2D([], [], color=WALES_COLOUR, linewidth=1.6, label=tr._("Wales rate")),
        # Translators: the funnel plot's legend. {level}: "95%" or "99.8%".
        Line2D(
            [], [], color=LIMIT_COLOUR, linestyle="--", label=tr._("{level} limits", level=inner)
        ),
        Line2D(
            [], [], color=LIMIT_COLOUR, linestyle=":", label=tr._("{level} limits", level=outer)
        ),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=5, frameon=False)
    fig.get_layout_engine().title = fig.suptitle(
        # Translators: the title of the funnel plot.
        tr._("Response rate of every council against the number invited (%)"),
        x=0.01,
        ha="left",
        fontweight="bold",
        fontsize=11,
    )
    return literal_text(fig)
