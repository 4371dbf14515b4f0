"""Groups of respondents in a sentence: their nouns, and a proportion of a group as a phrase.

How the groups of a sentence are named
(:func:`helpers.report.narrative.agreement.write_agreement_sentence`,
:func:`helpers.report.narrative.maturity.write_level_sentence`): the first
group by a phrase of its band (``"most officers (80%)"``; in Welsh the phrase
carries the verb, ``"mae'r rhan fwyaf o'r swyddogion (80%)"``, since "none"
needs a negative one), the next by the "and" phrase of its band (``"and a
minority of elected members (40%)"``, Welsh ``"a llai na hanner yr aelodau
etholedig (40%)"``, with the mutation after *a* written out). A group at 0% is
not joined to a group above 0% (Welsh needs a negative verb for one and not the
other): each then gets a sentence of its own, the later ones short (``"None of
the elected members (0%) agree."``).
"""

from __future__ import annotations

from helpers.i18n import ENGLISH, NP_, translator
from helpers.report.narrative.numbers import format_percent
from helpers.report.narrative.proportions import proportion_band

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


def sentence_subjects(proportions: dict[str, float], language: str) -> list[str]:
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
