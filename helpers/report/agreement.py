"""Part 2, each theme: agreement with the statements, and where the council differs
significantly from the rest of Wales."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from helpers import markup
from helpers.config import MIN_RESPONSES
from helpers.data.columns import (
    AGREE_PCT,
    CI_HIGH,
    CI_LOW,
    COUNCIL_AGREE_PCT,
    DIFFERENCE,
    KIND,
    QUESTION_ID,
    REST_AGREE_PCT,
    REVERSE,
    SUPPRESSED,
    THEME,
    N,
)
from helpers.report.charts.frames import INTERVAL_COLUMNS
from helpers.report.charts.intervals import plot_agreement
from helpers.report.display import (
    count,
    interval,
    nothing_to_chart,
    percent,
    show_figure,
    style_table,
)
from helpers.report.loading import CouncilData
from helpers.report.narrative.agreement import (
    write_agreement_sentence,
    write_comparison_sentence,
    write_comparisons_introduction,
    write_no_difference_sentence,
)
from helpers.report.narrative.numbers import INTERVAL_LEVEL
from helpers.report.texts import (
    council_label,
    data_texts,
    series_label,
    theme_name,
    translator,
)
from helpers.report.themes import (
    mark_asked,
    missing_figure_text,
    not_asked_sentence,
    note,
    sentence_groups,
    series_rows,
    theme_check,
    wide_table,
)


def _likert(data: CouncilData, theme: str) -> pd.DataFrame:
    questions = data.questions
    return questions[(questions[KIND] == "likert") & (questions[THEME] == theme)]


def _statement_texts(data: CouncilData, questions: pd.DataFrame) -> pd.Series:
    """The statements' texts in the report's language, by question id."""
    texts = data_texts(
        data, questions, "text", lambda row: f"the statement {row[QUESTION_ID]} (questions.csv)"
    )
    return pd.Series(texts.to_numpy(), index=questions[QUESTION_ID].to_numpy(), dtype=object)


def _agreement_rows(data: CouncilData, theme: str) -> pd.DataFrame:
    return data.derived(("agreement", theme), lambda: _work_out_agreement_rows(data, theme))


def _work_out_agreement_rows(data: CouncilData, theme: str) -> pd.DataFrame:
    theme_check(theme)
    likert = _likert(data, theme)
    rows = series_rows(
        data.agreement.drop(columns=[THEME], errors="ignore"),
        data,
        QUESTION_ID,
        list(likert[QUESTION_ID]),
    )
    info = likert.set_index(QUESTION_ID)
    rows["reverse"] = rows["item"].map(info[REVERSE]).fillna(False).astype(bool)
    rows = mark_asked(rows, rows["item"].map(info["asked_of"]), data.groups)
    shown = likert[likert[QUESTION_ID].isin(set(rows["item"]))]
    rows["text"] = rows["item"].map(_statement_texts(data, shown)) if len(rows) else []
    return rows


def _disagree_marker(data: CouncilData) -> str:
    """The words after a negatively worded statement: ``% disagreeing``, ``% sy'n anghytuno``."""
    # Translators: after a negatively worded statement, in brackets: its figure is the
    # share who disagree. {percent}: the sign "%".
    return translator(data)._("{percent} disagreeing", percent="%")


def _statement_markers(data: CouncilData, rows: pd.DataFrame) -> list[str]:
    """Each row's marker: ``(% disagreeing)`` for a negatively worded statement, else ""."""
    marker = f"({_disagree_marker(data)})"
    return [marker if reverse else "" for reverse in rows["reverse"]]


def _statement_labels(data: CouncilData, rows: pd.DataFrame) -> list[str]:
    """Statement texts, marked where the figure is the share who disagree."""
    return [
        f"{text} {marker}" if marker else str(text)
        for text, marker in zip(rows["text"], _statement_markers(data, rows), strict=True)
    ]


def chart_agreement_frame(data: CouncilData, theme: str) -> pd.DataFrame:
    """Return the tidy frame of the agreement chart of one theme.

    One row per statement and series, in the columns of
    ``INTERVAL_COLUMNS``; estimates in percent. For a negatively worded
    statement the figure is the share who disagree, and its label says so:
    the optional column ``marker`` holds those words, which the chart keeps
    whole however much of a long statement it cuts. Statements are labelled
    with the text a reader sees of their Markdown
    (:func:`helpers.markup.markdown_inline_text`), in the report's language.
    """
    rows = _agreement_rows(data, theme)
    rows = rows[rows["asked"]]
    shown = ~rows[SUPPRESSED]
    markers = _statement_markers(data, rows)
    texts = [markup.markdown_inline_text(text) for text in rows["text"]]
    return pd.DataFrame(
        {
            "item": [
                f"{text} {marker}" if marker else text
                for text, marker in zip(texts, markers, strict=True)
            ],
            "series": rows["series"].to_numpy(),
            "label": [series_label(data, s) for s in rows["series"]],
            "estimate": (rows[AGREE_PCT].where(shown) * 100).to_numpy(dtype=float),
            "ci_low": (rows[CI_LOW].where(shown) * 100).to_numpy(dtype=float),
            "ci_high": (rows[CI_HIGH].where(shown) * 100).to_numpy(dtype=float),
            "note": [note(data, r) for r in rows.itertuples()],
            "marker": markers,
        },
        columns=[*INTERVAL_COLUMNS, "marker"],
    )


def show_agreement_chart(data: CouncilData, theme: str) -> HTML:
    """Return the agreement chart of one theme, with its text alternative.

    A theme with nothing to chart (no statement asked, or every figure
    hidden) gets a one-line note instead.
    """
    frame = chart_agreement_frame(data, theme)
    nothing = nothing_to_chart(data, frame, "statement")
    if nothing is not None:
        return nothing
    tr = translator(data)
    ax = plot_agreement(frame, language=data.language)
    marker = _disagree_marker(data)
    return show_figure(
        ax.figure,
        # Translators: the text alternative of an agreement chart. {council}: the council
        # (its Welsh short name, unmutated); {theme}: the theme's name.
        alt=tr._(
            "Chart of the percentage of {council} respondents and of respondents across Wales "
            "who agree with each statement of the theme {theme}; the figures are in the table "
            "below.",
            council=council_label(data),
            theme=theme_name(data, theme),
        ),
        # Translators: the caption of an agreement chart. {marker}: the words after a
        # negatively worded statement ("% disagreeing"); {ci}: "95%".
        caption=tr._(
            "Points show the percentage who agree (for a statement marked '{marker}', who "
            "disagree) and bars its {ci} interval. The same figures are in the table below.",
            marker=marker,
            ci=INTERVAL_LEVEL,
        ),
    )


def _agreement_cell(data: CouncilData, row) -> str:
    missing = missing_figure_text(data, row)
    if missing is not None:
        return missing
    span = interval(row.ci_low, row.ci_high, as_percent=True)
    return f"{percent(row.agree_pct)} ({span}), n = {count(row.n)}"


def _comparison_words(data: CouncilData) -> tuple[pd.Series, str]:
    """The last column's words by question id, and the words for a statement not compared."""
    tr = translator(data)
    words = {
        # Translators: in the last column of an agreement table: the council's figure is
        # significantly higher than the rest of Wales's.
        "higher": tr.p_("compared with the rest of Wales", "higher"),
        # Translators: in the last column of an agreement table: significantly lower.
        "lower": tr.p_("compared with the rest of Wales", "lower"),
        # Translators: in the last column of an agreement table.
        "similar": tr.p_("compared with the rest of Wales", "no significant difference"),
    }
    # Translators: in the last column of an agreement table: no test was possible.
    not_compared = tr.p_("compared with the rest of Wales", "not compared")
    comparisons = data.comparisons
    if comparisons.empty:
        return pd.Series(dtype=object), not_compared
    mapped = comparisons.set_index(QUESTION_ID)[DIFFERENCE].map(words).fillna(not_compared)
    return mapped, not_compared


def build_agreement_table(data: CouncilData, theme: str) -> pd.DataFrame:
    """Return the agreement table of one theme.

    One row per statement; one column per series (the groups the council
    surveyed, all its respondents, Wales), a cell reading
    ``"62% (48–74%), n = 21"`` or the suppression or not-asked text; and a
    last column, *Compared with the rest of Wales*: higher, lower, no
    significant difference, or not compared (in the report's language).
    """
    tr = translator(data)
    rows = _agreement_rows(data, theme)
    rows = rows.assign(label_item=_statement_labels(data, rows))
    cells = [_agreement_cell(data, r) for r in rows.itertuples()]
    # Translators: the first column of an agreement table.
    table = wide_table(rows, cells, tr._("Statement"), data)
    words, not_compared = _comparison_words(data)
    ids = rows.drop_duplicates("item")["item"]
    # Translators: the last column of an agreement table, and a sub-heading of each theme.
    table[tr._("Compared with the rest of Wales")] = ids.map(words).fillna(not_compared).to_numpy()
    return table


def show_agreement_table(data: CouncilData, theme: str) -> Styler | HTML:
    """Return the styled agreement table of one theme (nothing when no statement was asked).

    The statements are question texts: their Markdown is rendered and
    sanitised (:func:`helpers.markup.markdown_inline_html`); every other cell
    is escaped text.
    """
    tr = translator(data)
    table = build_agreement_table(data, theme)
    if table.empty:
        return HTML("")
    # Translators: the caption of an agreement table. {theme}: the theme's name; {ci}: "95%".
    caption = tr._(
        "Agreement with each statement, {theme}: the percentage who agree, with its {ci} "
        "interval in brackets, and the number of answers (n)",
        theme=theme_name(data, theme),
        ci=INTERVAL_LEVEL,
    )
    styler = style_table(table, caption=caption, uuid=f"agreement-{theme}")
    return styler.format(
        lambda text: markup.breakable_html(markup.markdown_inline_html(text)),
        subset=[tr._("Statement")],
        escape=None,
    )


def write_agreement_summary(data: CouncilData, theme: str) -> str:
    """Return the sub-heading and sentences on agreement with the statements of one theme.

    One sentence per statement, naming the groups whose figure is published
    (or all respondents when a group's figure is hidden); no sentence from a
    suppressed figure.
    """
    tr = translator(data)
    rows = _agreement_rows(data, theme)
    usable = rows["asked"] & ~rows[SUPPRESSED] & rows[N].fillna(0).ge(MIN_RESPONSES)
    sentences = []
    for _item, part in rows.groupby("item", sort=False):
        ok = part[usable.loc[part.index]].set_index("series")
        groups = sentence_groups(part, ok, data.groups)
        if groups:
            sentences.append(
                write_agreement_sentence(
                    markup.markdown_inline_text(part["text"].iloc[0]),
                    {g: float(ok.loc[g, AGREE_PCT]) for g in groups},
                    reverse=bool(part["reverse"].iloc[0]),
                    language=data.language,
                )
            )
    prose = markup.Prose()
    if rows.empty:
        body = prose.text(not_asked_sentence(data, "statement"))
    elif not sentences:
        # Translators: when every agreement figure of a theme is hidden.
        body = prose.text(
            tr._("Too few respondents answered these statements for their answers to be shown.")
        )
    else:
        body = "\n".join(f"- {prose.text(s)}" for s in sentences)
    # Translators: a sub-heading of each theme.
    heading = tr._("How far respondents agree")
    return prose.render(f"#### {prose.text(heading)}\n\n{body}\n")


def write_comparisons(data: CouncilData, theme: str) -> str:
    """Return the statements of a theme where the council differs significantly from Wales.

    From comparisons.csv (difference ``higher`` or ``lower``); says so when
    there are none, or when none could be compared.
    """
    theme_check(theme)
    tr = translator(data)
    likert = _likert(data, theme)
    info = likert.set_index(QUESTION_ID)
    comparisons = data.comparisons
    if not comparisons.empty:
        comparisons = comparisons[comparisons[QUESTION_ID].isin(info.index)]
    name = council_label(data)
    prose = markup.Prose()
    heading_text = tr._("Compared with the rest of Wales")
    heading = f"#### {prose.text(heading_text)}\n\n"
    if _agreement_rows(data, theme).empty:
        return ""  # no statement put to the council's groups: the summary says so
    language = data.language
    if comparisons.empty:
        sentence = write_no_difference_sentence(name, 0, language=language)
        return prose.render(heading + prose.text(sentence) + "\n")
    tested = comparisons[comparisons[DIFFERENCE].isin(["higher", "lower", "similar"])]
    differing = tested[tested[DIFFERENCE].isin(["higher", "lower"])]
    if differing.empty:
        sentence = write_no_difference_sentence(name, len(tested), language=language)
        return prose.render(heading + prose.text(sentence) + "\n")
    texts = _statement_texts(data, likert[likert[QUESTION_ID].isin(set(differing[QUESTION_ID]))])
    sentences = [
        write_comparison_sentence(
            markup.markdown_inline_text(texts[row.question_id]),
            name,
            str(row.difference),
            float(getattr(row, COUNCIL_AGREE_PCT)),
            float(getattr(row, REST_AGREE_PCT)),
            reverse=bool(info.loc[row.question_id, REVERSE]),
            language=language,
        )
        for row in differing.itertuples()
    ]
    intro = write_comparisons_introduction(name, len(tested), len(differing), language=language)
    items = "\n".join(f"- {prose.text(s)}" for s in sentences)
    return prose.render(heading + prose.text(intro) + "\n\n" + items + "\n")
