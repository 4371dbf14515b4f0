"""The index pages: ``outputs/index.html`` and ``outputs/index.cy.html``.

Each index lists every council, its response rates and its reports in both
languages (a link when the page exists, its PDF when printed, its state when the
last run failed), and links to the index in the other language; everything it
writes is in its own language. The page is the Jinja template
``templates/index.html.j2``, autoescaped: every text is escaped like
:func:`html.escape` does (:func:`_escape`), the council names given places to
break (:func:`helpers.markup.breakable_text_html`; docs/outputs.md).
"""

from __future__ import annotations

import contextlib
import csv
import functools
import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from helpers import atomic, config, i18n, markup
from helpers.batch import cache
from helpers.batch.records import FAILED
from helpers.errors import RenderError
from helpers.render import pagecheck
from helpers.render import pdf as printing

#: The folder of the page's template.
TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "index.html.j2"


@dataclass(frozen=True)
class ReportCell:
    """One report's cell in the index: its link (when ``shown``), PDF and state."""

    stem: str
    label: str
    hreflang: str | None
    pdf_label: str | None
    shown: bool
    failed: bool
    failed_text: str
    earlier_text: str
    missing_text: str


@dataclass(frozen=True)
class CouncilRow:
    """One council's row: its names (as HTML), rates and reports."""

    name: Markup
    href: str | None
    other_name: Markup
    rates: tuple[str, ...]
    reports: tuple[ReportCell, ...]


@dataclass(frozen=True)
class IndexPage:
    """Everything an index page says, in its language."""

    language: str
    other: str
    csp_meta: Markup
    page_title: str
    switch_href: str
    switch: str
    title: str
    intro: str
    wales: str | None
    caption: str
    headings: tuple[str, ...]
    rows: tuple[CouncilRow, ...]


def _escape(value: Any) -> Any:
    """Escape a value as :func:`html.escape` does (``'`` is ``&#x27;``); leave markup as it is.

    The environment's ``finalize``: autoescape then leaves the escaped text alone,
    so the pages keep the entities they always had.
    """
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value)))


@functools.cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=_escape,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template(TEMPLATE_NAME)


def _percent(responses: int, invited: int) -> str:
    """A whole percent, rounded half up (methodology): 46 of 96 -> 48%."""
    return f"{(200 * responses + invited) // (2 * invited)}%"


def read_response_rates(path: Path | None = None) -> dict[tuple[str, str], tuple[int, int]]:
    """Read ``outputs/summary/response_rates.csv``: ``{(code, group): (responses, invited)}``."""
    path = path or config.summary_dir() / "response_rates.csv"
    rates: dict[tuple[str, str], tuple[int, int]] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                with contextlib.suppress(KeyError, ValueError):
                    invited = int(float(row["invited"]))
                    if invited > 0:
                        responses = int(float(row["responses"]))
                        rates[(row["council_code"], row["group"])] = (responses, invited)
    except OSError:
        pass
    return rates


def _report_cell(
    tr: i18n.Translator,
    stem: str,
    language: str,
    statuses: dict[str, cache.StoredKey],
    existing: set[str],
    printed: frozenset[str] | set[str],
) -> ReportCell:
    """The cell of one report in the index: a link (when the page exists), its PDF, its state."""
    labels = {
        # Translators: the index's link to a council's report in English.
        i18n.ENGLISH: tr._("English report"),
        # Translators: the index's link to a council's report in Welsh.
        i18n.WELSH: tr._("Welsh report"),
    }
    pdf_labels = {
        # Translators: the index's link to the PDF of a council's report in English.
        i18n.ENGLISH: tr._("English report (PDF)"),
        # Translators: the index's link to the PDF of a council's report in Welsh.
        i18n.WELSH: tr._("Welsh report (PDF)"),
    }
    stored = statuses.get(stem)
    return ReportCell(
        stem=stem,
        label=labels[language],
        hreflang=language if language != tr.language else None,
        pdf_label=pdf_labels[language] if stem in printed else None,
        shown=stem in existing,
        failed=stored is not None and stored.status == FAILED,
        # Translators: the state of a report in the index.
        failed_text=tr._("failed in the last run"),
        # Translators: after "failed in the last run", when the previous report is still there.
        earlier_text=tr._("(earlier report shown)"),
        # Translators: the state of a report in the index.
        missing_text=tr._("not rendered yet"),
    )


def _rate_text(tr: i18n.Translator, value: tuple[int, int] | None) -> str:
    if not value:
        # Translators: a group the council did not survey.
        return tr._("not surveyed")
    # Translators: a response rate in the index: {percent} "48%", {responses} 46,
    # {invited} 96 (whole numbers written with thousands separators: 1,156).
    return tr._(
        "{percent} ({responses} of {invited})",
        percent=_percent(*value),
        responses=tr.format_integer(value[0]),
        invited=tr.format_integer(value[1]),
    )


def format_index(
    councils: Iterable[Any],
    rates: dict[tuple[str, str], tuple[int, int]],
    statuses: dict[str, cache.StoredKey],
    existing: set[str],
    language: str = i18n.ENGLISH,
    printed: frozenset[str] | set[str] = frozenset(),
) -> str:
    """Return an index page: one row per council, its response rates and its reports.

    Parameters
    ----------
    councils : iterable of Council
        Every council, in order.
    rates : dict
        :func:`read_response_rates`.
    statuses : dict
        The stored keys (:func:`helpers.batch.cache.read_keys`), by report stem:
        a report whose last render failed is marked.
    existing : set of str
        Report stems whose HTML page exists (only these are linked).
    language : {"en", "cy"}
        The language of the page.
    printed : set of str
        Report stems whose PDF (``outputs/pdf/<stem>.pdf``) exists and is not
        older than the page: linked beneath the page's link.
    """
    tr = i18n.translator(language)
    other = i18n.WELSH if language == i18n.ENGLISH else i18n.ENGLISH
    groups = [
        # Translators: a column of the index: the response rate of the officers.
        ("officer", tr._("Officers")),
        # Translators: a column of the index: the response rate of the elected members.
        ("member", tr._("Elected Members")),
        # Translators: a column of the index: the response rate of both groups together.
        (config.GROUP_TOTAL, tr._("Total")),
    ]
    rows = []
    for council in councils:
        own, second = (
            (council.name, council.name_cy)
            if language == i18n.ENGLISH
            else (council.name_cy, council.name)
        )
        stem = config.report_stem(council.stem, language)
        rows.append(
            CouncilRow(
                name=Markup(markup.breakable_text_html(own)),
                # the name links to the report in the index's language
                href=stem if stem in existing else None,
                other_name=Markup(markup.breakable_text_html(second)),
                rates=tuple(_rate_text(tr, rates.get((council.code, g))) for g, _ in groups),
                reports=tuple(
                    _report_cell(
                        tr,
                        config.report_stem(council.stem, report_language),
                        report_language,
                        statuses,
                        existing,
                        printed,
                    )
                    for report_language in i18n.LANGUAGES
                ),
            )
        )
    wales = rates.get((config.WALES, config.GROUP_TOTAL))
    wales_text = None
    if wales:
        # Translators: under the index's heading. {percent} "38%"; {responses}, {invited}:
        # whole numbers, written with thousands separators ("1,156", "2,806").
        wales_text = tr._(
            "Across Wales, {percent} of those invited responded ({responses} of {invited}).",
            percent=_percent(*wales),
            responses=tr.format_integer(wales[0]),
            invited=tr.format_integer(wales[1]),
        )
    if language == i18n.ENGLISH:
        # Translators: the English index's link to the Welsh one (written in English).
        switch = tr._("This page is also available in Welsh.")
    else:
        # Translators: the Welsh index's link to the English one (written in Welsh).
        switch = tr._("This page is also available in English.")
    title = tr._(config.TITLE)
    page = IndexPage(
        language=language,
        other=other,
        csp_meta=Markup(pagecheck.CSP_META),
        # Translators: the index page's title. {title}: "Local government use of data".
        page_title=tr._("{title}: council reports", title=title),
        switch_href=config.index_path(other).name,
        switch=switch,
        title=title,
        # Translators: the index page's introduction.
        intro=tr._(
            "One report for each council, from the responses to the data tools, "
            "in English and in Welsh. Response rates are the responses received "
            "as a percentage of the number invited."
        ),
        wales=wales_text,
        # Translators: the caption of the index's table.
        caption=tr._("Council reports and response rates"),
        headings=(
            # Translators: the first column of the index's table.
            tr._("Council"),
            *(label for _group, label in groups),
            # Translators: the column of the English reports in the index.
            tr._("Report in English"),
            # Translators: the column of the Welsh reports in the index.
            tr._("Report in Welsh"),
        ),
        rows=tuple(rows),
    )
    return _template().render(page=page)


def write_index(
    registry: Iterable[Any],
    keys: dict[str, cache.StoredKey] | None = None,
    language: str = i18n.ENGLISH,
) -> Path:
    """Write the index of one language (atomically; left untouched when unchanged).

    Raises
    ------
    RenderError
        If the page fails :func:`helpers.render.pagecheck.find_html_problems` (it is not
        written).
    """
    keys = cache.read_keys() if keys is None else keys
    councils = list(registry)
    stems = [config.report_stem(c.stem, lang) for c in councils for lang in i18n.LANGUAGES]
    existing = {stem for stem in stems if (config.html_dir() / f"{stem}.html").is_file()}
    # a PDF older than its page (the page rendered again without --pdf) is not linked
    printed = {
        stem
        for stem in existing
        if not printing.needs_printing(
            config.html_dir() / f"{stem}.html", printing.pdf_path_for(stem)
        )
    }
    page = format_index(councils, read_response_rates(), keys, existing, language, printed)
    problems = pagecheck.find_html_problems(page)
    if problems:
        raise RenderError(
            "the index page is not fit to share: " + "; ".join(problems),
            error="page check: " + "; ".join(problems),
        )
    path = config.index_path(language)
    with contextlib.suppress(OSError):
        if path.read_text(encoding="utf-8") == page:
            return path
    return atomic.write_atomic(path, page)


def write_indexes(
    registry: Iterable[Any], keys: dict[str, cache.StoredKey] | None = None
) -> list[Path]:
    """Write ``outputs/index.html`` and ``outputs/index.cy.html``."""
    councils = list(registry)
    keys = cache.read_keys() if keys is None else keys
    return [write_index(councils, keys, language) for language in i18n.LANGUAGES]
