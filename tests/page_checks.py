"""Checks of what a reader, a screen reader and a counter find on a published page.

Each function takes a page (its HTML) and returns the problems found, one
line each, so that a test over many pages can say which page and what.
"""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ElementTree

from bs4 import BeautifulSoup

#: The words after a negatively worded statement, by page language.
MARKERS = {"en": "(% disagreeing)", "cy": "(% sy'n anghytuno)"}
#: What a comment prints where build removed an address or a number, by page language.
REDACTED = {"en": "[redacted]", "cy": "[wedi'i olygu]"}
#: The English names of the Welsh template's good-practice examples.
ENGLISH_NAMES = ("Data Mill North", "ODI Leeds", "Open Data Institute", "Dynamic Cover Tool")
#: A run of four or more digits that no separator splits (years are allowed: see counts).
_DIGITS = re.compile(r"(?<![\d.,])\d{4,}(?![\d,]|\.\d)")
#: The data set's fingerprint (12 hexadecimal digits), which is no count.
_FINGERPRINT = re.compile(r"\b[0-9a-f]{12}\b")


def soup(page: str) -> BeautifulSoup:
    return BeautifulSoup(page, "html.parser")


def reader_text(page: str) -> str:
    """The page's text and text alternatives, on one line (no styles)."""
    tree = soup(page)
    for tag in tree.find_all(["style", "script"]):
        tag.decompose()
    alts = [img.get("alt", "") for img in tree.find_all("img")]
    return " ".join(" ".join([tree.get_text(" "), *alts]).split())


def _svg_roots(page: str) -> list[ElementTree.Element]:
    roots = []
    for img in soup(page).find_all("img"):
        src = img.get("src", "")
        if src.startswith("data:image/svg+xml;base64,"):
            roots.append(ElementTree.fromstring(base64.b64decode(src.split(",", 1)[1])))
    return roots


def _lines(element: ElementTree.Element) -> str:
    """The texts under an SVG element, each line of a label joined by a space."""
    lines = [
        "".join(e.itertext()).strip()
        for e in element.iter()
        if str(e.tag).endswith("}text") or e.tag == "text"
    ]
    return " ".join(line for line in lines if line)


def chart_texts(page: str) -> list[str]:
    """The texts of each chart (SVG images), every line of a label joined by a space."""
    return [_lines(root) for root in _svg_roots(page)]


def tick_labels(page: str) -> list[list[str]]:
    """The labels of each chart's vertical axis (its ``ytick_N`` groups), one per item."""
    return [
        [_lines(g) for g in root.iter() if str(g.get("id", "")).startswith("ytick_")]
        for root in _svg_roots(page)
    ]


def empty_language_marks(page: str) -> list[str]:
    """Elements with a ``lang`` attribute and no text (a mark around nothing)."""
    return [
        str(tag)[:80]
        for tag in soup(page).find_all(attrs={"lang": True})
        if tag.name != "html" and not tag.get_text(strip=True)
    ]


def unmarked_english_names(page: str) -> list[str]:
    """The template's English names that are not the whole text of a ``lang="en"`` element."""
    marked = {tag.get_text(strip=True) for tag in soup(page).find_all(attrs={"lang": "en"})}
    return [name for name in ENGLISH_NAMES if name not in marked]


def counts_without_separator(page: str) -> list[str]:
    """Numbers of four or more digits printed without thousands separators.

    Years (1990 to 2030, as in "2017 to 2020" or a date) and the data set's
    fingerprint are not counts; anything else of four digits or more is. A
    count printed as a table cell or after "n =" is a count whatever its value.
    """
    text = _FINGERPRINT.sub(" ", reader_text(page))
    found = [m.group() for m in _DIGITS.finditer(text) if not 1990 <= int(m.group()) <= 2030]
    found += re.findall(r"n = (\d{4,})\b", text)
    for cell in soup(page).find_all("td"):
        value = cell.get_text(strip=True)
        if re.fullmatch(r"\d{4,}", value):
            found.append(value)
    return sorted(set(found))


def lost_markers(page: str, language: str) -> list[str]:
    """Agreement charts whose labels do not end with the marker as often as their tables.

    Each agreement table's marked statements (first column ending with the
    marker) are counted; the labels of the charts must end with the marker as
    often, chart by chart.
    """
    marker = MARKERS[language]
    tables = [
        t for t in soup(page).find_all("table") if t.find("td") and _first_column_marked(t, marker)
    ]
    wanted = sorted(_first_column_marked(t, marker) for t in tables)
    marked = [sum(label.endswith(marker) for label in labels) for labels in tick_labels(page)]
    shown = sorted(count for count in marked if count)
    problems = []
    if shown != wanted:
        problems.append(f"charts show {shown} marked statements, tables {wanted}")
    return problems


def _first_column_marked(table, marker: str) -> int:
    rows = table.find_all("tr")[1:]
    firsts = [" ".join(r.find(["th", "td"]).get_text(" ").split()) for r in rows if r.find("td")]
    return sum(text.endswith(marker) for text in firsts)
