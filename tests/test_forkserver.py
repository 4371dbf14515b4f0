"""Kernels forked from a server: the same pages as kernels started anew, and nothing left over."""

from __future__ import annotations

import os
import signal
import time

import fixture_data
import psutil
import pytest

from helpers import config
from helpers.batch import records
from helpers.render import execute, forkserver, kernels

pytestmark = pytest.mark.skipif(
    not forkserver.fork_supported(kernels.kernel_argv()), reason="kernels are forked on Linux only"
)


@pytest.fixture(scope="module")
def built_home(tmp_path_factory):
    return fixture_data.build_fixture_home(tmp_path_factory.mktemp("fork") / "home")


def _gone(pid: int, timeout: float = 10) -> bool:
    """Whether the process has exited (a zombie counts), waiting up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)


def test_a_forked_kernel_renders_the_same_page_as_a_kernel_started_anew(
    built_home, tmp_path, monkeypatch
):
    monkeypatch.setenv(config.HOME_ENV, str(built_home))
    target = records.ReportTarget("W06000018", "Caerphilly", "W06000018-caerphilly")
    template = config.TEMPLATE
    env = {config.HOME_ENV: str(built_home)}
    pages = {}
    for fork in (True, False):
        supply = kernels.KernelSupply(
            kernels.find_imports(template) if fork else (), env=env, fork=fork
        )
        try:
            outcome = execute.render_report(
                target,
                template=template,
                notebooks_dir=tmp_path / str(fork) / "notebooks",
                html_dir=tmp_path / str(fork) / "html",
                kernels=supply,
            )
            assert (supply._server is not None) is fork  # the forked run did fork
            if fork:
                server = supply._server.pid
        finally:
            supply.close()
        pages[fork] = outcome.html.read_bytes()
        assert outcome.attempts == 1
        assert outcome.kernel_console.strip() == ""  # no start-up notices in the log
    assert pages[True] == pages[False]
    assert b"data:image/svg+xml;base64," in pages[True]
    assert _gone(server)  # closing the supply stops its server


def test_kernels_of_a_server_that_dies_exit_too(built_home):
    env = kernels.kernel_environment({config.HOME_ENV: str(built_home)})
    server = forkserver.ForkServer(kernels.kernel_argv(), ["IPython.display"], env)
    try:
        kernel = kernels.start_kernel(env=env, fork_server=server)
        pid = kernel.km.provisioner.pid
        assert psutil.Process(pid).ppid() == server.pid
        assert os.getpgid(pid) == pid  # its own process group: Ctrl-C is not its to get
        os.kill(server.pid, signal.SIGKILL)  # e.g. the out-of-memory killer
        assert _gone(pid, timeout=15)  # ipykernel sees its parent gone
        assert kernel.km.provisioner.process.poll() is not None
    finally:
        kernel.shutdown()
        server.close()
    assert not kernel.cwd.exists()


def test_closing_the_server_stops_the_kernels_it_forked(built_home):
    env = kernels.kernel_environment({config.HOME_ENV: str(built_home)})
    server = forkserver.ForkServer(kernels.kernel_argv(), [], env)
    pair = [kernels.start_kernel(env=env, fork_server=server) for _ in range(2)]
    pids = [k.km.provisioner.pid for k in pair]
    try:
        assert all(psutil.pid_exists(pid) for pid in pids)
        server.close()
        assert all(_gone(pid) for pid in pids)
    finally:
        for kernel in pair:
            kernel.shutdown()


def test_forking_is_for_ipykernel_specs_and_can_be_turned_off(monkeypatch):
    argv = kernels.kernel_argv()
    assert forkserver.fork_supported(argv)
    assert forkserver.fork_supported(["python", "-Xfrozen_modules=off", "-m", "ipykernel_launcher"])
    assert not forkserver.fork_supported(["R", "--slave", "-e", "IRkernel::main()"])
    assert not forkserver.fork_supported(["python", "-m", "other_kernel", "-f", "x"])
    monkeypatch.setenv(forkserver.FORK_ENV, "0")
    assert not forkserver.fork_supported(argv)
    supply = kernels.KernelSupply(env={})
    supply.prepare()
    assert supply._server is None  # kernels start anew


def test_a_server_that_cannot_start_falls_back_to_new_kernels(built_home, monkeypatch):
    def broken(*args, **kwargs):
        raise forkserver.ForkServerError("no fork here")

    monkeypatch.setattr(forkserver, "ForkServer", broken)
    supply = kernels.KernelSupply(env={config.HOME_ENV: str(built_home)}, fork=True)
    try:
        kernel = supply.take()
        try:
            assert psutil.Process(kernel.km.provisioner.pid).ppid() == os.getpid()
        finally:
            kernel.shutdown()
    finally:
        supply.close()


@pytest.mark.parametrize("fork", [True, False])
def test_a_kernel_is_gone_when_its_shutdown_returns(built_home, fork):
    supply = kernels.KernelSupply(env={config.HOME_ENV: str(built_home)}, fork=fork)
    try:
        kernel = supply.take()
        pid = kernel.km.provisioner.pid
        assert (psutil.Process(pid).ppid() == os.getpid()) is not fork
        kernel.shutdown()
        assert _gone(pid, timeout=0)
        assert not kernel.cwd.exists()
    finally:
        supply.close()
