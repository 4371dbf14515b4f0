"""The report's charts, drawn with seaborn.

Every function takes a tidy frame that already holds the figures to draw
(``helpers.report`` prepares them from the summary tables) and returns the
matplotlib Axes, or the Figure for a chart of several panels. Nothing here
computes a statistic or writes a file. Every text a chart draws (titles, axis
labels, legends, notes) is in the language given (``language="en"`` or
``"cy"``), from the translation catalogues of :mod:`helpers.i18n`; the item
and series labels come in the frames, already in that language.

One colour-blind-safe palette serves every report (Okabe & Ito 2008): the
council's own figure always in :data:`COUNCIL_COLOUR`, Wales always in
:data:`WALES_COLOUR`, and each series also has its own marker, so that the
charts still read in greyscale print.

Tidy frames
-----------
Interval charts (:func:`plot_maturity`, :func:`plot_agreement`) take one row
per item and series:

``item``
    the label on the vertical axis (a characteristic or a statement);
``series``
    one of :data:`SERIES` (``officer``, ``member``, ``all``, ``wales``);
``label``
    the legend text of the series;
``estimate``, ``ci_low``, ``ci_high``
    the figure and its 95% interval, in the unit of the axis; empty (NaN)
    where the figure is not published;
``note``
    why an empty figure is not published (e.g. "fewer than 5 responses"),
    else empty;
``marker`` (optional)
    the end of the item's label that carries its meaning ("(% disagreeing)"
    after a negatively worded statement), kept whole when the label is
    shortened (:func:`shorten_label`); empty for none.

References
----------
Okabe, M. and Ito, K. (2008). Color Universal Design (CUD): how to make
figures and presentations that are friendly to colorblind people.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import LayoutEngine
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Bbox

from helpers.i18n import ENGLISH, translator
from helpers.report.narrative import FUNNEL_LIMITS, format_percent

#: The level of every interval, as printed ("95%"): a placeholder of the messages.
INTERVAL_LEVEL = format_percent(0.95)

# --------------------------------------------------------------------------
# The palette, defined once
# --------------------------------------------------------------------------
#: The Okabe-Ito colour-blind-safe palette.
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
#: The council's own figure (all its respondents), in every chart.
COUNCIL_COLOUR = OKABE_ITO["vermillion"]
#: Wales, in every chart.
WALES_COLOUR = "#7F7F7F"
#: Other councils in the funnel plot.
OTHER_COLOUR = "#BDBDBD"
#: Control limits in the funnel plot.
LIMIT_COLOUR = "#333333"

#: Series of the interval charts, in drawing order: key -> (colour, marker).
SERIES: dict[str, tuple[str, str]] = {
    "officer": (OKABE_ITO["blue"], "s"),
    "member": (OKABE_ITO["bluish_green"], "^"),
    "all": (COUNCIL_COLOUR, "o"),
    "wales": (WALES_COLOUR, "D"),
}

#: Width of every chart in inches (fits a laptop page and an A4 print).
FIGURE_WIDTH = 8.0
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
#: Where an Axes title sits (axes fraction, before its padding): where matplotlib
#: puts it anyway when no tick label is at the top. Given, it spares matplotlib
#: measuring every tick label at each drawing to check that the title clears them.
TITLE_Y = 1.0

INTERVAL_COLUMNS = ("item", "series", "label", "estimate", "ci_low", "ci_high", "note")
FUNNEL_POINT_COLUMNS = ("group", "panel", "short_name", "invited", "rate_pct", "is_council")
FUNNEL_LIMIT_COLUMNS = (
    "group",
    "invited",
    "target_pct",
    "low_95",
    "high_95",
    "low_998",
    "high_998",
)


#: The ticks of every axis in percent (fixed: a chart's ticks never depend on its size).
PERCENT_TICKS = (0, 20, 40, 60, 80, 100)
#: Space around a chart, between its panels, and between a panel's texts and a legend
#: or title of the figure, in inches.
OUTER_PAD = 0.1
PANEL_GAP = 0.12
TEXT_GAP = 0.06


def _titles(ax: Axes) -> list[Text]:
    """A panel's titles (centre, left, right): the texts among its children that are not
    among its own texts (``ax.texts``: texts and annotations placed in it)."""
    own = ax.texts
    return [child for child in ax.get_children() if isinstance(child, Text) and child not in own]


def _renderer(fig: Figure):
    """What measures a figure's texts: its canvas's renderer (Agg: the one that draws it).

    A canvas without one (a vector format's, while ``savefig`` writes it) gets
    an Agg renderer of the figure's size and resolution, as an Agg canvas would.
    """
    if hasattr(fig.canvas, "get_renderer"):
        return fig.canvas.get_renderer()
    width, height = fig.bbox.size
    return RendererAgg(width, height, fig.dpi)


def _decoration_boxes(ax: Axes, renderer) -> list[Bbox]:
    """Where the texts around a panel are drawn (display units): what its layout makes room for.

    Tick labels and axis labels, the title, and the panel's texts and legend;
    as with ``ax.get_tightbbox(renderer, for_layout_only=True)``, the title and
    the horizontal axis's label do not count across (they may reach over the
    panel's neighbours) and the vertical axis's label not up and down. The
    lines and points are clipped to the panel and are not measured.
    """
    boxes = []
    for axis in (ax.xaxis, ax.yaxis):
        if axis.get_visible():
            box = axis.get_tightbbox(renderer, for_layout_only=True)
            if box is not None and box.width > 0 and box.height > 0:
                boxes.append(box)
    inner = ax.bbox
    for text in _titles(ax):
        if text.get_visible() and text.get_text():
            box = text.get_window_extent(renderer)
            boxes.append(Bbox.from_extents(inner.x0, box.y0, inner.x0, box.y1))
    for artist in (*ax.texts, *([ax.legend_] if ax.legend_ else [])):
        if artist.get_visible():
            boxes.append(artist.get_window_extent(renderer))
    return boxes


class ChartLayout(LayoutEngine):
    """The charts' layout: one row of panels, laid out from one measure of their texts.

    matplotlib's constrained layout measures every text of a figure in two
    passes, and cropping the image to what it draws (``bbox_inches="tight"``)
    measures it all again. These charts need less: their panels sit in one row
    and every text around a panel (tick labels at fixed ticks, axis labels,
    title) keeps its size wherever the panel is put. So each panel's texts are
    measured once, where they are; the panels are then placed so that those
    texts fit between the figure's edges, side by side with :data:`PANEL_GAP`
    between them, under the figure's title (``suptitle``) and over its
    legends, which stay where they were put. All panels get the same
    width and the same top and bottom.

    The figure's title is the text that ``fig.suptitle`` returns, given to
    :attr:`title` (matplotlib gives back its string only).

    After :meth:`execute`, :attr:`extent` is the box (in inches) that the
    image should show: the figure, widened where a legend or a text placed at
    a data point (an annotation) reaches beyond it.
    """

    # What matplotlib asks of a layout engine (matplotlib.layout_engine.LayoutEngine).
    _adjust_compatible = False
    _colorbar_gridspec = False

    def __init__(self, *, pad: float = OUTER_PAD, gap: float = PANEL_GAP) -> None:
        super().__init__()
        #: Space around the chart and between its panels (inches).
        self.pad, self.gap = pad, gap
        #: The figure's title (``fig.suptitle``'s text), if it has one.
        self.title: Text | None = None
        #: What the image shows, in inches (set by :meth:`execute`).
        self.extent: Bbox | None = None

    def set(self, *, pad: float | None = None, gap: float | None = None) -> None:
        """Change the space around the chart or between its panels (inches)."""
        if pad is not None:
            self.pad = pad
        if gap is not None:
            self.gap = gap

    def get(self) -> dict[str, float]:
        """The space around the chart and between its panels (inches)."""
        return {"pad": self.pad, "gap": self.gap}

    def execute(self, fig: Figure) -> None:
        """Place the figure's panels; set :attr:`extent`."""
        renderer = _renderer(fig)
        dpi = fig.dpi
        width, height = fig.get_size_inches()
        pad, gap = self.pad, self.gap
        panels = [ax for ax in fig.axes if ax.get_visible()]
        # Bottom and top of the room left by the figure's legends and title (inches).
        floor, ceiling = pad, height - pad
        for legend in fig.legends:
            box = legend.get_window_extent(renderer)
            floor = max(floor, box.y1 / dpi + TEXT_GAP)
        title = self.title
        titles = [title] if title is not None and title.get_visible() and title.get_text() else []
        for text in titles:
            ceiling = min(ceiling, text.get_window_extent(renderer).y0 / dpi - TEXT_GAP)
        # How far each panel's texts reach beyond it, on each side (inches).
        reach = []
        for ax in panels:
            inner = ax.get_position(original=True).transformed(fig.transFigure)
            outer = Bbox.union([inner, *_decoration_boxes(ax, renderer)])
            reach.append(
                (
                    max(inner.x0 - outer.x0, 0) / dpi,
                    max(outer.x1 - inner.x1, 0) / dpi,
                    max(inner.y0 - outer.y0, 0) / dpi,
                    max(outer.y1 - inner.y1, 0) / dpi,
                )
            )
        if panels:
            spare = width - 2 * pad - gap * (len(panels) - 1)
            panel_width = max((spare - sum(r[0] + r[1] for r in reach)) / len(panels), 0.1)
            bottom = floor + max(r[2] for r in reach)
            top = ceiling - max(r[3] for r in reach)
            panel_height = max(top - bottom, 0.1)
            x = pad
            for ax, (left, right, _below, _above) in zip(panels, reach, strict=True):
                x += left
                ax.set_position(
                    (x / width, bottom / height, panel_width / width, panel_height / height)
                )
                x += panel_width + right + gap
        # What the image shows: the figure, widened to whatever reaches beyond it (a
        # legend, a title, a council's name beside its point), with room around it.
        x0, y0, x1, y1 = 0.0, 0.0, width, height
        texts = [*fig.legends, *titles, *(t for ax in panels for t in (*_titles(ax), *ax.texts))]
        for text in texts:
            if text.get_visible() and (not isinstance(text, Text) or text.get_text()):
                left, below, right, above = text.get_window_extent(renderer).extents / dpi
                x0 = min(x0, left - pad) if left < 0 else x0
                y0 = min(y0, below - pad) if below < 0 else y0
                x1 = max(x1, right + pad) if right > width else x1
                y1 = max(y1, above + pad) if above > height else y1
        self.extent = Bbox.from_extents(x0, y0, x1, y1)


#: Typefaces of the charts, in order of preference: Arial, then fonts of the same widths.
SANS_SERIF = [
    "Arial",
    "Liberation Sans",
    "Helvetica",
    "DejaVu Sans",
    "Bitstream Vera Sans",
    "sans-serif",
]


def set_theme() -> None:
    """Apply the reports' seaborn theme and palette (white grid, Okabe-Ito).

    Text is drawn literally: ``$...$`` in a council name or a statement is
    not read as mathematics (``text.parse_math`` off). The typeface is
    seaborn's first choice, Arial, or where it is missing a font with the same
    widths (Liberation Sans) before DejaVu Sans: the charts are SVG with their
    text as text, which the reader's browser draws in Arial (or Helvetica, or
    Liberation Sans), so the widths it was laid out with are the widths it is
    drawn with, and lines of a label stay aligned.
    """
    sns.set_theme(
        context="notebook",
        style="whitegrid",
        palette=list(OKABE_ITO.values()),
        font_scale=0.9,
        rc={
            "axes.titleweight": "bold",
            "axes.titlesize": 11,
            "text.parse_math": False,
            "font.sans-serif": SANS_SERIF,
        },
    )


def literal_text(fig: Figure) -> Figure:
    """Make every text of a figure literal: no mathtext, whatever the data hold.

    matplotlib reads text between two ``$`` as mathematics (``$x^2$``), which
    mangles a label from the data or fails to draw it. Every chart here
    calls this on its figure, so data texts are drawn as written even where
    :func:`set_theme` was not applied.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig``.
    """
    for text in fig.findobj(Text):
        text.set_parse_math(False)
    return fig


def _shorten(text: object, length: int, *, keep_end: int = 0) -> str:
    """Text on one line, cut to ``length`` characters with "…" when longer.

    Labels from the data (a council's name) can be of any length; cut, they
    can never squeeze a chart into a thin strip. The tables beside the
    charts give them in full. ``keep_end`` characters of the end are kept
    (a legend entry's ", officers").
    """
    text = " ".join(str(text).split())
    if len(text) <= length:
        return text
    head = text[: length - 1 - keep_end].rstrip()
    return head + "…" + (text[len(text) - keep_end :].lstrip() if keep_end else "")


def shorten_label(text: object, length: int, marker: object = "") -> str:
    """An item's label on one line, at most ``length`` characters, its ``marker`` kept whole.

    ``marker`` is the end of the label that carries meaning ("(% disagreeing)",
    "(% sy'n anghytuno)" after a negatively worded statement): when the label
    is too long, the text before it is cut ("…"), never the marker. A label
    that does not end with its marker is cut as any other.
    """
    text = " ".join(str(text).split())
    marker = " ".join(str(marker or "").split())
    if len(text) <= length or not marker or not text.endswith(marker):
        return _shorten(text, length)
    body = text[: len(text) - len(marker)].rstrip()
    return f"{_shorten(body, max(length - len(marker) - 1, 1))} {marker}"


def _item_markers(frame: pd.DataFrame) -> dict[str, str]:
    """Each item's marker (the optional ``marker`` column of an interval frame), by item."""
    if "marker" not in frame.columns:
        return {}
    markers = frame.drop_duplicates("item").set_index("item")["marker"]
    return {str(k): str(v) for k, v in markers.items() if isinstance(v, str) and v}


def _check_columns(frame: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} frame lacks column(s) {missing}; expected {list(columns)}")


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
    markers = _item_markers(frame)
    parts = []
    for (full_label, note), rows in hidden.groupby(["label", "note"], sort=False):
        label = _shorten(full_label, LEGEND_LABEL_LENGTH, keep_end=LEGEND_LABEL_END)
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
    _check_columns(frame, INTERVAL_COLUMNS, "interval chart")
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
    markers = _item_markers(frame)
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
                _shorten(labels[s], LEGEND_LABEL_LENGTH, keep_end=LEGEND_LABEL_END),
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
        Interval-chart frame (see the module docstring); ``estimate``,
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
        Interval-chart frame (see the module docstring); ``estimate``,
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


#: Characters of a council's name beside its point in the funnel plot (then "…").
POINT_LABEL_WIDTH = 30


def _point_label(name: object) -> str:
    """A council's name as written beside its point: at most two short lines.

    A long name (or one long word) is cut with "…" so that the label never
    pushes the panels out of the figure; the caption and the text name the
    council in full.
    """
    return textwrap.fill(_shorten(name, POINT_LABEL_WIDTH), 16, break_long_words=True)


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
    The limits are drawn as given; they are computed by ``helpers.rates``
    (Spiegelhalter 2005).

    References
    ----------
    Spiegelhalter, D. J. (2005). Funnel plots for comparing institutional
    performance. Statistics in Medicine, 24(8), 1185-1202.
    """
    tr = translator(language)
    inner, outer = FUNNEL_LIMITS
    _check_columns(points, FUNNEL_POINT_COLUMNS, "funnel points")
    _check_columns(limits, FUNNEL_LIMIT_COLUMNS, "funnel limits")
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
