"""Who was asked and who answered: the invitations, the public survey and the comments chosen.

The design of the invented survey (which councils and groups were surveyed, how many
people were invited and how many responded, the published figures it reproduces) and
the draws that follow from it, other than the answers themselves
(:mod:`helpers.data.synth.answers`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from helpers import config
from helpers.data.synth.tables import COMMENT_POOL, COMMENTS, COUNCILS

CAERPHILLY = "W06000018"
#: (council, group) -> (invited, responses) fixed by the published report.
PUBLISHED_INVITATIONS: dict[tuple[str, str], tuple[int, int]] = {
    (CAERPHILLY, "officer"): (96, 46),
    (CAERPHILLY, "member"): (74, 18),
}
#: The one (council, group) that was not surveyed: Torfaen's elected members.
NOT_SURVEYED: tuple[str, str] = ("W06000020", "member")
#: Councils whose elected members sent very few responses (small-number
#: suppression in the reports): Isle of Anglesey 3, Merthyr Tydfil 4.
SMALL_MEMBER_RESPONSES: dict[str, int] = {"W06000001": 3, "W06000024": 4}
#: Officers invited: 40 to 160, growing with population.
OFFICERS_RANGE = (40, 160)
#: Response rates are drawn uniformly from these ranges.
OFFICER_RATE_RANGE = (0.25, 0.70)
MEMBER_RATE_RANGE = (0.12, 0.55)

#: Public survey: 750 people across Wales (published: 36% satisfied, 12% told).
PUBLIC_RESPONDENTS = 750
#: answer -> count, for each question.
PUBLIC_SATISFIED = {"yes": 270, "no": 342, "don't know": 138}
PUBLIC_TOLD = {"yes": 90, "no": 561, "don't know": 99}
#: Share of public respondents whose council is not known.
_PUBLIC_UNKNOWN_COUNCIL = 0.07

#: How many comments each council without its own (tables.COMMENTS) gets, in turn.
_COMMENTS_PER_COUNCIL = (3, 2, 4, 3)


@dataclass(frozen=True)
class Invitation:
    """A surveyed group of a council: how many were invited, how many responded.

    ``responses`` counts the non-empty submissions (empty ones come on top).
    """

    council_code: str
    group: str
    invited: int
    responses: int


def invitations(rng: np.random.Generator) -> list[Invitation]:
    """One :class:`Invitation` for every surveyed group, council by council."""
    pop = np.array([c.population for c in COUNCILS], dtype=float)
    low, high = OFFICERS_RANGE
    officers = low + (high - low) * (pop - pop.min()) / (pop.max() - pop.min())
    officers = np.clip(np.rint(officers + rng.normal(0, 8, len(COUNCILS))), low, high)
    officer_rate = rng.uniform(*OFFICER_RATE_RANGE, len(COUNCILS))
    member_rate = rng.uniform(*MEMBER_RATE_RANGE, len(COUNCILS))
    rows = []
    for i, council in enumerate(COUNCILS):
        code, councillors = council.council_code, council.councillors
        drawn = {
            "officer": (int(officers[i]), int(np.rint(officer_rate[i] * officers[i]))),
            "member": (councillors, max(5, int(np.rint(member_rate[i] * councillors)))),
        }
        if code in SMALL_MEMBER_RESPONSES:
            drawn["member"] = (councillors, SMALL_MEMBER_RESPONSES[code])
        for group in config.GROUPS:
            if (code, group) == NOT_SURVEYED:
                continue
            invited, responses = PUBLISHED_INVITATIONS.get((code, group), drawn[group])
            rows.append(Invitation(code, group, invited, responses))
    return rows


def public_survey(rng: np.random.Generator) -> tuple[list[str], list[list[str]]]:
    """The all-Wales public survey: 750 respondents with the published counts."""
    n = PUBLIC_RESPONDENTS
    codes = [c.council_code for c in COUNCILS]
    weight = np.array([c.population for c in COUNCILS], dtype=float)
    p = np.append((1 - _PUBLIC_UNKNOWN_COUNCIL) * weight / weight.sum(), _PUBLIC_UNKNOWN_COUNCIL)
    council = np.array([*codes, ""], dtype=object)[rng.choice(len(p), n, p=p)]
    satisfied = rng.permutation(
        np.repeat(np.array(list(PUBLIC_SATISFIED), dtype=object), list(PUBLIC_SATISFIED.values()))
    )
    # People who have been told what happens to their data are more often satisfied.
    w = np.where(satisfied == "yes", 2.0, 1.0)
    told = np.empty(n, dtype=object)
    told_yes = rng.choice(n, PUBLIC_TOLD["yes"], replace=False, p=w / w.sum())
    rest = np.setdiff1d(np.arange(n), told_yes)
    others = [a for a in PUBLIC_TOLD if a != "yes"]
    told[told_yes] = "yes"
    told[rest] = rng.permutation(
        np.repeat(np.array(others, dtype=object), [PUBLIC_TOLD[a] for a in others])
    )
    ids = opaque_ids(rng, "pub-", n)
    table = np.column_stack([ids, council, satisfied, told])
    return ["respondent_id", "council_code", "satisfied", "told"], table.tolist()


def comments(rng: np.random.Generator) -> list[list[str]]:
    """Two to four comments per council: a council's own if it has some, else from the pool."""
    themes = list(config.THEMES)
    pools = {t: list(rng.permutation(np.array(COMMENT_POOL[t], dtype=object))) for t in themes}
    own = {c.council_code for c in COMMENTS}
    rows = []
    others = 0
    for code in (c.council_code for c in COUNCILS):
        if code in own:
            rows.extend([code, c.theme, c.comment] for c in COMMENTS if c.council_code == code)
            continue
        k = _COMMENTS_PER_COUNCIL[others % len(_COMMENTS_PER_COUNCIL)]
        start = int(rng.integers(0, len(themes)))
        for j in range(k):
            theme = themes[(start + j) % len(themes)]
            if not pools[theme]:
                raise RuntimeError(f"comment pool for theme {theme!r} is exhausted")
            rows.append([code, theme, str(pools[theme].pop())])
        others += 1
    return rows


def opaque_ids(rng: np.random.Generator, prefix: str, n: int) -> np.ndarray:
    """``n`` distinct identifiers: ``prefix`` + 8 hexadecimal digits."""
    while True:
        values = rng.integers(0, 2**32, n, dtype=np.uint64)
        if len(np.unique(values)) == n:
            return np.array([f"{prefix}{v:08x}" for v in values.tolist()], dtype=object)
