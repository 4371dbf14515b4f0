"""The answers of the officers' and elected members' survey: the latent maturity model.

How the answers are made
------------------------
Every answer comes from one latent "maturity" score per respondent and
question, the sum of

* the question's own difficulty (``_ITEM_BASE``);
* a council effect, and a council effect per theme (councils differ);
* a group effect per theme (members more optimistic about vision and
  leadership, officers more critical about skills and capacity);
* a few council-specific shifts (``_COUNCIL_SHIFTS``: Caerphilly's published
  findings);
* a respondent effect shared by all of that respondent's answers (answers
  correlate within a respondent);
* independent noise.

The score is cut into the five agreement labels (reversed for a negatively
worded statement, so that agreeing with it means less maturity) or into
levels 1-3. Then "Don't know", scattered blanks, respondents who stop part of
the way through (trailing blanks: partial submissions and break-offs), free
text, and empty submissions are added.

:func:`responses` draws them all, for the invitations of
:func:`helpers.data.synth.survey.invitations`.
"""

from __future__ import annotations

import numpy as np

from helpers import config
from helpers.data.synth.survey import CAERPHILLY, Invitation, opaque_ids
from helpers.data.synth.tables import COUNCILS, QUESTIONS, TEXT_ANSWERS

# fmt: off
#: Question difficulty on the latent scale (0 = neutral; higher = more mature).
_ITEM_BASE: dict[str, float] = {
    "lev_leadership": 0.1, "lev_standards": -0.25, "lev_customer_data": -0.35,
    "lev_protection": 0.25, "lev_analytics": -0.35, "lev_decisions": 0.0,
    "lev_open_data": -0.55,
    "vis_01": 0.0, "vis_02": 0.2, "vis_03": -0.3, "vis_04": -0.3, "vis_05": -0.5,
    "prot_01": -0.2, "prot_02": 0.1, "prot_03": 0.0, "prot_04": 0.2, "prot_05": -0.4,
    "skl_01": -0.4, "skl_02": -0.3, "skl_03": -0.2, "skl_04": -0.6, "skl_05": 0.3,
    "evd_01": 0.2, "evd_02": 0.0, "evd_03": 0.1, "evd_04": -0.5, "evd_05": -0.6,
}
# fmt: on
#: Group effect per theme: members more optimistic about vision and leadership,
#: officers more critical about skills and capacity.
_GROUP_THEME_EFFECT: dict[str, dict[str, float]] = {
    "officer": {"vision": 0.0, "protection": -0.05, "skills": -0.3, "evidence": -0.1},
    "member": {"vision": 0.4, "protection": 0.1, "skills": 0.15, "evidence": 0.2},
}
#: Spread of councils, of council themes, of respondents, and of single answers.
_SD_COUNCIL, _SD_COUNCIL_THEME, _SD_RESPONDENT, _SD_ANSWER = 0.3, 0.2, 0.45, 0.75
#: Council and council-theme effects are clipped to these bounds (1.5 sd).
_CLIP_COUNCIL, _CLIP_THEME = 1.5 * _SD_COUNCIL, 1.5 * _SD_COUNCIL_THEME
#: Cut points of the latent scale: Strongly disagree | Disagree | Neither |
#: Agree | Strongly agree, and level 1 | 2 | 3.
_LIKERT_CUTS = np.array([-1.6, -0.7, 0.0, 1.3])
_LEVEL_CUTS = np.array([-0.5, 0.9])
#: Caerphilly's council and theme effects and its question shifts, set to match
#: what the published report found: a clear data vision that members see as
#: treating data as a key resource; data-protection awareness gaps; resources
#: not the main challenge but analysis skills to build; mixed views on
#: evidence-based decisions, data quality and reporting.
_FIXED_COUNCIL_EFFECTS: dict[str, tuple[float, dict[str, float]]] = {
    CAERPHILLY: (0.2, {"vision": 0.45, "protection": -0.05, "skills": -0.1, "evidence": 0.0}),
}
#: council -> [(question_id, group or "both", shift)]
_COUNCIL_SHIFTS: dict[str, list[tuple[str, str, float]]] = {
    CAERPHILLY: [
        ("lev_leadership", "both", 0.4),
        ("vis_01", "member", -0.2),
        ("vis_01", "officer", -0.5),
        ("prot_01", "both", -0.5),
        ("prot_02", "both", -0.9),
        ("skl_01", "both", -0.4),
        ("skl_02", "both", -0.3),
        ("skl_04", "both", 0.7),
        ("evd_02", "both", -0.5),
        ("evd_03", "both", -0.4),
    ],
}
#: council -> (theme, answer noise): Caerphilly's views on evidence are mixed.
_COUNCIL_NOISE: dict[str, list[tuple[str, float]]] = {CAERPHILLY: [("evidence", 1.15)]}
#: Probability of "Don't know": per group, plus extra for level questions and
#: for questions that respondents often cannot judge.
_DONT_KNOW = {"officer": 0.04, "member": 0.08}
_DONT_KNOW_LEVEL = {"officer": 0.05, "member": 0.1}
_DONT_KNOW_EXTRA = {"prot_03": 0.05, "prot_05": 0.04, "evd_05": 0.06, "skl_03": 0.03}
#: Probability that a single question is skipped.
_SKIP = 0.02
#: Share of respondents who stop part way, and how far they get (the share of
#: their applicable questions answered): partial submissions and break-offs.
_PARTIAL_SHARE, _PARTIAL_REACH = 0.11, (0.5, 0.8)
_BREAKOFF_SHARE, _BREAKOFF_REACH = 0.025, (0.08, 0.45)
#: Probability of answering each free-text question, per group.
_TEXT_SHARE = {
    "txt_barriers": {"officer": 0.35, "member": 0.25},
    "txt_sharing": {"officer": 0.2, "member": 0.12},
    "txt_support": {"officer": 0.18, "member": 0.15},
    "txt_good_practice": {"officer": 0.15, "member": 0.08},
}
#: How many councils get empty submissions (Caerphilly always among them).
_EMPTY_SUBMISSION_COUNCILS = 7

#: The agreement labels by score, 1 (Strongly disagree) to 5 (Strongly agree).
LIKERT_LABELS = tuple(
    sorted((a for a, s in config.LIKERT_SCORES.items() if s), key=config.LIKERT_SCORES.__getitem__)
)


def responses(
    rng: np.random.Generator, invitations: list[Invitation]
) -> tuple[list[str], list[list[str]]]:
    """The wide responses export: header and rows (non-empty and empty submissions)."""
    codes = [c.council_code for c in COUNCILS]
    groups = list(config.GROUPS)
    themes = list(config.THEMES)
    qids = [q.question_id for q in QUESTIONS]
    kind = np.array([q.kind for q in QUESTIONS])
    q_theme = np.array([themes.index(q.theme) for q in QUESTIONS])
    reverse = np.array([q.reverse for q in QUESTIONS])
    scored = kind != "text"
    is_text = ~scored
    # applicable[g, q]: question q is asked of group g.
    applicable = np.array([[q.asked_of in ("both", g) for q in QUESTIONS] for g in groups])

    # One row per (non-empty) respondent.
    cell_council = np.array([codes.index(i.council_code) for i in invitations])
    cell_group = np.array([groups.index(i.group) for i in invitations])
    cell_n = np.array([i.responses for i in invitations])
    council = np.repeat(cell_council, cell_n)
    group = np.repeat(cell_group, cell_n)
    n, nq = len(council), len(QUESTIONS)

    # Council effects, overall and per theme.
    # Clipped, so that no council is implausibly far from the rest.
    council_effect = np.clip(rng.normal(0, _SD_COUNCIL, len(codes)), -_CLIP_COUNCIL, _CLIP_COUNCIL)
    council_theme = np.clip(
        rng.normal(0, _SD_COUNCIL_THEME, (len(codes), len(themes))), -_CLIP_THEME, _CLIP_THEME
    )
    for code, (effect, by_theme) in _FIXED_COUNCIL_EFFECTS.items():
        council_effect[codes.index(code)] = effect
        council_theme[codes.index(code)] = [by_theme[t] for t in themes]
    group_theme = np.array([[_GROUP_THEME_EFFECT[g][t] for t in themes] for g in groups])
    shift = np.zeros((len(codes), len(groups), nq))
    for code, shifts in _COUNCIL_SHIFTS.items():
        for qid, who, value in shifts:
            g = slice(None) if who == "both" else groups.index(who)
            shift[codes.index(code), g, qids.index(qid)] += value
    noise = np.full((len(codes), nq), _SD_ANSWER)
    for code, settings in _COUNCIL_NOISE.items():
        for theme, sd in settings:
            noise[codes.index(code), q_theme == themes.index(theme)] = sd
    base = np.array([_ITEM_BASE.get(q, 0.0) for q in qids])

    latent = (
        base[None, :]
        + council_effect[council][:, None]
        + council_theme[council][:, q_theme]
        + group_theme[group][:, q_theme]
        + shift[council, group]
        + rng.normal(0, _SD_RESPONDENT, n)[:, None]
        + rng.normal(0, 1, (n, nq)) * noise[council]
    )
    score = 1 + np.searchsorted(_LIKERT_CUTS, latent)  # 1..5, higher = more mature
    raw_score = np.where(reverse[None, :], 6 - score, score)
    likert = np.array(LIKERT_LABELS, dtype=object)[raw_score - 1]
    level = np.array(["1", "2", "3"], dtype=object)[np.searchsorted(_LEVEL_CUTS, latent)]
    answers = np.where(kind[None, :] == "level", level, likert).astype(object)

    # Free text: one or two sentences from the question's pool.
    text_asked = np.zeros((n, nq), dtype=bool)
    for j in np.flatnonzero(is_text):
        pool = np.array(TEXT_ANSWERS[qids[j]], dtype=object)
        first = rng.integers(0, len(pool), n)
        second = (first + rng.integers(1, len(pool), n)) % len(pool)
        two = rng.random(n) < 0.25
        answers[:, j] = np.where(two, pool[first] + " " + pool[second], pool[first])
        share = np.array([_TEXT_SHARE[qids[j]][g] for g in groups])
        text_asked[:, j] = rng.random(n) < share[group]

    # "Don't know" and skipped questions.
    dk_prob = np.array(
        [
            [
                (_DONT_KNOW_LEVEL if k == "level" else _DONT_KNOW)[g] + _DONT_KNOW_EXTRA.get(q, 0.0)
                for q, k in zip(qids, kind, strict=True)
            ]
            for g in groups
        ]
    )
    dont_know = (rng.random((n, nq)) < dk_prob[group]) & scored
    skipped = (rng.random((n, nq)) < _SKIP) & scored

    # Stopping part way: everything after the stopping point is blank.
    own = applicable[group] & scored  # the respondent's applicable scored questions
    reached = np.cumsum(own, axis=1)
    n_own = reached[:, -1]
    draw = rng.random(n)
    reach = np.where(
        draw < _BREAKOFF_SHARE,
        rng.uniform(*_BREAKOFF_REACH, n),
        np.where(draw < _BREAKOFF_SHARE + _PARTIAL_SHARE, rng.uniform(*_PARTIAL_REACH, n), 1.0),
    )
    last = np.maximum(1, np.ceil(reach * n_own)).astype(int)
    stop_col = np.argmax(reached >= last[:, None], axis=1)
    after_stop = np.arange(nq)[None, :] > stop_col[:, None]
    # The first applicable question is always answered, so no respondent is empty.
    first_col = np.argmax(own, axis=1)
    skipped[np.arange(n), first_col] = False

    blank = ~applicable[group] | after_stop | skipped | (is_text[None, :] & ~text_asked)
    answers = np.where(dont_know, config.DONT_KNOW, answers)
    answers = np.where(blank, "", answers)

    # Empty submissions: a few councils, one or two each, in a surveyed group.
    chosen = rng.choice(
        [i for i, code in enumerate(codes) if code != CAERPHILLY],
        _EMPTY_SUBMISSION_COUNCILS - 1,
        replace=False,
    )
    empty_councils = np.sort(np.append(chosen, codes.index(CAERPHILLY)))
    empty_cells = []
    for c in empty_councils:
        cells = np.flatnonzero(cell_council == c)
        cell = cells[rng.integers(0, len(cells))]
        empty_cells.extend([cell] * int(rng.integers(1, 3)))
    empty_cells = np.array(empty_cells, dtype=int)
    n_empty = len(empty_cells)
    council = np.concatenate([council, cell_council[empty_cells]])
    group = np.concatenate([group, cell_group[empty_cells]])
    answers = np.vstack([answers, np.full((n_empty, nq), "", dtype=object)])

    ids = opaque_ids(rng, "resp-", n + n_empty)
    # Export order: council by council, submissions in (random) time order within.
    order = np.lexsort((rng.random(n + n_empty), council))
    codes_arr = np.array(codes, dtype=object)
    groups_arr = np.array(groups, dtype=object)
    table = np.column_stack([ids, codes_arr[council], groups_arr[group], answers])[order]
    return ["respondent_id", "council_code", "group", *qids], table.tolist()
