"""Accessibility: axe-core finds no WCAG 2.2 A or AA violation in a report page or the index.

A council's English and Welsh reports and both indexes are rendered from the fixture data
through the command line, opened in headless Chromium and checked with
axe-core (``tests/chromium.py``: :func:`chromium.assert_accessible`, with the
tags ``wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa``). Another page is
checked by adding it to :data:`PAGES`.
"""

from __future__ import annotations

import chromium
import fixture_data
import pytest

#: The pages checked: a name for the test, and the page's path under outputs/.
PAGES = {
    "english-report": "html/W06000018-caerphilly.html",
    "welsh-report": "html/W06000018-caerphilly.cy.html",
    "index": "index.html",
    "welsh-index": "index.cy.html",
}


@pytest.fixture(scope="module")
def browser():
    chromium.require_tools(axe=True)
    driver = chromium.start_chromium()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, browser):
    """The fixture data built and Caerphilly's reports rendered, in both languages."""
    home = tmp_path_factory.mktemp("a11y") / "home"
    fixture_data.write_fixture_raw(home / "data" / "raw")
    result = fixture_data.run_helpers("report", "--council", "W06000018", home=home)
    assert result.returncode == 0, result.stdout + result.stderr
    return home / "outputs"


@pytest.mark.parametrize("page", list(PAGES))
def test_page_has_no_wcag_violation(outputs, browser, page):
    chromium.assert_accessible(browser, outputs / PAGES[page])


def test_axe_finds_violations_where_there_are_some(browser, tmp_path):
    # the check can fail: a page without a language, a text alternative or a table header
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>t</title></head><body>"
        '<img src="data:image/png;base64,iVBORw0KGgo=">'
        '<p style="color: #bbbbbb; background: #ffffff">faint text</p>'
        "</body></html>",
        encoding="utf-8",
    )
    chromium.open_page(browser, page)
    found = {violation["id"] for violation in chromium.axe_violations(browser)}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= found
    with pytest.raises(AssertionError, match="image-alt"):
        chromium.assert_accessible(browser, page)
