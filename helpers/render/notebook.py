"""Cleaning an executed report notebook for readers, and for the record.

:func:`clean_notebook` makes the copy that becomes the page: no input code, no
stderr, no warnings, no tracebacks, no JavaScript, cell ids and titles that do
not change between runs. :func:`without_run_times` makes the copy written to
``outputs/notebooks/``: everything but the clock readings of the run.

nbformat is not imported: the functions work on the notebook node they are given.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

from helpers import i18n

if TYPE_CHECKING:  # pragma: no cover
    from nbformat import NotebookNode

#: Notebook metadata that tells the ``lgdata`` nbconvert template the page's language:
#: ``metadata.lgdata.language`` (``en`` or ``cy``), which becomes ``<html lang="...">``.
METADATA_KEY = "lgdata"
#: Cell tags that leave a cell, or its outputs, out of the HTML (Jupyter Book's names).
REMOVE_CELL_TAGS = frozenset({"remove-cell", "remove_cell"})
REMOVE_OUTPUT_TAGS = frozenset({"remove-output", "remove_output"})
#: Output formats never published: they need scripts that the page does not load.
DROPPED_MIMETYPES = frozenset(
    {
        "application/javascript",
        "application/vnd.jupyter.widget-view+json",
        "application/vnd.jupyter.widget-state+json",
        "application/vnd.bokehjs_exec.v0+json",
        "application/vnd.bokehjs_load.v0+json",
    }
)
#: A warning as :func:`warnings.formatwarning` prints it ("path.py:12: FutureWarning:
#: message"); the source line it prints beneath is indented.
WARNING_LINE = re.compile(r"^\S.*:\d+: [A-Za-z_.]*Warning: ")
#: A terminal colour code (tracebacks are coloured).
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_SVG_METADATA = re.compile(r"<metadata>.*?</metadata>", re.DOTALL)


def _is_warning_text(text: str) -> bool:
    return any(WARNING_LINE.match(line) for line in text.splitlines())


def _drop_warning_lines(text: str) -> str:
    kept: list[str] = []
    skip_source = False
    for line in text.splitlines(keepends=True):
        if WARNING_LINE.match(line):
            skip_source = True
            continue
        if skip_source and line.startswith((" ", "\t")):
            skip_source = False
            continue
        skip_source = False
        kept.append(line)
    return "".join(kept)


def source_text(value: Any) -> str:
    """The text of a notebook field stored as one string or as a list of lines."""
    return "".join(value) if isinstance(value, list) else str(value or "")


def _clean_output(output: Any, where: str, removed: list[str]) -> Any | None:
    """Return the output as readers should see it, or None to leave it out."""
    kind = output.get("output_type")
    if kind == "error":
        removed.append(f"{where}: error {output.get('ename')}: {output.get('evalue')}")
        return None
    if kind == "stream":
        text = source_text(output.get("text"))
        if output.get("name") != "stdout":
            removed.append(f"{where}: {output.get('name')}: {ANSI.sub('', text).rstrip()}")
            return None
        kept = _drop_warning_lines(text)
        if kept != text:
            removed.append(f"{where}: warning on stdout: {text.rstrip()}")
        if not kept.strip():
            return None
        output["text"] = kept
        return output
    if kind in ("display_data", "execute_result"):
        data = output.get("data", {})
        for mimetype in list(data):
            if mimetype in DROPPED_MIMETYPES:
                removed.append(f"{where}: {mimetype} output")
                del data[mimetype]
        if set(data) <= {"text/plain"} and _is_warning_text(source_text(data.get("text/plain"))):
            removed.append(f"{where}: warning: {source_text(data['text/plain']).rstrip()}")
            return None
        if "image/svg+xml" in data:
            data["image/svg+xml"] = _SVG_METADATA.sub("", source_text(data["image/svg+xml"]))
        output.pop("transient", None)
        return output if data else None
    return None


def clean_notebook(
    nb: NotebookNode, *, title: str | None = None, language: str | None = None
) -> tuple[NotebookNode, list[str]]:
    """Return a copy of an executed notebook fit to publish, and what was taken out.

    Left out: code cells' input (by the exporter), stream output on stderr,
    warnings (on stderr, or printed on stdout in the ``file:line: XWarning:``
    form), error outputs and tracebacks, JavaScript and widget outputs, raw
    cells, cells tagged ``remove-cell`` (outputs of cells tagged
    ``remove-output``), and code cells left without output. Cell ids become
    ``cell-1``, ``cell-2``, ... and the notebook's papermill and widget
    metadata are dropped, so the page does not change between runs.

    Parameters
    ----------
    nb : NotebookNode
        The executed notebook (not modified).
    title : str, optional
        The page title, stored as ``metadata.title``.
    language : {"en", "cy"}, optional
        The page's language, stored as ``metadata.lgdata.language`` (the
        template notebook's own otherwise).

    Returns
    -------
    NotebookNode
        The cleaned copy.
    list of str
        One line per output left out, for the report's log.
    """
    clean = copy.deepcopy(nb)
    removed: list[str] = []
    cells = []
    for index, cell in enumerate(clean.cells, start=1):
        tags = set(cell.get("metadata", {}).get("tags", []))
        where = f"cell {index}"
        if cell.get("cell_type") == "raw" or tags & REMOVE_CELL_TAGS:
            continue
        if cell.get("cell_type") == "code":
            count = cell.get("execution_count")
            where = f"cell {index} (In [{count if count is not None else ' '}])"
            outputs = [] if tags & REMOVE_OUTPUT_TAGS else cell.get("outputs", [])
            cell["outputs"] = [
                kept
                for kept in (_clean_output(output, where, removed) for output in outputs)
                if kept is not None
            ]
            if not cell["outputs"]:
                continue
        cell.setdefault("metadata", {}).pop("execution", None)
        cell["metadata"].pop("papermill", None)
        cells.append(cell)
    for number, cell in enumerate(cells, start=1):
        cell["id"] = f"cell-{number}"
    clean.cells = cells
    for key in ("papermill", "widgets"):
        clean.metadata.pop(key, None)
    if title is not None:
        clean.metadata["title"] = title
    if language is not None:
        clean.metadata.setdefault(METADATA_KEY, {})["language"] = i18n.check_language(language)
    return clean, removed


#: Metadata keys that hold the clock: papermill's and nbclient's run times.
_RUN_TIME_KEYS = ("start_time", "end_time", "duration")


def without_run_times(nb: NotebookNode) -> NotebookNode:
    """Return a copy of an executed notebook without the times of its run.

    papermill records when the notebook and each cell started and ended, and
    nbclient when each cell's messages came; the notebook written to
    ``outputs/notebooks/`` keeps the cells, outputs and papermill's status but
    not these clock readings, so that it depends on the data alone (the report's
    log records how long it took).
    """
    clean = copy.deepcopy(nb)
    for meta in (clean.metadata, *(cell.get("metadata", {}) for cell in clean.cells)):
        meta.pop("execution", None)
        papermill = meta.get("papermill")
        if isinstance(papermill, dict):
            for key in _RUN_TIME_KEYS:
                papermill.pop(key, None)
    return clean
