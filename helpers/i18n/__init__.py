"""Languages of the reports: translation catalogues, plural rules, dates and numbers.

Every word the workbook writes on a page comes through a :class:`Translator`,
one per language (:data:`LANGUAGES`: English ``en`` and Welsh ``cy``). The
texts live in gettext PO catalogues in this package, one per language,
which a translator edits with ordinary tools (Poedit, Lokalize, Weblate)::

    helpers/i18n/locale/lgdata.pot                  the template, extracted from the code
    helpers/i18n/locale/en/LC_MESSAGES/lgdata.po    English (empty translations: the code's text)
    helpers/i18n/locale/cy/LC_MESSAGES/lgdata.po    Welsh

``make catalogues`` extracts the messages from the code (``babel.cfg``),
merges them into both catalogues and compiles them to check them. The
workbook reads the PO files themselves at run time (compiling them in
memory with Babel), so an edited catalogue takes effect at once.

Messages are whole sentences with named placeholders (``{council}``,
``{count}``), filled with :meth:`str.format`; never fragments joined in
English word order. Plural forms follow CLDR (Welsh has six: zero, one, two,
few, many, other) through Babel. A Welsh page never falls back to English:
asking the Welsh translator for a message its catalogue lacks, or has not
translated, raises :class:`MissingTranslationError`.

Markers for extraction (the keywords of ``babel.cfg``):

``tr._(message, **values)``
    translate, then fill the placeholders;
``tr.p_(context, message, **values)``
    the same with a context (``msgctxt``), for one English text that
    translates differently in two places;
``tr.n_(singular, plural, count, **values)``
    plural forms chosen by ``count`` (also passed as ``{count}``);
``N_(message)``, ``NP_(context, message)``
    mark a text in a table for extraction without translating it yet.
"""

from __future__ import annotations

import datetime
import io
import string
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from helpers.errors import MissingTranslationError

#: The languages of the reports, English first.
LANGUAGES: tuple[str, ...] = ("en", "cy")
ENGLISH, WELSH = LANGUAGES
#: The language the code's messages are written in.
SOURCE_LANGUAGE = ENGLISH
#: Each language's name, in that language and in the other.
LANGUAGE_NAMES = {
    ENGLISH: {ENGLISH: "English", WELSH: "Saesneg"},
    WELSH: {ENGLISH: "Welsh", WELSH: "Cymraeg"},
}
#: The gettext domain (the catalogues' file name).
DOMAIN = "lgdata"
#: The folder of the catalogues.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: The PO template extracted from the code.
TEMPLATE_PATH = LOCALE_DIR / f"{DOMAIN}.pot"
#: The CLDR locale of each language (British English for dates).
BABEL_LOCALES = {ENGLISH: "en_GB", WELSH: "cy"}
#: How dates are written: ``6 December 2018``, ``6 Rhagfyr 2018``.
DATE_PATTERN = "d MMMM y"


def check_language(language: str) -> str:
    """Return ``language`` if it is one of :data:`LANGUAGES`.

    Raises
    ------
    ValueError
        Naming the valid languages.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of: {', '.join(LANGUAGES)}")
    return language


def file_suffix(language: str) -> str:
    """What a file name carries for a language: nothing for English, ``.cy`` for Welsh.

    ``W06000018-caerphilly.html`` and ``W06000018-caerphilly.cy.html``;
    ``index.html`` and ``index.cy.html``.
    """
    return "" if check_language(language) == ENGLISH else f".{language}"


def parse_languages(choice: str) -> tuple[str, ...]:
    """The languages of a ``--language`` choice: ``en``, ``cy`` or ``both`` (English first).

    Raises
    ------
    ValueError
        Naming the valid choices.
    """
    if choice == "both":
        return LANGUAGES
    if choice in LANGUAGES:
        return (choice,)
    raise ValueError(
        f"unknown language {choice!r}; expected one of: {', '.join((*LANGUAGES, 'both'))}"
    )


def catalogue_path(language: str) -> Path:
    """The PO catalogue of ``language``."""
    return LOCALE_DIR / check_language(language) / "LC_MESSAGES" / f"{DOMAIN}.po"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for extraction; return it untranslated."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:  # noqa: N802 - the gettext convention
    """Mark ``message`` with its context for extraction; return ``(context, message)``."""
    return context, message


def placeholders(text: str) -> set[str]:
    """The names of the ``{name}`` placeholders in a message.

    Raises
    ------
    ValueError
        If the text is not a valid :meth:`str.format` template, or has an
        unnamed (positional) placeholder.
    """
    names = set()
    for _literal, name, _spec, _conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not name or name.isdigit():
            raise ValueError(f"unnamed placeholder in {text!r}: name every placeholder")
        names.add(name)
    return names


def capitalise(text: str) -> str:
    """``text`` with its first letter in upper case (``mae'r`` -> ``Mae'r``)."""
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Translator:
    """The messages, plural rules, dates and numbers of one language.

    Use :func:`translator` to get one (cached per process).

    Attributes
    ----------
    language : str
        ``en`` or ``cy``.
    strict : bool
        True for a language other than the source language: a message its
        catalogue lacks raises :class:`MissingTranslationError` instead of
        showing the English text.
    """

    language: str
    strict: bool
    _translations: object = field(repr=False)
    _known: frozenset = field(repr=False)

    # ---- lookups ----------------------------------------------------------
    def _check(self, context: str | None, message: str) -> None:
        if self.strict and (context, message) not in self._known:
            where = f" (context {context!r})" if context else ""
            raise MissingTranslationError(
                f"the {self.language} catalogue ({catalogue_path(self.language).name}) has no "
                f"translation of {message!r}{where}; run `make catalogues` and translate it"
            )

    def gettext(self, message: str) -> str:
        """The translation of ``message``."""
        self._check(None, message)
        return self._translations.gettext(message)

    def pgettext(self, context: str, message: str) -> str:
        """The translation of ``message`` in ``context``."""
        self._check(context, message)
        return self._translations.pgettext(context, message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The plural form of a message for ``count`` (CLDR rules of the language)."""
        self._check(None, singular)
        return self._translations.ngettext(singular, plural, count)

    def npgettext(self, context: str, singular: str, plural: str, count: int) -> str:
        """The plural form of a message in ``context`` for ``count``."""
        self._check(context, singular)
        return self._translations.npgettext(context, singular, plural, count)

    # ---- translate and fill ----------------------------------------------
    def _(self, message: str, /, **values) -> str:
        """Translate ``message`` and fill its named placeholders with ``values``."""
        return self.gettext(message).format(**values)

    def p_(self, context: str, message: str, /, **values) -> str:
        """Translate ``message`` in ``context`` and fill its placeholders."""
        return self.pgettext(context, message).format(**values)

    def n_(self, singular: str, plural: str, count: int, /, **values) -> str:
        """The plural form for ``count``, filled (``{count}`` is given too)."""
        values.setdefault("count", self.format_integer(count))
        return self.ngettext(singular, plural, int(count)).format(**values)

    def np_(self, context: str, singular: str, plural: str, count: int, /, **values) -> str:
        """The plural form for ``count`` in ``context``, filled."""
        values.setdefault("count", self.format_integer(count))
        return self.npgettext(context, singular, plural, int(count)).format(**values)

    def pair(self, marked: tuple[str, str], /, **values) -> str:
        """Translate a text marked with :func:`NP_` (a ``(context, message)`` pair)."""
        return self.p_(marked[0], marked[1], **values)

    # ---- formatting -------------------------------------------------------
    @property
    def locale(self):
        """The Babel locale of the language."""
        from babel import Locale

        return Locale.parse(BABEL_LOCALES[self.language])

    def plural_category(self, count: int) -> str:
        """The CLDR plural category of ``count``: ``zero``, ``one``, ... ``many``, ``other``."""
        return self.locale.plural_form(count)

    def format_date(self, iso_date: str) -> str:
        """A ``YYYY-MM-DD`` date in words: ``6 December 2018``, ``6 Rhagfyr 2018``; "" for "".

        Raises
        ------
        ValueError
            If the text is not an ISO date.
        """
        from babel.dates import format_date

        if not iso_date:
            return ""
        day = datetime.date.fromisoformat(str(iso_date))
        return format_date(day, format=DATE_PATTERN, locale=BABEL_LOCALES[self.language])

    def format_integer(self, number: int) -> str:
        """A whole number with thousands separators: ``1,234`` (the same in both languages)."""
        return f"{int(number):,}"


#: The extraction keywords (Babel's notation): the markers of the module docstring.
KEYWORDS: dict[str, object] = {
    "_": None,
    "p_": ((1, "c"), 2),
    "n_": (1, 2),
    "np_": ((1, "c"), 2, 3),
    "N_": None,
    "NP_": ((1, "c"), 2),
}
#: Comments above a message that start with this tag are notes for translators.
COMMENT_TAG = "Translators:"
#: Line width of the catalogues.
PO_WIDTH = 88


def extract_messages():
    """Extract the messages of the helper package's code into a new catalogue (the template).

    Returns
    -------
    babel.messages.catalog.Catalog
        Every message marked in ``helpers/**.py``, with its notes for
        translators (what ``make catalogues`` writes to ``lgdata.pot``).
    """
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    package = LOCALE_DIR.parent.parent
    catalogue = Catalog(
        project="Local government use of data",
        version="1",
        copyright_holder="the workbook's authors",
        domain=DOMAIN,
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        package,
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=(COMMENT_TAG,),
    ):
        catalogue.add(
            message,
            None,
            [(f"helpers/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalogue


def write_template(path: Path | None = None) -> Path:
    """Write the extracted messages to the PO template (``lgdata.pot``) and return its path.

    The file is left as it is when the messages have not changed (only its
    date would), so that extracting again changes nothing.
    """
    from babel.messages.pofile import write_po

    path = Path(path) if path is not None else TEMPLATE_PATH
    buffer = io.BytesIO()
    write_po(buffer, extract_messages(), width=PO_WIDTH, no_location=True)
    text = buffer.getvalue()

    def undated(data: bytes) -> bytes:
        return b"\n".join(line for line in data.split(b"\n") if b"POT-Creation-Date" not in line)

    if path.is_file() and undated(path.read_bytes()) == undated(text):
        return path  # the same messages: keep the file (and its date) as it is
    path.write_bytes(text)
    return path


def check_catalogues(languages=None) -> list[str]:
    """List what is wrong with the catalogues; empty when every language is complete.

    For each language but English: every message of the code (extracted now,
    not read from the template, so a message added without updating the
    catalogues is found) is in the catalogue and translated, not fuzzy; and
    Babel's checkers pass on every message (plural forms, and the
    placeholders of :mod:`helpers.i18n.checkers`).

    Parameters
    ----------
    languages : iterable of str, optional
        The languages to check (default: every one but English).

    Returns
    -------
    list of str
        One line per problem: ``cy: ...``.
    """
    languages = [lang for lang in (languages or LANGUAGES) if lang != SOURCE_LANGUAGE]
    wanted = [(m.context, m.id) for m in extract_messages() if m.id]
    problems = []
    for language in languages:
        catalogue = read_catalogue(language)
        for context, message_id in wanted:
            key = message_id if isinstance(message_id, str) else message_id[0]
            message = catalogue.get(key, context=context)
            where = f" (context {context!r})" if context else ""
            if message is None:
                problems.append(f"{language}: not in the catalogue: {key!r}{where}")
            elif not _is_translated(message):
                state = "fuzzy" if message.fuzzy else "not translated"
                problems.append(f"{language}: {state}: {key!r}{where}")
        for message, errors in catalogue.check():
            for error in errors:
                problems.append(f"{language}: {message.id!r}: {error}")
    return problems


def read_catalogue(language: str):
    """Read the PO catalogue of ``language`` (a :class:`babel.messages.catalog.Catalog`)."""
    from babel.messages.pofile import read_po

    with open(catalogue_path(language), "rb") as fh:
        return read_po(fh, locale=BABEL_LOCALES[language].split("_")[0], domain=DOMAIN)


def _is_translated(message) -> bool:
    if message.fuzzy or not message.id:
        return False
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings)


@cache
def translator(language: str) -> Translator:
    """The :class:`Translator` of ``language``, its catalogue compiled in memory (cached).

    Raises
    ------
    ValueError
        If ``language`` is not one of :data:`LANGUAGES`.
    """
    from babel.messages.mofile import write_mo
    from babel.support import Translations

    check_language(language)
    catalogue = read_catalogue(language)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    buffer.seek(0)
    translations = Translations(buffer, domain=DOMAIN)
    known = frozenset(
        (m.context, m.id if isinstance(m.id, str) else m.id[0])
        for m in catalogue
        if _is_translated(m)
    )
    return Translator(
        language=language,
        strict=language != SOURCE_LANGUAGE,
        _translations=translations,
        _known=known,
    )


__all__ = [
    "BABEL_LOCALES",
    "DOMAIN",
    "ENGLISH",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "LOCALE_DIR",
    "MissingTranslationError",
    "N_",
    "NP_",
    "Translator",
    "WELSH",
    "capitalise",
    "catalogue_path",
    "check_language",
    "file_suffix",
    "parse_languages",
    "placeholders",
    "read_catalogue",
    "translator",
]
