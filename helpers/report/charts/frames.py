"""The tidy frames the charts take: their columns, checked before drawing.

Interval charts (:func:`~helpers.report.charts.intervals.plot_maturity`,
:func:`~helpers.report.charts.intervals.plot_agreement`) take one row
per item and series (:data:`INTERVAL_COLUMNS`):

``item``
    the label on the vertical axis (a characteristic or a statement);
``series``
    one of :data:`~helpers.report.charts.style.SERIES` (``officer``, ``member``,
    ``all``, ``wales``);
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
    shortened (:func:`~helpers.report.charts.labels.shorten_label`); empty for none.

The funnel plot (:func:`~helpers.report.charts.funnel.plot_funnel`) takes its points
(:data:`FUNNEL_POINT_COLUMNS`) and its control limits (:data:`FUNNEL_LIMIT_COLUMNS`).
"""

from __future__ import annotations

import pandas as pd

#: The columns of an interval chart's frame (``marker`` is optional).
INTERVAL_COLUMNS = ("item", "series", "label", "estimate", "ci_low", "ci_high", "note")
#: The columns of the funnel plot's points and of its control limits.
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


def check_columns(frame: pd.DataFrame, columns: tuple[str, ...], what: str) -> None:
    """Raise ValueError if ``frame`` lacks any of ``columns`` (``what`` names the frame)."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} frame lacks column(s) {missing}; expected {list(columns)}")


def item_markers(frame: pd.DataFrame) -> dict[str, str]:
    """Each item's marker (the optional ``marker`` column of an interval frame), by item."""
    if "marker" not in frame.columns:
        return {}
    markers = frame.drop_duplicates("item").set_index("item")["marker"]
    return {str(k): str(v) for k, v in markers.items() if isinstance(v, str) and v}
