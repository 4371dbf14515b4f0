"""Render the batch on Dask: a local cluster of worker processes, or an existing scheduler.

``python -m helpers report --all --dask local`` renders on a
``dask.distributed.LocalCluster`` of ``--jobs`` worker processes (one thread
each) on this machine; ``--dask tcp://HOST:PORT`` sends the reports to an
existing scheduler, whose workers must share the repository (the same
installed workbook) and the outputs folder (a shared file system, the same
``WORKBOOK_HOME`` path). Both need the optional extra: ``pip install -e '.[dask]'``.

The batch is the same as with the process pool: the same work function
(:func:`helpers.batch.worker.render_council`), the same per-worker preparation (a
kernel supply with its fork server, one HTML exporter, Ctrl-C left to the
main process; a :class:`WorkerSetup` plugin does on each Dask worker what
:func:`helpers.batch.executors.init_worker` does in a pool process), so the same
pages byte for byte, the same progress bar, logs, failure isolation,
manifest and exit statuses. A report whose worker dies is retried once on
another worker (``distributed.scheduler.allowed-failures`` = 1 on a local
cluster), then recorded as failed.

On Ctrl-C a local cluster's workers are stopped at once (their kernels with
them); with a remote scheduler the reports not yet started are cancelled, and
those already running finish on their workers (Dask cannot stop a running
task), writing their files atomically as usual.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import signal
from concurrent.futures import Executor, Future
from typing import Any

from helpers.batch import executors
from helpers.errors import DaskError

try:  # the worker plugin's base class, when the optional extra is installed
    from distributed.diagnostics.plugin import WorkerPlugin as _PluginBase
except ImportError:  # pragma: no cover - without the extra, --dask stops with exit 2
    _PluginBase = object

#: ``--dask`` value for a cluster on this machine.
LOCAL = "local"
_ADDRESS = re.compile(r"^(tcp|tls)://[^\s/:]+(:\d+)?$")
#: Seconds to wait for a remote scheduler.
CONNECT_TIMEOUT = 30


def check_address(address: str) -> str:
    """Return ``address`` if it is ``local`` or ``tcp://HOST:PORT`` (or ``tls://``), else raise.

    Raises
    ------
    DaskError
        For anything else.
    """
    if address == LOCAL or _ADDRESS.match(address):
        return address
    raise DaskError(
        f"--dask takes 'local' or a scheduler address such as tcp://HOST:8786, not {address!r}"
    )


def require_dask() -> None:
    """Raise :class:`DaskError` (exit 2), naming the install command, without dask.distributed."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise DaskError(
            "--dask needs dask.distributed, which is not installed; "
            "install the optional extra with: pip install -e '.[dask]'"
        ) from None


class DaskExecutorFactory:
    """``factory(jobs) -> Executor`` for :func:`helpers.batch.run.run_reports`, rendering on Dask.

    Parameters
    ----------
    address : str
        ``local`` (a ``LocalCluster`` of ``jobs`` worker processes) or a
        scheduler's address.

    Raises
    ------
    DaskError
        If the address is not one or dask.distributed is not installed
        (checked here, before anything is built or rendered).
    """

    def __init__(self, address: str) -> None:
        self.address = check_address(address)
        require_dask()

    def __call__(self, jobs: int) -> DaskExecutor:
        return DaskExecutor(self.address, jobs)


class WorkerSetup(_PluginBase):
    """A Dask worker plugin: what :func:`~helpers.batch.executors.init_worker` does in a pool.

    Ctrl-C is the main process's to handle; SIGTERM (a local cluster stopping
    its workers at once) stops the worker's kernels and fork server before the
    worker exits; when the worker closes normally, so do they.
    """

    name = "lgdata-worker-setup"

    def setup(self, worker: Any = None) -> None:  # noqa: D102 - WorkerPlugin's
        with contextlib.suppress(ValueError):  # only possible in the main thread
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, _on_terminate)

    def teardown(self, worker: Any = None) -> None:  # noqa: D102 - WorkerPlugin's
        executors.close_worker()


def _on_terminate(signum: int, frame: Any) -> None:
    """SIGTERM in a Dask worker: stop its kernels (and the report running in one), exit."""
    try:
        executors.close_worker()
    finally:
        os._exit(128 + signum)


class DaskExecutor(Executor):
    """A :class:`concurrent.futures.Executor` over a Dask cluster (local or remote).

    ``submit`` returns :class:`concurrent.futures.Future` objects; ``shutdown``
    closes the client and, for a local cluster, the cluster.
    """

    def __init__(self, address: str, jobs: int) -> None:
        import dask
        from distributed import Client, LocalCluster

        self._cluster = None
        self._worker_pids: list[int] = []
        try:
            if address == LOCAL:
                # A report whose worker dies is retried once, as in the process pool.
                with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
                    self._cluster = LocalCluster(
                        n_workers=jobs,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                        silence_logs=logging.ERROR,
                    )
                self._client = Client(self._cluster)
                self._worker_pids = list(self._client.run(os.getpid).values())
            else:
                self._client = Client(address, timeout=CONNECT_TIMEOUT)
            self._client.register_plugin(WorkerSetup(), name=WorkerSetup.name)
        except Exception as exc:
            self._close()
            where = "a local cluster" if address == LOCAL else f"the scheduler at {address}"
            raise DaskError(f"could not start or reach {where}: {exc}") from exc
        self._executor = self._client.get_executor(pure=False)

    @property
    def workers(self) -> int:
        """How many workers the cluster has now."""
        return len(self._client.scheduler_info().get("workers", {}))

    def submit(self, fn, /, *args, **kwargs) -> Future:  # noqa: D102 - Executor's
        return self._executor.submit(fn, *args, **kwargs)

    def terminate_workers(self) -> None:
        """Stop a local cluster's workers now (SIGTERM: they stop their kernels and exit)."""
        for pid in self._worker_pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)

    def _close(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()
        if self._cluster is not None:
            with contextlib.suppress(Exception):
                self._cluster.close()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Cancel what has not run (with ``cancel_futures``), close the client and the cluster."""
        with contextlib.suppress(Exception):
            self._executor.shutdown(wait=wait and not cancel_futures)
        self._close()
