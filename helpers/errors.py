"""The workbook's exceptions: one base class, one subclass per kind of failure.

The command line turns each into one clear message and an exit status, never a
traceback. Bad arguments to a function raise the built-in exceptions instead.
"""

from __future__ import annotations


class WorkbookError(Exception):
    """Base class of every error the workbook reports to its user."""

    #: Exit status of the command line for this error.
    exit_status = 2


class UnknownCouncilError(WorkbookError, LookupError):
    """A council code or name that is not in councils.csv."""


class ContractError(WorkbookError):
    """Raw data that break the data contract; ``problems`` lists every one."""

    def __init__(self, problems: list, summary: str | None = None) -> None:
        self.problems = list(problems)
        lines = [str(p) for p in self.problems]
        if summary:
            lines.append(summary)
        super().__init__("\n".join(lines))


class DataOverwriteError(WorkbookError):
    """A command that would replace data files it did not write (e.g. real exports)."""


class MissingDataError(WorkbookError):
    """A file the step needs does not exist yet (e.g. build has not run)."""


class IntegrityError(WorkbookError):
    """Processed data that ``build`` did not write as they are, and that cannot be built again."""


class Terminated(KeyboardInterrupt):
    """The process received SIGTERM: stopped like Ctrl-C, cleaning up (exit status 143)."""


class RunBusyError(WorkbookError):
    """Another run is writing the same workbook's data and outputs; ``owner`` describes it."""

    def __init__(self, message: str, *, owner: dict | None = None) -> None:
        self.owner = owner
        super().__init__(message)


class RenderError(WorkbookError):
    """A report that failed to render; carries the failing cell and error line."""

    exit_status = 1

    def __init__(self, message: str, *, cell: str | None = None, error: str | None = None):
        self.cell = cell
        self.error = error
        super().__init__(message)


class AuditError(WorkbookError):
    """The published figures contradict each other (an internal error, never bad input)."""


class MissingWelshTextError(MissingDataError):
    """A Welsh text that a Welsh report prints and the data lack (never replaced by English)."""


class ForkServerError(RuntimeError):
    """The fork server could not start or did not answer."""


class ChromiumMissingError(MissingDataError):
    """``--pdf`` asked for on a machine without Chromium."""


class DaskError(WorkbookError):
    """Dask is not installed, the address is not one, or the scheduler cannot be reached."""


class MissingTranslationError(WorkbookError):
    """A message the catalogue of a report's language lacks or has not translated."""

    exit_status = 1


class FlockUnsupported(Exception):
    """flock(2) is not supported on the file system of the run lock (internal signal)."""
