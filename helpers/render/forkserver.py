"""Report kernels forked from a process that has already imported what the template needs.

Starting a report kernel the usual way costs a new Python process, ipykernel's
own imports and then the template's (pandas, matplotlib, seaborn, scipy through
seaborn, the helper package): about four seconds of processor time, spent again
for every report. A :class:`ForkServer` pays it once per worker. It starts one
process (``python -m helpers.render.forkserver``, the *server*) that imports ipykernel
and the template's modules, then forks a new kernel process from itself for
every report. Each kernel is still a fresh process that has run no notebook
code: the fork happens before ipykernel is initialised, in the environment
and working folder the kernel would have had, so the report it runs is the
same, byte for byte, as in a kernel started from nothing (a test checks it).

jupyter_client talks to a forked kernel as to any other, over the connection
file it wrote; :class:`ForkedKernelProvisioner` launches the kernel through the
server instead of :func:`subprocess.Popen`, and signals, polls and kills it by
its process id (a Linux ``pidfd`` where available, so that a reused id is never
signalled).

The server reads one JSON request per line on a pipe and answers with the new
kernel's process id. It stops, killing the kernels it forked, when the pipe
closes: when its worker exits, is killed, or closes the :class:`ForkServer`.
Forking is only used where it is safe and available (Linux, and a kernel
spec that runs ``ipykernel_launcher``); elsewhere kernels start as before.
Set ``LGDATA_FORK_KERNELS=0`` to turn it off.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from helpers.errors import ForkServerError

#: Environment variable that turns forked kernels off (``0``) or on (anything else).
FORK_ENV = "LGDATA_FORK_KERNELS"
#: The module the kernel spec runs (``python -m ipykernel_launcher -f ...``).
LAUNCHER = "ipykernel_launcher"
#: Seconds the server may take to import the template's modules and answer.
READY_TIMEOUT = 180.0
#: What an ipykernel kernel imports as it starts, beyond ``ipykernel.kernelapp``: its
#: kernel and shell, its debugger (debugpy, about 0.06 s), the inline backend and history.
#: The server imports them too, so that no kernel pays for them (about 0.1 s each).
KERNEL_START_MODULES = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.pylabtools",
    "IPython.extensions.storemagic",
    "matplotlib_inline.backend_inline",
    "sqlite3",
    "psutil",
)
#: The backend ipykernel sets for matplotlib when none is set (``init_gui_pylab``);
#: set before the server imports matplotlib, as a fresh kernel would have it.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def fork_supported(argv: Sequence[str]) -> bool:
    """Whether kernels of this spec (``argv``) can be forked here.

    Linux only (fork after importing numerical libraries is not safe on macOS
    and does not exist on Windows), a spec that runs ``-m ipykernel_launcher``,
    and not turned off with ``LGDATA_FORK_KERNELS=0``.
    """
    if os.environ.get(FORK_ENV, "1").strip().lower() in ("0", "no", "false", "off"):
        return False
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    return _launcher_index(argv) is not None


def _launcher_index(argv: Sequence[str]) -> int | None:
    """Index of ``-m`` in ``python [flags] -m ipykernel_launcher ...``, else None."""
    for index in range(1, len(argv) - 1):
        if argv[index] == "-m":
            return index if argv[index + 1] == LAUNCHER else None
    return None


# --------------------------------------------------------------------------
# The client side (in the worker process)
# --------------------------------------------------------------------------
class ForkServer:
    """A server process that forks report kernels, started by and for one worker.

    Parameters
    ----------
    argv : sequence of str
        The kernel spec's command (``python [flags] -m ipykernel_launcher -f
        {connection_file}``): the server runs the same interpreter with the
        same flags.
    warm_modules : sequence of str
        Modules the server imports before it forks (:func:`helpers.render.kernels.find_imports`).
    env : dict
        The kernels' environment; the server runs in it too (so that, for
        instance, ``PYTHONHASHSEED`` is the kernels').
    """

    def __init__(self, argv: Sequence[str], warm_modules: Sequence[str], env: dict[str, str]):
        index = _launcher_index(argv)
        if index is None:
            raise ForkServerError("the kernel spec does not run ipykernel_launcher")
        # -P: the server's working folder is not put on sys.path (each kernel's is).
        command = [sys.executable, *argv[1:index], "-P", "-m", __name__]
        self._lock = threading.Lock()
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=tempfile.gettempdir(),
            start_new_session=True,  # Ctrl-C at the terminal is the batch's to handle
        )
        self._send({"modules": list(warm_modules)})
        self._ready = False

    @property
    def pid(self) -> int:
        """The server's process id."""
        return self._process.pid

    def alive(self) -> bool:
        """Whether the server is running."""
        return self._process.poll() is None

    def _send(self, message: dict[str, Any]) -> None:
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps(message).encode() + b"\n")
        self._process.stdin.flush()

    def _receive(self, timeout: float) -> dict[str, Any]:
        stdout = self._process.stdout
        assert stdout is not None
        ready, _, _ = select.select([stdout], [], [], timeout)
        line = stdout.readline() if ready else b""
        if not line:
            raise ForkServerError(
                "the kernel fork server did not answer"
                if ready or self.alive()
                else "the kernel fork server exited"
            )
        return json.loads(line)

    def fork(self, argv: Sequence[str], *, cwd: str, env: dict[str, str], console: str) -> int:
        """Fork a kernel running ``argv`` in ``cwd`` with ``env``; return its process id.

        The kernel's output (its own, not the notebook's) goes to the file ``console``.
        """
        index = _launcher_index(argv)
        if index is None:
            raise ForkServerError("the kernel command does not run ipykernel_launcher")
        request = {"argv": list(argv[index + 2 :]), "cwd": cwd, "env": env, "console": console}
        with self._lock:
            try:
                self._send(request)
                answer = self._receive(READY_TIMEOUT if not self._ready else 30.0)
            except (OSError, ValueError) as exc:
                raise ForkServerError(f"the kernel fork server failed: {exc}") from exc
            self._ready = True
        if "pid" not in answer:
            raise ForkServerError(f"the kernel fork server failed: {answer.get('error')}")
        return int(answer["pid"])

    def close(self, timeout: float = 5.0) -> None:
        """Stop the server (it kills the kernels it forked that still run)."""
        process = self._process
        with contextlib.suppress(Exception):
            if process.stdin is not None:
                process.stdin.close()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            with contextlib.suppress(Exception):
                process.wait(timeout)
        with contextlib.suppress(Exception):
            if process.stdout is not None:
                process.stdout.close()


class ForkedProcess:
    """The few :class:`subprocess.Popen` methods jupyter_client uses, for a forked kernel.

    The kernel is the server's child, not this process's: it is watched
    through a ``pidfd`` (Linux 5.3 and later), else by its process id.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._pidfd: int | None = None
        if hasattr(os, "pidfd_open"):
            try:
                self._pidfd = os.pidfd_open(pid)
            except ProcessLookupError:
                self.returncode = -1
            except OSError:
                self._pidfd = None

    def poll(self) -> int | None:
        """None while the kernel runs; -1 once it has exited (its status is its parent's)."""
        if self.returncode is not None:
            return self.returncode
        if self._pidfd is not None:
            ready, _, _ = select.select([self._pidfd], [], [], 0)
            if ready:
                self._finish()
        else:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self._finish()
            except PermissionError:
                pass
        return self.returncode

    def _finish(self) -> None:
        self.returncode = -1
        if self._pidfd is not None:
            with contextlib.suppress(OSError):
                os.close(self._pidfd)
            self._pidfd = None

    def wait(self, timeout: float | None = None) -> int:
        """Wait until the kernel has exited."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            if self._pidfd is not None:
                select.select([self._pidfd], [], [], 0.1)
            else:
                time.sleep(0.05)
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        """Signal the kernel (nothing if it has exited)."""
        if self.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            if self._pidfd is not None and hasattr(signal, "pidfd_send_signal"):
                signal.pidfd_send_signal(self._pidfd, signum)
            else:
                os.kill(self.pid, signum)

    def terminate(self) -> None:  # noqa: D102 - Popen's
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:  # noqa: D102 - Popen's
        self.send_signal(signal.SIGKILL)


def make_provisioner(km: Any, server: ForkServer, console: Path | str) -> Any:
    """Return a jupyter_client provisioner that launches ``km``'s kernel through ``server``.

    Assign it to ``km.provisioner`` before ``km.start_kernel``; the kernel's
    console output goes to ``console``.
    """
    from jupyter_client.provisioning import LocalProvisioner

    class ForkedKernelProvisioner(LocalProvisioner):
        """LocalProvisioner whose kernel is forked by the fork server."""

        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            env = {str(k): str(v) for k, v in (kwargs.get("env") or os.environ).items()}
            cwd = str(kwargs.get("cwd") or os.getcwd())
            pid = server.fork(cmd, cwd=cwd, env=env, console=str(console))
            self.process = ForkedProcess(pid)
            self.pid = pid
            self.pgid = pid  # the kernel leads its own process group
            self.cwd = cwd
            return self.connection_info

    import uuid

    if not km.kernel_id:
        km.kernel_id = str(uuid.uuid4())
    return ForkedKernelProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)


# --------------------------------------------------------------------------
# The server side (python -m helpers.render.forkserver)
# --------------------------------------------------------------------------
def _reap(signum: int = 0, frame: Any = None) -> None:
    """Collect the exit status of every kernel that has exited (SIGCHLD)."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _CHILDREN.discard(pid)


_CHILDREN: set[int] = set()


def _run_kernel(request: dict[str, Any], channels: tuple[int, int]) -> None:
    """In the forked child: become the kernel the request describes (never returns)."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # as in any Python process
        os.setpgid(0, 0)
        for fd in channels:
            os.close(fd)
        console = os.open(request["console"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(console, 1)
        os.dup2(console, 2)
        os.close(null)
        os.close(console)
        # The kernel exits when the server does (ipykernel read JPY_PARENT_PID as the
        # server imported it, so it is given on the command line too).
        parent = str(os.getppid())
        env = {**request["env"], "JPY_PARENT_PID": parent}
        os.environ.clear()
        os.environ.update(env)
        os.chdir(request["cwd"])
        # No working folder on sys.path: ipykernel_launcher takes it off too, and
        # IPython puts it back as it starts.
        import importlib.util

        spec = importlib.util.find_spec(LAUNCHER)
        sys.argv = [
            spec.origin if spec and spec.origin else LAUNCHER,
            *request["argv"],
            f"--IPKernelApp.parent_handle={parent}",
        ]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _read_lines(fd: int):
    """Lines (bytes) read from ``fd`` until end of file."""
    pending = b""
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            return
        pending += chunk
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            yield line


def serve() -> None:
    """Run the fork server: import, then fork one kernel per request until the pipe closes."""
    # The requests come on stdin and the answers go on stdout; both move to other
    # descriptors so that nothing else written to stdout can break the protocol.
    inbox, outbox = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)
    lines = _read_lines(inbox)
    first = json.loads(next(lines, b"{}") or b"{}")
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    import importlib

    for name in (*KERNEL_START_MODULES, *first.get("modules", [])):
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    import gc

    gc.collect()
    gc.freeze()  # kernels share the imported modules' memory instead of copying it
    signal.signal(signal.SIGCHLD, _reap)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for line in lines:
            if not line.strip():
                continue
            try:
                request = json.loads(line)
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
            except Exception as exc:  # a bad request, or no memory left to fork
                answer = {"error": f"{type(exc).__name__}: {exc}"}
            else:
                if pid == 0:
                    _run_kernel(request, (inbox, outbox))
                _CHILDREN.add(pid)
                with contextlib.suppress(OSError):
                    os.setpgid(pid, pid)
                answer = {"pid": pid}
            os.write(outbox, json.dumps(answer).encode() + b"\n")
    finally:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for pid in list(_CHILDREN):
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        _reap()


if __name__ == "__main__":
    serve()
