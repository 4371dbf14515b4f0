"""Profile one report: where its processor time goes, stage by stage.

Usage::

    python benchmarks/profile_report.py [--council CODE] [--repeat N] [--cprofile FILE]

On a private copy of the shipped data (a temporary WORKBOOK_HOME, built
first), it measures the processor time (user + system, of whichever process
does the work: the kernel, the fork server or this one) of every stage of
rendering one council's report:

* starting a kernel the usual way (a new interpreter and ipykernel), and the
  template's imports in it (pandas, matplotlib, seaborn, the helper package);
* the fork server's imports (once per worker) and forking a kernel from it;
* each cell of the template, by kind (loading the data, each chart, the
  styled tables, the text), run in this process with IPython's display
  formatters as a kernel would run it, best of ``--repeat`` runs;
* papermill's and nbclient's own work for one report in this process, and
  the kernel's for the whole notebook;
* cleaning the executed notebook, the HTML export, the page checks and
  writing both files, best of ``--repeat`` runs.

Processor time, not elapsed time, so that other work on a busy machine does
not inflate the figures; the shares are of the total of one report rendered
by the batch (a forked kernel). ``--cprofile FILE`` also writes a cProfile of
the template's cells (``python -m pstats FILE``).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "notebooks" / "council_report.ipynb"


def cpu_of(pid: int) -> float:
    """User + system seconds of a process (psutil)."""
    import psutil

    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def _client_call(kernel, code: str | None) -> None:
    """Wait until a kernel answers; then run ``code`` in it, if given, and wait for it."""
    from jupyter_core.utils import run_sync

    async def call() -> None:
        client = kernel.km.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=180)
            if code is not None:
                reply = await client.execute_interactive(
                    code, timeout=600, output_hook=lambda msg: None
                )
                if reply["content"]["status"] != "ok":
                    raise RuntimeError(f"{code!r} failed in the kernel: {reply['content']}")
        finally:
            client.stop_channels()

    run_sync(call)()


def wait_ready(kernel) -> None:
    """Wait until a started kernel answers."""
    _client_call(kernel, None)


def run_in_kernel(kernel, code: str) -> None:
    """Run code in a kernel and wait for it."""
    _client_call(kernel, code)


def kind_of(source: str) -> str:
    """The stage a template cell belongs to."""
    if "show_" in source and "_chart" in source:
        theme = source.split("(")[-1].strip(")\"' ").split(",")[-1].strip("\"' ")
        what = source.split("show_")[1].split("_chart")[0]
        return f"chart: {what}" + (f" ({theme})" if theme != "data" else "")
    if "show_" in source and "_table" in source:
        return "styled tables"
    if "load_council_data" in source:
        return "loading the data"
    if "import" in source:
        return "imports (done before the report in a warm kernel)"
    if "setup_notebook" in source:
        return "set-up (theme, options)"
    if "council_code =" in source:
        return "parameters"
    return "text (Markdown)"


def profile_cells(code: str, repeat: int, cprofile: str | None) -> dict[str, float]:
    """Run the template's cells in this process as a kernel would; CPU seconds by kind."""
    import cProfile

    import nbformat
    from IPython.core.interactiveshell import InteractiveShell

    nb = nbformat.read(TEMPLATE, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code"]
    cells[0] += f"\ncouncil_code = {code!r}"  # the parameters cell, as papermill injects
    shell = InteractiveShell.instance()
    formatter = shell.display_formatter
    best: dict[int, float] = {}
    profiler = cProfile.Profile() if cprofile else None
    for round_ in range(repeat + 1):  # the first round imports; not counted but for imports
        namespace: dict = {}
        for index, source in enumerate(cells):
            tree = ast.parse(source)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            body = compile(tree, f"<cell {index}>", "exec")
            tail = compile(ast.Expression(last.value), f"<cell {index}>", "eval") if last else None
            if profiler and round_ == repeat:
                profiler.enable()
            start = time.process_time()
            exec(body, namespace)
            if tail is not None:
                result = eval(tail, namespace)
                if result is not None:
                    formatter.format(result)
            seconds = time.process_time() - start
            if profiler and round_ == repeat:
                profiler.disable()
            if round_ == 0 or kind_of(source).startswith("imports"):
                best.setdefault(index, seconds)
                if round_ == 0:
                    continue
            best[index] = min(best.get(index, seconds), seconds)
    if profiler:
        profiler.dump_stats(cprofile)
    kinds: dict[str, float] = {}
    for index, seconds in best.items():
        kind = kind_of(cells[index])
        kinds[kind] = kinds.get(kind, 0.0) + seconds
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--council", default="W06000018", help="council code (Caerphilly)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each in-process stage")
    parser.add_argument("--cprofile", default=None, help="write a cProfile of the cells here")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="profile-report-") as scratch:
        home = Path(scratch)
        shutil.copytree(ROOT / "data" / "raw", home / "data" / "raw")
        os.environ["WORKBOOK_HOME"] = str(home)
        subprocess.run([sys.executable, "-m", "helpers", "build"], check=True, capture_output=True)
        from helpers import atomic, config
        from helpers.batch import records
        from helpers.render import execute, forkserver, kernels, notebook, pagecheck
        from helpers.render import export as html_export

        env = {config.HOME_ENV: str(home)}
        warm = kernels.find_imports(TEMPLATE)
        rows: list[tuple[str, float, bool]] = []  # (stage, seconds, in the batch's report)

        # A kernel started the usual way, then the template's imports in it.
        kernel = kernels.start_kernel(env=env)
        wait_ready(kernel)
        pid = kernel.km.provisioner.pid
        started = cpu_of(pid)
        run_in_kernel(kernel, "from IPython.display import Markdown\nfrom helpers import report")
        imported = cpu_of(pid)
        kernel.shutdown()
        rows.append(("new kernel: interpreter and ipykernel start", started, False))
        rows.append(("new kernel: the template's imports", imported - started, False))

        # The fork server (once per worker), then a forked kernel.
        argv = kernels.kernel_argv()
        server = forkserver.ForkServer(argv, warm, kernels.kernel_environment(env))
        kernel = kernels.start_kernel(env=env, fork_server=server)
        wait_ready(kernel)
        server_cpu = cpu_of(server.pid)
        forked = cpu_of(kernel.km.provisioner.pid)
        kernel.shutdown()
        rows.append(("fork server: imports (once per worker)", server_cpu, False))
        rows.append(("forked kernel: ipykernel start", forked, True))

        # One report through papermill on a forked kernel: this process's share
        # (papermill, nbclient, messages) and the kernel's (the notebook's cells).
        # The second of two runs: a worker imports papermill once.
        kernel = kernels.start_kernel(env=env, fork_server=server)
        execute.execute_report(args.council, template=TEMPLATE, kernel=kernel)
        kernel.shutdown()
        kernel = kernels.start_kernel(env=env, fork_server=server)
        pid = kernel.km.provisioner.pid
        wait_ready(kernel)
        kernel_before = cpu_of(pid)
        start = time.process_time()
        nb = execute.execute_report(args.council, template=TEMPLATE, kernel=kernel)
        papermill_cpu = time.process_time() - start
        notebook_cpu = cpu_of(pid) - kernel_before
        kernel.shutdown()
        server.close()

        # The template's cells in this process, by kind.
        kinds = profile_cells(args.council, args.repeat, args.cprofile)
        cells_total = sum(v for k, v in kinds.items() if not k.startswith("imports"))

        # Cleaning, export, checks and writing, best of --repeat.
        exporter = html_export.make_exporter()
        import nbformat

        export: dict[str, float] = {}
        target = records.ReportTarget(args.council, "Council", "profile")
        out = home / "outputs"
        for _ in range(args.repeat):
            laps = {}
            t = time.process_time()
            clean, _removed = notebook.clean_notebook(nb, title="title")
            laps["cleaning the notebook"] = time.process_time() - t
            t = time.process_time()
            page, _ = html_export.export_html(nb, title="title", exporter=exporter)
            laps["HTML export (nbconvert, with cleaning)"] = time.process_time() - t
            t = time.process_time()
            pagecheck.find_html_problems(page, forbidden=pagecheck.machine_paths())
            laps["page checks"] = time.process_time() - t
            t = time.process_time()
            atomic.write_atomic(out / "notebooks" / f"{target.stem}.ipynb", nbformat.writes(nb))
            atomic.write_atomic(out / "html" / f"{target.stem}.html", page)
            laps["writing both files"] = time.process_time() - t
            for key, value in laps.items():
                export[key] = min(export.get(key, value), value)
        page_kb = len(page.encode()) / 1024

    export.pop("cleaning the notebook")  # counted within the export
    in_batch = (
        sum(s for _, s, used in rows if used) + notebook_cpu + papermill_cpu + sum(export.values())
    )
    print(f"Profile of one report ({args.council}), processor seconds (user + system)")
    print()
    print(f"{'stage':<56}{'seconds':>9}{'share':>8}")
    for stage, seconds, used in rows:
        share = f"{100 * seconds / in_batch:.0f}%" if used else "-"
        print(f"{stage:<56}{seconds:>9.2f}{share:>8}")
    print(f"{'the notebook in the kernel (all cells, with messages)':<56}{notebook_cpu:>9.2f}"
          f"{100 * notebook_cpu / in_batch:>7.0f}%")  # fmt: skip
    for kind, seconds in sorted(kinds.items(), key=lambda kv: -kv[1]):
        if kind.startswith("imports"):
            continue
        print(f"{'  of which ' + kind:<56}{seconds:>9.2f}{100 * seconds / in_batch:>7.0f}%")
    print(f"{'papermill and nbclient (the worker)':<56}{papermill_cpu:>9.2f}"
          f"{100 * papermill_cpu / in_batch:>7.0f}%")  # fmt: skip
    for stage, seconds in export.items():
        print(f"{stage:<56}{seconds:>9.2f}{100 * seconds / in_batch:>7.0f}%")
    print(f"{'one report in the batch (forked kernel)':<56}{in_batch:>9.2f}{'100%':>8}")
    charts = sum(v for k, v in kinds.items() if k.startswith("chart"))
    print()
    print(
        f"cells run in this process: {cells_total:.2f} s, of which charts {charts:.2f} s "
        f"({100 * charts / cells_total:.0f}%); page {page_kb:.0f} KiB"
    )
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
