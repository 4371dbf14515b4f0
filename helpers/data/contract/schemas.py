"""The declared schema of each raw table of the data contract (docs/data-contract.md).

One pandera schema per file of ``data/raw/``: its columns (required or
optional, the optional Welsh columns included), what each cell must hold
(filled or not, allowed values, patterns, whole numbers, uniqueness) and the
message each failure gives (``error``: a template of :mod:`.formatter`, with
``{value}`` the bad value as a message quotes it). :func:`normalise` makes a
table as read ready for its schema, with the contract's leniency: empty cells
are missing values, and vocabulary values are put in canonical form ignoring
case, apostrophe style and runs of white space. Rules that need another table
or several columns at once are in :mod:`.crosstable`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pandera.pandas as pa

from helpers import config
from helpers.data import columns as c

COUNCILS_CSV = "councils.csv"
INVITATIONS_CSV = "invitations.csv"
QUESTIONS_CSV = "questions.csv"
RESPONSES_CSV = "responses.csv"
PUBLIC_SURVEY_CSV = "public_survey.csv"
FRAMEWORK_CSV = "framework.csv"
COMMENTS_CSV = "comments.csv"
FINDINGS_CSV = "findings.csv"
DATASET_CSV = "dataset.csv"

COMMENT_LANGUAGES = ("en", "cy")
#: Columns of responses.csv that are not questions.
RESPONSE_KEYS = (c.RESPONDENT_ID, c.COUNCIL_CODE, c.GROUP)
#: The optional Welsh columns (docs/welsh.md): file -> columns. Empty or absent is valid;
#: ``check_welsh`` asks for those that a Welsh report prints.
WELSH_COLUMNS: dict[str, tuple[str, ...]] = {
    QUESTIONS_CSV: (c.TEXT_CY,),
    FRAMEWORK_CSV: (c.NAME_CY, c.LEVEL_1_CY, c.LEVEL_2_CY, c.LEVEL_3_CY),
    FINDINGS_CSV: (c.FINDING_CY,),
}
#: The free texts of each file that a report prints: no bidirectional control character
#: may be in them (:data:`BIDI_CONTROLS`), nor, in a comment, the redaction mark.
TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    COUNCILS_CSV: (c.NAME, c.NAME_CY, c.SHORT_NAME, c.SHORT_NAME_CY),
    QUESTIONS_CSV: (c.TEXT, *WELSH_COLUMNS[QUESTIONS_CSV]),
    FRAMEWORK_CSV: (c.NAME, c.LEVEL_1, c.LEVEL_2, c.LEVEL_3, *WELSH_COLUMNS[FRAMEWORK_CSV]),
    COMMENTS_CSV: (c.COMMENT,),
    FINDINGS_CSV: (c.FINDING, *WELSH_COLUMNS[FINDINGS_CSV]),
}
#: Bidirectional controls: embeddings and overrides (U+202A to U+202E) and isolates
#: (U+2066 to U+2069). Invisible, they reorder the text after them on a page (a comment
#: could print backwards, or drag the figures beside it), so the contract refuses them.
BIDI_CONTROLS = "".join(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
BIDI = re.compile(f"[{BIDI_CONTROLS}]")
CODE_RE = r"W06[0-9]{6}"
WHOLE_RE = r"0*[0-9]{1,15}(?:\.0+)?"
ISO_DATE_RE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_QUESTION_ID_RE = r"[A-Za-z][A-Za-z0-9_]*"
_APOSTROPHES = re.compile("[\u2019\u2018\u02bc`\u00b4]")

#: What a cell that must not be empty should hold, for the message.
EXPECTED = {
    c.NAME: "the official English name",
    c.NAME_CY: "the official Welsh name",
    c.SHORT_NAME: "a short name, e.g. Caerphilly",
    c.TEXT: "the wording shown to respondents",
    c.COMMENT: "the quotation",
    c.FINDING: "the text of the finding",
    c.LEVEL_1: "the Level 1 descriptor",
    c.LEVEL_2: "the Level 2 descriptor",
    c.LEVEL_3: "the Level 3 descriptor",
    c.DATA_DATE: "the date the survey answers were extracted, as YYYY-MM-DD, e.g. 2018-06-29",
}
#: The answers of each kind of scored question, in canonical form.
ANSWERS = {"level": tuple(config.LEVEL_ANSWERS), "likert": tuple(config.LIKERT_SCORES)}


# --------------------------------------------------------------------------
# Normalising
# --------------------------------------------------------------------------
def normalise_value(value: str) -> str:
    """Fold case, apostrophe style and white space, for vocabulary matching."""
    return " ".join(_APOSTROPHES.sub("'", value).casefold().split())


def canonical(values: pd.Series, vocabulary: tuple[str, ...]) -> pd.Series:
    """Each value in its canonical spelling, or as it stands when not in ``vocabulary``.

    Each distinct value is normalised once, so this is fast on long columns.
    """
    lookup = {normalise_value(v): v for v in vocabulary}
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    mapped = [lookup.get(normalise_value(u), u) for u in uniques] + [None]
    out = np.asarray(mapped, dtype=object)[codes]  # code -1 (missing) takes the last: None
    return pd.Series(out, index=values.index, dtype=object).where(codes >= 0)


def normalise(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """The table as its schema checks it: empty cells missing, vocabularies canonical."""
    out = {}
    for name in frame.columns:
        values = frame[name]
        values = values.where(values.to_numpy() != "")
        column = schema.columns.get(name)
        vocabulary = (column.metadata or {}).get("vocabulary") if column is not None else None
        out[name] = canonical(values, vocabulary) if vocabulary else values.astype(object)
    return pd.DataFrame(out, index=frame.index, columns=frame.columns)


# --------------------------------------------------------------------------
# The checks a schema declares
# --------------------------------------------------------------------------
def _column(
    *checks: pa.Check,
    empty: str | None = None,
    vocabulary: tuple[str, ...] | None = None,
    required: bool = True,
) -> pa.Column:
    """A column; ``empty`` says what a cell must hold when it may not be empty."""
    metadata = {"empty": empty, "vocabulary": vocabulary}
    return pa.Column(
        None, checks=list(checks), nullable=empty is None, required=required, metadata=metadata
    )


def vocabulary(options: tuple[str, ...], noun: str, *, required: bool = True) -> pa.Column:
    """A column of ``options`` (matched leniently, see :func:`normalise`)."""
    listing = ", ".join(options)
    return _column(
        pa.Check.isin(
            options, error=f"{{value}} is not a valid {noun} (expected one of: {listing})"
        ),
        empty=f"one of: {listing}" if required else None,
        vocabulary=options,
    )


def unique(error: str, *, fold: bool = False, among: tuple[str, ...] | None = None) -> pa.Check:
    """Each filled value once (``fold``: ignoring case; ``among``: of those values only);
    ``{first}`` in ``error`` is the line of the first."""
    name = "unique_folded" if fold else "unique"

    def check(values: pd.Series) -> pd.Series:
        repeated = (values.str.casefold() if fold else values).duplicated(keep="first")
        return ~(repeated & values.isin(among)) if among else ~repeated

    return pa.Check(check, name=name, error=error)


def pattern(regex: str, error: str) -> pa.Check:
    return pa.Check(lambda s: s.str.fullmatch(regex, na=True), name="pattern", error=error)


def whole_number() -> pa.Column:
    """A whole number of 1 or more: ``12``, ``012`` or ``12.0``."""

    def check(values: pd.Series) -> pd.Series:
        shaped = values.str.fullmatch(WHOLE_RE, na=False)
        return shaped & (pd.to_numeric(values.where(shaped), errors="coerce") >= 1)

    error = "{value} is not a whole number of 1 or more (expected e.g. 12 or 12.0)"
    return _column(pa.Check(check, name="whole", error=error), empty="a whole number of 1 or more")


def text(name: str, *, required: bool = True, empty: str | None = None) -> pa.Column:
    """A free text that a report prints: no bidirectional control (nor, in a comment,
    the redaction mark)."""
    checks = [
        pa.Check(
            lambda s: ~s.str.contains(BIDI, na=False),
            name="bidi",
            error=(
                "{value} holds {bidi}, a bidirectional control that can reverse the text "
                "around it on a page (expected text without the characters U+202A to U+202E "
                "and U+2066 to U+2069)"
            ),
        )
    ]
    if name == c.COMMENT:
        checks.append(
            pa.Check(
                lambda s: (
                    ~s.str.contains(config.REDACTION_MARK, regex=False, na=False)
                    | s.str.contains(BIDI, na=False)
                ),
                name="redaction",
                error="{value} holds {redaction}, which marks text removed by build "
                "(expected a comment without it)",
            )
        )
    return _column(*checks, empty=EXPECTED.get(name) if required else empty)


def _positive(values: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    return np.isfinite(numbers) & (numbers > 0)


def known_council(codes: set[str]) -> pa.Check:
    """A rule across tables: the council is one of councils.csv's."""
    return pa.Check.isin(
        sorted(codes),
        error=f"{{value}} is not a council in {COUNCILS_CSV} (expected a council_code "
        f"of {COUNCILS_CSV})",
    )


def council_code(*, required: bool = True) -> pa.Column:
    """A council's code; that it is in councils.csv is a rule of :mod:`.crosstable`."""
    return _column(empty=f"a council code from {COUNCILS_CSV}" if required else None)


def _schema(
    file: str, optional: tuple[str, ...], columns: dict[str, pa.Column]
) -> pa.DataFrameSchema:
    """A raw file's schema; ``optional`` names the columns that may be absent."""
    for column in optional:
        columns[column].required = False
    return pa.DataFrameSchema(columns, name=file, ordered=False, strict=False)


_SLUGS = tuple(config.CHARACTERISTICS)
_REPEATED_ID = "repeats the respondent_id of line {first} (expected unique ids)"

#: The declared schema of each raw file, in the order files are checked and reported.
RAW_SCHEMAS: dict[str, pa.DataFrameSchema] = {
    COUNCILS_CSV: _schema(
        COUNCILS_CSV,
        (c.SHORT_NAME_CY,),
        {
            c.COUNCIL_CODE: _column(
                pattern(
                    CODE_RE,
                    "{value} is not a council code (expected W06 and six digits, e.g. W06000018)",
                ),
                unique(
                    "{value} appears more than once, first on line {first} "
                    "(expected each council code once)"
                ),
                empty="a code such as W06000018",
            ),
            c.NAME: text(c.NAME),
            c.NAME_CY: text(c.NAME_CY),
            c.SHORT_NAME: _column(
                *text(c.SHORT_NAME).checks,
                unique(
                    "{value} is already the short name on line {first} "
                    "(expected short names that differ, ignoring case)",
                    fold=True,
                ),
                empty=EXPECTED[c.SHORT_NAME],
            ),
            c.SHORT_NAME_CY: _column(
                *text(c.SHORT_NAME_CY).checks,
                unique(
                    "{value} is already the Welsh short name on line {first} "
                    "(expected Welsh short names that differ, ignoring case, where given)",
                    fold=True,
                ),
            ),
        },
    ),
    INVITATIONS_CSV: _schema(
        INVITATIONS_CSV,
        (),
        {
            c.COUNCIL_CODE: council_code(),
            c.GROUP: vocabulary(tuple(config.GROUPS), "group"),
            c.INVITED: whole_number(),
        },
    ),
    QUESTIONS_CSV: _schema(
        QUESTIONS_CSV,
        WELSH_COLUMNS[QUESTIONS_CSV],
        {
            c.QUESTION_ID: _column(
                pattern(
                    _QUESTION_ID_RE,
                    "{value} is not a valid question_id "
                    "(expected a letter, then letters, digits or _)",
                ),
                pa.Check(
                    lambda s: ~s.isin(RESPONSE_KEYS),
                    name="reserved",
                    error=f"{{value}} is the name of a column of {RESPONSES_CSV} (expected a "
                    f"name other than {', '.join(RESPONSE_KEYS)})",
                ),
                unique(
                    "{value} appears more than once, first on line {first} "
                    "(expected each question_id once)"
                ),
                empty="an identifier such as Q03",
            ),
            c.KIND: vocabulary(config.QUESTION_KINDS, c.KIND),
            c.THEME: vocabulary(tuple(config.THEMES), "theme"),
            c.CHARACTERISTIC: _column(vocabulary=_SLUGS),
            c.ASKED_OF: vocabulary(config.ASKED_OF, "asked_of value"),
            c.REVERSE: vocabulary(("true", "false"), "reverse value", required=False),
            c.TEXT: text(c.TEXT),
            c.TEXT_CY: text(c.TEXT_CY, required=False),
        },
    ),
    RESPONSES_CSV: _schema(
        RESPONSES_CSV,
        (),
        {
            c.RESPONDENT_ID: _column(unique(_REPEATED_ID), empty="an identifier of the submission"),
            c.COUNCIL_CODE: council_code(),
            c.GROUP: vocabulary(tuple(config.GROUPS), "group"),
        },
    ),
    PUBLIC_SURVEY_CSV: _schema(
        PUBLIC_SURVEY_CSV,
        (c.WEIGHT,),
        {
            c.RESPONDENT_ID: _column(unique(_REPEATED_ID), empty="an identifier of the respondent"),
            c.COUNCIL_CODE: council_code(required=False),
            c.SATISFIED: vocabulary(config.PUBLIC_ANSWERS, "answer", required=False),
            c.TOLD: vocabulary(config.PUBLIC_ANSWERS, "answer", required=False),
            c.WEIGHT: _column(
                pa.Check(
                    _positive,
                    name="weight",
                    error="{value} is not a valid weight (expected a number greater than 0, "
                    "or empty for 1)",
                )
            ),
        },
    ),
    FRAMEWORK_CSV: _schema(
        FRAMEWORK_CSV,
        WELSH_COLUMNS[FRAMEWORK_CSV],
        {
            c.CHARACTERISTIC: _column(
                *vocabulary(_SLUGS, "characteristic").checks,
                unique(
                    "'{raw}' appears more than once, first on line {first} "
                    "(expected each characteristic once)",
                    among=_SLUGS,
                ),
                empty=f"one of: {', '.join(_SLUGS)}",
                vocabulary=_SLUGS,
            ),
            c.NAME: text(c.NAME),
            c.LEVEL_1: text(c.LEVEL_1),
            c.LEVEL_2: text(c.LEVEL_2),
            c.LEVEL_3: text(c.LEVEL_3),
            **{column: text(column, required=False) for column in WELSH_COLUMNS[FRAMEWORK_CSV]},
        },
    ),
    COMMENTS_CSV: _schema(
        COMMENTS_CSV,
        (c.LANG,),
        {
            c.COUNCIL_CODE: council_code(),
            c.THEME: vocabulary(tuple(config.THEMES), "theme"),
            c.COMMENT: text(c.COMMENT),
            c.LANG: vocabulary(COMMENT_LANGUAGES, "language", required=False),
        },
    ),
    FINDINGS_CSV: _schema(
        FINDINGS_CSV,
        WELSH_COLUMNS[FINDINGS_CSV],
        {
            c.COUNCIL_CODE: council_code(),
            c.THEME: vocabulary(tuple(config.THEMES), "theme"),
            c.ORDER: whole_number(),
            c.FINDING: text(c.FINDING),
            c.FINDING_CY: text(c.FINDING_CY, required=False),
        },
    ),
    DATASET_CSV: _schema(DATASET_CSV, (), {c.DATA_DATE: _column()}),
}


def columns_of(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A raw file's required and optional columns, from its schema."""
    declared = RAW_SCHEMAS[name].columns.values()
    return (
        tuple(col.name for col in declared if col.required),
        tuple(col.name for col in declared if not col.required),
    )


#: file -> (required columns, optional columns); responses.csv also has one column per question.
SCHEMAS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    name: columns_of(name) for name in RAW_SCHEMAS
}
#: Every file of the contract, in the order they are checked and reported.
CONTRACT_FILES = tuple(RAW_SCHEMAS)
REQUIRED_FILES = (COUNCILS_CSV, INVITATIONS_CSV, QUESTIONS_CSV, RESPONSES_CSV, FRAMEWORK_CSV)


def responses_schema(bank: list) -> pa.DataFrameSchema:
    """responses.csv's schema with one column per question of questions.csv (its answers)."""
    answers = {}
    for question in bank:
        options = ANSWERS.get(question.kind)
        if options is None:
            continue
        listing = ", ".join(options)
        answers[question.question_id] = _column(
            pa.Check.isin(
                options,
                error=f"{{value}} is not a valid answer (expected one of: {listing}, or empty)",
            ),
            vocabulary=options,
        )
    return RAW_SCHEMAS[RESPONSES_CSV].add_columns(answers)
