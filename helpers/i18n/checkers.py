"""A Babel checker of the catalogues: translations keep the messages' placeholders.

Registered as a ``babel.checkers`` entry point (``pyproject.toml``), so that
Babel runs it with its own checkers (plural forms, ``%`` formats) wherever a
catalogue is checked: ``Catalog.check()``, ``pybabel compile`` and the tests.

The rule, for every translated message:

* every placeholder of the translation is one the code fills: a placeholder
  of the English message, or one named in the message's note for
  translators (``Translators: ... {the_group} ...``), which the code fills
  too because another language needs it;
* every placeholder of the English message appears in the translation,
  except where the note offers a choice: ``one of {clause} {statement}``
  (at least one of them must appear: Welsh quotes ``{statement}`` where
  English writes ``{clause}``), or ``optional {differing}``;
* in a plural message, a form may leave out ``{count}`` (Welsh "dim", the
  English "one").
"""

from __future__ import annotations

import re

from babel.messages.catalog import TranslationError

_NOTE_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_ONE_OF = re.compile(r"\bone of((?:[\s,]*(?:or\s+)?\{[A-Za-z_][A-Za-z0-9_]*\})+)", re.IGNORECASE)
_OPTIONAL = re.compile(
    r"\boptional((?:[\s,]*(?:and\s+)?\{[A-Za-z_][A-Za-z0-9_]*\})+)", re.IGNORECASE
)


def _names(text: str) -> set[str]:
    from helpers.i18n import placeholders

    try:
        return placeholders(text)
    except ValueError as exc:
        raise TranslationError(str(exc)) from None


def _notes(message) -> tuple[set[str], list[set[str]], set[str]]:
    """From the note for translators: every placeholder named, the choices, the optional ones."""
    notes = " ".join(" ".join(message.auto_comments).split())
    named = set(_NOTE_PLACEHOLDER.findall(notes))
    choices = [set(_NOTE_PLACEHOLDER.findall(m)) for m in _ONE_OF.findall(notes)]
    optional = set().union(*(set(_NOTE_PLACEHOLDER.findall(m)) for m in _OPTIONAL.findall(notes)))
    return named, choices, optional


def _braces(names) -> str:
    return ", ".join("{" + n + "}" for n in sorted(names))


def brace_placeholders(catalog, message) -> None:
    """Check that a translation keeps its message's ``{name}`` placeholders.

    Parameters
    ----------
    catalog : babel.messages.catalog.Catalog or None
        The catalogue (unused).
    message : babel.messages.catalog.Message
        One message; untranslated and fuzzy ones are not checked.

    Raises
    ------
    babel.messages.catalog.TranslationError
        Naming a placeholder the code does not fill, or one the translation dropped.
    """
    if not message.id or message.fuzzy:
        return
    ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    if not any(strings):
        return
    named, choices, optional = _notes(message)
    source = set().union(*(_names(i) for i in ids))
    required = source - optional - set().union(*choices)
    if len(strings) > 1:
        required -= {"count"}
    allowed = source | named
    for text in strings:
        if not text:
            continue
        found = _names(text)
        unknown = found - allowed
        if unknown:
            raise TranslationError(
                f"placeholder(s) {_braces(unknown)} are not filled by the code "
                f"(it fills: {_braces(allowed)})"
            )
        missing = required - found
        if missing:
            raise TranslationError(f"the translation drops placeholder(s) {_braces(missing)}")
        for choice in choices:
            if not choice & found:
                raise TranslationError(f"the translation needs one of {_braces(choice)}")
