"""What a printed report holds and how it is laid out, read from the PDF: a test helper.

Reads a PDF with pypdf (the dev extra): its page count and sizes, whether it
is tagged, its language and title, and, from its structure tree, on which
pages each heading, figure, caption, table and table row lies. From these:

* :func:`split_elements` - figures, captions and table rows that run over
  two pages (a chart is a ``Figure`` holding the image and its caption);
* :func:`stranded_table_heads` - tables whose caption or header row is on a
  page before their first row of figures;
* :func:`stranded_headings` - headings whose following content starts on a
  later page (a heading left at the foot of a page);
* :func:`heading_only_pages` - pages whose content is headings alone.

As a command it prints these for the PDFs named::

    .venv/bin/python tests/pdfcheck.py outputs/pdf/W06000018-caerphilly*.pdf
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

#: A4 in PDF points (1/72 inch), and the tolerance of a page size.
A4 = (595.28, 841.89)
SIZE_TOLERANCE = 1.5
HEADINGS = frozenset({"H", "H1", "H2", "H3", "H4", "H5", "H6"})
#: Structure elements that must lie on one page (a table may break between its rows).
WHOLE = ("Figure", "Caption", "TR")
#: Structure elements whose pages are recorded.
RECORDED = (*WHOLE, "Table")


@dataclass
class Element:
    """A structure element: its type, its place in reading order, the pages it lies on."""

    kind: str
    order: int
    pages: set[int]
    text_pages: list[int]  # the page of each piece of its marked content, in order
    parent: int | None = None  # the order of the element of WHOLE or HEADINGS holding it


@dataclass
class PdfFacts:
    """A PDF's pages, tags, language, title and structure elements."""

    path: Path
    pages: int
    sizes: list[tuple[float, float]]
    tagged: bool
    lang: str | None
    title: str | None
    outline: bool
    elements: list[Element]
    reading: list[tuple[int, bool]]  # each piece of content in order: (page, within a heading)

    @property
    def all_a4(self) -> bool:
        """Whether every page is A4, portrait."""
        return all(
            abs(w - A4[0]) <= SIZE_TOLERANCE and abs(h - A4[1]) <= SIZE_TOLERANCE
            for w, h in self.sizes
        )


def read_pdf(path: Path | str) -> PdfFacts:
    """Read a PDF's facts (see :class:`PdfFacts`)."""
    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    page_numbers = {
        page.indirect_reference.idnum: number for number, page in enumerate(reader.pages, 1)
    }
    mark_info = root.get("/MarkInfo")
    tree = root.get("/StructTreeRoot")
    tagged = bool(mark_info and mark_info.get_object().get("/Marked")) and tree is not None
    elements: list[Element] = []
    reading: list[tuple[int, bool]] = []

    def page_of(node: DictionaryObject, inherited: int | None) -> int | None:
        reference = node.get("/Pg")
        if reference is not None:
            return page_numbers.get(reference.idnum, inherited)
        return inherited

    def walk(node, page: int | None, in_heading: bool, owners: list[Element]) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid, page, in_heading, owners)
            return
        if isinstance(node, int):  # a marked-content id on the current page
            if page is not None:
                reading.append((page, in_heading))
                for owner in owners:
                    owner.pages.add(page)
                    owner.text_pages.append(page)
            return
        if not isinstance(node, DictionaryObject):
            return
        kind = str(node.get("/Type", ""))
        if kind == "/MCR":
            walk(int(node["/MCID"]), page_of(node, page), in_heading, owners)
            return
        if kind == "/OBJR":
            return
        here = page_of(node, page)
        name = str(node.get("/S", "")).lstrip("/")
        mine = owners
        if name in HEADINGS or name in RECORDED:
            parent = owners[-1].order if owners else None
            element = Element(name, len(elements), set(), [], parent)
            elements.append(element)
            mine = [*owners, element]
        kids = node.get("/K")
        if kids is not None:
            walk(kids, here, in_heading or name in HEADINGS, mine)

    if tree is not None:
        walk(tree.get_object().get("/K"), None, False, [])
    metadata = reader.metadata or {}
    return PdfFacts(
        path=Path(path),
        pages=len(reader.pages),
        sizes=[(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages],
        tagged=tagged,
        lang=str(root["/Lang"]) if "/Lang" in root else None,
        title=metadata.get("/Title"),
        outline=bool(reader.outline),
        elements=elements,
        reading=reading,
    )


def header_rows(facts: PdfFacts) -> set[int]:
    """The first row of each table: its header, which Chromium repeats on each page of the table."""
    firsts: dict[int, int] = {}
    for element in facts.elements:
        if element.kind == "TR" and element.parent is not None:
            firsts.setdefault(element.parent, element.order)
    return set(firsts.values())


def split_elements(facts: PdfFacts, kinds: tuple[str, ...] = WHOLE) -> list[str]:
    """Elements of ``kinds`` that lie on more than one page, as ``"Figure on pages 3-4"``.

    A table's header row, repeated at the top of each page the table runs over,
    is not counted as split.
    """
    repeated = header_rows(facts)
    return [
        f"{element.kind} on pages {min(element.pages)}-{max(element.pages)}"
        for element in facts.elements
        if element.kind in kinds and len(element.pages) > 1 and element.order not in repeated
    ]


def stranded_table_heads(facts: PdfFacts) -> list[str]:
    """Tables whose caption or header row is on an earlier page than their first body row."""
    found = []
    for table in (e for e in facts.elements if e.kind == "Table"):
        parts = [e for e in facts.elements if e.parent == table.order]
        rows = [e for e in parts if e.kind == "TR" and e.pages]
        first = min(rows[1].pages) if len(rows) > 1 else None
        heads = [e for e in parts if e.kind == "Caption"] + rows[:1]
        if first is not None and any(e.pages and max(e.pages) < first for e in heads):
            found.append(f"the head of a table on page {min(table.pages)}, its rows later")
    return found


def stranded_headings(facts: PdfFacts) -> list[str]:
    """Headings at the foot of a page: the content after them starts on a later page."""
    found = []
    for index, (page, in_heading) in enumerate(facts.reading):
        if not in_heading:
            continue
        following = next((p for p, h in facts.reading[index + 1 :] if not h), None)
        if following is not None and following > page:
            found.append(f"a heading at the foot of page {page}")
    return sorted(set(found))


def heading_only_pages(facts: PdfFacts) -> list[int]:
    """Pages whose content is headings and nothing else."""
    pages: dict[int, set[bool]] = {}
    for page, in_heading in facts.reading:
        pages.setdefault(page, set()).add(in_heading)
    return sorted(page for page, kinds in pages.items() if kinds == {True})


def describe(facts: PdfFacts) -> str:
    """A few lines about a PDF, for a person."""
    return "\n".join(
        [
            f"{facts.path.name}: {facts.pages} pages, A4 {facts.all_a4}, tagged {facts.tagged}, "
            f"lang {facts.lang}, outline {facts.outline}",
            f"  title: {facts.title}",
            f"  split across pages: {split_elements(facts) or 'none'}",
            f"  headings at the foot of a page: {stranded_headings(facts) or 'none'}",
            f"  table heads apart from their rows: {stranded_table_heads(facts) or 'none'}",
            f"  pages of headings alone: {heading_only_pages(facts) or 'none'}",
        ]
    )


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(describe(read_pdf(name)))
