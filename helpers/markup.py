"""Text made safe to print in a report page: escaped, or Markdown sanitised to an allow-list.

The report pages are sent to councils and opened on their machines, so every
text that comes from the data is printed inert, whatever it holds:

* **Plain text** (council names, respondents' comments, table cells, alt
  text): :func:`escape_text` and :func:`plain_text_html` print exactly the
  characters written; nothing in them is read as HTML or Markdown.
* **Markdown from the audit team** (findings) and **question texts**:
  :func:`markdown_html` and :func:`markdown_inline_html` render them with
  markdown-it-py, raw HTML disabled, and only these constructs enabled:
  paragraphs, emphasis, strong emphasis, lists, hard line breaks and links to
  ``https:`` or ``mailto:`` addresses. Any other mark-up (headings, images,
  code, block quotes, raw HTML, a link to any other address) is not
  interpreted: its characters are printed as written, escaped, never dropped.
  The result is then passed through the nh3 sanitiser with the same
  allow-list (:data:`ALLOWED_TAGS`, :data:`ALLOWED_ATTRIBUTES`,
  :data:`URL_SCHEMES`), a second lock that does not rely on the first.
* **The report's own prose** (trusted Markdown written in
  :mod:`helpers.report`) is rendered by :class:`Prose`, into which data texts
  go only as escaped text or as HTML made here, never as Markdown source.

Nothing here reads a file or keeps state between calls.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt, rules_inline
from markdown_it.rules_inline import StateInline

#: The HTML elements that sanitised Markdown may contain.
ALLOWED_TAGS = frozenset({"p", "em", "strong", "ul", "ol", "li", "br", "a"})
#: Their attributes (``rel`` on links is set by the sanitiser).
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
#: The only link addresses kept; a link to any other address stays literal text.
URL_SCHEMES = frozenset({"https", "mailto"})
#: The markdown-it rules not used for data Markdown: their mark-up stays literal.
_DISABLED_RULES = [
    "code",
    "fence",
    "blockquote",
    "hr",
    "reference",
    "html_block",
    "heading",
    "lheading",
    "backticks",
    "image",
    "html_inline",
    "entity",
]


def _link_allowed(url: str) -> bool:
    """Whether a Markdown link's address is kept: ``https:`` and ``mailto:`` only."""
    scheme, colon, _rest = url.strip().partition(":")
    return bool(colon) and scheme.lower() in URL_SCHEMES


def _literal_image(state: StateInline, silent: bool) -> bool:
    """An image, ``![alt](address)``, printed as the characters written (one text token).

    With markdown-it's image rule off, ``!`` would be text and the rest a
    link: "!" and a link, not the image syntax printed literally. This rule
    takes the whole image instead, found by markdown-it's own image rule
    run in silent mode (it only measures).
    """
    start = state.pos
    if not rules_inline.image(state, True):
        return False
    if not silent:
        token = state.push("text", "", 0)
        token.content = state.src[start : state.pos]
    return True


def _data_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(_DISABLED_RULES)
    md.inline.ruler.before("link", "literal_image", _literal_image)
    md.validateLink = _link_allowed
    return md


def _prose_markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = _link_allowed
    return md


_DATA_MD = _data_markdown()
_PROSE_MD = _prose_markdown()
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def escape_text(text: object) -> str:
    """Return text escaped for HTML: ``&``, ``<``, ``>``, ``"`` and ``'`` become entities.

    Parameters
    ----------
    text : object
        Any value; it is printed as ``str(text)``.

    Returns
    -------
    str
        Safe in element content and in a quoted attribute value.

    Examples
    --------
    >>> escape_text('<b onclick="x">Tom & Jerry</b>')
    '&lt;b onclick=&quot;x&quot;&gt;Tom &amp; Jerry&lt;/b&gt;'
    """
    return html.escape(str(text), quote=True)


def plain_text_html(text: object) -> str:
    """Return text printed exactly as written: escaped, each line break a ``<br>``.

    Used for respondents' comments: no Markdown and no HTML is interpreted,
    so ``**x**`` reads ``**x**`` and ``<script>`` reads ``<script>``.

    Parameters
    ----------
    text : object
        The text (``str(text)``); ``\\r\\n``, ``\\r`` and ``\\n`` are line breaks.

    Returns
    -------
    str
        Inline HTML (no enclosing element).

    Examples
    --------
    >>> plain_text_html("**Silos**,\\nand <legacy> systems")
    '**Silos**,<br>\\nand &lt;legacy&gt; systems'
    """
    return "<br>\n".join(escape_text(line) for line in _LINE_BREAK.split(str(text)))


#: A run of this many characters without a space is a "long word" ...
LONG_WORD = 30
#: ... and may break after every this many characters (``<wbr>``).
WORD_BREAK_EVERY = 20
_LONG_RUN = re.compile(rf"\S{{{LONG_WORD},}}")
_TAG = re.compile(r"(<[^>]*>)")


def _break_run(run: str) -> str:
    pieces = [run[i : i + WORD_BREAK_EVERY] for i in range(0, len(run), WORD_BREAK_EVERY)]
    return "<wbr>".join(escape_text(piece) for piece in pieces)


def breakable_text_html(text: object) -> str:
    """Return text escaped like :func:`escape_text`, long words given places to break.

    A table cell cannot wrap a word wider than its column, so a very long
    word (a web address, a run of symbols) would widen the table past the
    page. Every run of :data:`LONG_WORD` or more characters without a space
    gets a ``<wbr>`` (a place where the line may break, not a character)
    every :data:`WORD_BREAK_EVERY` characters; the text a reader sees, and
    copies, is unchanged.

    Examples
    --------
    >>> breakable_text_html("ok <b> " + "x" * 45)
    'ok &lt;b&gt; xxxxxxxxxxxxxxxxxxxx<wbr>xxxxxxxxxxxxxxxxxxxx<wbr>xxxxx'
    """
    text = str(text)
    out, last = [], 0
    for match in _LONG_RUN.finditer(text):
        out.append(escape_text(text[last : match.start()]))
        out.append(_break_run(match.group()))
        last = match.end()
    out.append(escape_text(text[last:]))
    return "".join(out)


def breakable_html(fragment: str) -> str:
    """Give the long words of an HTML fragment made here places to break (see
    :func:`breakable_text_html`); its elements are kept as they are."""
    parts = _TAG.split(fragment)
    for index in range(0, len(parts), 2):  # the text between tags
        parts[index] = breakable_text_html(html.unescape(parts[index]))
    return "".join(parts)


def _sanitise(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def markdown_html(text: object) -> str:
    """Render Markdown from the data to HTML sanitised to the allow-list.

    Parameters
    ----------
    text : object
        Markdown (``str(text)``), e.g. an audit-team finding.

    Returns
    -------
    str
        Block HTML of paragraphs and lists (:data:`ALLOWED_TAGS` only). Raw
        HTML, and every Markdown construct outside the allow-list, is printed
        literally (escaped), never dropped.

    Examples
    --------
    >>> markdown_html("**Clear** <img src=x onerror=alert(1)>")
    '<p><strong>Clear</strong> &lt;img src=x onerror=alert(1)&gt;</p>'
    >>> markdown_html("[see](javascript:alert(1))")
    '<p>[see](javascript:alert(1))</p>'
    """
    return _sanitise(_DATA_MD.render(str(text))).strip()


def markdown_inline_html(text: object) -> str:
    """Render one line of Markdown (a question text) to inline HTML on the allow-list.

    Like :func:`markdown_html`, without the enclosing paragraph or block
    constructs: emphasis, strong emphasis, hard line breaks and
    ``https:``/``mailto:`` links only.

    Examples
    --------
    >>> markdown_inline_html("The council treats data as an *asset*.")
    'The council treats data as an <em>asset</em>.'
    """
    return _sanitise(_DATA_MD.renderInline(str(text))).strip()


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "br":
            self.parts.append(" ")


def html_text(fragment: str) -> str:
    """Return the text a reader sees in an HTML fragment, white space collapsed."""
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


def markdown_inline_text(text: object) -> str:
    """Return what a reader sees of a line of Markdown, as plain text.

    For places that cannot show mark-up (chart labels, alt text, a statement
    inside a sentence): ``"an *asset*"`` -> ``"an asset"``; whatever
    :func:`markdown_inline_html` would print literally is kept.
    """
    return html_text(markdown_inline_html(text))


# --------------------------------------------------------------------------
# The report's own prose, with data texts in slots
# --------------------------------------------------------------------------
_SLOT_OPEN, _SLOT_CLOSE = "\ue000", "\ue001"
_SLOT = re.compile(rf"(<p>)?{_SLOT_OPEN}(\d+){_SLOT_CLOSE}(</p>\n?)?")


class Prose:
    """Trusted Markdown prose with data texts kept out of its source.

    The report's own sentences are Markdown written by us (headings,
    emphasis, a table). Data texts never enter that Markdown: each goes into
    a *slot*, a placeholder that Markdown leaves alone, and is put back into
    the rendered HTML, escaped (:meth:`text`) or as HTML made by this module
    (:meth:`html`, :meth:`block`).

    Examples
    --------
    >>> prose = Prose()
    >>> name = prose.text("Caerphilly <b>")
    >>> prose.render(f"## What we found in {name}\\n\\n{prose.block('<p>x</p>')}")
    '<h2>What we found in Caerphilly &lt;b&gt;</h2>\\n<p>x</p>'
    """

    def __init__(self) -> None:
        self._values: list[tuple[str, bool]] = []

    def _slot(self, fragment: str, *, block: bool) -> str:
        self._values.append((fragment, block))
        return f"{_SLOT_OPEN}{len(self._values) - 1}{_SLOT_CLOSE}"

    def text(self, value: object) -> str:
        """Return a slot holding ``value`` as escaped plain text (inline)."""
        return self._slot(escape_text(value), block=False)

    def html(self, fragment: str) -> str:
        """Return a slot holding inline HTML made by this module (not data!)."""
        return self._slot(fragment, block=False)

    def block(self, fragment: str) -> str:
        """Return a slot holding block HTML made by this module; it must stand alone
        as a paragraph of the prose (blank lines around it)."""
        return self._slot(fragment, block=True)

    def render(self, source: str) -> str:
        """Render the prose to HTML and fill its slots.

        Raises
        ------
        ValueError
            If a block slot is not a paragraph of its own, or a slot was lost
            (inside a link address, say).
        """
        rendered = _PROSE_MD.render(source)
        used: set[int] = set()

        def fill(match: re.Match) -> str:
            index = int(match.group(2))
            fragment, block = self._values[index]
            used.add(index)
            alone = match.group(1) is not None and match.group(3) is not None
            if block:
                if not alone:
                    raise ValueError("a block of HTML must be a paragraph of its own")
                return fragment + "\n"
            return (match.group(1) or "") + fragment + (match.group(3) or "")

        out = _SLOT.sub(fill, rendered)
        wanted = {int(i) for i in re.findall(rf"{_SLOT_OPEN}(\d+){_SLOT_CLOSE}", source)}
        if used != wanted:
            raise ValueError("a slot of the prose did not reach the HTML")
        return out.strip()


__all__ = [
    "ALLOWED_ATTRIBUTES",
    "LONG_WORD",
    "WORD_BREAK_EVERY",
    "ALLOWED_TAGS",
    "URL_SCHEMES",
    "Prose",
    "breakable_html",
    "breakable_text_html",
    "escape_text",
    "html_text",
    "markdown_html",
    "markdown_inline_html",
    "markdown_inline_text",
    "plain_text_html",
]
