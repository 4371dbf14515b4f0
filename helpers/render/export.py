"""The HTML export of a report: one self-contained page from an executed notebook.

The page is made by nbconvert's ``HTMLExporter`` with the ``lgdata`` template
(``helpers/render/templates/lgdata``: JupyterLab's look, nothing fetched from the
network), from the copy of the notebook cleaned for readers
(:mod:`helpers.render.notebook`). The exporter's own classes are in
:mod:`helpers.render.exporter` and :mod:`helpers.render.styles`; nbconvert is
imported only when an exporter is made.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from helpers import config
from helpers.render import notebook

if TYPE_CHECKING:  # pragma: no cover
    from nbconvert import HTMLExporter
    from nbformat import NotebookNode

#: The nbconvert template of the report pages (``helpers/render/templates/lgdata``).
HTML_TEMPLATE = "lgdata"
# pandas Styler tables carry a random five-character id ("T_1a2b3").
_STYLER_ID = re.compile(r'id="T_([0-9a-f]{5})"')


def make_exporter() -> HTMLExporter:
    """Return the HTML exporter of report pages (keep one per process: it caches its template).

    nbconvert's ``HTMLExporter`` with the ``lgdata`` template, input cells and
    prompts excluded, images in Markdown cells embedded, inline HTML in Markdown
    kept whole (:class:`helpers.render.exporter.ReportExporter`: the template's
    ``<span lang="en">`` marks), and the outputs' style sheets moved into the
    head (:class:`helpers.render.styles.HeadStyles`).
    """
    from helpers.render import styles
    from helpers.render.exporter import ReportExporter

    exporter = ReportExporter(
        template_name=HTML_TEMPLATE,
        extra_template_basedirs=[str(config.TEMPLATES_DIR)],
    )
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.embed_images = True
    # The notebook is checked against the notebook format once, after its preprocessors,
    # not after each of the twelve (most of which do nothing here): 0.05 s a report.
    exporter.optimistic_validation = True
    exporter.log = logging.getLogger(f"{__name__}.nbconvert")
    # The tables' style sheets go into the head, where HTML allows them; the print style
    # sheet writes the page's title into its running header as a CSS string.
    exporter.register_preprocessor(styles.HeadStyles(), enabled=True)
    exporter.register_filter("css_string", styles.css_string)
    return exporter


def _normalise_styler_ids(html: str) -> str:
    """Replace pandas Styler's random table ids by ``T_s1``, ``T_s2``, ... in page order."""
    seen: dict[str, str] = {}
    for match in _STYLER_ID.finditer(html):
        seen.setdefault(match.group(1), f"s{len(seen) + 1}")
    for random_id, stable in seen.items():
        html = re.sub(rf"\bT_{random_id}(?=[_\"'\s.,{{:#])", f"T_{stable}", html)
    return html


def export_html(
    nb: NotebookNode,
    *,
    title: str,
    exporter: HTMLExporter | None = None,
    resource_dir: Path | str | None = None,
    language: str | None = None,
) -> tuple[str, list[str]]:
    """Export an executed notebook to one self-contained HTML page.

    Parameters
    ----------
    nb : NotebookNode
        The executed notebook; cleaned first (:func:`helpers.render.notebook.clean_notebook`).
    title : str
        The page's ``<title>``.
    exporter : HTMLExporter, optional
        A reused exporter (:func:`make_exporter`); a new one by default.
    resource_dir : path, optional
        Folder against which Markdown image links are resolved and embedded
        (default: the template's folder).
    language : {"en", "cy"}, optional
        The page's language (``<html lang>``); the notebook's
        ``metadata.lgdata.language`` otherwise, else English.

    Returns
    -------
    str
        The page, ending with a newline.
    list of str
        The outputs left out (see :func:`helpers.render.notebook.clean_notebook`).
    """
    clean, removed = notebook.clean_notebook(nb, title=title, language=language)
    exporter = exporter or make_exporter()
    base = Path(resource_dir) if resource_dir is not None else Path(config.TEMPLATE).parent
    resources = {"metadata": {"name": "report", "path": str(base)}}
    html, _ = exporter.from_notebook_node(clean, resources=resources)
    html = _normalise_styler_ids(html)
    return html.rstrip("\n") + "\n", removed
