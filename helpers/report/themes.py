"""Part 2, theme by theme: the theme's heading and the audit team's findings, respondents'
comments, and the row helpers the maturity and agreement sections share."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import markup
from helpers.config import (
    GROUP_ALL,
    GROUPS,
    REDACTION_MARK,
    THEMES,
    WALES,
)
from helpers.data.columns import COUNCIL_CODE, GROUP, SUPPRESSED, SUPPRESSION, THEME
from helpers.report.loading import CouncilData
from helpers.report.texts import (
    REDACTED_TEXT,
    council_label,
    data_texts,
    no_answers_text,
    not_asked_text,
    suppression_text,
    theme_name,
    translator,
)
from helpers.stats.disclosure import PRIMARY


def theme_check(theme: str) -> None:
    """Refuse a theme that is not one of ``config.THEMES`` (ValueError listing them)."""
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; expected one of {list(THEMES)}")


def write_theme_findings(data: CouncilData, theme: str) -> str:
    """Return a theme's heading and the audit team's findings, in their order.

    Each finding is the audit team's Markdown (``finding``, or ``finding_cy``
    in Welsh), rendered and sanitised to the allow-list of
    :func:`helpers.markup.markdown_html` (anything else printed literally).
    """
    theme_check(theme)
    tr = translator(data)
    prose = markup.Prose()
    # Translators: a theme's heading. {council}: the council's short name (in Welsh its
    # Welsh short name, unmutated); {theme}: the theme's name.
    heading = tr._(
        "What we found in {council}: {theme}",
        council=council_label(data),
        theme=theme_name(data, theme),
    )
    source = f"### {prose.text(heading)}\n\n"
    findings = data.findings
    if not findings.empty:
        findings = findings[findings[THEME] == theme].sort_values("order")
    if findings.empty:
        # Translators: under a theme's heading when the audit team wrote no findings on it.
        none = tr._(
            "The audit team recorded no findings of its own on this theme; what follows is "
            "drawn from the data tool responses."
        )
        return prose.render(source + f"*{prose.text(none)}*\n")
    texts = data_texts(
        data,
        findings,
        "finding",
        lambda row: f"the finding {row['council_code']} {row[THEME]} {row['order']:g}",
    )
    blocks = [prose.block(markup.markdown_html(text)) for text in texts]
    return prose.render(source + "\n\n".join(blocks) + "\n")


def redacted_html(data: CouncilData, around: str | None = None) -> str:
    """What a page prints where ``build`` removed an address or a number: ``[redacted]``.

    In the report's language (``[wedi'i olygu]`` in Welsh); marked with that
    language when it stands inside text of another one (``around``: the
    language of the comment it is in).
    """
    words = markup.escape_text(translator(data)._(REDACTED_TEXT))
    if around is not None and around != data.language:
        return f'<span lang="{data.language}">{words}</span>'
    return words


def comment_html(data: CouncilData, comment: object, language: str) -> str:
    """A comment as printed: its own words escaped, each redaction mark in the report's language.

    ``language`` is the comment's (``en`` or ``cy``). The processed data hold
    ``config.REDACTION_MARK`` (U+FFFC) where ``build`` removed an address or
    a number; each becomes :func:`redacted_html`.
    """
    mark = redacted_html(data, around=language)
    return mark.join(markup.plain_text_html(part) for part in str(comment).split(REDACTION_MARK))


def write_comments(data: CouncilData, theme: str) -> str:
    """Return the analysts' chosen comments on a theme as quotations.

    The comments are printed exactly as comments.csv gives them, in the
    language they were written in, never translated: each block quotation
    carries that language's ``lang`` (comments.csv ``lang``, English when
    absent). Plain text, escaped, line breaks kept
    (:func:`helpers.markup.plain_text_html`); neither Markdown nor HTML in
    them is interpreted. Only the marks ``build`` left where it removed an
    address or a number are the workbook's words, printed in the report's
    language (:func:`comment_html`). Empty text when there are none.
    """
    theme_check(theme)
    comments = data.comments
    if comments.empty:
        return ""
    chosen = comments[comments[THEME] == theme]
    if chosen.empty:
        return ""
    languages = chosen["lang"] if "lang" in chosen.columns else pd.Series("", index=chosen.index)
    prose = markup.Prose()
    quotes = []
    for comment, lang in zip(chosen["comment"], languages, strict=True):
        written_in = "cy" if str(lang).strip() == "cy" else "en"
        quotes.append(
            prose.block(
                f'<blockquote lang="{written_in}">'
                f"<p>{comment_html(data, comment, written_in)}</p></blockquote>"
            )
        )
    # Translators: the heading above respondents' comments.
    heading = translator(data)._("In respondents' words")
    return prose.render(f"#### {prose.text(heading)}\n\n" + "\n\n".join(quotes) + "\n")


# --------------------------------------------------------------------------
# Rows shared by the maturity and agreement sections
# --------------------------------------------------------------------------
def series_rows(frame: pd.DataFrame, data: CouncilData, key: str, items: list[str]):
    """Rows of a statistic table for the council's groups, ``all`` and Wales ``all``.

    Returns a frame with one row per item and series (``series`` column), the
    statistic columns, ``suppression`` and ``asked`` flags; a group not asked
    the question gets a row with ``asked`` False.
    """
    code = data.council.code
    series = [(g, code, g) for g in data.groups] + [
        (GROUP_ALL, code, GROUP_ALL),
        ("wales", WALES, GROUP_ALL),
    ]
    rows = []
    for item in items:
        for name, council_code, group in series:
            rows.append({"item": item, "series": name, COUNCIL_CODE: council_code, GROUP: group})
    wanted = pd.DataFrame(rows, columns=["item", "series", COUNCIL_CODE, GROUP])
    merged = wanted.merge(
        frame.rename(columns={key: "item"}), on=["item", COUNCIL_CODE, GROUP], how="left"
    )
    merged[SUPPRESSED] = merged[SUPPRESSED].astype("boolean").fillna(False).astype(bool)
    if SUPPRESSION not in merged.columns:
        merged[SUPPRESSION] = np.where(merged[SUPPRESSED], PRIMARY, "")
    merged[SUPPRESSION] = merged[SUPPRESSION].fillna("").astype(object)
    return merged


def mark_asked(rows: pd.DataFrame, asked_of: pd.Series, groups: tuple[str, ...]):
    """Flag the rows of a group not asked the question; drop questions no surveyed group was asked.

    ``asked_of`` gives, per row, the question's ``asked_of`` (officer,
    member, both). Pooled series (``all``, ``wales``) count as asked.
    """
    own_group = rows["series"].isin(list(GROUPS))
    rows = rows.assign(asked=~own_group | asked_of.eq("both") | asked_of.eq(rows["series"]))
    relevant = asked_of.eq("both") | asked_of.isin(list(groups))
    return rows[relevant].reset_index(drop=True)


def missing_figure_text(data: CouncilData, row) -> str | None:
    """The text of a table cell without a figure (not asked, no answers, hidden), else None."""
    if not row.asked:
        return not_asked_text(data)
    if pd.isna(row.n):
        return no_answers_text(data)
    if row.suppressed:
        return suppression_text(data, row.suppression)
    return None


def note(data: CouncilData, row) -> str:
    """Why a row's figure is not drawn: not asked, or hidden (empty when it is drawn)."""
    if not row.asked:
        return not_asked_text(data)
    if row.suppressed:
        return suppression_text(data, row.suppression)
    return ""


def wide_table(rows: pd.DataFrame, cells: list[str], first: str, data: CouncilData):
    """One row per item, one column per series, headed in the report's language."""
    from helpers.report.texts import series_heading

    rows = rows.assign(_cell=cells)
    wide = rows.pivot(index="label_item", columns="series", values="_cell")
    order = [s for s in (*GROUPS, GROUP_ALL, "wales") if s in wide.columns]
    wide = wide.loc[list(dict.fromkeys(rows["label_item"])), order]
    headings = {s: series_heading(data, s) for s in order}
    wide = wide.rename(columns=headings).reset_index().rename(columns={"label_item": first})
    wide.columns.name = None
    return wide


def sentence_groups(part: pd.DataFrame, ok: pd.DataFrame, groups: tuple[str, ...]) -> list[str]:
    """The groups a sentence about one item may name.

    ``part`` holds the item's rows (all series), ``ok`` those whose figure is
    published (indexed by series). The surveyed groups asked the question are
    named when every one of them is published; when any is hidden, the
    sentence speaks of all respondents instead (if that figure is published),
    so that a hidden figure cannot be worked out from the others.
    """
    asked = [g for g in groups if part.loc[part["series"] == g, "asked"].any()]
    if asked and all(g in ok.index for g in asked):
        return asked
    return [GROUP_ALL] if GROUP_ALL in ok.index else []


def not_asked_sentence(data: CouncilData, what: str) -> str:
    """The sentence for a theme none of whose maturity questions or statements was asked."""
    tr = translator(data)
    if what == "statement":
        # Translators: a theme none of whose statements was put to the council's groups.
        return tr._("No statement of this theme was put to the groups the council surveyed.")
    # Translators: a theme none of whose maturity questions was put to the council's groups.
    return tr._("No maturity question of this theme was put to the groups the council surveyed.")
