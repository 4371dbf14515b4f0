"""Labels from the data, shortened to fit a chart: a long name can never squeeze it."""

from __future__ import annotations


def shorten(text: object, length: int, *, keep_end: int = 0) -> str:
    """Text on one line, cut to ``length`` characters with "…" when longer.

    Labels from the data (a council's name) can be of any length; cut, they
    can never squeeze a chart into a thin strip. The tables beside the
    charts give them in full. ``keep_end`` characters of the end are kept
    (a legend entry's ", officers").
    """
    text = " ".join(str(text).split())
    if len(text) <= length:
        return text
    head = text[: length - 1 - keep_end].rstrip()
    return head + "…" + (text[len(text) - keep_end :].lstrip() if keep_end else "")


def shorten_label(text: object, length: int, marker: object = "") -> str:
    """An item's label on one line, at most ``length`` characters, its ``marker`` kept whole.

    ``marker`` is the end of the label that carries meaning ("(% disagreeing)",
    "(% sy'n anghytuno)" after a negatively worded statement): when the label
    is too long, the text before it is cut ("…"), never the marker. A label
    that does not end with its marker is cut as any other.
    """
    text = " ".join(str(text).split())
    marker = " ".join(str(marker or "").split())
    if len(text) <= length or not marker or not text.endswith(marker):
        return shorten(text, length)
    body = text[: len(text) - len(marker)].rstrip()
    return f"{shorten(body, max(length - len(marker) - 1, 1))} {marker}"
