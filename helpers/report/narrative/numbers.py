"""Numbers as printed: percentages and decimals rounded half up (docs/methodology.md,
section 7), as in the published tables."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np


def round_half_up_percent(p: float, decimals: int = 0) -> Decimal:
    """Return the proportion ``p`` as a percentage rounded half up.

    Parameters
    ----------
    p : float
        A proportion (0.479... for 47.9%).
    decimals : int, default 0
        Decimal places kept.

    Returns
    -------
    decimal.Decimal
        The rounded percentage: ``0.4791666`` -> ``48``, ``0.375`` -> ``38``.

    Raises
    ------
    ValueError
        If ``p`` is NaN or infinite.

    Notes
    -----
    Works on the shortest decimal representation of the float (``str``), in
    decimal arithmetic, so 0.285 gives 29 rather than the 28 that binary
    floating point and Python's round-half-to-even ``round()`` would give.
    """
    value = float(p)
    if not np.isfinite(value):
        raise ValueError(f"cannot round {p!r} as a percentage")
    quantum = Decimal(1).scaleb(-decimals)
    percent = (Decimal(str(value)) * 100).quantize(quantum, rounding=ROUND_HALF_UP)
    return percent + Decimal(0)  # turns -0 into 0


def format_percent(p: float, decimals: int = 0) -> str:
    """Return the proportion ``p`` as printed in a report: ``0.4791666`` -> ``"48%"``.

    Parameters
    ----------
    p : float
        A proportion in [0, 1].
    decimals : int, default 0
        Decimal places shown.

    Returns
    -------
    str
        The percentage rounded half up (see :func:`round_half_up_percent`),
        followed by ``%``.
    """
    return f"{round_half_up_percent(p, decimals)}%"


def format_decimal(value: float, decimals: int = 1) -> str:
    """Return a number rounded half up to ``decimals`` places, as printed: ``2.25`` -> ``"2.3"``.

    Parameters
    ----------
    value : float
        The number (a mean level, say).
    decimals : int, default 1
        Decimal places shown.

    Raises
    ------
    ValueError
        If ``value`` is NaN or infinite.

    Notes
    -----
    Decimal arithmetic on the shortest representation of the float, like
    :func:`round_half_up_percent`. Decimals are written the same way in
    English and in Welsh (``2.7``).
    """
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"cannot round {value!r}")
    quantum = Decimal(1).scaleb(-decimals)
    return str(Decimal(str(number)).quantize(quantum, rounding=ROUND_HALF_UP) + Decimal(0))


#: The level of every interval, as printed ("95%"): a placeholder of the messages.
INTERVAL_LEVEL = format_percent(0.95)
