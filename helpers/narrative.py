"""Words for figures: proportions in words, percentages as printed, sentences.

The words follow the convention of UK public-sector inspection reports
(methodology, section 7); percentages are rounded half up, as in the published
tables.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

#: A proportion this close to a band boundary is taken to be on it, so that
#: floating-point noise (0.1 + 0.05) never changes the word.
PROPORTION_TOLERANCE = 1e-9
#: Words for proportions, in the order of the bands of methodology section 7.
WORD_ALL = "all"
WORD_NEARLY_ALL = "nearly all"
WORD_MOST = "most"
WORD_MAJORITY = "a majority of"
WORD_HALF = "half of"
WORD_MINORITY = "a minority of"
WORD_FEW = "few"
WORD_NONE = "none of"
_BOUNDARIES = (0.0, 0.15, 0.5, 0.75, 0.9, 1.0)


def _snap(values: np.ndarray) -> np.ndarray:
    """Check proportions and move those within the tolerance of a boundary onto it."""
    if np.isnan(values).any():
        raise ValueError("a proportion must be a number in [0, 1], not NaN")
    outside = (values < -PROPORTION_TOLERANCE) | (values > 1 + PROPORTION_TOLERANCE)
    if outside.any():
        bad = values[outside].ravel()[0]
        raise ValueError(f"a proportion must lie in [0, 1], got {bad!r}")
    out = values.copy()
    for boundary in _BOUNDARIES:
        out = np.where(np.abs(out - boundary) <= PROPORTION_TOLERANCE, boundary, out)
    return out


def _words(snapped: np.ndarray) -> np.ndarray:
    conditions = [
        snapped == 1.0,
        snapped >= 0.9,
        snapped >= 0.75,
        snapped > 0.5,
        snapped == 0.5,
        snapped > 0.15,
        snapped > 0.0,
    ]
    choices = [
        WORD_ALL,
        WORD_NEARLY_ALL,
        WORD_MOST,
        WORD_MAJORITY,
        WORD_HALF,
        WORD_MINORITY,
        WORD_FEW,
    ]
    return np.select(conditions, choices, default=WORD_NONE).astype(object)


def describe_proportion(p: float) -> str:
    """Return the words that describe a proportion of respondents.

    Parameters
    ----------
    p : float
        A proportion in [0, 1] (not a percentage).

    Returns
    -------
    str
        ``"all"`` (p = 1), ``"nearly all"`` (0.9 <= p < 1), ``"most"``
        (0.75 <= p < 0.9), ``"a majority of"`` (0.5 < p < 0.75), ``"half of"``
        (p = 0.5), ``"a minority of"`` (0.15 < p < 0.5), ``"few"``
        (0 < p <= 0.15) or ``"none of"`` (p = 0).

    Raises
    ------
    ValueError
        If ``p`` is NaN or lies outside [0, 1].

    Notes
    -----
    A value within ``PROPORTION_TOLERANCE`` (1e-9) of a band boundary (0,
    0.15, 0.5, 0.75, 0.9, 1) is treated as that boundary, so 0.5 computed as
    ``0.1 * 5`` still reads "half of". The bands are the methodology's
    section 7; never describe a suppressed statistic.

    Examples
    --------
    >>> describe_proportion(0.5)
    'half of'
    >>> describe_proportion(0.9)
    'nearly all'
    """
    return str(_words(_snap(np.array([float(p)])))[0])


def describe_proportions(values) -> np.ndarray | pd.Series:
    """Return :func:`describe_proportion` of every value, vectorised.

    Parameters
    ----------
    values : array_like or pandas.Series
        Proportions in [0, 1].

    Returns
    -------
    ndarray of str or pandas.Series
        The words; a Series (same index) when given a Series.

    Raises
    ------
    ValueError
        If any value is NaN or outside [0, 1]: filter out suppressed
        statistics first.
    """
    array = np.asarray(values, dtype=float)
    words = _words(_snap(array))
    if isinstance(values, pd.Series):
        return pd.Series(words, index=values.index, name=values.name, dtype=object)
    return words


def round_half_up_percent(p: float, decimals: int = 0) -> Decimal:
    """Return the proportion ``p`` as a percentage rounded half up.

    Parameters
    ----------
    p : float
        A proportion (0.479... for 47.9%).
    decimals : int, default 0
        Decimal places kept.

    Returns
    -------
    decimal.Decimal
        The rounded percentage: ``0.4791666`` -> ``48``, ``0.375`` -> ``38``.

    Raises
    ------
    ValueError
        If ``p`` is NaN or infinite.

    Notes
    -----
    Works on the shortest decimal representation of the float (``str``), in
    decimal arithmetic, so 0.285 gives 29 rather than the 28 that binary
    floating point and Python's round-half-to-even ``round()`` would give.
    """
    value = float(p)
    if not np.isfinite(value):
        raise ValueError(f"cannot round {p!r} as a percentage")
    quantum = Decimal(1).scaleb(-decimals)
    percent = (Decimal(str(value)) * 100).quantize(quantum, rounding=ROUND_HALF_UP)
    return percent + Decimal(0)  # turns -0 into 0


def format_percent(p: float, decimals: int = 0) -> str:
    """Return the proportion ``p`` as printed in a report: ``0.4791666`` -> ``"48%"``.

    Parameters
    ----------
    p : float
        A proportion in [0, 1].
    decimals : int, default 0
        Decimal places shown.

    Returns
    -------
    str
        The percentage rounded half up (see :func:`round_half_up_percent`),
        followed by ``%``.
    """
    return f"{round_half_up_percent(p, decimals)}%"


# --------------------------------------------------------------------------
# Sentences written from the figures
# --------------------------------------------------------------------------
#: How each group is named inside a sentence.
GROUP_NOUNS: dict[str, str] = {
    "officer": "officers",
    "member": "elected members",
    "all": "respondents",
}
#: Words that read better followed by "the" before a plural noun.
_NEEDS_ARTICLE = (WORD_HALF, WORD_NONE)
#: Funnel-plot positions (methodology section 1) -> how the rate compares.
FUNNEL_PHRASES: dict[str, str] = {
    "within": "is within the range expected around the Wales rate of {wales}",
    "high_95": (
        "is above the 95% limit, but within the 99.8% limit, around the Wales rate of "
        "{wales}: somewhat higher than expected for the number invited"
    ),
    "low_95": (
        "is below the 95% limit, but within the 99.8% limit, around the Wales rate of "
        "{wales}: somewhat lower than expected for the number invited"
    ),
    "high": (
        "is above the 99.8% limit around the Wales rate of {wales}: markedly higher than "
        "expected for the number invited"
    ),
    "low": (
        "is below the 99.8% limit around the Wales rate of {wales}: markedly lower than "
        "expected for the number invited"
    ),
}


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def phrase_proportion(p: float, noun: str) -> str:
    """Return a proportion of a group in words with its percentage.

    Parameters
    ----------
    p : float
        A proportion in [0, 1]; never a suppressed statistic.
    noun : str
        The people it is a proportion of, plural (``"officers"``).

    Returns
    -------
    str
        ``"a majority of officers (62%)"``, ``"half of the officers (50%)"``;
        the word from :func:`describe_proportion`, the percentage from
        :func:`format_percent`.
    """
    word = describe_proportion(p)
    article = " the" if word in _NEEDS_ARTICLE else ""
    return f"{word}{article} {noun} ({format_percent(p)})"


def join_phrases(phrases: list[str]) -> str:
    """Join phrases as English does: ``a``, ``a and b``, ``a, b and c``."""
    phrases = [p for p in phrases if p]
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def as_clause(statement: str) -> str:
    """Return a statement as a clause that can follow "agree that".

    The closing full stop is dropped and the first letter put in lower case,
    unless the first word is an acronym (``GIS``) or ``I``.
    """
    text = " ".join(str(statement).split()).rstrip(" .")
    first = text.split(" ", 1)[0] if text else ""
    if first == "I" or (len(first) > 1 and first[:2].isupper()):
        return text
    return text[:1].lower() + text[1:]


def write_agreement_sentence(
    statement: str, proportions: dict[str, float], *, reverse: bool = False
) -> str:
    """Write the sentence saying how many of each group agree with a statement.

    Parameters
    ----------
    statement : str
        The statement as respondents read it.
    proportions : dict of str to float
        Group slug (``officer``, ``member`` or ``all``) -> the proportion
        taking the more mature view (``agree_pct``), for the groups whose
        figure is published, in the order they should be named. Leave out
        every suppressed statistic.
    reverse : bool, default False
        True for a negatively worded statement, whose ``agree_pct`` counts
        the respondents who *disagree* with it (methodology section 3).

    Returns
    -------
    str
        e.g. ``"A majority of officers (62%) and a minority of elected
        members (40%) agree that the council treats data as an asset."``

    Raises
    ------
    ValueError
        If ``proportions`` is empty, or names an unknown group.
    """
    subject = _groups_subject(proportions)
    verb = "disagree" if reverse else "agree"
    return f"{_capitalise(subject)} {verb} that {as_clause(statement)}."


def _groups_subject(proportions: dict[str, float]) -> str:
    """The subject of a sentence about groups: "most officers (80%) and all elected members"."""
    if not proportions:
        raise ValueError("no published proportion to write a sentence from")
    unknown = sorted(set(proportions) - set(GROUP_NOUNS))
    if unknown:
        raise ValueError(f"unknown group(s) {unknown}; expected some of {list(GROUP_NOUNS)}")
    return join_phrases([phrase_proportion(p, GROUP_NOUNS[g]) for g, p in proportions.items()])


def write_level_sentence(characteristic: str, proportions: dict[str, float]) -> str:
    """Write the sentence saying how many of each group place the council at level 2 or 3.

    Parameters
    ----------
    characteristic : str
        Display name of the characteristic (``"Leadership"``).
    proportions : dict of str to float
        Group slug -> the proportion of that group's answers at level 2 or
        3, for the groups whose figure is published; never a suppressed one.

    Returns
    -------
    str
        e.g. ``"On Leadership, most officers (80%) and a minority of elected
        members (40%) place the council at level 2 or 3."``

    Raises
    ------
    ValueError
        If ``proportions`` is empty, or names an unknown group.
    """
    subject = _groups_subject(proportions)
    return f"On {characteristic}, {subject} place the council at level 2 or 3."


def write_level_comparison(
    characteristic: str,
    council_name: str,
    mean_level: float,
    level: int,
    wales_mean: float | None = None,
    wales_level: int | None = None,
) -> str:
    """Write the sentence comparing the council's average level with that of Wales.

    Parameters
    ----------
    characteristic : str
        Display name of the characteristic.
    council_name : str
        Short name of the council.
    mean_level, level : float, int
        The mean answer of all the council's respondents and its level.
    wales_mean, wales_level : float and int, optional
        The same for Wales; left out of the sentence when not given.

    Returns
    -------
    str
        e.g. ``"Taking all Caerphilly respondents together, the average answer on
        Leadership is 2.1 (level 2), against 1.9 (level 2) across Wales."``
    """
    text = (
        f"Taking all {council_name} respondents together, the average answer on "
        f"{characteristic} is {_one_decimal(mean_level)} (level {int(level)})"
    )
    if wales_mean is not None and wales_level is not None:
        text += f", against {_one_decimal(wales_mean)} (level {int(wales_level)}) across Wales"
    return text + "."


def format_decimal(value: float, decimals: int = 1) -> str:
    """Return a number rounded half up to ``decimals`` places, as printed: ``2.25`` -> ``"2.3"``.

    Parameters
    ----------
    value : float
        The number (a mean level, say).
    decimals : int, default 1
        Decimal places shown.

    Raises
    ------
    ValueError
        If ``value`` is NaN or infinite.

    Notes
    -----
    Decimal arithmetic on the shortest representation of the float, like
    :func:`round_half_up_percent`.
    """
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"cannot round {value!r}")
    quantum = Decimal(1).scaleb(-decimals)
    return str(Decimal(str(number)).quantize(quantum, rounding=ROUND_HALF_UP) + Decimal(0))


def _one_decimal(value: float) -> str:
    return format_decimal(value, 1)


def write_comparison_sentence(
    statement: str,
    council_name: str,
    difference: str,
    council_pct: float,
    rest_pct: float,
    *,
    reverse: bool = False,
) -> str:
    """Write the sentence reporting a significant difference from the rest of Wales.

    Parameters
    ----------
    statement : str
        The statement as respondents read it.
    council_name : str
        Short name of the council.
    difference : {"higher", "lower"}
        The ``difference`` column of comparisons.csv.
    council_pct, rest_pct : float
        Proportions taking the more mature view in the council and in the
        rest of Wales.
    reverse : bool, default False
        True for a negatively worded statement (the proportions count those
        who disagree).

    Returns
    -------
    str
        e.g. ``"Respondents in Caerphilly are more likely than those in the rest
        of Wales to agree that data is shared (64% against 48%)."``

    Raises
    ------
    ValueError
        If ``difference`` is not ``higher`` or ``lower``.
    """
    if difference not in ("higher", "lower"):
        raise ValueError(f"difference must be 'higher' or 'lower', got {difference!r}")
    likely = "more" if difference == "higher" else "less"
    verb = "disagree" if reverse else "agree"
    return (
        f"Respondents in {council_name} are {likely} likely than those in the rest of Wales "
        f"to {verb} that {as_clause(statement)} ({format_percent(council_pct)} against "
        f"{format_percent(rest_pct)})."
    )


def write_no_difference_sentence(council_name: str, tested: int) -> str:
    """Write the sentence for a theme with no significant difference from Wales.

    Parameters
    ----------
    council_name : str
        Short name of the council.
    tested : int
        How many of the theme's statements could be compared (enough
        answers, test defined).

    Returns
    -------
    str
        One sentence; it says when no statement could be compared at all.
    """
    if tested == 0:
        return (
            f"Too few {council_name} respondents answered this theme's statements to "
            "compare them with the rest of Wales."
        )
    if tested == 1:
        return (
            f"On the one statement that could be compared, {council_name} respondents do not "
            "differ significantly from the rest of Wales."
        )
    return (
        f"On none of the {tested} statements compared do {council_name} respondents differ "
        "significantly from the rest of Wales."
    )


def write_funnel_sentence(
    council_name: str, group_label: str, rate: float, wales_rate: float, funnel: str
) -> str:
    """Write the sentence saying where a council's response rate lies on the funnel plot.

    Parameters
    ----------
    council_name : str
        Short name of the council.
    group_label : str
        The group, as named in a sentence (``"officers"``).
    rate, wales_rate : float
        The council's response rate and the Wales rate of the group.
    funnel : {"within", "high_95", "low_95", "high", "low"}
        The ``funnel`` column of response_rates.csv.

    Returns
    -------
    str
        e.g. ``"The response rate of Caerphilly's officers (48%) is within the
        range expected around the Wales rate of 41%."``

    Raises
    ------
    ValueError
        If ``funnel`` is not one of the five positions.
    """
    if funnel not in FUNNEL_PHRASES:
        raise ValueError(f"funnel must be one of {list(FUNNEL_PHRASES)}, got {funnel!r}")
    position = FUNNEL_PHRASES[funnel].format(wales=format_percent(wales_rate))
    rate_text = format_percent(rate)
    return f"The response rate of {council_name}'s {group_label} ({rate_text}) {position}."


def write_public_sentence(p: float, finding: str) -> str:
    """Write the sentence for one measure of the all-Wales public survey.

    Parameters
    ----------
    p : float
        The (weighted) proportion answering yes.
    finding : str
        What they said yes to, as a predicate (``"were satisfied that ..."``).

    Returns
    -------
    str
        e.g. ``"A minority of people who answered (36%) were satisfied that ..."``
    """
    return f"{_capitalise(phrase_proportion(p, 'people who answered'))} {finding}."
