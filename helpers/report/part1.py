"""The opening of a report: its title and other-language link, who was surveyed, Part 1's
maturity framework table. The fixed prose of these sections is in the template notebooks."""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from helpers import i18n, markup
from helpers.config import CHARACTERISTICS, TITLE
from helpers.data.columns import CHARACTERISTIC
from helpers.report.display import style_table
from helpers.report.loading import CouncilData
from helpers.report.texts import (
    NATIONAL_STUDY,
    council_name,
    other_language,
    required_text,
    text_column,
    translator,
    welsh,
)


def other_version_href(data: CouncilData) -> str:
    """The page of the report in the other language, in the same folder: ``<stem>.cy.html``."""
    return f"{data.council.stem}{i18n.file_suffix(other_language(data))}.html"


def write_title(data: CouncilData) -> str:
    """Return the title block: the report's title, the council's name in both languages,
    and a link to the report in the other language.

    The name in the other language is marked with its ``lang`` so that a
    screen reader reads it in that language.
    """
    tr = translator(data)
    other = other_language(data)
    prose = markup.Prose()
    second = prose.block(
        f'<p lang="{other}" style="font-size: 1.2em; margin-top: -0.5em;">'
        f"{markup.escape_text(council_name(data, other))}</p>"
    )
    if welsh(data):
        # Translators: the Welsh report's link to its English version (in Welsh).
        switch = tr._("This document is also available in English.")
    else:
        # Translators: the English report's link to its Welsh version (in English).
        switch = tr._("This document is also available in Welsh.")
    link = prose.block(
        f'<p><a href="{markup.escape_text(other_version_href(data))}" hreflang="{other}">'
        f"{markup.escape_text(switch)}</a></p>"
    )
    title = tr._(TITLE)
    return prose.render(
        f"# {prose.text(title)}\n\n## {prose.text(council_name(data))}\n\n{second}\n\n{link}\n"
    )


def write_recipients(data: CouncilData) -> str:
    """Return the methodology's sentence saying who, in this council, was sent the data tools."""
    tr = translator(data)
    council = council_name(data)
    groups = set(data.groups)
    if groups == {"officer", "member"}:
        # Translators: who was surveyed. {council}: the council's full name (Welsh name,
        # unmutated: keep it after a noun).
        text = tr._(
            "In {council}, the data tools went to officers and elected members.", council=council
        )
    elif groups == {"officer"}:
        # Translators: who was surveyed, when only officers were. {council}: as above.
        text = tr._(
            "In {council}, the data tools went to officers only; elected members were not "
            "surveyed.",
            council=council,
        )
    elif groups == {"member"}:
        # Translators: who was surveyed, when only elected members were. {council}: as above.
        text = tr._(
            "In {council}, the data tools went to elected members only; officers were not "
            "surveyed.",
            council=council,
        )
    else:
        # Translators: nobody in the council was invited. {council}: as above.
        text = tr._("In {council}, nobody was invited to complete the data tools.", council=council)
    return f"<p>{markup.escape_text(text)}</p>"


def build_framework_table(data: CouncilData) -> pd.DataFrame:
    """Return the maturity framework as printed: one row per characteristic, three levels.

    Rows follow the order of ``config.CHARACTERISTICS``; texts are those of
    framework.csv in the report's language (``name_cy``, ``level_1_cy``, ...
    in Welsh).
    """
    tr = translator(data)
    framework = data.framework.set_index(CHARACTERISTIC)
    order = [c for c in CHARACTERISTICS if c in framework.index]
    columns = {
        # Translators: the first column of the framework table.
        "name": tr._("Key characteristic"),
        # Translators: a column of the framework table. {level}: 1, 2 or 3.
        "level_1": tr._("Level {level}", level=1),
        "level_2": tr._("Level {level}", level=2),
        "level_3": tr._("Level {level}", level=3),
    }
    table = {}
    for column, heading in columns.items():
        name = text_column(data, column)
        values = framework[name] if name in framework.columns else pd.Series(dtype=object)
        table[heading] = [
            required_text(data, values.get(slug), f"framework.csv {name} of {slug!r}")
            for slug in order
        ]
    return pd.DataFrame(table, columns=list(columns.values()))


def show_framework_table(data: CouncilData) -> Styler:
    """Return the maturity framework table, credited to the national study."""
    tr = translator(data)
    # Translators: the caption of the framework table. {study}: the national study's title.
    caption = tr._(
        "The maturity framework: seven key characteristics at three levels. Source: "
        "Wales Audit Office, {study} (December 2018).",
        study=tr._(NATIONAL_STUDY),
    )
    return style_table(build_framework_table(data), caption=caption, uuid="framework")
