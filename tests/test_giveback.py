"""The give-back: the complementary suppression build publishes is locally minimal.

On the shipped data and on random small data sets, the complementary rows
of ``pipeline.compute_tables`` are put back one at a time into tables
assembled here from the unsuppressed statistics, and the workbook's public
audit (:func:`helpers.stats.audit.bounds.audit`) must then fail: no single
complementary row can be published again. The count is compared with the true minimum,
found by trying every set of rows, on tiny tables; the same data in another
row order give the same pattern; and the shipped build is attacked by the
independent attacker of ``tests/test_audit.py``, which reads only the CSVs.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_audit import LIKERT, independent_attack, make_raw, random_raw

from helpers import config
from helpers.build import pipeline
from helpers.data import contract
from helpers.stats import disclosure, giveback, scoring
from helpers.stats.audit.bounds import Auditor, audit
from helpers.stats.audit.records import AuditResult, hidden_mask
from helpers.stats.audit.search import protect
from helpers.stats.audit.state import State
from helpers.stats.audit.tables import prepare
from helpers.stats.audit.vocabulary import ITEM_COLUMNS

TABLES = ("maturity", "agreement", "themes")


# --------------------------------------------------------------------------
# Tables with a chosen set of complementary rows
# --------------------------------------------------------------------------
def stage(raw):
    """The tables before complementary suppression, and the unsuppressed agreement table."""
    answers = scoring.tidy_answers(raw.responses, raw.questions)
    scored = {
        "maturity": scoring.score_maturity(answers, raw.questions, raw.invitations),
        "agreement": scoring.score_agreement(answers, raw.questions, raw.invitations),
        "themes": scoring.score_themes(answers, raw.questions, raw.invitations),
    }
    staged = {}
    for name, table in scored.items():
        key, stats = pipeline._SUPPRESSION_KEYS[name]
        small = disclosure.suppress_small_numbers(table, stats, key)
        staged[name] = disclosure.protect_wales_rows(small, stats, key[1:])
    staged["comparisons"] = publish(staged, scored["agreement"], {})["comparisons"]
    return staged, scored["agreement"]


def publish(staged, scored_agreement, hidden: dict[str, set]) -> dict[str, pd.DataFrame]:
    """The tables with the rows in ``hidden`` suppressed, comparisons as build makes them."""
    out = {}
    for name in TABLES:
        _key, stats = pipeline._SUPPRESSION_KEYS[name]
        mask = hidden_mask(staged[name], ITEM_COLUMNS[name], hidden.get(name, set()))
        out[name] = disclosure.suppress_rows(staged[name], stats, mask)
    a = out["agreement"]
    wales_all = (a.council_code == config.WALES) & (a.group == config.GROUP_ALL)
    out["comparisons"] = scoring.compare_with_wales(
        scored_agreement,
        withheld=set(a.loc[wales_all & a.suppressed, "question_id"]),
        withheld_councils={
            (c, q) for c, g, q in hidden.get("agreement", set()) if g == config.GROUP_ALL
        },
    )
    return out


def block_of(tables, table: str, item: str) -> dict[str, pd.DataFrame]:
    """The tables restricted to the block of a row: its characteristic, or its theme.

    Blocks share no equation (helpers.stats.audit), so auditing one block is
    auditing every figure that can bear on its cells.
    """
    empty = {name: frame.iloc[0:0] for name, frame in tables.items()}
    if table == "maturity":
        return {**empty, "maturity": tables["maturity"][tables["maturity"].characteristic == item]}
    a = tables["agreement"]
    theme = item if table == "themes" else a.loc[a.question_id == item, "theme"].iloc[0]
    statements = set(a.loc[a.theme == theme, "question_id"])
    return {
        **empty,
        "agreement": a[a.theme == theme],
        "themes": tables["themes"][tables["themes"].theme == theme],
        "comparisons": tables["comparisons"][tables["comparisons"].question_id.isin(statements)],
    }


def audit_of(tables) -> AuditResult:
    return audit(tables["maturity"], tables["agreement"], tables["themes"], tables["comparisons"])


def complementary(tables: pipeline.Tables) -> dict[str, set]:
    """The rows a build suppressed as complementary: table -> {(council, group, item)}."""
    out = {}
    for name in TABLES:
        frame = getattr(tables, name)
        rows = frame[frame.suppression == disclosure.COMPLEMENTARY]
        out[name] = set(
            zip(
                rows.council_code.astype(str),
                rows.group.astype(str),
                rows[ITEM_COLUMNS[name]].astype(str),
                strict=True,
            )
        )
    return out


def assert_locally_minimal(staged, scored_agreement, hidden: dict[str, set]) -> None:
    """Every small cell is protected, and publishing any one hidden row narrows one."""
    assert audit_of(publish(staged, scored_agreement, hidden)).passed
    for name in TABLES:
        for row in sorted(hidden[name]):
            fewer = {**hidden, name: hidden[name] - {row}}
            block = block_of(publish(staged, scored_agreement, fewer), name, row[2])
            assert not audit_of(block).passed, f"{name} {row} could be published"


# --------------------------------------------------------------------------
# The shipped data
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shipped():
    raw = contract.load_raw(config.PROJECT_ROOT / "data" / "raw")
    return raw, pipeline.compute_tables(raw)


def test_shipped_data_publish_every_complement_the_audit_does_not_need(shipped):
    raw, tables = shipped
    summary = tables.disclosure
    assert summary.audit.passed and summary.complementary <= 82
    assert summary.complements_given_back >= 12
    assert summary.complements_taken == summary.complementary + summary.complements_given_back
    assert f"({summary.complements_taken} taken, {summary.complements_given_back} given back)" in (
        str(summary)
    )
    hidden = complementary(tables)
    assert sum(map(len, hidden.values())) == summary.complementary
    # among those given back: Isle of Anglesey's headline figure for vis_04
    assert ("W06000001", "all", "vis_04") not in hidden["agreement"]
    staged, scored_agreement = stage(raw)
    assert_locally_minimal(staged, scored_agreement, hidden)


def test_shipped_build_resists_an_independent_attacker(shipped, tmp_path: Path):
    # The attacker reads the CSVs one characteristic or theme at a time (its
    # equations never join two), which keeps each linear programme small.
    _raw, tables = shipped
    pipeline.write_summary(tables, tmp_path)
    files = {
        name: pd.read_csv(tmp_path / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in (*TABLES, "comparisons")
    }
    parts = [("maturity", k) for k in sorted(set(files["maturity"].characteristic))]
    parts += [("themes", t) for t in sorted(set(files["themes"].theme))]
    leaks = []
    for table, item in parts:
        folder = tmp_path / f"{table}-{item}"
        folder.mkdir()
        for name, frame in block_of(files, table, item).items():
            frame.to_csv(folder / f"{name}.csv", index=False)
        leaks += independent_attack(folder)
    assert leaks == []


# --------------------------------------------------------------------------
# Unseen data
# --------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [11, 12, 21, 22])
def test_random_data_sets_are_locally_minimal(seed, tmp_path: Path):
    raw = random_raw(seed)
    tables = pipeline.compute_tables(raw)
    summary = tables.disclosure
    assert summary.audit.passed
    hidden = complementary(tables)
    assert sum(map(len, hidden.values())) == summary.complementary
    staged, scored_agreement = stage(raw)
    assert_locally_minimal(staged, scored_agreement, hidden)
    pipeline.write_summary(tables, tmp_path)
    assert independent_attack(tmp_path) == []


@pytest.mark.parametrize("seed", [11, 12])
def test_the_same_data_in_another_order_give_the_same_pattern(seed):
    staged, _scored = stage(random_raw(seed))
    args = [staged[name] for name in (*TABLES, "comparisons")]
    first = giveback.protect(*args)
    rng = np.random.default_rng(seed)
    shuffled = [frame.iloc[rng.permutation(len(frame))] for frame in args]
    again = giveback.protect(*shuffled)
    assert first.taken > 0
    assert (first.hidden, first.given_back) == (again.hidden, again.given_back)


def test_the_give_back_publishes_what_the_search_hid_without_need():
    # The search hides a unit whole (a council's officer and member rows); on
    # these data sets it hides rows the audit does not need: they come back.
    taken = given = 0
    for seed in (11, 12, 21, 22):
        staged, _scored = stage(random_raw(seed))
        args = [staged[name] for name in (*TABLES, "comparisons")]
        fixed_point = protect(*args)
        result = giveback.protect(*args)
        assert result.taken == fixed_point.count
        for name in TABLES:
            assert result.hidden[name] | result.given_back[name] == fixed_point.hidden[name]
            assert not result.hidden[name] & result.given_back[name]
        taken += result.taken
        given += result.given_back_count
    assert given > 0 and taken > given


def test_release_order_puts_the_most_valuable_rows_first():
    keys = {
        0: (("themes", "A", "officer", "t"), 9),
        1: (("themes", "Wales", "all", "t"), 9),
        2: (("agreement", "A", "member", "q"), 9),
        3: (("agreement", "A", "all", "q"), 6),
        4: (("maturity", "B", "all", "k"), 12),
        5: (("agreement", "Wales", "all", "q"), 30),
        6: (("agreement", "Wales", "member", "q"), 8),
        7: (("themes", "A", "all", "t"), 9),
    }
    assert giveback.release_order(keys) == [5, 4, 3, 6, 2, 1, 7, 0]


# --------------------------------------------------------------------------
# Against the true minimum, on tiny tables
# --------------------------------------------------------------------------
def tiny_raw(seed: int):
    """Two councils, one characteristic and one statement (its own theme); small member groups."""
    rng = np.random.default_rng(seed)
    qs = [("l1", "level", "vision", "leadership", "both"), ("q1", "likert", "vision", "", "both")]
    groups, answers = {}, {}
    for council in ("A", "B"):
        groups[council] = {"officer": 20, "member": 10}
        for group, n in (("officer", int(rng.integers(5, 8))), ("member", int(rng.integers(1, 5)))):
            p = rng.dirichlet(np.ones(5) * 0.5)
            answers[(council, group)] = [
                {"l1": str(rng.integers(1, 4)), "q1": LIKERT[rng.choice(5, p=p)]} for _ in range(n)
            ]
    raw = make_raw(groups, qs, answers)
    raw.public_survey = None
    return raw


def true_minimum(block) -> int:
    """The fewest rows of a block whose suppression protects every small cell, by trying all.

    The same audit judges (the block's small cells under each publication
    state, comparisons following the agreement ``all`` rows as build makes
    them); every set of rows is tried, smallest first.
    """
    auditor = Auditor(block, config.MIN_RESPONSES)
    original = block.original()
    follow = giveback._follow(block, original)
    candidates = block.withheld(np.zeros_like(original))  # every statistic row published
    for size in range(len(candidates) + 1):
        for chosen in itertools.combinations(candidates, size):
            state = original.copy()
            state[list(chosen)] = False
            system = State(block, follow(state))
            if auditor.first_unprotected(system, auditor.small, stop=True)[0] is None:
                return size
    raise AssertionError("hiding every row always protects")  # pragma: no cover


def tiny_counts(seed: int) -> dict[tuple[str, str], tuple[int, int]]:
    """Per block needing complements: (rows the give-back leaves hidden, the true minimum)."""
    staged, _scored = stage(tiny_raw(seed))
    args = [staged[name] for name in (*TABLES, "comparisons")]
    result = giveback.protect(*args)
    out = {}
    for block in prepare(*args):
        keys = {row.key for row in block.rows}
        count = sum((name, *key) in keys for name in TABLES for key in result.hidden[name])
        given = sum((name, *key) in keys for name in TABLES for key in result.given_back[name])
        if count + given:
            out[block.name] = (count, true_minimum(block))
    return out


#: Tiny data sets (seed) whose blocks need complements: the give-back's
#: count and the true minimum, per block (docs/disclosure.md records the gap).
#: Over seeds 0 to 39 (70 blocks), the count is the minimum in every
#: characteristic and in 18 of 40 themes, one more in 20, two and three
#: more in one each: 351 rows against 326. Three of them are kept here.
TINY: dict[int, dict[tuple[str, str], tuple[int, int]]] = {
    0: {("maturity", "leadership"): (2, 2), ("themes", "vision"): (9, 8)},
    2: {("themes", "vision"): (3, 3)},
    10: {("maturity", "leadership"): (2, 2), ("themes", "vision"): (9, 6)},
}


@pytest.mark.parametrize("seed", sorted(TINY))
def test_the_count_against_the_true_minimum_on_tiny_tables(seed):
    found = tiny_counts(seed)
    assert found == TINY[seed]
    assert all(count >= minimum for count, minimum in found.values())


# --------------------------------------------------------------------------
# The narrowest leak: a small cell's count narrowed by exactly one
# --------------------------------------------------------------------------
def _person(level: int, answer: str) -> dict:
    return {"l1": str(level), "q1": answer}


def narrow_by_one_raw(end: str):
    """Two councils whose small member groups (2 and 3) pool to 5 in the Wales member row.

    Each council's ``all`` row alone leaves A's members 0 to 2 answers at
    level 1 (and 0 to 2 agreeing). The Wales member row adds A's and B's:
    ``"high"``: 1 in all, so A has at most 1 (0..2 becomes 0..1); ``"low"``:
    4 in all, and B's 3 members can hold at most 3, so A has at least 1
    (0..2 becomes 1..2). One statement is its theme: the theme's agreeing
    answers are narrowed the same way.
    """
    agree, disagree = "Agree", "Disagree"
    if end == "high":
        a_members = [_person(1, agree), _person(3, disagree)]
        b_members = [_person(2, disagree), _person(3, disagree), _person(3, disagree)]
    else:
        a_members = [_person(1, agree), _person(1, agree)]
        b_members = [_person(1, agree), _person(1, agree), _person(3, disagree)]
    officers = [
        _person(1, agree),
        _person(2, disagree),
        _person(2, disagree),
        _person(3, agree),
        _person(3, disagree),
    ]
    raw = make_raw(
        {"A": {"officer": 20, "member": 10}, "B": {"officer": 20, "member": 10}},
        [("l1", "level", "vision", "leadership", "both"), ("q1", "likert", "vision", "", "both")],
        {
            ("A", "member"): a_members,
            ("B", "member"): b_members,
            ("A", "officer"): officers,
            ("B", "officer"): officers[::-1],
        },
    )
    raw.public_survey = None
    return raw


@pytest.mark.parametrize("end", ["low", "high"])
@pytest.mark.parametrize(
    ("table", "count"),
    [("maturity", "n_level_1"), ("agreement", "agree"), ("themes", "agree")],
)
def test_a_count_narrowed_by_exactly_one_is_caught(table, count, end):
    staged, scored_agreement = stage(narrow_by_one_raw(end))
    tables = publish(staged, scored_agreement, {})
    wales_members = tables[table][
        (tables[table].council_code == config.WALES) & (tables[table].group == "member")
    ]
    assert not wales_members.suppressed.item()  # 5 pooled answers: published
    result = audit_of(tables)
    (cell,) = [c for c in result.cells if c.key[:3] == (table, "A", "member")]
    (bounds,) = [b for b in cell.counts if b.name == count]
    assert bounds.count and (bounds.ref_low, bounds.ref_high) == (0, 2)
    expected = (1, 2) if end == "low" else (0, 1)
    assert (round(bounds.low), round(bounds.high)) == expected
    assert not bounds.protected and not cell.protected and not result.passed
    # and build hides what it takes to give the count its whole range back
    protection = giveback.protect(*[tables[name] for name in (*TABLES, "comparisons")])
    assert protection.after.passed
