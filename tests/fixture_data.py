"""A small, valid raw data set built in code, shared by the tests.

Three councils, chosen to exercise the awkward cases:

* Caerphilly (W06000018): both groups, comfortable numbers.
* Newport (W06000022): officers only; members were not surveyed.
* Anglesey (W06000001): both groups, but only 3 elected members respond
  (small-number suppression, primary and secondary).

Tests copy it with :func:`write_fixture_raw` and then break one rule at a time.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

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

FRAMEWORK = [
    ("leadership", "Leadership"),
    ("standards", "Corporate Standards"),
    ("customer_data", "Integrated customer data"),
    ("protection", "Data Protection"),
    ("analytics", "Data analytics"),
    ("decisions", "Data Driven Decisions"),
    ("open_data", "Open Data"),
]


def write_fixture_raw(target: Path) -> Path:
    """Write the fixture data set into ``target`` (created) and return it."""
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
        ["question_id", "kind", "theme", "characteristic", "asked_of", "reverse", "text"],
        question_rows(),
    )
    _write(
        target / "responses.csv",
        ["respondent_id", "council_code", "group", *question_ids()],
        response_rows(),
    )
    _write(
        target / "framework.csv",
        ["characteristic", "name", "level_1", "level_2", "level_3"],
        [
            [slug, name, f"{name}: basic.", f"{name}: developing.", f"{name}: mature."]
            for slug, name in FRAMEWORK
        ],
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
        ["council_code", "theme", "order", "finding"],
        [
            ["W06000018", "vision", 1, "The council has a **clear data vision**."],
            ["W06000018", "vision", 2, "Silos remain:\n\n- housing\n- social care"],
            ["W06000018", "evidence", 1, "Views on evidence-based decisions are *mixed*."],
        ],
    )
    _write(target / "dataset.csv", ["data_date"], [[DATA_DATE]])
    return target
