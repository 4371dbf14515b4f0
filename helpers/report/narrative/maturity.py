"""Sentences of a theme's maturity part: how many place the council at level 2 or 3, and
its average level against that of Wales."""

from __future__ import annotations

from helpers.i18n import ENGLISH, capitalise, translator
from helpers.report.narrative.groups import sentence_subjects
from helpers.report.narrative.numbers import format_decimal


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
    first, *others = sentence_subjects(proportions, language)
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
        "mean": format_decimal(mean_level),
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
            wales_mean=format_decimal(wales_mean),
            wales_level=int(wales_level),
            **values,
        )
    # Translators: as above, without the figure for Wales.
    return tr._(
        "Taking all {council} respondents together, the average answer on "
        "{characteristic} is {mean} (level {level}).",
        **values,
    )
