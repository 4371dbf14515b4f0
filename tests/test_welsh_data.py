"""Tests of the Welsh data: the optional Welsh columns of the data contract,
``contract.check_welsh`` and ``validate --language``, the Welsh columns of the
processed tables, and the Welsh texts of the shipped synthetic data.

Row numbers in the fixture (tests/fixture_data.py): questions.csv has the seven
level questions on rows 2-8, the likert questions on rows 9-16 (A_vision1,
A_vision2, A_prot1, A_prot2 (officers only), A_skills1, A_skills2 (elected
members only), A_evid1, A_evid2) and the text question on row 17;
framework.csv has the characteristics in framework order on rows 2-8;
findings.csv has Caerphilly's vision 1, vision 2 and evidence 1 on rows 2-4.
Newport (W06000022) surveyed officers only.
"""

from __future__ import annotations

import csv
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from fixture_data import FINDINGS, FRAMEWORK, FRAMEWORK_CY, run_helpers, write_fixture_raw

from helpers import config
from helpers.__main__ import main
from helpers.build import pipeline
from helpers.data import contract, synth
from helpers.data.synth import tables
from helpers.errors import ContractError, UnknownCouncilError

Q, F, FD, C = "questions.csv", "framework.csv", "findings.csv", "councils.csv"
CAERPHILLY, NEWPORT = "W06000018", "W06000022"
STATEMENT = "(expected the Welsh wording of the statement)"


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def set_cell(raw: Path, name: str, line: int, column: str, value: str) -> None:
    rows = read_rows(raw / name)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(raw / name, rows)


def lines(report: contract.ValidationReport) -> list[str]:
    return [str(p) for p in report.problems]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------
# The optional columns: validate accepts them absent, empty or as any text
# --------------------------------------------------------------------------
def test_fixture_with_welsh_is_valid_in_both_languages(raw_dir: Path) -> None:
    assert contract.validate(raw_dir).problems == []
    report = contract.check_welsh(raw_dir)
    assert report.problems == [] and report.ok
    assert report.summary.endswith("; Welsh texts checked for 3 councils: valid")


def test_english_only_data_are_valid(tmp_path: Path) -> None:
    raw = write_fixture_raw(tmp_path / "raw", welsh=False)
    assert "text_cy" not in read_rows(raw / Q)[0]
    assert "finding_cy" not in read_rows(raw / FD)[0]
    report = contract.validate(raw)
    assert report.problems == [], lines(report)
    frames = contract.load_raw(raw)
    # the columns are there all the same, empty (None)
    assert frames.questions["text_cy"].map(lambda v: v is None).all()
    for column in ("name_cy", "level_1_cy", "level_2_cy", "level_3_cy"):
        assert frames.framework[column].map(lambda v: v is None).all()
    assert frames.findings["finding_cy"].map(lambda v: v is None).all()


def test_empty_and_blank_welsh_cells_are_valid(raw_dir: Path) -> None:
    set_cell(raw_dir, Q, 9, "text_cy", "")
    set_cell(raw_dir, F, 3, "level_2_cy", "   \u00a0 ")  # white space only: empty
    set_cell(raw_dir, FD, 3, "finding_cy", "")
    assert contract.validate(raw_dir).problems == []
    raw = contract.load_raw(raw_dir)
    assert raw.questions.set_index("question_id").loc["A_vision1", "text_cy"] is None
    assert raw.framework.set_index("characteristic").loc["standards", "level_2_cy"] is None
    assert raw.findings["finding_cy"].tolist()[1] is None


def test_load_raw_carries_the_welsh_texts(raw_dir: Path) -> None:
    raw = contract.load_raw(raw_dir)
    questions = raw.questions.set_index("question_id")
    assert questions.loc["A_evid2", "text_cy"] == "Datganiad A_evid2"
    assert questions.loc["L_open", "text_cy"] == (
        "Pa ddisgrifiad sy'n gweddu orau i'ch awdurdod? (open_data)"
    )
    framework = raw.framework.set_index("characteristic")
    for slug, _name in FRAMEWORK:
        assert framework.loc[slug, "name_cy"] == FRAMEWORK_CY[slug]
        assert framework.loc[slug, "level_3_cy"] == f"{FRAMEWORK_CY[slug]}: aeddfed."
    assert raw.findings[["theme", "order", "finding_cy"]].values.tolist() == [
        ["vision", 1, FINDINGS[0][4]],
        ["vision", 2, FINDINGS[1][4]],
        ["evidence", 1, FINDINGS[2][4]],
    ]


#: Free text as people and spreadsheets write it: every one is a valid Welsh text.
ODD_TEXTS = {
    "comma and quotes": 'Mae\'r "Awdurdod", meddai, yn barod',
    "line breaks": "Paragraff cyntaf.\n\nAil baragraff:\n\n- un\n- dau",
    "markup": "<script>alert('cy')</script> **trwm** <b>& &amp;</b>",
    "spreadsheet formula": '=HYPERLINK("http://example.org","cliciwch")',
    "emoji and other scripts": "Data 📊 — Ŵ ŷ ẁ ẃ ẅ ŵ; עברית; 中文",
    "long": "Gair " * 20_000,
    "a lone character": "ŵ",
    "carriage return line ending": "Llinell un\r\nLlinell dau",
}


@pytest.mark.parametrize("text", list(ODD_TEXTS.values()), ids=list(ODD_TEXTS))
def test_any_text_is_a_valid_welsh_text_and_is_kept_as_written(
    workbook_home: Path, text: str
) -> None:
    raw = workbook_home / "data" / "raw"
    set_cell(raw, Q, 9, "text_cy", text)
    set_cell(raw, F, 3, "level_2_cy", text)
    set_cell(raw, FD, 3, "finding_cy", text)
    assert contract.validate(raw).problems == []
    assert contract.check_welsh(raw).problems == []
    expected = text.strip()
    loaded = contract.load_raw(raw)
    assert loaded.questions.set_index("question_id").loc["A_vision1", "text_cy"] == expected
    assert loaded.framework.set_index("characteristic").loc["standards", "level_2_cy"] == expected
    assert loaded.findings["finding_cy"].tolist()[1] == expected
    # and into data/processed/, where the reports read them
    pipeline.build()
    processed = workbook_home / "data" / "processed"
    newline = expected.replace("\r\n", "\n")  # the csv module reads a quoted \r\n back as is
    question = {r["question_id"]: r for r in read_csv(processed / Q)}["A_vision1"]
    assert question["text_cy"].replace("\r\n", "\n") == newline
    framework = {r["characteristic"]: r for r in read_csv(processed / F)}["standards"]
    assert framework["level_2_cy"].replace("\r\n", "\n") == newline
    assert read_csv(processed / FD)[1]["finding_cy"].replace("\r\n", "\n") == newline


def test_welsh_cell_that_is_not_utf8_is_reported(raw_dir: Path) -> None:
    data = (raw_dir / Q).read_bytes()
    (raw_dir / Q).write_bytes(data.replace(b"Datganiad A_prot1", b"Datganiad \xff"))
    assert lines(contract.validate(raw_dir)) == [
        f"{raw_dir / Q}:11: column text_cy: is not valid UTF-8 text (expected UTF-8: save the "
        "file as 'CSV UTF-8')"
    ]


def test_misspelled_or_repeated_welsh_column_is_a_problem(raw_dir: Path) -> None:
    rows = read_rows(raw_dir / Q)
    rows[0][rows[0].index("text_cy")] = "text cy"
    write_rows(raw_dir / Q, rows)
    assert lines(contract.validate(raw_dir)) == [
        f"{raw_dir / Q}:1: column text cy: is not a column of this file (expected one of: "
        "question_id, kind, theme, characteristic, asked_of, reverse, text, text_cy; did you "
        "mean 'text_cy'?)"
    ]
    rows = read_rows(raw_dir / FD)
    write_rows(raw_dir / FD, [r + [r[-1]] for r in rows])  # finding_cy twice
    assert lines(contract.validate(raw_dir))[-1] == (
        f"{raw_dir / FD}:1: column finding_cy: appears more than once in the header, as "
        "columns E and F (expected each column once)"
    )


def test_a_welsh_column_where_the_contract_has_none_is_a_problem(raw_dir: Path) -> None:
    rows = read_rows(raw_dir / "comments.csv")
    write_rows(raw_dir / "comments.csv", [rows[0] + ["comment_cy"]] + [r + ["x"] for r in rows[1:]])
    assert lines(contract.validate(raw_dir)) == [
        f"{raw_dir / 'comments.csv'}:1: column comment_cy: is not a column of this file "
        "(expected one of: council_code, theme, comment, lang)"
    ]  # comments are never translated: only their language (lang) may be given


# --------------------------------------------------------------------------
# check_welsh: one line per missing text, in the contract's form
# --------------------------------------------------------------------------
def test_a_missing_statement_gives_the_contract_line(tmp_path: Path) -> None:
    raw = write_fixture_raw(tmp_path / "raw", drop_welsh=[(Q, "A_vision1", "text_cy")])
    assert contract.validate(raw).problems == []  # optional for the English reports
    report = contract.check_welsh(raw)
    assert lines(report) == [
        f"{raw / Q}:9: column text_cy: no Welsh text for question A_vision1 {STATEMENT}"
    ]
    assert not report.ok
    assert report.summary.endswith("; Welsh texts checked for 3 councils: 1 problem")


def test_missing_framework_and_finding_texts(tmp_path: Path) -> None:
    raw = write_fixture_raw(
        tmp_path / "raw",
        drop_welsh=[
            (F, "standards", "level_2_cy"),
            (F, "open_data", "name_cy"),
            (FD, (CAERPHILLY, "vision", 2), "finding_cy"),
            (FD, (CAERPHILLY, "evidence", 1), "finding_cy"),
        ],
    )
    # The English vision 2 finding holds 3 line breaks (its Welsh, with 3 more, is
    # dropped), so the evidence finding on spreadsheet row 4 starts on line 4 + 3.
    text = (raw / FD).read_text(encoding="utf-8").split("\n")
    editor_line = 1 + next(
        i for i, line in enumerate(text) if line.startswith(f"{CAERPHILLY},evidence")
    )
    assert editor_line == 7
    assert lines(contract.check_welsh(raw)) == [
        f"{raw / F}:3: column level_2_cy: no Welsh text for characteristic standards "
        "(expected the Welsh Level 2 descriptor)",
        f"{raw / F}:8: column name_cy: no Welsh text for characteristic open_data "
        "(expected the Welsh name of the key characteristic)",
        f"{raw / FD}:3: column finding_cy: no Welsh text for the finding of council "
        f"{CAERPHILLY}, theme vision, order 2 (expected the audit team's Welsh text of the "
        "finding, Markdown as in finding)",
        f"{raw / FD}:4: column finding_cy: no Welsh text for the finding of council "
        f"{CAERPHILLY}, theme evidence, order 1 (expected the audit team's Welsh text of the "
        f"finding, Markdown as in finding) [line {editor_line} in a text editor]",
    ]


def test_texts_a_report_does_not_print_are_not_asked_for(tmp_path: Path) -> None:
    """Level and text questions are not printed as statements; their Welsh may be missing."""
    raw = write_fixture_raw(
        tmp_path / "raw",
        drop_welsh=[(Q, "L_leadership", "text_cy"), (Q, "T_barriers", "text_cy")],
    )
    assert contract.check_welsh(raw).problems == []


def test_statements_follow_the_groups_each_council_surveyed(tmp_path: Path) -> None:
    # A_skills2 is asked of elected members only; Newport surveyed officers only.
    raw = write_fixture_raw(tmp_path / "raw", drop_welsh=[(Q, "A_skills2", "text_cy")])
    line = f"{raw / Q}:14: column text_cy: no Welsh text for question A_skills2 {STATEMENT}"
    assert contract.check_welsh(raw, [NEWPORT]).problems == []
    assert lines(contract.check_welsh(raw, [CAERPHILLY])) == [line]
    assert lines(contract.check_welsh(raw, [NEWPORT, "W06000001"])) == [line]
    assert lines(contract.check_welsh(raw)) == [line]
    # A_prot2 is asked of officers only: every council surveyed officers.
    raw = write_fixture_raw(tmp_path / "raw2", drop_welsh=[(Q, "A_prot2", "text_cy")])
    assert len(contract.check_welsh(raw, [NEWPORT]).problems) == 1


def test_findings_are_asked_for_only_for_the_councils_chosen(tmp_path: Path) -> None:
    raw = write_fixture_raw(
        tmp_path / "raw", drop_welsh=[(FD, (CAERPHILLY, "vision", 1), "finding_cy")]
    )
    assert contract.check_welsh(raw, [NEWPORT]).problems == []
    assert contract.check_welsh(raw, "newport").problems == []  # one name, any case
    expected = [f"{raw / FD}:2: column finding_cy"]
    for councils in ([CAERPHILLY], ["Caerphilly"], None):
        found = lines(contract.check_welsh(raw, councils))
        assert [line.split(": no Welsh")[0] for line in found] == expected
    report = contract.check_welsh(raw, [])
    assert report.problems == []
    assert "Welsh texts checked for 0 councils" in report.summary


def test_the_framework_is_asked_for_in_every_council(tmp_path: Path) -> None:
    raw = write_fixture_raw(tmp_path / "raw", drop_welsh=[(F, "leadership", "level_1_cy")])
    for code in ("W06000001", CAERPHILLY, NEWPORT):
        assert [p.line for p in contract.check_welsh(raw, [code]).problems] == [2]


def test_unknown_council_is_a_workbook_error(raw_dir: Path) -> None:
    with pytest.raises(UnknownCouncilError, match="W06000099"):
        contract.check_welsh(raw_dir, ["W06000099"])


def test_missing_columns_give_one_line_per_text(tmp_path: Path) -> None:
    raw = write_fixture_raw(tmp_path / "raw", welsh=False)
    found = lines(contract.check_welsh(raw))
    # 8 statements (the fixture councils surveyed both groups between them), the
    # framework's 7 names and 21 descriptors, Caerphilly's 3 findings.
    assert len(found) == 8 + 7 * 4 + 3
    assert found[0] == (
        f"{raw / Q}:9: column text_cy: no Welsh text for question A_vision1 (expected the "
        "Welsh wording of the statement; the file has no text_cy column)"
    )
    counted = Counter(re.match(r".*?: column (\w+):", line)[1] for line in found)
    assert counted == {
        "text_cy": 8,
        "name_cy": 7,
        "level_1_cy": 7,
        "level_2_cy": 7,
        "level_3_cy": 7,
        "finding_cy": 3,
    }
    for line in found:
        column = re.match(r".*?: column (\w+):", line)[1]
        assert re.search(
            rf"; the file has no {column} column\)( \[line \d+ in a text editor\])?$", line
        )
    # Newport: only statements asked of officers or of both groups, no findings.
    assert len(contract.check_welsh(raw, [NEWPORT]).problems) == 7 + 7 * 4


def test_invisible_text_is_missing_text(raw_dir: Path) -> None:
    set_cell(raw_dir, Q, 15, "text_cy", "\u200b")  # a zero-width space: nothing to read
    set_cell(raw_dir, C, 3, "name_cy", "\u200b\u200d")
    assert contract.validate(raw_dir).problems == []  # not empty, so the contract accepts it
    assert lines(contract.check_welsh(raw_dir)) == [
        f"{raw_dir / C}:3: column name_cy: no Welsh text for council {CAERPHILLY}: "
        "'\\u200b\\u200d' has no visible characters (expected the official Welsh name)",
        f"{raw_dir / Q}:15: column text_cy: no Welsh text for question A_evid1: '\\u200b' has no "
        f"visible characters {STATEMENT}",
    ]


def test_contract_problems_come_first_and_alone(tmp_path: Path) -> None:
    """Welsh texts are checked on valid data only; the ordinary problems are reported."""
    raw = write_fixture_raw(tmp_path / "raw", welsh=False)
    set_cell(raw, "responses.csv", 14, "A_vision1", "Agreee")
    english = contract.validate(raw)
    welsh = contract.check_welsh(raw)
    assert lines(welsh) == lines(english)
    assert len(welsh.problems) == 1 and "'Agreee' is not a valid answer" in lines(welsh)[0]
    assert welsh.summary.endswith(
        "; Welsh texts not checked until the data meet the contract: 1 problem"
    )
    # a broken folder too
    missing = contract.check_welsh(tmp_path / "nowhere")
    assert "folder not found" in lines(missing)[0]
    # and an unknown council does not hide the data's problems
    assert lines(contract.check_welsh(raw, ["W06000099"])) == lines(english)


def test_problems_are_in_file_row_and_column_order(tmp_path: Path) -> None:
    raw = write_fixture_raw(
        tmp_path / "raw",
        drop_welsh=[
            (FD, (CAERPHILLY, "vision", 1), "finding_cy"),
            (F, "standards", "level_3_cy"),
            (F, "standards", "name_cy"),
            (Q, "A_evid2", "text_cy"),
            (Q, "A_vision2", "text_cy"),
        ],
    )
    found = [(Path(p.file).name, p.line, p.column) for p in contract.check_welsh(raw).problems]
    assert found == [
        (Q, 10, "text_cy"),
        (Q, 16, "text_cy"),
        (F, 3, "name_cy"),
        (F, 3, "level_3_cy"),
        (FD, 2, "finding_cy"),
    ]
    form = re.compile(r"^\S+\.csv:\d+: column \w+: no Welsh text for .+ \(expected .+\)$")
    assert all(form.match(line) for line in lines(contract.check_welsh(raw)))


def test_check_welsh_changes_nothing(tmp_path: Path) -> None:
    raw = write_fixture_raw(tmp_path / "raw", drop_welsh=[(Q, "A_vision1", "text_cy")])
    before = {p.name: p.read_bytes() for p in raw.iterdir()}
    contract.check_welsh(raw)
    assert {p.name: p.read_bytes() for p in raw.iterdir()} == before


def test_fixture_refuses_to_drop_what_it_does_not_have(tmp_path: Path) -> None:
    with pytest.raises(KeyError):
        write_fixture_raw(tmp_path / "raw", drop_welsh=[(Q, "A_nope", "text_cy")])


# --------------------------------------------------------------------------
# validate --language
# --------------------------------------------------------------------------
def test_validate_language_cy(tmp_path: Path, capsys) -> None:
    raw = write_fixture_raw(
        tmp_path / "raw",
        drop_welsh=[(Q, "A_prot1", "text_cy"), (F, "analytics", "level_1_cy")],
    )
    expected = [
        f"{raw / Q}:11: column text_cy: no Welsh text for question A_prot1 {STATEMENT}",
        f"{raw / F}:6: column level_1_cy: no Welsh text for characteristic analytics "
        "(expected the Welsh Level 1 descriptor)",
    ]
    for language in ("cy", "both"):
        assert main(["validate", "--raw", str(raw), "--language", language]) == 2
        out, err = capsys.readouterr()
        assert out.splitlines() == expected
        assert err.strip().endswith("; Welsh texts checked for 3 councils: 2 problems")
    for args in (["--language", "en"], []):  # English reports need no Welsh
        assert main(["validate", "--raw", str(raw), *args]) == 0
        out, _err = capsys.readouterr()
        assert out.strip().endswith(": valid")
        assert "Welsh" not in out


def test_validate_language_cy_clean(raw_dir: Path, capsys) -> None:
    assert main(["validate", "--language", "cy", "--raw", str(raw_dir)]) == 0
    out, err = capsys.readouterr()
    assert out.strip().endswith("; Welsh texts checked for 3 councils: valid")
    assert err == ""


def test_validate_language_cy_defaults_to_the_workbook_raw_folder(
    workbook_home: Path, capsys
) -> None:
    set_cell(workbook_home / "data" / "raw", Q, 9, "text_cy", "")
    assert main(["validate", "--language", "cy"]) == 2
    out = capsys.readouterr().out
    assert out.startswith(str(workbook_home / "data" / "raw" / Q) + ":9: column text_cy: ")


def test_validate_language_command_line(tmp_path: Path) -> None:
    """The real command: exit status, the lines on stdout, usage errors."""
    raw = write_fixture_raw(tmp_path / "raw", drop_welsh=[(Q, "A_evid1", "text_cy")])

    def run(*args: str) -> subprocess.CompletedProcess:
        return run_helpers("validate", *args, timeout=120)

    result = run("--raw", str(raw), "--language", "cy")
    assert result.returncode == 2
    assert result.stdout.splitlines() == [
        f"{raw / Q}:15: column text_cy: no Welsh text for question A_evid1 {STATEMENT}"
    ]
    assert "Traceback" not in result.stderr
    assert run("--raw", str(raw)).returncode == 0
    bad = run("--raw", str(raw), "--language", "fr")
    assert bad.returncode == 2
    assert "invalid choice: 'fr'" in bad.stderr and "Traceback" not in bad.stderr


# --------------------------------------------------------------------------
# The processed tables
# --------------------------------------------------------------------------
def test_build_writes_the_welsh_columns(workbook_home: Path) -> None:
    pipeline.build()
    processed = workbook_home / "data" / "processed"
    questions = {r["question_id"]: r for r in read_csv(processed / Q)}
    assert questions["A_vision2"]["text_cy"] == "Datganiad A_vision2"
    framework = {r["characteristic"]: r for r in read_csv(processed / F)}
    assert framework["decisions"]["name_cy"] == FRAMEWORK_CY["decisions"]
    assert framework["decisions"]["level_2_cy"] == f"{FRAMEWORK_CY['decisions']}: yn datblygu."
    findings = read_csv(processed / FD)
    assert [f["finding_cy"] for f in findings] == [f[4] for f in FINDINGS]


def test_build_writes_empty_welsh_columns_for_english_only_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    write_fixture_raw(home / "data" / "raw", welsh=False)
    monkeypatch.setenv(config.HOME_ENV, str(home))
    pipeline.build()
    processed = home / "data" / "processed"
    for name, columns in contract.WELSH_COLUMNS.items():
        rows = read_csv(processed / name)
        assert rows, name
        assert all(r[c] == "" for r in rows for c in columns), name
    # a build of English-only data is not stopped by the missing Welsh
    assert (processed / "build_info.json").is_file()


def test_processed_tables_keep_welsh_columns_when_raw_frames_lack_them(tmp_path: Path) -> None:
    """write_processed adds the Welsh columns even to tables loaded without them."""
    raw = contract.load_raw(write_fixture_raw(tmp_path / "raw"))
    stripped = type(
        "Raw",
        (),
        {
            **{name: getattr(raw, name) for name in ("councils", "invitations", "comments")},
            "questions": raw.questions.drop(columns=["text_cy"]),
            "framework": raw.framework.drop(columns=list(contract.WELSH_COLUMNS[F])),
            "findings": raw.findings.drop(columns=["finding_cy"]),
            "responses": raw.responses,
            "public_survey": raw.public_survey,
            "empty_submissions": raw.empty_submissions,
            "fingerprint": raw.fingerprint,
            "data_date": raw.data_date,
        },
    )()
    folder = tmp_path / "processed"
    folder.mkdir()
    pipeline.write_processed(pipeline.compute_tables(raw), stripped, folder)
    assert read_rows(folder / Q)[0][-1] == "text_cy"
    assert read_rows(folder / F)[0][-4:] == list(contract.WELSH_COLUMNS[F])
    assert read_rows(folder / FD)[0][-1] == "finding_cy"


def test_load_raw_error_lists_contract_problems_not_welsh_ones(tmp_path: Path) -> None:
    raw = write_fixture_raw(tmp_path / "raw", welsh=False)
    contract.load_raw(raw)  # English-only data load
    set_cell(raw, F, 4, "name", "")
    with pytest.raises(ContractError) as caught:
        contract.load_raw(raw)
    assert [p.column for p in caught.value.problems] == ["name"]


# --------------------------------------------------------------------------
# The shipped synthetic data
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth") / "raw"
    synth.write_synthetic(folder)
    return folder


def welsh_pairs(folder: Path) -> list[tuple[str, str, str]]:
    """(where, English, Welsh) for every text that has a Welsh counterpart."""
    pairs = [
        (f"question {q['question_id']}", q["text"], q["text_cy"]) for q in read_csv(folder / Q)
    ]
    for row in read_csv(folder / F):
        for column in ("name", "level_1", "level_2", "level_3"):
            pairs.append((f"{row['characteristic']} {column}", row[column], row[f"{column}_cy"]))
    for row in read_csv(folder / FD):
        where = f"finding {row['council_code']} {row['theme']} {row['order']}"
        pairs.append((where, row["finding"], row["finding_cy"]))
    for row in read_csv(folder / C):
        pairs.append((f"council {row['council_code']}", row["name"], row["name_cy"]))
    return pairs


def test_shipped_data_pass_the_welsh_check(shipped: Path) -> None:
    report = contract.check_welsh(shipped)
    assert report.problems == []
    assert report.summary.endswith("; Welsh texts checked for 22 councils: valid")


def test_every_shipped_text_has_welsh(shipped: Path) -> None:
    questions = read_csv(shipped / Q)
    assert len(questions) == len(tables.QUESTIONS)
    assert all(q["text_cy"].strip() for q in questions)  # level and free-text questions too
    framework = read_csv(shipped / F)
    assert [r["characteristic"] for r in framework] == list(config.CHARACTERISTICS)
    assert all(r[c].strip() for r in framework for c in contract.WELSH_COLUMNS[F])
    findings = read_csv(shipped / FD)
    assert len(findings) == len(tables.FINDINGS)
    assert all(r["finding_cy"].strip() for r in findings)


#: English words that never appear in Welsh prose.
ENGLISH_WORDS = {
    "the", "and", "of", "to", "with", "that", "for", "which", "their", "is", "are", "its",
    "has", "have", "not", "on", "by", "from", "should", "would", "it", "be", "was", "were",
}  # fmt: skip


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.casefold())


def test_shipped_welsh_is_not_a_copy_of_the_english(shipped: Path) -> None:
    for where, english, welsh in welsh_pairs(shipped):
        if where.startswith("council"):
            continue  # official names: test_shipped_welsh_council_names_are_the_official_ones
        assert welsh != english, where
        tokens = words(welsh)
        assert not set(tokens) & ENGLISH_WORDS, (where, set(tokens) & ENGLISH_WORDS)
        shared = [t for t in tokens if t in set(words(english))]
        # proper nouns, acronyms and loanwords (data, GIS, WASPI, staff) only
        assert len(shared) <= max(2, 0.25 * len(tokens)), (where, shared)


def test_shipped_findings_keep_the_markdown_of_the_english(shipped: Path) -> None:
    for row in read_csv(shipped / FD):
        english, welsh = row["finding"], row["finding_cy"]
        where = (row["council_code"], row["theme"], row["order"])
        assert welsh.count("**") == english.count("**"), where
        assert welsh.count("\n\n") == english.count("\n\n"), where
        items = re.compile(r"^(?:- |\d+\. )", re.MULTILINE)
        assert len(items.findall(welsh)) == len(items.findall(english)), where
        assert welsh[-1] in ".:" and english[-1] in ".:", where


#: English term (regular expression) -> the Welsh term that must then be used (docs/welsh.md).
TERMS = {
    r"\bAuthority\b": r"\bAwdurdod\b",
    r"\belected members?\b": r"\baelod(?:au)? etholedig\b",
    r"\bcouncil\b": r"\bcyngor\b",
    r"\brespondents?\b": r"\bymatebwyr|ymatebydd\b",
    r"\bgood practice\b": r"\barfer da\b",
    r"\bdata protection\b": r"\b[Dd]iogelu data\b",
    r"\bopen data\b": r"\b(?:d|dd)ata agored\b",
    r"\bkey resource\b": r"\badnodd allweddol\b",
}


def test_shipped_welsh_uses_the_terms_of_the_specification(shipped: Path) -> None:
    checked = Counter()
    for where, english, welsh in welsh_pairs(shipped):
        for term, welsh_term in TERMS.items():
            if where.startswith("council"):
                continue  # official names
            if re.search(term, english, re.IGNORECASE):
                checked[term] += 1
                assert re.search(welsh_term, welsh, re.IGNORECASE), (where, term)
    assert all(checked[t] for t in TERMS), checked  # each term was exercised
    names = {slug: row.name_cy for slug, row in tables.FRAMEWORK.items()}
    assert list(names) == list(config.CHARACTERISTICS)
    assert names["protection"] == "Diogelu data"  # the theme's term (docs/welsh.md)
    for slug, (english, _theme) in config.CHARACTERISTICS.items():
        question = {q.question_id: q for q in tables.QUESTIONS}[f"lev_{slug}"]
        assert question.text.endswith(english)
        assert question.text_cy.endswith(names[slug])


#: Consonants that a soft mutation always changes and never produces (not the digraphs ch,
#: mh, ph, th), and the word "data": b, d and g may be mutated p, t and c, so only these
#: are sure slips after a preposition that mutates.
RADICAL = r"(?:p(?!h)|t(?!h)|c(?!h)|m(?!h)|ll|rh|d(?=ata\b))"
#: Prepositions followed by soft mutation, and words after them that keep their form.
SOFT_AFTER = (
    "i",
    "o",
    "am",
    "ar",
    "at",
    "gan",
    "dan",
    "dros",
    "drwy",
    "trwy",
    "wrth",
    "hyd",
    "heb",
)
UNMUTATED_OK = {"mi", "dan", "mewn"}


def test_shipped_welsh_mutates_after_prepositions_and_fy(shipped: Path) -> None:
    """A sanity check for the commonest slips: 'i data', 'o pobl', 'fy gwasanaeth'."""
    slips = []
    soft = re.compile(rf"\b(?:{'|'.join(SOFT_AFTER)}) ({RADICAL}\w*)", re.IGNORECASE)
    nasal = re.compile(r"\bfy (?:p|t|c(?!h)|b|d(?!d)|g(?!h))\w*", re.IGNORECASE)
    for where, _english, welsh in welsh_pairs(shipped):
        if where.startswith("council"):
            continue
        for match in soft.finditer(welsh):
            if match[1].casefold() not in UNMUTATED_OK and not match[1].isupper():
                slips.append((where, match[0]))
        slips += [(where, m[0]) for m in nasal.finditer(welsh)]
    assert slips == []


def test_the_mutation_check_catches_slips() -> None:
    soft = re.compile(rf"\b(?:{'|'.join(SOFT_AFTER)}) ({RADICAL}\w*)", re.IGNORECASE)
    assert [m[1] for m in soft.finditer("i data, o pobl, ar gyfer, i ddata, wrth rhannu")] == [
        "data",
        "pobl",
        "rhannu",
    ]


def test_shipped_data_raw_readme_says_where_the_welsh_lives(shipped: Path) -> None:
    readme = (shipped / "README.md").read_text(encoding="utf-8")
    for column in ("name_cy", "text_cy", "level_1_cy", "level_3_cy", "finding_cy"):
        assert f"`{column}`" in readme
    assert "validate --language cy" in readme


#: The official Welsh names of the 22 principal councils (the Welsh Government's register
#: of principal local authorities). Swansea's is "Cyngor Dinas a Sir Abertawe", the
#: council's own name for itself, not the place name "Dinas a Sir Abertawe".
OFFICIAL_NAMES_CY = {
    "W06000001": "Cyngor Sir Ynys Môn",
    "W06000002": "Cyngor Gwynedd",
    "W06000003": "Cyngor Bwrdeistref Sirol Conwy",
    "W06000004": "Cyngor Sir Ddinbych",
    "W06000005": "Cyngor Sir y Fflint",
    "W06000006": "Cyngor Bwrdeistref Sirol Wrecsam",
    "W06000008": "Cyngor Sir Ceredigion",
    "W06000009": "Cyngor Sir Penfro",
    "W06000010": "Cyngor Sir Gâr",
    "W06000011": "Cyngor Dinas a Sir Abertawe",
    "W06000012": "Cyngor Bwrdeistref Sirol Castell-nedd Port Talbot",
    "W06000013": "Cyngor Bwrdeistref Sirol Pen-y-bont ar Ogwr",
    "W06000014": "Cyngor Bro Morgannwg",
    "W06000015": "Cyngor Dinas Caerdydd",
    "W06000016": "Cyngor Bwrdeistref Sirol Rhondda Cynon Taf",
    "W06000018": "Cyngor Bwrdeistref Sirol Caerffili",
    "W06000019": "Cyngor Bwrdeistref Sirol Blaenau Gwent",
    "W06000020": "Cyngor Bwrdeistref Sirol Torfaen",
    "W06000021": "Cyngor Sir Fynwy",
    "W06000022": "Cyngor Dinas Casnewydd",
    "W06000023": "Cyngor Sir Powys",
    "W06000024": "Cyngor Bwrdeistref Sirol Merthyr Tudful",
}


def test_shipped_welsh_council_names_are_the_official_ones(shipped: Path) -> None:
    names = {r["council_code"]: r["name_cy"] for r in read_csv(shipped / C)}
    assert names == OFFICIAL_NAMES_CY


#: The Welsh short names (the places' Welsh names, in their radical form: "Sir Benfro" is
#: the county's name as it stands alone, "Sir Gaerfyrddin" the standard form of Carmarthenshire).
SHORT_NAMES_CY = {
    "W06000001": "Ynys Môn",
    "W06000002": "Gwynedd",
    "W06000003": "Conwy",
    "W06000004": "Sir Ddinbych",
    "W06000005": "Sir y Fflint",
    "W06000006": "Wrecsam",
    "W06000008": "Ceredigion",
    "W06000009": "Sir Benfro",
    "W06000010": "Sir Gaerfyrddin",
    "W06000011": "Abertawe",
    "W06000012": "Castell-nedd Port Talbot",
    "W06000013": "Pen-y-bont ar Ogwr",
    "W06000014": "Bro Morgannwg",
    "W06000015": "Caerdydd",
    "W06000016": "Rhondda Cynon Taf",
    "W06000018": "Caerffili",
    "W06000019": "Blaenau Gwent",
    "W06000020": "Torfaen",
    "W06000021": "Sir Fynwy",
    "W06000022": "Casnewydd",
    "W06000023": "Powys",
    "W06000024": "Merthyr Tudful",
}


def test_shipped_councils_have_their_welsh_short_names(shipped: Path) -> None:
    rows = read_csv(shipped / C)
    assert {r["council_code"]: r["short_name_cy"] for r in rows} == SHORT_NAMES_CY
    loaded = contract.load_raw(shipped).councils
    assert dict(zip(loaded["council_code"], loaded["short_name_cy"], strict=True)) == (
        SHORT_NAMES_CY
    )


def test_welsh_short_names_are_optional(raw_dir: Path) -> None:
    # the fixture's councils.csv has no short_name_cy column: valid, and loaded as empty
    assert contract.validate(raw_dir).problems == []
    assert contract.load_raw(raw_dir).councils["short_name_cy"].isna().all()
    rows = read_rows(raw_dir / C)
    write_rows(raw_dir / C, [[*rows[0], "short_name_cy"], *[[*r, ""] for r in rows[1:]]])
    rows = read_rows(raw_dir / C)
    rows[2][-1] = "Caerffili"
    write_rows(raw_dir / C, rows)
    councils = contract.load_raw(raw_dir).councils.set_index("council_code")
    assert councils.loc["W06000018", "short_name_cy"] == "Caerffili"
    assert councils["short_name_cy"].isna().sum() == 2
