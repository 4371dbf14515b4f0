"""Tests of helpers.data.contract: every rule of the data contract, one bad file at a time.

Each rule test starts from the valid fixture data set (``raw_dir``), breaks one
cell, row, column or file by editing the CSV text, and checks that the problem
line names the exact file, spreadsheet row and column.

Row numbers in the fixture (tests/fixture_data.py): in responses.csv the
submission with serial ``k`` is on row ``k + 1``; Anglesey officers are rows
2-13, Anglesey members 14-16, Caerphilly officers 17-32, Caerphilly members
33-40, Newport officers 41-50 and the empty submission is row 51. In
invitations.csv the rows are Anglesey officer (2), Anglesey member (3),
Caerphilly officer (4), Caerphilly member (5), Newport officer (6). In
questions.csv the seven level questions are rows 2-8, the likert questions
rows 9-16 and the text question row 17.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest
from fixture_data import COUNCILS, DATA_DATE, INVITED, question_ids, run_helpers

from helpers import config
from helpers.data import contract
from helpers.data.councils import CouncilRegistry
from helpers.errors import ContractError

# --------------------------------------------------------------------------
# Editing the fixture
# --------------------------------------------------------------------------


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def set_cell(raw: Path, name: str, line: int, column: str, value: str) -> None:
    """Set the cell on spreadsheet row ``line`` (header = 1) of ``column``."""
    rows = read_rows(raw / name)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(raw / name, rows)


def append_row(raw: Path, name: str, row: list[str]) -> None:
    rows = read_rows(raw / name)
    write_rows(raw / name, [*rows, row])


def drop_column(raw: Path, name: str, column: str) -> None:
    rows = read_rows(raw / name)
    position = rows[0].index(column)
    write_rows(raw / name, [r[:position] + r[position + 1 :] for r in rows])


def add_column(raw: Path, name: str, column: str, value: str = "") -> None:
    rows = read_rows(raw / name)
    write_rows(raw / name, [rows[0] + [column]] + [r + [value] for r in rows[1:]])


def cell(name: str, line: int, column: str, value: str) -> Callable[[Path], None]:
    return lambda raw: set_cell(raw, name, line, column, value)


def cells(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(raw: Path) -> None:
        for one in edits:
            one(raw)

    return edit


def problem_lines(report: contract.ValidationReport) -> list[str]:
    return [str(p) for p in report.problems]


def assert_problem(
    report: contract.ValidationReport,
    raw: Path,
    name: str,
    line: int | None,
    column: str | None,
    fragment: str,
) -> str:
    """Assert one problem line starts FILE:LINE: column COL: and contains ``fragment``."""
    where = str(raw / name) if line is None else f"{raw / name}:{line}"
    prefix = f"{where}: column {column}: " if column is not None else f"{where}: "
    found = [s for s in problem_lines(report) if s.startswith(prefix) and fragment in s]
    assert found, f"no problem {prefix!r} containing {fragment!r} in:\n" + "\n".join(
        problem_lines(report)
    )
    return found[0]


def folder_state(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
    }


# --------------------------------------------------------------------------
# The valid fixture
# --------------------------------------------------------------------------
N_RESPONSES = sum(n for groups in INVITED.values() for _inv, n in groups.values())


def test_fixture_is_valid(raw_dir: Path) -> None:
    report = contract.validate(raw_dir)
    assert report.problems == []
    assert report.ok
    assert report.summary.endswith(": valid")
    assert f"{N_RESPONSES} responses" in report.summary
    assert "1 empty submission dropped" in report.summary
    assert "9 files checked" in report.summary


def test_validate_defaults_to_the_workbook_raw_folder(workbook_home: Path) -> None:
    assert config.raw_dir() == workbook_home / "data" / "raw"
    report = contract.validate()
    assert report.problems == []
    assert report.summary.startswith(str(workbook_home / "data" / "raw"))


def test_load_raw_returns_canonical_frames(raw_dir: Path) -> None:
    raw = contract.load_raw(raw_dir)
    assert list(raw.councils.columns) == [
        "council_code",
        "name",
        "name_cy",
        "short_name",
        "short_name_cy",
    ]
    assert raw.councils["council_code"].tolist() == sorted(c[0] for c in COUNCILS)

    expected_invited = sorted(
        (code, group, invited)
        for code, groups in INVITED.items()
        for group, (invited, _n) in groups.items()
    )
    got = sorted(raw.invitations.itertuples(index=False, name=None))
    assert got == expected_invited
    assert raw.invitations["invited"].dtype == "int64"

    assert raw.questions["question_id"].tolist() == question_ids()
    assert raw.questions["reverse"].dtype == bool
    by_id = raw.questions.set_index("question_id")
    assert bool(by_id.loc["A_vision2", "reverse"]) is True
    assert bool(by_id.loc["A_vision1", "reverse"]) is False
    assert by_id.loc["A_vision2", "characteristic"] is None
    assert by_id.loc["T_barriers", "characteristic"] is None
    assert by_id.loc["L_open", "characteristic"] == "open_data"

    responses = raw.responses
    assert list(responses.columns) == ["respondent_id", "council_code", "group", *question_ids()]
    assert len(responses) == N_RESPONSES
    assert "R9999" not in set(responses["respondent_id"])
    assert all(responses[c].dtype == object for c in responses.columns)
    levels = set(responses[[q for q in question_ids() if q.startswith("L_")]].stack())
    assert levels == {*config.LEVEL_ANSWERS, None}
    likerts = set(responses[[q for q in question_ids() if q.startswith("A_")]].stack())
    assert likerts == {*config.LIKERT_SCORES, None}
    # empty answers are None, not "" or NaN
    assert responses["L_customer"][responses["group"] == "member"].map(lambda v: v is None).all()
    assert responses["T_barriers"].dropna().str.contains("\n").all()

    assert list(raw.framework["characteristic"]) == list(config.CHARACTERISTICS)
    public = raw.public_survey
    assert public is not None and len(public) == 40
    assert public["weight"].tolist() == [1.0] * 40
    assert public["council_code"].map(lambda v: v is None).sum() == 10
    assert set(public["satisfied"]) == set(config.PUBLIC_ANSWERS)
    assert list(raw.comments.columns) == ["council_code", "theme", "comment", "lang"]
    assert set(raw.comments["lang"]) == {"en"}  # no lang column: English
    assert len(raw.comments) == 3
    assert raw.findings[["theme", "order"]].values.tolist() == [
        ["vision", 1],
        ["vision", 2],
        ["evidence", 1],
    ]
    assert raw.findings["order"].dtype == "int64"
    assert raw.empty_submissions.values.tolist() == [["W06000018", "member", 1]]
    assert len(raw.fingerprint) == 12 and int(raw.fingerprint, 16) >= 0
    assert raw.data_date == DATA_DATE
    assert raw.registry.resolve("Caerphilly").code == "W06000018"


# --------------------------------------------------------------------------
# One test per rule
# --------------------------------------------------------------------------
C, IN, Q, R = "councils.csv", "invitations.csv", "questions.csv", "responses.csv"
P, F, CM, FD = "public_survey.csv", "framework.csv", "comments.csv", "findings.csv"
DS = "dataset.csv"

# fmt: off
RULES = [
    # councils.csv
    ("council code format", cell(C, 2, "council_code", "W6000001"), C, 2, "council_code",
     "'W6000001' is not a council code"),
    ("council code lower case", cell(C, 2, "council_code", "w06000001"), C, 2, "council_code",
     "'w06000001' is not a council code"),
    ("council code unique", cell(C, 4, "council_code", "W06000018"), C, 4, "council_code",
     "appears more than once, first on line 3 (expected each council code once)"),
    ("council code required", cell(C, 3, "council_code", ""), C, 3, "council_code", "is empty"),
    ("council name required", cell(C, 3, "name", " "), C, 3, "name", "is empty"),
    ("council Welsh name required", cell(C, 2, "name_cy", ""), C, 2, "name_cy", "is empty"),
    ("short name required", cell(C, 2, "short_name", ""), C, 2, "short_name", "is empty"),
    ("short name unique ignoring case", cell(C, 4, "short_name", "CAERPHILLY"), C, 4,
     "short_name", "'CAERPHILLY' is already the short name on line 3"),
    ("short name is not another code", cell(C, 4, "short_name", "W06000018"), C, 4,
     "short_name", "is the code of another council"),
    ("Welsh short name unique ignoring case where given",
     cells(lambda raw: add_column(raw, C, "short_name_cy"),
           cell(C, 2, "short_name_cy", "Caerffili"), cell(C, 4, "short_name_cy", "CAERFFILI")),
     C, 4,
     "short_name_cy", "'CAERFFILI' is already the Welsh short name on line 2"),
    ("councils column missing", lambda raw: drop_column(raw, C, "name_cy"), C, 1, "name_cy",
     "is missing from the header"),
    ("councils extra column", lambda raw: add_column(raw, C, "region", "south"), C, 1,
     "region", "is not a column of this file"),
    ("councils none", lambda raw: write_rows(raw / C, read_rows(raw / C)[:1]), C, None, None,
     "has no councils"),
    # invitations.csv
    ("invitation council known", cell(IN, 2, "council_code", "W06000099"), IN, 2,
     "council_code", "'W06000099' is not a council in councils.csv"),
    ("invitation council required", cell(IN, 2, "council_code", ""), IN, 2, "council_code",
     "is empty"),
    ("invitation group vocabulary", cell(IN, 3, "group", "officers"), IN, 3, "group",
     "'officers' is not a valid group (expected one of: officer, member)"),
    ("invitation group required", cell(IN, 3, "group", ""), IN, 3, "group", "is empty"),
    ("invited decimal", cell(IN, 2, "invited", "12.5"), IN, 2, "invited",
     "'12.5' is not a whole number of 1 or more"),
    ("invited text", cell(IN, 2, "invited", "abc"), IN, 2, "invited", "'abc' is not a whole"),
    ("invited zero", cell(IN, 4, "invited", "0"), IN, 4, "invited", "'0' is not a whole"),
    ("invited negative", cell(IN, 4, "invited", "-3"), IN, 4, "invited", "'-3' is not a whole"),
    ("invited thousands", cell(IN, 4, "invited", "1,000"), IN, 4, "invited", "'1,000' is not"),
    ("invited required", cell(IN, 6, "invited", ""), IN, 6, "invited", "is empty"),
    ("invitation pair unique", lambda raw: append_row(raw, IN, ["W06000022", "officer", "18"]),
     IN, 7, "group",
     "council W06000022 and group officer appear more than once, first on line 6 "
     "(expected each council and group once)"),
    ("responses exceed invited", cell(IN, 5, "invited", "7"), IN, 5, "invited",
     "8 responses received in responses.csv for council W06000018, group member, "
     "but only 7 invited"),
    # questions.csv
    ("question id pattern", cell(Q, 9, "question_id", "9bad"), Q, 9, "question_id",
     "'9bad' is not a valid question_id"),
    ("question id no spaces", cell(Q, 9, "question_id", "A vision"), Q, 9, "question_id",
     "'A vision' is not a valid question_id"),
    ("question id unique", cell(Q, 10, "question_id", "A_vision1"), Q, 10, "question_id",
     "appears more than once, first on line 9 (expected each question_id once)"),
    ("question id required", cell(Q, 10, "question_id", ""), Q, 10, "question_id", "is empty"),
    ("question id reserved", cell(Q, 9, "question_id", "council_code"), Q, 9, "question_id",
     "'council_code' is the name of a column of responses.csv"),
    ("question kind vocabulary", cell(Q, 9, "kind", "scale"), Q, 9, "kind",
     "'scale' is not a valid kind (expected one of: level, likert, text)"),
    ("question theme vocabulary", cell(Q, 9, "theme", "vison"), Q, 9, "theme",
     "'vison' is not a valid theme"),
    ("question asked_of vocabulary", cell(Q, 9, "asked_of", "everyone"), Q, 9, "asked_of",
     "'everyone' is not a valid asked_of value (expected one of: officer, member, both)"),
    ("question reverse vocabulary", cell(Q, 9, "reverse", "yes"), Q, 9, "reverse",
     "'yes' is not a valid reverse value (expected one of: true, false)"),
    ("question reverse only likert", cell(Q, 2, "reverse", "TRUE"), Q, 2, "reverse",
     "'true' given for a level question"),
    ("question reverse only likert (text)", cell(Q, 17, "reverse", "true"), Q, 17, "reverse",
     "'true' given for a text question"),
    ("level question needs characteristic", cell(Q, 2, "characteristic", ""), Q, 2,
     "characteristic", "is empty (expected for a level question one of: leadership, "),
    ("likert characteristic must be valid", cell(Q, 10, "characteristic", "lead"), Q, 10,
     "characteristic", "'lead' is not a valid characteristic"),
    ("text question has no characteristic", cell(Q, 17, "characteristic", "leadership"), Q, 17,
     "characteristic", "'leadership' given for a text question (expected empty)"),
    ("one level question per characteristic", cell(Q, 3, "characteristic", "leadership"), Q, 3,
     "characteristic",
     "a second level question for characteristic 'leadership', the first is on line 2 "
     "(expected exactly one level question per characteristic)"),
    ("every characteristic has a level question", cell(Q, 8, "kind", "likert"), Q, None,
     "characteristic", "no level question for characteristic 'open_data'"),
    ("level question theme is its characteristic's", cell(Q, 4, "theme", "skills"), Q, 4,
     "theme", "'skills' is not the theme of characteristic 'customer_data' (expected 'vision')"),
    ("question text required", cell(Q, 12, "text", ""), Q, 12, "text", "is empty"),
    ("questions column missing", lambda raw: drop_column(raw, Q, "asked_of"), Q, 1, "asked_of",
     "is missing from the header"),
    # responses.csv
    ("respondent id required", cell(R, 3, "respondent_id", ""), R, 3, "respondent_id",
     "is empty"),
    ("respondent id unique", cell(R, 5, "respondent_id", "R0001"), R, 5, "respondent_id",
     "repeats the respondent_id of line 2"),
    ("response council known", cell(R, 2, "council_code", "W06000099"), R, 2, "council_code",
     "'W06000099' is not a council in councils.csv"),
    ("response council required", cell(R, 2, "council_code", ""), R, 2, "council_code",
     "is empty"),
    ("response group vocabulary", cell(R, 17, "group", "staff"), R, 17, "group",
     "'staff' is not a valid group"),
    ("response group invited", cell(R, 41, "group", "member"), R, 41, "group",
     "'member' was not surveyed in W06000022"),
    ("likert answer vocabulary", cell(R, 14, "A_vision1", "Agreee"), R, 14, "A_vision1",
     "'Agreee' is not a valid answer (expected one of: Strongly agree, Agree, Neither agree "
     "nor disagree, Disagree, Strongly disagree, Don't know, or empty)"),
    ("level answer vocabulary", cell(R, 20, "L_open", "4"), R, 20, "L_open",
     "'4' is not a valid answer (expected one of: 1, 2, 3, Don't know, or empty)"),
    ("level answer is not a likert label", cell(R, 20, "L_open", "Agree"), R, 20, "L_open",
     "'Agree' is not a valid answer"),
    ("question not asked of the group", cell(R, 14, "L_customer", "2"), R, 14, "L_customer",
     "answered by group 'member', but the question is asked of Officers only"),
    ("member-only question answered by an officer", cell(R, 2, "A_skills2", "Agree"), R, 2,
     "A_skills2", "asked of Elected Members only"),
    ("question column missing", lambda raw: drop_column(raw, R, "A_evid2"), R, 1, "A_evid2",
     "is missing from the header (expected one column for every question of questions.csv)"),
    ("column that is not a question", lambda raw: add_column(raw, R, "Q99"), R, 1, "Q99",
     "is not a question in questions.csv"),
    ("question column duplicated", lambda raw: add_column(raw, R, "A_evid2"), R, 1, "A_evid2",
     "appears more than once in the header, as columns R and T (expected each column once)"),
    ("responses key column missing", lambda raw: drop_column(raw, R, "group"), R, 1, "group",
     "is missing from the header"),
    # public_survey.csv
    ("public respondent id required", cell(P, 4, "respondent_id", ""), P, 4, "respondent_id",
     "is empty"),
    ("public respondent id unique", cell(P, 4, "respondent_id", "P000"), P, 4, "respondent_id",
     "repeats the respondent_id of line 2"),
    ("public council known", cell(P, 3, "council_code", "W06000099"), P, 3, "council_code",
     "'W06000099' is not a council in councils.csv"),
    ("public satisfied vocabulary", cell(P, 2, "satisfied", "maybe"), P, 2, "satisfied",
     "'maybe' is not a valid answer (expected one of: yes, no, don't know)"),
    ("public told vocabulary", cell(P, 7, "told", "y"), P, 7, "told", "'y' is not a valid"),
    ("public weight positive", lambda raw: add_column(raw, P, "weight", "0"), P, 2, "weight",
     "'0' is not a valid weight (expected a number greater than 0"),
    ("public weight number",
     cells(lambda raw: add_column(raw, P, "weight", "1"), cell(P, 5, "weight", "heavy")), P, 5,
     "weight", "'heavy' is not a valid weight"),
    ("public extra column", lambda raw: add_column(raw, P, "age", "40"), P, 1, "age",
     "is not a column of this file"),
    # framework.csv
    ("framework characteristic vocabulary", cell(F, 2, "characteristic", "leader"), F, 2,
     "characteristic", "'leader' is not a valid characteristic"),
    ("framework characteristic once", cell(F, 3, "characteristic", "leadership"), F, 3,
     "characteristic",
     "'leadership' appears more than once, first on line 2 (expected each characteristic once)"),
    ("framework characteristic present", cell(F, 8, "characteristic", "leadership"), F, None,
     "characteristic", "no row for characteristic 'open_data'"),
    ("framework name required", cell(F, 5, "name", ""), F, 5, "name", "is empty"),
    ("framework level text required", cell(F, 6, "level_3", ""), F, 6, "level_3",
     "is empty (expected the Level 3 descriptor)"),
    # comments.csv
    ("comment council known", cell(CM, 3, "council_code", "W06000099"), CM, 3, "council_code",
     "is not a council in councils.csv"),
    ("comment theme vocabulary", cell(CM, 2, "theme", "data"), CM, 2, "theme",
     "'data' is not a valid theme"),
    ("comment required", cell(CM, 4, "comment", ""), CM, 4, "comment", "is empty"),
    # findings.csv
    ("finding council known", cell(FD, 2, "council_code", "W06000099"), FD, 2, "council_code",
     "is not a council in councils.csv"),
    ("finding theme vocabulary", cell(FD, 3, "theme", "vision2"), FD, 3, "theme",
     "'vision2' is not a valid theme"),
    ("finding order at least 1", cell(FD, 2, "order", "0"), FD, 2, "order",
     "'0' is not a whole number of 1 or more"),
    ("finding order whole", cell(FD, 2, "order", "1.5"), FD, 2, "order",
     "'1.5' is not a whole number"),
    ("finding order unique", cell(FD, 3, "order", "1"), FD, 3, "order",
     "council W06000018, theme vision, order 1 appears more than once, first on line 2 "
     "(expected each council, theme and order once)"),
    ("finding required", cell(FD, 4, "finding", ""), FD, 4, "finding", "is empty"),
    # dataset.csv
    ("dataset date ISO", cell(DS, 2, "data_date", "15/03/2019"), DS, 2, "data_date",
     "'15/03/2019' is not a date written YYYY-MM-DD (expected the date the survey answers were "
     "extracted, as YYYY-MM-DD, e.g. 2018-06-29; a date such as 06/12/2018 is ambiguous)"),
    ("dataset date without time", cell(DS, 2, "data_date", "2019-03-15 10:00"), DS, 2,
     "data_date", "'2019-03-15 10:00' is not a date written YYYY-MM-DD"),
    ("dataset date in the calendar", cell(DS, 2, "data_date", "2019-02-29"), DS, 2, "data_date",
     "'2019-02-29' is not a day of the calendar"),
    ("dataset date required", cell(DS, 2, "data_date", ""), DS, None, None,
     "has no row (expected one row: data_date"),  # a blank row, skipped
    ("dataset date required beside another column",
     cells(lambda raw: add_column(raw, DS, "title", "Survey"), cell(DS, 2, "data_date", "")),
     DS, 2, "data_date", "is empty (expected the date the survey answers were extracted"),
    ("dataset one row", lambda raw: append_row(raw, DS, ["2019-04-01"]), DS, 3, None,
     "is a second row (expected one row: a data set has one date; the first is on line 2)"),
    ("dataset no row", lambda raw: write_rows(raw / DS, [["data_date"]]), DS, None, None,
     "has no row (expected one row: data_date"),
    ("dataset extra column", lambda raw: add_column(raw, DS, "title", "Survey"), DS, 1, "title",
     "is not a column of this file (expected one of: data_date)"),
    ("dataset column name", lambda raw: write_rows(raw / DS, [["date"], ["2019-03-15"]]), DS, 1,
     "data_date", "is missing from the header"),
    # files
    ("required file missing", lambda raw: (raw / IN).unlink(), IN, None, None,
     "required file is missing"),
    ("empty file", lambda raw: (raw / F).write_text(""), F, None, None, "is empty"),
    ("too many fields", lambda raw: append_row(raw, CM, ["W06000018", "skills", "a", "b"]), CM,
     5, None, "has 4 fields but the header has 3"),
    ("too few fields", lambda raw: append_row(raw, FD, ["W06000018", "skills"]), FD, 5, None,
     "has 2 fields but the header has 5"),
]
# fmt: on


@pytest.mark.parametrize(
    ("edit", "name", "line", "column", "fragment"),
    [pytest.param(*case[1:], id=case[0]) for case in RULES],
)
def test_rule(raw_dir: Path, edit, name, line, column, fragment) -> None:
    edit(raw_dir)
    report = contract.validate(raw_dir)
    assert_problem(report, raw_dir, name, line, column, fragment)
    assert report.summary.endswith("problems") or report.summary.endswith("1 problem")


@pytest.mark.parametrize(
    ("name", "column"),
    [(name, column) for name, (required, _) in contract.SCHEMAS.items() for column in required],
)
def test_every_missing_required_column_is_reported(raw_dir: Path, name: str, column: str) -> None:
    if read_rows(raw_dir / name)[0] == [column]:  # its only column (dataset.csv): renamed
        add_column(raw_dir, name, "other", "x")
    drop_column(raw_dir, name, column)
    report = contract.validate(raw_dir)
    assert_problem(report, raw_dir, name, 1, column, "is missing from the header")


def test_duplicated_respondent_id_is_not_echoed(raw_dir: Path) -> None:
    set_cell(raw_dir, R, 5, "respondent_id", "R0001")
    report = contract.validate(raw_dir)
    line = assert_problem(report, raw_dir, R, 5, "respondent_id", "line 2")
    assert "R0001" not in line


def test_unknown_column_suggests_the_close_name(raw_dir: Path) -> None:
    rows = read_rows(raw_dir / C)
    rows[0][rows[0].index("short_name")] = "shortname"
    write_rows(raw_dir / C, rows)
    report = contract.validate(raw_dir)
    assert_problem(report, raw_dir, C, 1, "shortname", "did you mean 'short_name'?")
    assert_problem(report, raw_dir, C, 1, "short_name", "is missing from the header")


def test_text_answer_not_asked_of_the_group_is_reported_without_its_text(raw_dir: Path) -> None:
    set_cell(raw_dir, Q, 17, "asked_of", "officer")
    set_cell(raw_dir, R, 14, "T_barriers", "Secret opinion of a member")
    report = contract.validate(raw_dir)
    line = assert_problem(report, raw_dir, R, 14, "T_barriers", "asked of Officers only")
    assert "Secret" not in line


@pytest.mark.parametrize("value", ["12", "12.0", " 12 ", "012"])
def test_whole_number_spellings_accepted(raw_dir: Path, value: str) -> None:
    set_cell(raw_dir, IN, 3, "invited", value)  # Anglesey members: 3 responses
    raw = contract.load_raw(raw_dir)
    row = raw.invitations.set_index(["council_code", "group"]).loc[("W06000001", "member")]
    assert row["invited"] == 12


def test_undecodable_bytes_reported_with_row_and_column(raw_dir: Path) -> None:
    data = (raw_dir / C).read_bytes()
    (raw_dir / C).write_bytes(data.replace("Môn".encode(), "Môn".encode("latin-1")))
    report = contract.validate(raw_dir)
    assert_problem(report, raw_dir, C, 2, "name_cy", "is not valid UTF-8")
    assert len(report.problems) == 1


def test_unclosed_quote_is_a_problem_not_a_traceback(raw_dir: Path) -> None:
    text = (raw_dir / CM).read_text(encoding="utf-8")
    (raw_dir / CM).write_text(text.replace("Analysts are", '"Analysts are'), encoding="utf-8")
    report = contract.validate(raw_dir)
    assert problem_lines(report) == [
        f"{raw_dir / CM}:4: cannot be read as CSV: a double quote opens a text on this row "
        "that is never closed (expected a closing double quote)"
    ]


def test_stray_double_quote_is_a_problem_not_a_traceback(raw_dir: Path) -> None:
    text = (raw_dir / FD).read_text(encoding="utf-8")
    text = text.replace(",1,The council has", ',1,"The council" has')
    (raw_dir / FD).write_text(text, encoding="utf-8")
    set_cell(raw_dir, R, 14, "A_vision1", "Agreee")
    report = contract.validate(raw_dir)
    assert_problem(report, raw_dir, FD, 2, None, "cannot be read as CSV: a stray double quote")
    # the other files are still checked
    assert_problem(report, raw_dir, R, 14, "A_vision1", "'Agreee' is not a valid answer")


# --------------------------------------------------------------------------
# Files that are not comma-separated UTF-8, or not where expected
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("encoding", "named"), [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-32", "UTF-32")]
)
def test_utf16_and_utf32_files_are_one_problem(raw_dir: Path, encoding: str, named: str) -> None:
    text = (raw_dir / C).read_text(encoding="utf-8")
    (raw_dir / C).write_bytes(text.encode(encoding))
    report = contract.validate(raw_dir)
    assert len(report.problems) == 1
    assert str(report.problems[0]).startswith(f"{raw_dir / C}: is {named}")
    assert str(report.problems[0]).endswith("(expected UTF-8: save the file as 'CSV UTF-8')")


@pytest.mark.parametrize(
    ("delimiter", "word"), [(";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")]
)
def test_other_delimiter_is_one_problem(raw_dir: Path, delimiter: str, word: str) -> None:
    rows = read_rows(raw_dir / R)
    with (raw_dir / R).open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter, lineterminator="\n").writerows(rows)
    report = contract.validate(raw_dir)
    assert problem_lines(report) == [
        f"{raw_dir / R}:1: columns are separated by {word} (expected commas, as in "
        "'CSV UTF-8 (Comma delimited)')"
    ]


def test_spreadsheet_sep_line_is_one_problem(raw_dir: Path) -> None:
    (raw_dir / IN).write_bytes(b"sep=,\r\n" + (raw_dir / IN).read_bytes())
    report = contract.validate(raw_dir)
    assert problem_lines(report) == [
        f"{raw_dir / IN}:1: 'sep=,' is a spreadsheet setting, not a header (expected the "
        "header row on line 1: council_code, group, invited; delete this line)"
    ]


def test_long_text_is_accepted(raw_dir: Path) -> None:
    limit = csv.field_size_limit()
    set_cell(raw_dir, FD, 2, "finding", "word " * 60_000)  # 300,000 characters
    assert contract.validate(raw_dir).problems == []
    assert len(contract.load_raw(raw_dir).findings["finding"][0]) == 299_999
    assert csv.field_size_limit() == limit  # the csv module's setting is restored


@pytest.mark.parametrize("name", [C, P])
def test_folder_in_place_of_a_file_is_a_problem(raw_dir: Path, name: str) -> None:
    (raw_dir / name).unlink()
    (raw_dir / name).mkdir()
    report = contract.validate(raw_dir)
    assert len(report.problems) == 1
    assert_problem(report, raw_dir, name, None, None, "is not a file (expected a CSV file: ")


def test_broken_link_is_a_problem(raw_dir: Path) -> None:
    (raw_dir / CM).unlink()
    (raw_dir / CM).symlink_to(raw_dir / "elsewhere.csv")
    report = contract.validate(raw_dir)
    assert len(report.problems) == 1
    assert_problem(report, raw_dir, CM, None, None, "is a broken link (expected a CSV file")


@pytest.mark.parametrize(("name", "other"), [(C, "Councils.csv"), (FD, "FINDINGS.CSV")])
def test_file_name_in_another_case_is_a_problem(raw_dir: Path, name: str, other: str) -> None:
    (raw_dir / name).rename(raw_dir / other)
    if (raw_dir / name).exists():
        pytest.skip("case-insensitive file system: the file is read under either name")
    report = contract.validate(raw_dir)
    assert problem_lines(report) == [
        f"{raw_dir / other}: is not read (expected the name {name}, in lower case)"
    ]


def test_required_file_saved_in_another_format_is_named(raw_dir: Path) -> None:
    (raw_dir / R).rename(raw_dir / "responses.xlsx")
    report = contract.validate(raw_dir)
    assert problem_lines(report) == [
        f"{raw_dir / R}: required file is missing (expected a CSV file with columns: "
        "respondent_id, council_code, group; responses.xlsx is not read)"
    ]


def test_unnamed_column_with_a_value(raw_dir: Path) -> None:
    rows = read_rows(raw_dir / IN)
    rows = [r[:1] + [""] + r[1:] for r in rows]
    rows[3][1] = "note"
    write_rows(raw_dir / IN, rows)
    report = contract.validate(raw_dir)
    assert problem_lines(report) == [
        f"{raw_dir / IN}:4: column B: 'note' is in a column with no name in the header "
        "(expected a column name on line 1: council_code, group, invited)"
    ]


def test_invisible_characters_are_shown_escaped(raw_dir: Path) -> None:
    set_cell(raw_dir, R, 14, "A_vision1", "Agree\u200b")  # a zero-width space
    rows = read_rows(raw_dir / C)
    rows[0][rows[0].index("name")] = "\ufeffname"  # a second byte-order mark
    write_rows(raw_dir / C, rows)
    lines = problem_lines(contract.validate(raw_dir))
    assert lines[0].startswith(f"{raw_dir / C}:1: column \\ufeffname: is not a column")
    assert f"{raw_dir / R}:14: column A_vision1: 'Agree\\u200b' is not a valid answer" in lines[2]


#: Every free text a report prints, with a row of the fixture that has it.
TEXT_CELLS = [
    (C, 3, "name"),
    (C, 3, "name_cy"),
    (C, 3, "short_name"),
    (Q, 9, "text"),
    (Q, 9, "text_cy"),
    (F, 2, "name"),
    (F, 2, "level_1"),
    (F, 2, "level_2"),
    (F, 2, "level_3"),
    (F, 2, "name_cy"),
    (F, 2, "level_1_cy"),
    (F, 2, "level_2_cy"),
    (F, 2, "level_3_cy"),
    (CM, 2, "comment"),
    (FD, 2, "finding"),
    (FD, 2, "finding_cy"),
]
BIDI = [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]


def test_every_printed_text_is_checked_for_bidirectional_controls() -> None:
    checked = {
        (name, column) for name, columns in contract.TEXT_COLUMNS.items() for column in columns
    }
    assert checked == {(name, column) for name, _row, column in TEXT_CELLS} | {(C, "short_name_cy")}
    assert list(contract.BIDI_CONTROLS) == BIDI


@pytest.mark.parametrize(("name", "row", "column"), TEXT_CELLS)
def test_a_bidirectional_control_in_a_printed_text_is_refused(
    raw_dir: Path, name: str, row: int, column: str
) -> None:
    set_cell(raw_dir, name, row, column, "Caerphilly \u202eliam-e")
    lines = problem_lines(contract.validate(raw_dir))
    assert lines == [
        f"{raw_dir / name}:{row}: column {column}: 'Caerphilly \\u202eliam-e' holds U+202E "
        "RIGHT-TO-LEFT OVERRIDE, a bidirectional control that can reverse the text around it "
        "on a page (expected text without the characters U+202A to U+202E and U+2066 to "
        "U+2069)"
    ]


@pytest.mark.parametrize("char", BIDI, ids=[f"U+{ord(c):04X}" for c in BIDI])
def test_every_bidirectional_control_is_refused(raw_dir: Path, char: str) -> None:
    long = "A comment long enough that the character is cut off the quoted value: " + char
    set_cell(raw_dir, CM, 3, "comment", long)
    (problem,) = contract.validate(raw_dir).problems
    assert (problem.line, problem.column) == (3, "comment")
    assert f"holds U+{ord(char):04X} " in problem.message  # named though the value is cut


def test_a_welsh_short_name_with_a_bidirectional_control_is_refused(raw_dir: Path) -> None:
    rows = read_rows(raw_dir / C)
    rows = [[*rows[0], "short_name_cy"]] + [
        [*r, f"{r[3][:4]}\u2067"]
        for r in rows[1:]  # Welsh short names that differ
    ]
    write_rows(raw_dir / C, rows)
    lines = problem_lines(contract.validate(raw_dir))
    assert [line.split(": column ")[0] for line in lines] == [
        f"{raw_dir / C}:{n}" for n in (2, 3, 4)
    ]
    assert all(
        "short_name_cy: '" in line and "\\u2067' holds U+2067 RIGHT-TO-LEFT ISOLATE" in line
        for line in lines
    )


def test_the_redaction_mark_in_a_raw_comment_is_refused(raw_dir: Path) -> None:
    set_cell(raw_dir, CM, 2, "comment", f"See {config.REDACTION_MARK} here")
    set_cell(raw_dir, FD, 2, "finding", f"A finding may hold {config.REDACTION_MARK}")
    lines = problem_lines(contract.validate(raw_dir))
    assert lines == [
        f"{raw_dir / CM}:2: column comment: 'See \ufffc here' holds U+FFFC OBJECT "
        "REPLACEMENT CHARACTER, which marks text removed by build (expected a comment "
        "without it)"
    ]


@pytest.mark.parametrize(
    ("name", "row", "column"),
    [(C, 3, "council_code"), (IN, 6, "group"), (Q, 17, "question_id")],
)
def test_unreadable_row_does_not_cascade(raw_dir: Path, name: str, row: int, column: str) -> None:
    """A row with too many fields is one problem, not a flood of unknown codes or columns."""
    rows = read_rows(raw_dir / name)
    rows[row - 1].append("stray")
    write_rows(raw_dir / name, rows)
    report = contract.validate(raw_dir)
    assert [(p.line, p.column) for p in report.problems] == [(row, None)]
    assert "has" in str(report.problems[0]) and "(expected" in str(report.problems[0])


@pytest.mark.parametrize("qid", ["parts", "value", "first", "raw", "group"])
def test_a_question_named_like_a_message_field(raw_dir: Path, qid: str) -> None:
    """A question id that is also a name the messages use changes no message."""
    for name in (Q, R):
        text = (raw_dir / name).read_text(encoding="utf-8")
        (raw_dir / name).write_text(text.replace("A_skills2", qid), encoding="utf-8")
    if qid == "group":  # a column of responses.csv: refused as a question id
        assert_problem(contract.validate(raw_dir), raw_dir, Q, 14, "question_id", "'group' is")
        return
    set_cell(raw_dir, R, 2, qid, "Agree")  # an officer answers a question for members
    set_cell(raw_dir, R, 41, "group", "member")  # a group Newport did not survey
    report = contract.validate(raw_dir)
    assert_problem(report, raw_dir, R, 2, qid, "answered by group 'officer', but the question")
    assert_problem(report, raw_dir, R, 41, "group", "'member' was not surveyed in W06000022")


def test_a_check_that_cannot_run_is_an_error_not_a_pass() -> None:
    from helpers.data.contract import formatter, problems, schemas

    broken = schemas.check(lambda s: s.str.nonexistent(), "{value} is bad")
    schema = pa.DataFrameSchema({"a": pa.Column(None, [broken], nullable=True)})
    frame = pd.DataFrame({"a": ["x"]}, index=[2], dtype=object)
    with pytest.raises(RuntimeError, match="failed to run"):
        formatter.check_table(frame, schema, "t.csv", problems.Problems(), {"a"})


def test_councils_with_only_unreadable_rows_get_one_problem_per_row(raw_dir: Path) -> None:
    """Not also "has no councils": the rows are there, they cannot be read."""
    rows = read_rows(raw_dir / C)
    write_rows(raw_dir / C, [rows[0], [*rows[1], "stray"], [*rows[2], "stray"]])
    report = contract.validate(raw_dir)
    councils = [(p.line, p.column) for p in report.problems if Path(p.file).name == C]
    assert councils == [(2, None), (3, None)]


def test_close_name_suggested_only_if_absent(raw_dir: Path) -> None:
    add_column(raw_dir, R, "A_vision3")
    report = contract.validate(raw_dir)
    line = assert_problem(report, raw_dir, R, 1, "A_vision3", "is not a question")
    assert "did you mean" not in line  # A_vision1 and A_vision2 are both there
    drop_column(raw_dir, R, "A_vision2")
    report = contract.validate(raw_dir)
    assert_problem(report, raw_dir, R, 1, "A_vision3", "did you mean 'A_vision2'?")


def test_large_whole_number_is_a_whole_number(raw_dir: Path) -> None:
    set_cell(raw_dir, IN, 2, "invited", "1234567890")
    assert contract.validate(raw_dir).problems == []


def test_text_line_of_an_unreadable_row(raw_dir: Path) -> None:
    """The row of a CSV error is given as a spreadsheet and as a text editor number it."""
    text = (raw_dir / FD).read_text(encoding="utf-8")
    (raw_dir / FD).write_text(text + 'W06000018,skills,1,"never closed\n', encoding="utf-8")
    physical = text.count("\n") + 1
    report = contract.validate(raw_dir)
    assert problem_lines(report) == [
        f"{raw_dir / FD}:5: cannot be read as CSV: a double quote opens a text on this row "
        f"that is never closed (expected a closing double quote) [line {physical} in a text "
        "editor]"
    ]


def test_every_problem_has_the_documented_form(raw_dir: Path) -> None:
    """FILE[:LINE][: column COL]: problem (expected ...), for every kind of problem."""
    set_cell(raw_dir, C, 3, "council_code", "W06000001")
    set_cell(raw_dir, C, 4, "short_name", "isle of anglesey")
    append_row(raw_dir, IN, ["W06000001", "officer", "0"])
    set_cell(raw_dir, IN, 5, "invited", "2")
    set_cell(raw_dir, Q, 10, "question_id", "A_vision1")
    set_cell(raw_dir, Q, 2, "characteristic", "")
    set_cell(raw_dir, Q, 3, "reverse", "true")
    set_cell(raw_dir, Q, 17, "characteristic", "leadership")
    add_column(raw_dir, Q, "notes")
    set_cell(raw_dir, R, 5, "respondent_id", "R0001")
    set_cell(raw_dir, R, 14, "L_customer", "2")
    set_cell(raw_dir, R, 20, "council_code", "W06000099")
    set_cell(raw_dir, R, 41, "group", "member")
    drop_column(raw_dir, R, "A_evid2")
    add_column(raw_dir, R, "Q99")
    set_cell(raw_dir, P, 3, "told", "maybe")
    set_cell(raw_dir, F, 3, "characteristic", "leadership")
    set_cell(raw_dir, CM, 2, "comment", "")
    append_row(raw_dir, CM, ["W06000018", "skills", "a", "b"])
    set_cell(raw_dir, FD, 3, "order", "1")
    set_cell(raw_dir, DS, 2, "data_date", "2019-3-15")
    report = contract.validate(raw_dir)
    form = re.compile(
        r"^(?P<file>\S+\.csv)(?::(?P<line>\d+))?(?:: column (?P<column>[^:]+))?: "
        r".+ \(expected .+\)(?: \[line \d+ in a text editor\])?$"
    )
    lines = problem_lines(report)
    assert len(lines) >= 20
    bad = [line for line in lines if not form.match(line)]
    assert bad == []
    assert {Path(form.match(line)["file"]).name for line in lines} == set(contract.CONTRACT_FILES)


# --------------------------------------------------------------------------
# Every problem at once; the cap
# --------------------------------------------------------------------------
def test_all_problems_reported_at_once_in_file_and_row_order(raw_dir: Path) -> None:
    set_cell(raw_dir, FD, 2, "order", "0")
    set_cell(raw_dir, R, 30, "A_prot1", "Agreee")
    set_cell(raw_dir, R, 14, "L_leadership", "5")
    set_cell(raw_dir, R, 14, "A_vision1", "yes")
    set_cell(raw_dir, C, 3, "name", "")
    report = contract.validate(raw_dir)
    expected = [
        (C, 3, "name"),
        (R, 14, "L_leadership"),
        (R, 14, "A_vision1"),
        (R, 30, "A_prot1"),
        (FD, 2, "order"),
    ]
    assert [(Path(p.file).name, p.line, p.column) for p in report.problems] == expected
    assert report.summary.endswith(": 5 problems")


def test_problems_are_capped_with_a_closing_count(raw_dir: Path) -> None:
    rows = read_rows(raw_dir / R)
    width = len(rows[0])
    position = rows[0].index("A_evid1")
    extra = []
    for i in range(600):
        row = [f"X{i:04d}", "W06000018", "officer"] + [""] * (width - 3)
        row[position] = "Agreee"
        extra.append(row)
    write_rows(raw_dir / R, rows + extra)
    set_cell(raw_dir, IN, 4, "invited", "1000")
    report = contract.validate(raw_dir)
    assert len(report.problems) == contract.MAX_PROBLEMS + 1
    assert str(report.problems[-1]) == f"... and {600 - contract.MAX_PROBLEMS} more problems"
    assert report.summary.endswith(": 600 problems")
    lines = [p.line for p in report.problems[:-1]]
    assert lines == list(range(52, 52 + contract.MAX_PROBLEMS))


def test_broken_councils_file_still_checks_the_others(raw_dir: Path) -> None:
    (raw_dir / C).unlink()
    set_cell(raw_dir, R, 14, "A_vision1", "Agreee")
    set_cell(raw_dir, FD, 3, "theme", "vision2")
    report = contract.validate(raw_dir)
    assert_problem(report, raw_dir, C, None, None, "required file is missing")
    assert_problem(report, raw_dir, R, 14, "A_vision1", "'Agreee' is not a valid answer")
    assert_problem(report, raw_dir, FD, 3, "theme", "'vision2' is not a valid theme")
    # No flood of "not a council" lines when the councils are unknown.
    assert not [s for s in problem_lines(report) if "is not a council" in s]
    assert len(report.problems) == 3


def test_malformed_code_in_councils_is_reported_once(raw_dir: Path) -> None:
    # Every file refers to the same malformed code: only councils.csv reports it.
    for name in (C, IN, R, P, CM, FD):
        path = raw_dir / name
        path.write_text(path.read_text(encoding="utf-8").replace("W06000022", "W6000022"))
    report = contract.validate(raw_dir)
    assert problem_lines(report) == [
        f"{raw_dir / C}:4: column council_code: 'W6000022' is not a council code "
        "(expected W06 and six digits, e.g. W06000018)"
    ]


# --------------------------------------------------------------------------
# Lenient reading, canonical values
# --------------------------------------------------------------------------
def test_bom_white_space_case_and_apostrophes_accepted_and_canonicalised(raw_dir: Path) -> None:
    set_cell(raw_dir, R, 2, "A_vision1", "  strongly AGREE ")
    set_cell(raw_dir, R, 2, "A_vision2", "Don\u2019t Know")
    set_cell(raw_dir, R, 2, "A_prot1", "don\u2018t know")
    set_cell(raw_dir, R, 2, "A_prot2", "neither  agree nor DISAGREE")
    set_cell(raw_dir, R, 2, "L_leadership", " 3 ")
    set_cell(raw_dir, R, 2, "L_standards", "DON'T KNOW")
    set_cell(raw_dir, R, 2, "group", " Officer ")
    set_cell(raw_dir, R, 2, "T_barriers", "  Too many spreadsheets.  ")
    set_cell(raw_dir, P, 2, "satisfied", "Don\u2019t Know")
    set_cell(raw_dir, P, 2, "told", " YES")
    set_cell(raw_dir, Q, 9, "kind", "Likert")
    set_cell(raw_dir, Q, 10, "reverse", " TRUE ")
    set_cell(raw_dir, IN, 2, "group", "OFFICER")
    # A byte-order mark and spaces around the header names.
    text = (raw_dir / R).read_text(encoding="utf-8")
    text = text.replace("respondent_id,council_code,", " respondent_id , council_code ,", 1)
    (raw_dir / R).write_text("\ufeff" + text, encoding="utf-8")
    (raw_dir / C).write_bytes(b"\xef\xbb\xbf" + (raw_dir / C).read_bytes())

    report = contract.validate(raw_dir)
    assert report.problems == []
    raw = contract.load_raw(raw_dir)
    first = raw.responses.iloc[0]
    assert first["respondent_id"] == "R0001"
    assert first["group"] == "officer"
    assert first["A_vision1"] == "Strongly agree"
    assert first["A_vision2"] == "Don't know"
    assert first["A_prot1"] == "Don't know"
    assert first["A_prot2"] == "Neither agree nor disagree"
    assert first["L_leadership"] == "3"
    assert first["L_standards"] == "Don't know"
    assert first["T_barriers"] == "Too many spreadsheets."
    public = raw.public_survey.iloc[0]
    assert (public["satisfied"], public["told"]) == ("don't know", "yes")
    questions = raw.questions.set_index("question_id")
    assert questions.loc["A_vision1", "kind"] == "likert"
    assert bool(questions.loc["A_vision2", "reverse"]) is True
    assert raw.councils["council_code"].iloc[0] == "W06000001"
    assert raw.invitations["group"].iloc[0] == "officer"


def test_blank_rows_are_skipped_but_counted_in_row_numbers(raw_dir: Path) -> None:
    text = (raw_dir / FD).read_text(encoding="utf-8")
    lines = text.split("\n")
    # a blank line and a row of empty cells after the header
    (raw_dir / FD).write_text("\n".join([lines[0], "", ",,,", *lines[1:]]), encoding="utf-8")
    set_cell(raw_dir, FD, 4, "order", "0")  # the first finding, now on row 4
    report = contract.validate(raw_dir)
    assert problem_lines(report) == [
        f"{raw_dir / FD}:4: column order: '0' is not a whole number of 1 or more "
        "(expected e.g. 12 or 12.0)"
    ]


def test_embedded_line_break_keeps_row_numbers(raw_dir: Path) -> None:
    # Submissions 5, 10, 15, 20 and 25 have a two-line text answer before row 30.
    text = (raw_dir / R).read_text(encoding="utf-8")
    physical = text.split("\n")
    record_30 = next(i for i, line in enumerate(physical, start=1) if line.startswith("R0029,"))
    assert record_30 == 35  # five embedded line breaks above it
    set_cell(raw_dir, R, 30, "A_evid1", "Agreee")
    report = contract.validate(raw_dir)
    assert problem_lines(report) == [
        f"{raw_dir / R}:30: column A_evid1: 'Agreee' is not a valid answer (expected one of: "
        "Strongly agree, Agree, Neither agree nor disagree, Disagree, Strongly disagree, "
        "Don't know, or empty) [line 35 in a text editor]"
    ]


def test_empty_submissions_are_dropped_and_counted(raw_dir: Path) -> None:
    width = len(read_rows(raw_dir / R)[0])
    # A second empty submission, with white space only, from Anglesey officers.
    append_row(raw_dir, R, ["R9998", "W06000001", "officer"] + ["  "] * (width - 3))
    report = contract.validate(raw_dir)
    assert report.problems == []
    assert f"{N_RESPONSES} responses, 2 empty submissions dropped" in report.summary
    raw = contract.load_raw(raw_dir)
    assert len(raw.responses) == N_RESPONSES
    assert not {"R9998", "R9999"} & set(raw.responses["respondent_id"])
    assert raw.empty_submissions.values.tolist() == [
        ["W06000001", "officer", 1],
        ["W06000018", "member", 1],
    ]


def test_empty_submissions_do_not_count_against_invited(raw_dir: Path) -> None:
    # Caerphilly members: 8 answered, 1 empty submission; 8 invited is enough.
    set_cell(raw_dir, IN, 5, "invited", "8")
    assert contract.validate(raw_dir).problems == []


def test_optional_files_may_be_absent(raw_dir: Path) -> None:
    for name in (P, CM, FD, DS):
        (raw_dir / name).unlink()
    report = contract.validate(raw_dir)
    assert report.problems == []
    assert "5 files checked" in report.summary
    raw = contract.load_raw(raw_dir)
    assert raw.public_survey is None
    assert list(raw.comments.columns) == ["council_code", "theme", "comment", "lang"]
    assert raw.comments.empty
    assert list(raw.findings.columns) == ["council_code", "theme", "order", "finding", "finding_cy"]
    assert raw.findings.empty
    assert raw.data_date == ""  # no dataset.csv: no date, never a file time


def test_public_survey_weights(raw_dir: Path) -> None:
    add_column(raw_dir, P, "weight", "2.5")
    set_cell(raw_dir, P, 3, "weight", "")
    raw = contract.load_raw(raw_dir)
    weights = raw.public_survey["weight"].tolist()
    assert weights[:3] == [2.5, 1.0, 2.5]
    assert raw.public_survey["weight"].dtype == float


def test_other_files_in_the_folder_are_ignored(raw_dir: Path) -> None:
    (raw_dir / "README.md").write_text("Put the survey exports here.\n")
    (raw_dir / "notes.csv").write_text("not,a,contract,file\n1\n")
    before = contract.load_raw(raw_dir).fingerprint
    report = contract.validate(raw_dir)
    assert report.problems == []
    (raw_dir / "notes.csv").write_text("changed\n")
    assert contract.load_raw(raw_dir).fingerprint == before


def test_fingerprint_and_data_date(raw_dir: Path) -> None:
    raw = contract.load_raw(raw_dir)
    assert raw.data_date == DATA_DATE  # from dataset.csv

    digest = hashlib.sha256()
    for name in sorted(contract.CONTRACT_FILES):
        digest.update(name.encode() + b"\0" + (raw_dir / name).read_bytes() + b"\0")
    assert raw.fingerprint == digest.hexdigest()[:12]
    assert contract.raw_fingerprint(raw_dir) == raw.fingerprint  # without loading

    set_cell(raw_dir, CM, 4, "comment", "Analysts are stretched.")
    assert contract.load_raw(raw_dir).fingerprint != raw.fingerprint
    assert contract.raw_fingerprint(raw_dir) == contract.load_raw(raw_dir).fingerprint


def test_file_times_change_neither_the_date_nor_the_fingerprint(raw_dir: Path) -> None:
    before = contract.load_raw(raw_dir)
    for days, path in enumerate(sorted(raw_dir.iterdir())):
        stamp = datetime(2001 + days, 1, 2, tzinfo=UTC).timestamp()
        os.utime(path, (stamp, stamp))
    after = contract.load_raw(raw_dir)
    assert (after.data_date, after.fingerprint) == (before.data_date, before.fingerprint)
    (raw_dir / DS).unlink()
    undated = contract.load_raw(raw_dir)
    assert undated.data_date == "" and undated.fingerprint != before.fingerprint


def test_the_date_is_data(raw_dir: Path) -> None:
    """Another date in dataset.csv is another data set: other date, other fingerprint."""
    before = contract.load_raw(raw_dir)
    set_cell(raw_dir, DS, 2, "data_date", " 2020-01-31 ")  # white space ignored, as everywhere
    after = contract.load_raw(raw_dir)
    assert after.data_date == "2020-01-31" and after.fingerprint != before.fingerprint


# --------------------------------------------------------------------------
# Read-only; errors; registry
# --------------------------------------------------------------------------
def test_validate_changes_nothing_on_disk(raw_dir: Path) -> None:
    before = folder_state(raw_dir)
    contract.validate(raw_dir)
    contract.load_raw(raw_dir)
    assert folder_state(raw_dir) == before

    set_cell(raw_dir, R, 14, "A_vision1", "Agreee")
    before = folder_state(raw_dir)
    contract.validate(raw_dir)
    with pytest.raises(ContractError):
        contract.load_raw(raw_dir)
    assert folder_state(raw_dir) == before


def test_missing_folder_is_a_problem(tmp_path: Path) -> None:
    report = contract.validate(tmp_path / "nowhere")
    assert problem_lines(report) == [
        f"{tmp_path / 'nowhere'}: folder not found (expected the raw data files: councils.csv, "
        "invitations.csv, questions.csv, responses.csv, framework.csv)"
    ]
    assert report.summary.endswith(": 1 problem")


def test_empty_folder_lists_every_required_file(tmp_path: Path) -> None:
    report = contract.validate(tmp_path)
    assert [Path(p.file).name for p in report.problems] == list(contract.REQUIRED_FILES)


def test_paths_under_the_working_directory_are_shown_relative(
    raw_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(raw_dir.parent)
    set_cell(raw_dir, R, 14, "A_vision1", "Agreee")
    report = contract.validate(raw_dir.resolve())
    assert str(report.problems[0]).startswith("raw/responses.csv:14: column A_vision1: ")


def test_load_raw_raises_contract_error_listing_problems(raw_dir: Path) -> None:
    set_cell(raw_dir, R, 14, "A_vision1", "Agreee")
    set_cell(raw_dir, IN, 2, "invited", "abc")
    with pytest.raises(ContractError) as caught:
        contract.load_raw(raw_dir)
    error = caught.value
    assert len(error.problems) == 2
    message = str(error)
    assert f"{raw_dir / IN}:2: column invited: 'abc' is not a whole number" in message
    assert f"{raw_dir / R}:14: column A_vision1: 'Agreee'" in message
    assert message.endswith(": 2 problems")


def test_load_registry(raw_dir: Path) -> None:
    set_cell(raw_dir, R, 14, "A_vision1", "Agreee")  # other files do not matter
    registry = contract.load_registry(raw_dir)
    assert isinstance(registry, CouncilRegistry)
    assert registry.codes == sorted(c[0] for c in COUNCILS)
    assert registry.resolve("newport").name == "Newport City Council"
    assert registry.resolve("W06000001").name_cy == "Cyngor Sir Ynys Môn"


def test_load_registry_fails_on_broken_councils(raw_dir: Path) -> None:
    set_cell(raw_dir, C, 4, "short_name", "caerphilly")
    set_cell(raw_dir, R, 14, "A_vision1", "Agreee")
    with pytest.raises(ContractError, match=r"councils.csv:4: column short_name") as caught:
        contract.load_registry(raw_dir)
    # every problem of the folder is listed, as validate lists them
    assert [str(p) for p in caught.value.problems] == problem_lines(contract.validate(raw_dir))
    assert len(caught.value.problems) == 2
    with pytest.raises(ContractError, match="folder not found"):
        contract.load_registry(raw_dir / "missing")


def test_problem_text() -> None:
    assert str(contract.Problem("a.csv", 3, "x", "bad")) == "a.csv:3: column x: bad"
    assert str(contract.Problem("a.csv", None, None, "missing")) == "a.csv: missing"
    assert str(contract.Problem("a.csv", 1, None, "ragged")) == "a.csv:1: ragged"
    assert str(contract.Problem("a.csv", None, "c", "none")) == "a.csv: column c: none"


def test_large_export_is_checked_vectorised(raw_dir: Path) -> None:
    """A 20,000-row export loads; its answers are canonical (no per-cell surprises)."""
    rows = read_rows(raw_dir / R)
    body = [r for r in rows[1:] if r[0] != "R9999"]
    big = [[f"B{i:06d}", *body[i % len(body)][1:]] for i in range(20_000)]
    write_rows(raw_dir / R, [rows[0], *big])
    inv = read_rows(raw_dir / IN)
    write_rows(raw_dir / IN, [inv[0]] + [[code, group, "99999"] for code, group, _ in inv[1:]])
    raw = contract.load_raw(raw_dir)
    assert len(raw.responses) == 20_000
    counts = raw.responses["A_evid1"].value_counts(dropna=False)
    one_pass = pd.Series([r[rows[0].index("A_evid1")] or None for r in big]).value_counts(
        dropna=False
    )
    assert counts.sort_index().tolist() == one_pass.sort_index().tolist()


# --------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------
def run_cli(*args: str) -> subprocess.CompletedProcess:
    return run_helpers(*args, timeout=120)


def test_cli_validate_clean(raw_dir: Path) -> None:
    result = run_cli("validate", "--raw", str(raw_dir))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(": valid")
    assert "Traceback" not in result.stderr


def test_cli_validate_bad(raw_dir: Path) -> None:
    set_cell(raw_dir, R, 14, "A_vision1", "Agreee")
    set_cell(raw_dir, CM, 2, "theme", "data")
    result = run_cli("validate", "--raw", str(raw_dir))
    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        f"{raw_dir / R}:14: column A_vision1: 'Agreee' is not a valid answer (expected one of: "
        "Strongly agree, Agree, Neither agree nor disagree, Disagree, Strongly disagree, "
        "Don't know, or empty) [line 16 in a text editor]",
        f"{raw_dir / CM}:2: column theme: 'data' is not a valid theme (expected one of: "
        "vision, protection, skills, evidence)",
    ]
    assert "2 problems" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_validate_missing_folder(tmp_path: Path) -> None:
    result = run_cli("validate", "--raw", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "folder not found" in result.stdout
    assert "Traceback" not in result.stderr


def test_comment_language_column_is_optional_and_checked(raw_dir: Path) -> None:
    # comments.csv: row 2 Caerphilly, row 3 Caerphilly, row 4 Newport
    add_column(raw_dir, CM, "lang", "")
    set_cell(raw_dir, CM, 2, "lang", "cy")
    set_cell(raw_dir, CM, 3, "lang", " CY ")
    assert contract.validate(raw_dir).problems == []
    raw = contract.load_raw(raw_dir)
    assert raw.comments["lang"].tolist() == ["cy", "cy", "en"]  # empty means English
    set_cell(raw_dir, CM, 4, "lang", "fr")
    lines = problem_lines(contract.validate(raw_dir))
    assert len(lines) == 1
    assert lines[0].endswith(
        "comments.csv:4: column lang: 'fr' is not a valid language (expected one of: en, cy)"
    )
