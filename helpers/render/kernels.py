"""Report kernels: each report runs in a fresh kernel, started before it is needed.

A kernel is the running interpreter's ipykernel in its own temporary working
folder (:func:`start_kernel`, :class:`Kernel`). A :class:`KernelSupply` starts
the next report's kernel while the current report runs, its heavy imports
already done (:func:`find_imports`): forked from a server that imported them
once (:mod:`helpers.render.forkserver`) where it can, else a new interpreter
that imports them as it starts. The notebook itself is unchanged: it runs as
it is under plain papermill and in JupyterLab.

jupyter_client is imported inside the functions that need it, so importing
this module is cheap.
"""

from __future__ import annotations

import ast
import contextlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpers import atomic
from helpers.render.notebook import source_text

#: The kernel named in the template's metadata; always the running interpreter's.
KERNEL_NAME = "python3"
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
#: Prefix of a kernel's working folder in the temporary folder: ``lgdata-kernel-<pid>-*``,
#: ``<pid>`` the process that started the kernel.
KERNEL_DIR_PREFIX = "lgdata-kernel-"

_LOG = logging.getLogger(__name__)


def find_imports(template: Path | str) -> tuple[str, ...]:
    """Return the modules the template's code cells import, in order of first use.

    ``import a.b`` gives ``a.b``; ``from a import b`` gives ``a`` and, when
    ``b`` is a submodule, ``a.b`` (decided in the kernel). Cells that are not
    plain Python (magics) are skipped. Used to start report kernels with these
    modules already imported.
    """
    nb = json.loads(Path(template).read_text(encoding="utf-8"))
    found: list[str] = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = source_text(cell.get("source"))
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


@dataclass(frozen=True)
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
    fork_server : helpers.render.forkserver.ForkServer, optional
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

    Where it can (:func:`helpers.render.forkserver.fork_supported`), the supply keeps
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
            if match and path.is_dir() and not atomic.pid_alive(int(match.group(1))):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed
