"""How a report shows things: notebook set-up, styled tables, charts with text alternatives,
numbers as printed."""

from __future__ import annotations

import base64
import html
import io
import re
import warnings

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from .. import markup, narrative, plots
from .loading import CouncilData
from .texts import translator

#: Resolution of every chart (pixels per inch).
FIGURE_DPI = 110
#: The level of every interval, as printed: "95%".
INTERVAL_LEVEL = narrative.format_percent(0.95)


def setup_notebook() -> None:
    """Prepare a report notebook: quiet warnings, display options, chart style.

    Warnings are silenced (the report must show none), pandas shows whole
    cells, matplotlib renders inline PNGs at :data:`FIGURE_DPI`, and the
    seaborn theme and palette of :func:`helpers.plots.set_theme` apply.
    """
    warnings.filterwarnings("ignore")
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_rows", 200)
    pd.set_option("display.width", 120)
    matplotlib.rcParams["figure.dpi"] = FIGURE_DPI
    matplotlib.rcParams["savefig.dpi"] = FIGURE_DPI
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # pragma: no cover - IPython ships with the kernel
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        set_matplotlib_formats("png")
    plots.set_theme()


# A cell that reads as a figure: "96", "48%", "0.5", "33–39%".
_FIGURE_TEXT = re.compile(r"^\s*[0-9][0-9.,]*%?(\s*[–-]\s*[0-9][0-9.,]*%?)?\s*$")


def _reads_as_number(column: pd.Series) -> bool:
    """Whether every cell of a column is a number, or text that reads as a figure."""
    if pd.api.types.is_numeric_dtype(column):
        return True
    return bool(len(column)) and column.astype(str).str.match(_FIGURE_TEXT).all()


def style_table(frame: pd.DataFrame, *, caption: str, uuid: str) -> Styler:
    """Return a table styled for the report: caption, no index, text escaped.

    Every cell, column heading and the caption are escaped text: nothing in
    them is read as HTML (:func:`helpers.markup.breakable_text_html`, which
    also lets a very long word break rather than widen the table).

    Parameters
    ----------
    frame : pandas.DataFrame
        The table as it should read (cells already formatted as text).
    caption : str
        The caption, read first by a screen reader.
    uuid : str
        A fixed identifier, so that rendering twice gives the same HTML.

    Returns
    -------
    pandas.io.formats.style.Styler
        ``.data`` is ``frame`` itself.
    """
    numeric = [c for c in frame.columns if _reads_as_number(frame[c])]
    styler = (
        frame.style.hide(axis="index")
        .set_caption(html.escape(caption))
        .set_uuid(uuid)
        .format(markup.breakable_text_html, escape=None)
        .format_index(markup.breakable_text_html, escape=None, axis=1)
        .set_table_styles(
            [
                {"selector": "", "props": "border-collapse: collapse; margin: 0.5em 0 1.5em;"},
                {
                    "selector": "caption",
                    "props": "caption-side: top; text-align: left; font-weight: bold; "
                    "padding: 0 0 0.4em;",
                },
                {
                    "selector": "th, td",
                    "props": "text-align: left; vertical-align: top; padding: 0.35em 0.7em; "
                    "border-bottom: 1px solid #d0d0d0; white-space: normal;",
                },
                {"selector": "thead th", "props": "border-bottom: 2px solid #555555;"},
            ]
        )
    )
    if numeric:
        styler = styler.set_table_styles(
            {c: [{"selector": "th, td", "props": "text-align: right;"}] for c in numeric},
            overwrite=False,
        )
    return styler


def show_figure(fig: matplotlib.figure.Figure, *, alt: str, caption: str) -> HTML:
    """Return a chart as an embedded PNG with a text alternative and a caption.

    The figure is closed, so that the notebook shows it once and does not
    keep it in memory.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The chart.
    alt : str
        Short text alternative: what the chart shows, for a screen reader.
    caption : str
        The caption shown under the chart (Markdown is not interpreted).

    Returns
    -------
    IPython.display.HTML
        A ``<figure>`` with the image as a ``data:`` URI (nothing fetched).
    """
    buffer = io.BytesIO()
    try:
        fig.savefig(
            buffer,
            format="png",
            dpi=FIGURE_DPI,
            bbox_inches="tight",
            facecolor="white",
            metadata={"Software": None},
        )
    finally:
        plt.close(fig)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return HTML(
        '<figure style="margin: 1em 0;">'
        f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(alt, quote=True)}" '
        'style="max-width: 100%; height: auto;">'
        '<figcaption style="font-size: 0.9em; color: #333333;">'
        f"{html.escape(caption)}</figcaption></figure>"
    )


def nothing_to_chart(data: CouncilData, frame: pd.DataFrame, what: str) -> HTML | None:
    """A short note in place of a chart that would have no point on it, else None.

    ``what`` is ``"maturity question"`` or ``"statement"``.
    """
    if frame["estimate"].notna().any():
        return None
    if frame.empty:  # the summary above says that nothing was asked
        return HTML("")
    tr = translator(data)
    if what == "statement":
        # Translators: in place of a chart of agreement whose every figure is hidden.
        text = tr._(
            "No chart: too few people answered any statement of this theme for a figure to "
            "be shown."
        )
    else:
        # Translators: in place of a chart of maturity levels whose every figure is hidden.
        text = tr._(
            "No chart: too few people answered any maturity question of this theme for a "
            "figure to be shown."
        )
    return HTML(f"<p><em>{html.escape(text)}</em></p>")


def percent(p: float) -> str:
    """A proportion as printed: ``48%`` (the same in both languages)."""
    return narrative.format_percent(p)


def one_decimal(value: float) -> str:
    """A mean as printed: ``2.1``."""
    return narrative.format_decimal(value, 1)


def interval(low: float, high: float, *, as_percent: bool) -> str:
    """An interval as printed: ``33–39%`` or ``1.8–2.4``; empty when undefined."""
    if pd.isna(low) or pd.isna(high):
        return ""
    if as_percent:
        return f"{narrative.round_half_up_percent(low)}–{percent(high)}"
    return f"{one_decimal(low)}–{one_decimal(high)}"
