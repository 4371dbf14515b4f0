"""Every page is inert whatever the data hold: hostile text rendered for real, and the gate.

The fixture data set with the hostile corpus of ``tests/hostile.py`` in
Caerphilly's names, findings and comments, in the statements and in the
framework (``fixture_data.write_hostile_raw``) is built and rendered once for
the module through the command line (papermill and nbconvert, two workers).
Every page and the index are then read with BeautifulSoup, and, where
Chromium is installed, opened in headless Chromium (with and without their
Content-Security-Policy) to check that nothing ran.

The gate (``pagecheck.find_html_problems``) is tested on its own on small
pages, and in a real batch run, where a page that fails it is never written
and its report is counted as failed.
"""

from __future__ import annotations

import base64
import csv
import re
import subprocess
from collections import Counter
from pathlib import Path

import chromium
import fixture_data
import hostile
import nbformat
import pytest
from bs4 import BeautifulSoup
from fixture_data import run_helpers
from nbformat.v4 import new_code_cell, new_notebook

from helpers import config, markup
from helpers.batch import cache, records
from helpers.batch import index as index_page
from helpers.batch import run as batch
from helpers.build import pipeline
from helpers.render import pagecheck, styles

HOSTILE_CODE = "W06000018"
#: Elements no page may hold.
FORBIDDEN = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "portal",
    "object",
    "embed",
    "applet",
    "form",
    "base",
    "link",
    "svg",
    "math",
    "input",
    "button",
    "details",
}
#: Attributes that hold an address.
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcset")


def _helpers(*args: str, home: Path) -> subprocess.CompletedProcess:
    return run_helpers(*args, home=home)


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The hostile data set built and every council rendered, as a user would."""
    home = tmp_path_factory.mktemp("hostile") / "home"
    fixture_data.write_hostile_raw(home / "data" / "raw")
    result = _helpers("report", "--all", "--jobs", "2", home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    outputs = home / "outputs"
    pages = {path.name: path for path in sorted((outputs / "html").glob("*.html"))}
    pages["index.html"] = outputs / "index.html"
    pages["index.cy.html"] = outputs / "index.cy.html"
    comments: dict[str, list[str]] = {}
    with open(home / "data" / "processed" / "comments.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            comments.setdefault(row["council_code"], []).append(row["comment"])
    return {
        "home": home,
        "pages": pages,
        "html": {name: path.read_text(encoding="utf-8") for name, path in pages.items()},
        "processed_comments": comments,
    }


def _soup(site, name: str) -> BeautifulSoup:
    return BeautifulSoup(site["html"][name], "html.parser")


def _hostile_page(site, *, welsh: bool = False) -> str:
    """The hostile council's English page, or its Welsh page."""
    names = [
        n for n in site["pages"] if n.startswith(HOSTILE_CODE) and n.endswith(".cy.html") == welsh
    ]
    assert len(names) == 1, names
    return names[0]


# --------------------------------------------------------------------------
# The pages, read as HTML
# --------------------------------------------------------------------------
def test_every_page_is_written_and_passes_the_gate(hostile_site):
    assert len(hostile_site["pages"]) == 8  # three reports in two languages, two indexes
    for name, page in hostile_site["html"].items():
        assert pagecheck.find_html_problems(page) == [], name


def test_no_page_holds_anything_that_could_run_or_load(hostile_site):
    for name in hostile_site["pages"]:
        soup = _soup(hostile_site, name)
        for tag in soup.find_all(True):
            assert tag.name not in FORBIDDEN, (name, str(tag)[:200])
            for attribute, value in tag.attrs.items():
                assert not attribute.lower().startswith("on"), (name, str(tag)[:200])
                assert attribute.lower() != "srcdoc", (name, str(tag)[:200])
                if attribute in URL_ATTRIBUTES:
                    address = "".join(str(value).split()).lower()
                    # or the page in the other language, beside it: a file name of the
                    # council's code and slug (a-z, 0-9, dashes), or the other index
                    other_language = re.fullmatch(
                        r"(w06[0-9]{6}-[a-z0-9-]+|index)(\.cy)?\.html", address
                    )
                    assert other_language or address.startswith(
                        ("data:image/svg+xml;base64,", "https:", "mailto:", "#", "html/")
                    ), (name, attribute, str(value)[:80])
            if tag.name == "meta":
                assert tag.get("http-equiv", "").lower() != "refresh", name
        sheets = "".join(style.get_text() for style in soup.find_all("style"))
        # The one data text a style sheet holds: a report page's title, in the print
        # style sheet's running header, as a CSS string whose every mark is escaped.
        if soup.title is not None:
            string = styles.css_string(soup.title.string)
            assert re.fullmatch(r'"(?:[^"\\<>()@]|\\[0-9a-f]+ )*"', string), string
            sheets = sheets.replace(f"content: {string};", "")
        assert "pwned" not in sheets, name


def test_every_page_carries_the_content_security_policy_first(hostile_site):
    for name in hostile_site["pages"]:
        soup = _soup(hostile_site, name)
        policies = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert [p["content"] for p in policies] == [pagecheck.CONTENT_SECURITY_POLICY], name
        policy = policies[0]
        assert policy.parent.name == "head"
        # nothing that it must cover comes before it
        before = [t.name for t in policy.find_all_previous(True)]
        assert set(before) <= {"html", "head", "meta", "title"}, (name, before)
    assert "script-src" not in pagecheck.CONTENT_SECURITY_POLICY  # default-src 'none' covers it
    assert pagecheck.CONTENT_SECURITY_POLICY.startswith("default-src 'none';")


def _as_printed(site, redacted: str) -> list[str]:
    """The council's processed comments, each redaction mark as a page prints it."""
    comments = site["processed_comments"][HOSTILE_CODE]
    # the fixture's two comments with personal details, and the corpus's web addresses
    assert sum(config.REDACTION_MARK in c for c in comments) >= 3
    return [c.replace(config.REDACTION_MARK, redacted) for c in comments]


def test_bidirectional_controls_stop_the_hostile_data_before_any_page(tmp_path):
    home = tmp_path / "home"
    raw = fixture_data.write_hostile_raw(home / "data" / "raw")
    with (raw / "comments.csv").open("a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        for text in hostile.BIDI.values():
            writer.writerow([HOSTILE_CODE, "vision", text])
    result = _helpers("report", "--all", home=home)
    assert result.returncode == 2, result.stdout + result.stderr
    output = result.stdout + result.stderr
    refused = [line for line in output.splitlines() if "a bidirectional control" in line]
    assert len(refused) == len(hostile.BIDI) == 9
    controls = [text.split("120")[1][0] for text in hostile.BIDI.values()]
    for line, char in zip(refused, controls, strict=True):
        assert "comments.csv:" in line and f"holds U+{ord(char):04X} " in line
    pages = home / "outputs" / "html"
    assert not pages.exists() or not any(pages.iterdir())


def test_comments_are_printed_exactly_as_written(hostile_site):
    soup = _soup(hostile_site, _hostile_page(hostile_site))
    shown = [quote.get_text() for quote in soup.find_all("blockquote")]
    # each comment of the council as build wrote it (redacted), character for character,
    # the marks of what build removed in the page's language
    assert Counter(shown) == Counter(_as_printed(hostile_site, "[redacted]"))
    assert len(shown) == len(hostile.CORPUS) + 2  # the corpus and the fixture's two
    for key in ("script", "markdown-markers", "markdown-js-link", "mathtext", "entities"):
        assert hostile.CORPUS[key] in shown, key  # no personal details: unchanged
    for quote in soup.find_all("blockquote"):
        assert {t.name for t in quote.find_all(True)} <= {"p", "br"}


def test_council_names_are_printed_exactly_as_written(hostile_site):
    name = _hostile_page(hostile_site)
    soup = _soup(hostile_site, name)
    assert soup.title.get_text() == f"{config.TITLE}: {hostile.COUNCIL_NAME}"
    assert soup.find("h2").get_text() == hostile.COUNCIL_NAME
    assert soup.find(attrs={"lang": "cy"}).get_text() == hostile.COUNCIL_NAME_CY
    headings = [_text(h) for h in soup.find_all("h3") if _text(h).startswith("What we found in")]
    assert len(headings) == 4
    assert all(h.startswith(f"What we found in {hostile.COUNCIL_SHORT_NAME}:") for h in headings)
    for image in soup.find_all("img"):
        assert image["src"].startswith("data:image/svg+xml;base64,")
    alts = " ".join(image["alt"] for image in soup.find_all("img"))
    assert f"{hostile.COUNCIL_SHORT_NAME} highlighted" in alts
    index = _soup(hostile_site, "index.html")
    row = next(th for th in index.find_all("th", scope="row") if "Evilshire" in th.get_text())
    assert row.find("a").get_text() == hostile.COUNCIL_NAME
    assert row.find("a")["href"] == f"html/{name}"
    assert row.find(attrs={"lang": "cy"}).get_text() == hostile.COUNCIL_NAME_CY


def test_findings_are_sanitised_and_everything_else_is_shown(hostile_site):
    soup = _soup(hostile_site, _hostile_page(hostile_site))
    text = _text(soup)
    # raw HTML and links to script URLs are printed, not obeyed
    for key in ("script", "img-onerror", "iframe-srcdoc", "meta-refresh", "form", "style"):
        assert " ".join(hostile.CORPUS[key].split()) in text, key
    assert "[click me](javascript:" in text
    # the allow-list is rendered: strong emphasis and a list from the Markdown markers
    assert "bold" in [s.get_text() for s in soup.find_all("strong")]
    assert "not a list" in [li.get_text() for li in soup.find_all("li")]
    assert "# not a heading" in text  # a heading is not on the allow-list


def test_the_welsh_page_shows_the_hostile_welsh_texts_inert(hostile_site):
    soup = _soup(hostile_site, _hostile_page(hostile_site, welsh=True))
    assert soup.html["lang"] == "cy"
    assert soup.find("h2").get_text() == hostile.COUNCIL_NAME_CY
    assert soup.find("h2").find_next(attrs={"lang": "en"}).get_text() == hostile.COUNCIL_NAME
    shown = [quote.get_text() for quote in soup.find_all("blockquote")]
    assert Counter(shown) == Counter(_as_printed(hostile_site, "[wedi'i olygu]"))
    assert all(quote["lang"] == "en" for quote in soup.find_all("blockquote"))
    tables = [
        t
        for t in soup.find_all("table")
        if t.caption and t.caption.get_text().startswith("Cytuno â phob datganiad")
    ]
    statements = [tr.find("td").get_text() for t in tables for tr in t.find("tbody").find_all("tr")]
    assert hostile.CORPUS["script"] in statements
    assert hostile.CORPUS["mathtext"] + " (% sy'n anghytuno)" in statements
    text = _text(soup)
    assert "yn cytuno â'r datganiad “" + hostile.CORPUS["script"] + "”" in text
    assert "[click me](javascript:" in text  # the Welsh findings: printed, not obeyed
    assert len(soup.find_all("img")) == 9


def test_statements_are_shown_in_tables_sentences_and_charts(hostile_site):
    soup = _soup(hostile_site, _hostile_page(hostile_site))
    tables = [
        t
        for t in soup.find_all("table")
        if t.caption and t.caption.get_text().startswith("Agreement with each statement")
    ]
    statements = [tr.find("td") for t in tables for tr in t.find("tbody").find_all("tr")]
    shown = [s.get_text() for s in statements]
    assert hostile.CORPUS["script"] in shown
    assert hostile.CORPUS["mathtext"] + " (% disagreeing)" in shown  # a negative statement
    assert hostile.CORPUS["long-word"] in shown  # whole, though it may break across lines
    assert any(s.find("wbr") for s in statements)
    text = _text(soup)
    assert "agree that " + hostile.CORPUS["script"] in text
    assert len(soup.find_all("img")) == 9  # every chart drawn, $...$ and all


# --------------------------------------------------------------------------
# The pages, opened in Chromium
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    chromium.require_tools()
    driver = chromium.start_chromium()
    yield driver
    driver.quit()


_POLICY_META = re.compile(r"<meta\b[^>]*Content-Security-Policy[^>]*>", re.IGNORECASE)


def _without_policy(page: str) -> str:
    """The page with its Content-Security-Policy element taken out."""
    bare, count = _POLICY_META.subn("", page)
    assert count == 1
    return bare


def _title(site, name: str) -> str:
    return _soup(site, name).title.get_text()


def test_nothing_runs_in_chromium(hostile_site, browser):
    for name, path in hostile_site["pages"].items():
        chromium.open_page(browser, path)
        title = _title(hostile_site, name)
        assert chromium.marks_of_code_that_ran(browser, mark=hostile.MARK, title=title) == []
        # nothing even tried: the policy had nothing to refuse
        assert chromium.csp_violations(browser) == [], name


def test_nothing_runs_in_chromium_without_the_policy_either(hostile_site, browser, tmp_path):
    for name in hostile_site["pages"]:
        bare = tmp_path / name
        bare.write_text(_without_policy(hostile_site["html"][name]), encoding="utf-8")
        chromium.open_page(browser, bare)
        title = _title(hostile_site, name)
        assert chromium.marks_of_code_that_ran(browser, mark=hostile.MARK, title=title) == []


def test_the_browser_check_sees_a_payload_that_runs(hostile_site, browser, tmp_path):
    # the same page with one payload left raw: without the policy it runs and is seen;
    # with it, it is refused, and the refusal is seen
    name = _hostile_page(hostile_site)
    page = hostile_site["html"][name]
    raw = page.replace("</main>", hostile.ACTIVE["img-onerror"] + "</main>", 1)
    title = _title(hostile_site, name)
    bare = tmp_path / "bare.html"
    bare.write_text(_without_policy(raw), encoding="utf-8")
    chromium.open_page(browser, bare)
    marks = chromium.marks_of_code_that_ran(browser, mark=hostile.MARK, title=title)
    assert "window.name was set" in marks
    guarded = tmp_path / "guarded.html"
    guarded.write_text(raw, encoding="utf-8")
    chromium.open_page(browser, guarded)
    assert chromium.marks_of_code_that_ran(browser, mark=hostile.MARK, title=title) == []
    assert chromium.csp_violations(browser)
    assert pagecheck.find_html_problems(raw)  # and the gate would never have written it


def test_the_hostile_report_is_accessible(hostile_site, browser):
    chromium.require_tools(axe=True)
    chromium.assert_accessible(browser, hostile_site["pages"][_hostile_page(hostile_site)])


# --------------------------------------------------------------------------
# The gate on its own
# --------------------------------------------------------------------------
def _page(body: str, *, head: str | None = None) -> str:
    head = pagecheck.CSP_META if head is None else head
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n{head}\n<meta charset="utf-8">\n'
        f"<title>t</title>\n<style>p {{ color: #111; }}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def test_a_clean_page_passes_the_gate():
    body = (
        '<h1>Title</h1><p>Text &lt;script&gt; and <a href="https://audit.wales/">a link</a>.</p>'
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="url(https://x) javascript:">'
        "<p>@import url(https://example.org/x.css); onload=alert(1)</p>"
    )
    assert pagecheck.find_html_problems(_page(body)) == []


@pytest.mark.parametrize(
    ("markup_", "problem"),
    [
        ("<script>alert(1)</script>", "a script element"),
        ("<SCRIPT SRC=x.js></SCRIPT>", "a script element"),
        ("<svg><script>alert(1)</script></svg>", "a script element"),
        ('<img src=x onerror="alert(1)">', "event-handler attribute (onerror=)"),
        ('<svg onload="alert(1)"></svg>', "event-handler attribute (onload=)"),
        ("<body onload=alert(1)>", "event-handler attribute (onload=)"),
        ('<a href="javascript:alert(1)">x</a>', "a script URL"),
        ('<a href=" JaVa\tScRiPt:alert(1)">x</a>', "a script URL"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "a script URL"),
        ('<a href="vbscript:msgbox(1)">x</a>', "a script URL"),
        ('<a href="data:text/html,&lt;script&gt;">x</a>', "a script URL"),
        ('<img src="data:image/svg+xml,&lt;svg/&gt;">', "a script URL"),
        ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "a script URL"),
        ('<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>', "a script URL"),
        ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "a frame"),
        ('<p srcdoc="x">x</p>', "a srcdoc attribute"),
        ('<iframe src="page.html"></iframe>', "a frame"),
        ('<frameset><frame src="a.html"></frameset>', "a frame"),
        ('<object data="x.swf"></object>', "an embedded object"),
        ('<embed src="x.swf">', "an embedded object"),
        ('<form action="https://example.org/"><input name=q></form>', "a form"),
        ('<base href="https://example.org/">', "a base element"),
        ('<meta http-equiv="refresh" content="0;url=https://example.org/">', "a meta refresh"),
        ('<link rel="stylesheet" href="x.css">', "a link element"),
        ('<p style="background: url(javascript:alert(1))">x</p>', "a script URL in a style"),
        (
            '<p style="background: url(https://example.org/x.png)">x</p>',
            "url(...) from the network",
        ),
        ("<style>@import 'https://example.org/x.css';</style>", "imported with @import"),
    ],
)
def test_the_gate_refuses_what_could_run_load_or_leave(markup_, problem):
    problems = pagecheck.find_html_problems(_page(markup_))
    assert any(problem in line for line in problems), problems


def _svg_img(svg: str, tag: str = "img", attribute: str = "src") -> str:
    data = base64.b64encode(svg.encode()).decode()
    return f'<{tag} {attribute}="data:image/svg+xml;base64,{data}" alt="a chart">x</{tag}>'


def test_the_gate_takes_svg_charts_in_images_only_and_only_inert():
    chart = (
        '<svg xmlns:xlink="http://www.w3.org/1999/xlink" xmlns="http://www.w3.org/2000/svg">'
        '<defs><path id="m1" d="M 0 0 L 1 1"/></defs><use xlink:href="#m1" x="2" y="3"/>'
        '<text style="font-family: sans-serif">Evilshire &lt;script&gt;</text></svg>'
    )
    assert pagecheck.find_html_problems(_page(_svg_img(chart).replace("x</img>", ""))) == []
    for active in (
        "<svg><script>alert(1)</script></svg>",
        '<svg onload="alert(1)"/>',
        '<svg><image href="https://example.org/x.png"/></svg>',
        '<svg><use xlink:href="https://example.org/x.svg#a"/></svg>',
        '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>',
        "<svg><foreignObject><p>x</p></foreignObject></svg>",
    ):
        problems = pagecheck.find_html_problems(_page(_svg_img(active).replace("x</img>", "")))
        assert any("an SVG image with a script or a link" in p for p in problems), active
    problems = pagecheck.find_html_problems(_page(_svg_img(chart, "a", "href")))
    assert any("a script URL" in p for p in problems), problems  # not as a link


@pytest.mark.parametrize(
    ("head", "problem"),
    [
        ("", "no Content-Security-Policy"),
        (
            '<meta http-equiv="Content-Security-Policy" content="default-src *">',
            "default-src is not 'none'",
        ),
        (
            '<meta http-equiv="Content-Security-Policy" '
            "content=\"default-src 'none'; script-src 'unsafe-inline'\">",
            "script-src allows 'unsafe-inline'",
        ),
        (
            '<meta http-equiv="Content-Security-Policy" '
            "content=\"default-src 'none'; img-src https://example.org\">",
            "img-src allows https://example.org",
        ),
        (
            '<meta http-equiv="Content-Security-Policy" '
            "content=\"default-src 'none'; connect-src *\">",
            "connect-src is not 'none'",
        ),
    ],
)
def test_the_gate_refuses_a_page_without_a_policy_that_forbids_scripts(head, problem):
    problems = pagecheck.find_html_problems(_page("<p>x</p>", head=head))
    assert any(problem in line for line in problems), problems


def test_the_gate_refuses_a_policy_that_comes_too_late():
    late = _page("<p>x</p>", head="<style>p { color: red; }</style>\n" + pagecheck.CSP_META)
    assert any("comes after content" in p for p in pagecheck.find_html_problems(late))
    in_body = _page(pagecheck.CSP_META, head="")
    assert any("comes after content" in p for p in pagecheck.find_html_problems(in_body))


def test_the_index_carries_the_policy_and_escapes_names():
    from helpers.data.councils import Council

    council = Council("W06000099", hostile.COUNCIL_NAME, hostile.COUNCIL_NAME_CY, "Evil")
    page = index_page.format_index([council], {}, {}, {council.stem})
    assert pagecheck.find_html_problems(page) == []
    soup = BeautifulSoup(page, "html.parser")
    assert soup.tbody.find("a").get_text() == hostile.COUNCIL_NAME
    assert markup.breakable_text_html(hostile.COUNCIL_NAME) in page


# --------------------------------------------------------------------------
# The gate in a real run: a page that fails it is never written
# --------------------------------------------------------------------------
UNSAFE_TEMPLATE = """\
import os
from pathlib import Path

from IPython.display import HTML

payload = Path(os.environ["WORKBOOK_HOME"]) / "payloads" / f"{council_code}.html"
HTML(payload.read_text(encoding="utf-8") if payload.exists() else "<p>Nothing to fear.</p>")
"""


def _unsafe_template(path: Path) -> Path:
    parameters = new_code_cell('council_code = "W06000018"  # the council to report on')
    parameters.metadata["tags"] = ["parameters"]
    nb = new_notebook(
        cells=[parameters, new_code_cell(UNSAFE_TEMPLATE)],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
    )
    for number, cell in enumerate(nb.cells, start=1):
        cell.id = f"cell-{number}"
    nbformat.write(nb, path)
    return path


def test_a_page_that_fails_the_gate_is_never_written(workbook_home, tmp_path, capsys):
    pipeline.build()
    template = _unsafe_template(tmp_path / "unsafe.ipynb")
    assert batch.run_reports(template=template, languages=("en",), jobs=1, progress=False) == 0
    html_dir = workbook_home / "outputs" / "html"
    before = {path.name: path.read_bytes() for path in html_dir.glob("*.html")}
    assert len(before) == 3
    payloads = workbook_home / "payloads"
    payloads.mkdir()
    (payloads / "W06000001.html").write_text(hostile.ACTIVE["svg-onload"], encoding="utf-8")
    (payloads / "W06000022.html").write_text(hostile.ACTIVE["iframe-srcdoc"], encoding="utf-8")
    capsys.readouterr()
    run = batch.run_reports(
        template=template, languages=("en",), jobs=1, force=True, progress=False
    )
    assert run == 1
    summary = capsys.readouterr().out
    assert "page check: the page contains an event-handler attribute (onload=)" in summary
    assert "page check: the page contains a frame (<iframe>)" in summary
    keys = cache.read_keys()
    assert keys["W06000001-isle-of-anglesey"].status == records.FAILED
    assert keys["W06000022-newport"].status == records.FAILED
    assert keys["W06000018-caerphilly"].status == records.RENDERED
    after = {path.name: path.read_bytes() for path in html_dir.glob("*.html")}
    assert after == before  # the earlier, safe pages stay; nothing unsafe was written
    for page in after.values():
        assert b"pwned" not in page
    index = (workbook_home / "outputs" / "index.html").read_text(encoding="utf-8")
    assert index.count("failed in the last run") == 2
