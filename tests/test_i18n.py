"""The language layer: catalogues complete and consistent, Welsh plural rules and dates,
and the sentences written in Welsh from whole templates (helpers.i18n, helpers.report.narrative)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message, TranslationError

from helpers import config, i18n
from helpers.i18n.checkers import brace_placeholders
from helpers.report.narrative.agreement import (
    write_agreement_sentence,
    write_comparison_sentence,
    write_comparisons_introduction,
    write_no_difference_sentence,
)
from helpers.report.narrative.groups import phrase_proportion
from helpers.report.narrative.maturity import write_level_comparison, write_level_sentence
from helpers.report.narrative.proportions import describe_proportion
from helpers.report.narrative.public import write_public_sentence
from helpers.report.narrative.responses import write_funnel_sentence


# --------------------------------------------------------------------------
# Catalogues
# --------------------------------------------------------------------------
def test_every_message_of_the_code_is_translated_in_welsh_with_its_placeholders():
    # extracted from the code now, so a message added without `make catalogues` is found;
    # Babel's checkers (plural forms, and ours: placeholders) run on every message
    assert i18n.check_catalogues() == []


def test_the_placeholder_checker_is_registered_with_babel():
    from babel.messages.checkers import _find_checkers

    assert brace_placeholders in _find_checkers()


def _message(msgid, msgstr, notes=()):
    return Message(msgid, msgstr, auto_comments=list(notes))


@pytest.mark.parametrize(
    ("msgid", "msgstr", "notes", "error"),
    [
        ("Hello {council}", "Helo {cyngor}", (), "not filled by the code"),
        ("Hello {council} ({rate})", "Helo {council}", (), "drops placeholder"),
        (
            "{Subject} agree that {clause}.",
            "{Subject} yn cytuno.",
            ("one of {clause} {statement}",),
            "needs one of",
        ),
        ("Hello {council}", "Helo {0}", (), "unnamed placeholder"),
        ("Hello {council}", "Helo {council", (), "expected '}'"),
    ],
)
def test_the_placeholder_checker_refuses_a_broken_translation(msgid, msgstr, notes, error):
    with pytest.raises(TranslationError, match=re.escape(error)):
        brace_placeholders(Catalog(locale="cy"), _message(msgid, msgstr, notes))


def test_the_placeholder_checker_accepts_the_choices_its_note_offers():
    notes = ["Translators: one of {clause} {statement}; one of {Subject} {subject}."]
    message = _message(
        "{Subject} agree that {clause}.", "{Subject} yn cytuno â'r datganiad “{statement}”.", notes
    )
    brace_placeholders(Catalog(locale="cy"), message)  # no error
    plural = Message(
        ("one statement in {council}", "{count} statements in {council}"),
        ("dim datganiad yn {council}", "un datganiad", "{count} ddatganiad yn {council}"),
    )
    with pytest.raises(TranslationError, match=r"\{council\}"):
        brace_placeholders(Catalog(locale="cy"), plural)


def test_the_welsh_catalogue_has_the_six_cldr_plural_forms():
    catalogue = i18n.read_catalogue("cy")
    assert catalogue.num_plurals == 6
    tr = i18n.translator("cy")
    assert [tr.plural_category(n) for n in (0, 1, 2, 3, 4, 6, 7, 10)] == [
        "zero", "one", "two", "few", "other", "many", "other", "other",
    ]  # fmt: skip


def test_plural_forms_follow_the_welsh_rules():
    # "datganiad" after dau (2) takes a soft mutation, after tri (3) and chwe (6) none
    text = {
        n: write_comparisons_introduction("Cyngor Gwynedd", n, 1, language="cy")
        for n in (1, 2, 3, 6, 7)
    }
    assert text[2].startswith("O'r 2 ddatganiad yn y thema hon")
    assert text[3].startswith("O'r 3 datganiad yn y thema hon")
    assert text[6].startswith("O'r 6 datganiad")
    assert text[7].startswith("O'r 7 datganiad")
    assert text[1].startswith("Ar yr unig ddatganiad yn y thema hon")
    english = {n: write_comparisons_introduction("Gwynedd", n, 1) for n in (1, 2)}
    assert english[1].startswith("Of the 1 statement of")
    assert english[2].startswith("Of the 2 statements of")


def test_no_message_is_hidden_from_extraction_inside_an_f_string():
    # Babel cannot see tr._("...") inside an f-string: the Welsh page would then fail
    pattern = re.compile(r"""\bf(["']).*?\btr\.(_|p_|n_|np_)\(""")
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(config.PACKAGE_DIR.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_a_welsh_message_missing_from_the_catalogue_raises_rather_than_showing_english():
    with pytest.raises(i18n.MissingTranslationError, match="no translation of"):
        i18n.translator("cy")._("A sentence nobody has translated")
    # English is the code's own text
    assert i18n.translator("en")._("A sentence nobody has translated") == (
        "A sentence nobody has translated"
    )


def test_the_english_catalogue_leaves_the_code_s_text_as_it_is():
    for message in i18n.read_catalogue("en"):
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            assert not any(strings), message.id


def test_unknown_languages_are_refused_with_the_valid_ones():
    with pytest.raises(ValueError, match="en, cy"):
        i18n.translator("fr")
    with pytest.raises(ValueError, match="en, cy, both"):
        i18n.parse_languages("welsh")
    assert i18n.parse_languages("both") == ("en", "cy")
    assert i18n.file_suffix("en") == "" and i18n.file_suffix("cy") == ".cy"


# --------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("iso", "english", "welsh"),
    [
        ("2018-12-06", "6 December 2018", "6 Rhagfyr 2018"),
        ("2019-01-31", "31 January 2019", "31 Ionawr 2019"),
        ("2020-07-01", "1 July 2020", "1 Gorffennaf 2020"),
        ("", "", ""),
    ],
)
def test_dates_are_written_in_the_page_s_language(iso, english, welsh):
    assert i18n.translator("en").format_date(iso) == english
    assert i18n.translator("cy").format_date(iso) == welsh


# --------------------------------------------------------------------------
# Welsh sentences (written out by hand)
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (1.0, "mae pob un o'r swyddogion (100%)"),
        (0.9, "mae bron pob un o'r swyddogion (90%)"),
        (0.8, "mae'r rhan fwyaf o'r swyddogion (80%)"),
        (0.62, "mae mwyafrif y swyddogion (62%)"),
        (0.5, "mae hanner y swyddogion (50%)"),
        (0.4, "mae llai na hanner y swyddogion (40%)"),
        (0.1, "mae ychydig o'r swyddogion (10%)"),
        (0.0, "nid oes yr un o'r swyddogion (0%)"),
    ],
)
def test_welsh_phrases_carry_their_verb_and_the_article(p, expected):
    assert phrase_proportion(p, "officer", "cy") == expected


@pytest.mark.parametrize(
    ("p", "expected"),
    [
        (1.0, "a phob un o'r aelodau etholedig (100%)"),  # aspirate mutation after "a"
        (0.8, "a'r rhan fwyaf o'r aelodau etholedig (80%)"),
        (0.62, "a mwyafrif yr aelodau etholedig (62%)"),  # "yr" before a vowel
        (0.1, "ac ychydig o'r aelodau etholedig (10%)"),  # "ac" before a vowel
    ],
)
def test_welsh_phrases_after_and_write_the_mutation(p, expected):
    assert phrase_proportion(p, "member", "cy", position="and") == expected


def test_welsh_words_for_proportions_are_the_spec_s_terms():
    words = [describe_proportion(p, "cy") for p in (0.95, 0.8, 0.6, 0.3, 0.1)]
    assert words == ["bron pob un", "y rhan fwyaf", "mwyafrif", "llai na hanner", "ychydig"]


def test_welsh_agreement_sentence_quotes_the_welsh_statement():
    sentence = write_agreement_sentence(
        "Mae'r Awdurdod yn trin data fel adnodd allweddol.",
        {"officer": 0.62, "member": 0.4},
        language="cy",
    )
    assert sentence == (
        "Mae mwyafrif y swyddogion (62%) a llai na hanner yr aelodau etholedig (40%) yn "
        "cytuno â'r datganiad “Mae'r Awdurdod yn trin data fel adnodd allweddol”."
    )
    reverse = write_agreement_sentence("X", {"all": 0.0}, reverse=True, language="cy")
    assert reverse == "Nid oes yr un o'r ymatebwyr (0%) yn anghytuno â'r datganiad “X”."


def test_welsh_zero_is_not_joined_to_a_positive_group():
    assert write_level_sentence(
        "Arweinyddiaeth", {"officer": 0.8, "member": 0.0}, language="cy"
    ) == (
        "O ran Arweinyddiaeth, mae'r rhan fwyaf o'r swyddogion (80%) yn rhoi'r cyngor ar lefel "
        "2 neu 3. Nid oes yr un o'r aelodau etholedig (0%) yn gwneud hynny."
    )
    assert write_agreement_sentence("X", {"officer": 0.0, "member": 0.0}, language="cy") == (
        "Nid oes yr un o'r swyddogion (0%) na'r un o'r aelodau etholedig (0%) yn cytuno â'r "
        "datganiad “X”."
    )


def test_welsh_sentences_keep_the_council_name_unmutated():
    name = "Cyngor Bwrdeistref Sirol Caerffili"
    sentences = [
        write_funnel_sentence(name, "officer", 0.4792, 0.41, "high", language="cy"),
        write_comparison_sentence("X", name, "higher", 0.64, 0.48, language="cy"),
        write_level_comparison("Arweinyddiaeth", name, 1.85, 2, 2.25, 2, language="cy"),
        write_no_difference_sentence(name, 0, language="cy"),
    ]
    for sentence in sentences:
        assert name in sentence
    assert sentences[0] == (
        "Mae cyfradd ymateb swyddogion Cyngor Bwrdeistref Sirol Caerffili (48%) uwchlaw'r "
        "terfyn 99.8% o amgylch cyfradd Cymru, sef 41%: yn amlwg yn uwch na'r disgwyl o "
        "ystyried y nifer a wahoddwyd."
    )
    assert sentences[1] == (
        "Mae ymatebwyr Cyngor Bwrdeistref Sirol Caerffili yn fwy tebygol na'r rheini yng "
        "ngweddill Cymru o gytuno â'r datganiad “X” (64% o'i gymharu â 48%)."
    )
    assert sentences[2].endswith("yw 1.9 (lefel 2), o'i gymharu â 2.3 (lefel 2) ledled Cymru.")


def test_welsh_public_survey_sentence():
    assert write_public_sentence(0.36, "satisfied", language="cy") == (
        "Mae llai na hanner y bobl a atebodd (36%) yn fodlon bod y wybodaeth sydd gan eu "
        "cyngor yn cael ei defnyddio'n effeithiol i gynllunio a darparu gwasanaethau."
    )


def test_the_catalogues_live_in_the_helper_package():
    assert Path(i18n.catalogue_path("cy")).is_relative_to(config.PACKAGE_DIR)
    assert i18n.catalogue_path("cy").name == "lgdata.po"
