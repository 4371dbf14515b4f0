"""The style sheets of a report page: the tables' styles in the head, a title safe in CSS.

The export is run for real (nbconvert with the ``lgdata`` template) on a small
notebook whose output is a table styled as the report styles its tables.
"""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from helpers.render import export, pagecheck, styles
from helpers.report.display import style_table

HOSTILE_TITLE = 'Report: "Ynys Môn" </style><script>alert(1)</script> url(//x.example/a) @import \\'


def _styled_table_html() -> str:
    frame = pd.DataFrame({"Group": ["Officers", "Members"], "Responses": ["16", "8"]})
    return style_table(frame, caption="Responses", uuid="responses").to_html()


def _notebook(html: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell("table", execution_count=1)
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": html})]
    return nbformat.v4.new_notebook(cells=[cell], metadata={"lgdata": {"language": "en"}})


def test_take_style_elements_splits_a_styled_table():
    html = _styled_table_html()
    assert html.lstrip().startswith("<style")  # pandas writes the styles before the table
    rest, sheets = styles.take_style_elements(html)
    assert "<style" not in rest and "</style>" not in rest
    assert rest.lstrip().startswith('<table id="T_responses"')
    assert len(sheets) == 1 and "#T_responses caption" in sheets[0]
    assert styles.take_style_elements("<p>no style</p>") == ("<p>no style</p>", [])


def test_export_puts_the_tables_styles_in_the_head_in_order():
    first = _styled_table_html()
    second = first.replace("T_responses", "T_other")
    page, _removed = export.export_html(_notebook(first + second), title="T")
    head, body = page.split("<body", 1)
    assert "<style" not in body
    assert '<table id="T_responses"' in body and '<table id="T_other"' in body
    assert head.index("#T_responses caption") < head.index("#T_other caption")
    # after nbconvert's own head styles (the code highlighting), before JupyterLab's
    jupyterlab = head.index("Copyright (c) Jupyter Development Team")
    assert head.index("td.linenos") < head.index("#T_responses") < jupyterlab
    assert pagecheck.find_html_problems(page) == []


def test_print_style_sheet_carries_the_title_as_a_safe_css_string():
    page, _removed = export.export_html(_notebook("<p>text</p>"), title=HOSTILE_TITLE)
    head = page.split("<body", 1)[0]
    top = re.search(r"@top-left \{\s*content: (\"[^\"]*\");", head)
    assert top, "the running header's rule is missing"
    assert top.group(1) == styles.css_string(HOSTILE_TITLE)
    assert head.count("</style>") == head.count("<style")
    assert "<script" not in page.lower()
    assert pagecheck.find_html_problems(page) == []
    assert "size: A4" in head and "counter(pages)" in head


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cyngor Sir Ynys Môn", '"Cyngor Sir Ynys Môn"'),
        ("Local government use of data: Caerphilly", '"Local government use of data: Caerphilly"'),
        ('a "b"', '"a \\22 b\\22 "'),
        ("</style>", '"\\3c \\2f style\\3e "'),
        ("url(x) @import", '"url\\28 x\\29  \\40 import"'),
        ("back\\slash", '"back\\5c slash"'),
        ("two\nlines\t here", '"two lines here"'),
        ("\u202eevil", '"\\202e evil"'),
        (None, '""'),
    ],
)
def test_css_string(text, expected):
    assert styles.css_string(text) == expected
