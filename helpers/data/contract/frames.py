"""The checked tables in canonical form, as :func:`~helpers.data.contract.load_raw`
returns them: the contract's columns in order, typed, sorted (see ``RawData``)."""

from __future__ import annotations

import pandas as pd

from helpers import config
from helpers.data import columns as c
from helpers.data.contract.schemas import SCHEMAS, SLUGS, file_meta, whole

_RANKS = {
    c.GROUP: list(config.GROUPS),
    c.THEME: list(config.THEMES),
    c.CHARACTERISTIC: list(SLUGS),
}
#: How a canonical column is made from the checked one (else it is kept as it is).
_TYPES = {
    c.INVITED: lambda s: whole(s).fillna(0).astype("int64"),
    c.ORDER: lambda s: whole(s).fillna(0).astype("int64"),
    c.REVERSE: lambda s: (s == "true").astype(bool),
    c.WEIGHT: lambda s: pd.to_numeric(s, errors="coerce").astype(float).fillna(1.0),
    c.LANG: lambda s: s.fillna("en").astype(object),
}


def canonical(name: str, frame: pd.DataFrame, lines: dict) -> pd.DataFrame:
    """The checked frame as :func:`load_raw` returns it: the contract's columns in order,
    typed and sorted; ``lines[name]`` gets the spreadsheet line of each row."""
    names = list(dict.fromkeys([*SCHEMAS[name][0], *SCHEMAS[name][1], *frame.columns]))
    out = pd.DataFrame({n: _TYPES.get(n, lambda s: s)(frame[n]) for n in names})
    out = ordered(out, file_meta(name, "sort") or [])
    lines[name] = out.index.to_numpy()
    return out.reset_index(drop=True)


def ordered(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The rows sorted by ``keys``; groups, themes and characteristics in report order."""
    if not keys:
        return frame
    ranks = {k: {v: i for i, v in enumerate(r)} for k, r in _RANKS.items()}
    return frame.sort_values(
        keys, key=lambda s: s.map(ranks[s.name]) if s.name in ranks else s, kind="stable"
    )
