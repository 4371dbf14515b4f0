"""What a run tells: the manifest ``outputs/logs/manifest.json`` and the printed summary.

The manifest lists every report the run selected, with what became of it
(:class:`~helpers.batch.records.ReportOutcome`, or a
:class:`~helpers.batch.records.SkippedReport` up to date or still pending); the
summary is a table of the reports rendered or failed and a count of each status
(docs/operations.md).
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from helpers import atomic, config
from helpers.batch.records import UP_TO_DATE, ReportOutcome, SkippedReport

#: The run manifest, in ``outputs/logs/``.
MANIFEST_FILE = "manifest.json"


def template_name(template: Path) -> str:
    """A template's path relative to the repository or the workbook home (else its name)."""
    for base in (config.PROJECT_ROOT, config.home()):
        with contextlib.suppress(ValueError):
            return template.resolve().relative_to(base.resolve()).as_posix()
    return template.name


def format_summary(outcomes: Sequence[ReportOutcome], unchanged: int) -> str:
    """The table of the reports rendered (or not) and the count of each status."""
    rows = [("council", "status", "seconds", "cell", "error")]
    for outcome in outcomes:
        rows.append(
            (
                outcome.stem,
                outcome.status,
                f"{outcome.seconds:.1f}" if outcome.seconds else "-",
                outcome.cell or "",
                outcome.error or "",
            )
        )
    widths = [max(len(str(row[i])) for row in rows) for i in range(3)]
    lines = []
    for row in rows:
        head = "  ".join(str(value).ljust(widths[i]) for i, value in enumerate(row[:3]))
        tail = "  ".join(value for value in row[3:] if value)
        lines.append(f"{head}  {tail}".rstrip())
    counts = Counter(outcome.status for outcome in outcomes)
    if unchanged:
        counts[UP_TO_DATE] = unchanged
    total = ", ".join(f"{n} {status}" for status, n in counts.items())
    return "\n".join([*(lines if outcomes else []), f"reports: {total}"])


def write_manifest(
    *,
    started: datetime,
    seconds: float,
    jobs: int,
    force: bool,
    templates: dict[str, Path],
    reports: Sequence[ReportOutcome | SkippedReport],
    interrupted: bool,
    finished: bool = True,
) -> Path:
    """Write ``outputs/logs/manifest.json`` (atomically): the run and each of its ``reports``.

    ``template`` is the first language's template, ``templates`` each language's.
    """
    counts = Counter(report.status for report in reports)
    manifest = {
        "started": started.isoformat(timespec="seconds"),
        "seconds": round(seconds, 2),
        "jobs": jobs,
        "force": force,
        "interrupted": interrupted,
        "finished": finished,
        "template": template_name(next(iter(templates.values()))),
        "templates": {lang: template_name(path) for lang, path in templates.items()},
        "counts": dict(sorted(counts.items())),
        "reports": [report.manifest_entry() for report in reports],
    }
    path = config.logs_dir() / MANIFEST_FILE
    atomic.write_atomic(path, json.dumps(manifest, indent=1) + "\n")
    return path
