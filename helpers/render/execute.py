"""Render one council report: run the template with papermill, export one HTML page.

A report is rendered in three steps:

1. **Execute** the template notebook (``notebooks/council_report.ipynb``) with
   papermill, the council's code injected as the ``council_code`` parameter, in a
   fresh kernel whose working folder is a new temporary folder.
2. **Clean** a copy for readers: no input code, no stderr, no warnings, no
   tracebacks, no JavaScript, cell ids and titles that do not change between runs.
3. **Export** it to one self-contained HTML page with the ``lgdata`` template in
   ``helpers/render/templates/`` (JupyterLab's look, nothing fetched from the network),
   then check the page (:func:`find_html_problems`) before it is written.

Both files are written atomically (:func:`write_atomic`): a temporary file
``.<name>.tmp-<pid>`` in the target folder, created without following links
(:mod:`helpers.atomic`), moved into place when complete.

Kernels come from a :class:`KernelSupply`, which can start the next report's
kernel while the current report runs, its heavy imports already done (see
:func:`find_imports`), so the batch renderer does not wait for kernel start-up.
The notebook itself is unchanged: it runs as it is under plain papermill and in
JupyterLab.

Heavy modules (papermill, nbconvert, nbformat, jupyter_client) are imported
inside the functions that need them, so importing this module is cheap.
"""

from __future__ import annotations

import ast
import contextlib
import copy
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers import atomic, config, i18n
from helpers.errors import RenderError
from helpers.report.texts import TITLE

if TYPE_CHECKING:  # pragma: no cover
    from nbconvert import HTMLExporter
    from nbformat import NotebookNode

    from helpers.data.councils import Council

#: The kernel named in the template's metadata; always the running interpreter's.
KERNEL_NAME = "python3"
#: Folder of the nbconvert templates shipped with the helper package.
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
#: The nbconvert template of the report pages (``helpers/render/templates/lgdata``).
HTML_TEMPLATE = "lgdata"
#: Notebook metadata that tells the ``lgdata`` nbconvert template the page's language:
#: ``metadata.lgdata.language`` (``en`` or ``cy``), which becomes ``<html lang="...">``.
METADATA_KEY = "lgdata"
#: The Content-Security-Policy of every page (reports and index): no script, no
#: frame, nothing fetched; only embedded images and the page's own styles.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)
#: The ``<meta>`` element that carries it, first thing in every page's head.
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">'
#: Seconds a cell may run before the report fails.
CELL_TIMEOUT = 600
#: Seconds a kernel may take to start (longer than usual: kernels start while
#: other reports run).
START_TIMEOUT = 180
#: Seconds to wait for a killed kernel to be gone.
KERNEL_STOP_TIMEOUT = 5.0
#: Environment of every report kernel, so that a report renders byte for byte
#: the same twice: fixed string hashing (set and dict order) and a fixed date in
#: any SVG/PDF metadata matplotlib writes. The last two silence start-up notices.
KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    "SOURCE_DATE_EPOCH": "0",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "JUPYTER_PLATFORM_DIRS": "1",
}
#: Marker of a temporary file (``.<name>.tmp-<pid>``), left only by a killed process.
TMP_MARK = atomic.TMP_MARK
#: Prefix of a kernel's working folder in the temporary folder: ``lgdata-kernel-<pid>-*``,
#: ``<pid>`` the process that started the kernel.
KERNEL_DIR_PREFIX = "lgdata-kernel-"
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

_LOG = logging.getLogger(__name__)
# "path.py:12: FutureWarning: message" (warnings.formatwarning), and the source
# line it prints beneath, indented.
_WARNING_LINE = re.compile(r"^\S.*:\d+: [A-Za-z_.]*Warning: ")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# pandas Styler tables carry a random five-character id ("T_1a2b3").
_STYLER_ID = re.compile(r'id="T_([0-9a-f]{5})"')
_SVG_METADATA = re.compile(r"<metadata>.*?</metadata>", re.DOTALL)


# --------------------------------------------------------------------------
# Atomic files
# --------------------------------------------------------------------------
#: Written without following links (:mod:`helpers.atomic`); kept here for their callers.
temporary_path = atomic.temporary_path
write_atomic = atomic.write_atomic


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(
    folders: Iterable[Path | str], *, only_dead: bool = True
) -> list[Path]:
    """Delete temporary files (``.<name>.tmp-<pid>``) left by interrupted writers.

    Parameters
    ----------
    folders : iterable of path
        Folders to search, with their sub-folders; missing ones are skipped.
    only_dead : bool, default True
        Delete only files whose writing process no longer runs, so that another
        run writing to the same folders at the same time is not disturbed.

    Returns
    -------
    list of Path
        The files deleted.
    """
    pattern = re.compile(r"^\..+" + re.escape(TMP_MARK) + r"(\d+)$")
    removed = []
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        for path in folder.rglob(f".*{TMP_MARK}*"):
            match = pattern.match(path.name)
            if not match or not (path.is_symlink() or path.is_file()):
                continue
            if only_dead and _pid_alive(int(match.group(1))):
                continue
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    return removed


def remove_stale_kernel_folders(folder: Path | str | None = None) -> list[Path]:
    """Delete the kernel working folders of processes that no longer run.

    A worker process that is killed (``SIGKILL``, the out-of-memory killer)
    cannot stop its kernels or delete their folders; the kernels exit when
    they see their parent gone, and this removes what they leave behind.

    Parameters
    ----------
    folder : path, optional
        Where kernel folders are made (default: the temporary folder).

    Returns
    -------
    list of Path
        The folders deleted.
    """
    folder = Path(folder) if folder is not None else Path(tempfile.gettempdir())
    pattern = re.compile(re.escape(KERNEL_DIR_PREFIX) + r"(\d+)-")
    removed = []
    with contextlib.suppress(OSError):
        for path in folder.glob(f"{KERNEL_DIR_PREFIX}*"):
            match = pattern.match(path.name)
            if match and path.is_dir() and not _pid_alive(int(match.group(1))):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


# --------------------------------------------------------------------------
# Cleaning a notebook for readers
# --------------------------------------------------------------------------
def _is_warning_text(text: str) -> bool:
    return any(_WARNING_LINE.match(line) for line in text.splitlines())


def _drop_warning_lines(text: str) -> str:
    kept: list[str] = []
    skip_source = False
    for line in text.splitlines(keepends=True):
        if _WARNING_LINE.match(line):
            skip_source = True
            continue
        if skip_source and line.startswith((" ", "\t")):
            skip_source = False
            continue
        skip_source = False
        kept.append(line)
    return "".join(kept)


def _source_text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def _clean_output(output: Any, where: str, removed: list[str]) -> Any | None:
    """Return the output as readers should see it, or None to leave it out."""
    kind = output.get("output_type")
    if kind == "error":
        removed.append(f"{where}: error {output.get('ename')}: {output.get('evalue')}")
        return None
    if kind == "stream":
        text = _source_text(output.get("text"))
        if output.get("name") != "stdout":
            removed.append(f"{where}: {output.get('name')}: {_ANSI.sub('', text).rstrip()}")
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
        if set(data) <= {"text/plain"} and _is_warning_text(_source_text(data.get("text/plain"))):
            removed.append(f"{where}: warning: {_source_text(data['text/plain']).rstrip()}")
            return None
        if "image/svg+xml" in data:
            data["image/svg+xml"] = _SVG_METADATA.sub("", _source_text(data["image/svg+xml"]))
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


# --------------------------------------------------------------------------
# HTML export
# --------------------------------------------------------------------------
def make_exporter() -> HTMLExporter:
    """Return the HTML exporter of report pages (keep one per process: it caches its template).

    nbconvert's ``HTMLExporter`` with the ``lgdata`` template, input cells and
    prompts excluded, images in Markdown cells embedded, inline HTML in Markdown
    kept whole (:class:`helpers.exporter.ReportExporter`: the template's
    ``<span lang="en">`` marks), and the outputs' style sheets moved into the
    head (:class:`helpers.styles.HeadStyles`).
    """
    from helpers.render import styles
    from helpers.render.exporter import ReportExporter

    exporter = ReportExporter(
        template_name=HTML_TEMPLATE,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
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
        The executed notebook; it is cleaned first (:func:`clean_notebook`).
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
        The outputs left out (see :func:`clean_notebook`).
    """
    clean, removed = clean_notebook(nb, title=title, language=language)
    exporter = exporter or make_exporter()
    base = Path(resource_dir) if resource_dir is not None else Path(config.TEMPLATE).parent
    resources = {"metadata": {"name": "report", "path": str(base)}}
    html, _ = exporter.from_notebook_node(clean, resources=resources)
    html = _normalise_styler_ids(html)
    return html.rstrip("\n") + "\n", removed


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
    if any(_WARNING_LINE.match(_ANSI.sub("", line)) for line in body.splitlines()):
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


# --------------------------------------------------------------------------
# Kernels
# --------------------------------------------------------------------------
def find_imports(template: Path | str) -> tuple[str, ...]:
    """Return the modules the template's code cells import, in order of first use.

    ``import a.b`` gives ``a.b``; ``from a import b`` gives ``a`` and, when
    ``b`` is a submodule, ``a.b`` (decided in the kernel). Cells that are not
    plain Python (magics) are skipped. Used to start report kernels with these
    modules already imported.
    """
    import json

    nb = json.loads(Path(template).read_text(encoding="utf-8"))
    found: list[str] = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = _source_text(cell.get("source"))
        lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        try:
            tree = ast.parse("\n".join(lines))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module] + [
                    f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*"
                ]
            else:
                continue
            found.extend(name for name in names if name not in found)
    return tuple(found)


def warm_up_code(modules: Sequence[str]) -> str:
    """Return one statement that imports ``modules`` without touching the user namespace.

    A module that cannot be imported is skipped (``from a import b`` lists
    ``a.b``, which is not always a module); the notebook reports real errors.
    """
    body = (
        "import importlib\n"
        f"for name in {tuple(modules)!r}:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception:\n"
        "        pass\n"
    )
    return f"exec({body!r}, {{}})"


@dataclass
class Kernel:
    """A started report kernel: its manager, its own working folder and its console log."""

    km: Any
    cwd: Path
    console: Path
    started: float = field(default_factory=time.monotonic)

    def read_console(self) -> str:
        """What the kernel process printed on its own stdout/stderr (not the notebook's)."""
        try:
            return self.console.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def shutdown(self) -> None:
        """Stop the kernel at once and delete its working folder.

        The process is killed and waited for here, so that jupyter_client,
        which checks whether a killed kernel is gone every 0.1 s, finds it gone
        at once: a report's kernel costs no idle tenth of a second to stop.
        """
        from jupyter_core.utils import run_sync

        try:
            if self.km.has_kernel:
                process = getattr(self.km.provisioner, "process", None)
                if process is not None:
                    with contextlib.suppress(Exception):
                        process.kill()
                        process.wait(KERNEL_STOP_TIMEOUT)
                run_sync(self.km.shutdown_kernel)(now=True)
        except Exception as exc:  # a kernel that is already gone
            _LOG.debug("kernel shutdown: %s", exc)
        finally:
            with contextlib.suppress(Exception):
                self.km.context.destroy(linger=0)
            shutil.rmtree(self.cwd, ignore_errors=True)


def start_kernel(
    *,
    kernel_name: str = KERNEL_NAME,
    warm_modules: Sequence[str] = (),
    env: dict[str, str] | None = None,
    fork_server: Any = None,
) -> Kernel:
    """Start a kernel in a new temporary working folder, optionally importing modules first.

    The kernel is the running interpreter's ipykernel (the virtual
    environment's), reached over IPC sockets in its own folder (no TCP ports to
    collide between parallel kernels), with its IPython history in memory.
    The call returns as soon as the process is launched; the kernel finishes
    starting (and importing ``warm_modules``) in the background.

    Parameters
    ----------
    kernel_name : str
        The kernel spec (``python3``).
    warm_modules : sequence of str
        Modules imported before the kernel answers (:func:`find_imports`).
    env : dict, optional
        Extra environment variables (added to this process's and
        :data:`KERNEL_ENV`).
    fork_server : helpers.forkserver.ForkServer, optional
        Fork the kernel from this server, which has imported ``warm_modules``
        already, instead of starting a new interpreter.

    Returns
    -------
    Kernel
    """
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    cwd = Path(tempfile.mkdtemp(prefix=f"{KERNEL_DIR_PREFIX}{os.getpid()}-"))
    km = AsyncKernelManager(
        kernel_name=kernel_name,
        transport="ipc",
        connection_file=str(cwd / "kernel.json"),
    )
    spec = km.kernel_spec
    if spec is not None and any("ipykernel" in arg for arg in spec.argv):
        spec.argv[0] = sys.executable
    arguments = ["--HistoryManager.hist_file=:memory:"]
    console = cwd / "kernel-console.log"
    if fork_server is not None:
        from helpers.render.forkserver import make_provisioner

        km.provisioner = make_provisioner(km, fork_server, console)
    elif warm_modules:
        arguments.append(f"--IPKernelApp.exec_lines={warm_up_code(warm_modules)}")
    kernel_env = kernel_environment(env)
    try:
        with open(console, "wb") as fh:
            run_sync(km.start_kernel)(
                extra_arguments=arguments,
                cwd=str(cwd),
                env=kernel_env,
                stdout=fh,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
    except BaseException:
        with contextlib.suppress(Exception):
            km.context.destroy(linger=0)
        shutil.rmtree(cwd, ignore_errors=True)
        raise
    return Kernel(km=km, cwd=cwd, console=console)


def kernel_environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a report kernel: this process's, :data:`KERNEL_ENV` and ``env``."""
    return {**os.environ, **KERNEL_ENV, **(env or {})}


def kernel_argv(kernel_name: str = KERNEL_NAME) -> list[str]:
    """The command of a kernel spec, run by this interpreter when it is ipykernel's."""
    from jupyter_client.kernelspec import KernelSpecManager

    argv = list(KernelSpecManager().get_kernel_spec(kernel_name).argv)
    if any("ipykernel" in arg for arg in argv):
        argv[0] = sys.executable
    return argv


class KernelSupply:
    """Fresh kernels, one per report, the next started while the current report runs.

    Where it can (:func:`helpers.forkserver.fork_supported`), the supply keeps
    a fork server that imports ``warm_modules`` once, and forks each kernel
    from it: a new process that has run no notebook code, without the seconds
    of start-up and imports. Elsewhere, or if the server fails, each kernel
    is a new interpreter that imports ``warm_modules`` as it starts.

    Parameters
    ----------
    warm_modules : sequence of str
        Modules each kernel imports before it answers.
    env : dict, optional
        Extra environment of every kernel (e.g. ``WORKBOOK_HOME``).
    kernel_name : str
        The kernel spec.
    fork : bool, optional
        Whether to fork kernels from a server (default: where supported).
    """

    def __init__(
        self,
        warm_modules: Sequence[str] = (),
        *,
        env: dict[str, str] | None = None,
        kernel_name: str = KERNEL_NAME,
        fork: bool | None = None,
    ) -> None:
        self.warm_modules = tuple(warm_modules)
        self.env = dict(env or {})
        self.kernel_name = kernel_name
        self._spare: Kernel | None = None
        self._fork = fork
        self._server: Any = None

    def prepare(self) -> None:
        """Start the fork server now (it imports while the caller does other work)."""
        self._fork_server()

    def _fork_server(self) -> Any:
        if self._fork is False:
            return None
        if self._server is not None and self._server.alive():
            return self._server
        from helpers.render.forkserver import ForkServer, ForkServerError, fork_supported

        try:
            argv = kernel_argv(self.kernel_name)
            if self._fork is None and not fork_supported(argv):
                self._fork = False
                return None
            self._close_server()
            self._server = ForkServer(argv, self.warm_modules, kernel_environment(self.env))
        except (ForkServerError, OSError) as exc:
            _LOG.warning("kernels start without the fork server: %s", exc)
            self._fork = False
            return None
        return self._server

    def _start(self) -> Kernel:
        server = self._fork_server()
        if server is not None:
            from helpers.render.forkserver import ForkServerError

            try:
                return start_kernel(kernel_name=self.kernel_name, env=self.env, fork_server=server)
            except ForkServerError as exc:
                _LOG.warning("kernels start without the fork server: %s", exc)
                self._fork = False
                self._close_server()
        return start_kernel(
            kernel_name=self.kernel_name, warm_modules=self.warm_modules, env=self.env
        )

    def take(self, *, spare: bool = False) -> Kernel:
        """Return a fresh kernel (the spare if one is ready); with ``spare``, start the next."""
        kernel, self._spare = self._spare, None
        if kernel is None or not _kernel_alive(kernel):
            if kernel is not None:
                kernel.shutdown()
            kernel = self._start()
        if spare:
            self._spare = self._start()
        return kernel

    def _close_server(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()

    def close(self) -> None:
        """Stop the spare kernel, if any, and the fork server."""
        kernel, self._spare = self._spare, None
        try:
            if kernel is not None:
                kernel.shutdown()
        finally:
            self._close_server()


def _kernel_alive(kernel: Kernel) -> bool:
    from jupyter_core.utils import run_sync

    try:
        return bool(run_sync(kernel.km.is_alive)())
    except Exception:
        return False


# --------------------------------------------------------------------------
# Executing and rendering
# --------------------------------------------------------------------------
def _is_dead_kernel(exc: BaseException) -> bool:
    from nbclient.exceptions import DeadKernelError

    if isinstance(exc, DeadKernelError):
        return True
    return isinstance(exc, RuntimeError) and "kernel died" in str(exc).lower()


def _failed_cell(exc: Any) -> tuple[str, str]:
    """The cell that raised (``In [n]: first line``) and the error line of a papermill error."""
    first = next((line.strip() for line in str(exc.source).splitlines() if line.strip()), "")
    if len(first) > 70:
        first = first[:67] + "..."
    count = exc.exec_count if exc.exec_count is not None else " "
    evalue = str(exc.evalue).strip().splitlines()
    return f"In [{count}]: {first}", f"{exc.ename}: {evalue[0] if evalue else ''}".rstrip(": ")


def _relative(path: Path | str, *bases: Path) -> str:
    path = Path(path)
    for base in bases:
        with contextlib.suppress(ValueError):
            return path.resolve().relative_to(base.resolve()).as_posix()
    return path.name


def _engine_name() -> str:
    """The name of the workbook's papermill engine, once papermill is seen to know it.

    :mod:`helpers.papermill_engine` is registered in papermill's
    ``papermill.engine`` entry point group (pyproject.toml): papermill knows it
    once the workbook is installed (``make setup``).
    """
    from papermill.engines import papermill_engines
    from papermill.exceptions import PapermillException

    from helpers.render.papermill_engine import ENGINE, ProvidedKernelEngine

    try:
        engine = papermill_engines.get_engine(ENGINE)
    except PapermillException:
        engine = None
    if engine is not ProvidedKernelEngine:
        raise RenderError(
            f"papermill does not know the workbook's engine {ENGINE!r}: "
            "install the workbook (make setup, or pip install -e .)"
        )
    return ENGINE


def execute_report(
    council_code: str,
    *,
    template: Path | str | None = None,
    kernel: Kernel | None = None,
    timeout: int = CELL_TIMEOUT,
) -> NotebookNode:
    """Execute the template for one council with papermill and return the executed notebook.

    Parameters
    ----------
    council_code : str
        Injected as the notebook's ``council_code`` parameter.
    template : path, optional
        The template notebook (default ``config.TEMPLATE``).
    kernel : Kernel, optional
        A started kernel (:func:`start_kernel`); by default one is started in a
        temporary working folder and stopped afterwards.
    timeout : int
        Seconds a cell may run.

    Returns
    -------
    NotebookNode
        The executed notebook; its papermill metadata hold relative paths only.

    Raises
    ------
    RenderError
        If a cell raises: ``cell`` is the cell (``In [n]: first line``) and
        ``error`` the error line.
    nbclient.exceptions.DeadKernelError
        If the kernel dies.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    template = Path(template) if template is not None else Path(config.TEMPLATE)
    own = kernel is None
    if own:
        kernel = start_kernel(warm_modules=())
    try:
        nb = papermill.execute_notebook(
            str(template),
            None,
            engine_name=_engine_name(),
            parameters={"council_code": council_code},
            kernel_name=KERNEL_NAME,
            km=kernel.km,
            progress_bar=False,
            request_save_on_cell_execute=False,
            start_timeout=START_TIMEOUT,
            execution_timeout=timeout,
        )
    except PapermillExecutionError as exc:
        cell, error = _failed_cell(exc)
        raise RenderError(
            f"report for {council_code} failed at {cell}: {error}", cell=cell, error=error
        ) from exc
    finally:
        if own:
            kernel.shutdown()
    meta = nb.metadata.get("papermill", {})
    meta["input_path"] = _relative(template, config.PROJECT_ROOT, config.home())
    meta["output_path"] = None
    return nb


@dataclass
class RenderOutcome:
    """What :func:`render_report` did: files written, seconds taken, what it left out."""

    notebook: Path
    html: Path
    seconds: float
    attempts: int
    removed: list[str]
    kernel_console: str = ""


def render_report(
    council: Council,
    *,
    template: Path | str | None = None,
    notebooks_dir: Path | str | None = None,
    html_dir: Path | str | None = None,
    exporter: HTMLExporter | None = None,
    kernels: KernelSupply | None = None,
    spare: bool = False,
    log: logging.Logger | None = None,
) -> RenderOutcome:
    """Render one report: ``<stem>.ipynb`` (executed) and ``<stem>.html`` (for readers).

    The template runs in a fresh kernel (from ``kernels``, or started here);
    a kernel that dies is replaced and the report run once more. Both files
    are written atomically, only when the report succeeded and the page passed
    :func:`find_html_problems`; otherwise the previous files stay as they were.

    Parameters
    ----------
    council : Council or batch.ReportTarget
        The report: ``code``, ``name`` (in the report's language), ``stem``
        (``<code>-<slug>``, ``.cy`` added for Welsh) and ``language`` (English
        when absent: a :class:`~helpers.councils.Council`).
    template : path, optional
        The template notebook (default ``config.TEMPLATE``).
    notebooks_dir, html_dir : path, optional
        Target folders (default ``outputs/notebooks`` and ``outputs/html``).
    exporter : HTMLExporter, optional
        A reused exporter (:func:`make_exporter`).
    kernels : KernelSupply, optional
        Where kernels come from; by default one is started for this report.
    spare : bool
        Ask ``kernels`` to start the next report's kernel now.
    log : logging.Logger, optional
        Where progress and the left-out outputs are logged.

    Returns
    -------
    RenderOutcome

    Raises
    ------
    RenderError
        If the notebook raises (with the cell and the error line), the kernel
        dies twice, or the page fails its checks.
    """
    log = log or _LOG
    template = Path(template) if template is not None else Path(config.TEMPLATE)
    notebooks_dir = Path(notebooks_dir or config.outputs_dir() / "notebooks")
    html_dir = Path(html_dir or config.outputs_dir() / "html")
    supply = kernels or KernelSupply(find_imports(template))
    started = time.monotonic()
    console = []
    used_folders: list[Path] = []
    nb = None
    attempts = 0
    try:
        for attempts in (1, 2):  # noqa: B007 - attempts is reported
            kernel = supply.take(spare=spare and attempts == 1)
            used_folders.append(kernel.cwd)
            log.info("attempt %d: kernel in a fresh working folder", attempts)
            try:
                nb = execute_report(council.code, template=template, kernel=kernel)
                break
            except RenderError as exc:
                exc.attempts = attempts
                raise
            except Exception as exc:
                if not _is_dead_kernel(exc):
                    raise
                log.warning("attempt %d: the kernel died (%s)", attempts, exc)
                if attempts == 2:
                    error = RenderError(
                        f"report for {council.code} failed: the kernel died twice",
                        error=f"DeadKernelError: {exc}",
                    )
                    error.attempts = attempts
                    raise error from exc
            finally:
                console.append(kernel.read_console())
                kernel.shutdown()
    finally:
        if kernels is None:
            supply.close()
    log.info("executed in %.1f s", time.monotonic() - started)

    language = getattr(council, "language", i18n.ENGLISH)
    tr = i18n.translator(language)
    # Translators: the page title of a report. {title}: "Local government use of data";
    # {council}: the council's name in the page's language.
    title = tr._("{title}: {council}", title=tr._(TITLE), council=council.name)
    html, removed = export_html(
        nb, title=title, exporter=exporter, resource_dir=template.parent, language=language
    )
    for line in removed:
        log.info("left out of the page: %s", line)
    problems = find_html_problems(html, forbidden=machine_paths(*used_folders))
    if f'<html lang="{language}">' not in html:
        problems.append(f'the page is not marked <html lang="{language}">')
    if problems:
        raise RenderError(
            f"report page for {council.code} is not fit to share: " + "; ".join(problems),
            error="page check: " + "; ".join(problems),
        )
    import nbformat

    notebook_path = write_atomic(
        notebooks_dir / f"{council.stem}.ipynb", nbformat.writes(without_run_times(nb))
    )
    html_path = write_atomic(html_dir / f"{council.stem}.html", html)
    seconds = time.monotonic() - started
    log.info("wrote %s and %s in %.1f s", notebook_path.name, html_path.name, seconds)
    return RenderOutcome(
        notebook=notebook_path,
        html=html_path,
        seconds=seconds,
        attempts=attempts,
        removed=removed,
        kernel_console="".join(console),
    )
