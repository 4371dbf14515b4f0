"""Paths and analysis constants, defined once.

Paths are anchored to this file, so the workbook runs the same from any working
directory. Setting the environment variable ``WORKBOOK_HOME`` points every
data and output path at another folder with the same layout (``data/raw``,
``data/processed``, ``outputs``); the test-suite uses it to work on fixture data
without touching the project's own files. Nothing here has side effects.
"""

from __future__ import annotations

import os
from pathlib import Path

from helpers import i18n

#: The repository root (the folder holding ``helpers/``).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: The report template executed by papermill (English).
TEMPLATE = PROJECT_ROOT / "notebooks" / "council_report.ipynb"
#: The Welsh report template: the same code cells, the fixed prose in Welsh.
TEMPLATE_CY = PROJECT_ROOT / "notebooks" / "council_report.cy.ipynb"
#: The helper package's own source folder (part of every report's cache key).
PACKAGE_DIR = Path(__file__).resolve().parent
#: Folder of the nbconvert templates of the report pages (``lgdata``).
TEMPLATES_DIR = PACKAGE_DIR / "render" / "templates"

HOME_ENV = "WORKBOOK_HOME"


def template_for(language: str) -> Path:
    """The report template of a language: :data:`TEMPLATE` (``en``) or :data:`TEMPLATE_CY` (``cy``).

    Raises
    ------
    ValueError
        If ``language`` is neither.
    """
    templates = {"en": TEMPLATE, "cy": TEMPLATE_CY}
    if language not in templates:
        raise ValueError(f"unknown language {language!r}; expected one of: en, cy")
    return Path(templates[language])


def home() -> Path:
    """Return the folder that holds ``data/`` and ``outputs/``.

    ``$WORKBOOK_HOME`` when set, else the repository root.
    """
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).resolve() if value else PROJECT_ROOT


def raw_dir() -> Path:
    """Folder of the raw survey exports (read-only; read by ``contract`` only)."""
    return home() / "data" / "raw"


def processed_dir() -> Path:
    """Folder of the processed, report-ready data written by ``build``."""
    return home() / "data" / "processed"


def outputs_dir() -> Path:
    """Folder of everything the workbook produces for readers."""
    return home() / "outputs"


def summary_dir() -> Path:
    """Folder of the six summary tables."""
    return outputs_dir() / "summary"


def notebooks_dir() -> Path:
    """``outputs/notebooks``: the executed report notebooks."""
    return outputs_dir() / "notebooks"


def html_dir() -> Path:
    """``outputs/html``: the report pages."""
    return outputs_dir() / "html"


def logs_dir() -> Path:
    """``outputs/logs``: one log per report and the run manifest."""
    return outputs_dir() / "logs"


def index_path(language: str = i18n.ENGLISH) -> Path:
    """``outputs/index.html`` (English) or ``outputs/index.cy.html`` (Welsh): every report."""
    return outputs_dir() / f"index{i18n.file_suffix(language)}.html"


def report_stem(council_stem: str, language: str) -> str:
    """The file stem of a council's report: ``<code>-<slug>`` or, in Welsh, ``<code>-<slug>.cy``."""
    return f"{council_stem}{i18n.file_suffix(language)}"


# --------------------------------------------------------------------------
# Vocabularies (docs/data-contract.md)
# --------------------------------------------------------------------------
#: group slug -> display name, in report order.
GROUPS: dict[str, str] = {"officer": "Officers", "member": "Elected Members"}
#: theme slug -> display name, in report order.
THEMES: dict[str, str] = {
    "vision": "Vision, leadership & culture",
    "protection": "Data protection",
    "skills": "Skills & capacity",
    "evidence": "Evidence-based decisions",
}
#: characteristic slug -> (display name, theme slug), in framework order.
CHARACTERISTICS: dict[str, tuple[str, str]] = {
    "leadership": ("Leadership", "vision"),
    "standards": ("Corporate Standards", "vision"),
    "customer_data": ("Integrated customer data", "vision"),
    "protection": ("Data Protection", "protection"),
    "analytics": ("Data analytics", "skills"),
    "decisions": ("Data Driven Decisions", "evidence"),
    "open_data": ("Open Data", "evidence"),
}
QUESTION_KINDS = ("level", "likert", "text")
ASKED_OF = ("officer", "member", "both")

DONT_KNOW = "Don't know"
#: Canonical level answers (as loaded by ``contract``).
LEVEL_ANSWERS = ("1", "2", "3", DONT_KNOW)
#: Canonical likert answers -> score (``None`` for "Don't know").
LIKERT_SCORES: dict[str, int | None] = {
    "Strongly agree": 5,
    "Agree": 4,
    "Neither agree nor disagree": 3,
    "Disagree": 2,
    "Strongly disagree": 1,
    DONT_KNOW: None,
}
#: Canonical public-survey answers.
PUBLIC_ANSWERS = ("yes", "no", "don't know")

#: Pooled group names used in the summary tables.
GROUP_TOTAL = "total"  # response rates
GROUP_ALL = "all"  # answers
WALES = "Wales"

# --------------------------------------------------------------------------
# Analysis constants (docs/methodology.md)
# --------------------------------------------------------------------------
Z_95 = 1.959964
Z_998 = 3.090232
CONFIDENCE = 0.95
#: A statistic of answers based on fewer respondents than this is suppressed.
MIN_RESPONSES = 5
#: AAPOR completeness thresholds (answered / applicable).
COMPLETE_THRESHOLD = 0.8
PARTIAL_THRESHOLD = 0.5
#: Text shown in place of a suppressed figure.
SUPPRESSED_TEXT = "fewer than 5 responses"
#: What ``build`` puts in a comment in place of an e-mail address, telephone number or web
#: address: U+FFFC OBJECT REPLACEMENT CHARACTER, a mark of no language, which each page
#: prints in its own language ("[redacted]", "[wedi'i olygu]"). The data contract refuses
#: it in a raw comment, so that every mark in the processed data is one that build made.
REDACTION_MARK = "\ufffc"

#: The title of every report; the page title is "<TITLE>: <council name>" (translated).
TITLE = i18n.N_("Local government use of data")
