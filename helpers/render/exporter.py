"""The HTML exporter of the report pages: nbconvert's, with inline HTML in Markdown kept whole.

nbconvert's Markdown renderer, when it embeds images (as the report pages
do, so that they load nothing), passes every inline HTML tag of a Markdown
cell through an HTML parser *on its own*: the opening tag of
``<span lang="en">Data Mill North</span>`` comes out closed at once
(``<span lang="en"></span>``) and the closing tag is dropped, so the English
words lose their language mark and a screen reader reads them with a Welsh
voice. :class:`ReportExporter` renders Markdown as nbconvert does, except that
an inline tag is written as it stands unless it is an image (which is still
embedded).
"""

from __future__ import annotations

from jinja2 import pass_context
from mistune import HTMLRenderer
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath


class _Renderer(IPythonRenderer):
    """nbconvert's renderer; an inline tag other than an image is kept as written."""

    def inline_html(self, html: str) -> str:
        if "<img" in html.lower():
            return super().inline_html(html)  # embedded as a data: URL
        return HTMLRenderer.inline_html(self, html)


class ReportExporter(HTMLExporter):
    """nbconvert's :class:`~nbconvert.HTMLExporter` with :class:`_Renderer` for Markdown cells."""

    @pass_context
    def markdown2html(self, context, source):
        """Markdown to HTML, as nbconvert's filter, inline tags kept whole."""
        cell = context.get("cell", {})
        path = context.get("resources", {}).get("metadata", {}).get("path", "")
        renderer = _Renderer(
            escape=False,
            attachments=cell.get("attachments", {}),
            embed_images=self.embed_images,
            path=path,
            anchor_link_text=self.anchor_link_text,
            exclude_anchor_links=self.exclude_anchor_links,
            **self.lexer_options,
        )
        return MarkdownWithMath(renderer=renderer).render(source)
