"""Every column name of the raw, processed and summary tables, defined once.

The raw tables are described in docs/data-contract.md, the processed and
summary tables in docs/outputs.md; :mod:`helpers.data.contract` declares the
schemas of the first and :mod:`helpers.data.tables` those of the others from
these names. Every module that names a column imports it from here.
"""

from __future__ import annotations

# --------------------------------------------------------------------------
# Keys shared by most tables
# --------------------------------------------------------------------------
COUNCIL_CODE = "council_code"
GROUP = "group"
THEME = "theme"
QUESTION_ID = "question_id"
CHARACTERISTIC = "characteristic"
RESPONDENT_ID = "respondent_id"

# --------------------------------------------------------------------------
# Raw tables (docs/data-contract.md)
# --------------------------------------------------------------------------
NAME = "name"
NAME_CY = "name_cy"
SHORT_NAME = "short_name"
SHORT_NAME_CY = "short_name_cy"
INVITED = "invited"
KIND = "kind"
ASKED_OF = "asked_of"
REVERSE = "reverse"
TEXT = "text"
TEXT_CY = "text_cy"
SATISFIED = "satisfied"
TOLD = "told"
WEIGHT = "weight"
LEVEL_1 = "level_1"
LEVEL_2 = "level_2"
LEVEL_3 = "level_3"
LEVEL_1_CY = "level_1_cy"
LEVEL_2_CY = "level_2_cy"
LEVEL_3_CY = "level_3_cy"
COMMENT = "comment"
#: comments.csv: the language a comment is written in (optional; empty means English).
LANG = "lang"
ORDER = "order"
FINDING = "finding"
FINDING_CY = "finding_cy"
#: dataset.csv: the date of the data set.
DATA_DATE = "data_date"

# --------------------------------------------------------------------------
# Long answers (data/processed/answers.csv) and their working columns
# --------------------------------------------------------------------------
RESPONDENT = "respondent"
ANSWER = "answer"
SCORE = "score"
SCORED_ANSWERS = "scored_answers"
AGREEING_ANSWERS = "agreeing_answers"
SD = "sd"
#: Completeness of one response (AAPOR).
APPLICABLE = "applicable"
ANSWERED = "answered"
COMPLETENESS = "completeness"
#: Empty submissions dropped (build_info.json).
COUNT = "count"

# --------------------------------------------------------------------------
# Summary tables (docs/outputs.md)
# --------------------------------------------------------------------------
N = "n"
CI_LOW = "ci_low"
CI_HIGH = "ci_high"
RESPONSES = "responses"
RESPONSE_RATE = "response_rate"
COMPLETES = "completes"
PARTIALS = "partials"
RR1 = "rr1"
RR2 = "rr2"
FUNNEL = "funnel"
MEAN_LEVEL = "mean_level"
LEVEL = "level"
N_LEVEL = ("n_level_1", "n_level_2", "n_level_3")
AGREE = "agree"
AGREE_PCT = "agree_pct"
MEAN_SCORE = "mean_score"
THEME_SCORE = "theme_score"
THEME_AGREE_PCT = "theme_agree_pct"
COUNCIL_AGREE_PCT = "council_agree_pct"
REST_AGREE_PCT = "rest_agree_pct"
Z = "z"
P_VALUE = "p_value"
P_ADJUSTED = "p_adjusted"
DIFFERENCE = "difference"
MEASURE = "measure"
PCT = "pct"
#: Column flagging a suppressed row (summary tables).
SUPPRESSED = "suppressed"
#: Column giving the reason of a suppression (processed tables only).
SUPPRESSION = "suppression"
#: Why a comparison was not made (processed comparisons only).
SKIP_REASON = "skip_reason"

# --------------------------------------------------------------------------
# The columns of each summary table, in order, and its key
# --------------------------------------------------------------------------
RESPONSE_RATE_KEY = (COUNCIL_CODE, GROUP)
RESPONSE_RATE_COLUMNS = (
    *RESPONSE_RATE_KEY,
    INVITED,
    RESPONSES,
    RESPONSE_RATE,
    CI_LOW,
    CI_HIGH,
    COMPLETES,
    PARTIALS,
    RR1,
    RR2,
    FUNNEL,
)
MATURITY_KEY = (COUNCIL_CODE, GROUP, CHARACTERISTIC)
MATURITY_COLUMNS = (*MATURITY_KEY, N, MEAN_LEVEL, CI_LOW, CI_HIGH, LEVEL, *N_LEVEL, SUPPRESSED)
#: Cells blanked in a suppressed maturity row.
MATURITY_STATISTICS = (MEAN_LEVEL, CI_LOW, CI_HIGH, LEVEL, *N_LEVEL)
AGREEMENT_KEY = (COUNCIL_CODE, GROUP, QUESTION_ID)
AGREEMENT_COLUMNS = (
    *AGREEMENT_KEY,
    THEME,
    N,
    AGREE,
    AGREE_PCT,
    CI_LOW,
    CI_HIGH,
    MEAN_SCORE,
    SUPPRESSED,
)
AGREEMENT_STATISTICS = (AGREE, AGREE_PCT, CI_LOW, CI_HIGH, MEAN_SCORE)
THEME_KEY = (COUNCIL_CODE, GROUP, THEME)
THEME_COLUMNS = (*THEME_KEY, N, THEME_SCORE, CI_LOW, CI_HIGH, THEME_AGREE_PCT, SUPPRESSED)
THEME_STATISTICS = (THEME_SCORE, CI_LOW, CI_HIGH, THEME_AGREE_PCT)
COMPARISON_KEY = (COUNCIL_CODE, QUESTION_ID)
COMPARISON_COLUMNS = (
    *COMPARISON_KEY,
    COUNCIL_AGREE_PCT,
    REST_AGREE_PCT,
    Z,
    P_VALUE,
    P_ADJUSTED,
    DIFFERENCE,
)
PUBLIC_SURVEY_KEY = (MEASURE,)
PUBLIC_SURVEY_COLUMNS = (MEASURE, N, PCT, CI_LOW, CI_HIGH)
#: Long answers as written to data/processed (no respondent identifier).
ANSWER_COLUMNS = (COUNCIL_CODE, GROUP, RESPONDENT, QUESTION_ID, ANSWER, SCORE)
