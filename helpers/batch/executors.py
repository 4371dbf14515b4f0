"""Where the reports render: a pool of local worker processes, or this process.

:func:`make_executor` is the default executor factory of a run (``jobs`` spawned
processes); :class:`InlineExecutor` renders in this process (one report, or
``--jobs 1``); :mod:`helpers.batch.cluster` renders on Dask. Each worker process
keeps its state (:data:`WORKER`: its spare kernel, its HTML exporter) between
reports, and handles the signals of a run: Ctrl-C is the main process's, SIGTERM
abandons the report cleaning up, and a worker whose main process is gone stops
itself (docs/operations.md).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any

#: Seconds between a worker's checks that the process that started it still runs.
PARENT_POLL_SECONDS = 0.5

ExecutorFactory = Callable[[int], Executor]


@dataclass
class WorkerState:
    """What a worker process keeps between reports, and where it is in one.

    ``busy`` while a report renders; ``supply`` the kernel supply (spare kernels,
    fork server) of the imports and home ``supply_for``; ``exporter`` the HTML
    exporter; ``terminated`` once SIGTERM arrived; ``finalizer`` once the supply
    is stopped at exit.
    """

    busy: bool = False
    exporter: Any = None
    supply: Any = None
    supply_for: Any = None
    terminated: bool = False
    finalizer: bool = False


#: This process's worker state.
WORKER = WorkerState()


def close_worker() -> None:
    """Stop this process's spare kernel (at exit, or when interrupted)."""
    supply = WORKER.supply
    WORKER.supply = None
    if supply is not None:
        with contextlib.suppress(Exception):
            supply.close()


def _on_terminate(signum: int, frame: Any) -> None:
    """SIGTERM in a worker: abandon the report (cleaning up), stop the spare kernel, exit.

    A second SIGTERM while the worker cleans up (the pool's own, when it sees
    another worker exit) is ignored: interrupting the clean-up would leave
    files and kernels behind, or let the worker go on to its next report.
    """
    if WORKER.terminated:
        return
    WORKER.terminated = True
    if WORKER.busy:
        raise KeyboardInterrupt
    close_worker()
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
    util.Finalize(None, close_worker, exitpriority=10)
    threading.Thread(
        target=_watch_parent, args=(os.getppid(),), name="parent-watch", daemon=True
    ).start()


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
    the work function :func:`helpers.batch.worker.render_council` takes plain
    values and returns a picklable record.
    """
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=init_worker)


def stop_workers(executor: Executor) -> None:
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
