"""The style sheets of a report page: where HTML allows them, and text safe inside them.

Two pieces used by the HTML export (:func:`helpers.render.export.make_exporter`):

* :class:`HeadStyles`, an nbconvert preprocessor that takes the ``<style>``
  elements out of the cells' HTML outputs (pandas' ``Styler`` writes one
  before each table it styles) and hands them to the template, which prints
  them in the page's ``<head>``: HTML allows ``<style>`` there only, and the
  W3C Nu HTML Checker reports one inside a ``<div>`` as an error. The rules
  are the same, in the same order; each ``Styler`` scopes its rules to its
  own table's id, so moving them changes nothing on the page.
* :func:`css_string`, a Jinja filter that writes a text as a CSS string, for
  the print style sheet's running header (the page's title in the top
  margin of every printed page).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from nbconvert.preprocessors import Preprocessor

#: A ``<style>`` element of a cell's HTML output; its content is group 1.
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style\s*>\s*", re.IGNORECASE | re.DOTALL)
#: Where nbconvert's templates look for style sheets to print in the head
#: (``resources["inlining"]["css"]``, a list of style sheet texts).
INLINING_KEY = "inlining"
#: The HTML output type whose style elements move.
HTML_MIMETYPE = "text/html"
# Characters other than letters, marks and digits that stand for themselves in a CSS
# string; everything else is written as a hex escape.
_CSS_PLAIN_MARKS = frozenset(" ,.:;'-")


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def take_style_elements(html: str) -> tuple[str, list[str]]:
    """Split an HTML fragment into the fragment without its ``<style>`` elements and their texts.

    Parameters
    ----------
    html : str
        A cell's HTML output (``text/html``).

    Returns
    -------
    str
        The fragment, each ``<style>`` element (and the white space after it) removed.
    list of str
        The style sheets, in order.
    """
    sheets = [match.group(1) for match in _STYLE_ELEMENT.finditer(html)]
    if not sheets:
        return html, []
    return _STYLE_ELEMENT.sub("", html), sheets


class HeadStyles(Preprocessor):
    """Move the ``<style>`` elements of HTML outputs into the page's head.

    Register it on an ``HTMLExporter`` after the exporter is made
    (``exporter.register_preprocessor(HeadStyles(), enabled=True)``), so that
    it runs after nbconvert's own ``CSSHTMLHeaderPreprocessor``, which sets
    ``resources["inlining"]["css"]``; this appends each output's style sheet
    to that list, which the ``lab`` template prints in ``<head>``.
    """

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        """Take the style elements out of every cell's HTML outputs into ``resources``."""
        inlining = resources.setdefault(INLINING_KEY, {})
        sheets = list(inlining.get("css") or [])
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if HTML_MIMETYPE not in data:
                    continue
                html, found = take_style_elements(_text(data[HTML_MIMETYPE]))
                if found:
                    data[HTML_MIMETYPE] = html
                    sheets.extend(sheet.strip("\n") + "\n" for sheet in found)
        inlining["css"] = sheets
        return nb, resources


def css_string(text: Any) -> str:
    """Write a text as a quoted CSS string (for ``content:`` in a style sheet).

    Letters and digits (of any script), spaces and ``, . : ; ' -`` stand for
    themselves; every other character (quotes, brackets, ``<``, ``@``, ``\\``,
    control and formatting characters) is written as a CSS hex escape
    (``\\3c `` for ``<``), so the string can neither end early, close the
    ``<style>`` element, nor read as ``url(`` or ``@import`` to anything that
    scans the style sheet. Runs of white space become one space.

    Parameters
    ----------
    text : str
        The text (``None`` is the empty string).

    Returns
    -------
    str
        The CSS string, with its double quotes.
    """
    text = " ".join(str(text or "").split())
    return '"' + "".join(_css_char(char) for char in text) + '"'


def _css_char(char: str) -> str:
    if char in _CSS_PLAIN_MARKS or unicodedata.category(char)[0] in "LMN":
        return char
    return f"\\{ord(char):x} "


__all__ = ["HeadStyles", "css_string", "take_style_elements"]
