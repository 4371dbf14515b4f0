"""Sentences of a theme's agreement part: how many agree with each statement, and where
the council differs significantly from the rest of Wales."""

from __future__ import annotations

from helpers.i18n import ENGLISH, capitalise, translator
from helpers.report.narrative.groups import sentence_subjects
from helpers.report.narrative.numbers import format_percent


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
    first, *others = sentence_subjects(proportions, language)
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
