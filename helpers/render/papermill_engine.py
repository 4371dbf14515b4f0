"""The papermill engine that runs a report on a kernel the workbook starts and stops itself.

papermill finds its engines through the ``papermill.engine`` entry point
group; ``pyproject.toml`` registers this one there under :data:`ENGINE`, and
:func:`helpers.render.execute.execute_report` asks for it by that name
(``papermill.execute_notebook(..., engine_name=ENGINE)``). papermill imports
this module when it is imported itself, so the module imports nothing but
papermill's own engine and client modules (docs/libraries.md). Import papermill
before this module, as :mod:`helpers.render.execute` does: imported first, this
module would make papermill load its entry points, this one among them, while
the module is still half-made.
"""

from __future__ import annotations

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args

#: The engine's name in the ``papermill.engine`` entry point group (pyproject.toml).
ENGINE = "lgdata"


class ProvidedKernelEngine(NBClientEngine):
    """papermill's ``nbclient`` engine on a kernel that the caller starts and stops.

    The same as papermill's ``nbclient`` engine, except that it closes its
    client's channels when done: the kernel (``execute_notebook(km=...)``) is
    not the engine's to stop.
    """

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man,
        kernel_name,
        log_output=False,
        stdout_file=None,
        stderr_file=None,
        start_timeout=60,
        execution_timeout=None,
        **kwargs,
    ):
        """Execute the notebook of ``nb_man`` (papermill's engine interface)."""
        kwargs = remove_args(["input_path"], **kwargs)
        safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
        final_kwargs = merge_kwargs(
            safe_kwargs,
            timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        client = PapermillNotebookClient(nb_man, **final_kwargs)
        try:
            return client.execute()
        finally:
            if client.kc is not None:
                client.kc.stop_channels()
                client.kc = None
