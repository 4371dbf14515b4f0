"""Loading what one council's report shows, in one language, from ``data/processed/``."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers import i18n
from helpers.config import GROUPS, WALES, processed_dir
from helpers.data.columns import COUNCIL_CODE, GROUP
from helpers.data.councils import Council, CouncilRegistry
from helpers.data.tables import read_processed
from helpers.errors import MissingDataError

# File names in data/processed/ (written by helpers.build.pipeline).
BUILD_INFO_JSON = "build_info.json"
_REQUIRED_TABLES = (
    "councils",
    "invitations",
    "questions",
    "framework",
    "response_rates",
    "maturity",
    "agreement",
    "themes",
    "comparisons",
)
_OPTIONAL_TABLES = ("findings", "comments", "public_survey")


@dataclass(frozen=True)
class CouncilData:
    """What the report of one council needs, as ``build`` wrote it, and its language.

    Statistic tables hold the council's rows and the Wales rows
    (``response_rates`` holds every council, for the funnel plot). A group
    the council did not survey is absent from ``groups`` and from every
    table. ``language`` (``en`` or ``cy``) is the language of every word the
    report writes; the texts that are data (statements, framework, findings)
    are read from the columns of that language.
    """

    council: Council
    groups: tuple[str, ...]
    councils: pd.DataFrame
    response_rates: pd.DataFrame
    maturity: pd.DataFrame
    agreement: pd.DataFrame
    themes: pd.DataFrame
    comparisons: pd.DataFrame
    questions: pd.DataFrame
    framework: pd.DataFrame
    findings: pd.DataFrame = field(default_factory=pd.DataFrame)
    comments: pd.DataFrame = field(default_factory=pd.DataFrame)
    public_survey: pd.DataFrame = field(default_factory=pd.DataFrame)
    build_info: dict = field(default_factory=dict)
    language: str = i18n.ENGLISH
    #: Frames worked out from the tables above, once per report (:meth:`derived`).
    _derived: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        i18n.check_language(self.language)

    def derived(self, key: tuple, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """A frame worked out from these data: ``compute()`` the first time, a copy after.

        The summary, table and chart of a theme start from the same rows;
        they are worked out once per report (``key`` names them, e.g.
        ``("agreement", "skills")``). Each caller gets its own copy, so a
        change one makes is not seen by another. The data are frozen, so the
        rows stay right; ``dataclasses.replace`` gives new data with none kept.
        """
        if key not in self._derived:
            self._derived[key] = compute()
        return self._derived[key].copy()


def load_council_data(
    council: str, language: str = i18n.ENGLISH, folder: Path | str | None = None
) -> CouncilData:
    """Load what the report of one council shows from ``data/processed/``.

    Parameters
    ----------
    council : str
        The council's code (``"W06000018"``) or short name, ignoring case.
    language : {"en", "cy"}
        The language of the report (the template's ``language`` parameter).
    folder : path, optional
        The processed-data folder; ``config.processed_dir()`` by default.

    Returns
    -------
    CouncilData
        The council, the groups it surveyed, its tables and the language.

    Raises
    ------
    MissingDataError
        If ``build`` has not written the processed data yet.
    UnknownCouncilError
        If no council in councils.csv has that code or short name.
    ValueError
        If ``language`` is not ``en`` or ``cy``.
    """
    i18n.check_language(language)
    folder = Path(folder) if folder is not None else processed_dir()
    missing = [f"{name}.csv" for name in _REQUIRED_TABLES if not (folder / f"{name}.csv").is_file()]
    if not (folder / BUILD_INFO_JSON).is_file():
        missing.append(BUILD_INFO_JSON)
    if missing:
        raise MissingDataError(
            f"the processed data are incomplete (missing {', '.join(missing)}); "
            "run `python -m helpers build` first"
        )
    tables = {name: read_processed(folder / f"{name}.csv", name) for name in _REQUIRED_TABLES}
    for name in _OPTIONAL_TABLES:
        path = folder / f"{name}.csv"
        tables[name] = read_processed(path, name) if path.is_file() else pd.DataFrame()
    build_info = json.loads((folder / BUILD_INFO_JSON).read_text(encoding="utf-8"))

    chosen = CouncilRegistry.from_frame(tables["councils"]).resolve(council)
    invitations = tables["invitations"]
    surveyed = set(invitations.loc[invitations[COUNCIL_CODE] == chosen.code, GROUP])
    groups = tuple(g for g in GROUPS if g in surveyed)

    def own(frame: pd.DataFrame, *, wales: bool = False) -> pd.DataFrame:
        if frame.empty or COUNCIL_CODE not in frame.columns:
            return frame
        codes = [chosen.code, WALES] if wales else [chosen.code]
        return frame[frame[COUNCIL_CODE].isin(codes)].reset_index(drop=True)

    return CouncilData(
        council=chosen,
        groups=groups,
        councils=tables["councils"],
        response_rates=tables["response_rates"],
        maturity=own(tables["maturity"], wales=True),
        agreement=own(tables["agreement"], wales=True),
        themes=own(tables["themes"], wales=True),
        comparisons=own(tables["comparisons"]),
        questions=tables["questions"],
        framework=tables["framework"],
        findings=own(tables["findings"]),
        comments=own(tables["comments"]),
        public_survey=tables["public_survey"],
        build_info=build_info,
        language=language,
    )
