"""Render many council reports: in parallel, incrementally, atomically, with a progress bar.

``python -m helpers report --council X [X ...]`` and ``report --all`` come here
(:func:`run_reports`). A report is one council in one language (``--language
en|cy|both``): ``<code>-<slug>`` in English, ``<code>-<slug>.cy`` in Welsh
(:func:`report_stem`), each from its own template (``config.template_for``).
A run

0. takes the workbook's run lock (:mod:`helpers.runlock`): another run
   writing the same outputs makes it stop at once, naming that run;
1. resolves the councils (an unknown name fails here, before any kernel starts);
2. builds ``data/processed/`` and ``outputs/summary/`` first when they are
   missing, were built from other raw data (:func:`needs_build`, by
   fingerprint), or hold a file that is missing, changed or from another
   build than the record says (:mod:`helpers.integrity`), from ``data/raw/``
   or the folder given as ``raw_dir``; no figure is read before this check;
3. skips every report that is up to date: its key (:func:`report_key`,
   a hash of the template, the helper package's source and catalogues, the
   processed data and the parameters) matches the one stored in
   ``outputs/notebooks/.keys.json`` and both of its files exist (``--force``
   renders all);
4. checks that the data hold every Welsh text the Welsh reports to render
   need (``contract.check_welsh``): a Welsh report that lacks one is not
   rendered (its lines are printed and the run exits 2), the others are;
5. renders the others in worker processes (:func:`make_executor`), each report
   in a fresh kernel with its own temporary working folder; a failing report
   does not stop the others;
6. writes ``outputs/logs/<stem>.log`` per report, the run manifest
   ``outputs/logs/manifest.json`` and the indexes ``outputs/index.html`` and
   ``outputs/index.cy.html`` (all rewritten as each report finishes, so that
   they describe the pages on disk even if the run is killed), and prints a
   summary table.

Every file is written under a temporary name and moved into place; an
interrupted run leaves the previous reports as they were and no partial file.

The path where nothing needs rendering imports neither pandas' analysis
stack, papermill nor nbconvert, and hashes files with :mod:`hashlib`, so a
re-run with nothing changed takes about a second.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import html
import json
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from helpers import atomic, config, i18n, runlock
from helpers.errors import (
    ContractError,
    IntegrityError,
    MissingDataError,
    RenderError,
)
from helpers.render import export, kernels, notebook, pagecheck
from helpers.render import pdf as printing
from helpers.report import markup, texts

#: Where the key of every rendered report is stored (beside the notebooks).
KEYS_FILE = ".keys.json"
#: The run manifest, in ``outputs/logs/``.
MANIFEST_FILE = "manifest.json"
#: Bump to re-render everything after a change in how keys are computed.
KEY_VERSION = 1
#: The helper package's source folder, part of every key (tests point it elsewhere).
SOURCE_DIR = config.PACKAGE_DIR
#: The file the build writes last; its time is the time of the build.
BUILD_MARKER = "build_info.json"
#: Statuses of a report in a run (``pending``: not finished yet, in the manifest of a run
#: still going or killed).
RENDERED, FAILED, UP_TO_DATE, INTERRUPTED = "rendered", "failed", "up to date", "interrupted"
#: A Welsh report not rendered because the data lack a Welsh text it needs.
NO_WELSH = "missing Welsh"
#: The error recorded for such a report.
NO_WELSH_ERROR = "the data lack Welsh texts this report needs (see validate --language cy)"
PENDING = "pending"
#: The start of a summary line about a PDF that could not be printed.
PDF_FAILED = "PDF failed:"
#: Seconds between a worker's checks that the process that started it still runs.
PARENT_POLL_SECONDS = 0.5

ExecutorFactory = Callable[[int], Executor]

_LOG = logging.getLogger(__name__)


# --------------------------------------------------------------------------
# Paths
# --------------------------------------------------------------------------
def notebooks_dir() -> Path:
    """``outputs/notebooks``: the executed report notebooks."""
    return config.outputs_dir() / "notebooks"


def html_dir() -> Path:
    """``outputs/html``: the report pages."""
    return config.outputs_dir() / "html"


def logs_dir() -> Path:
    """``outputs/logs``: one log per report and the run manifest."""
    return config.outputs_dir() / "logs"


def index_path(language: str = i18n.ENGLISH) -> Path:
    """``outputs/index.html`` (English) or ``outputs/index.cy.html`` (Welsh): every report."""
    return config.outputs_dir() / f"index{i18n.file_suffix(language)}.html"


def report_stem(council_stem: str, language: str) -> str:
    """The file stem of a council's report: ``<code>-<slug>`` or, in Welsh, ``<code>-<slug>.cy``."""
    return f"{council_stem}{i18n.file_suffix(language)}"


def _relative(path: Path) -> str:
    """``path`` relative to the workbook home, as POSIX text (never absolute)."""
    try:
        return Path(path).relative_to(config.home()).as_posix()
    except ValueError:
        return Path(path).name


# --------------------------------------------------------------------------
# Build when needed
# --------------------------------------------------------------------------
_STALE = "data/processed/ is missing or was built from other raw data"


def build_reason(raw_dir: Path | str | None = None) -> str | None:
    """Why ``data/processed/`` and ``outputs/summary/`` must be built before rendering, or None.

    The build records the raw files' fingerprint and the SHA-256 of every file
    it writes in ``data/processed/build_info.json`` (:mod:`helpers.integrity`).
    The processed data must be built again when that file or
    ``outputs/summary/`` is missing, when the fingerprint of the raw folder
    (``raw_dir``, default ``data/raw/``) now differs (new exports, whatever
    their file dates, or a build from another folder), or when a file of
    either folder is missing, changed, not written by the build, or from
    another build (:func:`helpers.integrity.check`); the reason is one line
    naming what was found.
    """
    from helpers.build import integrity
    from helpers.data import contract

    marker = config.processed_dir() / BUILD_MARKER
    summary = config.summary_dir() / "response_rates.csv"
    if not marker.is_file() or not summary.is_file():
        return _STALE
    try:
        built = json.loads(marker.read_text(encoding="utf-8")).get("fingerprint")
    except (OSError, ValueError, AttributeError):
        return _STALE
    if built != contract.raw_fingerprint(raw_dir):
        return _STALE
    problems = integrity.check()
    return integrity.describe(problems) if problems else None


def needs_build(raw_dir: Path | str | None = None) -> bool:
    """Whether the processed data must be built before rendering (:func:`build_reason`)."""
    return build_reason(raw_dir) is not None


def ensure_built(
    log: Callable[[str], None] | None = None, raw_dir: Path | str | None = None
) -> bool:
    """Build the processed data from ``raw_dir`` (default ``data/raw/``) when :func:`needs_build`.

    Says why in one line (``log``). Returns whether it built.

    Raises
    ------
    IntegrityError
        If a processed or summary file was missing or changed and the raw
        data cannot build them again (they break the data contract): exit 2,
        the file named, nothing rendered.
    """
    reason = build_reason(raw_dir)
    if reason is None:
        return False
    from helpers.build import pipeline

    if reason == _STALE:
        if log:
            log(f"{_STALE}: building it first")
        pipeline.build(raw_dir)
        return True
    if log:
        log(f"{reason}: building it again from the raw data")
    try:
        pipeline.build(raw_dir)
    except ContractError:
        raise IntegrityError(
            f"{reason}, and the raw data cannot build it again: they break the data contract "
            "(python -m helpers validate lists the problems); nothing was rendered"
        ) from None
    except OSError as exc:
        from helpers.batch.failures import describe_os_error

        raise IntegrityError(
            f"{reason}, and it cannot be built again ({describe_os_error(exc)}); "
            "nothing was rendered"
        ) from None
    return True


# --------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------
def _hash_tree(digest: Any, label: str, folder: Path, patterns: Sequence[str]) -> None:
    files = set()
    if folder.is_dir():
        for pattern in patterns:
            files.update(p for p in folder.glob(pattern) if p.is_file())
    for path in sorted(files):
        relative = path.relative_to(folder)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
            continue
        with open(path, "rb") as fh:
            content = hashlib.file_digest(fh, "sha256").hexdigest()
        digest.update(f"{label}/{relative.as_posix()}\0{content}\n".encode())


def hash_inputs(template: Path | str | None = None) -> str:
    """Return the hash of everything a report depends on, besides its parameters.

    The template notebook; the helper package's source (every ``*.py`` under
    :data:`SOURCE_DIR`, its translation catalogues and nbconvert templates); the processed data
    (``data/processed/**`` and ``outputs/summary/**``); the versions of Python
    and of the packages that render a report (:func:`library_versions`). Files are hashed by
    content with their relative paths, so moving the workbook keeps the keys.
    """
    template = Path(template) if template is not None else Path(config.TEMPLATE)
    digest = hashlib.sha256(f"lgdata report key v{KEY_VERSION}\n".encode())
    if not template.is_file():
        raise MissingDataError(f"the report template {template.name} does not exist")
    digest.update(b"template\0" + hashlib.sha256(template.read_bytes()).hexdigest().encode())
    source = Path(SOURCE_DIR)
    _hash_tree(digest, "helpers", source, ("**/*.py", "**/*.po"))
    _hash_tree(digest, "templates", source / "render" / "templates", ("**/*",))
    _hash_tree(digest, "processed", config.processed_dir(), ("**/*",))
    _hash_tree(digest, "summary", config.summary_dir(), ("**/*",))
    digest.update(library_versions().encode())
    return digest.hexdigest()


#: Installed packages whose version can change what a report shows.
RENDERING_PACKAGES = (
    "babel", "ipykernel", "jinja2", "matplotlib", "mistune", "nbconvert", "nbformat", "numpy",
    "pandas", "papermill", "pillow", "pygments", "scipy", "seaborn", "statsmodels",
)  # fmt: skip


def library_versions() -> str:
    """Python's version and those of :data:`RENDERING_PACKAGES`, one per line (part of every key).

    Upgrading, say, matplotlib re-renders every report; reading versions from
    the installed metadata imports none of the packages.
    """
    lines = [f"python {sys.version.split()[0]}"]
    for name in RENDERING_PACKAGES:
        try:
            lines.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{name} -")
    return "\n".join(lines) + "\n"


def report_parameters(council_code: str) -> dict[str, str]:
    """The parameters papermill injects into the template for one council.

    The language is not a parameter: each language has its own template,
    whose parameters cell holds it.
    """
    return {"council_code": council_code}


def report_key(inputs_hash: str, council_code: str, language: str = i18n.ENGLISH) -> str:
    """The key of one report: the inputs' hash (its template's), its parameters and language."""
    parameters = json.dumps(report_parameters(council_code), sort_keys=True)
    return hashlib.sha256(f"{inputs_hash}\0{parameters}\0{language}".encode()).hexdigest()


def read_keys(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """Read the stored report keys: ``{stem: {"key": ..., "status": ...}}`` (empty if none)."""
    path = path or notebooks_dir() / KEYS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    reports = data.get("reports") if isinstance(data, dict) else None
    return reports if isinstance(reports, dict) else {}


def write_keys(keys: dict[str, dict[str, Any]], path: Path | None = None) -> None:
    """Store the report keys (atomically, sorted)."""
    path = path or notebooks_dir() / KEYS_FILE
    text = json.dumps({"version": KEY_VERSION, "reports": keys}, indent=1, sort_keys=True)
    atomic.write_atomic(path, text + "\n")


# --------------------------------------------------------------------------
# The work function (runs in a worker process)
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class ReportTarget:
    """The little :func:`helpers.render.execute.render_report` needs to know about a report.

    ``name`` is the council's name in the report's language, ``stem`` the
    report's file stem (with ``.cy`` for Welsh).
    """

    code: str
    name: str
    stem: str
    language: str = i18n.ENGLISH


_WORKER: dict[str, Any] = {"busy": False, "exporter": None, "supply": None, "supply_for": None}


def _close_worker() -> None:
    """Stop this process's spare kernel (at exit, or when interrupted)."""
    supply = _WORKER.get("supply")
    _WORKER["supply"] = None
    if supply is not None:
        with contextlib.suppress(Exception):
            supply.close()


def _on_terminate(signum: int, frame: Any) -> None:
    """SIGTERM in a worker: abandon the report (cleaning up), stop the spare kernel, exit.

    A second SIGTERM while the worker cleans up (the pool's own, when it sees
    another worker exit) is ignored: interrupting the clean-up would leave
    files and kernels behind, or let the worker go on to its next report.
    """
    if _WORKER.get("terminated"):
        return
    _WORKER["terminated"] = True
    if _WORKER["busy"]:
        raise KeyboardInterrupt
    _close_worker()
    os._exit(128 + signum)


def _watch_parent(parent: int) -> None:
    """Stop this worker (SIGTERM: it cleans up) as soon as the process that started it is gone.

    A run killed with ``kill -9`` cannot stop its workers; without this, a
    worker would finish its report and write its page after the run's lock
    is gone, perhaps while the next run writes the same files.
    """
    while True:
        time.sleep(PARENT_POLL_SECONDS)
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGTERM)
            return


def init_worker() -> None:
    """Prepare a worker process: Ctrl-C is the main process's to handle; SIGTERM cleans up.

    The main process stops its workers with SIGTERM when the run is
    interrupted: a worker then removes its temporary files and kernels and
    exits. A worker whose main process dies (``kill -9``) does the same
    within :data:`PARENT_POLL_SECONDS`. The spare kernel is also stopped when
    the worker exits normally.
    """
    from multiprocessing import util

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_terminate)
    util.Finalize(None, _close_worker, exitpriority=10)
    threading.Thread(
        target=_watch_parent, args=(os.getppid(),), name="parent-watch", daemon=True
    ).start()


def _kernel_supply(template: str, home: str) -> kernels.KernelSupply:
    # keyed by what a spare kernel imports, so that the two languages' templates
    # (the same code cells) share the spare kernel
    imports = kernels.find_imports(template)
    wanted = (imports, home)
    if _WORKER["supply_for"] != wanted:
        _close_worker()
        _WORKER["supply"] = kernels.KernelSupply(imports, env={config.HOME_ENV: home})
        _WORKER["supply"].prepare()  # the fork server imports while the exporter is made
        _WORKER["supply_for"] = wanted
        if not _WORKER.get("finalizer"):
            import atexit

            atexit.register(_close_worker)
            _WORKER["finalizer"] = True
    return _WORKER["supply"]


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
) -> dict[str, Any]:
    """Render one council's report in this process and return a plain record of it.

    The work function of the batch: top-level, picklable, taking and
    returning plain values only, so that any :class:`concurrent.futures.Executor`
    (processes here, a cluster's later) can run it. Never raises for a failed
    report: the record says ``status`` ``"failed"``, with the ``cell`` that
    raised and the ``error`` line. Writes ``outputs/logs/<stem>.log``.

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

    Returns
    -------
    dict
        ``council_code, language, name, stem, status, seconds, attempts, cell,
        error, notebook, html, log, pid`` (paths relative to ``home``).
    """
    from helpers.render import execute as rendering

    started = time.monotonic()
    home_path = Path(home)
    outputs = home_path / "outputs"
    log_path = outputs / "logs" / f"{stem}.log"
    record: dict[str, Any] = {
        "council_code": code,
        "language": language,
        "name": name,
        "stem": stem,
        "status": FAILED,
        "seconds": 0.0,
        "attempts": 0,
        "cell": None,
        "error": None,
        "notebook": f"outputs/notebooks/{stem}.ipynb",
        "html": f"outputs/html/{stem}.html",
        "log": f"outputs/logs/{stem}.log",
        "pid": os.getpid(),
    }
    header = [
        f"report: {stem} ({name})",
        f"started: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"template: {Path(template).name}",
        f"python: {sys.executable}",
    ]
    detail: list[str] = []
    console = ""
    _WORKER["busy"] = True
    try:
        with _captured_logs() as captured:
            try:
                supply = _kernel_supply(template, home)
                if _WORKER["exporter"] is None:
                    _WORKER["exporter"] = export.make_exporter()
                outcome = rendering.render_report(
                    ReportTarget(code, name, stem, language),
                    template=template,
                    notebooks_dir=outputs / "notebooks",
                    html_dir=outputs / "html",
                    exporter=_WORKER["exporter"],
                    kernels=supply,
                    spare=spare,
                )
                record.update(status=RENDERED, attempts=outcome.attempts)
                console = outcome.kernel_console
            except RenderError as exc:
                record.update(
                    cell=exc.cell, error=exc.error or str(exc), attempts=getattr(exc, "attempts", 1)
                )
                detail.append(f"FAILED: {exc}")
                cause = exc.__cause__
                tb = getattr(cause, "traceback", None)
                if tb:
                    detail.append("traceback:")
                    detail.extend(notebook.ANSI.sub("", line) for line in tb)
            except Exception as exc:  # a failure of the machinery: isolate it too
                record.update(error=f"{type(exc).__name__}: {exc}".splitlines()[0])
                detail.append("FAILED with an unexpected error:")
                detail.append(traceback.format_exc())
        record["seconds"] = round(time.monotonic() - started, 2)
        text = "\n".join(
            [
                *header,
                f"status: {record['status']} in {record['seconds']:.1f} s",
                "",
                *captured.lines,
                *detail,
                *(["", "kernel console:", console] if console.strip() else []),
            ]
        )
        atomic.write_atomic(log_path, text.rstrip("\n") + "\n")
        return record
    except KeyboardInterrupt:
        # The abandoned notebook client's tasks fail as their kernel stops; asyncio
        # would print each one's traceback at exit, which is no news to the user.
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)
        try:
            _close_worker()
        finally:
            if _WORKER.get("terminated"):
                os._exit(1)
        raise
    finally:
        _WORKER["busy"] = False


# --------------------------------------------------------------------------
# Executors
# --------------------------------------------------------------------------
class InlineExecutor(Executor):
    """Runs each call at once in this process (one report, or ``--jobs 1``)."""

    def submit(self, fn, /, *args, **kwargs):  # noqa: D102 - Executor's
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:
            future.set_exception(exc)
        return future


def make_executor(jobs: int) -> Executor:
    """Return the executor of a run: ``jobs`` worker processes (spawned, never forked).

    Swap this factory (``run_reports(executor_factory=...)``) to render
    elsewhere, e.g. ``lambda jobs: distributed.Client(...).get_executor()``:
    the work function :func:`render_council` takes and returns plain values.
    """
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=init_worker)


def _stop_workers(executor: Executor) -> None:
    """Ask a process pool's workers to stop now (SIGTERM: they clean up and exit)."""
    terminate = getattr(executor, "terminate_workers", None)
    if terminate is not None:  # another executor (Dask) that knows how
        with contextlib.suppress(Exception):
            terminate()
        return
    from concurrent.futures import ProcessPoolExecutor

    if not isinstance(executor, ProcessPoolExecutor):
        return
    # The pool's workers are this process's only multiprocessing children.
    for process in multiprocessing.active_children():
        with contextlib.suppress(Exception):
            process.terminate()


# --------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------
@dataclass
class _Task:
    code: str
    name: str
    stem: str
    key: str
    language: str = i18n.ENGLISH
    template: Path | None = None
    attempts: int = 0


def _failed_record(task: _Task, error: str) -> dict[str, Any]:
    return {
        "council_code": task.code,
        "language": task.language,
        "name": task.name,
        "stem": task.stem,
        "status": FAILED,
        "seconds": 0.0,
        "attempts": task.attempts,
        "cell": None,
        "error": error,
        "notebook": f"outputs/notebooks/{task.stem}.ipynb",
        "html": f"outputs/html/{task.stem}.html",
        "log": f"outputs/logs/{task.stem}.log",
    }


def _render_tasks(
    tasks: list[_Task],
    *,
    jobs: int,
    factory: ExecutorFactory,
    on_result: Callable[[dict[str, Any]], None],
) -> None:
    """Render ``tasks``; a worker process that dies takes its reports to a second round."""
    home = str(config.home())
    pending = list(tasks)
    while pending:
        workers = max(1, min(jobs, len(pending)))
        executor = factory(workers)
        # An existing cluster has the workers it has (spare kernels are started for them).
        workers = max(1, int(getattr(executor, "workers", 0) or workers))
        retry: list[_Task] = []
        try:
            futures: dict[Future, _Task] = {}
            for index, task in enumerate(pending):
                task.attempts += 1
                spare = index < len(pending) - workers
                future = executor.submit(
                    render_council,
                    task.code,
                    task.name,
                    task.stem,
                    str(task.template),
                    home,
                    spare,
                    task.language,
                )
                futures[future] = task
            from concurrent.futures import as_completed
            from concurrent.futures.process import BrokenProcessPool

            for future in as_completed(futures):
                task = futures[future]
                try:
                    record = future.result()
                    # A report retried after its worker died counts that round too.
                    record["attempts"] = record.get("attempts", 0) + task.attempts - 1
                except BrokenProcessPool:
                    if task.attempts < 2:
                        retry.append(task)
                        continue
                    record = _failed_record(task, "the worker process died (twice)")
                except Exception as exc:
                    if type(exc).__name__ == "KilledWorker":  # Dask: died on every try
                        record = _failed_record(task, "the worker process died (twice)")
                    else:
                        error = f"{type(exc).__name__}: {exc}".splitlines()[0]
                        record = _failed_record(task, error)
                on_result(record)
        except BaseException:
            _stop_workers(executor)
            raise
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
        pending = retry


def _format_summary(records: list[dict[str, Any]], unchanged: int) -> str:
    rows = [("council", "status", "seconds", "cell", "error")]
    for record in records:
        rows.append(
            (
                record["stem"],
                record["status"],
                f"{record['seconds']:.1f}" if record.get("seconds") else "-",
                record.get("cell") or "",
                record.get("error") or "",
            )
        )
    widths = [max(len(str(row[i])) for row in rows) for i in range(3)]
    lines = []
    for row in rows:
        head = "  ".join(str(value).ljust(widths[i]) for i, value in enumerate(row[:3]))
        tail = "  ".join(value for value in row[3:] if value)
        lines.append(f"{head}  {tail}".rstrip())
    counts: dict[str, int] = {}
    for record in records:
        counts[record["status"]] = counts.get(record["status"], 0) + 1
    if unchanged:
        counts[UP_TO_DATE] = unchanged
    total = ", ".join(f"{n} {status}" for status, n in counts.items())
    return "\n".join([*(lines if records else []), f"reports: {total}"])


def _write_manifest(
    *,
    started: datetime,
    seconds: float,
    jobs: int,
    force: bool,
    template: Path,
    records: list[dict[str, Any]],
    interrupted: bool,
    templates: dict[str, Path] | None = None,
    finished: bool = True,
) -> Path:
    counts: dict[str, int] = {}
    for record in records:
        counts[record["status"]] = counts.get(record["status"], 0) + 1
    manifest = {
        "started": started.isoformat(timespec="seconds"),
        "seconds": round(seconds, 2),
        "jobs": jobs,
        "force": force,
        "interrupted": interrupted,
        "finished": finished,
        "template": _template_name(template),
        "templates": {
            lang: _template_name(path) for lang, path in (templates or {"en": template}).items()
        },
        "counts": dict(sorted(counts.items())),
        "reports": [
            {key: value for key, value in record.items() if key != "pid"} for record in records
        ],
    }
    path = logs_dir() / MANIFEST_FILE
    atomic.write_atomic(path, json.dumps(manifest, indent=1) + "\n")
    return path


def _template_name(template: Path) -> str:
    for base in (config.PROJECT_ROOT, config.home()):
        with contextlib.suppress(ValueError):
            return template.resolve().relative_to(base.resolve()).as_posix()
    return template.name


def _templates(
    template: Path | str | dict[str, Path | str] | None, languages: Sequence[str]
) -> dict[str, Path]:
    """Each language's template: ``config.template_for``, one given for all, or one each."""
    if template is None:
        return {lang: Path(config.template_for(lang)) for lang in languages}
    if isinstance(template, dict):
        missing = [lang for lang in languages if lang not in template]
        if missing:
            raise ValueError(f"no template given for language(s) {missing}")
        return {lang: Path(template[lang]) for lang in languages}
    return {lang: Path(template) for lang in languages}


def _stop_welsh(
    tasks: list[_Task], say: Callable[[str], None], raw_dir: Path | str | None = None
) -> list[_Task]:
    """The Welsh tasks whose council's data lack a Welsh text (checked before any kernel starts).

    Prints the missing texts, one line each in the data contract's form, under
    one heading (``contract.check_welsh``).
    """
    from helpers.data import contract

    welsh = [task for task in tasks if task.language == i18n.WELSH]
    if not welsh:
        return []
    codes = list(dict.fromkeys(task.code for task in welsh))
    report = contract.check_welsh(raw_dir, council_codes=codes)
    if not report.problems:
        return []
    stopped_codes = (
        set(codes)
        if len(codes) == 1
        else {code for code in codes if contract.check_welsh(raw_dir, [code]).problems}
    )
    say("error: the raw data lack Welsh texts that the Welsh reports need:")
    for problem in report.problems:
        say(str(problem))
    return [task for task in welsh if task.code in stopped_codes]


def _holding_the_run_lock(function: Callable[..., int]) -> Callable[..., int]:
    """Run ``function`` holding the workbook's run lock (:func:`helpers.runlock.hold`)."""

    @functools.wraps(function)
    def holding(*args: Any, **kwargs: Any) -> int:
        with runlock.hold():
            return function(*args, **kwargs)

    return holding


@_holding_the_run_lock
def run_reports(
    councils: Iterable[str] | None = None,
    *,
    languages: Sequence[str] | None = None,
    raw_dir: Path | str | None = None,
    jobs: int | None = None,
    force: bool = False,
    template: Path | str | dict[str, Path | str] | None = None,
    executor_factory: ExecutorFactory | None = None,
    progress: bool | None = None,
    stdout: Any = None,
    pdf: bool = False,
) -> int:
    """Render the reports of ``councils`` (codes or short names), or of every council.

    Parameters
    ----------
    councils : iterable of str, optional
        Council codes or short names (case ignored); None for every council.
    languages : sequence of {"en", "cy"}, optional
        The languages to render (default both): one report per council and
        language.
    raw_dir : path, optional
        The raw data to render (default ``data/raw/``): the councils come from
        its ``councils.csv``, and the processed data are built from it first
        unless they already were. No other raw folder is read.
    jobs : int, optional
        Worker processes (default: the number of CPU cores, at most one per
        report). With one worker, or one report, reports render in this process.
    force : bool
        Render even the reports whose inputs are unchanged.
    template : path or dict, optional
        The template notebook of every language, or ``{language: path}``
        (default ``config.template_for(language)``).
    executor_factory : callable, optional
        ``factory(jobs) -> concurrent.futures.Executor`` (default
        :func:`make_executor`).
    progress : bool, optional
        Show the progress bar on stderr (default: when stderr is a terminal).
    stdout : file, optional
        Where the summary goes (default ``sys.stdout``).
    pdf : bool
        Also print each report selected to ``outputs/pdf/<stem>.pdf`` with
        headless Chromium (:mod:`helpers.pdf`), after its page is written: the
        PDFs missing or older than their page. Without Chromium the run stops
        before anything is built or rendered.

    Returns
    -------
    int
        0 when every report is rendered or up to date; 1 when any failed (or
        any PDF); 2 when a Welsh report was not rendered because the data lack
        a Welsh text it needs (its lines are printed on stderr; every other
        report is rendered).

    Raises
    ------
    UnknownCouncilError
        If a name matches no council (before anything is built or rendered).
    ChromiumMissingError
        If ``pdf`` is asked for and Chromium is not installed (before anything
        is built or rendered).
    WorkbookError
        If the raw data are invalid (``ContractError``), a template is
        missing, or another run is writing the same outputs (``RunBusyError``:
        the whole run holds the workbook's run lock, :mod:`helpers.runlock`).
    ValueError
        If a language is not one of ``i18n.LANGUAGES``.
    KeyboardInterrupt
        If interrupted: workers are stopped, their temporary files removed, the
        keys, manifest and indexes of the reports finished so far written.
    """
    from helpers.data import contract

    out = stdout or sys.stdout
    started_at = datetime.now(UTC)
    started = time.monotonic()
    languages = tuple(languages) if languages is not None else i18n.LANGUAGES
    if not languages:
        raise ValueError("no language to render")
    for language in languages:
        i18n.check_language(language)
    templates = _templates(template, languages)
    for path in templates.values():
        if not path.is_file():
            raise MissingDataError(f"the report template {_template_name(path)} does not exist")
    if jobs is not None and jobs < 1:
        raise ValueError("jobs must be at least 1")
    if pdf:
        printing.require_chromium()

    registry = contract.load_registry(raw_dir)
    selected = list(registry) if councils is None else registry.resolve_many(list(councils))

    def say(message: str) -> None:
        print(message, file=sys.stderr)

    ensure_built(say, raw_dir)
    outputs = config.outputs_dir()
    atomic.remove_stale_temporaries([outputs])
    kernels.remove_stale_kernel_folders()
    inputs_hash = {lang: hash_inputs(path) for lang, path in templates.items()}
    keys = read_keys()
    wanted: list[_Task] = []  # every report selected, council by council
    tasks: list[_Task] = []
    for council in selected:
        for language in languages:
            stem = report_stem(council.stem, language)
            name = council.name_cy if language == i18n.WELSH else council.name
            key = report_key(inputs_hash[language], council.code, language)
            task = _Task(council.code, name, stem, key, language, templates[language])
            wanted.append(task)
            stored = keys.get(stem, {})
            current = (
                not force
                and stored.get("status") == RENDERED
                and stored.get("key") == key
                and (notebooks_dir() / f"{stem}.ipynb").is_file()
                and (html_dir() / f"{stem}.html").is_file()
            )
            if not current:
                tasks.append(task)

    records: list[dict[str, Any]] = []
    stopped = _stop_welsh(tasks, say, raw_dir)
    if stopped:
        tasks = [task for task in tasks if task not in stopped]
        for task in stopped:
            record = _failed_record(task, NO_WELSH_ERROR)
            record["status"] = NO_WELSH
            records.append(record)
            keys[task.stem] = {"key": None, "status": FAILED, "cell": None, "error": NO_WELSH_ERROR}
        write_keys(keys)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks) or 1))
    interrupted = False
    order = {task.stem: i for i, task in enumerate(wanted)}
    by_stem = {task.stem: task for task in tasks}

    def finish(final: bool = True) -> None:
        """Write the manifest (every report selected; skipped ones up to date) and the indexes.

        Called as each report finishes too (``final`` false), so that both
        describe the pages on disk even if the run is killed; the reports not
        finished yet are then ``pending``.
        """
        done = {record["stem"] for record in records}
        skipped = [
            {
                "council_code": task.code,
                "language": task.language,
                "name": task.name,
                "stem": task.stem,
                "status": PENDING if task.stem in by_stem else UP_TO_DATE,
            }
            for task in wanted
            if task.stem not in done and (task.stem not in by_stem or not final)
        ]
        records.sort(key=lambda r: order.get(r["stem"], len(order)))
        _write_manifest(
            started=started_at,
            seconds=time.monotonic() - started,
            jobs=workers,
            force=force,
            template=templates[languages[0]],
            templates=templates,
            records=sorted(records + skipped, key=lambda r: order.get(r["stem"], len(order))),
            interrupted=interrupted,
            finished=final,
        )
        write_indexes(registry, keys)

    if tasks:
        bar = _progress_bar(len(tasks), progress)
        finish(final=False)

        def on_result(record: dict[str, Any]) -> None:
            records.append(record)
            if record["status"] == RENDERED:
                keys[record["stem"]] = {"key": by_stem[record["stem"]].key, "status": RENDERED}
            else:
                keys[record["stem"]] = {
                    "key": None,
                    "status": FAILED,
                    "cell": record.get("cell"),
                    "error": record.get("error"),
                }
            write_keys(keys)
            finish(final=False)
            failures = sum(r["status"] == FAILED for r in records)
            bar.set_postfix_str(f"failed={failures}, last={record['stem']}", refresh=False)
            bar.update(1)

        factory = executor_factory or (
            make_executor if workers > 1 else (lambda _jobs: InlineExecutor())
        )
        try:
            _render_tasks(tasks, jobs=workers, factory=factory, on_result=on_result)
        except KeyboardInterrupt:
            interrupted = True
            done = {record["stem"] for record in records}
            for task in tasks:
                if task.stem not in done:
                    record = _failed_record(task, "interrupted")
                    record["status"] = INTERRUPTED
                    records.append(record)
            raise
        finally:
            bar.close()
            atomic.remove_stale_temporaries([outputs])
            kernels.remove_stale_kernel_folders()
            finish()
    else:
        finish()
    pdf_lines: list[str] = []
    if pdf:
        pdf_lines = _print_pdfs(wanted, records, max(1, jobs or os.cpu_count() or 1))
        finish()  # the indexes link the new PDFs
    unchanged = len(wanted) - len(tasks) - len(stopped)
    print(_format_summary(records, unchanged), file=out)
    for line in pdf_lines:
        print(line, file=out)
    pdf_failed = any(line.startswith(PDF_FAILED) for line in pdf_lines)
    if stopped:
        return 2
    return 1 if pdf_failed or any(record["status"] == FAILED for record in records) else 0


def _print_pdfs(wanted: list[_Task], records: list[dict[str, Any]], jobs: int) -> list[str]:
    """Print the PDFs of the reports whose page is current (:func:`helpers.pdf.print_reports`).

    Returns the lines for the summary: one per PDF that failed (``PDF failed: ...``)
    and a count.
    """
    not_current = {record["stem"] for record in records if record["status"] != RENDERED}
    outcomes = printing.print_reports(
        [task.stem for task in wanted if task.stem not in not_current],
        html_folder=html_dir(),
        jobs=jobs,
    )
    failures = [outcome for outcome in outcomes if outcome.error]
    lines = [f"{PDF_FAILED} {outcome.stem}: {outcome.error}" for outcome in failures]
    lines.append(f"PDFs: {len(outcomes) - len(failures)} printed, {len(failures)} failed")
    return lines


class _NoBar:
    def set_postfix_str(self, *args: Any, **kwargs: Any) -> None:
        pass

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(total: int, progress: bool | None) -> Any:
    show = sys.stderr.isatty() if progress is None else progress
    if not show:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc="reports", unit="report", file=sys.stderr, dynamic_ncols=True)


# --------------------------------------------------------------------------
# The index page
# --------------------------------------------------------------------------
def _percent(responses: int, invited: int) -> str:
    """A whole percent, rounded half up (methodology): 46 of 96 -> 48%."""
    return f"{(200 * responses + invited) // (2 * invited)}%"


def read_response_rates(path: Path | None = None) -> dict[tuple[str, str], tuple[int, int]]:
    """Read ``outputs/summary/response_rates.csv``: ``{(code, group): (responses, invited)}``."""
    path = path or config.summary_dir() / "response_rates.csv"
    rates: dict[tuple[str, str], tuple[int, int]] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                with contextlib.suppress(KeyError, ValueError):
                    invited = int(float(row["invited"]))
                    if invited > 0:
                        responses = int(float(row["responses"]))
                        rates[(row["council_code"], row["group"])] = (responses, invited)
    except OSError:
        pass
    return rates


_INDEX_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1a1a1a; margin: 0; line-height: 1.5; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.5rem; }
th, td { padding: 0.4rem 0.6rem; border-bottom: 1px solid #d0d0d0; vertical-align: top; }
thead th { border-bottom: 2px solid #1a1a1a; text-align: left; }
td.rate { text-align: right; white-space: nowrap; }
th[scope=row] { font-weight: normal; text-align: left; }
.other { color: #555; font-size: 0.85em; }
.switch { margin: 0 0 1rem; }
.failed { color: #a50026; font-weight: bold; }
@media print {
  main { max-width: none; padding: 0; }
  table { font-size: 8pt; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
""".strip()


def _report_cell(
    tr: i18n.Translator,
    stem: str,
    language: str,
    statuses: dict[str, dict[str, Any]],
    existing: set[str],
    printed: frozenset[str] | set[str] = frozenset(),
) -> str:
    """The cell of one report in the index: a link (when the page exists), its PDF, its state."""
    esc = html.escape
    labels = {
        # Translators: the index's link to a council's report in English.
        i18n.ENGLISH: tr._("English report"),
        # Translators: the index's link to a council's report in Welsh.
        i18n.WELSH: tr._("Welsh report"),
    }
    label = labels[language]
    other = language != tr.language
    hreflang = f' hreflang="{language}"' if other else ""
    link = f'<a href="html/{esc(stem)}.html"{hreflang}>{esc(label)}</a>'
    if stem in printed:
        pdf_labels = {
            # Translators: the index's link to the PDF of a council's report in English.
            i18n.ENGLISH: tr._("English report (PDF)"),
            # Translators: the index's link to the PDF of a council's report in Welsh.
            i18n.WELSH: tr._("Welsh report (PDF)"),
        }
        link += (
            f'<br><a href="pdf/{esc(stem)}.pdf"{hreflang} type="application/pdf">'
            f"{esc(pdf_labels[language])}</a>"
        )
    failed = statuses.get(stem, {}).get("status") == FAILED
    # Translators: the state of a report in the index.
    failed_words = tr._("failed in the last run")
    failed_text = f'<span class="failed">{esc(failed_words)}</span>'
    if failed and stem in existing:
        # Translators: after "failed in the last run", when the previous report is still there.
        earlier = tr._("(earlier report shown)")
        return f"{link}<br>{failed_text} {esc(earlier)}"
    if failed:
        return failed_text
    if stem in existing:
        return link
    # Translators: the state of a report in the index.
    return esc(tr._("not rendered yet"))


def format_index(
    councils: Iterable[Any],
    rates: dict[tuple[str, str], tuple[int, int]],
    statuses: dict[str, dict[str, Any]],
    existing: set[str],
    language: str = i18n.ENGLISH,
    printed: frozenset[str] | set[str] = frozenset(),
) -> str:
    """Return an index page: one row per council, its response rates and its reports.

    Each index lists every council's reports in both languages and links to
    the index in the other language; everything it writes is in ``language``.

    Parameters
    ----------
    councils : iterable of Council
        Every council, in order.
    rates : dict
        :func:`read_response_rates`.
    statuses : dict
        The stored keys (:func:`read_keys`), by report stem: a report whose
        last render failed is marked.
    existing : set of str
        Report stems whose HTML page exists (only these are linked).
    language : {"en", "cy"}
        The language of the page.
    printed : set of str
        Report stems whose PDF (``outputs/pdf/<stem>.pdf``) exists and is not
        older than the page: linked beneath the page's link.
    """
    esc = html.escape
    tr = i18n.translator(language)
    other = i18n.WELSH if language == i18n.ENGLISH else i18n.ENGLISH
    groups = [
        # Translators: a column of the index: the response rate of the officers.
        ("officer", tr._("Officers")),
        # Translators: a column of the index: the response rate of the elected members.
        ("member", tr._("Elected Members")),
        # Translators: a column of the index: the response rate of both groups together.
        (config.GROUP_TOTAL, tr._("Total")),
    ]
    rows = []
    for council in councils:
        cells = []
        for group, _label in groups:
            value = rates.get((council.code, group))
            if value:
                # Translators: a response rate in the index: {percent} "48%", {responses} 46,
                # {invited} 96 (whole numbers written with thousands separators: 1,156).
                text = tr._(
                    "{percent} ({responses} of {invited})",
                    percent=_percent(*value),
                    responses=tr.format_integer(value[0]),
                    invited=tr.format_integer(value[1]),
                )
            else:
                # Translators: a group the council did not survey.
                text = tr._("not surveyed")
            cells.append(f'<td class="rate">{esc(text)}</td>')
        for report_language in i18n.LANGUAGES:
            stem = report_stem(council.stem, report_language)
            cell = _report_cell(tr, stem, report_language, statuses, existing, printed)
            cells.append(f"<td>{cell}</td>")
        own, second = (
            (council.name, council.name_cy)
            if language == i18n.ENGLISH
            else (council.name_cy, council.name)
        )
        name = markup.breakable_text_html(own)
        stem = report_stem(council.stem, language)
        if stem in existing:  # the name links to the report in the index's language
            name = f'<a href="html/{esc(stem)}.html">{name}</a>'
        title = (
            f"{name}<br>"
            f'<span class="other" lang="{other}">{markup.breakable_text_html(second)}</span>'
        )
        rows.append(f'<tr><th scope="row">{title}</th>{"".join(cells)}</tr>')
    wales = rates.get((config.WALES, config.GROUP_TOTAL))
    wales_text = ""
    if wales:
        # Translators: under the index's heading. {percent} "38%"; {responses}, {invited}:
        # whole numbers, written with thousands separators ("1,156", "2,806").
        wales_text = "<p>{}</p>".format(
            esc(
                tr._(
                    "Across Wales, {percent} of those invited responded ({responses} of "
                    "{invited}).",
                    percent=_percent(*wales),
                    responses=tr.format_integer(wales[0]),
                    invited=tr.format_integer(wales[1]),
                )
            )
        )
    header = "".join(f'<th scope="col">{esc(label)}</th>' for _group, label in groups)
    report_headers = [
        # Translators: the column of the English reports in the index.
        tr._("Report in English"),
        # Translators: the column of the Welsh reports in the index.
        tr._("Report in Welsh"),
    ]
    header += "".join(f'<th scope="col">{esc(label)}</th>' for label in report_headers)
    if language == i18n.ENGLISH:
        # Translators: the English index's link to the Welsh one (written in English).
        switch = tr._("This page is also available in Welsh.")
    else:
        # Translators: the Welsh index's link to the English one (written in Welsh).
        switch = tr._("This page is also available in English.")
    title = tr._(texts.TITLE)
    # Translators: the index page's title. {title}: "Local government use of data".
    page_title = tr._("{title}: council reports", title=title)
    # Translators: the caption of the index's table.
    caption = tr._("Council reports and response rates")
    # Translators: the first column of the index's table.
    council_heading = tr._("Council")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{language}">',
            "<head>",
            '<meta charset="utf-8">',
            pagecheck.CSP_META,
            '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
            f"<title>{esc(page_title)}</title>",
            f"<style>\n{_INDEX_CSS}\n</style>",
            "</head>",
            "<body>",
            "<main>",
            f'<p class="switch"><a href="{esc(index_path(other).name)}" hreflang="{other}">'
            f"{esc(switch)}</a></p>",
            f"<h1>{esc(title)}</h1>",
            "<p>{}</p>".format(
                esc(
                    # Translators: the index page's introduction.
                    tr._(
                        "One report for each council, from the responses to the data tools, "
                        "in English and in Welsh. Response rates are the responses received "
                        "as a percentage of the number invited."
                    )
                )
            ),
            wales_text,
            "<table>",
            f"<caption>{esc(caption)}</caption>",
            f'<thead><tr><th scope="col">{esc(council_heading)}</th>{header}</tr></thead>',
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def write_index(
    registry: Iterable[Any],
    keys: dict[str, dict[str, Any]] | None = None,
    language: str = i18n.ENGLISH,
) -> Path:
    """Write the index of one language (atomically; left untouched when unchanged).

    Raises
    ------
    RenderError
        If the page fails :func:`helpers.render.pagecheck.find_html_problems` (it is not
        written).
    """
    keys = read_keys() if keys is None else keys
    councils = list(registry)
    stems = [report_stem(c.stem, lang) for c in councils for lang in i18n.LANGUAGES]
    existing = {stem for stem in stems if (html_dir() / f"{stem}.html").is_file()}
    # a PDF older than its page (the page rendered again without --pdf) is not linked
    printed = {
        stem
        for stem in existing
        if not printing.needs_printing(html_dir() / f"{stem}.html", printing.pdf_path_for(stem))
    }
    page = format_index(councils, read_response_rates(), keys, existing, language, printed)
    problems = pagecheck.find_html_problems(page)
    if problems:
        raise RenderError(
            "the index page is not fit to share: " + "; ".join(problems),
            error="page check: " + "; ".join(problems),
        )
    path = index_path(language)
    with contextlib.suppress(OSError):
        if path.read_text(encoding="utf-8") == page:
            return path
    return atomic.write_atomic(path, page)


def write_indexes(
    registry: Iterable[Any], keys: dict[str, dict[str, Any]] | None = None
) -> list[Path]:
    """Write ``outputs/index.html`` and ``outputs/index.cy.html``."""
    councils = list(registry)
    keys = read_keys() if keys is None else keys
    return [write_index(councils, keys, language) for language in i18n.LANGUAGES]


__all__ = [
    "ReportTarget",
    "build_reason",
    "ensure_built",
    "format_index",
    "hash_inputs",
    "make_executor",
    "needs_build",
    "read_keys",
    "read_response_rates",
    "render_council",
    "report_key",
    "run_reports",
    "report_stem",
    "write_index",
    "write_indexes",
    "write_keys",
]
