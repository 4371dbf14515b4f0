"""The council registry: codes and short names, case ignored; loud failures."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.data.councils import Council, CouncilRegistry, slugify
from helpers.errors import UnknownCouncilError

FRAME = pd.DataFrame(
    {
        "council_code": ["W06000018", "W06000016", "W06000001"],
        "name": [
            "Caerphilly County Borough Council",
            "Rhondda Cynon Taf County Borough Council",
            "Isle of Anglesey County Council",
        ],
        "name_cy": [
            "Cyngor Bwrdeistref Sirol Caerffili",
            "Cyngor Bwrdeistref Sirol Rhondda Cynon Taf",
            "Cyngor Sir Ynys Môn",
        ],
        "short_name": ["Caerphilly", "Rhondda Cynon Taf", "Isle of Anglesey"],
    }
)


@pytest.fixture
def registry() -> CouncilRegistry:
    return CouncilRegistry.from_frame(FRAME)


@pytest.mark.parametrize(
    "key", ["W06000018", "w06000018", "Caerphilly", "CAERPHILLY", " caerphilly "]
)
def test_resolves_code_or_short_name_ignoring_case(registry, key):
    council = registry.resolve(key)
    assert council.code == "W06000018"
    assert council.name_cy == "Cyngor Bwrdeistref Sirol Caerffili"


def test_councils_are_sorted_by_code(registry):
    assert registry.codes == ["W06000001", "W06000016", "W06000018"]
    assert len(registry) == 3


def test_unknown_council_lists_every_valid_code_and_name(registry):
    with pytest.raises(UnknownCouncilError) as info:
        registry.resolve("Atlantis")
    message = str(info.value)
    assert "'Atlantis'" in message
    for row in FRAME.itertuples():
        assert row.council_code in message
        assert row.short_name in message


def test_resolve_many_reports_all_unknown_names_and_drops_duplicates(registry):
    with pytest.raises(UnknownCouncilError, match="'Atlantis', 'W06000099'"):
        registry.resolve_many(["caerphilly", "Atlantis", "W06000099"])
    found = registry.resolve_many(["caerphilly", "W06000018", "rhondda cynon taf"])
    assert [c.code for c in found] == ["W06000018", "W06000016"]


@pytest.mark.parametrize(
    ("short_name", "slug"),
    [
        ("Rhondda Cynon Taf", "rhondda-cynon-taf"),
        ("Isle of Anglesey", "isle-of-anglesey"),
        ("Vale of Glamorgan", "vale-of-glamorgan"),
        ("Neath Port Talbot", "neath-port-talbot"),
        ("Merthyr  Tydfil!", "merthyr-tydfil"),
    ],
)
def test_slug_replaces_runs_of_other_characters_with_one_dash(short_name, slug):
    assert slugify(short_name) == slug


def test_report_stem_is_code_and_slug():
    council = Council("W06000016", "x", "y", "Rhondda Cynon Taf")
    assert council.stem == "W06000016-rhondda-cynon-taf"


def test_duplicate_short_names_ignoring_case_are_refused():
    frame = FRAME.copy()
    frame.loc[1, "short_name"] = "caerphilly"
    with pytest.raises(ValueError, match="duplicate"):
        CouncilRegistry.from_frame(frame)
