"""Everything the council report notebooks show, for one council, in English or in Welsh.

The notebooks ``notebooks/council_report.ipynb`` (English) and
``notebooks/council_report.cy.ipynb`` (Welsh) stay thin and share their code
cells: each loads one council's data in its language with
:func:`load_council_data` and then makes one call per cell to the functions
here, which return

* HTML text (``write_*``), displayed with ``IPython.display.HTML``: every data
  text in it is escaped or sanitised by :mod:`helpers.markup` (nothing from the
  data is ever read as HTML or as the report's own Markdown);
* a styled table (``show_*_table``), built from a plain DataFrame by the
  matching ``build_*_table`` so that the figures can be tested;
* a chart (``show_*_chart``): a PNG with a text alternative and a caption,
  drawn by :mod:`helpers.report.charts` from a tidy frame made by ``chart_*_frame``.

Every word they write is in the report's language (``CouncilData.language``),
from the translation catalogues of :mod:`helpers.i18n` or, for the texts that
are data (statements, framework, findings), from the data's columns in that
language; a Welsh report never falls back to English. The fixed prose (Part 1,
Part 3, most of the methodology and of "About the figures") is Markdown in the
template notebooks, where an editor of each language changes it.

Nothing here computes a statistic: every figure is read from what
``python -m helpers build`` wrote to ``data/processed/``. The functions only
pick, round and word them (docs/methodology.md sections 5 and 7): a suppressed figure
is never printed as a number, and a group the council did not survey is left
out (no row, no panel, no sentence).

Modules, in the order of a report: :mod:`~helpers.report.loading`,
:mod:`~helpers.report.texts` (the words of the report in its language),
:mod:`~helpers.report.display` (tables, charts, numbers as printed),
:mod:`~helpers.report.part1` (title, recipients, framework),
:mod:`~helpers.report.responses` (response table, funnel plot),
:mod:`~helpers.report.themes`, :mod:`~helpers.report.maturity`,
:mod:`~helpers.report.agreement` (each theme), :mod:`~helpers.report.public`
(the public survey) and :mod:`~helpers.report.about` ("About the figures").
"""

from __future__ import annotations

from helpers.report.about import (
    FINGERPRINT_LENGTH,
    build_proportion_words_table,
    show_proportion_words,
    write_data_provenance,
    write_small_numbers,
)
from helpers.report.agreement import (
    build_agreement_table,
    chart_agreement_frame,
    show_agreement_chart,
    show_agreement_table,
    write_agreement_summary,
    write_comparisons,
)
from helpers.report.display import (
    FIGURE_DPI,
    nothing_to_chart,
    setup_notebook,
    show_figure,
    style_table,
)
from helpers.report.loading import BUILD_INFO_JSON, CouncilData, load_council_data
from helpers.report.maturity import (
    build_maturity_table,
    chart_maturity_frame,
    show_maturity_chart,
    show_maturity_table,
    write_maturity_summary,
)
from helpers.report.part1 import (
    build_framework_table,
    other_version_href,
    show_framework_table,
    write_recipients,
    write_title,
)
from helpers.report.public import (
    PUBLIC_MEASURES,
    build_public_survey_table,
    show_public_survey_table,
    write_public_survey,
)
from helpers.report.responses import (
    build_response_table,
    chart_funnel_frames,
    show_funnel_chart,
    show_response_table,
    write_funnel_summary,
    write_part2_heading,
    write_responses_heading,
)
from helpers.report.texts import (
    NATIONAL_STUDY,
    NO_ANSWERS_TEXT,
    NOT_ASKED_TEXT,
    SECONDARY_TEXT,
    MissingWelshTextError,
)
from helpers.report.themes import write_comments, write_theme_findings

__all__ = [
    "BUILD_INFO_JSON",
    "FIGURE_DPI",
    "FINGERPRINT_LENGTH",
    "NATIONAL_STUDY",
    "NOT_ASKED_TEXT",
    "NO_ANSWERS_TEXT",
    "PUBLIC_MEASURES",
    "SECONDARY_TEXT",
    "CouncilData",
    "MissingWelshTextError",
    "build_agreement_table",
    "build_framework_table",
    "build_maturity_table",
    "build_proportion_words_table",
    "build_public_survey_table",
    "build_response_table",
    "chart_agreement_frame",
    "chart_funnel_frames",
    "chart_maturity_frame",
    "load_council_data",
    "nothing_to_chart",
    "other_version_href",
    "setup_notebook",
    "show_agreement_chart",
    "show_agreement_table",
    "show_figure",
    "show_framework_table",
    "show_funnel_chart",
    "show_maturity_chart",
    "show_maturity_table",
    "show_proportion_words",
    "show_public_survey_table",
    "show_response_table",
    "style_table",
    "write_agreement_summary",
    "write_comments",
    "write_comparisons",
    "write_data_provenance",
    "write_funnel_summary",
    "write_maturity_summary",
    "write_part2_heading",
    "write_public_survey",
    "write_recipients",
    "write_responses_heading",
    "write_small_numbers",
    "write_theme_findings",
    "write_title",
]
