"""Sentences of the public survey part: one per measure of the all-Wales survey."""

from __future__ import annotations

from helpers.i18n import ENGLISH, capitalise, translator
from helpers.report.narrative.groups import phrase_proportion
from helpers.stats.rates import PUBLIC_MEASURES


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
