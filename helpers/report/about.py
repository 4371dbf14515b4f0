"""The close of a report, "About the figures": the parts written from the workbook's rules
and the data (the rest of the section is prose in the template notebooks)."""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from helpers import markup
from helpers.config import MIN_RESPONSES
from helpers.report.display import percent, style_table
from helpers.report.loading import CouncilData
from helpers.report.narrative.proportions import describe_proportion
from helpers.report.texts import SECONDARY_TEXT, suppressed_text, translator
from helpers.report.themes import redacted_html

#: Where the redaction marker goes in the small-numbers paragraph (a private-use character).
_MARK = "\ue010"
#: How long a fingerprint the report prints.
FINGERPRINT_LENGTH = 12
#: A proportion inside each band of docs/methodology.md section 7, in the order of the table.
_BAND_EXAMPLES = (1.0, 0.95, 0.8, 0.6, 0.5, 0.3, 0.1, 0.0)


def write_small_numbers(data: CouncilData) -> str:
    """Return the paragraph on small numbers, quoting the texts that stand in for hidden figures."""
    tr = translator(data)
    # Translators: a paragraph of "About the figures"; "Small numbers." is in bold.
    # {count}: 5; {suppressed}, {secondary}: the texts shown in place of a hidden figure;
    # {redacted}: "[redacted]" in the page's language, as the comments print it.
    label = tr._("Small numbers.")
    # Translators: the rest of that paragraph (placeholders as above).
    text = tr._(
        'A figure based on fewer than {count} answers is not shown: "{suppressed}" appears in '
        "its place, and no sentence is written from it. Where one group's figure is hidden, "
        'the same figure for the other group is also withheld ("{secondary}"), so that it '
        "cannot be worked out from the figure for all respondents. The numbers invited and "
        "responding are always shown. Comments are printed with e-mail addresses, telephone "
        "numbers and web addresses replaced by {redacted}.",
        count=MIN_RESPONSES,
        suppressed=suppressed_text(data),
        secondary=tr._(SECONDARY_TEXT),
        redacted=_MARK,
    )
    # the words the comments print in place of what was removed, in the page's language
    body = markup.escape_text(text).replace(_MARK, redacted_html(data))
    return f"<p><strong>{markup.escape_text(label)}</strong> {body}</p>"


def build_proportion_words_table(data: CouncilData) -> pd.DataFrame:
    """The table of the words for proportions (docs/methodology.md section 7), in the language."""
    tr = translator(data)
    words = [describe_proportion(p, data.language) for p in _BAND_EXAMPLES]
    bounds = [
        percent(1),
        # Translators: a band of proportions: {low} "90%", {high} "100%".
        tr._("{low} to under {high}", low=percent(0.9), high=percent(1)),
        tr._("{low} to under {high}", low=percent(0.75), high=percent(0.9)),
        # Translators: a band of proportions: {low} "50%", {high} "75%".
        tr._("over {low} to under {high}", low=percent(0.5), high=percent(0.75)),
        percent(0.5),
        tr._("over {low} to under {high}", low=percent(0.15), high=percent(0.5)),
        # Translators: a band of proportions: {low} "0%", {high} "15%".
        tr._("over {low} to {high}", low=percent(0), high=percent(0.15)),
        percent(0),
    ]
    # Translators: the columns of the table of words for proportions.
    columns = [tr._("Proportion of the group"), tr._("Word")]
    return pd.DataFrame(dict(zip(columns, [bounds, words], strict=True)), columns=columns)


def show_proportion_words(data: CouncilData) -> Styler:
    """Return the styled table of the words for proportions."""
    # Translators: the caption of the table of words for proportions.
    caption = translator(data)._("Words for proportions")
    return style_table(build_proportion_words_table(data), caption=caption, uuid="words")


def write_data_provenance(data: CouncilData) -> str:
    """Return the paragraph on the data the report was built from: its date and fingerprint.

    The date is the data set's (``build_info["data_date"]``, ISO), written in
    the report's language (``6 December 2018``, ``6 Rhagfyr 2018``); a data
    set without a date gets the sentence without one.
    """
    tr = translator(data)
    info = data.build_info
    # Translators: a paragraph of "About the figures"; "The data." is in bold.
    label = tr._("The data.")
    values = {
        "fingerprint": str(info.get("fingerprint", ""))[:FINGERPRINT_LENGTH],
        "length": FINGERPRINT_LENGTH,
    }
    date = tr.format_date(str(info.get("data_date", "") or ""))
    if date:
        # Translators: {date}: "6 December 2018"; {fingerprint}: 12 hexadecimal digits;
        # {length}: 12.
        text = tr._(
            "This report was built from the data set dated {date} (fingerprint {fingerprint}, "
            "the first {length} characters of a checksum of the raw files). The figures for "
            "every council are in the summary tables published with the reports.",
            date=date,
            **values,
        )
    else:
        # Translators: as above, for a data set without a date.
        text = tr._(
            "This report was built from the data set with fingerprint {fingerprint} (the "
            "first {length} characters of a checksum of the raw files). The figures for every "
            "council are in the summary tables published with the reports.",
            **values,
        )
    return f"<p><strong>{markup.escape_text(label)}</strong> {markup.escape_text(text)}</p>"
