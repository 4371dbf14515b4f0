"""Render many council reports: in parallel, incrementally, atomically, with a progress bar.

``python -m helpers report --council X [X ...]`` and ``report --all`` come here
(:func:`run_reports`). A report is one council in one language (``--language
en|cy|both``): ``<code>-<slug>`` in English, ``<code>-<slug>.cy`` in Welsh
(``config.report_stem``), each from its own template (``config.template_for``).
A run

0. takes the workbook's run lock (:mod:`helpers.runlock`): another run
   writing the same outputs makes it stop at once, naming that run;
1. resolves the councils (an unknown name fails here, before any kernel starts);
2. builds ``data/processed/`` and ``outputs/summary/`` first when they are
   missing, were built from other raw data (:mod:`helpers.batch.building`, by
   fingerprint), or hold a file that is missing, changed or from another
   build than the record says (:mod:`helpers.build.integrity`), from ``data/raw/``
   or the folder given as ``raw_dir``; no figure is read before this check;
3. skips every report that is up to date: its key (:mod:`helpers.batch.cache`,
   a hash of the template, the helper package's source and catalogues, the
   processed data and the parameters) matches the one stored in
   ``outputs/notebooks/.keys.json`` and both of its files exist (``--force``
   renders all);
4. checks that the data hold every Welsh text the Welsh reports to render
   need (``contract.check_welsh``): a Welsh report that lacks one is not
   rendered (its lines are printed and the run exits 2), the others are;
5. renders the others in worker processes (:mod:`helpers.batch.executors`,
   :mod:`helpers.batch.worker`), each report in a fresh kernel with its own
   temporary working folder; a failing report does not stop the others;
6. writes ``outputs/logs/<stem>.log`` per report, the run manifest
   ``outputs/logs/manifest.json`` (:mod:`helpers.batch.manifest`) and the
   indexes ``outputs/index.html`` and ``outputs/index.cy.html``
   (:mod:`helpers.batch.index`), all rewritten as each report finishes, so
   that they describe the pages on disk even if the run is killed, and prints
   a summary table.

Every file is written under a temporary name and moved into place; an
interrupted run leaves the previous reports as they were and no partial file.

The path where nothing needs rendering imports neither pandas' analysis
stack, papermill nor nbconvert, and hashes files with :mod:`hashlib`, so a
re-run with nothing changed takes about a second.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from helpers import atomic, config, i18n, runlock
from helpers.batch import building, cache, index, manifest
from helpers.batch.executors import ExecutorFactory, InlineExecutor, make_executor, stop_workers
from helpers.batch.records import (
    FAILED,
    INTERRUPTED,
    NO_WELSH,
    NO_WELSH_ERROR,
    PENDING,
    RENDERED,
    UP_TO_DATE,
    ReportOutcome,
    ReportTask,
    SkippedReport,
)
from helpers.batch.worker import render_council
from helpers.errors import MissingDataError
from helpers.render import kernels
from helpers.render import pdf as printing

#: The start of a summary line about a PDF that could not be printed.
PDF_FAILED = "PDF failed:"
#: The error of a report whose worker process died on both of its tries.
WORKER_DIED = "the worker process died (twice)"


def _render_tasks(
    tasks: list[ReportTask],
    *,
    jobs: int,
    factory: ExecutorFactory,
    on_result: Callable[[ReportOutcome], None],
    attempts: dict[str, int],
) -> None:
    """Render ``tasks``; a worker process that dies takes its reports to a second round.

    ``attempts`` counts each report's tries (by stem), as they start.
    """
    from concurrent.futures import as_completed
    from concurrent.futures.process import BrokenProcessPool

    home = str(config.home())
    pending = list(tasks)
    while pending:
        workers = max(1, min(jobs, len(pending)))
        executor = factory(workers)
        # An existing cluster has the workers it has (spare kernels are started for them).
        workers = max(1, int(getattr(executor, "workers", 0) or workers))
        retry: list[ReportTask] = []
        try:
            futures: dict[Future, ReportTask] = {}
            for position, task in enumerate(pending):
                attempts[task.stem] = attempts.get(task.stem, 0) + 1
                spare = position < len(pending) - workers
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
            for future in as_completed(futures):
                task = futures[future]
                tries = attempts[task.stem]
                try:
                    outcome = future.result()
                    # A report retried after its worker died counts that round too.
                    outcome = dataclasses.replace(outcome, attempts=outcome.attempts + tries - 1)
                except BrokenProcessPool:
                    if tries < 2:
                        retry.append(task)
                        continue
                    outcome = ReportOutcome.of_task(task, WORKER_DIED, tries)
                except Exception as exc:
                    if type(exc).__name__ == "KilledWorker":  # Dask: died on every try
                        outcome = ReportOutcome.of_task(task, WORKER_DIED, tries)
                    else:
                        error = f"{type(exc).__name__}: {exc}".splitlines()[0]
                        outcome = ReportOutcome.of_task(task, error, tries)
                on_result(outcome)
        except BaseException:
            stop_workers(executor)
            raise
        finally:
            executor.shutdown(wait=True, cancel_futures=True)
        pending = retry


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
    tasks: list[ReportTask], say: Callable[[str], None], raw_dir: Path | str | None = None
) -> list[ReportTask]:
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


def _plan(
    selected: Iterable[Any],
    languages: Sequence[str],
    templates: dict[str, Path],
    keys: dict[str, cache.StoredKey],
    force: bool,
) -> tuple[list[ReportTask], list[ReportTask]]:
    """Every report selected, council by council, and those of them to render (not current)."""
    inputs_hash = {lang: cache.hash_inputs(path) for lang, path in templates.items()}
    wanted: list[ReportTask] = []
    tasks: list[ReportTask] = []
    for council in selected:
        for language in languages:
            stem = config.report_stem(council.stem, language)
            name = council.name_cy if language == i18n.WELSH else council.name
            key = cache.report_key(inputs_hash[language], council.code, language)
            task = ReportTask(council.code, name, stem, key, language, templates[language])
            wanted.append(task)
            stored = keys.get(stem)
            current = (
                not force
                and stored is not None
                and stored.status == RENDERED
                and stored.key == key
                and (config.notebooks_dir() / f"{stem}.ipynb").is_file()
                and (config.html_dir() / f"{stem}.html").is_file()
            )
            if not current:
                tasks.append(task)
    return wanted, tasks


@dataclasses.dataclass
class _RunState:
    """What a run has done so far, written out as each report finishes.

    ``outcomes`` of the reports finished (or stopped), ``keys`` the stored keys,
    ``attempts`` each report's tries;
    :meth:`finish` writes the manifest and the indexes, so that both describe
    the pages on disk even if the run is killed.
    """

    registry: Any
    wanted: list[ReportTask]
    tasks: list[ReportTask]
    templates: dict[str, Path]
    keys: dict[str, cache.StoredKey]
    force: bool
    jobs: int
    started_at: datetime
    started: float
    outcomes: list[ReportOutcome] = dataclasses.field(default_factory=list)
    attempts: dict[str, int] = dataclasses.field(default_factory=dict)
    interrupted: bool = False

    def _order(self, stem: str) -> int:
        order = self._positions
        return order.get(stem, len(order))

    def __post_init__(self) -> None:
        self._positions = {task.stem: i for i, task in enumerate(self.wanted)}

    def record(self, outcome: ReportOutcome, key: str | None = None) -> None:
        """Add a report's outcome and store its key (``key`` when rendered)."""
        self.outcomes.append(outcome)
        if outcome.status == RENDERED:
            self.keys[outcome.stem] = cache.StoredKey(key, RENDERED)
        else:
            self.keys[outcome.stem] = cache.StoredKey(None, FAILED, outcome.cell, outcome.error)

    def finish(self, final: bool = True) -> None:
        """Write the manifest (every report selected; skipped ones up to date) and the indexes.

        Called as each report finishes too (``final`` false); the reports not
        finished yet are then ``pending``.
        """
        done = {outcome.stem for outcome in self.outcomes}
        rendering_now = {task.stem for task in self.tasks}
        skipped = [
            SkippedReport(
                task.code,
                task.language,
                task.name,
                task.stem,
                PENDING if task.stem in rendering_now else UP_TO_DATE,
            )
            for task in self.wanted
            if task.stem not in done and (task.stem not in rendering_now or not final)
        ]
        self.outcomes.sort(key=lambda outcome: self._order(outcome.stem))
        manifest.write_manifest(
            started=self.started_at,
            seconds=time.monotonic() - self.started,
            jobs=self.jobs,
            force=self.force,
            templates=self.templates,
            reports=sorted([*self.outcomes, *skipped], key=lambda r: self._order(r.stem)),
            interrupted=self.interrupted,
            finished=final,
        )
        index.write_indexes(self.registry, self.keys)

    def interrupt(self) -> None:
        """Mark the reports not finished as interrupted."""
        self.interrupted = True
        done = {outcome.stem for outcome in self.outcomes}
        for task in self.tasks:
            if task.stem not in done:
                tries = self.attempts.get(task.stem, 0)
                self.outcomes.append(
                    ReportOutcome.of_task(task, "interrupted", tries, status=INTERRUPTED)
                )


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
        :func:`helpers.batch.executors.make_executor`).
    progress : bool, optional
        Show the progress bar on stderr (default: when stderr is a terminal).
    stdout : file, optional
        Where the summary goes (default ``sys.stdout``).
    pdf : bool
        Also print each report selected to ``outputs/pdf/<stem>.pdf`` with
        headless Chromium (:mod:`helpers.render.pdf`), after its page is written: the
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
            name = manifest.template_name(path)
            raise MissingDataError(f"the report template {name} does not exist")
    if jobs is not None and jobs < 1:
        raise ValueError("jobs must be at least 1")
    if pdf:
        printing.require_chromium()

    registry = contract.load_registry(raw_dir)
    selected = list(registry) if councils is None else registry.resolve_many(list(councils))

    def say(message: str) -> None:
        print(message, file=sys.stderr)

    building.ensure_built(say, raw_dir)
    outputs = config.outputs_dir()
    atomic.remove_stale_temporaries([outputs])
    kernels.remove_stale_kernel_folders()
    keys = cache.read_keys()
    wanted, tasks = _plan(selected, languages, templates, keys, force)
    stopped = _stop_welsh(tasks, say, raw_dir)
    tasks = [task for task in tasks if task not in stopped]
    run = _RunState(
        registry=registry,
        wanted=wanted,
        tasks=tasks,
        templates=templates,
        keys=keys,
        force=force,
        jobs=max(1, min(jobs or os.cpu_count() or 1, len(tasks) or 1)),
        started_at=started_at,
        started=started,
    )
    if stopped:
        for task in stopped:
            run.record(ReportOutcome.of_task(task, NO_WELSH_ERROR, status=NO_WELSH))
        cache.write_keys(keys)

    if tasks:
        bar = _progress_bar(len(tasks), progress)
        run.finish(final=False)
        by_stem = {task.stem: task for task in tasks}

        def on_result(outcome: ReportOutcome) -> None:
            run.record(outcome, by_stem[outcome.stem].key)
            cache.write_keys(keys)
            run.finish(final=False)
            failures = sum(o.status == FAILED for o in run.outcomes)
            bar.set_postfix_str(f"failed={failures}, last={outcome.stem}", refresh=False)
            bar.update(1)

        factory = executor_factory or (
            make_executor if run.jobs > 1 else (lambda _jobs: InlineExecutor())
        )
        try:
            _render_tasks(
                tasks, jobs=run.jobs, factory=factory, on_result=on_result, attempts=run.attempts
            )
        except KeyboardInterrupt:
            run.interrupt()
            raise
        finally:
            bar.close()
            atomic.remove_stale_temporaries([outputs])
            kernels.remove_stale_kernel_folders()
            run.finish()
    else:
        run.finish()
    pdf_lines: list[str] = []
    if pdf:
        pdf_lines = _print_pdfs(wanted, run.outcomes, max(1, jobs or os.cpu_count() or 1))
        run.finish()  # the indexes link the new PDFs
    unchanged = len(wanted) - len(tasks) - len(stopped)
    print(manifest.format_summary(run.outcomes, unchanged), file=out)
    for line in pdf_lines:
        print(line, file=out)
    pdf_failed = any(line.startswith(PDF_FAILED) for line in pdf_lines)
    if stopped:
        return 2
    return 1 if pdf_failed or any(o.status == FAILED for o in run.outcomes) else 0


def _print_pdfs(wanted: list[ReportTask], outcomes: list[ReportOutcome], jobs: int) -> list[str]:
    """Print the PDFs of the reports whose page is current
    (:func:`helpers.render.pdf.print_reports`).

    Returns the lines for the summary: one per PDF that failed (``PDF failed: ...``)
    and a count.
    """
    not_current = {outcome.stem for outcome in outcomes if outcome.status != RENDERED}
    printed = printing.print_reports(
        [task.stem for task in wanted if task.stem not in not_current],
        html_folder=config.html_dir(),
        jobs=jobs,
    )
    failures = [result for result in printed if result.error]
    lines = [f"{PDF_FAILED} {result.stem}: {result.error}" for result in failures]
    lines.append(f"PDFs: {len(printed) - len(failures)} printed, {len(failures)} failed")
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
