"""Printed reports: ``report --pdf`` writes tagged A4 PDFs laid out by the print style sheet.

Caerphilly's reports are rendered from the fixture data with ``--pdf`` through
the command line (the session's ``caerphilly_outputs``) and printed by
headless Chromium; the PDFs are read with pypdf (``tests/pdfcheck.py``): A4,
tagged, the page's language and title, an outline, nothing split across
pages, no heading left at the foot of a page. A page made to break badly shows
that these checks can fail. Without Chromium, ``--pdf`` stops before anything
is built or rendered.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path

import chromium
import fixture_data
import pdfcheck
import pytest
from bs4 import BeautifulSoup

from helpers.batch import index as index_page
from helpers.errors import RenderError
from helpers.render import pdf

STEM = "W06000018-caerphilly"
REPORTS = {"en": STEM, "cy": f"{STEM}.cy"}


@pytest.fixture(scope="module")
def printed(caerphilly_outputs):
    """Both PDFs' facts, by language, with the HTML page each was printed from."""
    chromium.require_tools()
    facts = {}
    for language, stem in REPORTS.items():
        path = caerphilly_outputs / "pdf" / f"{stem}.pdf"
        assert path.is_file(), f"{path.name} was not written"
        html = (caerphilly_outputs / "html" / f"{stem}.html").read_text(encoding="utf-8")
        facts[language] = (pdfcheck.read_pdf(path), BeautifulSoup(html, "html.parser"))
    return facts


@pytest.mark.parametrize("language", list(REPORTS))
def test_pdf_is_tagged_a4_with_the_pages_language_and_title(printed, language):
    facts, soup = printed[language]
    assert facts.tagged
    assert facts.all_a4, facts.sizes
    assert facts.lang == soup.html["lang"] == language
    assert facts.title == soup.title.string
    assert facts.outline  # the headings, as bookmarks
    kinds = {element.kind for element in facts.elements}
    assert {"H1", "H2", "H3", "Figure", "Table", "TR", "Caption"} <= kinds


@pytest.mark.parametrize("language", list(REPORTS))
def test_nothing_is_split_and_no_heading_is_left_alone(printed, language):
    facts, _soup = printed[language]
    assert pdfcheck.split_elements(facts) == []
    assert pdfcheck.stranded_headings(facts) == []
    assert pdfcheck.heading_only_pages(facts) == []
    figures = [e for e in facts.elements if e.kind == "Figure"]
    assert len(figures) >= 9 and all(len(e.pages) == 1 for e in figures)


@pytest.mark.parametrize("language", list(REPORTS))
def test_margins_hold_the_title_and_page_numbers_except_the_title_on_page_one(printed, language):
    from pypdf import PdfReader

    facts, soup = printed[language]
    reader = PdfReader(str(facts.path))
    # NFKC: the PDF's text draws "ffi" and the like as ligatures
    texts = [
        " ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in reader.pages
    ]
    title = " ".join(soup.title.string.split())
    assert facts.pages >= 3
    for number, text in enumerate(texts, start=1):
        assert f"{number} / {facts.pages}" in text, number
        assert (title in text) == (number > 1), number


def test_the_layout_checks_find_a_bad_break(tmp_path):
    chromium.require_tools()
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bad</title>'
        "<style>@page { size: A4; } .next { break-before: page; }</style></head><body>"
        "<p>First page.</p><h2>Left alone</h2>"
        '<figure class="next"><p>Top of the figure</p><div style="height: 330mm"></div>'
        "<figcaption>Its caption</figcaption></figure>"
        "<h2 class=next>Heading only</h2></body></html>",
        encoding="utf-8",
    )
    facts = pdfcheck.read_pdf(pdf.print_pdf(page, tmp_path / "bad.pdf"))
    assert any(s.startswith("Figure on pages 2-") for s in pdfcheck.split_elements(facts))
    assert pdfcheck.stranded_headings(facts) == ["a heading at the foot of page 1"]
    assert pdfcheck.heading_only_pages(facts) == [facts.pages]


def test_indexes_link_the_pdfs_beside_the_pages(caerphilly_outputs):
    chromium.require_tools()
    for index in ("index.html", "index.cy.html"):
        soup = BeautifulSoup(
            (caerphilly_outputs / index).read_text(encoding="utf-8"), "html.parser"
        )
        links = {a["href"] for a in soup.find_all("a")}
        for stem in REPORTS.values():
            assert f"pdf/{stem}.pdf" in links and f"html/{stem}.html" in links
        # only the council that was printed
        assert not any(link.startswith("pdf/W06000022") for link in links)


def test_index_without_pdfs_links_none():
    council = type("C", (), {"code": "W1", "stem": "W1-x", "name": "X", "name_cy": "X"})()
    page = index_page.format_index([council], {}, {}, {"W1-x", "W1-x.cy"})
    assert "pdf/" not in page
    printed = index_page.format_index([council], {}, {}, {"W1-x", "W1-x.cy"}, printed={"W1-x.cy"})
    assert 'href="pdf/W1-x.cy.pdf"' in printed and 'href="pdf/W1-x.pdf"' not in printed


def test_pdf_without_chromium_exits_2_before_building_or_rendering(tmp_path):
    home = tmp_path / "home"
    fixture_data.write_fixture_raw(home / "data" / "raw")
    empty = tmp_path / "bin"
    empty.mkdir()
    result = fixture_data.run_helpers(
        "report", "--council", "caerphilly", "--pdf", home=home, env={"PATH": str(empty)}
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Chromium" in lines[0] and "nothing was rendered" in lines[0]
    assert not (home / "outputs").exists() and not (home / "data" / "processed").exists()


def _fake_chromium(folder: Path, script: str) -> str:
    path = folder / "chromium"
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


@pytest.mark.parametrize(
    "script",
    [
        "exit 1",  # Chromium fails
        'for a; do case "$a" in --print-to-pdf=*) echo half > "${a#*=}";; esac; done',
    ],
    ids=["fails", "writes-no-pdf"],
)
def test_a_failed_print_leaves_the_previous_pdf_and_no_temporary_file(tmp_path, script):
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><title>t</title><p>x</p>", encoding="utf-8")
    target = tmp_path / "out" / "page.pdf"
    target.parent.mkdir()
    target.write_bytes(b"%PDF-previous")
    with pytest.raises(RenderError, match="could not print page.html"):
        pdf.print_pdf(page, target, chromium=_fake_chromium(tmp_path, script))
    assert target.read_bytes() == b"%PDF-previous"
    assert os.listdir(target.parent) == ["page.pdf"]


def test_only_missing_or_older_pdfs_are_printed(tmp_path, monkeypatch):
    html, out = tmp_path / "html", tmp_path / "pdf"
    html.mkdir()
    out.mkdir()
    for stem in ("a", "b", "c"):
        (html / f"{stem}.html").write_text("<p>x</p>", encoding="utf-8")
    (out / "b.pdf").write_bytes(b"%PDF-newer")
    os.utime(out / "b.pdf", ns=(2**62, 2**62))
    (out / "c.pdf").write_bytes(b"%PDF-older")
    os.utime(out / "c.pdf", ns=(0, 0))
    printed = []
    monkeypatch.setattr(pdf, "require_chromium", lambda: "chromium")
    monkeypatch.setattr(pdf, "print_pdf", lambda h, p, chromium: printed.append(p.name))
    outcomes = pdf.print_reports(["a", "b", "c", "missing"], html_folder=html, pdf_folder=out)
    assert sorted(printed) == ["a.pdf", "c.pdf"]
    assert [o.stem for o in outcomes] == ["a", "c"] and not any(o.error for o in outcomes)
