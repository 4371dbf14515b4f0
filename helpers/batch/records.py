"""The records of a run: what a report is to render, and what became of it.

A report is one council in one language. :class:`ReportTask` is a report the run
selected; :class:`ReportTarget` the little a worker's renderer needs of it;
:class:`ReportOutcome` what became of it (rendered, failed, ...), returned by the
work function and written to the run manifest; :class:`SkippedReport` a report
the run did not render (up to date, or not finished yet). The statuses are the
words the summary, the manifest and the stored keys use (docs/operations.md).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers import i18n

#: Statuses of a report in a run (``pending``: not finished yet, in the manifest of a run
#: still going or killed).
RENDERED, FAILED, UP_TO_DATE, INTERRUPTED = "rendered", "failed", "up to date", "interrupted"
PENDING = "pending"
#: A Welsh report not rendered because the data lack a Welsh text it needs.
NO_WELSH = "missing Welsh"
#: The error recorded for such a report.
NO_WELSH_ERROR = "the data lack Welsh texts this report needs (see validate --language cy)"


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


@dataclass(frozen=True)
class ReportTask:
    """A report a run selected: its council, file stem, key and template."""

    code: str
    name: str
    stem: str
    key: str
    language: str
    template: Path


@dataclass(frozen=True)
class ReportOutcome:
    """What became of one report in a run (paths relative to the workbook home).

    ``cell`` and ``error`` say where and why a failed report failed; ``pid`` is the
    process that rendered it (None when none did); it is not written to the manifest.
    """

    council_code: str
    language: str
    name: str
    stem: str
    status: str
    seconds: float
    attempts: int
    cell: str | None
    error: str | None
    notebook: str
    html: str
    log: str
    pid: int | None = None

    @classmethod
    def failed(
        cls, code: str, name: str, stem: str, language: str, error: str | None, attempts: int = 0
    ) -> ReportOutcome:
        """A report that failed (or, with another status, was not rendered) before it ran."""
        return cls(
            council_code=code,
            language=language,
            name=name,
            stem=stem,
            status=FAILED,
            seconds=0.0,
            attempts=attempts,
            cell=None,
            error=error,
            notebook=f"outputs/notebooks/{stem}.ipynb",
            html=f"outputs/html/{stem}.html",
            log=f"outputs/logs/{stem}.log",
        )

    @classmethod
    def of_task(
        cls, task: ReportTask, error: str, attempts: int = 0, status: str = FAILED
    ) -> ReportOutcome:
        """:meth:`failed` for a task of the run, with ``status`` (failed, interrupted, ...)."""
        outcome = cls.failed(task.code, task.name, task.stem, task.language, error, attempts)
        return dataclasses.replace(outcome, status=status)

    def manifest_entry(self) -> dict[str, Any]:
        """The report's entry in the run manifest (every field but ``pid``)."""
        entry = dataclasses.asdict(self)
        del entry["pid"]
        return entry


@dataclass(frozen=True)
class SkippedReport:
    """A report a run selected but did not render: ``up to date`` or ``pending``."""

    council_code: str
    language: str
    name: str
    stem: str
    status: str

    def manifest_entry(self) -> dict[str, Any]:
        """The report's entry in the run manifest."""
        return dataclasses.asdict(self)
