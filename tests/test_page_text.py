"""What a Welsh reader, a screen reader and a counter find on the pages, in both languages.

* A shortened chart label keeps its marker ("(% disagreeing)", "(% sy'n
  anghytuno)") whole, whatever the length of the statement.
* The placeholder of a redacted address is in the page's language, marked
  when it stands in a comment of the other language.
* Every ``lang`` mark wraps the words it marks (never an empty element).
* Every count of 1,000 or more has its thousands separator.
* Welsh sentences name the council by its Welsh short name.

The fixture data, with statements longer than any shipped, a council that
invited 1,500 officers and redacted comments in both languages, are rendered
once for the module through the command line; the shipped data's 44 pages
and two indexes (rendered once for the session, ``conftest.shipped_home``)
are checked the same way.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import fixture_data
import nbformat
import page_checks
import pandas as pd
import pytest
from matplotlib import pyplot as plt

from helpers import config, i18n
from helpers.render import export
from helpers.report import display, themes
from helpers.report.charts.intervals import ITEM_LABEL_LENGTH, describe_hidden, plot_agreement
from helpers.report.charts.labels import shorten_label

CAERPHILLY = "W06000018"
STEM = "W06000018-caerphilly"
#: Longer than any shipped statement (the longest is under 150 characters).
LONG_EN = (
    "Performance reports mostly look back at what has already happened in each service over "
    "the previous year, and only rarely forward to the demand that residents and businesses "
    "are likely to place on the Authority in the years ahead"
)
LONG_CY = (
    "Ar y cyfan, mae adroddiadau perfformiad yn edrych yn ôl ar yr hyn sydd eisoes wedi "
    "digwydd ym mhob gwasanaeth dros y flwyddyn flaenorol, ac anaml iawn ymlaen at y galw "
    "y mae trigolion a busnesau'n debygol o'i roi ar yr Awdurdod yn y blynyddoedd i ddod"
)
WELSH_COMMENT = "Mae angen strategaeth. Ffoniwch 029 2088 0001 neu e-bostiwch data@example.org."


def _rewrite(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows = change(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def write_long_raw(raw: Path) -> Path:
    """The fixture data with long negative statements, 1,500 officers and Welsh comments."""
    fixture_data.write_fixture_raw(raw)

    def questions(rows):
        header = rows[0]
        for row in rows[1:]:
            if row[0] in ("A_vision2", "A_skills2"):  # negatively worded
                row[header.index("text")] = LONG_EN
                row[header.index("text_cy")] = LONG_CY
        return rows

    def invitations(rows):
        for row in rows[1:]:
            if row[:2] == [CAERPHILLY, "officer"]:
                row[2] = "1500"
        return rows

    def councils(rows):
        short = {CAERPHILLY: "Caerffili", "W06000001": "Ynys Môn", "W06000022": "Casnewydd"}
        return [[*rows[0], "short_name_cy"], *[[*r, short[r[0]]] for r in rows[1:]]]

    def comments(rows):
        rows = [[*rows[0], "lang"], *[[*r, "en"] for r in rows[1:]]]
        return [*rows, [CAERPHILLY, "evidence", WELSH_COMMENT, "cy"]]

    _rewrite(raw / "questions.csv", questions)
    _rewrite(raw / "invitations.csv", invitations)
    _rewrite(raw / "councils.csv", councils)
    _rewrite(raw / "comments.csv", comments)
    return raw


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    """Every page of the long fixture, by file name (``index.html`` and ``html/...``)."""
    home = tmp_path_factory.mktemp("long") / "home"
    write_long_raw(home / "data" / "raw")
    result = fixture_data.run_helpers("report", "--all", "--jobs", "2", home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    outputs = home / "outputs"
    found = {p.relative_to(outputs).as_posix(): p for p in outputs.glob("html/*.html")}
    found.update({p.name: p for p in outputs.glob("index*.html")})
    assert len(found) == 8
    return {name: path.read_text(encoding="utf-8") for name, path in found.items()}


def _language(name: str) -> str:
    return "cy" if name.endswith(".cy.html") else "en"


# --------------------------------------------------------------------------
# Chart labels keep their marker
# --------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_shortened_label_keeps_its_marker_whole(language):
    marker = page_checks.MARKERS[language]
    text = f"{LONG_EN if language == 'en' else LONG_CY} {marker}"
    assert len(text) > ITEM_LABEL_LENGTH
    label = shorten_label(text, ITEM_LABEL_LENGTH, marker)
    assert ITEM_LABEL_LENGTH - 2 <= len(label) <= ITEM_LABEL_LENGTH
    assert label.endswith(f"… {marker}")
    assert text.startswith(label[: -len(marker) - 2])
    # a label that fits, or has no marker, is as before
    assert shorten_label("Short (% x)", 130, "(% x)") == "Short (% x)"
    assert shorten_label(text, 40) == text[:39].rstrip() + "…"


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_agreement_chart_and_its_note_keep_the_marker(language):
    marker = page_checks.MARKERS[language]
    long = LONG_EN if language == "en" else LONG_CY
    items = [f"{long} {marker}", "A short statement", f"{long} again {marker}"]
    frame = pd.DataFrame(
        [
            {
                "item": item,
                "series": series,
                "label": series,
                "estimate": None if series == "officer" and i == 2 else 40.0,
                "ci_low": 30.0,
                "ci_high": 50.0,
                "note": "fewer than 5 responses",
                "marker": marker if i != 1 else "",
            }
            for i, item in enumerate(items)
            for series in ("officer", "all")
        ]
    )
    ax = plot_agreement(frame, language=language)
    try:
        labels = [" ".join(t.get_text().split()) for t in ax.get_yticklabels()]
        note = " ".join(ax.figure.legends[0].get_title().get_text().split())
    finally:
        plt.close(ax.figure)
    assert labels[0].endswith(f"… {marker}") and labels[2].endswith(f"… {marker}")
    assert labels[1] == "A short statement"
    assert all(len(label) <= ITEM_LABEL_LENGTH for label in labels)
    assert f"… {marker}" in note  # the statement named in the note keeps it too
    assert note == " ".join(describe_hidden(frame, language=language).split())


@pytest.mark.parametrize("name", [f"html/{STEM}.html", f"html/{STEM}.cy.html"])
def test_long_negative_statements_keep_their_marker_on_the_page(pages, name):
    language = _language(name)
    marker = page_checks.MARKERS[language]
    labels = [label for chart in page_checks.tick_labels(pages[name]) for label in chart]
    cut = [label for label in labels if "…" in label]
    assert len(cut) == 2  # vision and skills: each has a long negative statement
    assert all(label.endswith(f"… {marker}") for label in cut)
    assert page_checks.lost_markers(pages[name], language) == []


# --------------------------------------------------------------------------
# Redacted text in the page's language
# --------------------------------------------------------------------------
def test_build_writes_a_mark_of_no_language():
    from helpers.stats import disclosure

    redacted = disclosure.redact("Call 029 2088 0000 or mail a@example.org.")
    assert redacted == f"Call {config.REDACTION_MARK} or mail {config.REDACTION_MARK}."


def test_redacted_text_is_in_the_language_of_the_page(pages):
    welsh = page_checks.soup(pages[f"html/{STEM}.cy.html"])
    english = page_checks.soup(pages[f"html/{STEM}.html"])
    assert "[redacted]" not in page_checks.reader_text(pages[f"html/{STEM}.cy.html"])
    assert "[wedi'i olygu]" not in page_checks.reader_text(pages[f"html/{STEM}.html"])
    # an English comment on the Welsh page: the placeholder is Welsh, marked so
    english_quotes = [q for q in welsh.find_all("blockquote", lang="en") if "Call" in q.text]
    assert len(english_quotes) == 1
    marks = english_quotes[0].find_all("span", lang="cy")
    assert [m.get_text() for m in marks] == ["[wedi'i olygu]", "[wedi'i olygu]"]
    assert english_quotes[0].get_text() == (
        "We need a data strategy. Call [wedi'i olygu] or see [wedi'i olygu]"
    )
    # a Welsh comment on the English page: the placeholder is English, marked so
    welsh_quote = english.find("blockquote", lang="cy")
    assert welsh_quote.get_text() == (
        "Mae angen strategaeth. Ffoniwch [redacted] neu e-bostiwch [redacted]."
    )
    assert [m.get_text() for m in welsh_quote.find_all("span", lang="en")] == ["[redacted]"] * 2
    # the same comment on the Welsh page: no mark needed
    assert welsh.find("blockquote", lang="cy").find("span") is None
    # About the figures names the placeholder as the comments print it
    assert "wedi'u disodli gan [wedi'i olygu]." in page_checks.reader_text(
        pages[f"html/{STEM}.cy.html"]
    )


def test_comment_html_escapes_the_words_around_the_mark():
    data = type("D", (), {"language": "cy"})()
    mark = config.REDACTION_MARK
    html = themes.comment_html(data, f"<b>a</b>{mark}\nb", "en")
    assert html == '&lt;b&gt;a&lt;/b&gt;<span lang="cy">[wedi&#x27;i olygu]</span><br>\nb'


# --------------------------------------------------------------------------
# Language marks around the words they mark
# --------------------------------------------------------------------------
def test_no_page_has_an_empty_language_mark(pages):
    for name, page in pages.items():
        assert page_checks.empty_language_marks(page) == [], name


def test_the_welsh_template_marks_its_english_names(pages):
    assert page_checks.unmarked_english_names(pages[f"html/{STEM}.cy.html"]) == []


def test_the_exporter_keeps_inline_marks_and_still_embeds_images(tmp_path):
    image = tmp_path / "dot.png"
    image.write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
        )
    )
    nb = nbformat.v4.new_notebook()
    nb.cells.append(
        nbformat.v4.new_markdown_cell(
            '### A <span lang="en">Data Mill North</span> yn Leeds\n\n'
            'Mae <span lang="en">ODI Leeds</span> yn <img src="dot.png" alt="dot"> dda.'
        )
    )
    html, _ = export.export_html(nb, title="t", resource_dir=tmp_path, language="cy")
    tree = page_checks.soup(html)
    assert [t.get_text() for t in tree.find_all("span", lang="en")] == [
        "Data Mill North",
        "ODI Leeds",
    ]
    assert tree.find("img", alt="dot")["src"].startswith("data:image/png;base64,")


# --------------------------------------------------------------------------
# Thousands separators
# --------------------------------------------------------------------------
def test_counts_have_thousands_separators(pages):
    for name, page in pages.items():
        assert page_checks.counts_without_separator(page) == [], name
    table = page_checks.reader_text(pages[f"html/{STEM}.html"])
    assert "Officers 1,500 16 1%" in table
    assert "(16 of 1,500)" in page_checks.reader_text(pages["index.html"])
    assert "(16 o 1,500)" in page_checks.reader_text(pages["index.cy.html"])


def test_the_counter_finds_a_count_without_separator():
    page = "<p>Across Wales (1156 of 2806), 29 June 2018, fingerprint cefaf87b41c0.</p>"
    assert page_checks.counts_without_separator(page) == ["1156", "2806"]
    page = "<table><tr><td>2019</td><td>Level 2: mean 1.9, n = 1084</td></tr></table>"
    assert page_checks.counts_without_separator(page) == ["1084", "2019"]
    assert page_checks.counts_without_separator("<p>1,156 of 2,806 in 2018</p>") == []


def test_table_cells_and_cell_texts_print_counts_with_separators():
    frame = pd.DataFrame({"Group": ["Officers"], "Number invited": [1156], "n": ["n = 21"]})
    html = display.style_table(frame, caption="c", uuid="u").to_html()
    assert ">1,156<" in html and ">1156<" not in html
    assert display.count(2806) == "2,806"
    assert i18n.translator("cy").format_integer(2806) == "2,806"


# --------------------------------------------------------------------------
# Welsh sentences name the council as English ones do
# --------------------------------------------------------------------------
def test_welsh_sentences_use_the_welsh_short_name(pages):
    text = page_checks.reader_text(pages[f"html/{STEM}.cy.html"])
    full = "Cyngor Bwrdeistref Sirol Caerffili"
    english = page_checks.reader_text(pages[f"html/{STEM}.html"])
    # the full name where the English has the full name, the short name elsewhere
    assert text.count(full) == english.count("Caerphilly County Borough Council")
    assert "O ystyried holl ymatebwyr Caerffili gyda'i gilydd" in text
    assert "Holl ymatebwyr Caerffili" in text
    assert "Ein canfyddiadau ar gyfer Caerffili:" in text
    assert "Caerphilly" not in text.replace("Caerphilly County Borough Council", "")


def test_without_a_welsh_short_name_welsh_sentences_use_the_welsh_name():
    from helpers.data.councils import Council
    from helpers.report.texts import chart_label, council_label

    council = Council("W06000018", "Caerphilly CBC", "Cyngor Bwrdeistref Sirol Caerffili", "C")
    data = type("D", (), {"language": "cy", "council": council})()
    assert council_label(data) == "Cyngor Bwrdeistref Sirol Caerffili"
    assert chart_label(data, council.code, "C", council.name_cy) == "Caerffili"
    assert chart_label(data, council.code, "C", council.name_cy, "Caerffili") == "Caerffili"


# --------------------------------------------------------------------------
# The Welsh catalogue and template as a Welsh editor reads them
# --------------------------------------------------------------------------
def _welsh_texts() -> list[tuple[str, str]]:
    texts = []
    for message in i18n.read_catalogue("cy"):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        texts += [(str(message.id), s) for s in strings if s]
    nb = nbformat.read(config.TEMPLATE_CY, as_version=4)
    texts += [("template", c.source) for c in nb.cells if c.cell_type == "markdown"]
    return texts


def test_welsh_terms_are_lower_case_but_at_the_start():
    for where, text in _welsh_texts():
        assert "Aelodau Etholedig" not in text and "aelodau Etholedig" not in text, where
        assert "Swyddogion Etholedig" not in text, where


def test_welsh_prose_has_the_article_where_welsh_needs_it():
    prose = " ".join(" ".join(text.split()) for _where, text in _welsh_texts())
    assert "Mae adran olaf" not in prose
    assert "Mae'r adran olaf" in prose


# --------------------------------------------------------------------------
# The shipped data: all 44 pages and both indexes
# --------------------------------------------------------------------------
def index_text(pages: dict[str, str]) -> str:
    return page_checks.reader_text(pages["index.html"])


def _shipped_pages(home: Path) -> dict[str, str]:
    outputs = home / "outputs"
    paths = [*outputs.glob("html/*.html"), *outputs.glob("index*.html")]
    return {p.relative_to(outputs).as_posix(): p.read_text(encoding="utf-8") for p in paths}


def test_every_shipped_page_passes_the_checks(shipped_home):
    pages = _shipped_pages(shipped_home)
    assert len(pages) == 46
    for name, page in pages.items():
        language = _language(name)
        assert page_checks.empty_language_marks(page) == [], name
        assert page_checks.counts_without_separator(page) == [], name
        text = page_checks.reader_text(page)
        other = "cy" if language == "en" else "en"
        assert page_checks.REDACTED[other] not in text, name
        if name.startswith("html/"):
            assert page_checks.lost_markers(page, language) == [], name
        if name.endswith(".cy.html"):
            assert "Etholedig" not in text, name
            if name.startswith("html/"):
                assert page_checks.unmarked_english_names(page) == [], name
    wales = r"\(\d{1,3}(?:,\d{3})+ (?:of|o) \d{1,3}(?:,\d{3})+\)"
    assert re.search(f"Across Wales, \\d+% of those invited responded {wales}", index_text(pages))
