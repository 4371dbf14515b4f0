"""Words for figures: proportions in words, percentages as printed, sentences.

The words follow the convention of UK public-sector inspection reports
(docs/methodology.md, section 7); percentages are rounded half up, as in the published
tables.

Every sentence is a whole sentence template of the translation catalogues
(:mod:`helpers.i18n`), one per language, with named placeholders: the code
chooses the template (by proportion band, funnel position, difference, number
of statements) and fills it; it never joins English fragments. Each function
takes ``language`` (``"en"`` by default, or ``"cy"``).

How the groups of a sentence are named (:func:`write_agreement_sentence`,
:func:`write_level_sentence`): the first group by a phrase of its band
(``"most officers (80%)"``; in Welsh the phrase carries the verb, ``"mae'r
rhan fwyaf o'r swyddogion (80%)"``, since "none" needs a negative one), the
next by the "and" phrase of its band (``"and a minority of elected members
(40%)"``, Welsh ``"a llai na hanner yr aelodau etholedig (40%)"``, with the
mutation after *a* written out). A group at 0% is not joined to a group above
0% (Welsh needs a negative verb for one and not the other): each then gets a
sentence of its own, the later ones short (``"None of the elected members
(0%) agree."``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from helpers.i18n import (
    ENGLISH,
    NP_,
    capitalise,
    translator,
)

#: A proportion this close to a band boundary is taken to be on it, so that
#: floating-point noise (0.1 + 0.05) never changes the word.
PROPORTION_TOLERANCE = 1e-9
#: The bands of docs/methodology.md section 7, from p = 1 down to p = 0.
BANDS = ("all", "nearly_all", "most", "majority", "half", "minority", "few", "none")
#: The word of each band (the About section's table; English as in the methodology).
BAND_WORDS: dict[str, tuple[str, str]] = {
    # Translators: the word for p = 1 (the English is "all").
    "all": NP_("word for a proportion", "all"),
    # Translators: the word for 0.9 <= p < 1 (English "nearly all").
    "nearly_all": NP_("word for a proportion", "nearly all"),
    # Translators: the word for 0.75 <= p < 0.9 (English "most").
    "most": NP_("word for a proportion", "most"),
    # Translators: the word for 0.5 < p < 0.75 (English "a majority of").
    "majority": NP_("word for a proportion", "a majority of"),
    # Translators: the word for p = 0.5 (English "half of").
    "half": NP_("word for a proportion", "half of"),
    # Translators: the word for 0.15 < p < 0.5 (English "a minority of").
    "minority": NP_("word for a proportion", "a minority of"),
    # Translators: the word for 0 < p <= 0.15 (English "few").
    "few": NP_("word for a proportion", "few"),
    # Translators: the word for p = 0 (English "none of").
    "none": NP_("word for a proportion", "none of"),
}
WORD_ALL = BAND_WORDS["all"][1]
WORD_NEARLY_ALL = BAND_WORDS["nearly_all"][1]
WORD_MOST = BAND_WORDS["most"][1]
WORD_MAJORITY = BAND_WORDS["majority"][1]
WORD_HALF = BAND_WORDS["half"][1]
WORD_MINORITY = BAND_WORDS["minority"][1]
WORD_FEW = BAND_WORDS["few"][1]
WORD_NONE = BAND_WORDS["none"][1]
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


def _bands(snapped: np.ndarray) -> np.ndarray:
    conditions = [
        snapped == 1.0,
        snapped >= 0.9,
        snapped >= 0.75,
        snapped > 0.5,
        snapped == 0.5,
        snapped > 0.15,
        snapped > 0.0,
    ]
    return np.select(conditions, list(BANDS[:-1]), default=BANDS[-1]).astype(object)


def _words(snapped: np.ndarray, language: str = ENGLISH) -> np.ndarray:
    tr = translator(language)
    words = {band: tr.pair(BAND_WORDS[band]) for band in BANDS}
    return np.array([words[b] for b in _bands(snapped).ravel()], dtype=object).reshape(
        snapped.shape
    )


def proportion_band(p: float) -> str:
    """Return the band of docs/methodology.md section 7 that a proportion falls in.

    Parameters
    ----------
    p : float
        A proportion in [0, 1].

    Returns
    -------
    str
        One of :data:`BANDS`: ``all``, ``nearly_all``, ``most``, ``majority``,
        ``half``, ``minority``, ``few``, ``none``.

    Raises
    ------
    ValueError
        If ``p`` is NaN or lies outside [0, 1].
    """
    return str(_bands(_snap(np.array([float(p)])))[0])


def describe_proportion(p: float, language: str = ENGLISH) -> str:
    """Return the words that describe a proportion of respondents.

    Parameters
    ----------
    p : float
        A proportion in [0, 1] (not a percentage).
    language : {"en", "cy"}
        The language of the word (Welsh from the catalogue: ``"y rhan fwyaf"``).

    Returns
    -------
    str
        In English ``"all"`` (p = 1), ``"nearly all"`` (0.9 <= p < 1), ``"most"``
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
    return str(_words(_snap(np.array([float(p)])), language)[0])


def describe_proportions(values, language: str = ENGLISH) -> np.ndarray | pd.Series:
    """Return :func:`describe_proportion` of every value, vectorised.

    Parameters
    ----------
    values : array_like or pandas.Series
        Proportions in [0, 1].
    language : {"en", "cy"}
        The language of the words.

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
    words = _words(_snap(array), language)
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
# Numbers as printed
# --------------------------------------------------------------------------
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
    :func:`round_half_up_percent`. Decimals are written the same way in
    English and in Welsh (``2.7``).
    """
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"cannot round {value!r}")
    quantum = Decimal(1).scaleb(-decimals)
    return str(Decimal(str(number)).quantize(quantum, rounding=ROUND_HALF_UP) + Decimal(0))


def _one_decimal(value: float) -> str:
    return format_decimal(value, 1)


# --------------------------------------------------------------------------
# Groups and proportions in words
# --------------------------------------------------------------------------
#: The groups a sentence can speak of: the two surveyed groups, all of a
#: council's respondents, and the people who answered the public survey.
SENTENCE_GROUPS = ("officer", "member", "all", "public")
#: How each group is named inside a sentence, without an article.
GROUP_NOUNS: dict[str, tuple[str, str]] = {
    # Translators: a group of respondents, plural, without an article. Welsh: as it
    # follows o'r ("o'r swyddogion").
    "officer": NP_("group of people", "officers"),
    # Translators: a group of respondents, plural, without an article.
    "member": NP_("group of people", "elected members"),
    # Translators: everyone who answered the data tool, plural, without an article.
    "all": NP_("group of people", "respondents"),
    # Translators: the people who answered the public survey. Welsh: as it follows
    # o'r ("o'r bobl a atebodd").
    "public": NP_("group of people", "people who answered"),
}
#: The same with the definite article ("the officers", "yr aelodau etholedig").
GROUP_NOUNS_THE: dict[str, tuple[str, str]] = {
    # Translators: the group with the definite article (Welsh "y swyddogion").
    "officer": NP_("group of people, with the article", "the officers"),
    # Translators: the group with the definite article (Welsh "yr aelodau etholedig").
    "member": NP_("group of people, with the article", "the elected members"),
    # Translators: the group with the definite article (Welsh "yr ymatebwyr").
    "all": NP_("group of people, with the article", "the respondents"),
    # Translators: the group with the definite article (Welsh "y bobl a atebodd").
    "public": NP_("group of people, with the article", "the people who answered"),
}

# The phrase of the first group a sentence names, by band. The placeholders:
# {group}, {the_group} (GROUP_NOUNS, GROUP_NOUNS_THE) and {percent} ("62%").
_FIRST: dict[str, tuple[str, str]] = {
    # Translators: p = 1. {percent} is "100%"; one of {group} ("officers") {the_group} ("the
    # officers"). Welsh: the phrase opens its clause and carries the verb ("mae pob un o'r
    # ...").
    "all": NP_("proportion of a group, first in a sentence", "all {group} ({percent})"),
    # Translators: 0.9 <= p < 1. {percent}; one of {group} {the_group}. Welsh carries the
    # verb.
    "nearly_all": NP_(
        "proportion of a group, first in a sentence", "nearly all {group} ({percent})"
    ),
    # Translators: 0.75 <= p < 0.9. {percent}; one of {group} {the_group}. Welsh carries the
    # verb ("mae'r rhan fwyaf o'r ...").
    "most": NP_("proportion of a group, first in a sentence", "most {group} ({percent})"),
    # Translators: 0.5 < p < 0.75. {percent}; one of {group} {the_group}. Welsh carries the
    # verb.
    "majority": NP_(
        "proportion of a group, first in a sentence", "a majority of {group} ({percent})"
    ),
    # Translators: p = 0.5. {percent}; one of {group} {the_group}. Welsh carries the verb.
    "half": NP_("proportion of a group, first in a sentence", "half of {the_group} ({percent})"),
    # Translators: 0.15 < p < 0.5. {percent}; one of {group} {the_group}. Welsh carries the
    # verb.
    "minority": NP_(
        "proportion of a group, first in a sentence", "a minority of {group} ({percent})"
    ),
    # Translators: 0 < p <= 0.15. {percent}; one of {group} {the_group}. Welsh carries the
    # verb.
    "few": NP_("proportion of a group, first in a sentence", "few {group} ({percent})"),
    # Translators: p = 0. {percent}; one of {group} {the_group}. Welsh carries the negative
    # verb ("nid oes yr un o'r ...").
    "none": NP_("proportion of a group, first in a sentence", "none of {the_group} ({percent})"),
}
# The phrase of a later group, joined to a first group above 0%, by band.
_AND: dict[str, tuple[str, str]] = {
    # Translators: p = 1, a later group joined to an earlier one with "and". {percent}; one
    # of {group} {the_group}. Welsh: write the mutation after "a" ("a phob un").
    "all": NP_("proportion of a group, after and", "and all {group} ({percent})"),
    # Translators: 0.9 <= p < 1, joined with "and". {percent}; one of {group} {the_group}.
    "nearly_all": NP_("proportion of a group, after and", "and nearly all {group} ({percent})"),
    # Translators: 0.75 <= p < 0.9, joined with "and" (Welsh "a'r rhan fwyaf"). {percent};
    # one of {group} {the_group}.
    "most": NP_("proportion of a group, after and", "and most {group} ({percent})"),
    # Translators: 0.5 < p < 0.75, joined with "and". {percent}; one of {group} {the_group}.
    "majority": NP_("proportion of a group, after and", "and a majority of {group} ({percent})"),
    # Translators: p = 0.5, joined with "and". {percent}; one of {group} {the_group}.
    "half": NP_("proportion of a group, after and", "and half of {the_group} ({percent})"),
    # Translators: 0.15 < p < 0.5, joined with "and". {percent}; one of {group} {the_group}.
    "minority": NP_("proportion of a group, after and", "and a minority of {group} ({percent})"),
    # Translators: 0 < p <= 0.15, joined with "and" (Welsh "ac ychydig"). {percent}; one of
    # {group} {the_group}.
    "few": NP_("proportion of a group, after and", "and few {group} ({percent})"),
}
# Translators: p = 0 for a later group joined to a first group also at 0% ("and none of",
# Welsh "na'r un o'r"). {percent}; one of {group} {the_group}.
_NOR = NP_("proportion of a group, after none", "and none of {the_group} ({percent})")


def group_noun(group: str, language: str = ENGLISH, *, article: bool = False) -> str:
    """Return how a group is named inside a sentence: ``"elected members"``, ``"swyddogion"``.

    Parameters
    ----------
    group : {"officer", "member", "all", "public"}
        The group.
    language : {"en", "cy"}
    article : bool, default False
        With the definite article (``"the officers"``, ``"yr aelodau etholedig"``).

    Raises
    ------
    ValueError
        If ``group`` is not one of :data:`SENTENCE_GROUPS`.
    """
    if group not in SENTENCE_GROUPS:
        raise ValueError(f"unknown group {group!r}; expected one of {list(SENTENCE_GROUPS)}")
    table = GROUP_NOUNS_THE if article else GROUP_NOUNS
    return translator(language).pair(table[group])


def _check_groups(proportions: dict[str, float]) -> None:
    if not proportions:
        raise ValueError("no published proportion to write a sentence from")
    unknown = sorted(set(proportions) - set(SENTENCE_GROUPS))
    if unknown:
        raise ValueError(f"unknown group(s) {unknown}; expected some of {list(SENTENCE_GROUPS)}")


def phrase_proportion(
    p: float, group: str, language: str = ENGLISH, *, position: str = "first"
) -> str:
    """Return a proportion of a group in words with its percentage.

    Parameters
    ----------
    p : float
        A proportion in [0, 1]; never a suppressed statistic.
    group : {"officer", "member", "all", "public"}
        The people it is a proportion of.
    language : {"en", "cy"}
    position : {"first", "and", "nor"}
        ``first``: the first group a sentence names (in Welsh with its verb);
        ``and``: a later group joined to a first group above 0%; ``nor``: a
        later group at 0% joined to a first group at 0%.

    Returns
    -------
    str
        ``"a majority of officers (62%)"``, ``"half of the officers (50%)"``,
        ``"and most elected members (80%)"``; Welsh ``"mae mwyafrif y
        swyddogion (62%)"``. The band from :func:`proportion_band`, the
        percentage from :func:`format_percent`.

    Raises
    ------
    ValueError
        If ``p`` is not a proportion, ``group`` unknown, or the band cannot
        take that position (``and`` at 0%, ``nor`` above it).
    """
    band = proportion_band(p)
    if position == "first":
        marked = _FIRST[band]
    elif position == "and" and band != "none":
        marked = _AND[band]
    elif position == "nor" and band == "none":
        marked = _NOR
    else:
        raise ValueError(f"a proportion in band {band!r} cannot take position {position!r}")
    return translator(language).pair(
        marked,
        group=group_noun(group, language),
        the_group=group_noun(group, language, article=True),
        percent=format_percent(p),
    )


def _subjects(proportions: dict[str, float], language: str) -> list[str]:
    """The subjects of the sentences about ``proportions``: one, or one per group.

    Groups are joined in one subject when all are above 0% or all are at 0%;
    otherwise each group gets its own (see the module docstring).
    """
    _check_groups(proportions)
    items = list(proportions.items())
    bands = [proportion_band(p) for _g, p in items]
    nones = [b == "none" for b in bands]
    if all(nones) or not any(nones):
        later = "nor" if all(nones) else "and"
        parts = [phrase_proportion(items[0][1], items[0][0], language)]
        parts += [phrase_proportion(p, g, language, position=later) for g, p in items[1:]]
        return [" ".join(parts)]
    return [phrase_proportion(p, g, language) for g, p in items]


def join_phrases(phrases: list[str]) -> str:
    """Join phrases as English does: ``a``, ``a and b``, ``a, b and c`` (English only)."""
    phrases = [p for p in phrases if p]
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def _clean_statement(statement: str) -> str:
    """A statement as quoted: white space collapsed, no closing full stop."""
    return " ".join(str(statement).split()).rstrip(" .")


def as_clause(statement: str) -> str:
    """Return a statement as a clause that can follow "agree that" (English).

    The closing full stop is dropped and the first letter put in lower case,
    unless the first word is an acronym (``GIS``) or ``I``.
    """
    text = _clean_statement(statement)
    first = text.split(" ", 1)[0] if text else ""
    if first == "I" or (len(first) > 1 and first[:2].isupper()):
        return text
    return text[:1].lower() + text[1:]


def _statement_values(statement: str) -> dict[str, str]:
    """The placeholders of a statement: ``{clause}`` (English) and ``{statement}`` (as written)."""
    return {"clause": as_clause(statement), "statement": _clean_statement(statement)}


# --------------------------------------------------------------------------
# Sentences written from the figures
# --------------------------------------------------------------------------
def write_agreement_sentence(
    statement: str,
    proportions: dict[str, float],
    *,
    reverse: bool = False,
    language: str = ENGLISH,
) -> str:
    """Write the sentence saying how many of each group agree with a statement.

    Parameters
    ----------
    statement : str
        The statement as respondents read it, in ``language``.
    proportions : dict of str to float
        Group slug (``officer``, ``member`` or ``all``) -> the proportion
        taking the more mature view (``agree_pct``), for the groups whose
        figure is published, in the order they should be named. Leave out
        every suppressed statistic.
    reverse : bool, default False
        True for a negatively worded statement, whose ``agree_pct`` counts
        the respondents who *disagree* with it (docs/methodology.md section 3).
    language : {"en", "cy"}

    Returns
    -------
    str
        e.g. ``"A majority of officers (62%) and a minority of elected
        members (40%) agree that the council treats data as an asset."``;
        Welsh ``"Mae mwyafrif y swyddogion (62%) a llai na hanner yr aelodau
        etholedig (40%) yn cytuno â'r datganiad “...”."``

    Raises
    ------
    ValueError
        If ``proportions`` is empty, or names an unknown group.
    """
    tr = translator(language)
    first, *others = _subjects(proportions, language)
    values = _statement_values(statement)
    if reverse:
        # Translators: one of {Subject} {subject}: the groups and their proportions,
        # capitalised or not ("Most officers (80%)"; Welsh with its verb, "Mae'r rhan fwyaf
        # o'r swyddogion (80%)"). One of {clause} {statement}: the statement as a clause
        # ("the council shares data") or as written, to quote.
        text = tr._(
            "{Subject} disagree that {clause}.",
            Subject=capitalise(first),
            subject=first,
            **values,
        )
    else:
        # Translators: one of {Subject} {subject}: the groups and their proportions (Welsh
        # with its verb). One of {clause} {statement}: the statement as a clause or as
        # written.
        text = tr._(
            "{Subject} agree that {clause}.",
            Subject=capitalise(first),
            subject=first,
            **values,
        )
    for subject in others:
        if reverse:
            # Translators: a second, short sentence about another group ("None of the
            # elected members (0%) disagree."). One of {Subject} {subject}: the group and its
            # proportion.
            more = tr._("{Subject} disagree.", Subject=capitalise(subject), subject=subject)
        else:
            # Translators: a second, short sentence about another group ("None of the
            # elected members (0%) agree."). One of {Subject} {subject}: the group and its
            # proportion.
            more = tr._("{Subject} agree.", Subject=capitalise(subject), subject=subject)
        text += " " + more
    return text


def write_level_sentence(
    characteristic: str, proportions: dict[str, float], *, language: str = ENGLISH
) -> str:
    """Write the sentence saying how many of each group place the council at level 2 or 3.

    Parameters
    ----------
    characteristic : str
        Display name of the characteristic, in ``language`` (``"Leadership"``).
    proportions : dict of str to float
        Group slug -> the proportion of that group's answers at level 2 or
        3, for the groups whose figure is published; never a suppressed one.
    language : {"en", "cy"}

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
    tr = translator(language)
    first, *others = _subjects(proportions, language)
    # Translators: {characteristic}: a key characteristic ("Leadership"). One of {subject}
    # {Subject}: the groups and their proportions, as is or capitalised (Welsh with its
    # verb: "mae'r rhan fwyaf o'r swyddogion (80%)").
    text = tr._(
        "On {characteristic}, {subject} place the council at level 2 or 3.",
        characteristic=characteristic,
        subject=first,
        Subject=capitalise(first),
    )
    for subject in others:
        # Translators: a second, short sentence about another group ("None of the
        # elected members (0%) do so."). One of {Subject} {subject}: the group and its
        # proportion.
        text += " " + tr._("{Subject} do so.", Subject=capitalise(subject), subject=subject)
    return text


def write_level_comparison(
    characteristic: str,
    council_name: str,
    mean_level: float,
    level: int,
    wales_mean: float | None = None,
    wales_level: int | None = None,
    *,
    language: str = ENGLISH,
) -> str:
    """Write the sentence comparing the council's average level with that of Wales.

    Parameters
    ----------
    characteristic : str
        Display name of the characteristic, in ``language``.
    council_name : str
        The council as sentences name it (the short name; in Welsh the Welsh
        short name).
    mean_level, level : float, int
        The mean answer of all the council's respondents and its level.
    wales_mean, wales_level : float and int, optional
        The same for Wales; left out of the sentence when not given.
    language : {"en", "cy"}

    Returns
    -------
    str
        e.g. ``"Taking all Caerphilly respondents together, the average answer on
        Leadership is 2.1 (level 2), against 1.9 (level 2) across Wales."``
    """
    tr = translator(language)
    values = {
        "council": council_name,
        "characteristic": characteristic,
        "mean": _one_decimal(mean_level),
        "level": int(level),
    }
    if wales_mean is not None and wales_level is not None:
        # Translators: {council}: the council (in Welsh its Welsh short name, which the template
        # must not mutate: keep it after a noun, not after a preposition). {mean},
        # {wales_mean}: "2.1"; {level}, {wales_level}: 1, 2 or 3.
        return tr._(
            "Taking all {council} respondents together, the average answer on "
            "{characteristic} is {mean} (level {level}), against {wales_mean} "
            "(level {wales_level}) across Wales.",
            wales_mean=_one_decimal(wales_mean),
            wales_level=int(wales_level),
            **values,
        )
    # Translators: as above, without the figure for Wales.
    return tr._(
        "Taking all {council} respondents together, the average answer on "
        "{characteristic} is {mean} (level {level}).",
        **values,
    )


def write_comparison_sentence(
    statement: str,
    council_name: str,
    difference: str,
    council_pct: float,
    rest_pct: float,
    *,
    reverse: bool = False,
    language: str = ENGLISH,
) -> str:
    """Write the sentence reporting a significant difference from the rest of Wales.

    Parameters
    ----------
    statement : str
        The statement as respondents read it, in ``language``.
    council_name : str
        The council as sentences name it.
    difference : {"higher", "lower"}
        The ``difference`` column of comparisons.csv.
    council_pct, rest_pct : float
        Proportions taking the more mature view in the council and in the
        rest of Wales.
    reverse : bool, default False
        True for a negatively worded statement (the proportions count those
        who disagree).
    language : {"en", "cy"}

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
    tr = translator(language)
    values = {
        "council": council_name,
        "council_pct": format_percent(council_pct),
        "rest_pct": format_percent(rest_pct),
        **_statement_values(statement),
    }
    if difference == "higher" and not reverse:
        # Translators: {council}: the council (Welsh short name, unmutated). One of {clause}
        # {statement}: the statement as a clause or as written, to quote. {council_pct},
        # {rest_pct}: "64%".
        return tr._(
            "Respondents in {council} are more likely than those in the rest of Wales to "
            "agree that {clause} ({council_pct} against {rest_pct}).",
            **values,
        )
    if difference == "lower" and not reverse:
        # Translators: as above: {council}, {council_pct}, {rest_pct}; one of {clause}
        # {statement}.
        return tr._(
            "Respondents in {council} are less likely than those in the rest of Wales to "
            "agree that {clause} ({council_pct} against {rest_pct}).",
            **values,
        )
    if difference == "higher":
        # Translators: as above: {council}, {council_pct}, {rest_pct}; one of {clause}
        # {statement}.
        return tr._(
            "Respondents in {council} are more likely than those in the rest of Wales to "
            "disagree that {clause} ({council_pct} against {rest_pct}).",
            **values,
        )
    # Translators: as above: {council}, {council_pct}, {rest_pct}; one of {clause}
    # {statement}.
    return tr._(
        "Respondents in {council} are less likely than those in the rest of Wales to "
        "disagree that {clause} ({council_pct} against {rest_pct}).",
        **values,
    )


def write_no_difference_sentence(council_name: str, tested: int, *, language: str = ENGLISH) -> str:
    """Write the sentence for a theme with no significant difference from Wales.

    Parameters
    ----------
    council_name : str
        The council as sentences name it.
    tested : int
        How many of the theme's statements could be compared (enough
        answers, test defined).
    language : {"en", "cy"}

    Returns
    -------
    str
        One sentence; it says when no statement could be compared at all. The
        number of statements takes the plural form of the language (Welsh:
        ``2 ddatganiad``, ``3 datganiad``).
    """
    tr = translator(language)
    if tested == 0:
        # Translators: {council}: the council (Welsh short name).
        return tr._(
            "Too few {council} respondents answered this theme's statements to compare "
            "them with the rest of Wales.",
            council=council_name,
        )
    # Translators: {count}: how many statements were compared (one form may leave it
    # out); {council}: the council (Welsh short name).
    return tr.n_(
        "On the one statement that could be compared, {council} respondents do not "
        "differ significantly from the rest of Wales.",
        "On none of the {count} statements compared do {council} respondents differ "
        "significantly from the rest of Wales.",
        tested,
        council=council_name,
    )


def write_comparisons_introduction(
    council_name: str, tested: int, differing: int, *, language: str = ENGLISH
) -> str:
    """Write the sentence that opens the list of statements differing from the rest of Wales.

    Parameters
    ----------
    council_name : str
        The council as sentences name it.
    tested, differing : int
        How many statements of the theme could be compared, and how many of
        them differ significantly.
    language : {"en", "cy"}

    Returns
    -------
    str
        e.g. ``"Of the 4 statements of this theme that could be compared,
        Caerphilly respondents differ significantly from those in the rest of
        Wales on 2:"``
    """
    # Translators: {count}: how many statements could be compared; optional {differing}: how
    # many of them differ (a form that implies the number may leave it out); {council}: the
    # council (Welsh short name). The list of statements follows the colon.
    return translator(language).n_(
        "Of the {count} statement of this theme that could be compared, {council} "
        "respondents differ significantly from those in the rest of Wales on {differing}:",
        "Of the {count} statements of this theme that could be compared, {council} "
        "respondents differ significantly from those in the rest of Wales on {differing}:",
        tested,
        council=council_name,
        differing=differing,
    )


#: Funnel-plot positions (docs/methodology.md section 1).
FUNNEL_POSITIONS = ("within", "high_95", "low_95", "high", "low")
#: The funnel plot's limits as printed: "95%" and "99.8%". Figures with a percent sign
#: go into placeholders: Babel reads "95% limit" as a %-format ("% l...").
FUNNEL_LIMITS = (format_percent(0.95), format_percent(0.998, 1))


def write_funnel_sentence(
    council_name: str,
    group: str,
    rate: float,
    wales_rate: float,
    funnel: str,
    *,
    language: str = ENGLISH,
) -> str:
    """Write the sentence saying where a council's response rate lies on the funnel plot.

    Parameters
    ----------
    council_name : str
        The council as sentences name it.
    group : {"officer", "member"}
        The group.
    rate, wales_rate : float
        The council's response rate and the Wales rate of the group.
    funnel : {"within", "high_95", "low_95", "high", "low"}
        The ``funnel`` column of response_rates.csv.
    language : {"en", "cy"}

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
    if funnel not in FUNNEL_POSITIONS:
        raise ValueError(f"funnel must be one of {list(FUNNEL_POSITIONS)}, got {funnel!r}")
    tr = translator(language)
    values = {
        "council": council_name,
        "group": group_noun(group, language),
        "the_group": group_noun(group, language, article=True),
        "rate": format_percent(rate),
        "wales": format_percent(wales_rate),
        "inner": FUNNEL_LIMITS[0],
        "outer": FUNNEL_LIMITS[1],
    }
    if funnel == "within":
        # Translators: {council}: the council (Welsh short name, unmutated); one of {group}
        # ("officers", "elected members") {the_group} (with the article); {rate}, {wales}:
        # "48%".
        return tr._(
            "The response rate of {council}'s {group} ({rate}) is within the range expected "
            "around the Wales rate of {wales}.",
            **values,
        )
    if funnel == "high_95":
        # Translators: as above: {council}, {rate}, {wales}; one of {group} {the_group};
        # {inner} "95%", {outer} "99.8%".
        return tr._(
            "The response rate of {council}'s {group} ({rate}) is above the {inner} limit, "
            "but within the {outer} limit, around the Wales rate of {wales}: somewhat higher than "
            "expected for the number invited.",
            **values,
        )
    if funnel == "low_95":
        # Translators: as above: {council}, {rate}, {wales}; one of {group} {the_group};
        # {inner} "95%", {outer} "99.8%".
        return tr._(
            "The response rate of {council}'s {group} ({rate}) is below the {inner} limit, "
            "but within the {outer} limit, around the Wales rate of {wales}: somewhat lower than "
            "expected for the number invited.",
            **values,
        )
    if funnel == "high":
        # Translators: as above: {council}, {rate}, {wales}; one of {group} {the_group};
        # {inner} "95%", {outer} "99.8%".
        return tr._(
            "The response rate of {council}'s {group} ({rate}) is above the {outer} limit "
            "around the Wales rate of {wales}: markedly higher than expected for the number "
            "invited.",
            **values,
        )
    # Translators: as above: {council}, {rate}, {wales}; one of {group} {the_group};
    # {inner} "95%", {outer} "99.8%".
    return tr._(
        "The response rate of {council}'s {group} ({rate}) is below the {outer} limit "
        "around the Wales rate of {wales}: markedly lower than expected for the number "
        "invited.",
        **values,
    )


#: The measures of the public survey.
PUBLIC_MEASURES = ("satisfied", "told")


def write_public_sentence(p: float, measure: str, *, language: str = ENGLISH) -> str:
    """Write the sentence for one measure of the all-Wales public survey.

    Parameters
    ----------
    p : float
        The (weighted) proportion answering yes.
    measure : {"satisfied", "told"}
        The question.
    language : {"en", "cy"}

    Returns
    -------
    str
        e.g. ``"A minority of people who answered (36%) were satisfied that ..."``

    Raises
    ------
    ValueError
        If ``measure`` is not one of :data:`PUBLIC_MEASURES`.
    """
    if measure not in PUBLIC_MEASURES:
        raise ValueError(f"measure must be one of {list(PUBLIC_MEASURES)}, got {measure!r}")
    tr = translator(language)
    subject = phrase_proportion(p, "public", language)
    if measure == "satisfied":
        # Translators: one of {Subject} {subject}: the people who answered and their
        # proportion ("A minority of people who answered (36%)"; Welsh with its verb).
        return tr._(
            "{Subject} were satisfied that the information their council holds is used "
            "effectively to plan and provide services.",
            Subject=capitalise(subject),
            subject=subject,
        )
    # Translators: one of {Subject} {subject}: the people who answered and their proportion
    # (Welsh with its verb).
    return tr._(
        "{Subject} had been told what their council does with their personal data.",
        Subject=capitalise(subject),
        subject=subject,
    )
