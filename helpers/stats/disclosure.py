"""Disclosure control: small-number suppression of statistics and redaction of comments.

docs/methodology.md, section 5. A statistic of answers based on fewer than
``config.MIN_RESPONSES`` respondents is suppressed (primary suppression); where
one of a council's two groups is suppressed, the same statistic of its other
group is suppressed too (secondary suppression), so that the hidden figure
cannot be recovered from the pooled ``all`` figure by subtraction. The Wales
rows pool every council, so they too could give a hidden figure back (Wales
minus the councils shown): :func:`protect_wales_rows` withholds them where
they would. What is left is audited against every published figure by
:mod:`helpers.stats.audit`, and :func:`suppress_rows` hides the complementary
cells it chooses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.config import (
    GROUP_ALL,
    GROUPS,
    MIN_RESPONSES,
    REDACTION_MARK,
    WALES,
)
from helpers.data.columns import SUPPRESSED, SUPPRESSION

PRIMARY = "primary"
SECONDARY = "secondary"
#: Hidden because the attacker's audit (:mod:`helpers.stats.audit`) found that
#: other published figures would narrow down a small group's answers.
COMPLEMENTARY = "complementary"
NOT_SUPPRESSED = ""


def _blank(frame: pd.DataFrame, columns: Sequence[str], mask) -> None:
    """Empty the ``columns`` cells of the rows in ``mask`` (integers become ``Int64``)."""
    for column in columns:
        values = frame[column]
        if pd.api.types.is_integer_dtype(values) or pd.api.types.is_bool_dtype(values):
            values = values.astype("Int64")
        frame[column] = values.mask(mask)


def suppress_small_numbers(
    frame: pd.DataFrame,
    statistic_columns: Sequence[str],
    statistic_key: Sequence[str],
    *,
    n_column: str = "n",
    group_column: str = "group",
    min_n: int = MIN_RESPONSES,
) -> pd.DataFrame:
    """Return ``frame`` with small-number statistics blanked and flagged.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per statistic, with a count column ``n_column``, a group column
        (``officer``, ``member`` or a pooled group) and the key columns.
    statistic_columns : sequence of str
        The value cells blanked in a suppressed row (``n`` is never among them).
    statistic_key : sequence of str
        The columns that, with the group, identify a statistic: e.g.
        ``["council_code", "characteristic"]``. Rows sharing a key are the
        same statistic for different groups.
    n_column : str, default "n"
        Number of respondents or answers the statistic is based on.
    group_column : str, default "group"
        The group of the row.
    min_n : int, default ``config.MIN_RESPONSES``
        Smallest ``n`` published.

    Returns
    -------
    pandas.DataFrame
        A copy with two more columns, ``suppressed`` (bool) and
        ``suppression`` (``"primary"``, ``"secondary"`` or ``""``), and the
        statistic cells of suppressed rows set to missing. Integer statistic
        columns become nullable ``Int64``.

    Notes
    -----
    Primary: ``n < min_n`` (a row with ``n = 0`` included). Secondary: a row
    of group ``officer`` or ``member`` not suppressed itself, where the row of
    the other of those two groups with the same key is primarily suppressed.
    Pooled rows (``all``, ``total``) are never secondarily suppressed. Wales
    rows follow the same rule, their council code being part of the key.

    References
    ----------
    .. [1] Office for National Statistics (2021). *Statistical Disclosure
       Control Policy for Tables Produced from Surveys*, sections on
       threshold rules and secondary suppression (disclosure by differencing).
    """
    missing = [
        c
        for c in (*statistic_columns, *statistic_key, n_column, group_column)
        if c not in frame.columns
    ]
    if missing:
        raise ValueError(f"columns not in the frame: {missing}")
    out = frame.copy()
    primary = (out[n_column].fillna(0) < min_n).to_numpy()
    by_group = out[group_column].isin(list(GROUPS)).to_numpy()
    key = list(statistic_key)
    flagged = pd.Series(primary & by_group, index=out.index)
    if key:
        any_primary = (
            flagged.groupby([out[c] for c in key], dropna=False, observed=True)
            .transform("any")
            .to_numpy()
        )
    else:
        any_primary = flagged.any()
    secondary = by_group & ~primary & any_primary
    suppressed = primary | secondary
    _blank(out, statistic_columns, suppressed)
    out[SUPPRESSED] = suppressed
    reason = pd.Series(NOT_SUPPRESSED, index=out.index, dtype=object)
    reason[primary] = PRIMARY
    reason[secondary] = SECONDARY
    out[SUPPRESSION] = reason
    return out


def protect_wales_rows(
    frame: pd.DataFrame,
    statistic_columns: Sequence[str],
    statistic_key: Sequence[str],
    *,
    code_column: str = "council_code",
    n_column: str = "n",
    group_column: str = "group",
    min_n: int = MIN_RESPONSES,
) -> pd.DataFrame:
    """Withhold the Wales rows from which a hidden council figure could be worked out.

    A Wales figure pools every council, so the Wales figure minus the figures
    of the councils shown gives back the pooled figure of the councils hidden.
    Where that pooled figure rests on fewer than ``min_n`` answers, the Wales
    rows that would give it are suppressed too (complementary suppression).

    Parameters
    ----------
    frame : pandas.DataFrame
        Output of :func:`suppress_small_numbers`: council rows and Wales rows
        (``code_column`` equal to ``config.WALES``).
    statistic_columns : sequence of str
        The value cells blanked in a suppressed row.
    statistic_key : sequence of str
        The columns besides the council and the group that identify a
        statistic (e.g. ``["characteristic"]``).
    code_column, n_column, group_column : str
        Names of the council code, count and group columns.
    min_n : int, default ``config.MIN_RESPONSES``
        Smallest number of answers a published figure may rest on.

    Returns
    -------
    pandas.DataFrame
        A copy in which the affected Wales rows have ``suppressed`` true,
        ``suppression`` ``"secondary"`` and their statistic cells empty.

    Notes
    -----
    For each statistic and group, ``hidden`` = the sum of ``n`` over the
    councils' suppressed rows. If ``0 < hidden < min_n`` for ``officer`` or
    ``member``, the Wales ``officer`` and ``member`` rows are withheld (both:
    Wales ``all`` minus one of them gives the other). If it holds for ``all``
    (a council whose every respondent is too few), the Wales ``all`` row is
    withheld as well. A hidden sum of ``min_n`` or more is the pooled figure
    of several councils' small groups, itself not a small number.

    References
    ----------
    .. [1] Office for National Statistics (2021). *Statistical Disclosure
       Control Policy for Tables Produced from Surveys* (disclosure by
       differencing; complementary suppression).
    """
    missing = [
        c
        for c in (*statistic_columns, *statistic_key, code_column, n_column, group_column)
        if c not in frame.columns
    ] + [c for c in (SUPPRESSED, SUPPRESSION) if c not in frame.columns]
    if missing:
        raise ValueError(f"columns not in the frame: {missing}")
    out = frame.copy()
    key = list(statistic_key)
    wales = (out[code_column] == WALES).to_numpy()
    hidden_n = out[n_column].fillna(0).where(out[SUPPRESSED].astype(bool) & ~wales, 0)
    by = [out[c] for c in key] if key else [pd.Series(0, index=out.index)]
    hidden = hidden_n.groupby([*by, out[group_column]], dropna=False, observed=True).transform(
        "sum"
    )
    leaks = ((hidden > 0) & (hidden < min_n)).to_numpy()
    in_pair = out[group_column].isin(list(GROUPS)).to_numpy()
    is_all = (out[group_column] == GROUP_ALL).to_numpy()

    def any_in_key(mask) -> np.ndarray:
        flags = pd.Series(mask, index=out.index)
        return flags.groupby(by, dropna=False, observed=True).transform("any").to_numpy()

    pair_leaks = any_in_key(leaks & in_pair)
    all_leaks = any_in_key(leaks & is_all)
    withhold = wales & ~out[SUPPRESSED].astype(bool).to_numpy()
    withhold &= (in_pair & (pair_leaks | all_leaks)) | (is_all & all_leaks)
    _blank(out, statistic_columns, withhold)
    out.loc[withhold, SUPPRESSED] = True
    out.loc[withhold, SUPPRESSION] = SECONDARY
    return out


def suppress_rows(
    frame: pd.DataFrame,
    statistic_columns: Sequence[str],
    mask,
    reason: str = COMPLEMENTARY,
) -> pd.DataFrame:
    """Suppress the rows in ``mask`` that are not suppressed yet, for ``reason``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Output of :func:`suppress_small_numbers` (and :func:`protect_wales_rows`).
    statistic_columns : sequence of str
        The value cells blanked in a suppressed row.
    mask : array-like of bool
        The rows to suppress.
    reason : str, default ``"complementary"``
        Recorded in ``suppression``; rows already suppressed keep theirs.

    Returns
    -------
    pandas.DataFrame
        A copy with those rows' statistic cells empty and ``suppressed`` true.
    """
    out = frame.copy()
    mask = np.asarray(mask, dtype=bool) & ~out[SUPPRESSED].astype(bool).to_numpy()
    _blank(out, statistic_columns, mask)
    out.loc[mask, SUPPRESSED] = True
    out.loc[mask, SUPPRESSION] = reason
    return out


# --------------------------------------------------------------------------
# Redaction of comments
# --------------------------------------------------------------------------
_EMAIL = r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
# The body of an address, which may not end with punctuation that ends a sentence.
_TRAILING = r"[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?]"
_URL_SCHEME = rf"(?:https?|ftp)://{_TRAILING}|www\.{_TRAILING}"
# Bare domains are recognised by a known top-level domain, so that ordinary
# text such as "e.g." or "3.5" is left alone.
_TLDS = (
    "wales",
    "cymru",
    "uk",
    "gov",
    "org",
    "com",
    "net",
    "edu",
    "info",
    "eu",
    "io",
    "ie",
    "int",
    "biz",
    "nhs",
    "scot",
    "london",
    "co",
    "ac",
)
_BARE_DOMAIN = (
    r"(?<![\w@.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+"
    rf"(?:{'|'.join(_TLDS)})(?![\w-])(?:/{_TRAILING}|/)?"
)
# Telephone numbers: UK national (0 ...) or international (+44 ..., +353 ...)
# forms, digits grouped by spaces, hyphens, dots or brackets; checked for a
# plausible count of digits afterwards.
_PHONE = (
    r"(?<![\w+£$€/-])(?<!\d[.,])"
    r"(?:\+\d{1,3}[ .-]?(?:\(0\)[ .-]?)?\(?\d|\(0\d{1,4}\)|0\d)"
    r"[\d() .-]{6,16}\d(?![\d%])"
)
_REDACT = re.compile(
    rf"(?P<email>{_EMAIL})|(?P<url>{_URL_SCHEME})|(?P<domain>{_BARE_DOMAIN})|(?P<phone>{_PHONE})",
    flags=re.IGNORECASE,
)


def _replace(match: re.Match) -> str:
    if match.lastgroup == "phone":
        text = match.group(0)
        digits = re.sub(r"\D", "", text)
        low, high = (9, 15) if text.startswith("+") else (10, 11)
        if not low <= len(digits) <= high:
            return text
    return REDACTION_MARK


def redact(text):
    """Return ``text`` with e-mail addresses, telephone numbers and web addresses redacted.

    Parameters
    ----------
    text : str, pandas.Series of str, or None
        A comment, or a column of comments (missing values stay missing).

    Returns
    -------
    str or pandas.Series
        The same text with each address or number replaced by
        ``config.REDACTION_MARK`` (U+FFFC), which the report pages print in
        their own language (``[redacted]``, ``[wedi'i olygu]``).

    Notes
    -----
    Recognised:

    * e-mail addresses (``jane.doe@example.gov.uk``);
    * web addresses with a scheme (``https://...``), beginning ``www.``, or
      bare domains with a common top-level domain (``audit.wales/page``,
      ``example.org``); a full stop or comma ending a sentence is kept;
    * telephone numbers in UK national or international form
      (``029 2032 0500``, ``02920 320500``, ``(029) 2032 0500``,
      ``+44 29 2032 0500``, ``+44 (0)29 2032 0500``, ``07700 900123``,
      ``0800 123 4567``): 10 or 11 digits starting with 0, or 9 to 15 digits
      after a ``+``.

    Ordinary numbers (``2017-2022``, ``80%``, ``£883,000``, ``3 of 5``) are
    left alone: they do not start with 0 or +, or have too few digits.
    """
    if text is None:
        return None
    if isinstance(text, pd.Series):
        return text.str.replace(_REDACT, _replace, regex=True)
    if not isinstance(text, str):
        if pd.isna(text):
            return text
        raise TypeError(f"redact() takes text, not {type(text).__name__}")
    return _REDACT.sub(_replace, text)
