"""Proportions in words: the band of a proportion and its word (docs/methodology.md,
section 7), in English or in Welsh."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.i18n import ENGLISH, NP_, translator

#: A proportion this close to a band boundary is taken to be on it, so that
#: floating-point noise (0.1 + 0.05) never changes the word.
PROPORTION_TOLERANCE = 1e-9
#: The bands of docs/methodology.md section 7, from p = 1 down to p = 0.
BANDS = ("all", "nearly_all", "most", "majority", "half", "minority", "few", "none")
#: The word of each band (the About section's table; English as in the methodology).
BAND_WORDS: dict[str, tuple[str, str]] = {
    # Translators: the word for p = 1 (the English is "all").
    "all": NP_("word for a proportion", "all"),
    # Translators: the word for 0.9 <= p < 1 (English "nearly all").
    "nearly_all": NP_("word for a proportion", "nearly all"),
    # Translators: the word for 0.75 <= p < 0.9 (English "most").
    "most": NP_("word for a proportion", "most"),
    # Translators: the word for 0.5 < p < 0.75 (English "a majority of").
    "majority": NP_("word for a proportion", "a majority of"),
    # Translators: the word for p = 0.5 (English "half of").
    "half": NP_("word for a proportion", "half of"),
    # Translators: the word for 0.15 < p < 0.5 (English "a minority of").
    "minority": NP_("word for a proportion", "a minority of"),
    # Translators: the word for 0 < p <= 0.15 (English "few").
    "few": NP_("word for a proportion", "few"),
    # Translators: the word for p = 0 (English "none of").
    "none": NP_("word for a proportion", "none of"),
}
_BOUNDARIES = (0.0, 0.15, 0.5, 0.75, 0.9, 1.0)


def _snap(values: np.ndarray) -> np.ndarray:
    """Check proportions and move those within the tolerance of a boundary onto it."""
    if np.isnan(values).any():
        raise ValueError("a proportion must be a number in [0, 1], not NaN")
    outside = (values < -PROPORTION_TOLERANCE) | (values > 1 + PROPORTION_TOLERANCE)
    if outside.any():
        bad = values[outside].ravel()[0]
        raise ValueError(f"a proportion must lie in [0, 1], got {bad!r}")
    out = values.copy()
    for boundary in _BOUNDARIES:
        out = np.where(np.abs(out - boundary) <= PROPORTION_TOLERANCE, boundary, out)
    return out


def _bands(snapped: np.ndarray) -> np.ndarray:
    conditions = [
        snapped == 1.0,
        snapped >= 0.9,
        snapped >= 0.75,
        snapped > 0.5,
        snapped == 0.5,
        snapped > 0.15,
        snapped > 0.0,
    ]
    return np.select(conditions, list(BANDS[:-1]), default=BANDS[-1]).astype(object)


def _words(snapped: np.ndarray, language: str = ENGLISH) -> np.ndarray:
    tr = translator(language)
    words = {band: tr.pair(BAND_WORDS[band]) for band in BANDS}
    return np.array([words[b] for b in _bands(snapped).ravel()], dtype=object).reshape(
        snapped.shape
    )


def proportion_band(p: float) -> str:
    """Return the band of docs/methodology.md section 7 that a proportion falls in.

    Parameters
    ----------
    p : float
        A proportion in [0, 1].

    Returns
    -------
    str
        One of :data:`BANDS`: ``all``, ``nearly_all``, ``most``, ``majority``,
        ``half``, ``minority``, ``few``, ``none``.

    Raises
    ------
    ValueError
        If ``p`` is NaN or lies outside [0, 1].
    """
    return str(_bands(_snap(np.array([float(p)])))[0])


def describe_proportion(p: float, language: str = ENGLISH) -> str:
    """Return the words that describe a proportion of respondents.

    Parameters
    ----------
    p : float
        A proportion in [0, 1] (not a percentage).
    language : {"en", "cy"}
        The language of the word (Welsh from the catalogue: ``"y rhan fwyaf"``).

    Returns
    -------
    str
        In English ``"all"`` (p = 1), ``"nearly all"`` (0.9 <= p < 1), ``"most"``
        (0.75 <= p < 0.9), ``"a majority of"`` (0.5 < p < 0.75), ``"half of"``
        (p = 0.5), ``"a minority of"`` (0.15 < p < 0.5), ``"few"``
        (0 < p <= 0.15) or ``"none of"`` (p = 0).

    Raises
    ------
    ValueError
        If ``p`` is NaN or lies outside [0, 1].

    Notes
    -----
    A value within ``PROPORTION_TOLERANCE`` (1e-9) of a band boundary (0,
    0.15, 0.5, 0.75, 0.9, 1) is treated as that boundary, so 0.5 computed as
    ``0.1 * 5`` still reads "half of". The bands are the methodology's
    section 7; never describe a suppressed statistic.

    Examples
    --------
    >>> describe_proportion(0.5)
    'half of'
    >>> describe_proportion(0.9)
    'nearly all'
    """
    return str(_words(_snap(np.array([float(p)])), language)[0])


def describe_proportions(values, language: str = ENGLISH) -> np.ndarray | pd.Series:
    """Return :func:`describe_proportion` of every value, vectorised.

    Parameters
    ----------
    values : array_like or pandas.Series
        Proportions in [0, 1].
    language : {"en", "cy"}
        The language of the words.

    Returns
    -------
    ndarray of str or pandas.Series
        The words; a Series (same index) when given a Series.

    Raises
    ------
    ValueError
        If any value is NaN or outside [0, 1]: filter out suppressed
        statistics first.
    """
    array = np.asarray(values, dtype=float)
    words = _words(_snap(array), language)
    if isinstance(values, pd.Series):
        return pd.Series(words, index=values.index, name=values.name, dtype=object)
    return words
