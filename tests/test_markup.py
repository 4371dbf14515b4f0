"""Text made safe for the pages: escaping, plain text, sanitised Markdown, the report's prose.

Every function is fed the hostile corpus of ``tests/hostile.py``; the HTML it
returns is read back with BeautifulSoup (an HTML parser independent of the
code under test) to check what a browser would build from it.
"""

from __future__ import annotations

import doctest

import pytest
from bs4 import BeautifulSoup
from hostile import ACTIVE, CORPUS

from helpers import markup

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "srcdoc", "xlink:href")


def _soup(fragment: str) -> BeautifulSoup:
    return BeautifulSoup(fragment, "html.parser")


def _assert_inert(fragment: str, allowed: frozenset[str]) -> None:
    """Only allowed elements, no event handler, links to https/mailto only."""
    for tag in _soup(fragment).find_all(True):
        assert tag.name in allowed, (tag.name, fragment)
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (name, fragment)
            if name in URL_ATTRIBUTES:
                assert str(value).startswith(("https:", "mailto:")), (name, value)


def test_doctests_hold():
    assert doctest.testmod(markup).failed == 0


# --------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------
@pytest.mark.parametrize("key", list(CORPUS))
def test_escaped_text_is_read_back_exactly(key):
    text = CORPUS[key]
    escaped = markup.escape_text(text)
    assert _soup(escaped).find_all(True) == []  # no element at all
    assert _soup(escaped).get_text() == text
    # safe inside a quoted attribute too
    tag = _soup(f"<img alt=\"{escaped}\" title='{escaped}'>").find("img")
    assert tag["alt"] == text and tag["title"] == text
    assert set(tag.attrs) == {"alt", "title"}


@pytest.mark.parametrize("key", list(CORPUS))
def test_plain_text_prints_every_character_and_keeps_line_breaks(key):
    text = CORPUS[key] + "\nsecond line\r\nthird\rfourth"
    fragment = markup.plain_text_html(text)
    soup = _soup(fragment)
    assert [t.name for t in soup.find_all(True)] == ["br"] * (text.count("\n") + 1)
    assert soup.get_text() == text.replace("\r\n", "\n").replace("\r", "\n")


def test_plain_text_does_not_read_markdown():
    fragment = markup.plain_text_html("**x** [a](javascript:alert(1)) _y_")
    assert fragment == "**x** [a](javascript:alert(1)) _y_"


# --------------------------------------------------------------------------
# Markdown from the data
# --------------------------------------------------------------------------
def test_markdown_allow_list_is_rendered():
    fragment = markup.markdown_html(
        "A **strong** and *emphasised* point,  \nthen a break.\n\n"
        "- one\n- two\n\n3. three\n4. four\n\n"
        "[Audit Wales](https://www.audit.wales/) or [e-mail](mailto:info@audit.wales)"
    )
    soup = _soup(fragment)
    assert [t.name for t in soup.find_all(True)] == [
        "p",
        "strong",
        "em",
        "br",
        "ul",
        "li",
        "li",
        "ol",
        "li",
        "li",
        "p",
        "a",
        "a",
    ]
    assert soup.find("ol")["start"] == "3"
    links = soup.find_all("a")
    assert [a["href"] for a in links] == ["https://www.audit.wales/", "mailto:info@audit.wales"]
    assert all(a["rel"] == ["noopener", "noreferrer"] for a in links)


@pytest.mark.parametrize("key", list(CORPUS))
def test_markdown_of_hostile_text_is_inert(key):
    fragment = markup.markdown_html(CORPUS[key])
    _assert_inert(fragment, markup.ALLOWED_TAGS)
    inline = markup.markdown_inline_html(CORPUS[key])
    _assert_inert(inline, markup.ALLOWED_TAGS - {"p", "ul", "ol", "li"})


@pytest.mark.parametrize("key", [k for k in ACTIVE if not k.startswith("markdown-")])
def test_markdown_prints_raw_html_as_written(key):
    # raw HTML is not dropped: the reader sees the characters (white space aside)
    text = ACTIVE[key]
    shown = " ".join(_soup(markup.markdown_html(text)).get_text(" ").split())
    for word in text.replace("<", " ").replace(">", " ").split():
        assert word in shown, (word, shown)


@pytest.mark.parametrize(
    ("source", "literal"),
    [
        ("[click me](javascript:alert(1))", "[click me](javascript:alert(1))"),
        ("[x](JaVaScRiPt:alert(1))", "[x](JaVaScRiPt:alert(1))"),
        ("[x](vbscript:msgbox)", "[x](vbscript:msgbox)"),
        ("[x](data:text/html,hi)", "[x](data:text/html,hi)"),
        ("[x](http://plain.example)", "[x](http://plain.example)"),
        ("[x](relative/page.html)", "[x](relative/page.html)"),
        ("<javascript:alert(1)>", "<javascript:alert(1)>"),
        ("# Heading", "# Heading"),
        ("> quoted", "> quoted"),
        ("`code`", "`code`"),
        ("![image](https://example.org/x.png)", "![image](https://example.org/x.png)"),
        ("---", "---"),
        ("&copy; &lt;", "&copy; &lt;"),
    ],
)
def test_markdown_outside_the_allow_list_stays_literal(source, literal):
    fragment = markup.markdown_html(source)
    soup = _soup(fragment)
    assert soup.get_text().strip() == literal
    assert {t.name for t in soup.find_all(True)} <= {"p", "a"}
    for link in soup.find_all("a"):
        assert link["href"].startswith("https:")


@pytest.mark.parametrize(
    "image",
    [
        "![chart](https://example.org/chart.png)",
        '![a *chart*](https://example.org/chart.png "its title")',
        "![chart](<https://example.org/a chart.png>)",
        "![chart](mailto:someone@example.org)",
    ],
)
def test_an_image_in_a_finding_is_printed_literally_not_as_a_link(image):
    """The docs: images are printed literally, every character, no link, no emphasis."""
    source = f"Before **{image}** after, and [a link](https://example.org/)."
    soup = _soup(markup.markdown_html(source))
    assert soup.get_text() == f"Before {image} after, and a link."
    assert [a["href"] for a in soup.find_all("a")] == ["https://example.org/"]
    assert soup.find("em") is None and soup.find("img") is None
    assert markup.markdown_inline_text(image) == image
    assert _soup(markup.markdown_inline_html(image)).find("a") is None


def test_sanitiser_removes_what_markdown_could_never_make():
    # the second lock on its own: nh3 keeps only the allow-list
    cleaned = markup._sanitise(
        '<p onclick="x">a</p><script>b()</script><a href="javascript:c()">d</a>'
        '<img src=x onerror=e()><iframe srcdoc="f"></iframe><h1 id="g">h</h1>'
    )
    soup = _soup(cleaned)
    assert {t.name for t in soup.find_all(True)} <= markup.ALLOWED_TAGS
    assert "onclick" not in cleaned and "javascript" not in cleaned and "<script" not in cleaned


def test_markdown_inline_text_is_what_a_reader_sees():
    assert markup.markdown_inline_text("The council treats data as an *asset*.") == (
        "The council treats data as an asset."
    )
    assert markup.markdown_inline_text("<b>bold</b> $x^2$") == "<b>bold</b> $x^2$"
    assert markup.markdown_inline_text("[a](javascript:x)") == "[a](javascript:x)"


# --------------------------------------------------------------------------
# The report's own prose
# --------------------------------------------------------------------------
def test_prose_keeps_data_out_of_the_markdown():
    prose = markup.Prose()
    name = prose.text("**Evil** <script>x()</script> `code`")
    finding = prose.block(markup.markdown_html("A **bold** finding"))
    html = prose.render(f"## What we found in {name}\n\n*Our* words.\n\n{finding}\n")
    soup = _soup(html)
    assert soup.find("h2").get_text() == "What we found in **Evil** <script>x()</script> `code`"
    assert soup.find("script") is None and soup.find("code") is None
    assert [t.name for t in soup.find_all(True)] == ["h2", "p", "em", "p", "strong"]


def test_prose_slots_cannot_be_forged_by_data():
    prose = markup.Prose()
    secret = prose.html("<em>ours</em>")
    name = prose.text("\ue0000\ue001")  # data spelling a slot
    html = prose.render(f"{secret} {name}")
    assert html.count("<em>ours</em>") == 1
    assert "\ue0000\ue001" in html


def test_prose_refuses_a_block_inside_a_sentence_and_a_lost_slot():
    prose = markup.Prose()
    block = prose.block("<p>x</p>")
    with pytest.raises(ValueError, match="paragraph of its own"):
        prose.render(f"Before {block} after")
    prose = markup.Prose()
    slot = prose.text("https://example.org")
    with pytest.raises(ValueError, match="did not reach"):
        prose.render(f"[link](https://x.org/{slot})")


def test_prose_renders_our_table_and_code():
    prose = markup.Prose()
    html = prose.render(f"| a | b |\n|---|---|\n| 1 | 2 |\n\nFingerprint `{prose.text('ab<c')}`")
    soup = _soup(html)
    assert [td.get_text() for td in soup.find_all("td")] == ["1", "2"]
    assert soup.find("code").get_text() == "ab<c"


# --------------------------------------------------------------------------
# Long words in table cells
# --------------------------------------------------------------------------
@pytest.mark.parametrize("key", list(CORPUS))
def test_breakable_text_reads_exactly_as_written(key):
    fragment = markup.breakable_text_html(CORPUS[key])
    soup = _soup(fragment)
    assert {t.name for t in soup.find_all(True)} <= {"wbr"}
    assert soup.get_text() == CORPUS[key]


def test_only_long_words_get_places_to_break():
    word = "Supercalifragilistic" * 3  # 60 characters
    fragment = markup.breakable_text_html(f"short words stay whole {word}")
    assert fragment.startswith("short words stay whole ")
    assert fragment.count("<wbr>") == 2
    assert markup.breakable_text_html("x" * (markup.LONG_WORD - 1)) == "x" * (markup.LONG_WORD - 1)


def test_breakable_html_keeps_the_elements():
    fragment = markup.markdown_inline_html(f"*{'a' * 50}* <b> &amp;")
    broken = markup.breakable_html(fragment)
    assert _soup(broken).get_text() == _soup(fragment).get_text()
    assert [t.name for t in _soup(broken).find_all(True)] == ["em", "wbr", "wbr"]
