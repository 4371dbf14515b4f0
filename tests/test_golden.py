"""The shipped data give the published bytes of the golden record, on any machine.

The shipped ``data/raw/`` are rendered through the command line in a fresh
workbook home at another path, from another working directory, in another time
zone and the C locale, with an owner-only umask, another hash seed and another
number of workers than ``make golden`` used; every page (both languages), both
indexes, every summary table and every processed file must have the SHA-256 of
``tests/golden/shipped.sha256``. A deliberate change of bytes rewrites the record
with ``make golden`` (docs/reproducibility.md).
"""

from __future__ import annotations

import getpass
import re
import socket
from pathlib import Path

import golden
import pytest


@pytest.fixture(scope="module")
def rendered(shipped_home) -> Path:
    """The shipped data rendered as on another machine (``conftest.shipped_home``)."""
    return shipped_home


def test_the_shipped_data_give_the_golden_bytes(rendered):
    record = golden.read_record()
    assert len(record) == 44 + 2 + 6 + 14  # pages, indexes, summary tables, processed files
    assert golden.differences(record, golden.digests(rendered)) == []


def test_the_published_files_name_no_machine_user_or_path(rendered):
    # the user shows as their home folder (a bare name such as "root" is also a CSS word)
    marks = {str(rendered), str(golden.ROOT), str(Path.home()), f"/{getpass.getuser()}/"}
    host = socket.gethostname()
    for name in golden.digests(rendered):
        text = (rendered / name).read_text(encoding="utf-8")
        found = [mark for mark in marks if mark in text]
        found += [host] if len(host) > 3 and re.search(rf"\b{re.escape(host)}\b", text) else []
        assert found == [], name


def test_a_changed_byte_is_reported(tmp_path):
    record = golden.read_record()
    name = sorted(record)[0]
    changed = {**record, name: "0" * 64}
    del changed[sorted(record)[1]]
    assert golden.differences(record, changed) == [
        f"missing: {sorted(record)[1]}",
        f"changed: {name}",
    ]
    assert golden.read_record(_write(tmp_path, golden.format_record(record))) == record


def _write(folder: Path, text: str) -> Path:
    path = folder / "record.sha256"
    path.write_text(text, encoding="utf-8")
    return path
