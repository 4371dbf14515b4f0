"""Valid pages: the W3C Nu HTML Checker finds no error in a report page or an index.

Caerphilly's English and Welsh reports and both indexes are rendered from the
fixture data through the command line (the session's ``caerphilly_outputs``)
and checked with ``vnu.jar`` (``tests/nuchecker.py``). Only the checker's CSS
messages about JupyterLab's own style sheets are left aside; the last test
shows that the check fails where a page is invalid, and that what it leaves
aside is no more than that.
"""

from __future__ import annotations

import re

import nuchecker
import pytest

#: The pages checked, under outputs/.
PAGES = (
    "html/W06000018-caerphilly.html",
    "html/W06000018-caerphilly.cy.html",
    "index.html",
    "index.cy.html",
)


@pytest.fixture(scope="module")
def checked(caerphilly_outputs):
    """The checker's errors on the four pages, by page (one run of the checker)."""
    nuchecker.require_tools()
    paths = [caerphilly_outputs / page for page in PAGES]
    result = nuchecker.check_pages(paths)
    by_page = {page: [] for page in PAGES}
    for error in result.errors:
        for page, path in zip(PAGES, paths, strict=True):
            if error.path == str(path.resolve()):
                by_page[page].append(error)
    assert sum(map(len, by_page.values())) == len(result.errors), result.errors
    return by_page


@pytest.mark.parametrize("page", PAGES)
def test_page_is_valid_html(checked, page):
    errors = checked[page]
    assert not errors, "\n".join(str(error) for error in errors)


def test_report_tables_keep_their_styles_in_the_head(caerphilly_outputs):
    for page in PAGES[:2]:
        html = (caerphilly_outputs / page).read_text(encoding="utf-8")
        head, body = html.split("<body", 1)
        assert "<style" not in body, page
        tables = re.findall(r'<table id="(T_[^"]+)"', body)
        assert "T_responses" in tables
        for table in tables:
            assert f"#{table} " in head, (page, table)


JUPYTERLAB_SHEET = """<style>
/*-----------------------------------------------------------------------------
| Copyright (c) Jupyter Development Team.
| Distributed under the terms of the Modified BSD License.
|----------------------------------------------------------------------------*/
.a:is(.b, .c) { scrollbar-width: thin; }
</style>"""


def test_checker_finds_errors_and_leaves_aside_only_jupyterlab_css(tmp_path):
    nuchecker.require_tools()
    own_css = "<style>\n.x:is(.y) { color: red; }\n</style>"
    valid = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>\n'
        f"{JUPYTERLAB_SHEET}\n</head><body><p>x</p></body></html>\n"
    )
    style_in_div = valid.replace("<p>x</p>", "<div><style>p { color: red; }</style></div>")
    bad_own_css = valid.replace("</head>", f"{own_css}\n</head>")
    pages = {"valid": valid, "style-in-div": style_in_div, "own-css": bad_own_css}
    for name, text in pages.items():
        (tmp_path / f"{name}.html").write_text(text, encoding="utf-8")
    results = {name: nuchecker.check_pages([tmp_path / f"{name}.html"]) for name in pages}
    assert results["valid"].errors == []
    assert results["valid"].jupyterlab_css >= 2  # the same CSS, left aside in JupyterLab's sheet
    assert any("not allowed as child" in e.text for e in results["style-in-div"].errors)
    assert any(e.text.startswith("CSS: ") for e in results["own-css"].errors)
