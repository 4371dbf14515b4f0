"""The council registry: resolve a council by code or short name, or fail listing the valid ones."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pandas as pd

from helpers.errors import UnknownCouncilError

_SLUG_RUN = re.compile(r"[^a-z0-9]+")


def slugify(short_name: str) -> str:
    """Return the file-name slug of a short name.

    Lower case, every run of characters other than a-z and 0-9 replaced by
    ``-`` (docs/outputs.md): ``"Rhondda Cynon Taf"`` -> ``"rhondda-cynon-taf"``.
    Leading and trailing dashes are dropped.
    """
    return _SLUG_RUN.sub("-", short_name.lower()).strip("-")


@dataclass(frozen=True)
class Council:
    """One local authority as councils.csv describes it."""

    code: str
    name: str
    name_cy: str
    short_name: str
    #: The Welsh short name (councils.csv ``short_name_cy``, optional): "" when the data lack it.
    short_name_cy: str = ""

    @property
    def slug(self) -> str:
        """The short name as used in file names."""
        return slugify(self.short_name)

    @property
    def stem(self) -> str:
        """``<code>-<slug>``: the stem of the council's report files."""
        return f"{self.code}-{self.slug}"


def _text(value: object) -> str:
    """An optional text cell as a string: "" when empty or missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


class CouncilRegistry:
    """Councils looked up by GSS code or short name, ignoring case.

    Parameters
    ----------
    councils : iterable of Council
        The councils, in any order; they are kept sorted by code.

    Raises
    ------
    ValueError
        If two councils share a code or a short name (ignoring case).
    """

    def __init__(self, councils: Iterable[Council]) -> None:
        self._councils = sorted(councils, key=lambda c: c.code)
        self._index: dict[str, Council] = {}
        for council in self._councils:
            for key in (council.code, council.short_name):
                folded = key.strip().casefold()
                if folded in self._index and self._index[folded] is not council:
                    raise ValueError(f"duplicate council code or short name: {key!r}")
                self._index[folded] = council

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> CouncilRegistry:
        """Build the registry from a councils table (columns as in councils.csv)."""
        return cls(
            Council(
                code=str(row.council_code),
                name=str(row.name),
                name_cy=str(row.name_cy),
                short_name=str(row.short_name),
                short_name_cy=_text(getattr(row, "short_name_cy", "")),
            )
            for row in frame.itertuples(index=False)
        )

    def __iter__(self) -> Iterator[Council]:
        return iter(self._councils)

    def __len__(self) -> int:
        return len(self._councils)

    @property
    def codes(self) -> list[str]:
        """Every council code, sorted."""
        return [c.code for c in self._councils]

    def describe(self) -> str:
        """One line per council, ``CODE  Short name``, for messages."""
        return "\n".join(f"  {c.code}  {c.short_name}" for c in self._councils)

    def resolve(self, key: str) -> Council:
        """Return the council whose code or short name is ``key`` (case ignored).

        Raises
        ------
        UnknownCouncilError
            If no council matches; the message lists every valid code and name.
        """
        council = self._index.get(str(key).strip().casefold())
        if council is None:
            raise UnknownCouncilError(
                f"unknown council {key!r}. Valid councils (code or short name):\n" + self.describe()
            )
        return council

    def resolve_many(self, keys: Iterable[str]) -> list[Council]:
        """Resolve several keys at once, reporting every unknown one together.

        Duplicates are dropped; the order of first mention is kept.

        Raises
        ------
        UnknownCouncilError
            If any key matches no council.
        """
        found: list[Council] = []
        unknown: list[str] = []
        for key in keys:
            council = self._index.get(str(key).strip().casefold())
            if council is None:
                unknown.append(str(key))
            elif council not in found:
                found.append(council)
        if unknown:
            names = ", ".join(repr(k) for k in unknown)
            raise UnknownCouncilError(
                f"unknown council {names}. Valid councils (code or short name):\n" + self.describe()
            )
        return found
