"""Render one council report: run the template with papermill, export one HTML page.

A report is rendered in three steps:

1. **Execute** the template notebook (``notebooks/council_report.ipynb``) with
   papermill, the council's code injected as the ``council_code`` parameter, in a
   fresh kernel whose working folder is a new temporary folder
   (:mod:`helpers.render.kernels`).
2. **Clean** a copy for readers (:mod:`helpers.render.notebook`): no input code,
   no stderr, no warnings, no tracebacks, no JavaScript, cell ids and titles that
   do not change between runs.
3. **Export** it to one self-contained HTML page (:mod:`helpers.render.export`),
   then check the page (:mod:`helpers.render.pagecheck`) before it is written.

Both files are written atomically (:func:`helpers.atomic.write_atomic`): a
temporary file ``.<name>.tmp-<pid>`` in the target folder, created without
following links, moved into place when complete.

Heavy modules (papermill, nbconvert, nbformat, jupyter_client) are imported
inside the functions that need them, so importing this module is cheap.
"""

from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from helpers import atomic, config, i18n
from helpers.errors import RenderError
from helpers.render import export, notebook, pagecheck
from helpers.render.kernels import (
    KERNEL_NAME,
    START_TIMEOUT,
    Kernel,
    KernelSupply,
    find_imports,
    start_kernel,
)

if TYPE_CHECKING:  # pragma: no cover
    from nbconvert import HTMLExporter
    from nbformat import NotebookNode

    from helpers.data.councils import Council

#: Seconds a cell may run before the report fails.
CELL_TIMEOUT = 600

_LOG = logging.getLogger(__name__)


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

    :mod:`helpers.render.papermill_engine` is registered in papermill's
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
        A started kernel (:func:`~helpers.render.kernels.start_kernel`); by default
        one is started in a temporary working folder and stopped afterwards.
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


@dataclass(frozen=True)
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
    :func:`helpers.render.pagecheck.find_html_problems`; otherwise the previous
    files stay as they were.

    Parameters
    ----------
    council : Council or batch.ReportTarget
        The report: ``code``, ``name`` (in the report's language), ``stem``
        (``<code>-<slug>``, ``.cy`` added for Welsh) and ``language`` (English
        when absent: a :class:`~helpers.data.councils.Council`).
    template : path, optional
        The template notebook (default ``config.TEMPLATE``).
    notebooks_dir, html_dir : path, optional
        Target folders (default ``outputs/notebooks`` and ``outputs/html``).
    exporter : HTMLExporter, optional
        A reused exporter (:func:`helpers.render.export.make_exporter`).
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
    title = tr._("{title}: {council}", title=tr._(config.TITLE), council=council.name)
    html, removed = export.export_html(
        nb, title=title, exporter=exporter, resource_dir=template.parent, language=language
    )
    for line in removed:
        log.info("left out of the page: %s", line)
    problems = pagecheck.find_html_problems(html, forbidden=pagecheck.machine_paths(*used_folders))
    if f'<html lang="{language}">' not in html:
        problems.append(f'the page is not marked <html lang="{language}">')
    if problems:
        raise RenderError(
            f"report page for {council.code} is not fit to share: " + "; ".join(problems),
            error="page check: " + "; ".join(problems),
        )
    import nbformat

    notebook_path = atomic.write_atomic(
        notebooks_dir / f"{council.stem}.ipynb", nbformat.writes(notebook.without_run_times(nb))
    )
    html_path = atomic.write_atomic(html_dir / f"{council.stem}.html", html)
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
