"""The charts' look: one colour-blind-safe palette, typefaces, sizes and the seaborn theme.

One palette serves every report (Okabe & Ito 2008): the council's own figure always in
:data:`COUNCIL_COLOUR`, Wales always in :data:`WALES_COLOUR`, and each series also has
its own marker, so that the charts still read in greyscale print.

References
----------
Okabe, M. and Ito, K. (2008). Color Universal Design (CUD): how to make
figures and presentations that are friendly to colorblind people.
"""

from __future__ import annotations

import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.text import Text

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
#: Where an Axes title sits (axes fraction, before its padding): where matplotlib
#: puts it anyway when no tick label is at the top. Given, it spares matplotlib
#: measuring every tick label at each drawing to check that the title clears them.
TITLE_Y = 1.0

#: The ticks of every axis in percent (fixed: a chart's ticks never depend on its size).
PERCENT_TICKS = (0, 20, 40, 60, 80, 100)

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
