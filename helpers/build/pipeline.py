"""From raw to processed data and summary tables: ``python -m helpers build``.

:func:`build` loads the raw data through the data contract (nothing is
written when they are invalid), computes every statistic of the methodology,
applies disclosure control, and writes

* ``outputs/summary/``: the six summary tables of docs/outputs.md, with exactly
  their columns, one row per key, sorted by key;
* ``data/processed/``: everything a council report needs, so that reports
  never read ``data/raw/``: the reference tables (councils, invitations,
  questions, framework, findings, comments with addresses and numbers
  redacted; questions, framework and findings with their Welsh columns,
  empty where the raw data have none), the statistic tables with a
  ``suppression`` reason column (and ``skip_reason`` for comparisons), the
  long table of answers without
  respondent identifiers, and ``build_info.json``.

Both folders are written in full into temporary folders beside them and
swapped into place only when every file is written, so a failing build leaves
the previous outputs as they were. ``build_info.json`` records the SHA-256 of
every file of both folders and one build identifier, also written into
``outputs/summary/.build`` (:mod:`helpers.build.integrity`), so that a file changed
or missing, or a build killed between its two swaps, is found before a
report is rendered. The files depend on the raw data's contents
only (no timestamps, no file times, no host or absolute paths): rebuilding, or
building a copy of the same files made on another day, gives byte-identical
files. The data set's date in ``build_info.json`` (``data_date``, ISO
``YYYY-MM-DD``, or ``""``) comes from the optional ``dataset.csv``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import (
    atomic,
    config,
    runlock,
)
from helpers.build import integrity
from helpers.data import columns, contract
from helpers.data.columns import SUPPRESSION
from helpers.data.table_schemas import PROCESSED, SUMMARY, check
from helpers.data.tables import ANSWERS, PROCESSED_EXTRA, SUMMARY_COLUMNS
from helpers.stats import disclosure, giveback, rates, scoring
from helpers.stats.audit.records import AuditResult, hidden_mask
from helpers.stats.audit.vocabulary import ITEM_COLUMNS

BUILD_INFO = integrity.BUILD_INFO
#: Files of data/processed/ kept across builds (written by people, not by build).
KEPT_FILES = integrity.KEPT_FILES
#: Statistic key for secondary suppression: the columns besides ``group``.
_SUPPRESSION_KEYS = {
    "maturity": ((columns.COUNCIL_CODE, columns.CHARACTERISTIC), columns.MATURITY_STATISTICS),
    "agreement": ((columns.COUNCIL_CODE, columns.QUESTION_ID), columns.AGREEMENT_STATISTICS),
    "themes": ((columns.COUNCIL_CODE, columns.THEME), columns.THEME_STATISTICS),
}


@dataclass(frozen=True)
class DisclosureSummary:
    """How many cells (rows of maturity, agreement and themes) each rule suppressed."""

    primary: int
    secondary: int
    wales: int
    complementary: int
    cells: int
    #: The audit after complementary suppression (it passes).
    audit: AuditResult
    #: Comparisons with the rest of Wales left out because a figure was withheld.
    comparisons_withheld: int = 0
    #: Complementary cells the search hid, and those of them the give-back published again.
    complements_taken: int = 0
    complements_given_back: int = 0

    @property
    def suppressed(self) -> int:
        return self.primary + self.secondary + self.wales + self.complementary

    def __str__(self) -> str:
        return (
            f"suppressed {self.suppressed:,} of {self.cells:,} cells: {self.primary:,} primary "
            f"(fewer than {config.MIN_RESPONSES} answers), {self.secondary:,} secondary, "
            f"{self.wales:,} Wales, {self.complementary:,} complementary "
            f"({self.complements_taken:,} taken, {self.complements_given_back:,} given back); "
            f"audit: {self.audit}"
        )


@dataclass(frozen=True)
class Tables:
    """Every table a build writes, computed from the raw data (see :func:`compute_tables`)."""

    response_rates: pd.DataFrame
    maturity: pd.DataFrame
    agreement: pd.DataFrame
    themes: pd.DataFrame
    comparisons: pd.DataFrame
    public_survey: pd.DataFrame
    answers: pd.DataFrame
    disclosure: DisclosureSummary | None = None

    def summary(self) -> dict[str, pd.DataFrame]:
        """The six summary tables by file stem."""
        return {name: getattr(self, name) for name in SUMMARY_COLUMNS}


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote; ``str()`` gives the one-line summary of the command line."""

    councils: int
    responses: int
    fingerprint: str
    processed_dir: Path
    summary_dir: Path
    processed_files: tuple[str, ...]
    summary_files: tuple[str, ...]
    disclosure: DisclosureSummary | None = None

    def __str__(self) -> str:
        councils = f"{self.councils} council{'s' if self.councils != 1 else ''}"
        responses = f"{self.responses:,} response{'s' if self.responses != 1 else ''}"
        line = (
            f"built {councils}: {responses} -> {_shown(self.processed_dir)}/ and "
            f"{_shown(self.summary_dir)}/ ({len(self.summary_files)} tables)"
        )
        return line if self.disclosure is None else f"{line}\n{self.disclosure}"


def _shown(path: Path) -> str:
    """A path relative to the workbook home when inside it (never an absolute path there)."""
    try:
        return path.relative_to(config.home()).as_posix()
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------
# Computing
# --------------------------------------------------------------------------
def compute_tables(raw) -> Tables:
    """Compute every table of a build from the raw data, disclosure control applied.

    Parameters
    ----------
    raw : contract.RawData
        Or any object with its ``invitations``, ``questions``, ``responses``
        and ``public_survey`` attributes.

    Returns
    -------
    Tables
        The summary tables with exactly the columns of docs/outputs.md, plus
        ``suppression`` (maturity, agreement, themes) or ``skip_reason``
        (comparisons), and the long answers (``columns.ANSWER_COLUMNS``:
        per-council respondent numbers, no identifiers).
    """
    answers = scoring.tidy_answers(raw.responses, raw.questions)
    scored = {
        "maturity": scoring.score_maturity(answers, raw.questions, raw.invitations),
        "agreement": scoring.score_agreement(answers, raw.questions, raw.invitations),
        "themes": scoring.score_themes(answers, raw.questions, raw.invitations),
    }
    small = {
        name: disclosure.suppress_small_numbers(table, statistics, key)
        for name, table in scored.items()
        for key, statistics in [_SUPPRESSION_KEYS[name]]
    }
    protected = {
        name: disclosure.protect_wales_rows(table, statistics, key[1:])
        for name, table in small.items()
        for key, statistics in [_SUPPRESSION_KEYS[name]]
    }
    comparisons = scoring.compare_with_wales(
        scored["agreement"], withheld=_wales_withheld(protected["agreement"])
    )
    # The attacker's audit of everything published, and complementary
    # suppression until no small group's answers can be narrowed down; then
    # every complement the audit does not need is published again.
    protection = giveback.protect(
        protected["maturity"], protected["agreement"], protected["themes"], comparisons
    )
    for name, table in protected.items():
        _key, statistics = _SUPPRESSION_KEYS[name]
        mask = hidden_mask(table, ITEM_COLUMNS[name], protection.hidden[name])
        protected[name] = disclosure.suppress_rows(table, statistics, mask)
    agreement = protected["agreement"]
    council_withheld = agreement.loc[
        (agreement[columns.COUNCIL_CODE] != config.WALES)
        & (agreement[columns.GROUP] == config.GROUP_ALL)
        & (agreement[SUPPRESSION] == disclosure.COMPLEMENTARY),
        [columns.COUNCIL_CODE, columns.QUESTION_ID],
    ]
    comparisons = scoring.compare_with_wales(
        scored["agreement"],
        withheld=_wales_withheld(agreement),
        withheld_councils=set(map(tuple, council_withheld.astype(str).to_numpy())),
    )
    summary = _disclosure_summary(small, protected, protection, comparisons)
    tables = {
        "response_rates": rates.compute_response_rates(
            raw.invitations, raw.responses, raw.questions
        ),
        **protected,
        "comparisons": comparisons,
        "public_survey": rates.compute_public_survey(raw.public_survey),
    }
    # Keep exactly the published columns and the reasons: working columns such
    # as ``sd`` are not blanked by suppression and must not travel further.
    kept = {
        name: table.loc[:, [*SUMMARY_COLUMNS[name][0], *PROCESSED_EXTRA.get(name, ())]]
        for name, table in tables.items()
    }
    return Tables(**kept, answers=_processed_answers(answers, raw.responses), disclosure=summary)


def _wales_withheld(agreement: pd.DataFrame) -> set[str]:
    """Statements whose Wales ``all`` figure is withheld (not compared for any council)."""
    return set(
        agreement.loc[
            (agreement[columns.COUNCIL_CODE] == config.WALES)
            & (agreement[columns.GROUP] == config.GROUP_ALL)
            & agreement[disclosure.SUPPRESSED],
            columns.QUESTION_ID,
        ].astype(str)
    )


def _disclosure_summary(small, protected, protection, comparisons) -> DisclosureSummary:
    """Count the cells each rule suppressed (the Wales rule records ``secondary``)."""
    counts = {"primary": 0, "secondary": 0, "wales": 0, "complementary": 0, "cells": 0}
    for name, table in protected.items():
        before = small[name][disclosure.SUPPRESSED].to_numpy(bool)
        reason = table[SUPPRESSION].to_numpy(object)
        counts["cells"] += len(table)
        counts["primary"] += int((reason == disclosure.PRIMARY).sum())
        counts["secondary"] += int(((reason == disclosure.SECONDARY) & before).sum())
        counts["wales"] += int(((reason == disclosure.SECONDARY) & ~before).sum())
        counts["complementary"] += int((reason == disclosure.COMPLEMENTARY).sum())
    withheld = comparisons[columns.SKIP_REASON].isin(
        [scoring.SKIP_WITHHELD, scoring.SKIP_COUNCIL_WITHHELD]
    )
    return DisclosureSummary(
        **counts,
        audit=protection.after,
        comparisons_withheld=int(withheld.sum()),
        complements_taken=protection.taken,
        complements_given_back=protection.given_back_count,
    )


def _processed_answers(answers: pd.DataFrame, responses: pd.DataFrame) -> pd.DataFrame:
    """The long answers with per-council respondent numbers in place of row positions."""
    numbers = scoring.number_respondents(responses)
    out = pd.DataFrame(
        {
            columns.COUNCIL_CODE: answers[columns.COUNCIL_CODE].astype(object),
            columns.GROUP: answers[columns.GROUP].astype(object),
            columns.RESPONDENT: numbers[answers[columns.RESPONDENT].to_numpy()],
            columns.QUESTION_ID: answers[columns.QUESTION_ID].astype(object),
            columns.ANSWER: answers[columns.ANSWER].astype(object),
            columns.SCORE: pd.array(answers[columns.SCORE].to_numpy(), dtype="Int64"),
        }
    )
    return out.sort_values([columns.COUNCIL_CODE, columns.RESPONDENT], kind="stable").reset_index(
        drop=True
    )


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------
def _csv_text(frame: pd.DataFrame) -> str:
    """CSV text: booleans true/false, missing values empty, floats in full precision."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map({True: "true", False: "false"}).astype(object)
    return out.to_csv(index=False, na_rep="", lineterminator="\n", float_format=None)


def _write_text(path: Path, text: str) -> None:
    """Create ``path`` (UTF-8): exclusively, never through a link (:mod:`helpers.atomic`)."""
    atomic.create_new(path, text.encode("utf-8"))


def _with_columns(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    """``frame`` with each of ``columns`` it lacks added, empty (written as empty cells)."""
    missing = [c for c in columns if c not in frame.columns]
    return frame.assign(**dict.fromkeys(missing)) if missing else frame


def _write_table(folder: Path, schema, frame: pd.DataFrame) -> str:
    """Write ``frame`` as ``<schema name>.csv``, checked against its schema first."""
    name = f"{schema.name}.csv"
    _write_text(folder / name, _csv_text(check(schema, frame)))
    return name


def write_summary(tables: Tables, folder: Path) -> list[str]:
    """Write the six summary tables into ``folder``; return the file names."""
    return [_write_table(folder, schema, getattr(tables, stem)) for stem, schema in SUMMARY.items()]


def write_processed(
    tables: Tables, raw, folder: Path, summary: tuple[Path, list[str]] | None = None
) -> list[str]:
    """Write the report-ready data into ``folder``; return the file names.

    Reference tables as loaded (comments redacted; questions, framework and
    findings always with the Welsh columns of ``contract.WELSH_COLUMNS``, empty
    where the raw data lack them), the statistic tables with their reason
    columns, the long answers and ``build_info.json``.

    ``summary``, the folder of the summary tables written by the same build
    and their names, seals the build (:func:`helpers.build.integrity.seal`): the
    record then holds the SHA-256 of every file of both folders and the
    build's identifier, also written into that folder.
    """
    comments = raw.comments.copy()
    comments[columns.COMMENT] = disclosure.redact(comments[columns.COMMENT].astype(object))
    reference = {
        "councils": raw.councils,
        "invitations": raw.invitations,
        "questions": _with_columns(raw.questions, contract.WELSH_COLUMNS[contract.QUESTIONS_CSV]),
        "framework": _with_columns(raw.framework, contract.WELSH_COLUMNS[contract.FRAMEWORK_CSV]),
        "findings": _with_columns(raw.findings, contract.WELSH_COLUMNS[contract.FINDINGS_CSV]),
        "comments": comments,
    }
    names = [_write_table(folder, PROCESSED[stem], frame) for stem, frame in reference.items()]
    names += [_write_table(folder, PROCESSED[stem], getattr(tables, stem)) for stem in SUMMARY]
    names.append(_write_table(folder, PROCESSED[ANSWERS], tables.answers))

    empty = raw.empty_submissions
    info = {
        "fingerprint": raw.fingerprint,
        "data_date": raw.data_date,
        "counts": {
            "councils": int(len(raw.councils)),
            "responses": int(len(raw.responses)),
            "empty_submissions": int(empty[columns.COUNT].sum()) if len(empty) else 0,
            "questions": int(len(raw.questions)),
            "answers": int(len(tables.answers)),
            "public_survey_respondents": (
                0 if raw.public_survey is None else int(len(raw.public_survey))
            ),
            "comments": int(len(raw.comments)),
            "findings": int(len(raw.findings)),
        },
        "min_responses": config.MIN_RESPONSES,
        "processed_files": sorted([*names, BUILD_INFO]),
        "summary_files": sorted(f"{name}.csv" for name in SUMMARY_COLUMNS),
    }
    if summary is not None:
        info = integrity.seal(info, (folder, names), summary)
        _write_text(summary[0] / integrity.SUMMARY_MARK, integrity.summary_mark(info))
    _write_text(folder / BUILD_INFO, json.dumps(info, indent=2, sort_keys=True) + "\n")
    names.append(BUILD_INFO)
    return names


def _swap_into_place(staged: dict[Path, Path]) -> None:
    """Move each staged folder onto its target, restoring every target if a move fails."""
    moved: list[tuple[Path, Path | None]] = []
    try:
        for target, folder in staged.items():
            backup = None
            if target.exists():
                backup = Path(
                    tempfile.mkdtemp(
                        prefix=f".{target.name}{runlock.STAGING_OLD}", dir=target.parent
                    )
                )
                target.rename(backup / target.name)
            moved.append((target, backup))
            folder.rename(target)
    except BaseException:
        for target, backup in reversed(moved):
            if backup is not None:
                if target.exists():
                    shutil.rmtree(target)
                (backup / target.name).rename(target)
                backup.rmdir()
        raise
    for _target, backup in moved:
        if backup is not None:
            shutil.rmtree(backup, ignore_errors=True)


def _folder_mode() -> int:
    """The mode of a folder made with the process's umask (mkdtemp makes 0o700)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


_FOLDER_MODE = _folder_mode()


def write_outputs(
    tables: Tables,
    raw,
    processed_dir: Path,
    summary_dir: Path,
) -> tuple[list[str], list[str]]:
    """Write both folders atomically: staged beside their targets, swapped in when complete.

    Returns
    -------
    processed_files, summary_files : list of str
        File names written in each folder.
    """
    staged: dict[Path, Path] = {}
    try:
        for target in (processed_dir, summary_dir):
            target.parent.mkdir(parents=True, exist_ok=True)
            # owner-only (mkdtemp) while written, so that no one can plant a file in it
            staged[target] = Path(
                tempfile.mkdtemp(prefix=f".{target.name}{runlock.STAGING_NEW}", dir=target.parent)
            )
        summary_files = write_summary(tables, staged[summary_dir])
        processed_files = write_processed(
            tables, raw, staged[processed_dir], summary=(staged[summary_dir], summary_files)
        )
        for name in KEPT_FILES:
            kept = processed_dir / name
            if kept.is_file() and not kept.is_symlink():
                atomic.create_new(staged[processed_dir] / name, kept.read_bytes())
        for folder in staged.values():
            folder.chmod(_FOLDER_MODE)
        _swap_into_place(staged)
    finally:
        for folder in staged.values():
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)
    return processed_files, summary_files


def build(raw_dir: Path | str | None = None) -> BuildResult:
    """Validate the raw data, compute every statistic and write the outputs.

    Parameters
    ----------
    raw_dir : path, optional
        Raw data folder; default ``config.raw_dir()``. The outputs always go
        to ``config.processed_dir()`` and ``config.summary_dir()``.

    Returns
    -------
    BuildResult

    Raises
    ------
    ContractError
        If the raw data break the data contract; nothing is written.
    RunBusyError
        If another run is writing the same workbook (see :mod:`helpers.runlock`).

    Notes
    -----
    The build holds the workbook's run lock throughout, and first clears
    what a killed build left beside the two folders.
    """
    processed_dir, summary_dir = config.processed_dir(), config.summary_dir()
    with runlock.hold():
        runlock.remove_staging([processed_dir, summary_dir])
        raw = contract.load_raw(raw_dir)
        tables = compute_tables(raw)
        processed_files, summary_files = write_outputs(tables, raw, processed_dir, summary_dir)
    return BuildResult(
        disclosure=tables.disclosure,
        councils=len(raw.councils),
        responses=len(raw.responses),
        fingerprint=raw.fingerprint,
        processed_dir=processed_dir,
        summary_dir=summary_dir,
        processed_files=tuple(processed_files),
        summary_files=tuple(summary_files),
    )
