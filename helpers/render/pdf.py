"""Print report pages to PDF with headless Chromium: ``report --pdf``.

Each report page (``outputs/html/<stem>.html``) is printed to
``outputs/pdf/<stem>.pdf`` by Debian's Chromium in headless mode, which lays
the page out with its print style sheet (A4, margins for binding, the title
and page numbers in the margins; see docs/printing.md) and writes a tagged
PDF: a structure tree of headings, paragraphs, lists, tables and figures with
their text alternatives, the document's language (from ``<html lang>``) and
its title (from ``<title>``) in the metadata, and an outline of the headings.

A PDF is written only after its page: :func:`print_pdf` writes a temporary
file in the target folder and moves it into place when Chromium has finished,
so a reader sees the previous PDF or the new one, never half of one.
:func:`require_chromium` is called before anything is rendered, so that a run
asked for PDFs on a machine without Chromium stops at once (exit status 2).

Chromium runs in a fresh profile folder (removed afterwards), never reaches
for the network, and loads the page from its file: the page's
Content-Security-Policy forbids scripts and remote loads there too.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from helpers import config
from helpers.atomic import temporary_path
from helpers.errors import ChromiumMissingError, RenderError

#: Names of Debian's Chromium on the PATH, in the order tried.
CHROMIUM_NAMES = ("chromium", "chromium-browser")
#: Chromium's switches: headless, as root, nothing fetched, no header or footer of its own
#: (the print style sheet has them), and an outline of the headings in the PDF.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
    "--generate-pdf-document-outline",
)
#: Seconds Chromium may take to print one page.
PRINT_TIMEOUT = 120
#: What to install where Chromium is missing.
INSTALL_HINT = "install Debian's chromium (apt-get install chromium)"


def pdf_dir() -> Path:
    """``outputs/pdf``: the printed reports."""
    return config.outputs_dir() / "pdf"


def chromium_binary() -> str | None:
    """The path of Chromium on the PATH, or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    """Return Chromium's path, or raise :class:`ChromiumMissingError` (one line, exit 2).

    Raises
    ------
    ChromiumMissingError
        If no Chromium is on the PATH.
    """
    binary = chromium_binary()
    if binary is None:
        raise ChromiumMissingError(
            f"--pdf needs headless Chromium, which is not installed ({INSTALL_HINT}); "
            "nothing was rendered"
        )
    return binary


def print_pdf(html_path: Path | str, pdf_path: Path | str, *, chromium: str | None = None) -> Path:
    """Print one page to a PDF with headless Chromium, atomically.

    Parameters
    ----------
    html_path : path
        The page (an existing file).
    pdf_path : path
        The PDF to write; its folder is created if needed. Chromium writes a
        temporary file beside it (``.<name>.tmp-<pid>``), moved into place
        when complete; on failure it is removed and ``pdf_path`` is unchanged.
    chromium : str, optional
        Chromium's path (default: :func:`require_chromium`).

    Returns
    -------
    Path
        ``pdf_path``.

    Raises
    ------
    ChromiumMissingError
        If Chromium is not installed.
    RenderError
        If Chromium fails, times out, or writes no PDF.
    """
    html_path = Path(html_path).resolve()
    pdf_path = Path(pdf_path)
    binary = chromium or require_chromium()
    if not html_path.is_file():
        raise RenderError(f"cannot print {html_path.name}: the page does not exist")
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_path(pdf_path)
    profile = tempfile.mkdtemp(prefix="lgdata-chromium-")
    command = [
        binary,
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        f"--print-to-pdf={tmp}",
        html_path.as_uri(),
    ]
    try:
        try:
            result = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=PRINT_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise RenderError(
                f"Chromium took more than {PRINT_TIMEOUT} s to print {html_path.name}",
                error="pdf: timeout",
            ) from None
        if result.returncode != 0 or not _is_pdf(tmp):
            last = (result.stderr.strip().splitlines() or ["no PDF written"])[-1]
            raise RenderError(
                f"Chromium could not print {html_path.name} (exit {result.returncode}): {last}",
                error=f"pdf: {last}",
            )
        os.replace(tmp, pdf_path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
        shutil.rmtree(profile, ignore_errors=True)
    return pdf_path


def _is_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(5) == b"%PDF-"
    except OSError:
        return False


def pdf_path_for(stem: str) -> Path:
    """``outputs/pdf/<stem>.pdf``, the PDF of the report ``<stem>``."""
    return pdf_dir() / f"{stem}.pdf"


def needs_printing(html_path: Path, pdf_path: Path) -> bool:
    """Whether a page's PDF is missing or older than the page."""
    try:
        return pdf_path.stat().st_mtime_ns < html_path.stat().st_mtime_ns
    except FileNotFoundError:
        return html_path.is_file()


@dataclass
class PrintOutcome:
    """One report printed (``error`` None) or not (``error`` the one-line reason)."""

    stem: str
    pdf: Path
    error: str | None = None


def print_reports(
    stems: Iterable[str],
    *,
    html_folder: Path | str | None = None,
    pdf_folder: Path | str | None = None,
    jobs: int = 1,
    force: bool = False,
    on_done: Callable[[PrintOutcome], None] | None = None,
) -> list[PrintOutcome]:
    """Print the pages of the reports ``stems`` whose PDF is missing or older than the page.

    Parameters
    ----------
    stems : iterable of str
        Report stems (``<code>-<slug>``, ``<code>-<slug>.cy``); those without
        a page are left out.
    html_folder, pdf_folder : path, optional
        Where the pages are and the PDFs go (default ``outputs/html`` and
        ``outputs/pdf``).
    jobs : int
        Chromiums printing at once.
    force : bool
        Print even the PDFs that are newer than their page.
    on_done : callable, optional
        Called with each :class:`PrintOutcome` as it finishes (in this thread).

    Returns
    -------
    list of PrintOutcome
        One per PDF printed or failed, in the order of ``stems``.
    """
    html_folder = Path(html_folder or config.outputs_dir() / "html")
    pdf_folder = Path(pdf_folder or pdf_dir())
    binary = require_chromium()
    todo = []
    for stem in stems:
        html_path, pdf_path = html_folder / f"{stem}.html", pdf_folder / f"{stem}.pdf"
        if html_path.is_file() and (force or needs_printing(html_path, pdf_path)):
            todo.append((stem, html_path, pdf_path))

    def one(item: tuple[str, Path, Path]) -> PrintOutcome:
        stem, html_path, pdf_path = item
        try:
            print_pdf(html_path, pdf_path, chromium=binary)
        except RenderError as exc:
            return PrintOutcome(stem, pdf_path, str(exc))
        return PrintOutcome(stem, pdf_path)

    outcomes = []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for outcome in pool.map(one, todo):
            outcomes.append(outcome)
            if on_done is not None:
                on_done(outcome)
    return outcomes


__all__ = [
    "ChromiumMissingError",
    "PrintOutcome",
    "chromium_binary",
    "needs_printing",
    "pdf_dir",
    "pdf_path_for",
    "print_pdf",
    "print_reports",
    "require_chromium",
]
