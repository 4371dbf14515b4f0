"""A small, valid raw data set built in code, shared by the tests.

Three councils, chosen to exercise the awkward cases:

* Caerphilly (W06000018): both groups, comfortable numbers.
* Newport (W06000022): officers only; members were not surveyed.
* Anglesey (W06000001): both groups, but only 3 elected members respond
  (small-number suppression, primary and secondary).

Tests copy it with :func:`write_fixture_raw` and then break one rule at a time.

Every question, the framework and every finding carry their Welsh texts
(``text_cy``, ``name_cy`` and ``level_1_cy`` to ``level_3_cy``, ``finding_cy``);
``write_fixture_raw(..., drop_welsh=[...])`` leaves chosen ones empty and
``welsh=False`` writes the files without the Welsh columns, for the tests of a
missing Welsh text.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Collection
from pathlib import Path

import numpy as np

from helpers import config
from helpers.data.synth import tables

COUNCILS = [
    ("W06000001", "Isle of Anglesey County Council", "Cyngor Sir Ynys Môn", "Isle of Anglesey"),
    (
        "W06000018",
        "Caerphilly County Borough Council",
        "Cyngor Bwrdeistref Sirol Caerffili",
        "Caerphilly",
    ),
    ("W06000022", "Newport City Council", "Cyngor Dinas Casnewydd", "Newport"),
]
# council -> {group: (invited, responses)}
INVITED = {
    "W06000001": {"officer": (20, 12), "member": (30, 3)},
    "W06000018": {"officer": (24, 16), "member": (20, 8)},
    "W06000022": {"officer": (18, 10)},
}
LEVEL_QUESTIONS = [
    ("L_leadership", "vision", "leadership", "both"),
    ("L_standards", "vision", "standards", "both"),
    ("L_customer", "vision", "customer_data", "officer"),
    ("L_protection", "protection", "protection", "both"),
    ("L_analytics", "skills", "analytics", "both"),
    ("L_decisions", "evidence", "decisions", "both"),
    ("L_open", "evidence", "open_data", "both"),
]
# (id, theme, characteristic, asked_of, reverse)
LIKERT_QUESTIONS = [
    ("A_vision1", "vision", "leadership", "both", False),
    ("A_vision2", "vision", "", "both", True),
    ("A_prot1", "protection", "protection", "both", False),
    ("A_prot2", "protection", "", "officer", False),
    ("A_skills1", "skills", "analytics", "both", False),
    ("A_skills2", "skills", "", "member", True),
    ("A_evid1", "evidence", "decisions", "both", False),
    ("A_evid2", "evidence", "", "both", False),
]
TEXT_QUESTIONS = [("T_barriers", "vision", "both")]
LIKERT_LABELS = [
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
]


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def question_rows() -> list[list]:
    """The question bank rows.

    Header: question_id, kind, theme, characteristic, asked_of, reverse, text.
    """
    rows = [
        [q, "level", t, c, a, "false", f"Which description best fits your authority? ({c})"]
        for q, t, c, a in LEVEL_QUESTIONS
    ]
    rows += [
        [q, "likert", t, c, a, "true" if r else "false", f"Statement {q}"]
        for q, t, c, a, r in LIKERT_QUESTIONS
    ]
    rows += [
        [q, "text", t, "", a, "", "What are the biggest barriers?"] for q, t, a in TEXT_QUESTIONS
    ]
    return rows


def _asked(asked_of: str, group: str) -> bool:
    return asked_of in ("both", group)


def response_rows(seed: int = 7) -> list[list]:
    """Deterministic wide response rows, including one empty submission."""
    rng = np.random.default_rng(seed)
    rows = []
    serial = 0
    for code, groups in INVITED.items():
        for group, (_invited, n) in groups.items():
            for _ in range(n):
                serial += 1
                row = [f"R{serial:04d}", code, group]
                for _q, _t, _c, a in LEVEL_QUESTIONS:
                    if not _asked(a, group):
                        row.append("")
                        continue
                    draw = rng.random()
                    row.append(
                        ""
                        if draw < 0.05
                        else "Don't know"
                        if draw < 0.12
                        else str(rng.choice([1, 2, 2, 3] if group == "officer" else [1, 1, 2, 3]))
                    )
                for _q, _t, _c, a, _r in LIKERT_QUESTIONS:
                    if not _asked(a, group):
                        row.append("")
                        continue
                    draw = rng.random()
                    row.append(
                        ""
                        if draw < 0.05
                        else "Don't know"
                        if draw < 0.1
                        else LIKERT_LABELS[int(rng.integers(0, 5))]
                    )
                row.append(
                    'Silos, and "legacy" systems,\nacross services' if serial % 5 == 0 else ""
                )
                rows.append(row)
    # An empty submission: dropped, not counted as a response.
    rows.append(["R9999", "W06000018", "member"] + [""] * (len(question_ids())))
    return rows


def question_ids() -> list[str]:
    return [r[0] for r in question_rows()]


#: The data set's date, in dataset.csv.
DATA_DATE = "2019-03-15"


def question_text_cy(question_id: str) -> str:
    """The Welsh wording of a fixture question (``text_cy``)."""
    for q, _t, c, _a in LEVEL_QUESTIONS:
        if q == question_id:
            return f"Pa ddisgrifiad sy'n gweddu orau i'ch awdurdod? ({c})"
    if question_id in {q for q, *_ in LIKERT_QUESTIONS}:
        return f"Datganiad {question_id}"
    if question_id in {q for q, *_ in TEXT_QUESTIONS}:
        return "Beth yw'r rhwystrau mwyaf?"
    raise KeyError(question_id)


FRAMEWORK = [
    ("leadership", "Leadership"),
    ("standards", "Corporate Standards"),
    ("customer_data", "Integrated customer data"),
    ("protection", "Data Protection"),
    ("analytics", "Data analytics"),
    ("decisions", "Data Driven Decisions"),
    ("open_data", "Open Data"),
]
#: characteristic -> Welsh name (``name_cy``); the descriptors follow the English pattern.
FRAMEWORK_CY = {slug: row.name_cy for slug, row in tables.FRAMEWORK.items()}


def framework_rows() -> list[list[str]]:
    """framework.csv rows: characteristic, name, level_1..3, name_cy, level_1_cy..level_3_cy."""
    return [
        [
            slug,
            name,
            f"{name}: basic.",
            f"{name}: developing.",
            f"{name}: mature.",
            FRAMEWORK_CY[slug],
            f"{FRAMEWORK_CY[slug]}: sylfaenol.",
            f"{FRAMEWORK_CY[slug]}: yn datblygu.",
            f"{FRAMEWORK_CY[slug]}: aeddfed.",
        ]
        for slug, name in FRAMEWORK
    ]


#: findings.csv rows: council_code, theme, order, finding, finding_cy.
FINDINGS = [
    (
        "W06000018",
        "vision",
        1,
        "The council has a **clear data vision**.",
        "Mae gan y cyngor **weledigaeth glir ar gyfer data**.",
    ),
    (
        "W06000018",
        "vision",
        2,
        "Silos remain:\n\n- housing\n- social care",
        "Mae seilos yn parhau:\n\n- tai\n- gofal cymdeithasol",
    ),
    (
        "W06000018",
        "evidence",
        1,
        "Views on evidence-based decisions are *mixed*.",
        "Mae'r farn am benderfyniadau sy'n seiliedig ar dystiolaeth yn *gymysg*.",
    ),
]
#: The Welsh columns of each file, in the order written.
WELSH_COLUMNS = {
    "questions.csv": ["text_cy"],
    "framework.csv": ["name_cy", "level_1_cy", "level_2_cy", "level_3_cy"],
    "findings.csv": ["finding_cy"],
}


def _welsh(
    header: list[str],
    rows: list[list],
    name: str,
    key: int | slice,
    welsh: bool,
    drop: Collection[tuple],
) -> tuple[list[str], list[list]]:
    """Header and rows with the Welsh columns dropped (``welsh=False``) or some cells emptied.

    ``key`` picks from a row the key that ``drop`` entries ``(name, key, column)`` name.
    """
    columns = WELSH_COLUMNS[name]
    if not welsh:
        return header[: -len(columns)], [row[: -len(columns)] for row in rows]
    rows = [list(row) for row in rows]
    for file, wanted, column in drop:
        if file != name:
            continue
        found = [
            row
            for row in rows
            if (tuple(row[key]) if isinstance(key, slice) else row[key]) == wanted
        ]
        if not found:
            raise KeyError(f"no row {wanted!r} in {name}")
        found[0][header.index(column)] = ""
    return header, rows


def write_fixture_raw(
    target: Path, *, welsh: bool = True, drop_welsh: Collection[tuple] = ()
) -> Path:
    """Write the fixture data set into ``target`` (created) and return it.

    Parameters
    ----------
    target : Path
        The folder to write into.
    welsh : bool, default True
        Whether questions.csv, framework.csv and findings.csv carry their Welsh
        columns at all.
    drop_welsh : collection of (file, key, column)
        Welsh cells to leave empty: ``("questions.csv", "A_vision1", "text_cy")``,
        ``("framework.csv", "standards", "level_2_cy")`` or
        ``("findings.csv", ("W06000018", "vision", 2), "finding_cy")``.
    """
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    _write(
        target / "councils.csv",
        ["council_code", "name", "name_cy", "short_name"],
        [list(c) for c in COUNCILS],
    )
    _write(
        target / "invitations.csv",
        ["council_code", "group", "invited"],
        [[code, g, inv] for code, gs in INVITED.items() for g, (inv, _n) in gs.items()],
    )
    _write(
        target / "questions.csv",
        *_welsh(
            ["question_id", "kind", "theme", "characteristic", "asked_of", "reverse", "text"]
            + WELSH_COLUMNS["questions.csv"],
            [[*row, question_text_cy(row[0])] for row in question_rows()],
            "questions.csv",
            0,
            welsh,
            drop_welsh,
        ),
    )
    _write(
        target / "responses.csv",
        ["respondent_id", "council_code", "group", *question_ids()],
        response_rows(),
    )
    _write(
        target / "framework.csv",
        *_welsh(
            ["characteristic", "name", "level_1", "level_2", "level_3"]
            + WELSH_COLUMNS["framework.csv"],
            framework_rows(),
            "framework.csv",
            0,
            welsh,
            drop_welsh,
        ),
    )
    public = []
    for i in range(40):
        code = ["W06000001", "W06000018", "W06000022", ""][i % 4]
        public.append(
            [
                f"P{i:03d}",
                code,
                ["yes", "no", "don't know"][i % 3],
                ["yes", "no", "no", "no"][i % 4],
            ]
        )
    _write(
        target / "public_survey.csv", ["respondent_id", "council_code", "satisfied", "told"], public
    )
    _write(
        target / "comments.csv",
        ["council_code", "theme", "comment"],
        [
            [
                "W06000018",
                "vision",
                "We need a data strategy. Call 029 2088 0000 or see https://example.org/plan",
            ],
            ["W06000018", "protection", "Ask jane.doe@example.gov.uk before sharing anything."],
            ["W06000022", "skills", "Analysts are stretched thin."],
        ],
    )
    _write(
        target / "findings.csv",
        *_welsh(
            ["council_code", "theme", "order", "finding"] + WELSH_COLUMNS["findings.csv"],
            [list(f) for f in FINDINGS],
            "findings.csv",
            slice(0, 3),
            welsh,
            drop_welsh,
        ),
    )
    _write(target / "dataset.csv", ["data_date"], [[DATA_DATE]])
    return target


def write_hostile_raw(target: Path) -> Path:
    """Write the fixture data set with hostile text (``tests/hostile.py``) in every free text.

    Caerphilly's name, Welsh name and short name, the statements (likert
    question texts, English and Welsh), the framework's level descriptions
    (English and Welsh), and Caerphilly's findings (English and Welsh) and
    comments (one of each per payload, across the four themes) carry the
    corpus; the other councils keep their fixture texts.
    """
    import hostile

    target = write_fixture_raw(target)
    payloads = list(hostile.CORPUS.values())
    themes = ["vision", "protection", "skills", "evidence"]
    councils = [list(c) for c in COUNCILS]
    councils[1][1:] = [hostile.COUNCIL_NAME, hostile.COUNCIL_NAME_CY, hostile.COUNCIL_SHORT_NAME]
    _write(target / "councils.csv", ["council_code", "name", "name_cy", "short_name"], councils)
    statements = iter(
        hostile.CORPUS[key]
        for key in (
            "script",
            "img-onerror",
            "svg-onload",
            "markdown-js-link",
            "html-js-link",
            "mathtext",
            "markdown-markers",
            "long-word",
        )
    )
    questions = []
    for row in question_rows():
        text = next(statements) if row[1] == "likert" else row[6]
        questions.append([*row[:6], text, text if row[1] == "likert" else question_text_cy(row[0])])
    _write(
        target / "questions.csv",
        ["question_id", "kind", "theme", "characteristic", "asked_of", "reverse", "text"]
        + WELSH_COLUMNS["questions.csv"],
        questions,
    )
    script, srcdoc = hostile.CORPUS["script"], hostile.CORPUS["iframe-srcdoc"]
    _write(
        target / "framework.csv",
        ["characteristic", "name", "level_1", "level_2", "level_3"]
        + WELSH_COLUMNS["framework.csv"],
        [
            [slug, name, script, srcdoc, f"{name}.", FRAMEWORK_CY[slug], script, srcdoc, "."]
            for slug, name in FRAMEWORK
        ],
    )
    with (target / "comments.csv").open("a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        for i, text in enumerate(payloads):
            writer.writerow(["W06000018", themes[i % 4], text])
    _write(
        target / "findings.csv",
        ["council_code", "theme", "order", "finding"] + WELSH_COLUMNS["findings.csv"],
        [["W06000018", themes[i % 4], i + 1, text, text] for i, text in enumerate(payloads)],
    )
    return target


def build_fixture_home(home: Path) -> Path:
    """Write the fixture data under ``home/data/raw`` and build them there; return ``home``."""
    import pytest

    from helpers.build import pipeline

    write_fixture_raw(home / "data" / "raw")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(config.HOME_ENV, str(home))
        pipeline.build()
    return home


def run_helpers(
    *args: str,
    home: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: int = 600,
    umask: int = -1,
) -> subprocess.CompletedProcess:
    """Run ``python -m helpers ARGS`` from the project root, as a user would.

    ``home``: the workbook home (``WORKBOOK_HOME``); ``env``: more variables;
    ``umask``: the command's (``-1``: this process's).
    Never raises on a non-zero exit: the caller checks ``returncode``.
    """
    extra = {config.HOME_ENV: str(home)} if home is not None else {}
    return subprocess.run(
        [sys.executable, "-m", "helpers", *args],
        cwd=config.PROJECT_ROOT,
        env={**os.environ, **extra, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        umask=umask,
        check=False,
    )


def write_template_cells(path: Path, parameters: str, cells: list[str]) -> Path:
    """Write a Python notebook of a tagged parameters cell and ``cells`` (code), with fixed ids."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    first = new_code_cell(parameters)
    first.metadata["tags"] = ["parameters"]
    nb = new_notebook(
        cells=[first, *(new_code_cell(source) for source in cells)],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
    )
    for number, cell in enumerate(nb.cells, start=1):
        cell.id = f"cell-{number}"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def write_minimal_template(path: Path) -> Path:
    """A report template of two cells (parameters, one print): renders in about a second.

    For the tests of the machinery around a report (keys, links, files), not of its content.
    """
    return write_template_cells(
        path, 'council_code = "W06000018"', ['print("report for", council_code)']
    )
