"""Part 2's opening: the response table as published and the funnel plot of response rates."""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from helpers import markup
from helpers.config import (
    GROUP_TOTAL,
    GROUPS,
    WALES,
    Z_95,
    Z_998,
)
from helpers.data.columns import COUNCIL_CODE, FUNNEL, GROUP, INVITED, RESPONSE_RATE, RESPONSES
from helpers.errors import MissingDataError
from helpers.report.charts.frames import FUNNEL_POINT_COLUMNS
from helpers.report.charts.funnel import plot_funnel
from helpers.report.display import percent, show_figure, style_table
from helpers.report.loading import CouncilData
from helpers.report.narrative.responses import (
    FUNNEL_LIMITS,
    FUNNEL_POSITIONS,
    write_funnel_sentence,
)
from helpers.report.texts import (
    chart_label,
    council_label,
    council_name,
    group_label,
    translator,
)
from helpers.stats.rates import funnel_limits


def write_part2_heading(data: CouncilData) -> str:
    """Return the heading of Part 2 (the prose that follows it is in the template)."""
    tr = translator(data)
    # Translators: the heading of Part 2. {council}: the council's full name (Welsh name,
    # unmutated: keep it after a noun).
    heading = tr._(
        "Part 2 – Summary of key issues from data tool responses for {council}",
        council=council_name(data),
    )
    return f"<h2>{markup.escape_text(heading)}</h2>"


def write_responses_heading(data: CouncilData) -> str:
    """Return the heading and opening sentence of the response-rate section."""
    tr = translator(data)
    # Translators: a heading. {council}: the council's full name (Welsh name, unmutated).
    heading = tr._("Data tool responses for {council}", council=council_name(data))
    # Translators: under the heading above, before the response table.
    text = tr._(
        "The table shows how many people were invited to complete the data tools and how "
        "many responded."
    )
    return f"<h3>{markup.escape_text(heading)}</h3>\n<p>{markup.escape_text(text)}</p>"


def build_response_table(data: CouncilData) -> pd.DataFrame:
    """Return the response table exactly as published.

    Columns: Data tool recipients, Number invited, Responses received,
    Percentage responded; rows Officers and Elected Members (the groups
    surveyed only) and Total. The percentage is the unrounded rate rounded
    half up to a whole percent. In Welsh, the terms of the specification
    (Nifer a wahoddwyd, Ymatebion a ddaeth i law, Canran a ymatebodd).
    """
    tr = translator(data)
    rates = data.response_rates
    own = rates[rates[COUNCIL_CODE] == data.council.code].set_index(GROUP)
    # Translators: the last row of the response table.
    rows = [(group_label(data, g), g) for g in data.groups] + [(tr._("Total"), GROUP_TOTAL)]
    missing = [g for _label, g in rows if g not in own.index]
    if missing:
        raise MissingDataError(
            f"response_rates.csv has no row for {data.council.code} group(s) {missing}"
        )
    picked = own.loc[[g for _label, g in rows]]
    return pd.DataFrame(
        {
            # Translators: a column of the response table, as published.
            tr._("Data tool recipients"): [label for label, _g in rows],
            # Translators: a column of the response table (the specification's term).
            tr._("Number invited"): picked[INVITED].astype(int).to_numpy(),
            # Translators: a column of the response table (the specification's term).
            tr._("Responses received"): picked[RESPONSES].astype(int).to_numpy(),
            # Translators: a column of the response table (the specification's term).
            tr._("Percentage responded"): [percent(p) for p in picked[RESPONSE_RATE]],
        }
    )


def show_response_table(data: CouncilData) -> Styler:
    """Return the styled response table."""
    tr = translator(data)
    # Translators: the caption of the response table. {council}: the council's full name.
    caption = tr._("Data tool recipients and responses, {council}", council=council_name(data))
    return style_table(build_response_table(data), caption=caption, uuid="responses")


def chart_funnel_frames(data: CouncilData) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the points and limits of the funnel plot (groups the council surveyed).

    Returns
    -------
    points : pandas.DataFrame
        One row per council and group (columns of ``FUNNEL_POINT_COLUMNS``),
        rates in percent; panel titles and the council's label in the
        report's language.
    limits : pandas.DataFrame
        The 95% and 99.8% limits around the Wales rate of each group over a
        grid of numbers invited, from ``rates.funnel_limits``, in percent.
    """
    rates = data.response_rates
    registry = data.councils.set_index(COUNCIL_CODE)
    labels = {
        code: chart_label(data, code, row["short_name"], row["name_cy"], row.get("short_name_cy"))
        for code, row in registry.iterrows()
    }
    councils = rates[(rates[COUNCIL_CODE] != WALES) & rates[GROUP].isin(data.groups)]
    councils = councils.assign(_order=councils[GROUP].map({g: i for i, g in enumerate(GROUPS)}))
    councils = councils.sort_values(["_order", COUNCIL_CODE])
    points = pd.DataFrame(
        {
            "group": councils[GROUP].to_numpy(),
            "panel": [group_label(data, g) for g in councils[GROUP]],
            "short_name": councils[COUNCIL_CODE].map(labels).to_numpy(),
            "invited": councils[INVITED].to_numpy(),
            "rate_pct": councils[RESPONSE_RATE].to_numpy() * 100,
            "is_council": (councils[COUNCIL_CODE] == data.council.code).to_numpy(),
        },
        columns=list(FUNNEL_POINT_COLUMNS),
    )
    wales = rates[rates[COUNCIL_CODE] == WALES].set_index(GROUP)
    parts = []
    for group in data.groups:
        top = float(councils.loc[councils[GROUP] == group, INVITED].max())
        grid = np.arange(1.0, np.ceil(top * 1.15) + 1.0)
        p0 = float(wales.loc[group, RESPONSE_RATE])
        low_95, high_95 = funnel_limits(p0, grid, Z_95)
        low_998, high_998 = funnel_limits(p0, grid, Z_998)
        parts.append(
            pd.DataFrame(
                {
                    "group": group,
                    "invited": grid,
                    "target_pct": p0 * 100,
                    "low_95": low_95 * 100,
                    "high_95": high_95 * 100,
                    "low_998": low_998 * 100,
                    "high_998": high_998 * 100,
                }
            )
        )
    return points, pd.concat(parts, ignore_index=True)


def show_funnel_chart(data: CouncilData) -> HTML:
    """Return the funnel plot of response rates with its text alternative."""
    tr = translator(data)
    points, limits = chart_funnel_frames(data)
    fig = plot_funnel(points, limits, language=data.language)
    name = council_label(data)
    inner, outer = FUNNEL_LIMITS
    return show_figure(
        fig,
        # Translators: the text alternative of the funnel plot. {council}: the council
        # (its Welsh short name, unmutated).
        alt=tr._(
            "Funnel plot of the response rate of every council against the number invited, "
            "{council} highlighted; where {council} lies is described in the text beside it.",
            council=name,
        ),
        # Translators: the caption of the funnel plot. {council}: the council; {inner} "95%",
        # {outer} "99.8%".
        caption=tr._(
            "Response rates of every council (dots; {council} highlighted) against the number "
            "of people invited, one panel per group. The solid grey line is the rate for "
            "Wales; the dashed and dotted lines are the {inner} and {outer} limits within which "
            "a council's rate would fall by chance alone.",
            council=name,
            inner=inner,
            outer=outer,
        ),
    )


def write_funnel_summary(data: CouncilData) -> str:
    """Return the sentences saying where the council lies on the funnel plot."""
    rates = data.response_rates
    own = rates[rates[COUNCIL_CODE] == data.council.code].set_index(GROUP)
    wales = rates[rates[COUNCIL_CODE] == WALES].set_index(GROUP)
    sentences = [
        write_funnel_sentence(
            council_label(data),
            group,
            float(own.loc[group, RESPONSE_RATE]),
            float(wales.loc[group, RESPONSE_RATE]),
            str(own.loc[group, FUNNEL]),
            language=data.language,
        )
        for group in data.groups
        if group in own.index and str(own.loc[group, FUNNEL]) in FUNNEL_POSITIONS
    ]
    return f"<p>{markup.escape_text(' '.join(sentences))}</p>" if sentences else ""
