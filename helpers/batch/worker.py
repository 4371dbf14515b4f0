"""The work function of a run: render one report in a worker process and say what became of it.

:func:`render_council` is top-level and picklable, takes plain values and returns
a :class:`~helpers.batch.records.ReportOutcome`, so that any
:class:`concurrent.futures.Executor` (:mod:`helpers.batch.executors`, Dask's) can
run it. A failed report never raises: its outcome names the cell and the error.
Each report gets its log, ``outputs/logs/<stem>.log`` (docs/operations.md).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from helpers import atomic, config, i18n
from helpers.batch.executors import WORKER, close_worker
from helpers.batch.records import RENDERED, ReportOutcome, ReportTarget
from helpers.errors import RenderError
from helpers.render import execute as rendering
from helpers.render import export, kernels, notebook


def _kernel_supply(template: str, home: str) -> kernels.KernelSupply:
    # keyed by what a spare kernel imports, so that the two languages' templates
    # (the same code cells) share the spare kernel
    imports = kernels.find_imports(template)
    wanted = (imports, home)
    if WORKER.supply_for != wanted:
        close_worker()
        WORKER.supply = kernels.KernelSupply(imports, env={config.HOME_ENV: home})
        WORKER.supply.prepare()  # the fork server imports while the exporter is made
        WORKER.supply_for = wanted
        if not WORKER.finalizer:
            import atexit

            atexit.register(close_worker)
            WORKER.finalizer = True
    return WORKER.supply


class _LogCapture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            self.lines.append(self.format(record))


@contextlib.contextmanager
def _captured_logs():
    """Collect this process's log records (papermill, nbconvert, ours) for the report's log."""
    root = logging.getLogger()
    handler = _LogCapture()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def render_council(
    code: str,
    name: str,
    stem: str,
    template: str,
    home: str,
    spare: bool = False,
    language: str = i18n.ENGLISH,
) -> ReportOutcome:
    """Render one council's report in this process and return what became of it.

    Never raises for a failed report: the outcome's ``status`` is ``"failed"``,
    with the ``cell`` that raised and the ``error`` line. Writes
    ``outputs/logs/<stem>.log``.

    Parameters
    ----------
    code, name, stem : str
        The council's code, its name in the report's language and the
        report's file stem (``<code>-<slug>``, ``<code>-<slug>.cy``).
    template : str
        Path of the template notebook.
    home : str
        The workbook home (``data/`` and ``outputs/`` beneath it).
    spare : bool
        Start the kernel of this process's next report now.
    language : {"en", "cy"}
        The report's language (the template's).
    """
    started = time.monotonic()
    outputs = Path(home) / "outputs"
    log_path = outputs / "logs" / f"{stem}.log"
    outcome = dataclasses.replace(
        ReportOutcome.failed(code, name, stem, language, None), pid=os.getpid()
    )
    header = [
        f"report: {stem} ({name})",
        f"started: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"template: {Path(template).name}",
        f"python: {sys.executable}",
    ]
    detail: list[str] = []
    console = ""
    WORKER.busy = True
    try:
        with _captured_logs() as captured:
            try:
                supply = _kernel_supply(template, home)
                if WORKER.exporter is None:
                    WORKER.exporter = export.make_exporter()
                rendered = rendering.render_report(
                    ReportTarget(code, name, stem, language),
                    template=template,
                    notebooks_dir=outputs / "notebooks",
                    html_dir=outputs / "html",
                    exporter=WORKER.exporter,
                    kernels=supply,
                    spare=spare,
                )
                outcome = dataclasses.replace(outcome, status=RENDERED, attempts=rendered.attempts)
                console = rendered.kernel_console
            except RenderError as exc:
                outcome = dataclasses.replace(
                    outcome,
                    cell=exc.cell,
                    error=exc.error or str(exc),
                    attempts=getattr(exc, "attempts", 1),
                )
                detail.append(f"FAILED: {exc}")
                cause = exc.__cause__
                tb = getattr(cause, "traceback", None)
                if tb:
                    detail.append("traceback:")
                    detail.extend(notebook.ANSI.sub("", line) for line in tb)
            except Exception as exc:  # a failure of the machinery: isolate it too
                error = f"{type(exc).__name__}: {exc}".splitlines()[0]
                outcome = dataclasses.replace(outcome, error=error)
                detail.append("FAILED with an unexpected error:")
                detail.append(traceback.format_exc())
        outcome = dataclasses.replace(outcome, seconds=round(time.monotonic() - started, 2))
        text = "\n".join(
            [
                *header,
                f"status: {outcome.status} in {outcome.seconds:.1f} s",
                "",
                *captured.lines,
                *detail,
                *(["", "kernel console:", console] if console.strip() else []),
            ]
        )
        atomic.write_atomic(log_path, text.rstrip("\n") + "\n")
        return outcome
    except KeyboardInterrupt:
        # The abandoned notebook client's tasks fail as their kernel stops; asyncio
        # would print each one's traceback at exit, which is no news to the user.
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)
        try:
            close_worker()
        finally:
            if WORKER.terminated:
                os._exit(1)
        raise
    finally:
        WORKER.busy = False
