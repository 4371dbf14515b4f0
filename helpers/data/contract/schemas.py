"""The declared schema of each raw file of the data contract (docs/data-contract.md).

:data:`RAW_SCHEMAS` holds one pandera schema per file of ``data/raw/``: its
columns, required or optional, and what each cell must hold (filled or not,
allowed values, patterns, whole numbers, uniqueness). A check's ``message`` is
its problem's wording (see :mod:`.formatter`). :func:`normalise` applies the
leniency first: empty cells are missing, and vocabularies match ignoring case,
apostrophe style and runs of white space. The rules across rows and files are
in :mod:`.rules`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd
import pandera.pandas as pa

from helpers import config
from helpers.data import columns as c

COUNCILS_CSV, INVITATIONS_CSV = "councils.csv", "invitations.csv"
QUESTIONS_CSV, RESPONSES_CSV = "questions.csv", "responses.csv"
PUBLIC_SURVEY_CSV, FRAMEWORK_CSV = "public_survey.csv", "framework.csv"
COMMENTS_CSV, FINDINGS_CSV, DATASET_CSV = "comments.csv", "findings.csv", "dataset.csv"
REQUIRED_FILES = (COUNCILS_CSV, INVITATIONS_CSV, QUESTIONS_CSV, RESPONSES_CSV, FRAMEWORK_CSV)
#: Columns of responses.csv that are not questions.
RESPONSE_KEYS = (c.RESPONDENT_ID, c.COUNCIL_CODE, c.GROUP)
#: The optional Welsh columns: empty or absent is valid; ``check_welsh`` asks for them.
WELSH_COLUMNS: dict[str, tuple[str, ...]] = {
    QUESTIONS_CSV: (c.TEXT_CY,),
    FRAMEWORK_CSV: (c.NAME_CY, c.LEVEL_1_CY, c.LEVEL_2_CY, c.LEVEL_3_CY),
    FINDINGS_CSV: (c.FINDING_CY,),
}
#: Embeddings and overrides (U+202A to U+202E) and isolates (U+2066 to U+2069): invisible,
#: they reorder the text around them on a page.
BIDI_CONTROLS = "".join(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
BIDI = re.compile(f"[{BIDI_CONTROLS}]")
CODE_RE = r"W06[0-9]{6}"
SEP = "\x1f"  # between the parts of a key of several columns: {0}, {1}... in a message
_WHOLE_RE = r"0*[0-9]{1,15}(?:\.0+)?"
_ISO_DATE_RE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_APOSTROPHES = re.compile("[\u2019\u2018\u02bc`\u00b4]")
SLUGS = tuple(config.CHARACTERISTICS)
_LISTING = ", ".join(SLUGS)
#: The answers of each kind of scored question, in canonical form.
ANSWERS = {"level": tuple(config.LEVEL_ANSWERS), "likert": tuple(config.LIKERT_SCORES)}
DATE = "the date the survey answers were extracted, as YYYY-MM-DD, e.g. 2018-06-29"


def normalise_value(value: str) -> str:
    """Fold case, apostrophe style and white space, for vocabulary matching."""
    return " ".join(_APOSTROPHES.sub("'", value).casefold().split())


def normalise(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """The table as its schema checks it: empty cells None, vocabularies canonical."""
    out = {}
    for name in frame.columns:
        values = frame[name].to_numpy(dtype=object)
        codes, uniques = pd.factorize(np.where(values == "", None, values), use_na_sentinel=True)
        column = schema.columns.get(name)
        vocabulary = (column.metadata or {}).get("vocabulary") if column is not None else None
        if vocabulary:  # each distinct value normalised once
            lookup = {normalise_value(v): v for v in vocabulary}
            uniques = [lookup.get(normalise_value(u), u) for u in uniques]
        # code -1 (an empty cell) takes the last value: None
        out[name] = pd.Series(np.asarray([*uniques, None], dtype=object)[codes], dtype=object)
    return pd.DataFrame(out, columns=frame.columns).set_axis(frame.index)


# --------------------------------------------------------------------------
# Declaring checks
# --------------------------------------------------------------------------
def check(test: Callable, message: str | Callable, *, key=None, **options) -> pa.Check:
    """A pandera check whose failing cells read ``message``: a template of
    :mod:`.formatter` or a function of the row; ``key`` gives the values whose
    repeats it finds (``{first}``)."""
    made = pa.Check(test, n_failure_cases=1, **options)
    made.message, made.key, made.needs, made.column = message, key, (), None
    return made


def repeats(keys: pd.Series) -> pd.Series:
    """True on each repeat of a filled key."""
    return keys.duplicated(keep="first") & keys.notna()


def unique(message: str, key: Callable = lambda s: s) -> pa.Check:
    return check(lambda s: ~repeats(key(s)), message, key=key)


def column(*checks, empty: str | None = None, vocabulary=None, required=True, **meta) -> pa.Column:
    """A column; ``empty``: what a cell holds when it may not be empty."""
    meta |= {"empty": empty, "vocabulary": vocabulary}
    return pa.Column(None, list(checks), nullable=empty is None, required=required, metadata=meta)


def vocabulary(options: tuple[str, ...], noun: str, *, required: bool = True) -> pa.Column:
    """A column of ``options`` (matched leniently, see :func:`normalise`)."""
    listing = ", ".join(options)
    message = f"{{value}} is not a valid {noun} (expected one of: {listing})"
    in_options = check(lambda s: s.isin(options), message)
    return column(in_options, empty=f"one of: {listing}" if required else None, vocabulary=options)


def whole(values: pd.Series) -> pd.Series:
    """The whole numbers of 1 or more (``12``, ``012``, ``12.0``); NaN elsewhere."""
    shaped = values.str.fullmatch(_WHOLE_RE, na=False).astype(bool)
    numbers = pd.to_numeric(values.where(shaped), errors="coerce").astype(float)
    return numbers.where(numbers >= 1)


def whole_number() -> pa.Column:
    message = "{value} is not a whole number of 1 or more (expected e.g. 12 or 12.0)"
    return column(check(lambda s: whole(s).notna(), message), empty="a whole number of 1 or more")


def text(*checks, empty: str | None = None, redaction: bool = False) -> pa.Column:
    """A free text that a report prints: no bidirectional control (nor the redaction mark)."""
    no_bidi = check(
        lambda s: ~s.str.contains(BIDI),
        "{value} holds {bidi}, a bidirectional control that can reverse the text around it on "
        "a page (expected text without the characters U+202A to U+202E and U+2066 to U+2069)",
    )
    mark = check(
        lambda s: ~s.str.contains(config.REDACTION_MARK, regex=False) | s.str.contains(BIDI),
        "{value} holds {redaction}, which marks text removed by build (expected a comment "
        "without it)",
    )
    return column(no_bidi, *([mark] if redaction else []), *checks, empty=empty, text=True)


def _on_calendar(value: str) -> bool:
    try:
        return bool(date.fromisoformat(value))
    except ValueError:
        return False


def _schema(optional: tuple[str, ...], columns: dict, **meta) -> pa.DataFrameSchema:
    """A raw file's schema; ``optional`` columns may be absent. ``meta``: ``sort``, the
    canonical frame's order; ``none``, the problem when the file has no row."""
    for name in optional:
        columns[name].required = False
    return pa.DataFrameSchema(columns, ordered=False, strict=False, metadata=meta)


_GROUP = vocabulary(tuple(config.GROUPS), "group")
_THEME = vocabulary(tuple(config.THEMES), "theme")
_PUBLIC = vocabulary(config.PUBLIC_ANSWERS, "answer", required=False)
_ID = "repeats the respondent_id of line {first} (expected unique ids)"
_ONCE = "{value} appears more than once, first on line {first} (expected each %s once)"
_CODE = column(empty=f"a council code from {COUNCILS_CSV}")


def _folded(values: pd.Series) -> pd.Series:
    return values.str.casefold()


#: The declared schema of each raw file, in the order files are checked and reported.
RAW_SCHEMAS: dict[str, pa.DataFrameSchema] = {
    COUNCILS_CSV: _schema(
        (c.SHORT_NAME_CY,),
        {
            c.COUNCIL_CODE: column(
                check(
                    lambda s: s.str.fullmatch(CODE_RE),
                    "{value} is not a council code (expected W06 and six digits, e.g. W06000018)",
                ),
                unique(_ONCE % "council code"),
                empty="a code such as W06000018",
            ),
            c.NAME: text(empty="the official English name"),
            c.NAME_CY: text(empty="the official Welsh name"),
            c.SHORT_NAME: text(
                unique(
                    "{value} is already the short name on line {first} (expected short names "
                    "that differ, ignoring case)",
                    _folded,
                ),
                empty="a short name, e.g. Caerphilly",
            ),
            c.SHORT_NAME_CY: text(
                unique(
                    "{value} is already the Welsh short name on line {first} (expected Welsh "
                    "short names that differ, ignoring case, where given)",
                    _folded,
                )
            ),
        },
        sort=[c.COUNCIL_CODE],
        none="has no councils (expected one row per local authority)",
    ),
    INVITATIONS_CSV: _schema(
        (),
        {c.COUNCIL_CODE: _CODE, c.GROUP: _GROUP, c.INVITED: whole_number()},
        sort=[c.COUNCIL_CODE, c.GROUP],
    ),
    QUESTIONS_CSV: _schema(
        WELSH_COLUMNS[QUESTIONS_CSV],
        {
            c.QUESTION_ID: column(
                check(
                    lambda s: s.str.fullmatch(r"[A-Za-z][A-Za-z0-9_]*"),
                    "{value} is not a valid question_id (expected a letter, then letters, "
                    "digits or _)",
                ),
                check(
                    lambda s: ~s.isin(RESPONSE_KEYS),
                    f"{{value}} is the name of a column of {RESPONSES_CSV} (expected a name "
                    f"other than {', '.join(RESPONSE_KEYS)})",
                ),
                unique(_ONCE % "question_id"),
                empty="an identifier such as Q03",
            ),
            c.KIND: vocabulary(config.QUESTION_KINDS, c.KIND),
            c.THEME: _THEME,
            c.CHARACTERISTIC: column(vocabulary=SLUGS),
            c.ASKED_OF: vocabulary(config.ASKED_OF, "asked_of value"),
            c.REVERSE: vocabulary(("true", "false"), "reverse value", required=False),
            c.TEXT: text(empty="the wording shown to respondents"),
            c.TEXT_CY: text(),
        },
    ),
    RESPONSES_CSV: _schema(
        (),
        {
            c.RESPONDENT_ID: column(unique(_ID), empty="an identifier of the submission"),
            c.COUNCIL_CODE: _CODE,
            c.GROUP: _GROUP,
        },
    ),
    PUBLIC_SURVEY_CSV: _schema(
        (c.WEIGHT,),
        {
            c.RESPONDENT_ID: column(unique(_ID), empty="an identifier of the respondent"),
            c.COUNCIL_CODE: column(),
            c.SATISFIED: _PUBLIC,
            c.TOLD: _PUBLIC,
            c.WEIGHT: column(
                check(
                    lambda s: (
                        pd.to_numeric(s, errors="coerce")
                        .astype(float)
                        .between(0, np.inf, inclusive="neither")
                    ),
                    "{value} is not a valid weight (expected a number greater than 0, or empty "
                    "for 1)",
                )
            ),
        },
    ),
    FRAMEWORK_CSV: _schema(
        WELSH_COLUMNS[FRAMEWORK_CSV],
        {
            c.CHARACTERISTIC: column(
                *vocabulary(SLUGS, "characteristic").checks,
                unique(
                    "'{raw}' appears more than once, first on line {first} (expected each "
                    "characteristic once)",
                    lambda s: s.where(s.isin(SLUGS)),
                ),
                empty=f"one of: {_LISTING}",
                vocabulary=SLUGS,
            ),
            c.NAME: text(empty="the official English name"),
            c.LEVEL_1: text(empty="the Level 1 descriptor"),
            c.LEVEL_2: text(empty="the Level 2 descriptor"),
            c.LEVEL_3: text(empty="the Level 3 descriptor"),
            **{name: text() for name in WELSH_COLUMNS[FRAMEWORK_CSV]},
        },
        sort=[c.CHARACTERISTIC],
    ),
    COMMENTS_CSV: _schema(
        (c.LANG,),
        {
            c.COUNCIL_CODE: _CODE,
            c.THEME: _THEME,
            c.COMMENT: text(empty="the quotation", redaction=True),
            c.LANG: vocabulary(("en", "cy"), "language", required=False),
        },
    ),
    FINDINGS_CSV: _schema(
        WELSH_COLUMNS[FINDINGS_CSV],
        {
            c.COUNCIL_CODE: _CODE,
            c.THEME: _THEME,
            c.ORDER: whole_number(),
            c.FINDING: text(empty="the text of the finding"),
            c.FINDING_CY: text(),
        },
        sort=[c.COUNCIL_CODE, c.THEME, c.ORDER],
    ),
    DATASET_CSV: _schema(
        (),
        {
            c.DATA_DATE: column(
                check(
                    lambda s: s.str.fullmatch(_ISO_DATE_RE),
                    f"{{value}} is not a date written YYYY-MM-DD (expected {DATE}; a date such "
                    "as 06/12/2018 is ambiguous)",
                ),
                check(
                    lambda s: s.map(_on_calendar) | ~s.str.fullmatch(_ISO_DATE_RE),
                    f"{{value}} is not a day of the calendar (expected {DATE})",
                ),
                empty=DATE,
            )
        },
        none=f"has no row (expected one row: {c.DATA_DATE}, {DATE})",
        one_row=True,  # the cells of the first row only are checked
    ),
}


def file_meta(name: str, key: str):
    """What file ``name``'s schema says of the file as a whole (see :func:`_schema`)."""
    return (RAW_SCHEMAS[name].metadata or {}).get(key)


#: The free texts a report prints: no bidirectional control (nor, in a comment, the
#: redaction mark) may be in them.
TEXT_COLUMNS = {
    name: tuple(n for n, col in s.columns.items() if col.metadata.get("text"))
    for name, s in RAW_SCHEMAS.items()
}
#: Every file of the contract, in the order they are checked and reported.
CONTRACT_FILES = tuple(RAW_SCHEMAS)
#: file -> (required columns, optional columns); responses.csv also has one per question.
SCHEMAS = {
    name: tuple(tuple(n for n, col in s.columns.items() if col.required == req) for req in (1, 0))
    for name, s in RAW_SCHEMAS.items()
}
