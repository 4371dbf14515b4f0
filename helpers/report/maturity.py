"""Part 2, each theme: where respondents place the council on the maturity framework."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from helpers import markup
from helpers.config import CHARACTERISTICS, GROUP_ALL, MIN_RESPONSES
from helpers.data.columns import (
    CHARACTERISTIC,
    CI_HIGH,
    CI_LOW,
    KIND,
    LEVEL,
    MEAN_LEVEL,
    N_LEVEL,
    SUPPRESSED,
    N,
)
from helpers.report.charts.frames import INTERVAL_COLUMNS
from helpers.report.charts.intervals import plot_maturity
from helpers.report.display import (
    count,
    interval,
    nothing_to_chart,
    one_decimal,
    show_figure,
    style_table,
)
from helpers.report.loading import CouncilData
from helpers.report.narrative.maturity import write_level_comparison, write_level_sentence
from helpers.report.narrative.numbers import INTERVAL_LEVEL
from helpers.report.texts import (
    characteristic_names,
    council_label,
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


def _maturity_rows(data: CouncilData, theme: str) -> pd.DataFrame:
    return data.derived(("maturity", theme), lambda: _work_out_maturity_rows(data, theme))


def _work_out_maturity_rows(data: CouncilData, theme: str) -> pd.DataFrame:
    theme_check(theme)
    items = [c for c, (_name, t) in CHARACTERISTICS.items() if t == theme]
    rows = series_rows(data.maturity, data, CHARACTERISTIC, items)
    level_questions = data.questions[data.questions[KIND] == "level"].set_index(CHARACTERISTIC)
    asked_of = rows["item"].map(level_questions["asked_of"]).fillna("")  # no question: not asked
    rows = mark_asked(rows, asked_of, data.groups)
    rows["name"] = rows["item"].map(characteristic_names(data)) if len(rows) else []
    return rows


def chart_maturity_frame(data: CouncilData, theme: str) -> pd.DataFrame:
    """Return the tidy frame of the maturity chart of one theme.

    One row per characteristic of the theme and series (the council's
    groups, all its respondents, Wales), in the columns of
    ``INTERVAL_COLUMNS``; a suppressed figure has an empty estimate and
    its reason in ``note``; a group not asked about a characteristic is left
    out. Labels and notes in the report's language.
    """
    rows = _maturity_rows(data, theme)
    rows = rows[rows["asked"]]
    shown = ~rows[SUPPRESSED]
    return pd.DataFrame(
        {
            "item": rows["name"].to_numpy(),
            "series": rows["series"].to_numpy(),
            "label": [series_label(data, s) for s in rows["series"]],
            "estimate": rows[MEAN_LEVEL].where(shown).to_numpy(dtype=float),
            "ci_low": rows[CI_LOW].where(shown).to_numpy(dtype=float),
            "ci_high": rows[CI_HIGH].where(shown).to_numpy(dtype=float),
            "note": [note(data, r) for r in rows.itertuples()],
        },
        columns=list(INTERVAL_COLUMNS),
    )


def show_maturity_chart(data: CouncilData, theme: str) -> HTML:
    """Return the maturity chart of one theme, with its text alternative.

    A theme with nothing to chart (no question asked, or every figure hidden)
    gets a one-line note instead.
    """
    frame = chart_maturity_frame(data, theme)
    nothing = nothing_to_chart(data, frame, "maturity question")
    if nothing is not None:
        return nothing
    tr = translator(data)
    ax = plot_maturity(frame, language=data.language)
    return show_figure(
        ax.figure,
        # Translators: the text alternative of a maturity chart. {council}: the council
        # (its Welsh short name, unmutated); {theme}: the theme's name.
        alt=tr._(
            "Chart of the mean maturity level given by {council} respondents and by "
            "respondents across Wales for each characteristic of the theme {theme}; the "
            "figures are in the table below.",
            council=council_label(data),
            theme=theme_name(data, theme),
        ),
        # Translators: the caption of a maturity chart. {ci}: "95%".
        caption=tr._(
            "Points show the mean level chosen (1 to 3) and bars its {ci} interval. The same "
            "figures are in the table below.",
            ci=INTERVAL_LEVEL,
        ),
    )


def _maturity_cell(data: CouncilData, row) -> str:
    missing = missing_figure_text(data, row)
    if missing is not None:
        return missing
    # Translators: a cell of the maturity table: "Level 2: mean 2.1 (1.8–2.4), n = 21";
    # {n} is written with thousands separators ("1,084").
    return translator(data)._(
        "Level {level}: mean {mean} ({interval}), n = {n}",
        level=int(row.level),
        mean=one_decimal(row.mean_level),
        interval=interval(row.ci_low, row.ci_high, as_percent=False),
        n=count(row.n),
    )


def build_maturity_table(data: CouncilData, theme: str) -> pd.DataFrame:
    """Return the maturity table of one theme.

    One row per characteristic; one column per series (the groups the
    council surveyed, all its respondents, Wales). A cell reads
    ``"Level 2: mean 2.1 (1.8–2.4), n = 21"``, or the suppression text
    (``config.SUPPRESSED_TEXT`` or ``SECONDARY_TEXT``), or ``NOT_ASKED_TEXT``
    (in the report's language).
    """
    rows = _maturity_rows(data, theme)
    rows = rows.assign(label_item=rows["name"])
    cells = [_maturity_cell(data, r) for r in rows.itertuples()]
    # Translators: the first column of the maturity table.
    return wide_table(rows, cells, translator(data)._("Key characteristic"), data)


def show_maturity_table(data: CouncilData, theme: str) -> Styler | HTML:
    """Return the styled maturity table of one theme (nothing when no question was asked)."""
    table = build_maturity_table(data, theme)
    if table.empty:
        return HTML("")
    # Translators: the caption of a maturity table. {theme}: the theme's name; {ci}: "95%".
    caption = translator(data)._(
        "Maturity level by characteristic, {theme}: the level, the mean answer with its {ci} "
        "interval in brackets, and the number of answers (n)",
        theme=theme_name(data, theme),
        ci=INTERVAL_LEVEL,
    )
    return style_table(table, caption=caption, uuid=f"maturity-{theme}")


def _share_upper_levels(rows: pd.DataFrame) -> pd.Series:
    upper = rows[N_LEVEL[1]] + rows[N_LEVEL[2]]
    total = rows[N_LEVEL[0]] + upper
    return upper / total


def write_maturity_summary(data: CouncilData, theme: str) -> str:
    """Return the sub-heading and sentences on the maturity levels of one theme.

    Each characteristic gets one sentence on the share of each group placing
    the council at level 2 or 3 (from ``n_level_1`` to ``n_level_3``) and one
    comparing the council's average with that of Wales, written only from
    published (not suppressed) figures.
    """
    tr = translator(data)
    rows = _maturity_rows(data, theme)
    rows = rows.assign(share=_share_upper_levels(rows))
    usable = rows["asked"] & ~rows[SUPPRESSED] & rows[N].fillna(0).ge(MIN_RESPONSES)
    prose = markup.Prose()
    bullets = []
    for _item, part in rows.groupby("item", sort=False):
        name = str(part["name"].iloc[0])
        ok = part[usable.loc[part.index]].set_index("series")
        groups = sentence_groups(part, ok, data.groups)
        sentences = []
        if groups:
            shares = {g: float(ok.loc[g, "share"]) for g in groups}
            sentences.append(write_level_sentence(name, shares, language=data.language))
        if GROUP_ALL in ok.index:
            wales = ok.loc["wales"] if "wales" in ok.index else None
            sentences.append(
                write_level_comparison(
                    name,
                    council_label(data),
                    float(ok.loc[GROUP_ALL, MEAN_LEVEL]),
                    int(ok.loc[GROUP_ALL, LEVEL]),
                    None if wales is None else float(wales[MEAN_LEVEL]),
                    None if wales is None else int(wales[LEVEL]),
                    language=data.language,
                )
            )
        if sentences:
            bullets.append("- " + prose.text(" ".join(sentences)))
    # Translators: a sub-heading of each theme.
    heading_text = tr._("Where respondents place the council")
    heading = f"#### {prose.text(heading_text)}\n\n"
    if rows.empty:
        return prose.render(heading + prose.text(not_asked_sentence(data, "maturity")) + "\n")
    if bullets:
        body = "\n".join(bullets)
    else:
        # Translators: when every maturity figure of a theme is hidden.
        body = prose.text(
            tr._("Too few respondents answered these questions for their answers to be shown.")
        )
    # Translators: under "Where respondents place the council".
    intro = tr._(
        "Respondents chose the description, from level 1 to level 3 of the framework, that "
        "best fits the council."
    )
    return prose.render(heading + f"{prose.text(intro)}\n\n{body}\n")
