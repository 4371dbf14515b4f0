"""Part 2's close: the all-Wales survey of the public."""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from helpers import markup
from helpers.data.columns import CI_HIGH, CI_LOW, N
from helpers.i18n import N_
from helpers.report.display import (
    interval,
    percent,
    style_table,
)
from helpers.report.loading import CouncilData
from helpers.report.narrative.numbers import INTERVAL_LEVEL
from helpers.report.narrative.public import write_public_sentence
from helpers.report.texts import no_answers_text, translator

#: The measures of the public survey, in order, as the table names them.
PUBLIC_MEASURES = {
    # Translators: a row of the public survey table.
    "satisfied": N_("Satisfied that the council's information is used well"),
    # Translators: a row of the public survey table.
    "told": N_("Told what the council does with their personal data"),
}


def _columns(data: CouncilData) -> list[str]:
    tr = translator(data)
    return [
        # Translators: a column of the public survey table.
        tr._("Measure"),
        # Translators: a column of the public survey table.
        tr._("People who answered"),
        # Translators: a column of the public survey table.
        tr._("Percentage"),
        # Translators: a column of the public survey table. {ci}: "95%".
        tr._("{ci} interval", ci=INTERVAL_LEVEL),
    ]


def build_public_survey_table(data: CouncilData) -> pd.DataFrame:
    """Return the all-Wales public survey table: measure, people who answered, %, interval."""
    tr = translator(data)
    columns = _columns(data)
    public = data.public_survey
    if public.empty:
        return pd.DataFrame(columns=columns)
    public = public.set_index("measure")
    measures = [m for m in PUBLIC_MEASURES if m in public.index]
    picked = public.loc[measures]
    values = [
        [tr._(PUBLIC_MEASURES[m]) for m in measures],
        picked[N].astype(int).to_numpy(),
        [no_answers_text(data) if pd.isna(p) else percent(p) for p in picked["pct"]],
        [
            interval(lo, hi, as_percent=True)
            for lo, hi in zip(picked[CI_LOW], picked[CI_HIGH], strict=True)
        ],
    ]
    return pd.DataFrame(dict(zip(columns, values, strict=True)), columns=columns)


def show_public_survey_table(data: CouncilData) -> Styler:
    """Return the styled public survey table."""
    # Translators: the caption of the public survey table.
    caption = translator(data)._(
        "Survey of the public across Wales: use of personal data by councils"
    )
    return style_table(build_public_survey_table(data), caption=caption, uuid="public-survey")


def write_public_survey(data: CouncilData) -> str:
    """Return the section on the all-Wales public survey."""
    tr = translator(data)
    prose = markup.Prose()
    # Translators: the heading of the public survey section.
    heading_text = tr._("What the public across Wales told us")
    heading = f"### {prose.text(heading_text)}\n\n"
    public = data.public_survey
    if public.empty or not (public[N] > 0).any():
        # Translators: when the data set has no public survey.
        none = tr._("This data set holds no answers to the public survey.")
        return prose.render(heading + prose.text(none) + "\n")
    public = public.set_index("measure")
    largest = int(public[N].max())
    sentences = [
        write_public_sentence(float(public.loc[m, "pct"]), m, language=data.language)
        for m in PUBLIC_MEASURES
        if m in public.index and pd.notna(public.loc[m, "pct"])
    ]
    # Translators: the opening of the public survey section. {count}: how many people
    # answered (750), written with a thousands separator.
    intro = tr._(
        "A survey of {count} people across Wales asked about councils' use of personal data. "
        "Its figures are for Wales as a whole, not for one council.",
        count=tr.format_integer(largest),
    )
    items = "\n".join(f"- {prose.text(s)}" for s in sentences)
    return prose.render(heading + prose.text(intro) + "\n\n" + items + "\n")
