"""The attacker's audit and complementary suppression (methodology section 5).

Hand-made data sets in which one channel leaks (Wales rows pooling small
groups, a theme row pooling its statements, the rest of Wales, means) are
caught by :func:`helpers.stats.audit.bounds.audit` and closed by
:func:`helpers.stats.audit.search.protect`;
the linear-programming bounds are checked against brute-force enumeration;
and an attacker written here, independently of the helper package, builds its
own linear programme from the written summary CSVs alone.
"""

from __future__ import annotations

import csv
import itertools
import math
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from helpers import config
from helpers.build import pipeline
from helpers.errors import AuditError
from helpers.stats import disclosure, scoring
from helpers.stats.audit import vocabulary
from helpers.stats.audit.bounds import Auditor, audit
from helpers.stats.audit.program import Program
from helpers.stats.audit.reference import reference_bounds
from helpers.stats.audit.search import protect
from helpers.stats.audit.tables import prepare

LIKERT = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]


# --------------------------------------------------------------------------
# Building small data sets in code
# --------------------------------------------------------------------------
def make_raw(groups: dict, questions: list[tuple], answers: dict) -> SimpleNamespace:
    """A loaded raw data set.

    groups: council -> {group: invited}; questions: (id, kind, theme,
    characteristic, asked_of); answers: (council, group) -> list of
    {question: answer} dicts, one per respondent.
    """
    invitations = pd.DataFrame(
        [(c, g, n) for c, gs in groups.items() for g, n in gs.items()],
        columns=["council_code", "group", "invited"],
    )
    qs = pd.DataFrame(
        [(q, k, t, c, a, False, f"text {q}") for q, k, t, c, a in questions],
        columns=["question_id", "kind", "theme", "characteristic", "asked_of", "reverse", "text"],
    )
    ids = [q[0] for q in questions]
    rows = []
    for (council, group), people in answers.items():
        for person in people:
            rows.append(
                {"council_code": council, "group": group, **{q: person.get(q) for q in ids}}
            )
    responses = pd.DataFrame(rows, columns=["council_code", "group", *ids])
    responses = responses.astype(object).where(responses.notna(), None)
    return SimpleNamespace(invitations=invitations, questions=qs, responses=responses)


def stage_tables(raw):
    """The tables after primary, secondary and Wales suppression, and their comparisons."""
    answers = scoring.tidy_answers(raw.responses, raw.questions)
    scored = {
        "maturity": scoring.score_maturity(answers, raw.questions, raw.invitations),
        "agreement": scoring.score_agreement(answers, raw.questions, raw.invitations),
        "themes": scoring.score_themes(answers, raw.questions, raw.invitations),
    }
    out = {}
    for name, table in scored.items():
        key, stats = pipeline._SUPPRESSION_KEYS[name]
        small = disclosure.suppress_small_numbers(table, stats, key)
        out[name] = disclosure.protect_wales_rows(small, stats, key[1:])
    agreement = out["agreement"]
    withheld = agreement.loc[
        (agreement.council_code == config.WALES)
        & (agreement.group == "all")
        & agreement.suppressed,
        "question_id",
    ]
    out["comparisons"] = scoring.compare_with_wales(scored["agreement"], withheld=set(withheld))
    return out


def people(rng, n, questions, *, skip=()):
    """n respondents answering each likert question at random (none of ``skip``)."""
    return [{q: LIKERT[rng.integers(5)] for q in questions if q not in skip} for _ in range(n)]


def audit_of(tables):
    return audit(tables["maturity"], tables["agreement"], tables["themes"], tables["comparisons"])


def protect_of(tables):
    return protect(tables["maturity"], tables["agreement"], tables["themes"], tables["comparisons"])


def narrowed(result, **key):
    return [
        c
        for c in result.unprotected
        if all(getattr(c, k if k != "council" else "council_code") == v for k, v in key.items())
    ]


# --------------------------------------------------------------------------
# Each channel leaks, the audit catches it, the complement closes it
# --------------------------------------------------------------------------
def test_wales_rows_pooling_two_small_groups_leak_and_a_complement_closes_them():
    # Members: 3 in A and 3 in B (pooled 6: the Wales member row is published);
    # C is large. Wales members minus C's members = A's plus B's: they
    # constrain each other, with the all rows, beyond what each all row allows.
    rng = np.random.default_rng(1)
    qs = [("q1", "likert", "vision", "", "both")]
    raw = make_raw(
        {
            "A": {"officer": 20, "member": 10},
            "B": {"officer": 20, "member": 10},
            "C": {"officer": 30, "member": 30},
        },
        qs,
        {
            ("A", "officer"): people(rng, 9, ["q1"]),
            ("A", "member"): [{"q1": "Strongly agree"}] * 3,
            ("B", "officer"): people(rng, 8, ["q1"]),
            ("B", "member"): [{"q1": "Strongly disagree"}] * 3,
            ("C", "officer"): people(rng, 12, ["q1"]),
            ("C", "member"): people(rng, 12, ["q1"]),
        },
    )
    tables = stage_tables(raw)
    wales_member = tables["agreement"].query("council_code == 'Wales' and group == 'member'")
    assert not wales_member.suppressed.item()  # the Wales rule lets 6 hidden answers through
    before = audit_of(tables)
    assert narrowed(before, table="agreement", council="A", group="member")
    assert narrowed(before, table="agreement", council="B", group="member")
    protection = protect_of(tables)
    assert protection.after.passed and protection.count > 0
    # hiding C's officer and member rows is enough, and cheaper than any Wales row
    assert protection.hidden["agreement"] == {("C", "officer", "q1"), ("C", "member", "q1")}


def test_a_theme_row_pooling_its_statements_leaks_and_a_complement_closes_it():
    # Council A: 6 members answer q1, only 3 of them q2 (the others "Don't know").
    # The member theme row (6 respondents) is published: its agreeing answers
    # minus q1's published agreeing answers = the 3 members' answers to q2.
    rng = np.random.default_rng(2)
    qs = [("q1", "likert", "vision", "", "both"), ("q2", "likert", "vision", "", "both")]
    members = people(rng, 6, ["q1"])
    for person in members[:3]:
        person["q2"] = "Agree"
    for person in members[3:]:
        person["q2"] = "Don't know"
    groups = {c: {"officer": 30, "member": 20} for c in "ABCD"}
    answers = {("A", "officer"): people(rng, 12, ["q1", "q2"]), ("A", "member"): members}
    for c in "BCD":
        answers[(c, "officer")] = people(rng, 10, ["q1", "q2"])
        answers[(c, "member")] = people(rng, 8, ["q1", "q2"])
    tables = stage_tables(make_raw(groups, qs, answers))
    theme_row = tables["themes"].query("council_code == 'A' and group == 'member'")
    assert not theme_row.suppressed.item() and theme_row.n.item() == 6
    before = audit_of(tables)
    leak = narrowed(before, table="agreement", council="A", group="member", item="q2")
    assert leak and any(c.pinned for c in leak)  # the 3 agreed: pinned to 3
    protection = protect_of(tables)
    assert protection.after.passed and protection.count > 0
    # the fix hides theme rows (no report shows them) before any statement row
    assert protection.hidden["themes"]


def test_the_rest_of_wales_is_an_equation_the_audit_reads():
    # A small council's all row is hidden; publishing its rest-of-Wales figure
    # (Wales minus the council) would give it back. The audit reads
    # comparisons.csv, so a table that did so is caught.
    rng = np.random.default_rng(3)
    qs = [("q1", "likert", "vision", "", "officer")]
    raw = make_raw(
        {"A": {"officer": 10}, "B": {"officer": 30}, "C": {"officer": 30}},
        qs,
        {
            ("A", "officer"): [{"q1": "Agree"}] * 4,
            ("B", "officer"): people(rng, 15, ["q1"]),
            ("C", "officer"): people(rng, 15, ["q1"]),
        },
    )
    tables = stage_tables(raw)
    wales_all = tables["agreement"].query("council_code == 'Wales' and group == 'all'")
    assert wales_all.suppressed.item()  # 4 hidden answers: the Wales rule withholds it
    # and so B is not compared; had it been, B's rest of Wales (A and C) would give A back
    agreement = tables["agreement"]
    comparisons = tables["comparisons"]
    assert comparisons.loc[comparisons.council_code == "B", "rest_agree_pct"].isna().all()
    assert audit_of(tables).passed
    rest = agreement[agreement.council_code.isin(["A", "C"]) & (agreement.group == "all")]
    true_rest = (4 + rest.loc[rest.council_code == "C", "agree"].sum()) / rest.n.sum()
    leaky = comparisons.copy()
    leaky.loc[leaky.council_code == "B", "rest_agree_pct"] = true_rest
    result = audit(tables["maturity"], agreement, tables["themes"], leaky)
    a_cells = narrowed(result, table="agreement", council="A")
    assert a_cells and any(c.pinned for c in a_cells)  # all 4 agreed: pinned


def test_means_times_n_are_sums_the_audit_uses():
    # One member each in A and B, pooled with a third small member group in the
    # Wales row: agreement alone leaves the members' answers open, but the
    # Wales mean score (a sum) and the all rows' means pin a score.
    qs = [("q1", "likert", "vision", "", "both")]
    rng = np.random.default_rng(4)
    answers = {
        ("A", "officer"): people(rng, 10, ["q1"]),
        ("A", "member"): [{"q1": "Agree"}] * 2,
        ("B", "officer"): people(rng, 10, ["q1"]),
        ("B", "member"): [{"q1": "Agree"}] * 3,
        ("C", "officer"): people(rng, 10, ["q1"]),
        ("C", "member"): people(rng, 10, ["q1"]),
    }
    groups = {c: {"officer": 20, "member": 20} for c in "ABC"}
    tables = stage_tables(make_raw(groups, qs, answers))
    before = audit_of(tables)
    cells = narrowed(before, table="agreement", group="member")
    names = {b.name for c in cells for b in c.counts if not b.protected}
    assert names & {"score_1", "score_2", "score_3", "score_5"}  # not just agree/not agree
    after = protect_of(tables).after
    assert after.passed


# --------------------------------------------------------------------------
# The linear programme against brute force
# --------------------------------------------------------------------------
def _maturity_tables(counts: dict, hidden: set):
    """A maturity table of one characteristic from counts[(council, group)] = (n1, n2, n3)."""
    rows = []
    keys = dict(counts)
    for council in sorted({c for c, _g in counts}):
        keys[(council, "all")] = tuple(
            sum(v) for v in zip(*[counts[(council, g)] for g in ("officer", "member")], strict=True)
        )
    for group in ("officer", "member", "all"):
        keys[("Wales", group)] = tuple(
            sum(v)
            for v in zip(
                *[v for (c, g), v in keys.items() if g == group and c != "Wales"], strict=True
            )
        )
    for (council, group), (n1, n2, n3) in sorted(keys.items()):
        hide = (council, group) in hidden
        rows.append(
            {
                "council_code": council,
                "group": group,
                "characteristic": "k",
                "n": n1 + n2 + n3,
                "n_level_1": None if hide else n1,
                "n_level_2": None if hide else n2,
                "n_level_3": None if hide else n3,
                "suppressed": hide,
            }
        )
    return pd.DataFrame(rows), keys


def _empty_statements():
    agreement = pd.DataFrame(
        columns=[
            "council_code",
            "group",
            "question_id",
            "theme",
            "n",
            "agree",
            "mean_score",
            "suppressed",
        ]
    )
    themes = pd.DataFrame(
        columns=[
            "council_code",
            "group",
            "theme",
            "n",
            "theme_score",
            "theme_agree_pct",
            "sd",
            "suppressed",
        ]
    )
    return agreement, themes


def _compositions(n):
    return [(a, b, n - a - b) for a in range(n + 1) for b in range(n + 1 - a)]


def _brute_force(keys: dict, hidden: set, councils: str):
    """Integer bounds of each hidden leaf's level counts, by enumeration.

    Every council's all row is published here, so a council's member counts
    are its all row minus its officer counts: enumerate the officers'.
    """
    published = {k: v for k, v in keys.items() if k not in hidden}
    per_council = []
    for council in councils:
        total = keys[(council, "all")]
        n_officer = sum(keys[(council, "officer")])
        options = []
        for officer in _compositions(n_officer):
            member = tuple(t - o for t, o in zip(total, officer, strict=True))
            if min(member) >= 0:
                options.append({(council, "officer"): officer, (council, "member"): member})
        per_council.append(options)
    found: dict = {}
    for combo in itertools.product(*per_council):
        assign = {k: v for part in combo for k, v in part.items()}
        ok = all(
            tuple(map(sum, zip(*[v for (c, g), v in assign.items() if g == group], strict=True)))
            == published[("Wales", group)]
            for group in ("officer", "member")
            if ("Wales", group) in published
        )
        if ok:
            for leaf, v in assign.items():
                found.setdefault(leaf, []).append(v)
    return {leaf: (np.min(v, axis=0), np.max(v, axis=0)) for leaf, v in found.items()}


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_linear_programming_bounds_match_brute_force_on_tiny_tables(seed):
    rng = np.random.default_rng(seed)
    counts = {}
    for council, (n_off, n_mem) in zip("ABC", [(5, 2), (6, 3), (5, 1)], strict=True):
        for group, n in (("officer", n_off), ("member", n_mem)):
            cut = np.sort(rng.integers(0, n + 1, size=2))
            counts[(council, group)] = (int(cut[0]), int(cut[1] - cut[0]), int(n - cut[1]))
    # small members primary, officers secondary; the Wales rows published (6 hidden)
    hidden = {(c, g) for c in "ABC" for g in ("officer", "member")}
    maturity, keys = _maturity_tables(counts, hidden)
    agreement, themes = _empty_statements()
    result = audit(maturity, agreement, themes)
    exact = _brute_force(keys, hidden, "ABC")
    for cell in result.cells:
        if cell.group == "all":
            continue
        lo, hi = exact[(cell.council_code, cell.group)]
        for k, bounds in enumerate(cell.counts):
            # the relaxation never claims more than the truth allows ...
            assert bounds.low <= lo[k] + 1e-6 and bounds.high >= hi[k] - 1e-6
            # ... and for these sums of counts (a network matrix) it is exact
            assert math.ceil(bounds.low - 1e-6) == lo[k]
            assert math.floor(bounds.high + 1e-6) == hi[k]


def test_reference_bounds_come_from_the_councils_own_all_row():
    # A: officers 5, member 1 (hidden); all row published (2 at level 3).
    counts = {
        ("A", "officer"): (3, 0, 2),
        ("A", "member"): (0, 0, 1),
        ("B", "officer"): (2, 2, 2),
        ("B", "member"): (3, 3, 0),
    }
    hidden = {("A", "officer"), ("A", "member")}
    maturity, _keys = _maturity_tables(counts, hidden | {("Wales", "officer"), ("Wales", "member")})
    agreement, themes = _empty_statements()
    result = audit(maturity, agreement, themes)
    (member,) = [c for c in result.cells if c.group == "member"]
    level_3 = member.counts[2]
    assert (level_3.ref_low, level_3.ref_high) == (0, 1)
    assert member.protected  # B's rows give nothing more away


def test_a_theme_cells_reference_follows_its_statements_all_rows():
    # A's 3 members answer q1 and q2: their theme row is small. Its reference
    # bounds on agreeing answers come statement by statement from A's all
    # rows; when q1's all row is hidden too, they widen. The bounds are kept
    # between checks, so they must be kept per state of every row they read.
    rng = np.random.default_rng(5)
    qs = [("q1", "likert", "vision", "", "both"), ("q2", "likert", "vision", "", "both")]
    groups = {c: {"officer": 30, "member": 10} for c in "ABC"}
    answers = {("A", "member"): [{"q1": "Agree", "q2": "Disagree"}] * 3}
    # Every officer agrees with q1 too: A's all row then says all 3 members agree.
    answers[("A", "officer")] = [{**p, "q1": "Agree"} for p in people(rng, 12, ["q2"])]
    for c in "BC":
        answers[(c, "officer")] = people(rng, 10, ["q1", "q2"])
        answers[(c, "member")] = people(rng, 6, ["q1", "q2"])
    tables = stage_tables(make_raw(groups, qs, answers))
    (block,) = prepare(
        tables["maturity"], tables["agreement"], tables["themes"], tables["comparisons"]
    )
    r = block.index[("themes", "A", "member", "vision")]
    published = np.array([row.published for row in block.rows], dtype=bool)
    q1_all = block.index[("agreement", "A", "all", "q1")]
    assert published[q1_all]
    widened = published.copy()
    widened[q1_all] = False
    fresh = [reference_bounds(block, r, state) for state in (published, widened)]
    assert fresh[0][0] != fresh[1][0]  # the agreeing answers' bounds widen
    auditor = Auditor(block, config.MIN_RESPONSES)
    assert r in auditor.small
    assert [auditor.reference(r, state) for state in (published, widened)] == fresh


# --------------------------------------------------------------------------
# Built data: the audit passes; an independent attacker agrees
# --------------------------------------------------------------------------
def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _num(text: str) -> float | None:
    return None if text == "" else float(text)


def independent_attack(summary: Path) -> list[tuple]:
    """Bound every small cell's agreeing answers and level counts from the CSVs alone.

    Unknowns: per council, group (officer, member) and statement the answers
    at each score, and per characteristic at each level. Equations: each
    published row's n, agree, mean x n (score sum) and n_level counts; all =
    officer + member; Wales = the sum of the councils; each theme's agreeing
    answers over its statements; comparisons' council and rest-of-Wales
    percentages. Returns the small cells (table, council, group, item) whose
    bounds are narrower than their council's published all row allows.
    """
    agreement = _read(summary / "agreement.csv")
    maturity = _read(summary / "maturity.csv")
    themes = _read(summary / "themes.csv")
    comparisons = _read(summary / "comparisons.csv")
    leaves = []
    for r in agreement:
        if r["council_code"] != "Wales" and r["group"] != "all":
            leaves.append(("a", r["council_code"], r["group"], r["question_id"], int(r["n"]), 5))
    for r in maturity:
        if r["council_code"] != "Wales" and r["group"] != "all":
            leaves.append(("m", r["council_code"], r["group"], r["characteristic"], int(r["n"]), 3))
    offset = {}
    size = 0
    for kind, c, g, item, n, d in leaves:
        offset[(kind, c, g, item)] = (size, d, n)
        size += d
    theme_of = {r["question_id"]: r["theme"] for r in agreement}
    eq_rows, eq_rhs = [], []

    def members(kind, council, group, items):
        return [
            key
            for key in offset
            if key[0] == kind
            and key[3] in items
            and (council == "Wales" or key[1] == council)
            and (group == "all" or key[2] == group)
        ]

    def add(keys, weights, value):
        row = np.zeros(size)
        for key in keys:
            o, d, _n = offset[key]
            row[o : o + d] += weights[:d]
        eq_rows.append(row)
        eq_rhs.append(value)

    agree_w = np.array([0, 0, 0, 1, 1.0])
    score_w = np.arange(1, 6.0)
    for key, (_o, _d, n) in offset.items():
        add([key], np.ones(5), n)
    n_of = {}
    for r in agreement:
        keys = members("a", r["council_code"], r["group"], {r["question_id"]})
        n_of[(r["council_code"], r["group"], r["question_id"])] = int(r["n"])
        if r["suppressed"] == "false" and keys:
            add(keys, agree_w, float(r["agree"]))
            add(keys, score_w, round(float(r["mean_score"]) * int(r["n"])))
    for r in maturity:
        keys = members("m", r["council_code"], r["group"], {r["characteristic"]})
        if r["suppressed"] == "false" and keys:
            for k in range(3):
                add(keys, np.eye(3)[k], float(r[f"n_level_{k + 1}"]))
    for r in themes:
        items = {q for q, t in theme_of.items() if t == r["theme"]}
        keys = members("a", r["council_code"], r["group"], items)
        if r["suppressed"] == "false" and keys:
            scored = sum(offset[k][2] for k in keys)
            add(keys, agree_w, round(float(r["theme_agree_pct"]) * scored))
    for r in comparisons:
        q = r["question_id"]
        own = members("a", r["council_code"], "all", {q})
        rest = [k for k in members("a", "Wales", "all", {q}) if k[1] != r["council_code"]]
        if _num(r["council_agree_pct"]) is not None:
            add(own, agree_w, round(float(r["council_agree_pct"]) * sum(offset[k][2] for k in own)))
        if _num(r["rest_agree_pct"]) is not None and rest:
            add(rest, agree_w, round(float(r["rest_agree_pct"]) * sum(offset[k][2] for k in rest)))
    a_eq, b_eq = np.array(eq_rows), np.array(eq_rhs)
    bounds = [(0, offset_n) for key, (o, d, offset_n) in offset.items() for _ in range(d)]

    def lp_range(weights_by_key):
        c = np.zeros(size)
        for key, w in weights_by_key:
            o, d, _n = offset[key]
            c[o : o + d] += w[:d]
        lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        hi = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        assert lo.status == 0 and hi.status == 0
        return math.ceil(lo.fun - 1e-6), math.floor(-hi.fun + 1e-6)

    leaks = []
    published_all = {}
    for table, rows, item_col in (
        ("a", agreement, "question_id"),
        ("m", maturity, "characteristic"),
    ):
        for r in rows:
            published_all[(table, r["council_code"], r["group"], r[item_col])] = r
    for table, rows, item_col in (
        ("a", agreement, "question_id"),
        ("m", maturity, "characteristic"),
    ):
        for r in rows:
            n = int(r["n"])
            if r["suppressed"] != "true" or not 0 < n < 5 or r["council_code"] == "Wales":
                continue
            keys = members(table, r["council_code"], r["group"], {r[item_col]})
            quantities = [agree_w] if table == "a" else list(np.eye(3))
            all_row = published_all.get((table, r["council_code"], "all", r[item_col]))
            for k, w in enumerate(quantities):
                low, high = lp_range([(key, w) for key in keys])
                ref_low, ref_high = 0, n
                if r["group"] != "all" and all_row and all_row["suppressed"] == "false":
                    total = float(all_row["agree"] if table == "a" else all_row[f"n_level_{k + 1}"])
                    other = int(all_row["n"]) - n
                    ref_low, ref_high = max(0, int(total) - other), min(n, int(total))
                if low > ref_low or high < ref_high:
                    leaks.append(
                        (
                            table,
                            r["council_code"],
                            r["group"],
                            r[item_col],
                            k,
                            low,
                            high,
                            ref_low,
                            ref_high,
                        )
                    )
    return leaks


def test_fixture_build_passes_the_audit_and_an_independent_attacker(workbook_home):
    result = pipeline.build()
    assert result.disclosure is not None and result.disclosure.audit.passed
    assert "complementary" in str(result) and "none narrowed" in str(result)
    summary = workbook_home / "outputs" / "summary"
    assert independent_attack(summary) == []


def random_raw(seed: int, councils: int = 6):
    """A random small data set: small and large groups, a level and three Likert questions."""
    rng = np.random.default_rng(seed)
    qs = [
        ("l1", "level", "vision", "leadership", "both"),
        ("q1", "likert", "vision", "", "both"),
        ("q2", "likert", "vision", "", "both"),
        ("q3", "likert", "skills", "", "officer"),
    ]
    groups, answers = {}, {}
    for council in [f"W06{i:06d}" for i in range(1, councils + 1)]:
        groups[council] = {"officer": 40, "member": 30}
        for group in ("officer", "member"):
            n = int(rng.choice([1, 2, 3, 4, 6, 9, 14]))
            answers[(council, group)] = [
                {
                    "l1": str(rng.integers(1, 4)),
                    **{
                        q: LIKERT[rng.integers(5)] if rng.random() > 0.2 else "Don't know"
                        for q in ("q1", "q2", "q3")
                        if group == "officer" or q != "q3"
                    },
                }
                for _ in range(n)
            ]
    raw = make_raw(groups, qs, answers)
    raw.public_survey = None
    return raw


@pytest.mark.parametrize("seed", [11, 12])
def test_random_data_sets_pass_the_audit_and_an_independent_attacker(seed, tmp_path):
    raw = random_raw(seed)
    tables = pipeline.compute_tables(raw)
    assert tables.disclosure.audit.passed
    summary = tmp_path / "summary"
    summary.mkdir()
    pipeline.write_summary(tables, summary)
    assert independent_attack(summary) == []
    # re-auditing the written tables agrees with the build's own audit
    again = audit(
        pd.read_csv(summary / "maturity.csv"),
        pd.read_csv(summary / "agreement.csv"),
        tables.themes.assign(
            sd=np.nan  # the CSV holds no sd: T is still audited, Q is not
        ),
        pd.read_csv(summary / "comparisons.csv"),
    )
    assert not [c for c in again.unprotected if c.table != "themes"]


# --------------------------------------------------------------------------
# The direct HiGHS solver against linprog
# --------------------------------------------------------------------------
def _linprog(program, cost):
    """SciPy's linprog on the programme, as the audit's options ask: the solution and duals."""
    res = linprog(
        cost,
        A_ub=program.a_ub if len(program.b_ub) else None,
        b_ub=program.b_ub if len(program.b_ub) else None,
        A_eq=program.a_eq if len(program.b_eq) else None,
        b_eq=program.b_eq if len(program.b_eq) else None,
        bounds=np.column_stack([program.lower, program.upper]),
        method="highs",
        options={"presolve": False},
    )
    assert res.status == 0, res.message
    return res.x, res.eqlin.marginals, res.ineqlin.marginals


def _small_programmes():
    """A few small programmes: a lone theme leaf, linked Likert leaves, levels and a theme."""
    lone = Program([(0, vocabulary.THEME, 3.0)], [])
    likert = Program(
        [(0, vocabulary.LIKERT, 4.0), (1, vocabulary.LIKERT, 3.0)],
        [
            (((0, "agree", 1.0), (1, "agree", 1.0)), 4.0),
            (((0, "score_sum", 1.0), (1, "score_sum", 1.0)), 23.0),
        ],
    )
    mixed = Program(
        [(0, vocabulary.LEVEL, 2.0), (1, vocabulary.LEVEL, 3.0), (2, vocabulary.THEME, 2.0)],
        [
            (((0, "n_level_3", 1.0), (1, "n_level_3", 1.0)), 2.0),
            (((2, "theme_sum", 1.0),), 7.0),
        ],
    )
    return [lone, likert, mixed]


@pytest.mark.parametrize("index", range(3))
def test_direct_highs_matches_linprog(index):
    program = _small_programmes()[index]
    rng = np.random.default_rng(index)
    objectives = [np.eye(program.size)[j] for j in range(program.size)]
    objectives += [rng.integers(-3, 4, program.size).astype(float) for _ in range(4)]
    for c in objectives:
        for sense in (1, -1):
            x, eq_duals, ub_duals = program._solve_highs(sense * c, program._new_highs())
            ref_x, ref_eq, ref_ub = _linprog(program, sense * c)
            # highspy's HiGHS, the release SciPy bundles, with linprog's options,
            # started cold: the same vertex and the same duals.
            np.testing.assert_array_equal(x, ref_x)
            np.testing.assert_array_equal(eq_duals, ref_eq)
            np.testing.assert_array_equal(ub_duals, ref_ub)
            # Warm-started from whatever was solved before: the same optimum.
            warm, no_duals = program.solve(c, sense, certify=False)
            assert warm == pytest.approx(float(c @ ref_x), abs=1e-9)
            assert no_duals == {}
            # Certified, after all those warm solves: linprog's duals, which
            # prove the optimum (strong duality), by label.
            value, duals = program.solve(c, sense)
            assert value == pytest.approx(float(c @ ref_x), abs=1e-9)
            np.testing.assert_array_equal([duals[label] for label in program.eq_labels], ref_eq)
            assert program.dual_bound(c, sense, duals) == pytest.approx(value, abs=1e-7)


def test_a_warm_start_that_fails_is_solved_again_from_scratch(monkeypatch):
    program = _small_programmes()[1]
    c = np.eye(program.size)[0]
    expected = program.solve(c, -1)[0]
    real = Program._solve_highs
    failed = []

    def failing_once(self, cost, highs):
        if highs is self._warm and not failed:
            failed.append(highs)
            raise AuditError("the published figures admit no consistent hidden counts")
        return real(self, cost, highs)

    monkeypatch.setattr(Program, "_solve_highs", failing_once)
    assert program.solve(c, -1, certify=False)[0] == pytest.approx(expected, abs=1e-9)
    assert failed and program._warm is not failed[0]  # a new solver took over


def test_direct_highs_reports_an_infeasible_programme():
    program = Program([(0, vocabulary.LEVEL, 2.0)], [(((0, "n_level_1", 1.0),), 5.0)])
    with pytest.raises(AuditError, match="no consistent hidden counts"):
        program.solve(np.ones(program.size), 1)
