"""The charts' layout engine: panels in one row, laid out from one measure of their texts."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import LayoutEngine
from matplotlib.text import Text
from matplotlib.transforms import Bbox

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
