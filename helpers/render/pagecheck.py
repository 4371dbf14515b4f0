"""The checks a report page (or the index) passes before it is written: inert and private.

A page shared with colleagues must run nothing, load nothing and leave
nothing behind on the reader's machine (:func:`find_unsafe_markup`), and show
none of the machinery: no input code, no prompts, no stderr, tracebacks or
warnings, no path of the machine that made it (:func:`find_html_problems`).
The page is read with the standard library's HTML parser; every page carries
:data:`CSP_META`, which says the same to the browser.
"""

from __future__ import annotations

import re
import sys
import tempfile
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from helpers import config
from helpers.render.notebook import ANSI, WARNING_LINE

#: The Content-Security-Policy of every page (reports and index): no script, no
#: frame, nothing fetched; only embedded images and the page's own styles.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)
#: The ``<meta>`` element that carries it, first thing in every page's head.
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'

_SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc\s*=", re.IGNORECASE)
_REMOTE_ATTR = re.compile(
    r"<(?!a\b)[a-z][a-z0-9]*\b[^>]*\b(?:src|href|srcset|data|poster)\s*=\s*[\"']?\s*(?:https?:)?//",
    re.IGNORECASE,
)
_IMPORT = re.compile(r"@import\b", re.IGNORECASE)
_REMOTE_URL = re.compile(r"url\(\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_FORBIDDEN_MARKUP = {
    "Traceback (most recent call last)": "a traceback",
    "application/vnd.jupyter.stderr": "stderr or error output",
    "jp-InputArea-editor": "input code",
    "jp-InputPrompt": "an input prompt",
    "jp-OutputPrompt": "an output prompt",
}


#: Elements no page may contain: they run code, embed other pages, or send data.
FORBIDDEN_ELEMENTS = {
    "script": "a script element",
    "iframe": "a frame",
    "frame": "a frame",
    "frameset": "a frame",
    "portal": "a frame",
    "object": "an embedded object",
    "embed": "an embedded object",
    "applet": "an embedded object",
    "form": "a form",
    "base": "a base element",
    "link": "a link element (the page loads nothing)",
}
# A start tag of a forbidden element anywhere in the text, whatever a parser makes of it.
_FORBIDDEN_TAG = re.compile(
    r"<(script|iframe|frame|frameset|portal|object|embed|applet|form|base)(?=[\s/>])",
    re.IGNORECASE,
)
# Schemes a browser runs or renders as a page: javascript:, vbscript:, a data: URL other
# than an image. Browsers ignore ASCII white space and control characters inside them.
_SCRIPT_URL = re.compile(r"^(?:javascript|vbscript|livescript):")
_DATA_URL = re.compile(r"^data:(?!image/(?:png|jpeg|gif|webp)[;,])")
#: An SVG image in a data: URL, allowed as the source of an <img> only (see _inert_svg_image).
_SVG_DATA = "data:image/svg+xml;base64,"
#: Elements of an SVG image that could run, embed, load or animate something.
_SVG_ACTIVE_ELEMENTS = frozenset(
    {"script", "foreignobject", "iframe", "object", "embed", "a", "image", "feimage"}
    | {"animate", "set", "animatemotion", "animatetransform", "handler", "listener"}
)
_SVG_OUTSIDE_URL = re.compile(r"url\(\s*['\"]?(?!#)|@import|javascript:", re.IGNORECASE)


def _inert_svg_image(src: str) -> bool:
    """Whether an ``<img>``'s SVG data URL holds nothing active.

    The file must parse as XML and hold no script, foreign or embedded
    content, link, animation or event handler, and refer to nothing outside
    itself (``href`` and ``url()`` to its own ``#id`` only). The text it shows
    is not looked at: it is text. matplotlib's charts pass; anything else
    fails the page, even though a browser runs nothing in an image.
    """
    import base64
    import binascii
    import xml.etree.ElementTree as ElementTree

    try:
        svg = base64.b64decode(src.split(",", 1)[1], validate=True)
        root = ElementTree.fromstring(svg)
    except (IndexError, ValueError, binascii.Error, ElementTree.ParseError):
        return False
    for element in root.iter():
        name = str(element.tag).rsplit("}", 1)[-1].lower()
        if name in _SVG_ACTIVE_ELEMENTS:
            return False
        if name == "style" and _SVG_OUTSIDE_URL.search(element.text or ""):
            return False
        for attribute, value in element.attrib.items():
            attribute = attribute.rsplit("}", 1)[-1].lower()
            value = _URL_NOISE.sub("", value)
            if attribute.startswith("on") or _SVG_OUTSIDE_URL.search(value):
                return False
            if attribute == "href" and not value.startswith("#"):
                return False
    return True


#: Attributes whose value is an address (SVG animations set one with to/from/values/by).
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "poster", "background", "cite", "srcset"}
    | {"xlink:href", "codebase", "longdesc", "lowsrc", "dynsrc", "to", "from", "values", "by"}
)
_URL_NOISE = re.compile(r"[\x00-\x20]+")
# Directives of a Content-Security-Policy that load or run something, and what they may allow.
_CSP_ALLOWED = {
    "default-src": {"'none'"},
    "script-src": {"'none'"},
    "script-src-elem": {"'none'"},
    "script-src-attr": {"'none'"},
    "img-src": {"'none'", "data:"},
    "font-src": {"'none'", "data:"},
    "style-src": {"'none'", "'unsafe-inline'"},
    "style-src-elem": {"'none'", "'unsafe-inline'"},
    "style-src-attr": {"'none'", "'unsafe-inline'"},
}
# Elements that may come before the Content-Security-Policy (it covers what follows it).
_BEFORE_CSP = frozenset({"html", "head", "meta", "title"})


def _policy_problem(policy: str) -> str | None:
    """Why a Content-Security-Policy does not forbid scripts and remote loads, or None."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), [w.lower() for w in words[1:]])
    if directives.get("default-src") != ["'none'"]:
        return "its default-src is not 'none'"
    for name, sources in directives.items():
        if name in _CSP_ALLOWED and not set(sources) <= _CSP_ALLOWED[name]:
            return f"its {name} allows {' '.join(sorted(set(sources) - _CSP_ALLOWED[name]))}"
        if name not in _CSP_ALLOWED and name.endswith("-src") and sources != ["'none'"]:
            return f"its {name} is not 'none'"
    return None


class _PageScanner(HTMLParser):
    """Read a page with the standard library's HTML parser and list what makes it unsafe."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.policies: list[str] = []
        self.content_before_policy = False
        self.styles: list[str] = []
        self._in_title = False
        self._in_style = False

    def _problem(self, text: str) -> None:
        if text not in self.problems:
            self.problems.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_ELEMENTS:
            self._problem(f"the page contains {FORBIDDEN_ELEMENTS[tag]} (<{tag}>)")
        values = {name: value or "" for name, value in attrs}
        self._in_title = tag == "title"
        self._in_style = tag == "style"
        if "style" in values:
            self.styles.append(values["style"])
        if tag == "meta":
            equiv = values.get("http-equiv", "").strip().lower()
            if equiv == "refresh":
                self._problem("the page contains a meta refresh")
            elif equiv == "content-security-policy":
                if not self.policies and self.content_before_policy:
                    self._problem("the Content-Security-Policy comes after content it must cover")
                self.policies.append(values.get("content", ""))
        elif tag not in _BEFORE_CSP:
            self.content_before_policy = True
        for name, value in values.items():
            if name.startswith("on"):
                self._problem(f"the page contains an event-handler attribute ({name}=)")
            elif name == "srcdoc":
                self._problem("the page contains a srcdoc attribute")
            address = _URL_NOISE.sub("", value).lower()
            if tag == "img" and name == "src" and address.startswith(_SVG_DATA):
                # An SVG shown by <img> is an image: a browser runs no script in it and
                # loads nothing for it; the charts are SVG. Checked all the same.
                if not _inert_svg_image(value):
                    self._problem("the page contains an SVG image with a script or a link")
            elif _SCRIPT_URL.match(address) or (
                name in _URL_ATTRIBUTES and _DATA_URL.match(address)
            ):
                self._problem(f"the page contains a script URL ({name}={value[:40]!r})")
            if name == "style" and "javascript:" in _URL_NOISE.sub("", value).lower():
                self._problem("the page contains a script URL in a style attribute")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "style"):
            self._in_title = self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)
        if data.strip() and not self._in_title and not self.policies:
            self.content_before_policy = True


def find_unsafe_markup(html: str) -> list[str]:
    """List what could make a page run code, load something or leave it; empty when inert.

    The page is read with the standard library's HTML parser (and the raw
    text is searched for forbidden start tags as well, in case a browser
    reads it differently). Refused: a script element, an event-handler
    attribute (``on...=``), a script URL (``javascript:``, ``vbscript:``, a
    ``data:`` URL other than an embedded image) in any attribute, ``srcdoc``,
    frames, ``object``/``embed``, forms, ``base``, ``link`` elements, a meta
    refresh; and a page without a Content-Security-Policy ``<meta>`` in its
    head, before everything it covers, that forbids scripts and remote loads
    (``default-src 'none'``; only ``data:`` images and inline styles allowed).

    Parameters
    ----------
    html : str
        The page.

    Returns
    -------
    list of str
        One line per problem.
    """
    return _scan(html)[0]


def _scan(html: str) -> tuple[list[str], list[str]]:
    """The problems of :func:`find_unsafe_markup`, and the page's style sheets and attributes."""
    scanner = _PageScanner()
    scanner.feed(html)
    scanner.close()
    problems = scanner.problems
    for match in _FORBIDDEN_TAG.finditer(html):
        tag = match.group(1).lower()
        line = f"the page contains {FORBIDDEN_ELEMENTS[tag]} (<{tag}>)"
        if line not in problems:
            problems.append(line)
    if not scanner.policies:
        problems.append("the page has no Content-Security-Policy")
    else:
        why = [_policy_problem(policy) for policy in scanner.policies]
        if all(why):
            problems.append(f"the Content-Security-Policy does not forbid scripts ({why[0]})")
    return problems, scanner.styles


def find_html_problems(html: str, *, forbidden: Iterable[str] = ()) -> list[str]:
    """List what a report page must not contain; empty when the page is fit to share.

    Checked: that the page is inert (:func:`find_unsafe_markup`: no script,
    event handler, script URL, frame, object, form, base, meta refresh, and a
    Content-Security-Policy forbidding scripts and remote loads); no script
    loaded from a file or the network (``<script src=``); no element (other
    than a link ``<a href>``) and no stylesheet rule (``@import``,
    ``url(...)``) that fetches anything from the network; no input code or
    prompts, stderr, tracebacks or warnings; none of the ``forbidden``
    strings (absolute paths of the machine, for instance).

    Parameters
    ----------
    html : str
        The page.
    forbidden : iterable of str
        Strings that must not appear (empty strings are ignored).

    Returns
    -------
    list of str
        One line per problem.
    """
    problems, styles = _scan(html)
    if _SCRIPT_SRC.search(html):
        problems.append("a script is loaded with <script src=...>")
    if _REMOTE_ATTR.search(html):
        problems.append("an element loads a resource from the network")
    css = _CSS_COMMENT.sub("", "\n".join(styles))  # style sheets and attributes, not text
    if _IMPORT.search(css):
        problems.append("a stylesheet is imported with @import")
    if _REMOTE_URL.search(css):
        problems.append("a stylesheet loads url(...) from the network")
    body = html[html.find("<body") :] if "<body" in html else html
    for marker, what in _FORBIDDEN_MARKUP.items():
        if marker in body:
            problems.append(f"the page contains {what}")
    if any(WARNING_LINE.match(ANSI.sub("", line)) for line in body.splitlines()):
        problems.append("the page contains a warning")
    for text in forbidden:
        if text and text in html:
            problems.append(f"the page contains {text!r}")
    return problems


def machine_paths(*extra: Path | str) -> list[str]:
    """Absolute paths of this machine that no report page may contain."""
    paths = {str(config.home()), str(config.PROJECT_ROOT), sys.prefix, str(Path.home())}
    paths.update(str(p) for p in extra)
    # The file-system root and the shared temporary folder are too general to test.
    too_general = {"", "/", tempfile.gettempdir().rstrip("/")}
    return sorted(p.rstrip("/") + "/" for p in paths if p.rstrip("/") not in too_general)
