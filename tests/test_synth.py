"""Tests for helpers.data.synth: the shipped synthetic data set.

Every figure is counted again here from the written CSV files with the csv
module, independently of the generator.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter
from pathlib import Path

import pytest

from helpers import config
from helpers.__main__ import main
from helpers.data import synth
from helpers.errors import DataOverwriteError

CAERPHILLY = "W06000018"
CONTRACT_FILES = [
    "councils.csv",
    "invitations.csv",
    "questions.csv",
    "responses.csv",
    "public_survey.csv",
    "framework.csv",
    "comments.csv",
    "findings.csv",
    "dataset.csv",
]
LIKERT = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
COMMITTED = config.PROJECT_ROOT / "data" / "raw"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic data set written once into a temporary folder."""
    folder = tmp_path_factory.mktemp("synth") / "raw"
    synth.write_synthetic(folder)
    return folder


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def question_bank(folder: Path) -> list[dict[str, str]]:
    return read(folder, "questions.csv")


def applicable(folder: Path, group: str) -> list[str]:
    """Level and likert questions asked of ``group``."""
    return [
        q["question_id"]
        for q in question_bank(folder)
        if q["kind"] != "text" and q["asked_of"] in ("both", group)
    ]


def is_empty(row: dict[str, str], qids: list[str]) -> bool:
    return all(row[q].strip() == "" for q in qids)


def response_counts(folder: Path) -> Counter:
    """Non-empty submissions per (council, group)."""
    qids = [q["question_id"] for q in question_bank(folder)]
    return Counter(
        (r["council_code"], r["group"])
        for r in read(folder, "responses.csv")
        if not is_empty(r, qids)
    )


def invited(folder: Path) -> dict[tuple[str, str], int]:
    return {
        (r["council_code"], r["group"]): int(r["invited"]) for r in read(folder, "invitations.csv")
    }


# --------------------------------------------------------------------------
# Files and determinism
# --------------------------------------------------------------------------
def test_writes_every_contract_file_and_readme(tmp_path: Path) -> None:
    paths = synth.write_synthetic(tmp_path / "new" / "raw")
    assert [p.name for p in paths] == [*CONTRACT_FILES, "README.md"]
    assert all(p.parent == tmp_path / "new" / "raw" and p.is_file() for p in paths)
    # Nothing left behind but the files themselves (no temporary files).
    assert sorted(p.name for p in (tmp_path / "new" / "raw").iterdir()) == sorted(
        p.name for p in paths
    )


def test_two_runs_are_byte_identical(tmp_path: Path) -> None:
    first = synth.write_synthetic(tmp_path / "a")
    second = synth.write_synthetic(tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.name == b.name
        assert a.read_bytes() == b.read_bytes(), a.name


def test_rewriting_in_place_replaces_files_and_keeps_others(tmp_path: Path) -> None:
    synth.write_synthetic(tmp_path)
    (tmp_path / "notes.txt").write_text("keep me\n", encoding="utf-8")
    synth.write_synthetic(tmp_path)  # its own files: replaced without asking
    (tmp_path / "responses.csv").write_text("stale\n", encoding="utf-8")
    synth.write_synthetic(tmp_path, overwrite=True)
    assert (tmp_path / "responses.csv").read_text(encoding="utf-8").startswith("respondent_id,")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me\n"


def test_other_data_are_never_overwritten_without_force(tmp_path: Path, capsys) -> None:
    real = "respondent_id,council_code,group\nX1,W06000018,officer\n"
    (tmp_path / "responses.csv").write_text(real, encoding="utf-8")
    with pytest.raises(DataOverwriteError, match=r"responses\.csv.*--force"):
        synth.write_synthetic(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["responses.csv"]  # nothing written
    assert main(["synth", "--raw", str(tmp_path)]) == 2
    assert "differ from the synthetic data" in capsys.readouterr().err
    assert (tmp_path / "responses.csv").read_text(encoding="utf-8") == real
    assert main(["synth", "--raw", str(tmp_path), "--force"]) == 0
    assert (tmp_path / "responses.csv").read_text(encoding="utf-8") != real


@pytest.mark.parametrize("name", [*CONTRACT_FILES, "README.md"])
def test_committed_data_match_the_generator(written: Path, name: str) -> None:
    committed = COMMITTED / name
    assert committed.is_file(), f"data/raw/{name} is not committed; run python -m helpers synth"
    assert committed.read_bytes() == (written / name).read_bytes(), (
        f"data/raw/{name} differs from the generator's output; run python -m helpers synth"
    )


def test_the_data_set_is_dated_by_a_constant_not_the_clock(written: Path) -> None:
    assert read(written, "dataset.csv") == [{"data_date": synth.DATA_DATE}]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", synth.DATA_DATE)
    from helpers.data import contract

    assert contract.load_raw(written).data_date == synth.DATA_DATE


def test_default_folder_is_the_workbook_raw_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(config.HOME_ENV, str(tmp_path))
    paths = synth.write_synthetic()
    assert {p.parent for p in paths} == {tmp_path / "data" / "raw"}


@pytest.mark.parametrize("name", CONTRACT_FILES)
def test_csv_encoding_is_plain_utf8_with_newlines(written: Path, name: str) -> None:
    data = (written / name).read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    data.decode("utf-8")


# --------------------------------------------------------------------------
# The published Caerphilly table and the public survey
# --------------------------------------------------------------------------
def test_caerphilly_reproduces_the_published_table(written: Path) -> None:
    inv = invited(written)
    got = response_counts(written)
    assert inv[(CAERPHILLY, "officer")] == 96
    assert inv[(CAERPHILLY, "member")] == 74
    assert got[(CAERPHILLY, "officer")] == 46
    assert got[(CAERPHILLY, "member")] == 18
    # 64 / 170 = 37.6% -> 38%, as published.
    total = got[(CAERPHILLY, "officer")] + got[(CAERPHILLY, "member")]
    assert (total, inv[(CAERPHILLY, "officer")] + inv[(CAERPHILLY, "member")]) == (64, 170)


def test_public_survey_reproduces_the_published_figures(written: Path) -> None:
    rows = read(written, "public_survey.csv")
    assert len(rows) == 750
    assert list(rows[0]) == ["respondent_id", "council_code", "satisfied", "told"]  # no weight
    assert sum(r["satisfied"] == "yes" for r in rows) == 270  # 36%
    assert sum(r["told"] == "yes" for r in rows) == 90  # 12%
    answers = {"yes", "no", "don't know"}
    assert all(r["satisfied"] in answers and r["told"] in answers for r in rows)
    assert len({r["respondent_id"] for r in rows}) == 750
    codes = {r["council_code"] for r in rows}
    assert "" in codes  # some councils not known
    assert len(codes - {""}) == 22


# --------------------------------------------------------------------------
# The awkward cases the reports must handle
# --------------------------------------------------------------------------
def test_exactly_one_group_not_surveyed(written: Path) -> None:
    codes = [c["council_code"] for c in read(written, "councils.csv")]
    inv = invited(written)
    missing = [(c, g) for c in codes for g in config.GROUPS if (c, g) not in inv]
    assert missing == [synth.NOT_SURVEYED]
    assert missing[0][0] != CAERPHILLY
    assert not any(
        (r["council_code"], r["group"]) in missing for r in read(written, "responses.csv")
    )


def test_responses_never_exceed_invited(written: Path) -> None:
    inv = invited(written)
    rows = Counter((r["council_code"], r["group"]) for r in read(written, "responses.csv"))
    assert set(rows) == set(inv)
    # Even counting empty submissions.
    assert all(n <= inv[key] for key, n in rows.items())


def test_invitation_counts_are_plausible(written: Path) -> None:
    for (_code, group), n in invited(written).items():
        low, high = (40, 160) if group == "officer" else (30, 75)
        assert low <= n <= high
    got = response_counts(written)
    inv = invited(written)
    rates = {key: got[key] / inv[key] for key in inv}
    member_rates = [r for (_, g), r in rates.items() if g == "member"]
    officer_rates = [r for (_, g), r in rates.items() if g == "officer"]
    assert max(officer_rates) - min(officer_rates) > 0.25  # rates vary between councils
    assert max(member_rates) - min(member_rates) > 0.25
    assert any(got[key] in (3, 4) for key in inv if key[1] == "member")  # suppression


def test_some_empty_submissions_and_dont_knows(written: Path) -> None:
    qids = [q["question_id"] for q in question_bank(written)]
    rows = read(written, "responses.csv")
    empty = [r for r in rows if is_empty(r, qids)]
    assert len(empty) >= 3
    assert len({r["council_code"] for r in empty}) >= 3
    answers = [r[q] for r in rows for q in qids if r[q]]
    share = sum(a == "Don't know" for a in answers) / len(answers)
    assert 0.03 <= share <= 0.12


def test_some_partials_and_break_offs(written: Path) -> None:
    qids = [q["question_id"] for q in question_bank(written)]
    shares = []
    for r in read(written, "responses.csv"):
        if is_empty(r, qids):
            continue
        own = applicable(written, r["group"])
        shares.append(sum(r[q] != "" for q in own) / len(own))
    partial = sum(0.5 <= s < 0.8 for s in shares)
    breakoff = sum(s < 0.5 for s in shares)
    assert partial >= 0.05 * len(shares)
    assert 1 <= breakoff <= 0.1 * len(shares)
    assert all(s > 0 for s in shares)


def test_answers_are_canonical_and_only_for_asked_groups(written: Path) -> None:
    bank = question_bank(written)
    for r in read(written, "responses.csv"):
        for q in bank:
            value = r[q["question_id"]]
            if q["asked_of"] not in ("both", r["group"]):
                assert value == ""
            elif q["kind"] == "level":
                assert value in ("", "1", "2", "3", "Don't know")
            elif q["kind"] == "likert":
                assert value in ("", *LIKERT, "Don't know")


def test_free_text_has_commas_quotes_and_line_breaks(written: Path) -> None:
    text_ids = [q["question_id"] for q in question_bank(written) if q["kind"] == "text"]
    texts = [r[q] for r in read(written, "responses.csv") for q in text_ids if r[q]]
    assert any("," in t for t in texts)
    assert any('"' in t for t in texts)
    assert any("\n" in t for t in texts)


def test_respondent_ids_are_opaque_and_unique(written: Path) -> None:
    ids = [r["respondent_id"] for r in read(written, "responses.csv")]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"resp-[0-9a-f]{8}", i) for i in ids)


# --------------------------------------------------------------------------
# The question bank, framework, comments and findings
# --------------------------------------------------------------------------
def test_question_bank_shape(written: Path) -> None:
    bank = question_bank(written)
    levels = [q for q in bank if q["kind"] == "level"]
    assert sorted(q["characteristic"] for q in levels) == sorted(config.CHARACTERISTICS)
    assert all(q["text"].startswith("Which description best fits your authority?") for q in levels)
    likert = [q for q in bank if q["kind"] == "likert"]
    assert 16 <= len(likert) <= 20
    per_theme = Counter(q["theme"] for q in likert)
    assert all(4 <= per_theme[t] <= 5 for t in config.THEMES)
    assert any(q["reverse"] == "true" for q in likert)
    assert {q["asked_of"] for q in likert} == {"both", "officer", "member"}
    assert 3 <= sum(q["kind"] == "text" for q in bank) <= 4


def test_framework_follows_config(written: Path) -> None:
    rows = read(written, "framework.csv")
    assert [(r["characteristic"], r["name"]) for r in rows] == [
        (slug, name) for slug, (name, _theme) in config.CHARACTERISTICS.items()
    ]
    assert all(r[f"level_{i}"] for r in rows for i in (1, 2, 3))


def test_comments_per_council_and_contact_details(written: Path) -> None:
    rows = read(written, "comments.csv")
    per_council = Counter(r["council_code"] for r in rows)
    assert len(per_council) == 22
    assert all(2 <= n <= 4 for n in per_council.values())
    assert len({r["comment"] for r in rows}) == len(rows)
    text = " ".join(r["comment"] for r in rows)
    assert re.search(r"[\w.]+@[\w.]+\.\w+", text)
    assert re.search(r"\b0\d{2,4} ?\d{3,4} ?\d{3,4}\b", text)
    assert re.search(r"https?://|www\.", text)


def test_findings_cover_every_caerphilly_theme(written: Path) -> None:
    rows = read(written, "findings.csv")
    caerphilly = Counter(r["theme"] for r in rows if r["council_code"] == CAERPHILLY)
    assert all(caerphilly[t] >= 2 for t in config.THEMES)
    others = {r["council_code"] for r in rows} - {CAERPHILLY}
    assert 3 <= len(others) <= 4
    keys = [(r["council_code"], r["theme"], r["order"]) for r in rows]
    assert len(set(keys)) == len(keys)


def test_caerphilly_answers_follow_the_published_findings(written: Path) -> None:
    rows = [r for r in read(written, "responses.csv") if r["council_code"] == CAERPHILLY]

    def agree(qid: str, group: str | None = None) -> float:
        answers = [r[qid] for r in rows if group in (None, r["group"]) and r[qid] in LIKERT]
        return sum(a in ("Agree", "Strongly agree") for a in answers) / len(answers)

    # Most members see data as a key resource, like money, people and buildings.
    assert agree("vis_01", "member") >= 0.75
    # Mixed views on whether decisions rest on evidence.
    assert 0.35 <= agree("evd_01") <= 0.7
    # Awareness gaps: a minority think staff know what they can share.
    assert agree("prot_02") < 0.5


# --------------------------------------------------------------------------
# The data contract
# --------------------------------------------------------------------------
def test_passes_the_data_contract(written: Path) -> None:
    if importlib.util.find_spec("helpers.data.contract") is None:
        pytest.skip("helpers.data.contract is not available, so the contract cannot be checked")
    from helpers.data import contract

    report = contract.validate(written)
    assert [str(p) for p in report.problems] == []
    assert report.ok
