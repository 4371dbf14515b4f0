"""Rendering council reports for real: papermill, nbconvert and the page a reader gets.

The three fixture councils (``tests/fixture_data.py``) are rendered once for
the module, through the command line as a user would run it, in a workbook
home of their own: first Caerphilly alone, named in mixed case, then every
council with ``--force`` in two worker processes (Caerphilly a second time),
each in English and in Welsh (``--language both``, the default). The tests
then read the HTML pages with BeautifulSoup and check them against figures
computed here from the fixture data, independently of the helpers; the Welsh
pages against the fixture's Welsh texts and the catalogues.

The template also runs under ``jupyter nbconvert --execute``, as an analyst
would run it outside the workbook's commands (plain papermill: test_report.py).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import fixture_data
import nbformat
import pytest
from bs4 import BeautifulSoup

from helpers import atomic, config
from helpers.__main__ import main
from helpers.batch import building
from helpers.render import export, kernels, pagecheck

NOTEBOOK = config.PROJECT_ROOT / "notebooks" / "council_report.ipynb"
BIN = Path(sys.executable).parent
SUPPRESSED = config.SUPPRESSED_TEXT
STEMS = {
    "W06000001": "W06000001-isle-of-anglesey",
    "W06000018": "W06000018-caerphilly",
    "W06000022": "W06000022-newport",
}
NAMES = {code: (name, name_cy, short) for code, name, name_cy, short in fixture_data.COUNCILS}
#: Every respondent id of the fixture data (data tools and public survey).
RESPONDENT_IDS = [row[0] for row in fixture_data.response_rows()] + [f"P{i:03d}" for i in range(40)]
#: The personal details in the fixture comments, which must never reach a page.
PERSONAL = ["029 2088 0000", "https://example.org/plan", "example.org", "jane.doe@example.gov.uk"]


def _run(args: list[str], home: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, config.HOME_ENV: str(home)}
    return subprocess.run(
        args,
        cwd=config.PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _helpers(*args: str, home: Path) -> subprocess.CompletedProcess:
    return _run([sys.executable, "-m", "helpers", *args], home)


# --------------------------------------------------------------------------
# One rendering of the fixture councils for the whole module
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The fixture councils rendered through the command line (see the module docstring).

    ``jupyter nbconvert --execute`` runs the template at the same time, on the
    other core, while Caerphilly renders alone.
    """
    home = tmp_path_factory.mktemp("render") / "home"
    fixture_data.write_fixture_raw(home / "data" / "raw")
    build = _helpers("build", home=home)
    assert build.returncode == 0, build.stdout + build.stderr
    by_hand = tmp_path_factory.mktemp("by-hand")
    nbconvert = subprocess.Popen(
        [
            str(BIN / "jupyter"),
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "notebooks/council_report.ipynb",
            "--output-dir",
            str(by_hand),
            "--output",
            "nbconvert",
        ],
        cwd=config.PROJECT_ROOT,
        env={**os.environ, config.HOME_ENV: str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = _helpers("report", "--council", "cAERPHILLY", home=home)
        assert first.returncode == 0, first.stdout + first.stderr
        html_dir = home / "outputs" / "html"
        first_bytes = {p.name: p.read_bytes() for p in html_dir.iterdir()}
        second = _helpers("report", "--all", "--force", "--jobs", "2", home=home)
        assert second.returncode == 0, second.stdout + second.stderr
    finally:
        stdout, stderr = nbconvert.communicate(timeout=300)
    pages = {
        code: (html_dir / f"{stem}.html").read_text(encoding="utf-8")
        for code, stem in STEMS.items()
    }
    pages_cy = {
        code: (html_dir / f"{stem}.cy.html").read_text(encoding="utf-8")
        for code, stem in STEMS.items()
    }
    return {
        "home": home,
        "first": first,
        "first_bytes": first_bytes,
        "second": second,
        "pages": pages,
        "soups": {code: BeautifulSoup(page, "html.parser") for code, page in pages.items()},
        "pages_cy": pages_cy,
        "soups_cy": {code: BeautifulSoup(page, "html.parser") for code, page in pages_cy.items()},
        "nbconvert": (nbconvert.returncode, stderr, by_hand / "nbconvert.ipynb"),
    }


def _text(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


def _attribute_values(soup: BeautifulSoup):
    """Every attribute value of the page but embedded images' data."""
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            values = value if isinstance(value, list) else [value]
            for item in values:
                if name == "src" and str(item).startswith("data:"):
                    continue
                yield str(item)


def _table(soup: BeautifulSoup, caption_start: str):
    tables = [
        t
        for t in soup.find_all("table")
        if t.caption and t.caption.get_text(" ", strip=True).startswith(caption_start)
    ]
    assert len(tables) == 1, f"{len(tables)} tables captioned {caption_start!r}"
    return tables[0]


def _rows(table) -> list[list[str]]:
    return [
        [" ".join(cell.get_text(" ").split()) for cell in tr.find_all(["th", "td"])]
        for tr in table.find_all("tr")
    ]


# --------------------------------------------------------------------------
# Figures computed here from the fixture data
# --------------------------------------------------------------------------
def _half_up(fraction: Fraction) -> int:
    return int(fraction + Fraction(1, 2))


def _fixture_responses() -> dict[tuple[str, str], int]:
    """Responses per (council, group): rows with at least one answer (data contract)."""
    counts: dict[tuple[str, str], int] = {}
    for row in fixture_data.response_rows():
        if any(str(value).strip() for value in row[3:]):
            counts[(row[1], row[2])] = counts.get((row[1], row[2]), 0) + 1
    return counts


def _fixture_levels(code: str, group: str, question: str) -> list[int]:
    column = 3 + fixture_data.question_ids().index(question)
    return [
        int(row[column])
        for row in fixture_data.response_rows()
        if row[1] == code and row[2] == group and row[column] in ("1", "2", "3")
    ]


def test_fixture_reading_is_sane():
    # the empty submission is not a response; every other fixture row is one
    responses = _fixture_responses()
    assert responses[("W06000018", "member")] == fixture_data.INVITED["W06000018"]["member"][1]
    assert sum(responses.values()) == len(fixture_data.response_rows()) - 1


# --------------------------------------------------------------------------
# The command line and the files it writes
# --------------------------------------------------------------------------
def test_council_named_in_any_case_writes_its_notebook_and_page(rendered):
    first = rendered["first"]
    assert "W06000018-caerphilly" in first.stdout and "rendered" in first.stdout
    assert sorted(rendered["first_bytes"]) == [
        "W06000018-caerphilly.cy.html",
        "W06000018-caerphilly.html",
    ]
    home = rendered["home"]
    for stem in STEMS.values():
        for suffix in ("", ".cy"):
            assert (home / "outputs" / "notebooks" / f"{stem}{suffix}.ipynb").is_file()
            assert (home / "outputs" / "html" / f"{stem}{suffix}.html").is_file()
    assert "Traceback" not in first.stderr + rendered["second"].stderr


@pytest.mark.parametrize("name", ["W06000018-caerphilly.html", "W06000018-caerphilly.cy.html"])
def test_rendering_twice_gives_byte_identical_pages(rendered, name):
    again = (rendered["home"] / "outputs" / "html" / name).read_bytes()
    assert "6 rendered" in rendered["second"].stdout  # --force rendered Caerphilly again
    assert again == rendered["first_bytes"][name]


def test_executed_notebook_has_the_parameter_and_no_paths(rendered):
    home = rendered["home"]
    for code, stem in STEMS.items():
        path = home / "outputs" / "notebooks" / f"{stem}.ipynb"
        text = path.read_text(encoding="utf-8")
        nb = nbformat.reads(text, as_version=4)
        injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert len(injected) == 1 and f'council_code = "{code}"' in injected[0].source
        errors = [
            o
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
            if o.output_type == "error"
        ]
        assert errors == []
        for path_text in (str(home), str(config.PROJECT_ROOT), str(Path.home()) + "/"):
            assert path_text not in text


# --------------------------------------------------------------------------
# The page: what it must not contain
# --------------------------------------------------------------------------
@pytest.mark.parametrize("code", list(STEMS))
def test_page_shows_no_code_prompts_errors_or_warnings(rendered, code):
    page, soup = rendered["pages"][code], rendered["soups"][code]
    for selector in (
        ".jp-CodeCell .jp-InputArea",
        ".jp-InputArea-editor",
        ".jp-InputPrompt",
        ".jp-OutputPrompt",
        ".jp-CodeMirrorEditor",
    ):
        assert soup.select(selector) == [], selector
    assert soup.select(".jp-CodeCell")  # the code cells' outputs are there
    assert not soup.find_all("pre", class_="highlight")  # no highlighted source code
    assert "from helpers import report" not in page
    assert "report.show_" not in page and "Markdown(report." not in page
    assert not re.search(r"In\s*\[\s*\d*\s*\]", _text(soup))
    assert "Traceback" not in page
    assert "Warning" not in page
    assert "warning" not in _text(soup).lower()
    assert not soup.find_all(attrs={"data-mime-type": "application/vnd.jupyter.stderr"})
    assert "jp-OutputArea-error" not in page


@pytest.mark.parametrize("code", list(STEMS))
def test_page_is_self_contained(rendered, code):
    page, soup = rendered["pages"][code], rendered["soups"][code]
    assert not soup.find_all("script", src=True)
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", page, re.IGNORECASE)
    for link in soup.find_all("link"):
        href = link.get("href", "")
        assert not re.match(r"(https?:)?//", href), link
    for style in soup.find_all("style"):
        css = re.sub(r"/\*.*?\*/", "", style.get_text(), flags=re.DOTALL)
        assert "@import" not in css
        assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", css)
    images = soup.find_all("img")
    # the funnel plot and, for each of the four themes, a maturity and an agreement chart
    assert len(images) == 9
    for image in images:
        assert image["src"].startswith("data:image/svg+xml;base64,")
        svg = base64.b64decode(image["src"].split(",", 1)[1]).decode("utf-8")
        assert "<svg" in svg and "<text" in svg  # text kept as text
        assert "<script" not in svg and "<image" not in svg and 'href="http' not in svg
        assert image.get("alt", "").strip()  # a text alternative
    assert pagecheck.find_html_problems(page) == []


@pytest.mark.parametrize("code", list(STEMS))
def test_page_carries_no_respondent_id_and_no_path(rendered, code):
    page, soup = rendered["pages"][code], rendered["soups"][code]
    text = _text(soup)
    attributes = " ".join(_attribute_values(soup))
    for respondent in RESPONDENT_IDS:
        pattern = re.compile(rf"\b{respondent}\b")
        assert not pattern.search(text), respondent
        assert not pattern.search(attributes), respondent
    home = rendered["home"]
    for path_text in {
        str(home),
        str(home.parent),
        str(config.PROJECT_ROOT),
        str(Path.home()) + "/",
        sys.prefix,
        "lgdata-kernel-",
    }:
        assert path_text not in page, path_text


# --------------------------------------------------------------------------
# The page: what it must show
# --------------------------------------------------------------------------
@pytest.mark.parametrize("code", list(STEMS))
def test_title_gives_the_english_and_welsh_names(rendered, code):
    soup = rendered["soups"][code]
    name, name_cy, _short = NAMES[code]
    assert soup.title.get_text() == f"Local government use of data: {name}"
    assert soup.find("h1").get_text(strip=True).rstrip("¶") == "Local government use of data"
    assert soup.find("h2").get_text(strip=True).rstrip("¶") == name
    welsh = soup.find(attrs={"lang": "cy"})
    assert welsh is not None and welsh.get_text(strip=True) == name_cy
    # the Welsh name comes straight beneath the English name
    assert soup.find("h2").find_next(True, attrs={"lang": "cy"}) is welsh


@pytest.mark.parametrize("code", list(STEMS))
def test_response_table_matches_the_fixture_data(rendered, code):
    soup = rendered["soups"][code]
    table = _table(soup, "Data tool recipients and responses")
    rows = _rows(table)
    assert rows[0] == [
        "Data tool recipients",
        "Number invited",
        "Responses received",
        "Percentage responded",
    ]
    responses = _fixture_responses()
    expected = []
    total_invited = total_responses = 0
    for group, label in (("officer", "Officers"), ("member", "Elected Members")):
        if group not in fixture_data.INVITED[code]:
            continue  # a group not surveyed is left out, not shown as zero
        invited = fixture_data.INVITED[code][group][0]
        received = responses[(code, group)]
        total_invited += invited
        total_responses += received
        percent = _half_up(Fraction(100 * received, invited))
        expected.append([label, str(invited), str(received), f"{percent}%"])
    percent = _half_up(Fraction(100 * total_responses, total_invited))
    expected.append(["Total", str(total_invited), str(total_responses), f"{percent}%"])
    assert rows[1:] == expected


def test_a_group_not_surveyed_is_left_out(rendered):
    soup = rendered["soups"]["W06000022"]  # Newport surveyed its officers only
    text = _text(soup)
    assert "Elected Members" not in text
    part2 = text[text.index("Part 2 –") : text.index("Part 3 –")]
    assert "member" not in part2.lower()


def _maturity_tables(soup: BeautifulSoup):
    return [
        t
        for t in soup.find_all("table")
        if t.caption and t.caption.get_text(" ", strip=True).startswith("Maturity level")
    ]


def test_maturity_cells_match_the_fixture_data(rendered):
    # Caerphilly's officers, every characteristic: n and the mean level, computed here
    soup = rendered["soups"]["W06000018"]
    tables = _maturity_tables(soup)
    assert len(tables) == 4  # one per theme
    cells = {}
    for table in tables:
        rows = _rows(table)
        header = rows[0]
        column = header.index("Officers")
        for row in rows[1:]:
            cells[row[0]] = row[column]
    names = dict(fixture_data.FRAMEWORK)
    for question, _theme, characteristic, _asked in fixture_data.LEVEL_QUESTIONS:
        levels = _fixture_levels("W06000018", "officer", question)
        mean = Fraction(sum(levels), len(levels))
        tenths = _half_up(mean * 10)
        cell = cells[names[characteristic]]
        assert re.search(rf"mean {tenths // 10}\.{tenths % 10} \(", cell), (characteristic, cell)
        assert cell.endswith(f"n = {len(levels)}"), (characteristic, cell)


def test_small_groups_read_fewer_than_5_responses(rendered):
    # Anglesey: only 3 elected members responded, so none of their figures is shown
    responses = _fixture_responses()
    assert responses[("W06000001", "member")] < config.MIN_RESPONSES
    soup = rendered["soups"]["W06000001"]
    tables = _maturity_tables(soup) + [
        t
        for t in soup.find_all("table")
        if t.caption and t.caption.get_text(" ", strip=True).startswith("Agreement with")
    ]
    assert len(tables) == 8
    member_cells = []
    for table in tables:
        rows = _rows(table)
        column = rows[0].index("Elected Members")
        member_cells += [row[column] for row in rows[1:]]
    assert member_cells
    assert all(cell in (SUPPRESSED, "not asked") for cell in member_cells), member_cells
    assert SUPPRESSED in member_cells
    text = _text(soup)
    assert SUPPRESSED in text


@pytest.mark.parametrize("code", list(STEMS))
def test_no_statistic_from_fewer_than_5_answers(rendered, code):
    # a shown figure always says how many answers it rests on: never fewer than 5
    text = _text(rendered["soups"][code])
    counts = [int(n) for n in re.findall(r"\bn = (\d+)", text)]
    assert counts, "the page shows no counts"
    assert min(counts) >= config.MIN_RESPONSES


def test_comments_are_redacted(rendered):
    caerphilly = rendered["pages"]["W06000018"]
    for personal in PERSONAL:
        for page in rendered["pages"].values():
            assert personal not in page, personal
    text = _text(rendered["soups"]["W06000018"])
    assert "We need a data strategy. Call [redacted] or see [redacted]" in text
    assert "Ask [redacted] before sharing anything." in text
    assert config.REDACTION_MARK not in caerphilly  # the mark build wrote: printed as words
    # a comment without personal details is shown as written, in its own council only
    assert "Analysts are stretched thin." in _text(rendered["soups"]["W06000022"])
    assert "Analysts are stretched thin." not in caerphilly


def test_findings_of_the_audit_team_rendered_from_markdown(rendered):
    soup = rendered["soups"]["W06000018"]
    strong = [s.get_text() for s in soup.find_all("strong")]
    assert "clear data vision" in strong
    items = [li.get_text(strip=True) for li in soup.find_all("li")]
    assert "housing" in items and "social care" in items


# --------------------------------------------------------------------------
# The Welsh pages
# --------------------------------------------------------------------------
_WORD = re.compile(r"[A-Za-zÀ-ÿŵŷŴŶ][A-Za-z0-9_À-ÿŵŷŴŶ'’-]*")


def _words(text: str) -> set[str]:
    """Words of four letters or more, lower case, placeholders and mark-up left out."""
    text = re.sub(r"\{[A-Za-z_]+\}", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return {w.lower().strip("'’-") for w in _WORD.findall(text) if len(w.strip("'’-")) >= 4}


def _template_prose(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.fixture(scope="module")
def english_interface_words() -> set[str]:
    """Every word the workbook writes in English and not in Welsh.

    From the English messages of the code (extracted now) and the English
    template's prose, less every word of the Welsh catalogue and the Welsh
    template's prose (names that both use: Holm, Wilson, Leeds, data).
    """
    from helpers import i18n

    english, welsh = set(), set()
    for message in i18n.extract_messages():
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            english |= _words(text)
    for message in i18n.read_catalogue("cy"):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            welsh |= _words(text or "")
    english |= _words(_template_prose(config.TEMPLATE))
    welsh |= _words(_template_prose(config.TEMPLATE_CY))
    forbidden = english - welsh
    assert {"officers", "respondents", "statement", "wales", "council", "level"} <= forbidden
    return forbidden


def _welsh_reader_text(soup: BeautifulSoup) -> str:
    """The page's text and text alternatives, leaving out passages marked lang="en"."""
    soup = BeautifulSoup(str(soup), "html.parser")
    for tag in soup.find_all(["style", "script"]):
        tag.decompose()
    for tag in soup.find_all(attrs={"lang": "en"}):
        if tag.name != "html":
            tag.decompose()
    alts = [img.get("alt", "") for img in soup.find_all("img")]
    return " ".join([soup.get_text(" "), *alts])


@pytest.mark.parametrize("code", list(STEMS))
def test_welsh_page_is_marked_welsh_with_the_welsh_name_first(rendered, code):
    soup = rendered["soups_cy"][code]
    name, name_cy, _short = NAMES[code]
    assert soup.html["lang"] == "cy"
    assert rendered["soups"][code].html["lang"] == "en"
    assert soup.title.get_text() == f"Defnydd llywodraeth leol o ddata: {name_cy}"
    assert soup.find("h1").get_text(strip=True).rstrip("¶") == "Defnydd llywodraeth leol o ddata"
    assert soup.find("h2").get_text(strip=True).rstrip("¶") == name_cy
    english = soup.find("h2").find_next(True, attrs={"lang": "en"})
    assert english is not None and english.get_text(strip=True) == name


@pytest.mark.parametrize("code", list(STEMS))
def test_welsh_page_has_no_english_interface_word(rendered, code, english_interface_words):
    found = _words(_welsh_reader_text(rendered["soups_cy"][code])) & english_interface_words
    assert found == set()


@pytest.mark.parametrize("code", list(STEMS))
def test_welsh_page_shows_the_welsh_statements_and_none_of_the_english(rendered, code):
    soup = rendered["soups_cy"][code]
    text = _text(soup)
    asked = {
        q
        for q, _t, _c, a, _r in fixture_data.LIKERT_QUESTIONS
        if a == "both" or a in fixture_data.INVITED[code]
    }
    for question in asked:
        assert f"Datganiad {question}" in text, question  # the fixture's Welsh wording
        assert f"Statement {question}" not in text, question
    agreement = [
        t
        for t in soup.find_all("table")
        if t.caption and t.caption.get_text(" ", strip=True).startswith("Cytuno â phob datganiad")
    ]
    assert len(agreement) == 4
    assert _rows(agreement[0])[0][0] == "Datganiad"


def test_welsh_page_shows_the_welsh_findings_and_none_of_the_english(rendered):
    soup = rendered["soups_cy"]["W06000018"]
    text = re.sub(r"\s+([.,:;])", r"\1", _text(soup))  # "<strong>x</strong>." reads "x."
    for code, _theme, _order, english, welsh in fixture_data.FINDINGS:
        assert code == "W06000018"
        plain_cy = re.sub(r"[*]", "", welsh.split("\n")[0]).rstrip(":")
        plain_en = re.sub(r"[*]", "", english.split("\n")[0]).rstrip(":")
        assert plain_cy in text, plain_cy
        assert plain_en not in text, plain_en
    strong = [s.get_text() for s in soup.find_all("strong")]
    assert "weledigaeth glir ar gyfer data" in strong


def test_welsh_page_has_the_same_figures_as_the_english(rendered):
    # every number of the response table, and every "n = " count, as on the English page
    for code in STEMS:
        english, welsh = rendered["soups"][code], rendered["soups_cy"][code]
        en_rows = _rows(_table(english, "Data tool recipients and responses"))
        cy_rows = _rows(_table(welsh, "Derbynwyr yr offer data a'r ymatebion"))
        assert cy_rows[0] == [
            "Derbynwyr yr offer data",
            "Nifer a wahoddwyd",
            "Ymatebion a ddaeth i law",
            "Canran a ymatebodd",
        ]
        assert [r[1:] for r in cy_rows[1:]] == [r[1:] for r in en_rows[1:]]
        assert [r[0] for r in cy_rows[1:]] == [
            {"Officers": "Swyddogion", "Elected Members": "Aelodau etholedig", "Total": "Cyfanswm"}[
                r[0]
            ]
            for r in en_rows[1:]
        ]
        counts = re.findall(r"\bn = (\d+)", _text(english))
        assert re.findall(r"\bn = (\d+)", _text(welsh)) == counts


def test_welsh_small_groups_read_llai_na_5_ymateb(rendered):
    soup = rendered["soups_cy"]["W06000001"]  # Anglesey: 3 elected members
    cells = []
    for table in soup.find_all("table"):
        rows = _rows(table)
        if "Aelodau etholedig" in rows[0] and rows[0][0] in ("Nodwedd allweddol", "Datganiad"):
            column = rows[0].index("Aelodau etholedig")
            cells += [row[column] for row in rows[1:]]
    assert cells and all(cell in ("llai na 5 ymateb", "ni ofynnwyd") for cell in cells), cells
    assert SUPPRESSED not in rendered["pages_cy"]["W06000001"]


@pytest.mark.parametrize("code", list(STEMS))
def test_welsh_chart_text_alternatives(rendered, code):
    soup = rendered["soups_cy"][code]
    images = soup.find_all("img")
    assert len(images) == 9  # the same charts as the English page
    alts = [image["alt"] for image in images]
    assert alts[0].startswith("Plot twndis o gyfradd ymateb pob cyngor")
    assert all(a.startswith("Siart o") for a in alts[1:]), alts
    captions = [f.get_text(" ", strip=True) for f in soup.find_all("figcaption")]
    assert len(captions) == 9 and all("95%" in c for c in captions)


@pytest.mark.parametrize("code", list(STEMS))
def test_welsh_page_is_as_clean_as_the_english(rendered, code):
    page, soup = rendered["pages_cy"][code], rendered["soups_cy"][code]
    assert pagecheck.find_html_problems(page) == []
    assert "from helpers import report" not in page and "Traceback" not in page
    for respondent in RESPONDENT_IDS:
        assert not re.search(rf"\b{respondent}\b", _text(soup)), respondent
    for path_text in (str(rendered["home"]), str(config.PROJECT_ROOT), sys.prefix):
        assert path_text not in page
    for personal in PERSONAL:
        assert personal not in page


def test_comments_keep_their_language_and_the_page_says_so_once(rendered):
    soup = rendered["soups_cy"]["W06000018"]
    quotes = soup.find_all("blockquote")
    assert quotes and all(q["lang"] == "en" for q in quotes)  # the fixture's comments: English
    # the words in place of what was removed are the page's (Welsh), marked so in the quote
    assert "We need a data strategy. Call [wedi'i olygu] or see [wedi'i olygu]" in _text(soup)
    said = "Dyfynnir sylwadau'r ymatebwyr yn yr iaith y'u hysgrifennwyd ynddi."
    assert _text(soup).count(said) == 1
    english = _text(rendered["soups"]["W06000018"])
    assert english.count("comments are quoted in the language in which they were written") == 1


@pytest.mark.parametrize("code", list(STEMS))
def test_each_page_links_near_the_top_to_the_other_language(rendered, code):
    html_dir = rendered["home"] / "outputs" / "html"
    stem = STEMS[code]
    for soup, other, text in (
        (rendered["soups"][code], ".cy", "This document is also available in Welsh."),
        (rendered["soups_cy"][code], "", "Mae'r ddogfen hon hefyd ar gael yn Saesneg."),
    ):
        link = soup.find("a", href=f"{stem}{other}.html")
        assert link is not None and link.get_text(strip=True) == text
        assert link["hreflang"] == ("cy" if other else "en")
        assert (html_dir / link["href"]).is_file()
        # near the top: before the first section heading after the title
        assert link.find_previous("h2") is soup.find("h2")


def test_indexes_list_both_languages_and_link_to_each_other(rendered):
    outputs = rendered["home"] / "outputs"
    english = BeautifulSoup((outputs / "index.html").read_text(encoding="utf-8"), "html.parser")
    welsh = BeautifulSoup((outputs / "index.cy.html").read_text(encoding="utf-8"), "html.parser")
    assert english.html["lang"] == "en" and welsh.html["lang"] == "cy"
    assert english.find("a", href="index.cy.html", hreflang="cy") is not None
    assert welsh.find("a", href="index.html", hreflang="en") is not None
    assert welsh.find("h1").get_text() == "Defnydd llywodraeth leol o ddata"
    for soup in (english, welsh):
        links = {a["href"] for a in soup.tbody.find_all("a")}
        for stem in STEMS.values():
            assert {f"html/{stem}.html", f"html/{stem}.cy.html"} <= links
            assert (outputs / "html" / f"{stem}.cy.html").is_file()
        assert pagecheck.find_html_problems(str(soup)) == []
    heads = [th.get_text(strip=True) for th in welsh.thead.find_all("th")]
    assert heads == [
        "Cyngor",
        "Swyddogion",
        "Aelodau etholedig",
        "Cyfanswm",
        "Adroddiad yn Saesneg",
        "Adroddiad yn Gymraeg",
    ]
    for _code, name, name_cy, _short in fixture_data.COUNCILS:
        row = next(tr for tr in welsh.tbody.find_all("tr") if tr.th.get_text().startswith(name_cy))
        assert row.th.find(attrs={"lang": "en"}).get_text() == name


def test_a_missing_welsh_text_stops_only_the_welsh_report(tmp_path):
    from helpers.data import contract

    home = tmp_path / "home"
    raw = home / "data" / "raw"
    fixture_data.write_fixture_raw(
        raw,
        drop_welsh=[
            ("findings.csv", ("W06000018", "vision", 2), "finding_cy"),
            ("questions.csv", "A_vision1", "text_cy"),
        ],
    )
    lines = [str(p) for p in contract.check_welsh(raw, ["W06000018"]).problems]
    assert len(lines) == 2
    assert any(":3: column finding_cy:" in line for line in lines)
    assert any("questions.csv:" in line and "A_vision1" in line for line in lines)
    result = _helpers("report", "--council", "caerphilly", home=home)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for line in lines:  # one line per missing text, in the data contract's form
        tail = line.split("/")[-1]
        assert tail in result.stderr, (tail, result.stderr)
    html_dir = home / "outputs" / "html"
    assert (html_dir / "W06000018-caerphilly.html").is_file()  # English still rendered
    assert not (html_dir / "W06000018-caerphilly.cy.html").exists()
    assert not (home / "outputs" / "notebooks" / "W06000018-caerphilly.cy.ipynb").exists()
    manifest = json.loads((home / "outputs" / "logs" / "manifest.json").read_text())
    states = {r["stem"]: r["status"] for r in manifest["reports"]}
    assert states == {
        "W06000018-caerphilly": "rendered",
        "W06000018-caerphilly.cy": "missing Welsh",
    }
    # English alone is not stopped: exit 0
    again = _helpers("report", "--council", "caerphilly", "--language", "en", home=home)
    assert again.returncode == 0, again.stderr


# --------------------------------------------------------------------------
# An unknown council
# --------------------------------------------------------------------------
def test_unknown_council_exits_2_listing_the_councils(workbook_home):
    result = _helpers("report", "--council", "caerphilly", "Atlantis", home=workbook_home)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Atlantis" in result.stderr
    for code, (_name, _cy, short) in NAMES.items():
        assert code in result.stderr and short in result.stderr
    assert not (workbook_home / "outputs").exists()
    assert not (workbook_home / "data" / "processed").exists()


def test_unknown_council_starts_no_kernel(workbook_home, monkeypatch, capsys):
    started = []

    def no_kernel(*args, **kwargs):
        started.append(args)
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(kernels, "start_kernel", no_kernel)
    monkeypatch.setattr(building, "ensure_built", no_kernel)
    assert main(["report", "--council", "ATLANTIS"]) == 2
    assert started == []
    err = capsys.readouterr().err
    assert "unknown council 'ATLANTIS'" in err
    assert "W06000022  Newport" in err
    assert not (workbook_home / "outputs").exists()


# --------------------------------------------------------------------------
# The template outside the workbook's commands
# --------------------------------------------------------------------------
def _outputs_text(path: Path) -> tuple[str, list]:
    nb = nbformat.read(path, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    return json.dumps([o.get("data", {}) for o in outputs]), outputs


def test_jupyter_nbconvert_execute_runs_the_template_with_its_default(rendered):
    # (plain papermill is run in test_report.py)
    returncode, stderr, path = rendered["nbconvert"]
    assert returncode == 0, stderr
    text, outputs = _outputs_text(path)
    assert not [o for o in outputs if o.output_type in ("error", "stream")]
    assert "Caerphilly County Borough Council" in text


def test_papermill_help_notebook_describes_the_parameter():
    result = subprocess.run(
        [str(BIN / "papermill"), "--help-notebook", str(NOTEBOOK)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("council_code:"))
    described = " ".join(line.strip() for line in lines[start : start + 2])
    assert '"W06000018"' in described
    assert "GSS code" in described  # the comment beside the parameter


# --------------------------------------------------------------------------
# Writing files
# --------------------------------------------------------------------------
def test_the_export_checks_the_notebook_format_once_and_refuses_a_broken_notebook(monkeypatch):
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("Some **text**."), nbformat.v4.new_code_cell("1")]
    )
    calls = []
    validate = nbformat.validate
    monkeypatch.setattr(nbformat, "validate", lambda *a, **k: calls.append(1) or validate(*a, **k))
    exporter = export.make_exporter()
    html, _removed = export.export_html(nb, title="t", exporter=exporter, language="en")
    assert "<strong>text</strong>" in html
    assert len(calls) == 1  # once after the preprocessors, not after each of them
    nb.cells[0]["cell_type"] = "no such cell"
    with pytest.raises(nbformat.ValidationError):
        export.export_html(nb, title="t", exporter=exporter, language="en")


def test_write_atomic_leaves_the_old_file_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "out" / "page.html"
    atomic.write_atomic(target, "old page\n")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_atomic(target, "new page, half written")
    assert target.read_text(encoding="utf-8") == "old page\n"
    assert [p.name for p in target.parent.iterdir()] == ["page.html"]


def test_stale_temporaries_of_dead_writers_only_are_removed(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    folder = tmp_path / "outputs" / "html"
    folder.mkdir(parents=True)
    stale = folder / f".a.html{atomic.TMP_MARK}{dead.pid}"
    live = folder / f".b.html{atomic.TMP_MARK}{os.getpid()}"
    keep = folder / "a.html"
    for path in (stale, live, keep):
        path.write_text("x", encoding="utf-8")
    assert atomic.remove_stale_temporaries([tmp_path / "outputs"]) == [stale]
    assert sorted(p.name for p in folder.iterdir()) == sorted([live.name, keep.name])
    shutil.rmtree(folder)


def test_kernel_folders_of_dead_processes_only_are_removed(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"{kernels.KERNEL_DIR_PREFIX}{dead.pid}-abc123"
    live = tmp_path / f"{kernels.KERNEL_DIR_PREFIX}{os.getpid()}-def456"
    other = tmp_path / "lgdata-other-1-x"
    for folder in (stale, live, other):
        folder.mkdir()
        (folder / "kernel.json").write_text("{}", encoding="utf-8")
    assert kernels.remove_stale_kernel_folders(tmp_path) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name])
