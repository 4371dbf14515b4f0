"""Everything the council report notebook shows, for one council.

The notebook ``notebooks/council_report.ipynb`` stays thin: it loads one
council's data with :func:`load_council_data` and then makes one call per cell
to the functions here, which return

* HTML text (``write_*``), displayed with ``IPython.display.HTML``: the
  report's own prose is Markdown rendered by :class:`helpers.markup.Prose`,
  and every data text in it is escaped or sanitised by :mod:`helpers.markup`
  (nothing from the data is ever read as HTML or as the prose's Markdown);
* a styled table (``show_*_table``), built from a plain DataFrame by the
  matching ``build_*_table`` so that the figures can be tested;
* a chart (``show_*_chart``): a PNG with a text alternative and a caption,
  drawn by :mod:`helpers.plots` from a tidy frame made by ``chart_*_frame``.

Nothing here computes a statistic: every figure is read from what
``python -m helpers build`` wrote to ``data/processed/``. The functions only
pick, round and word them (methodology sections 5 and 7): a suppressed figure
is never printed as a number, and a group the council did not survey is left
out (no row, no panel, no sentence).
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from . import markup, narrative, plots
from .config import (
    CHARACTERISTICS,
    GROUP_ALL,
    GROUP_TOTAL,
    GROUPS,
    MIN_RESPONSES,
    SUPPRESSED_TEXT,
    THEMES,
    WALES,
    Z_95,
    Z_998,
    processed_dir,
)
from .councils import Council, CouncilRegistry
from .disclosure import COMPLEMENTARY, PRIMARY, SECONDARY, SUPPRESSED, SUPPRESSION
from .errors import MissingDataError
from .rates import FUNNEL, INVITED, RESPONSE_RATE, RESPONSES, funnel_limits
from .scoring import (
    AGREE_PCT,
    CHARACTERISTIC,
    CI_HIGH,
    CI_LOW,
    COUNCIL_AGREE_PCT,
    COUNCIL_CODE,
    DIFFERENCE,
    GROUP,
    KIND,
    LEVEL,
    MEAN_LEVEL,
    N_LEVEL,
    QUESTION_ID,
    REST_AGREE_PCT,
    REVERSE,
    THEME,
    N,
)

# --------------------------------------------------------------------------
# Constants of the report
# --------------------------------------------------------------------------
#: Shown in place of a figure hidden by secondary suppression.
SECONDARY_TEXT = "not shown, to protect a small group"
#: Shown in place of a figure hidden by complementary suppression (the audit).
COMPLEMENTARY_TEXT = "not shown, so that a small group's answers cannot be worked out"
#: Shown where a question was not put to a group.
NOT_ASKED_TEXT = "not asked"
#: A figure of nobody's answers.
NO_ANSWERS_TEXT = "no answers"
#: Resolution of every chart (pixels per inch).
FIGURE_DPI = 110
#: The national study the report belongs to.
NATIONAL_STUDY = "The maturity of local government in use of data"
NATIONAL_STUDY_CREDIT = f"*{NATIONAL_STUDY}*, Wales Audit Office, December 2018"
#: How long a fingerprint the report prints.
FINGERPRINT_LENGTH = 12
#: The series of the charts and tables, in order: slug -> column heading.
SERIES_HEADINGS = {
    "officer": GROUPS["officer"],
    "member": GROUPS["member"],
    GROUP_ALL: "All respondents",
    "wales": "Wales",
}
#: What each measure of the public survey asked, as a predicate.
PUBLIC_MEASURES = {
    "satisfied": (
        "Satisfied that the council's information is used well",
        "were satisfied that the information their council holds is used effectively "
        "to plan and provide services",
    ),
    "told": (
        "Told what the council does with their personal data",
        "had been told what their council does with their personal data",
    ),
}

# File names in data/processed/ (written by helpers.pipeline).
BUILD_INFO_JSON = "build_info.json"
_REQUIRED_TABLES = (
    "councils",
    "invitations",
    "questions",
    "framework",
    "response_rates",
    "maturity",
    "agreement",
    "themes",
    "comparisons",
)
_OPTIONAL_TABLES = ("findings", "comments", "public_survey")
_BOOLEAN_COLUMNS = (SUPPRESSED, REVERSE)
#: Columns read as numbers; every other column is text.
_NUMERIC_COLUMNS = frozenset(
    {
        N,
        INVITED,
        RESPONSES,
        RESPONSE_RATE,
        CI_LOW,
        CI_HIGH,
        "completes",
        "partials",
        "rr1",
        "rr2",
        MEAN_LEVEL,
        LEVEL,
        *N_LEVEL,
        "agree",
        AGREE_PCT,
        "mean_score",
        "theme_score",
        "theme_agree_pct",
        COUNCIL_AGREE_PCT,
        REST_AGREE_PCT,
        "z",
        "p_value",
        "p_adjusted",
        "pct",
        "order",
    }
)


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class CouncilData:
    """What the report of one council needs, as ``build`` wrote it.

    Statistic tables hold the council's rows and the Wales rows
    (``response_rates`` holds every council, for the funnel plot). A group
    the council did not survey is absent from ``groups`` and from every
    table.
    """

    council: Council
    groups: tuple[str, ...]
    councils: pd.DataFrame
    response_rates: pd.DataFrame
    maturity: pd.DataFrame
    agreement: pd.DataFrame
    themes: pd.DataFrame
    comparisons: pd.DataFrame
    questions: pd.DataFrame
    framework: pd.DataFrame
    findings: pd.DataFrame = field(default_factory=pd.DataFrame)
    comments: pd.DataFrame = field(default_factory=pd.DataFrame)
    public_survey: pd.DataFrame = field(default_factory=pd.DataFrame)
    build_info: dict = field(default_factory=dict)


def _read_table(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    out = {}
    for column in frame.columns:
        values = frame[column]
        if column in _BOOLEAN_COLUMNS:
            out[column] = values.str.strip().str.lower().eq("true")
        elif column in _NUMERIC_COLUMNS:
            out[column] = pd.to_numeric(values.replace("", np.nan))
        else:
            out[column] = values.astype(object)
    return pd.DataFrame(out, columns=frame.columns)


def load_council_data(council: str, folder: Path | str | None = None) -> CouncilData:
    """Load what the report of one council shows from ``data/processed/``.

    Parameters
    ----------
    council : str
        The council's code (``"W06000018"``) or short name, ignoring case.
    folder : path, optional
        The processed-data folder; ``config.processed_dir()`` by default.

    Returns
    -------
    CouncilData
        The council, the groups it surveyed and its tables.

    Raises
    ------
    MissingDataError
        If ``build`` has not written the processed data yet.
    UnknownCouncilError
        If no council in councils.csv has that code or short name.
    """
    folder = Path(folder) if folder is not None else processed_dir()
    missing = [f"{name}.csv" for name in _REQUIRED_TABLES if not (folder / f"{name}.csv").is_file()]
    if not (folder / BUILD_INFO_JSON).is_file():
        missing.append(BUILD_INFO_JSON)
    if missing:
        raise MissingDataError(
            f"the processed data are incomplete (missing {', '.join(missing)}); "
            "run `python -m helpers build` first"
        )
    tables = {name: _read_table(folder / f"{name}.csv") for name in _REQUIRED_TABLES}
    for name in _OPTIONAL_TABLES:
        path = folder / f"{name}.csv"
        tables[name] = _read_table(path) if path.is_file() else pd.DataFrame()
    build_info = json.loads((folder / BUILD_INFO_JSON).read_text(encoding="utf-8"))

    chosen = CouncilRegistry.from_frame(tables["councils"]).resolve(council)
    invitations = tables["invitations"]
    surveyed = set(invitations.loc[invitations[COUNCIL_CODE] == chosen.code, GROUP])
    groups = tuple(g for g in GROUPS if g in surveyed)

    def own(frame: pd.DataFrame, *, wales: bool = False) -> pd.DataFrame:
        if frame.empty or COUNCIL_CODE not in frame.columns:
            return frame
        codes = [chosen.code, WALES] if wales else [chosen.code]
        return frame[frame[COUNCIL_CODE].isin(codes)].reset_index(drop=True)

    return CouncilData(
        council=chosen,
        groups=groups,
        councils=tables["councils"],
        response_rates=tables["response_rates"],
        maturity=own(tables["maturity"], wales=True),
        agreement=own(tables["agreement"], wales=True),
        themes=own(tables["themes"], wales=True),
        comparisons=own(tables["comparisons"]),
        questions=tables["questions"],
        framework=tables["framework"],
        findings=own(tables["findings"]),
        comments=own(tables["comments"]),
        public_survey=tables["public_survey"],
        build_info=build_info,
    )


# --------------------------------------------------------------------------
# Display helpers
# --------------------------------------------------------------------------
def setup_notebook() -> None:
    """Prepare a report notebook: quiet warnings, display options, chart style.

    Warnings are silenced (the report must show none), pandas shows whole
    cells, matplotlib renders inline PNGs at :data:`FIGURE_DPI`, and the
    seaborn theme and palette of :func:`helpers.plots.set_theme` apply.
    """
    warnings.filterwarnings("ignore")
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_rows", 200)
    pd.set_option("display.width", 120)
    matplotlib.rcParams["figure.dpi"] = FIGURE_DPI
    matplotlib.rcParams["savefig.dpi"] = FIGURE_DPI
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # pragma: no cover - IPython ships with the kernel
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        set_matplotlib_formats("png")
    plots.set_theme()


# A cell that reads as a figure: "96", "48%", "0.5", "33–39%".
_FIGURE_TEXT = re.compile(r"^\s*[0-9][0-9.,]*%?(\s*[–-]\s*[0-9][0-9.,]*%?)?\s*$")


def _reads_as_number(column: pd.Series) -> bool:
    """Whether every cell of a column is a number, or text that reads as a figure."""
    if pd.api.types.is_numeric_dtype(column):
        return True
    return bool(len(column)) and column.astype(str).str.match(_FIGURE_TEXT).all()


def style_table(frame: pd.DataFrame, *, caption: str, uuid: str) -> Styler:
    """Return a table styled for the report: caption, no index, text escaped.

    Every cell, column heading and the caption are escaped text: nothing in
    them is read as HTML (:func:`helpers.markup.breakable_text_html`, which
    also lets a very long word break rather than widen the table).

    Parameters
    ----------
    frame : pandas.DataFrame
        The table as it should read (cells already formatted as text).
    caption : str
        The caption, read first by a screen reader.
    uuid : str
        A fixed identifier, so that rendering twice gives the same HTML.

    Returns
    -------
    pandas.io.formats.style.Styler
        ``.data`` is ``frame`` itself.
    """
    numeric = [c for c in frame.columns if _reads_as_number(frame[c])]
    styler = (
        frame.style.hide(axis="index")
        .set_caption(html.escape(caption))
        .set_uuid(uuid)
        .format(markup.breakable_text_html, escape=None)
        .format_index(markup.breakable_text_html, escape=None, axis=1)
        .set_table_styles(
            [
                {"selector": "", "props": "border-collapse: collapse; margin: 0.5em 0 1.5em;"},
                {
                    "selector": "caption",
                    "props": "caption-side: top; text-align: left; font-weight: bold; "
                    "padding: 0 0 0.4em;",
                },
                {
                    "selector": "th, td",
                    "props": "text-align: left; vertical-align: top; padding: 0.35em 0.7em; "
                    "border-bottom: 1px solid #d0d0d0; white-space: normal;",
                },
                {"selector": "thead th", "props": "border-bottom: 2px solid #555555;"},
            ]
        )
    )
    if numeric:
        styler = styler.set_table_styles(
            {c: [{"selector": "th, td", "props": "text-align: right;"}] for c in numeric},
            overwrite=False,
        )
    return styler


def show_figure(fig: matplotlib.figure.Figure, *, alt: str, caption: str) -> HTML:
    """Return a chart as an embedded PNG with a text alternative and a caption.

    The figure is closed, so that the notebook shows it once and does not
    keep it in memory.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The chart.
    alt : str
        Short text alternative: what the chart shows, for a screen reader.
    caption : str
        The caption shown under the chart (Markdown is not interpreted).

    Returns
    -------
    IPython.display.HTML
        A ``<figure>`` with the image as a ``data:`` URI (nothing fetched).
    """
    buffer = io.BytesIO()
    try:
        fig.savefig(
            buffer,
            format="png",
            dpi=FIGURE_DPI,
            bbox_inches="tight",
            facecolor="white",
            metadata={"Software": None},
        )
    finally:
        plt.close(fig)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return HTML(
        '<figure style="margin: 1em 0;">'
        f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(alt, quote=True)}" '
        'style="max-width: 100%; height: auto;">'
        '<figcaption style="font-size: 0.9em; color: #333333;">'
        f"{html.escape(caption)}</figcaption></figure>"
    )


def _percent(p: float) -> str:
    return narrative.format_percent(p)


def _interval(low: float, high: float, *, percent: bool) -> str:
    if pd.isna(low) or pd.isna(high):
        return ""
    if percent:
        return f"{narrative.round_half_up_percent(low)}–{_percent(high)}"
    return f"{_one_decimal(low)}–{_one_decimal(high)}"


def _one_decimal(value: float) -> str:
    return narrative.format_decimal(value, 1)


def _suppression_text(reason: str) -> str:
    if reason == COMPLEMENTARY:
        return COMPLEMENTARY_TEXT
    return SECONDARY_TEXT if reason == SECONDARY else SUPPRESSED_TEXT


def _theme_check(theme: str) -> None:
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; expected one of {list(THEMES)}")


def _group_noun(group: str) -> str:
    return narrative.GROUP_NOUNS[group]


# --------------------------------------------------------------------------
# Title, methodology, Part 1
# --------------------------------------------------------------------------
def write_title(data: CouncilData) -> str:
    """Return the title block: the report's title, the council's English and Welsh names.

    The Welsh name is marked ``lang="cy"`` so that a screen reader reads it
    in Welsh.
    """
    council = data.council
    prose = markup.Prose()
    welsh = prose.block(
        '<p lang="cy" style="font-size: 1.2em; margin-top: -0.5em;">'
        f"{markup.escape_text(council.name_cy)}</p>"
    )
    return prose.render(
        f"# Local government use of data\n\n## {prose.text(council.name)}\n\n{welsh}\n"
    )


def _surveyed_phrase(data: CouncilData) -> str:
    return narrative.join_phrases([_group_noun(g) for g in data.groups])


def write_methodology(data: CouncilData) -> str:
    """Return the section "Methodology and structure of this report"."""
    prose = markup.Prose()
    name = prose.text(data.council.name)
    who = _surveyed_phrase(data)
    return prose.render(f"""## Methodology and structure of this report

As part of its national study of how councils use data, the Wales Audit Office
sent a set of short online questionnaires, the *data tools*, to every council in
Wales. In {name} they went to {who} of the council. The data tools asked
people to say which of three descriptions best fits the council on each of the
seven characteristics of a maturity framework, how far they agree with
statements about the council's use of data, and what gets in the way of using
it better.

The figures in this report summarise the views of the people who responded,
and only theirs. They are not the auditors' own assessment of the council, and
people who did not respond may see things differently. They are useful
evidence of where the council could improve its use of data. Where the audit
team recorded findings of its own, they open each theme.

**How this report is set out.** Part 1 explains why making better use of data
matters and sets out the maturity framework. Part 2 summarises the data tool
responses for {name}, theme by theme, beside the figures for Wales as a whole.
Part 3 describes examples of good practice from elsewhere that councils can
learn from. A closing section, *About the figures*, explains how every figure
was worked out.

Read this report alongside the national study report, {NATIONAL_STUDY_CREDIT},
which gives fuller findings and makes recommendations for every council in
Wales.
""")


def build_framework_table(data: CouncilData) -> pd.DataFrame:
    """Return the maturity framework as printed: one row per characteristic, three levels.

    Rows follow the order of ``config.CHARACTERISTICS``; texts are those of
    framework.csv.
    """
    framework = data.framework.set_index(CHARACTERISTIC)
    order = [c for c in CHARACTERISTICS if c in framework.index]
    table = framework.loc[order, ["name", "level_1", "level_2", "level_3"]]
    return table.reset_index(drop=True).rename(
        columns={
            "name": "Key characteristic",
            "level_1": "Level 1",
            "level_2": "Level 2",
            "level_3": "Level 3",
        }
    )


def show_framework_table(data: CouncilData) -> Styler:
    """Return the maturity framework table, credited to the national study."""
    return style_table(
        build_framework_table(data),
        caption=(
            "The maturity framework: seven key characteristics at three levels. Source: "
            f"Wales Audit Office, {NATIONAL_STUDY} (December 2018)."
        ),
        uuid="framework",
    )


# --------------------------------------------------------------------------
# Part 2: responses
# --------------------------------------------------------------------------
def write_part2_introduction(data: CouncilData) -> str:
    """Return the opening of Part 2 and of its response-rate section."""
    prose = markup.Prose()
    name = prose.text(data.council.name)
    return prose.render(f"""## Part 2 – Summary of key issues from data tool responses for {name}

This part sets out what the data tool responses say about {name} under the four
themes of the national study: {narrative.join_phrases([t.lower() for t in THEMES.values()])}.
Each theme opens with the audit team's findings, where they recorded any, and
goes on to the figures: where respondents place the council on the maturity
framework, how far they agree with the statements put to them, where the
council differs from the rest of Wales, and a few of their comments.

### Data tool responses for {name}

The table shows how many people were invited to complete the data tools and how
many responded.
""")


def build_response_table(data: CouncilData) -> pd.DataFrame:
    """Return the response table exactly as published.

    Columns: Data tool recipients, Number invited, Responses received,
    Percentage responded; rows Officers and Elected Members (the groups
    surveyed only) and Total. The percentage is the unrounded rate rounded
    half up to a whole percent.
    """
    rates = data.response_rates
    own = rates[rates[COUNCIL_CODE] == data.council.code].set_index(GROUP)
    rows = [(GROUPS[g], g) for g in data.groups] + [("Total", GROUP_TOTAL)]
    missing = [g for _label, g in rows if g not in own.index]
    if missing:
        raise MissingDataError(
            f"response_rates.csv has no row for {data.council.code} group(s) {missing}"
        )
    picked = own.loc[[g for _label, g in rows]]
    return pd.DataFrame(
        {
            "Data tool recipients": [label for label, _g in rows],
            "Number invited": picked[INVITED].astype(int).to_numpy(),
            "Responses received": picked[RESPONSES].astype(int).to_numpy(),
            "Percentage responded": [_percent(p) for p in picked[RESPONSE_RATE]],
        }
    )


def show_response_table(data: CouncilData) -> Styler:
    """Return the styled response table."""
    return style_table(
        build_response_table(data),
        caption=f"Data tool recipients and responses, {data.council.name}",
        uuid="responses",
    )


def chart_funnel_frames(data: CouncilData) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the points and limits of the funnel plot (groups the council surveyed).

    Returns
    -------
    points : pandas.DataFrame
        One row per council and group (columns of ``plots.FUNNEL_POINT_COLUMNS``),
        rates in percent.
    limits : pandas.DataFrame
        The 95% and 99.8% limits around the Wales rate of each group over a
        grid of numbers invited, from ``rates.funnel_limits``, in percent.
    """
    rates = data.response_rates
    names = data.councils.set_index(COUNCIL_CODE)["short_name"]
    councils = rates[(rates[COUNCIL_CODE] != WALES) & rates[GROUP].isin(data.groups)]
    councils = councils.assign(_order=councils[GROUP].map({g: i for i, g in enumerate(GROUPS)}))
    councils = councils.sort_values(["_order", COUNCIL_CODE])
    points = pd.DataFrame(
        {
            "group": councils[GROUP].to_numpy(),
            "panel": councils[GROUP].map(GROUPS).to_numpy(),
            "short_name": councils[COUNCIL_CODE].map(names).to_numpy(),
            "invited": councils[INVITED].to_numpy(),
            "rate_pct": councils[RESPONSE_RATE].to_numpy() * 100,
            "is_council": (councils[COUNCIL_CODE] == data.council.code).to_numpy(),
        }
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
    points, limits = chart_funnel_frames(data)
    fig = plots.plot_funnel(points, limits)
    name = data.council.short_name
    return show_figure(
        fig,
        alt=(
            f"Funnel plot of the response rate of every council against the number invited, "
            f"{name} highlighted; where {name} lies is described in the text beside it."
        ),
        caption=(
            f"Response rates of every council (dots; {name} highlighted) against the number "
            "of people invited, one panel per group. The solid grey line is the rate for "
            "Wales; the dashed and dotted lines are the 95% and 99.8% limits within which a "
            "council's rate would fall by chance alone."
        ),
    )


def write_funnel_summary(data: CouncilData) -> str:
    """Return the sentences saying where the council lies on the funnel plot."""
    rates = data.response_rates
    own = rates[rates[COUNCIL_CODE] == data.council.code].set_index(GROUP)
    wales = rates[rates[COUNCIL_CODE] == WALES].set_index(GROUP)
    sentences = [
        narrative.write_funnel_sentence(
            data.council.short_name,
            _group_noun(group),
            float(own.loc[group, RESPONSE_RATE]),
            float(wales.loc[group, RESPONSE_RATE]),
            str(own.loc[group, FUNNEL]),
        )
        for group in data.groups
        if group in own.index and str(own.loc[group, FUNNEL]) in narrative.FUNNEL_PHRASES
    ]
    prose = markup.Prose()
    return prose.render(prose.text(" ".join(sentences)) if sentences else "")


# --------------------------------------------------------------------------
# Part 2: themes
# --------------------------------------------------------------------------
def write_theme_findings(data: CouncilData, theme: str) -> str:
    """Return a theme's heading and the audit team's findings, in their order.

    Each finding is the audit team's Markdown, rendered and sanitised to the
    allow-list of :func:`helpers.markup.markdown_html` (anything else printed
    literally).
    """
    _theme_check(theme)
    prose = markup.Prose()
    heading = f"### What we found in {prose.text(data.council.short_name)}: {THEMES[theme]}\n\n"
    findings = data.findings
    if not findings.empty:
        findings = findings[findings[THEME] == theme].sort_values("order")
    if findings.empty:
        return prose.render(
            heading + "*The audit team recorded no findings of its own on this theme; what "
            "follows is drawn from the data tool responses.*\n"
        )
    blocks = [prose.block(markup.markdown_html(text)) for text in findings["finding"]]
    return prose.render(heading + "\n\n".join(blocks) + "\n")


def _series_rows(frame: pd.DataFrame, data: CouncilData, key: str, items: list[str]):
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


def _mark_asked(rows: pd.DataFrame, asked_of: pd.Series, groups: tuple[str, ...]):
    """Flag the rows of a group not asked the question; drop questions no surveyed group was asked.

    ``asked_of`` gives, per row, the question's ``asked_of`` (officer,
    member, both). Pooled series (``all``, ``wales``) count as asked.
    """
    own_group = rows["series"].isin(list(GROUPS))
    rows = rows.assign(asked=~own_group | asked_of.eq("both") | asked_of.eq(rows["series"]))
    relevant = asked_of.eq("both") | asked_of.isin(list(groups))
    return rows[relevant].reset_index(drop=True)


def _maturity_rows(data: CouncilData, theme: str) -> pd.DataFrame:
    _theme_check(theme)
    items = [c for c, (_name, t) in CHARACTERISTICS.items() if t == theme]
    rows = _series_rows(data.maturity, data, CHARACTERISTIC, items)
    level_questions = data.questions[data.questions[KIND] == "level"].set_index(CHARACTERISTIC)
    asked_of = rows["item"].map(level_questions["asked_of"]).fillna("")  # no question: not asked
    rows = _mark_asked(rows, asked_of, data.groups)
    rows["name"] = rows["item"].map({c: name for c, (name, _t) in CHARACTERISTICS.items()})
    return rows


def _series_label(data: CouncilData, series: str) -> str:
    if series == "wales":
        return "Wales, all respondents"
    if series == GROUP_ALL:
        return f"{data.council.short_name}, all respondents"
    return f"{data.council.short_name}, {_group_noun(series)}"


def _note(row) -> str:
    if not row.asked:
        return NOT_ASKED_TEXT
    if row.suppressed:
        return _suppression_text(row.suppression)
    return ""


def chart_maturity_frame(data: CouncilData, theme: str) -> pd.DataFrame:
    """Return the tidy frame of the maturity chart of one theme.

    One row per characteristic of the theme and series (the council's
    groups, all its respondents, Wales), in the columns of
    ``plots.INTERVAL_COLUMNS``; a suppressed figure has an empty estimate and
    its reason in ``note``; a group not asked about a characteristic is left
    out.
    """
    rows = _maturity_rows(data, theme)
    rows = rows[rows["asked"]]
    shown = ~rows[SUPPRESSED]
    return pd.DataFrame(
        {
            "item": rows["name"].to_numpy(),
            "series": rows["series"].to_numpy(),
            "label": [_series_label(data, s) for s in rows["series"]],
            "estimate": rows[MEAN_LEVEL].where(shown).to_numpy(dtype=float),
            "ci_low": rows[CI_LOW].where(shown).to_numpy(dtype=float),
            "ci_high": rows[CI_HIGH].where(shown).to_numpy(dtype=float),
            "note": [_note(r) for r in rows.itertuples()],
        }
    )


def _nothing_to_chart(frame: pd.DataFrame, what: str) -> HTML | None:
    """A short note in place of a chart that would have no point on it, else None."""
    if frame["estimate"].notna().any():
        return None
    if frame.empty:  # the summary above says that nothing was asked
        return HTML("")
    text = f"No chart: too few people answered any {what} of this theme for a figure to be shown."
    return HTML(f"<p><em>{html.escape(text)}</em></p>")


def _not_asked_text(what: str) -> str:
    return f"No {what} of this theme was put to the groups the council surveyed."


def show_maturity_chart(data: CouncilData, theme: str) -> HTML:
    """Return the maturity chart of one theme, with its text alternative.

    A theme with nothing to chart (no question asked, or every figure hidden)
    gets a one-line note instead.
    """
    frame = chart_maturity_frame(data, theme)
    nothing = _nothing_to_chart(frame, "maturity question")
    if nothing is not None:
        return nothing
    ax = plots.plot_maturity(frame)
    return show_figure(
        ax.figure,
        alt=(
            f"Chart of the mean maturity level given by {data.council.short_name} respondents "
            f"and by respondents across Wales for each characteristic of the theme "
            f"{THEMES[theme]}; the figures are in the table below."
        ),
        caption=(
            "Points show the mean level chosen (1 to 3) and bars its 95% interval. "
            "The same figures are in the table below."
        ),
    )


def _maturity_cell(row) -> str:
    if not row.asked:
        return NOT_ASKED_TEXT
    if pd.isna(row.n):
        return NO_ANSWERS_TEXT
    if row.suppressed:
        return _suppression_text(row.suppression)
    interval = _interval(row.ci_low, row.ci_high, percent=False)
    return (
        f"Level {int(row.level)}: mean {_one_decimal(row.mean_level)} ({interval}), "
        f"n = {int(row.n)}"
    )


def _wide_table(rows: pd.DataFrame, cells: list[str], first: str, data: CouncilData):
    rows = rows.assign(_cell=cells)
    wide = rows.pivot(index="label_item", columns="series", values="_cell")
    order = [s for s in SERIES_HEADINGS if s in wide.columns]
    wide = wide.loc[list(dict.fromkeys(rows["label_item"])), order]
    headings = {s: SERIES_HEADINGS[s] for s in order}
    headings[GROUP_ALL] = f"All {data.council.short_name} respondents"
    headings["wales"] = "Wales, all respondents"
    wide = wide.rename(columns=headings).reset_index().rename(columns={"label_item": first})
    wide.columns.name = None
    return wide


def build_maturity_table(data: CouncilData, theme: str) -> pd.DataFrame:
    """Return the maturity table of one theme.

    One row per characteristic; one column per series (the groups the
    council surveyed, all its respondents, Wales). A cell reads
    ``"Level 2: mean 2.1 (1.8–2.4), n = 21"``, or the suppression text
    (``config.SUPPRESSED_TEXT`` or :data:`SECONDARY_TEXT`), or
    :data:`NOT_ASKED_TEXT`.
    """
    rows = _maturity_rows(data, theme).assign(label_item=lambda f: f["name"])
    cells = [_maturity_cell(r) for r in rows.itertuples()]
    return _wide_table(rows, cells, "Key characteristic", data)


def show_maturity_table(data: CouncilData, theme: str) -> Styler | HTML:
    """Return the styled maturity table of one theme (nothing when no question was asked)."""
    table = build_maturity_table(data, theme)
    if table.empty:
        return HTML("")
    return style_table(
        table,
        caption=(
            f"Maturity level by characteristic, {THEMES[theme]}: the level, the mean answer "
            "with its 95% interval in brackets, and the number of answers (n)"
        ),
        uuid=f"maturity-{theme}",
    )


def _share_upper_levels(rows: pd.DataFrame) -> pd.Series:
    upper = rows[N_LEVEL[1]] + rows[N_LEVEL[2]]
    total = rows[N_LEVEL[0]] + upper
    return upper / total


def _sentence_groups(part: pd.DataFrame, ok: pd.DataFrame, groups: tuple[str, ...]) -> list[str]:
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


def write_maturity_summary(data: CouncilData, theme: str) -> str:
    """Return the sub-heading and sentences on the maturity levels of one theme.

    Each characteristic gets one sentence on the share of each group placing
    the council at level 2 or 3 (from ``n_level_1`` to ``n_level_3``) and one
    comparing the council's average with that of Wales, written only from
    published (not suppressed) figures.
    """
    rows = _maturity_rows(data, theme)
    rows = rows.assign(share=_share_upper_levels(rows))
    usable = rows["asked"] & ~rows[SUPPRESSED] & rows[N].fillna(0).ge(MIN_RESPONSES)
    prose = markup.Prose()
    bullets = []
    for _item, part in rows.groupby("item", sort=False):
        name = str(part["name"].iloc[0])
        ok = part[usable.loc[part.index]].set_index("series")
        groups = _sentence_groups(part, ok, data.groups)
        sentences = []
        if groups:
            shares = {g: float(ok.loc[g, "share"]) for g in groups}
            sentences.append(narrative.write_level_sentence(name, shares))
        if GROUP_ALL in ok.index:
            wales = ok.loc["wales"] if "wales" in ok.index else None
            sentences.append(
                narrative.write_level_comparison(
                    name,
                    data.council.short_name,
                    float(ok.loc[GROUP_ALL, MEAN_LEVEL]),
                    int(ok.loc[GROUP_ALL, LEVEL]),
                    None if wales is None else float(wales[MEAN_LEVEL]),
                    None if wales is None else int(wales[LEVEL]),
                )
            )
        if sentences:
            bullets.append("- " + prose.text(" ".join(sentences)))
    heading = "#### Where respondents place the council\n\n"
    if rows.empty:
        return prose.render(heading + _not_asked_text("maturity question") + "\n")
    body = (
        "\n".join(bullets)
        if bullets
        else "Too few respondents answered these questions for their answers to be shown."
    )
    return prose.render(
        heading + "Respondents chose the description, from level 1 to level 3 of the framework, "
        f"that best fits the council.\n\n{body}\n"
    )


# ---- agreement ------------------------------------------------------------
def _agreement_rows(data: CouncilData, theme: str) -> pd.DataFrame:
    _theme_check(theme)
    questions = data.questions
    likert = questions[(questions[KIND] == "likert") & (questions[THEME] == theme)]
    rows = _series_rows(
        data.agreement.drop(columns=[THEME], errors="ignore"),
        data,
        QUESTION_ID,
        list(likert[QUESTION_ID]),
    )
    info = likert.set_index(QUESTION_ID)
    rows["text"] = rows["item"].map(info["text"])
    rows["reverse"] = rows["item"].map(info[REVERSE]).fillna(False).astype(bool)
    rows = _mark_asked(rows, rows["item"].map(info["asked_of"]), data.groups)
    return rows


def _statement_labels(rows: pd.DataFrame) -> list[str]:
    """Statement texts, marked where the figure is the share who disagree."""
    return [
        f"{text} (% disagreeing)" if reverse else str(text)
        for text, reverse in zip(rows["text"], rows["reverse"], strict=True)
    ]


def chart_agreement_frame(data: CouncilData, theme: str) -> pd.DataFrame:
    """Return the tidy frame of the agreement chart of one theme.

    One row per statement and series, in the columns of
    ``plots.INTERVAL_COLUMNS``; estimates in percent. For a negatively worded
    statement the figure is the share who disagree, and its label says so.
    Statements are labelled with the text a reader sees of their Markdown
    (:func:`helpers.markup.markdown_inline_text`).
    """
    rows = _agreement_rows(data, theme)
    rows = rows[rows["asked"]]
    shown = ~rows[SUPPRESSED]
    return pd.DataFrame(
        {
            "item": [markup.markdown_inline_text(label) for label in _statement_labels(rows)],
            "series": rows["series"].to_numpy(),
            "label": [_series_label(data, s) for s in rows["series"]],
            "estimate": (rows[AGREE_PCT].where(shown) * 100).to_numpy(dtype=float),
            "ci_low": (rows[CI_LOW].where(shown) * 100).to_numpy(dtype=float),
            "ci_high": (rows[CI_HIGH].where(shown) * 100).to_numpy(dtype=float),
            "note": [_note(r) for r in rows.itertuples()],
        }
    )


def show_agreement_chart(data: CouncilData, theme: str) -> HTML:
    """Return the agreement chart of one theme, with its text alternative.

    A theme with nothing to chart (no statement asked, or every figure
    hidden) gets a one-line note instead.
    """
    frame = chart_agreement_frame(data, theme)
    nothing = _nothing_to_chart(frame, "statement")
    if nothing is not None:
        return nothing
    ax = plots.plot_agreement(frame)
    return show_figure(
        ax.figure,
        alt=(
            f"Chart of the percentage of {data.council.short_name} respondents and of "
            f"respondents across Wales who agree with each statement of the theme "
            f"{THEMES[theme]}; the figures are in the table below."
        ),
        caption=(
            "Points show the percentage who agree (for a statement marked '% disagreeing', "
            "who disagree) and bars its 95% interval. The same figures are in the table below."
        ),
    )


def _agreement_cell(row) -> str:
    if not row.asked:
        return NOT_ASKED_TEXT
    if pd.isna(row.n):
        return NO_ANSWERS_TEXT
    if row.suppressed:
        return _suppression_text(row.suppression)
    interval = _interval(row.ci_low, row.ci_high, percent=True)
    return f"{_percent(row.agree_pct)} ({interval}), n = {int(row.n)}"


def _comparison_words(data: CouncilData) -> pd.Series:
    words = {"higher": "higher", "lower": "lower", "similar": "no significant difference"}
    comparisons = data.comparisons
    if comparisons.empty:
        return pd.Series(dtype=object)
    return comparisons.set_index(QUESTION_ID)[DIFFERENCE].map(words).fillna("not compared")


def build_agreement_table(data: CouncilData, theme: str) -> pd.DataFrame:
    """Return the agreement table of one theme.

    One row per statement; one column per series (the groups the council
    surveyed, all its respondents, Wales), a cell reading
    ``"62% (48–74%), n = 21"`` or the suppression or not-asked text; and a
    last column, *Compared with the rest of Wales*: higher, lower, no
    significant difference, or not compared.
    """
    rows = _agreement_rows(data, theme)
    rows = rows.assign(label_item=_statement_labels(rows))
    cells = [_agreement_cell(r) for r in rows.itertuples()]
    table = _wide_table(rows, cells, "Statement", data)
    ids = rows.drop_duplicates("item")["item"]
    table["Compared with the rest of Wales"] = (
        ids.map(_comparison_words(data)).fillna("not compared").to_numpy()
    )
    return table


def show_agreement_table(data: CouncilData, theme: str) -> Styler | HTML:
    """Return the styled agreement table of one theme (nothing when no statement was asked).

    The statements are question texts: their Markdown is rendered and
    sanitised (:func:`helpers.markup.markdown_inline_html`); every other cell
    is escaped text.
    """
    table = build_agreement_table(data, theme)
    if table.empty:
        return HTML("")
    styler = style_table(
        table,
        caption=(
            f"Agreement with each statement, {THEMES[theme]}: the percentage who agree, "
            "with its 95% interval in brackets, and the number of answers (n)"
        ),
        uuid=f"agreement-{theme}",
    )
    return styler.format(
        lambda text: markup.breakable_html(markup.markdown_inline_html(text)),
        subset=["Statement"],
        escape=None,
    )


def write_agreement_summary(data: CouncilData, theme: str) -> str:
    """Return the sub-heading and sentences on agreement with the statements of one theme.

    One sentence per statement, naming the groups whose figure is published
    (or all respondents when a group's figure is hidden); no sentence from a
    suppressed figure.
    """
    rows = _agreement_rows(data, theme)
    usable = rows["asked"] & ~rows[SUPPRESSED] & rows[N].fillna(0).ge(MIN_RESPONSES)
    sentences = []
    for _item, part in rows.groupby("item", sort=False):
        ok = part[usable.loc[part.index]].set_index("series")
        groups = _sentence_groups(part, ok, data.groups)
        if groups:
            sentences.append(
                narrative.write_agreement_sentence(
                    markup.markdown_inline_text(part["text"].iloc[0]),
                    {g: float(ok.loc[g, AGREE_PCT]) for g in groups},
                    reverse=bool(part["reverse"].iloc[0]),
                )
            )
    prose = markup.Prose()
    if rows.empty:
        body = _not_asked_text("statement")
    elif not sentences:
        body = "Too few respondents answered these statements for their answers to be shown."
    else:
        body = "\n".join(f"- {prose.text(s)}" for s in sentences)
    return prose.render(f"#### How far respondents agree\n\n{body}\n")


def write_comparisons(data: CouncilData, theme: str) -> str:
    """Return the statements of a theme where the council differs significantly from Wales.

    From comparisons.csv (difference ``higher`` or ``lower``); says so when
    there are none, or when none could be compared.
    """
    _theme_check(theme)
    questions = data.questions
    info = questions[(questions[KIND] == "likert") & (questions[THEME] == theme)].set_index(
        QUESTION_ID
    )
    comparisons = data.comparisons
    if not comparisons.empty:
        comparisons = comparisons[comparisons[QUESTION_ID].isin(info.index)]
    name = data.council.short_name
    prose = markup.Prose()
    heading = "#### Compared with the rest of Wales\n\n"
    if _agreement_rows(data, theme).empty:
        return ""  # no statement put to the council's groups: the summary says so
    if comparisons.empty:
        return prose.render(
            heading + prose.text(narrative.write_no_difference_sentence(name, 0)) + "\n"
        )
    tested = comparisons[comparisons[DIFFERENCE].isin(["higher", "lower", "similar"])]
    differing = tested[tested[DIFFERENCE].isin(["higher", "lower"])]
    if differing.empty:
        return prose.render(
            heading + prose.text(narrative.write_no_difference_sentence(name, len(tested))) + "\n"
        )
    sentences = [
        narrative.write_comparison_sentence(
            markup.markdown_inline_text(info.loc[row.question_id, "text"]),
            name,
            str(row.difference),
            float(getattr(row, COUNCIL_AGREE_PCT)),
            float(getattr(row, REST_AGREE_PCT)),
            reverse=bool(info.loc[row.question_id, REVERSE]),
        )
        for row in differing.itertuples()
    ]
    intro = (
        f"Of the {len(tested)} statement{'s' if len(tested) != 1 else ''} of this theme that "
        f"could be compared, {prose.text(name)} respondents differ significantly from those in "
        f"the rest of Wales on {len(differing)}:\n\n"
    )
    return prose.render(heading + intro + "\n".join(f"- {prose.text(s)}" for s in sentences) + "\n")


def write_comments(data: CouncilData, theme: str) -> str:
    """Return the analysts' chosen comments on a theme as quotations.

    The comments are printed exactly as comments.csv gives them (already
    redacted by ``build``), each as a block quotation: plain text, escaped,
    line breaks kept (:func:`helpers.markup.plain_text_html`); neither
    Markdown nor HTML in them is interpreted. Empty text when there are none.
    """
    _theme_check(theme)
    comments = data.comments
    if comments.empty:
        return ""
    chosen = comments[comments[THEME] == theme]["comment"]
    if chosen.empty:
        return ""
    prose = markup.Prose()
    quotes = [
        prose.block(f"<blockquote><p>{markup.plain_text_html(c)}</p></blockquote>") for c in chosen
    ]
    return prose.render("#### In respondents' words\n\n" + "\n\n".join(quotes) + "\n")


# --------------------------------------------------------------------------
# Public survey
# --------------------------------------------------------------------------
def build_public_survey_table(data: CouncilData) -> pd.DataFrame:
    """Return the all-Wales public survey table: measure, people who answered, %, interval."""
    public = data.public_survey
    if public.empty:
        return pd.DataFrame(
            columns=["Measure", "People who answered", "Percentage", "95% interval"]
        )
    public = public.set_index("measure")
    measures = [m for m in PUBLIC_MEASURES if m in public.index]
    picked = public.loc[measures]
    return pd.DataFrame(
        {
            "Measure": [PUBLIC_MEASURES[m][0] for m in measures],
            "People who answered": picked[N].astype(int).to_numpy(),
            "Percentage": [NO_ANSWERS_TEXT if pd.isna(p) else _percent(p) for p in picked["pct"]],
            "95% interval": [
                _interval(lo, hi, percent=True)
                for lo, hi in zip(picked[CI_LOW], picked[CI_HIGH], strict=True)
            ],
        }
    )


def show_public_survey_table(data: CouncilData) -> Styler:
    """Return the styled public survey table."""
    return style_table(
        build_public_survey_table(data),
        caption="Survey of the public across Wales: use of personal data by councils",
        uuid="public-survey",
    )


def write_public_survey(data: CouncilData) -> str:
    """Return the section on the all-Wales public survey."""
    heading = "### What the public across Wales told us\n\n"
    prose = markup.Prose()
    public = data.public_survey
    if public.empty or not (public[N] > 0).any():
        return prose.render(heading + "This data set holds no answers to the public survey.\n")
    public = public.set_index("measure")
    largest = int(public[N].max())
    sentences = [
        narrative.write_public_sentence(float(public.loc[m, "pct"]), PUBLIC_MEASURES[m][1])
        for m in PUBLIC_MEASURES
        if m in public.index and pd.notna(public.loc[m, "pct"])
    ]
    return prose.render(
        heading
        + f"A survey of {largest:,} people across Wales asked about councils' use of personal "
        "data. Its figures are for Wales as a whole, not for one council.\n\n"
        + "\n".join(f"- {prose.text(s)}" for s in sentences)
        + "\n"
    )


# --------------------------------------------------------------------------
# About the figures
# --------------------------------------------------------------------------
def write_about(data: CouncilData) -> str:
    """Return the section "About the figures", ending with the data set's date and fingerprint."""
    info = data.build_info
    prose = markup.Prose()
    fingerprint = prose.text(
        str(info.get("fingerprint", ""))[:FINGERPRINT_LENGTH] or "not recorded"
    )
    data_date = str(info.get("data_date", ""))  # from dataset.csv; "" when it has none
    dated = f"the data set dated {prose.text(data_date)}" if data_date else "the data set"
    words = "\n".join(
        f"| {band} | {word} |"
        for band, word in (
            ("100%", "all"),
            ("90% to under 100%", "nearly all"),
            ("75% to under 90%", "most"),
            ("over 50% to under 75%", "a majority of"),
            ("50%", "half of"),
            ("over 15% to under 50%", "a minority of"),
            ("over 0% to 15%", "few"),
            ("0%", "none of"),
        )
    )
    return prose.render(f"""## About the figures

**Responses.** A response is a questionnaire returned with at least one answer;
empty submissions are not counted. The response rate is the number of responses
divided by the number of people invited. The funnel plot compares each
council's rate with the rate for Wales as a whole: the limits around the Wales
rate narrow as the number invited grows, and a council outside the 99.8% limits
differs by more than chance would explain (Spiegelhalter, 2005).

**Maturity levels.** For each characteristic respondents chose the description,
level 1, 2 or 3, that best fits the council; "Don't know" and blank answers are
left out. The figure shown is the mean of the answers, with a 95% interval from
the t distribution. The level is 1 for a mean below 1.5, 2 for a mean from 1.5 to
under 2.5, and 3 from 2.5.

**Agreement.** Answers are scored from 5 (strongly agree) to 1 (strongly
disagree); "Don't know" and blank answers are left out. The percentage agreeing
counts "agree" and "strongly agree". For a negatively worded statement the scores
are reversed, so the figure shown is the percentage who *disagree* with it: in
every table and chart a higher figure means a more mature view. Its 95% interval
is the Wilson score interval.

**Intervals.** A 95% interval shows how precisely the respondents' answers pin
down the figure for everyone invited: intervals built this way contain that
figure in 95 surveys out of 100. Because the people who answered are often a
large part of those invited, the intervals are narrowed by the finite population
correction; when everyone invited answered there is nothing left to estimate,
and the interval is the figure itself. Intervals allow for chance only: they
assume that the people who answered think like those who did not. The public
survey intervals are Wilson intervals using the effective sample size of the
survey's weights.

**Compared with the rest of Wales.** For each statement the percentage of all
{prose.text(data.council.short_name)} respondents who agree is compared with that
of respondents in every other council by a two-proportion z-test. The tests of
the council's statements are adjusted together for multiple comparisons (Holm's
method); a difference is reported only where the adjusted p-value is below 0.05.

**Small numbers.** A figure based on fewer than {MIN_RESPONSES} answers is not
shown: "{SUPPRESSED_TEXT}" appears in its place, and no sentence is written from
it. Where one group's figure is hidden, the same figure for the other group is
also withheld ("{SECONDARY_TEXT}"), so that it cannot be worked out from the
figure for all respondents. The numbers invited and responding are always shown.
Comments are printed with e-mail addresses, telephone numbers and web addresses
replaced by [redacted].

**Rounding.** Percentages are rounded to whole numbers, a half rounded up
(47.5% is shown as 48%); means are shown to one decimal place. Each figure is
rounded from the unrounded value, so rounded figures may not add up exactly.

**Words for proportions.** Sentences describe the proportion of a group with
these words:

| Proportion of the group | Word |
|---|---|
{words}

**The data.** This report was built from {dated}
(fingerprint `{fingerprint}`, the first {FINGERPRINT_LENGTH} characters of a
checksum of the raw files). The figures for every council are in the summary
tables published with the reports.
""")
