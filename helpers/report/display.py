"""How a report shows things: notebook set-up, styled tables, charts with text alternatives,
numbers as printed."""

from __future__ import annotations

import base64
import codecs
import html
import io
import re
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import HTML
from matplotlib import cbook
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG
from pandas.io.formats.style import Styler

from helpers import markup
from helpers.report.charts.style import set_theme
from helpers.report.loading import CouncilData
from helpers.report.narrative.numbers import (
    format_decimal,
    format_percent,
    round_half_up_percent,
)
from helpers.report.texts import translator

#: Size at which every chart is shown: CSS pixels per inch of the figure.
FIGURE_DPI = 110
#: How charts are written as SVG: text as text (in the page's sans-serif
#: fonts), element ids from a fixed salt so that the same chart gives the same bytes.
SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "lgdata-workbook"}
#: No date, creator or format in the SVG: it would change between runs or name a web site.
SVG_METADATA = {"Creator": None, "Date": None, "Format": None, "Type": None}


def setup_notebook() -> None:
    """Prepare a report notebook: quiet warnings, display options, chart style.

    Warnings are silenced (the report must show none), pandas shows whole
    cells, matplotlib renders inline PNGs at :data:`FIGURE_DPI`, and the
    seaborn theme and palette of :func:`helpers.report.charts.style.set_theme` apply.
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
    set_theme()


# A cell that reads as a figure: "96", "48%", "0.5", "33–39%".
_FIGURE_TEXT = re.compile(r"^\s*[0-9][0-9.,]*%?(\s*[–-]\s*[0-9][0-9.,]*%?)?\s*$")


def _reads_as_number(column: pd.Series) -> bool:
    """Whether every cell of a column is a number, or text that reads as a figure."""
    if pd.api.types.is_numeric_dtype(column):
        return True
    return bool(len(column)) and column.astype(str).str.match(_FIGURE_TEXT).all()


def count(number: int) -> str:
    """A count as printed: thousands separated by commas, ``1,156`` (in both languages)."""
    return f"{int(number):,}"


def _cell_html(value: object) -> str:
    """A table cell as HTML: escaped text, a whole number with its thousands separators."""
    if isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_):
        value = count(value)
    return markup.breakable_text_html(value)


def style_table(frame: pd.DataFrame, *, caption: str, uuid: str) -> Styler:
    """Return a table styled for the report: caption, no index, text escaped.

    Every cell, column heading and the caption are escaped text: nothing in
    them is read as HTML (:func:`helpers.markup.breakable_text_html`, which
    also lets a very long word break rather than widen the table).

    Parameters
    ----------
    frame : pandas.DataFrame
        The table as it should read: cells formatted as text, or whole numbers
        (printed with thousands separators, ``1,156``).
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
        .format(_cell_html, escape=None)
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


class _SVGRenderer(RendererSVG):
    """matplotlib's SVG renderer, measuring each text once per process.

    Laying text out in SVG measures it with glyph outlines at 100 points
    (about a millisecond a string); the charts of a report measure the same
    hundred or so strings (tick labels, legends, titles) four times over.
    The measures depend only on the string, the font and whether it is
    mathematics, so they are kept; the SVG is the same, byte for byte.
    """

    _measured: dict[tuple, tuple[float, float, float]] = {}

    def get_text_width_height_descent(self, s, prop, ismath):  # noqa: D102 - matplotlib's
        key = (s, hash(prop), str(ismath), tuple(matplotlib.rcParams["font.sans-serif"]))
        measured = self._measured.get(key)
        if measured is None:
            measured = super().get_text_width_height_descent(s, prop, ismath)
            self._measured[key] = measured
        return measured


class _SVGCanvas(FigureCanvasSVG):
    """matplotlib's SVG canvas drawing through :class:`_SVGRenderer` (its ``print_svg``)."""

    def print_svg(self, filename, *, bbox_inches_restore=None, metadata=None, **kwargs):  # noqa: D102
        with cbook.open_file_cm(filename, "w", encoding="utf-8") as fh:
            if not cbook.file_requires_unicode(fh):
                fh = codecs.getwriter("utf-8")(fh)
            dpi = self.figure.dpi
            self.figure.dpi = 72  # SVG units are points (print_figure restores the dpi)
            width, height = self.figure.get_size_inches()
            svg = _SVGRenderer(width * 72, height * 72, fh, image_dpi=dpi, metadata=metadata)
            renderer = MixedModeRenderer(
                self.figure, width, height, dpi, svg, bbox_inches_restore=bbox_inches_restore
            )
            self.figure.draw(renderer)
            renderer.finalize()


def _svg_bytes(fig: matplotlib.figure.Figure) -> tuple[bytes, float, float]:
    """Lay a figure out once, crop it to what it draws, and write it as SVG.

    What ``savefig(format="svg", bbox_inches="tight", facecolor="white")``
    writes (with :data:`SVG_RC` and :data:`SVG_METADATA`), which would lay
    the figure out twice and measure it once more for the crop. Here it is
    laid out once; a chart of :mod:`helpers.report.charts`
    (:class:`~helpers.report.charts.layout.ChartLayout`) says itself what the
    image shows, any other figure is cropped to what it draws; each text is
    measured once (:class:`_SVGRenderer`). Returns the SVG and its size in
    inches (a legend wider than the figure widens the image, as with
    ``"tight"``).
    """
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else None
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
        fig.set_layout_engine("none")
    bbox = getattr(engine, "extent", None)  # a chart's layout gives what it shows
    if bbox is None:
        bbox = fig.get_tightbbox(renderer).padded(matplotlib.rcParams["savefig.pad_inches"])
    buffer = io.StringIO()
    with matplotlib.rc_context(SVG_RC):
        _SVGCanvas(fig).print_figure(
            buffer, format="svg", bbox_inches=bbox, facecolor="white", metadata=SVG_METADATA
        )
    return buffer.getvalue().encode("utf-8"), bbox.width, bbox.height


def show_figure(fig: matplotlib.figure.Figure, *, alt: str, caption: str) -> HTML:
    """Return a chart as an embedded SVG image with a text alternative and a caption.

    The chart is laid out, then drawn once, as SVG with its text kept as text (sharp at any
    zoom and in print, and less than half the size of a PNG), in an
    ``<img>`` whose ``data:`` URI holds the image: nothing is fetched, and an
    image cannot run a script. It is cropped to what the chart draws and
    shown at the size a :data:`FIGURE_DPI` PNG of it would have. The figure
    is closed, so that the notebook shows it once and does not keep it in
    memory. The same figure gives the same bytes on
    every run (fixed element ids, no date or creator in the file).

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
    try:
        svg, width, height = _svg_bytes(fig)
    finally:
        plt.close(fig)
    width, height = width * FIGURE_DPI, height * FIGURE_DPI
    encoded = base64.b64encode(svg).decode("ascii")
    return HTML(
        '<figure style="margin: 1em 0;">'
        f'<img src="data:image/svg+xml;base64,{encoded}" '
        f'alt="{html.escape(alt, quote=True)}" width="{round(width)}" height="{round(height)}" '
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
    return format_percent(p)


def one_decimal(value: float) -> str:
    """A mean as printed: ``2.1``."""
    return format_decimal(value, 1)


def interval(low: float, high: float, *, as_percent: bool) -> str:
    """An interval as printed: ``33–39%`` or ``1.8–2.4``; empty when undefined."""
    if pd.isna(low) or pd.isna(high):
        return ""
    if as_percent:
        return f"{round_half_up_percent(low)}–{percent(high)}"
    return f"{one_decimal(low)}–{one_decimal(high)}"
