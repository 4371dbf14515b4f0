"""Sentences of the responses part: where a council's response rate lies on the funnel
plot (docs/methodology.md section 1)."""

from __future__ import annotations

from helpers.i18n import ENGLISH, translator
from helpers.report.narrative.groups import group_noun
from helpers.report.narrative.numbers import format_percent

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
