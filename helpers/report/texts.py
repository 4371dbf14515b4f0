"""The words of a report in its language: names, labels, notes, and the data's own texts.

Everything a report writes goes through here or through the catalogues
(:mod:`helpers.i18n`): the council's name as a title and as sentences name it,
theme and characteristic names, the labels of the series of a table or chart,
the notes that stand in for a hidden figure, and the texts that are data
(statements, framework descriptors, findings), read from the columns of the
report's language. A Welsh report never falls back to English: a Welsh text
the data lack raises :class:`MissingWelshTextError` (``report`` checks the
data before any kernel starts, so a report notebook meets it only when run by
hand).
"""

from __future__ import annotations

import pandas as pd

from helpers import i18n
from helpers.config import (
    CHARACTERISTICS,
    GROUP_ALL,
    MIN_RESPONSES,
    SUPPRESSED_TEXT,
)
from helpers.errors import MissingDataError, MissingWelshTextError
from helpers.i18n import N_, NP_
from helpers.report.loading import CouncilData
from helpers.report.narrative.groups import group_noun
from helpers.stats.disclosure import COMPLEMENTARY, SECONDARY

#: Shown in place of a figure hidden by secondary suppression (English; translated).
# Translators: in place of a figure withheld so that a small group's figure cannot be
# worked out from the others.
SECONDARY_TEXT = N_("not shown, to protect a small group")
#: Shown where a question was not put to a group.
# Translators: in a table cell: the question was not put to this group.
NOT_ASKED_TEXT = N_("not asked")
#: A figure of nobody's answers.
# Translators: in a table cell: nobody answered.
NO_ANSWERS_TEXT = N_("no answers")
#: Printed in a comment where ``build`` removed an address or a number (the processed data
#: hold ``config.REDACTION_MARK`` there).
# Translators: in a quoted comment, in place of an e-mail address, telephone number or web
# address that was removed (the specification's term).
REDACTED_TEXT = N_("[redacted]")
#: The national study the report belongs to (its title).
# Translators: the title of the national study report (its Welsh title if published).
NATIONAL_STUDY = N_("The maturity of local government in use of data")

#: Theme names, English as in ``config.THEMES``.
THEME_NAMES: dict[str, tuple[str, str]] = {
    # Translators: a theme of the national study (the specification's term).
    "vision": NP_("theme", "Vision, leadership & culture"),
    # Translators: a theme of the national study.
    "protection": NP_("theme", "Data protection"),
    # Translators: a theme of the national study.
    "skills": NP_("theme", "Skills & capacity"),
    # Translators: a theme of the national study.
    "evidence": NP_("theme", "Evidence-based decisions"),
}
#: The surveyed groups as a table or chart names them (English as in ``config.GROUPS``).
GROUP_LABELS: dict[str, str] = {
    # Translators: a group of respondents, as a row or column heading.
    "officer": N_("Officers"),
    # Translators: a group of respondents, as a row or column heading.
    "member": N_("Elected Members"),
}
#: Prefixes of a Welsh council name left out of its label on a chart ("Cyngor", "Council").
_WELSH_NAME_PREFIXES = ("Cyngor ", "Bwrdeistref Sirol ", "Dinas a Sir ", "Dinas ")


def translator(data: CouncilData) -> i18n.Translator:
    """The translator of the report's language."""
    return i18n.translator(data.language)


def welsh(data: CouncilData) -> bool:
    """Whether the report is in Welsh."""
    return data.language == i18n.WELSH


def other_language(data: CouncilData) -> str:
    """The language of the report's other version (``cy`` for English, ``en`` for Welsh)."""
    return i18n.ENGLISH if welsh(data) else i18n.WELSH


def council_name(data: CouncilData, language: str | None = None) -> str:
    """The council's full name in a language (the report's by default)."""
    language = language or data.language
    return data.council.name_cy if language == i18n.WELSH else data.council.name


def council_label(data: CouncilData) -> str:
    """The council as sentences name it: the short name ("Caerphilly", "Caerffili").

    In Welsh, councils.csv ``short_name_cy``; where the data lack it, the full
    Welsh name (never the English short name, which is no Welsh word). The
    Welsh sentence templates keep the name after a noun, where a place name
    does not mutate ("ymatebwyr Caerffili").
    """
    if not welsh(data):
        return data.council.short_name
    return data.council.short_name_cy or data.council.name_cy


def chart_label(
    data: CouncilData, code: str, short_name: str, name_cy: str, short_name_cy: object = ""
) -> str:
    """A council's label beside its point on a chart: the short name ("Caerffili" in Welsh).

    In Welsh, ``short_name_cy``; where the data lack it, the Welsh name without
    the words for "council", "county borough" and "city".
    """
    if not welsh(data):
        return short_name
    if isinstance(short_name_cy, str) and short_name_cy.strip():
        return short_name_cy.strip()
    label = str(name_cy)
    for prefix in _WELSH_NAME_PREFIXES:
        if label.startswith(prefix) and len(label) > len(prefix):
            label = label[len(prefix) :]
    return label


def theme_name(data: CouncilData, theme: str) -> str:
    """A theme's name in the report's language."""
    return translator(data).pair(THEME_NAMES[theme])


def group_label(data: CouncilData, group: str) -> str:
    """A surveyed group as a heading names it: ``Officers``, ``Aelodau Etholedig``."""
    return translator(data)._(GROUP_LABELS[group])


def required_text(data: CouncilData, value: object, what: str) -> str:
    """A text of the data in the report's language, or an error when it is missing.

    Raises
    ------
    MissingWelshTextError
        In a Welsh report, when the text is empty or missing: a Welsh page
        never falls back to English.
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)) or not str(value).strip():
        if welsh(data):
            raise MissingWelshTextError(
                f"the data have no Welsh text for {what}; a Welsh report never shows English "
                "in its place (`python -m helpers validate --language cy` lists every one)"
            )
        raise MissingDataError(f"the data have no text for {what}")
    return str(value)


def text_column(data: CouncilData, column: str) -> str:
    """The column of a text in the report's language: ``text`` or ``text_cy``."""
    return f"{column}_cy" if welsh(data) else column


def data_texts(data: CouncilData, frame: pd.DataFrame, column: str, what) -> pd.Series:
    """The texts of ``column`` in the report's language, one per row of ``frame``.

    ``what(row)`` describes a row for the error message. In a Welsh report the
    ``<column>_cy`` column is read, and a missing text raises
    :class:`MissingWelshTextError`.
    """
    name = text_column(data, column)
    values = frame[name] if name in frame.columns else pd.Series(None, index=frame.index)
    return pd.Series(
        [
            required_text(data, value, what(row))
            for value, (_i, row) in zip(values, frame.iterrows(), strict=True)
        ],
        index=frame.index,
        dtype=object,
    )


def characteristic_names(data: CouncilData) -> dict[str, str]:
    """Each key characteristic's name in the report's language.

    English: the names of ``config.CHARACTERISTICS``; Welsh: framework.csv
    ``name_cy``.
    """
    if not welsh(data):
        return {slug: name for slug, (name, _theme) in CHARACTERISTICS.items()}
    framework = data.framework.set_index("characteristic")
    names = framework["name_cy"] if "name_cy" in framework.columns else pd.Series(dtype=object)
    return {
        slug: required_text(data, names.get(slug), f"the key characteristic {slug!r}")
        for slug in CHARACTERISTICS
    }


def suppressed_text(data: CouncilData) -> str:
    """The text shown in place of a figure of fewer than 5 responses."""
    # Translators: in place of a figure based on too few answers (the specification's
    # term). {count}: 5.
    text = translator(data)._("fewer than {count} responses", count=MIN_RESPONSES)
    if not welsh(data) and text != SUPPRESSED_TEXT:  # pragma: no cover - one source of truth
        raise AssertionError("config.SUPPRESSED_TEXT and the catalogue disagree")
    return text


#: Reasons of suppression whose cell says it protects a small group elsewhere (secondary,
#: and the complementary suppression of the disclosure audit), rather than "fewer than 5".
PROTECTING_REASONS = frozenset({SECONDARY, COMPLEMENTARY})


def suppression_text(data: CouncilData, reason: str) -> str:
    """The text in place of a hidden figure: withheld to protect a small group, or too few
    responses."""
    if reason in PROTECTING_REASONS:
        return translator(data)._(SECONDARY_TEXT)
    return suppressed_text(data)


def not_asked_text(data: CouncilData) -> str:
    """The text of a cell whose question was not put to the group."""
    return translator(data)._(NOT_ASKED_TEXT)


def no_answers_text(data: CouncilData) -> str:
    """The text of a cell with no answers."""
    return translator(data)._(NO_ANSWERS_TEXT)


def series_label(data: CouncilData, series: str) -> str:
    """A series of a chart's legend: ``Caerphilly, officers``, ``Caerffili, swyddogion``.

    The council is named by its label on charts (:func:`chart_label`).
    """
    tr = translator(data)
    council = chart_label(
        data,
        data.council.code,
        data.council.short_name,
        data.council.name_cy,
        data.council.short_name_cy,
    )
    if series == "wales":
        # Translators: a series of a chart: the figure for all of Wales.
        return tr._("Wales, all respondents")
    if series == GROUP_ALL:
        # Translators: a series of a chart. {council}: the council (its label on charts,
        # "Caerffili").
        return tr._("{council}, all respondents", council=council)
    # Translators: a series of a chart. {council}: the council; one of {group} ("officers")
    # {the_group} ("the officers").
    return tr._(
        "{council}, {group}",
        council=council,
        group=_group_noun(data, series),
        the_group=_group_noun(data, series, article=True),
    )


def _group_noun(data: CouncilData, group: str, *, article: bool = False) -> str:
    return group_noun(group, data.language, article=article)


def series_heading(data: CouncilData, series: str) -> str:
    """A series as a column heading: ``Officers``, ``All Caerphilly respondents``."""
    tr = translator(data)
    if series == "wales":
        return tr._("Wales, all respondents")
    if series == GROUP_ALL:
        # Translators: a column heading. {council}: the council's (Welsh) short name.
        return tr._("All {council} respondents", council=council_label(data))
    return group_label(data, series)
