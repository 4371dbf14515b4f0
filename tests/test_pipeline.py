"""End to end: ``build`` on the fixture data, checked against docs/outputs.md and hand counts.

The expected figures are counted from the fixture's raw CSV files with the
``csv`` module and plain Python, independently of the helper package.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import shutil
import statistics
from collections import defaultdict
from pathlib import Path

import fixture_data
import pytest
from scipy import stats

from helpers import config
from helpers.__main__ import main
from helpers.build import pipeline
from helpers.errors import ContractError

# The summary tables of docs/outputs.md, written out here rather than imported.
SUMMARY_COLUMNS = {
    "response_rates": "council_code, group, invited, responses, response_rate, ci_low, ci_high, "
    "completes, partials, rr1, rr2, funnel",
    "maturity": "council_code, group, characteristic, n, mean_level, ci_low, ci_high, level, "
    "n_level_1, n_level_2, n_level_3, suppressed",
    "agreement": "council_code, group, question_id, theme, n, agree, agree_pct, ci_low, ci_high, "
    "mean_score, suppressed",
    "themes": "council_code, group, theme, n, theme_score, ci_low, ci_high, theme_agree_pct, "
    "suppressed",
    "comparisons": "council_code, question_id, council_agree_pct, rest_agree_pct, z, p_value, "
    "p_adjusted, difference",
    "public_survey": "measure, n, pct, ci_low, ci_high",
}
KEYS = {
    "response_rates": ["council_code", "group"],
    "maturity": ["council_code", "group", "characteristic"],
    "agreement": ["council_code", "group", "question_id"],
    "themes": ["council_code", "group", "theme"],
    "comparisons": ["council_code", "question_id"],
    "public_survey": ["measure"],
}
SCORES = {
    "Strongly agree": 5,
    "Agree": 4,
    "Neither agree nor disagree": 3,
    "Disagree": 2,
    "Strongly disagree": 1,
}
ANGLESEY, CAERPHILLY, NEWPORT = "W06000001", "W06000018", "W06000022"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


def summary(home: Path, name: str) -> list[dict[str, str]]:
    return read_csv(home / "outputs" / "summary" / f"{name}.csv")


def find(rows: list[dict[str, str]], **key) -> dict[str, str]:
    found = [r for r in rows if all(r[k] == v for k, v in key.items())]
    assert len(found) == 1, key
    return found[0]


def all_files(home: Path) -> dict[str, bytes]:
    out = {}
    for folder in (home / "data" / "processed", home / "outputs" / "summary"):
        if folder.exists():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    out[path.relative_to(home).as_posix()] = path.read_bytes()
    return out


class Raw:
    """The fixture's raw files, read with the csv module."""

    def __init__(self, raw: Path):
        self.questions = {q["question_id"]: q for q in read_csv(raw / "questions.csv")}
        self.invited = {
            (r["council_code"], r["group"]): int(r["invited"])
            for r in read_csv(raw / "invitations.csv")
        }
        rows = read_csv(raw / "responses.csv")
        qids = list(self.questions)
        self.responses = [r for r in rows if any(r[q].strip() for q in qids)]  # not empty
        self.ids = [r["respondent_id"] for r in rows]
        self.public = read_csv(raw / "public_survey.csv")

    def likert(self, council, groups, question):
        """Scores (reversal applied) of one statement."""
        reverse = self.questions[question]["reverse"] == "true"
        out = []
        for r in self.responses:
            if r["council_code"] == council and r["group"] in groups and r[question] in SCORES:
                s = SCORES[r[question]]
                out.append(6 - s if reverse else s)
        return out


@pytest.fixture
def built(workbook_home: Path) -> Path:
    result = pipeline.build()
    assert "3 councils" in str(result)
    return workbook_home


def test_summary_tables_have_exactly_the_columns_and_order_of_outputs_md(built):
    for name, columns in SUMMARY_COLUMNS.items():
        path = built / "outputs" / "summary" / f"{name}.csv"
        assert header(path) == columns.split(", "), name
        rows = read_csv(path)
        key = [tuple(r[k] for k in KEYS[name]) for r in rows]
        assert key == sorted(key), f"{name} not sorted by key"
        assert len(set(key)) == len(key), f"{name} has duplicate keys"
        if "suppressed" in rows[0]:
            assert {r["suppressed"] for r in rows} <= {"true", "false"}
    # the six tables, and the build's identifier in a hidden file (docs/operations.md)
    assert sorted(p.name for p in (built / "outputs" / "summary").iterdir()) == sorted(
        [".build", *(f"{n}.csv" for n in SUMMARY_COLUMNS)]
    )


def test_processed_tables_add_the_suppression_reason(built):
    processed = built / "data" / "processed"
    for name in ("maturity", "agreement", "themes"):
        assert header(processed / f"{name}.csv") == [
            *SUMMARY_COLUMNS[name].split(", "),
            "suppression",
        ]
        reasons = {r["suppression"] for r in read_csv(processed / f"{name}.csv")}
        assert reasons <= {"primary", "secondary", "complementary", ""}
    for name in (
        "councils",
        "invitations",
        "questions",
        "framework",
        "findings",
        "comments",
        "answers",
        "response_rates",
        "comparisons",
        "public_survey",
    ):
        assert (processed / f"{name}.csv").is_file(), name
    assert (processed / "build_info.json").is_file()


def test_response_rates_against_a_hand_count(built, raw_dir):
    raw = Raw(raw_dir)
    rates = summary(built, "response_rates")
    counts = defaultdict(int)
    for r in raw.responses:
        counts[(r["council_code"], r["group"])] += 1
    for (council, group), invited in raw.invited.items():
        row = find(rates, council_code=council, group=group)
        assert int(row["invited"]) == invited
        assert int(row["responses"]) == counts[(council, group)]
        assert float(row["response_rate"]) == counts[(council, group)] / invited
    total = find(rates, council_code="Wales", group="total")
    assert int(total["responses"]) == len(raw.responses) == 49  # the empty submission dropped
    assert int(total["invited"]) == sum(raw.invited.values())
    assert (
        total["funnel"] == ""
        and find(rates, council_code=CAERPHILLY, group="total")["funnel"] == ""
    )
    assert not [r for r in rates if r["council_code"] == NEWPORT and r["group"] == "member"]


def test_agreement_and_comparison_against_a_hand_count(built, raw_dir):
    raw = Raw(raw_dir)
    agreement = summary(built, "agreement")
    # A_vision2 is reverse-worded.
    scores = raw.likert(CAERPHILLY, ("officer", "member"), "A_vision2")
    row = find(agreement, council_code=CAERPHILLY, group="all", question_id="A_vision2")
    assert int(row["n"]) == len(scores)
    assert int(row["agree"]) == sum(s >= 4 for s in scores)
    assert float(row["mean_score"]) == pytest.approx(statistics.mean(scores), abs=1e-12)
    assert row["suppressed"] == "false"

    # Caerphilly against the rest of Wales on A_skills1.
    council = raw.likert(CAERPHILLY, ("officer", "member"), "A_skills1")
    rest = raw.likert(ANGLESEY, ("officer", "member"), "A_skills1") + raw.likert(
        NEWPORT, ("officer",), "A_skills1"
    )
    x1, n1 = sum(s >= 4 for s in council), len(council)
    x2, n2 = sum(s >= 4 for s in rest), len(rest)
    pooled = (x1 + x2) / (n1 + n2)
    z = (x1 / n1 - x2 / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    comp = find(summary(built, "comparisons"), council_code=CAERPHILLY, question_id="A_skills1")
    assert float(comp["council_agree_pct"]) == pytest.approx(x1 / n1)
    assert float(comp["rest_agree_pct"]) == pytest.approx(x2 / n2)
    assert float(comp["z"]) == pytest.approx(z, abs=1e-9)
    assert float(comp["p_value"]) == pytest.approx(2 * stats.norm.sf(abs(z)), abs=1e-9)
    assert comp["difference"] in {"higher", "lower", "similar"}


def test_maturity_and_themes_against_a_hand_count(built, raw_dir):
    raw = Raw(raw_dir)
    levels = [
        int(r["L_leadership"])
        for r in raw.responses
        if r["council_code"] == NEWPORT and r["L_leadership"] in ("1", "2", "3")
    ]
    row = find(
        summary(built, "maturity"),
        council_code=NEWPORT,
        group="officer",
        characteristic="leadership",
    )
    assert int(row["n"]) == len(levels)
    assert float(row["mean_level"]) == pytest.approx(statistics.mean(levels), abs=1e-12)
    half = (
        stats.t.ppf(0.975, len(levels) - 1)
        * statistics.stdev(levels)
        / math.sqrt(len(levels))
        * math.sqrt(1 - len(levels) / 18)
    )
    assert float(row["ci_low"]) == pytest.approx(statistics.mean(levels) - half, abs=1e-12)
    assert [int(row[f"n_level_{k}"]) for k in (1, 2, 3)] == [levels.count(k) for k in (1, 2, 3)]

    # Caerphilly officers, theme protection (A_prot1 both, A_prot2 officers only).
    means = []
    for r in raw.responses:
        if r["council_code"] == CAERPHILLY and r["group"] == "officer":
            s = [SCORES[r[q]] for q in ("A_prot1", "A_prot2") if r[q] in SCORES]
            if s:
                means.append(sum(s) / len(s))
    theme = find(
        summary(built, "themes"), council_code=CAERPHILLY, group="officer", theme="protection"
    )
    assert int(theme["n"]) == len(means)
    assert float(theme["theme_score"]) == pytest.approx(sum(means) / len(means), abs=1e-12)


def test_public_survey_against_a_hand_count(built, raw_dir):
    raw = Raw(raw_dir)
    for measure in ("satisfied", "told"):
        answered = [r[measure] for r in raw.public if r[measure].strip()]
        row = find(summary(built, "public_survey"), measure=measure)
        assert int(row["n"]) == len(answered)
        assert float(row["pct"]) == pytest.approx(answered.count("yes") / len(answered))


def test_anglesey_members_suppressed_with_officers_secondarily(built):
    for name, key in (
        ("maturity", "characteristic"),
        ("agreement", "question_id"),
        ("themes", "theme"),
    ):
        rows = summary(built, name)
        stat_columns = [
            c
            for c in SUMMARY_COLUMNS[name].split(", ")
            if c not in ("council_code", "group", key, "n", "theme", "suppressed")
        ]
        members = [r for r in rows if r["council_code"] == ANGLESEY and r["group"] == "member"]
        assert members, name
        for m in members:
            assert m["suppressed"] == "true" and int(m["n"]) < 5
            assert all(m[c] == "" for c in stat_columns), (name, m)
            pooled = find(rows, council_code=ANGLESEY, group="all", **{key: m[key]})
            if m[key] == "A_skills2":  # asked of members only: no officer row; all = members
                assert pooled["suppressed"] == "true" and pooled["n"] == m["n"]
                continue
            officer = find(rows, council_code=ANGLESEY, group="officer", **{key: m[key]})
            assert officer["suppressed"] == "true" and int(officer["n"]) >= 5
            assert all(officer[c] == "" for c in stat_columns)
            if pooled["suppressed"] == "true":
                # hidden only where the audit found it would give the members away
                processed = read_csv(built / "data" / "processed" / f"{name}.csv")
                reason = find(processed, council_code=ANGLESEY, group="all", **{key: m[key]})
                assert reason["suppression"] == "complementary", (name, m[key])
            else:
                assert pooled[stat_columns[0]] != ""
        assert not [r for r in rows if r["council_code"] == NEWPORT and r["group"] == "member"]
    processed = read_csv(built / "data" / "processed" / "maturity.csv")
    reasons = {(r["group"], r["suppression"]) for r in processed if r["council_code"] == ANGLESEY}
    assert ("member", "primary") in reasons and ("officer", "secondary") in reasons


def test_no_hidden_figure_can_be_worked_back_by_differencing(built):
    """Wales minus the councils shown, and Wales minus the rest, never give a small group."""
    for name, key, count in (
        ("agreement", "question_id", "agree"),
        ("maturity", "characteristic", "n_level_3"),
    ):
        rows = summary(built, name)
        for stat in {r[key] for r in rows}:
            for group in ("officer", "member"):
                same = [r for r in rows if r[key] == stat and r["group"] == group]
                wales = [r for r in same if r["council_code"] == "Wales"]
                if not wales or wales[0][count] == "":
                    continue
                hidden = [r for r in same if r["council_code"] != "Wales" and r[count] == ""]
                # what an attacker gets: the pooled figure of the hidden councils
                assert (
                    sum(int(r["n"]) for r in hidden) == 0 or sum(int(r["n"]) for r in hidden) >= 5
                ), (name, stat, group)
    # Anglesey's 3 members are the only hidden members: the Wales group rows go too
    agreement = summary(built, "agreement")
    hidden_stats = {
        r["question_id"]
        for r in agreement
        if r["council_code"] == ANGLESEY and r["group"] == "member" and int(r["n"]) > 0
    }
    assert hidden_stats
    for question in hidden_stats:
        for row in agreement:
            if row["council_code"] == "Wales" and row["question_id"] == question:
                if row["group"] != "all":
                    assert row["suppressed"] == "true" and row["agree_pct"] == "", row
                    continue
                # Wales "all" goes only when Anglesey's own "all" is hidden too (A_skills2,
                # asked of members only), and then no council is compared on it
                angl = find(agreement, council_code=ANGLESEY, group="all", question_id=question)
                assert (row["agree_pct"] == "") == (angl["agree_pct"] == ""), row
                if row["agree_pct"] == "":
                    compared = [
                        c for c in summary(built, "comparisons") if c["question_id"] == question
                    ]
                    assert compared and all(c["rest_agree_pct"] == "" for c in compared)
    # a council too small to compare shows neither its figure nor the rest of Wales
    for row in summary(built, "comparisons"):
        if row["council_agree_pct"] == "":
            assert row["rest_agree_pct"] == "" and row["z"] == "", row


def test_no_respondent_identifier_in_any_output(built, raw_dir):
    raw = Raw(raw_dir)
    ids = raw.ids + [r["respondent_id"] for r in raw.public]
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, ids)) + r")\b")
    files = all_files(built)
    assert len(files) >= 20
    for name, data in files.items():
        text = data.decode("utf-8")
        assert "respondent_id" not in text, name
        assert not pattern.search(text), (name, pattern.search(text))
        assert str(built) not in text, name  # no absolute path


def test_comments_are_redacted(built):
    comments = read_csv(built / "data" / "processed" / "comments.csv")
    text = " ".join(c["comment"] for c in comments)
    assert "@" not in text and "029 2088" not in text and "example.org" not in text
    # a mark of no language where each was; the pages print it in their own
    assert text.count(config.REDACTION_MARK) == 3 and "[redacted]" not in text


def test_rebuild_is_byte_identical(built):
    first = all_files(built)
    pipeline.build()
    assert all_files(built) == first


def test_build_info_dates_the_data_from_dataset_csv_only(built):
    info = json.loads((built / "data" / "processed" / "build_info.json").read_text())
    assert info["data_date"] == fixture_data.DATA_DATE
    (built / "data" / "raw" / "dataset.csv").unlink()
    pipeline.build()
    info = json.loads((built / "data" / "processed" / "build_info.json").read_text())
    assert info["data_date"] == ""  # no date rather than a file's or the clock's


def test_the_same_data_with_other_file_times_build_byte_identical_files(built, tmp_path):
    """A copy made on another day (new file times, other folder) builds the same bytes."""
    first = all_files(built)
    other = tmp_path / "elsewhere" / "home"
    shutil.copytree(built / "data" / "raw", other / "data" / "raw")  # new times for the folder
    for number, path in enumerate(sorted((other / "data" / "raw").iterdir())):
        os.utime(path, (86400.0 * 365 * 30 + number, 86400.0 * 365 * 30 + number))  # in 1999
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WORKBOOK_HOME", str(other))
        pipeline.build()
    assert all_files(other) == first
    assert not [p for p in (built / "outputs").iterdir() if p.name.startswith(".")]


def test_what_a_killed_build_left_is_cleared_and_the_previous_folder_put_back(built):
    """Killed between moving data/processed/ away and the new one in: the next build recovers."""
    before = all_files(built)
    data = built / "data"
    (data / ".processed-old-k1").mkdir()
    (data / "processed").rename(data / ".processed-old-k1" / "processed")
    (data / ".processed-new-k2").mkdir()
    (data / ".processed-new-k2" / "answers.csv").write_text("half a file")
    (built / "outputs" / ".summary-new-k3").mkdir()
    responses = data / "raw" / "responses.csv"
    good = responses.read_text(encoding="utf-8")
    responses.write_text(good.replace(",Agree,", ",Agreee,", 1), encoding="utf-8")
    with pytest.raises(ContractError):
        pipeline.build()  # invalid data: nothing written, but the previous build is back
    assert all_files(built) == before
    leftovers = [p.name for p in data.iterdir() if p.name.startswith(".")]
    leftovers += [p.name for p in (built / "outputs").iterdir() if p.name.startswith(".")]
    assert leftovers == []
    responses.write_text(good, encoding="utf-8")
    pipeline.build()
    assert all_files(built) == before


def test_a_failed_validation_writes_nothing(workbook_home: Path):
    responses = workbook_home / "data" / "raw" / "responses.csv"
    good = responses.read_text(encoding="utf-8")
    responses.write_text(good.replace(",Agree,", ",Agreee,", 1), encoding="utf-8")
    with pytest.raises(ContractError):
        pipeline.build()
    assert all_files(workbook_home) == {}
    assert not (workbook_home / "outputs" / "summary").exists()

    responses.write_text(good, encoding="utf-8")
    pipeline.build()
    before = all_files(workbook_home)
    responses.write_text(good.replace(",Agree,", ",Agreee,", 1), encoding="utf-8")
    with pytest.raises(ContractError):
        pipeline.build()
    assert all_files(workbook_home) == before


def test_a_failure_while_writing_leaves_the_previous_outputs(workbook_home, monkeypatch):
    pipeline.build()
    readme = workbook_home / "data" / "processed" / "README.md"
    readme.write_text("Written by build.\n", encoding="utf-8")
    before = all_files(workbook_home)

    def fail(*args, **kwargs):
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "write_summary", fail)
        with pytest.raises(OSError, match="disk full"):
            pipeline.build()
    assert all_files(workbook_home) == before
    leftovers = [p.name for p in (workbook_home / "data").iterdir() if p.name.startswith(".")]
    leftovers += [p.name for p in (workbook_home / "outputs").iterdir() if p.name.startswith(".")]
    assert leftovers == []
    pipeline.build()
    assert readme.read_text(encoding="utf-8") == "Written by build.\n"  # kept across builds


def test_command_line_build(workbook_home, capsys):
    assert main(["build"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("built 3 councils: 49 responses -> data/processed/ and outputs/summary/")
    assert "(6 tables)" in out
    (workbook_home / "data" / "raw" / "councils.csv").write_text("nonsense\n", encoding="utf-8")
    assert main(["build"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "error: the raw data break the data contract:"
    # each problem on a line of its own, in the form validate prints
    assert re.match(r"^\S*data/raw/councils\.csv(:\d+)?: .*\(expected .*\)$", err[1])
