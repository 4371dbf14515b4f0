"""The repository explains itself: a short front page, docs citing only what the repository holds.

README.md is a front page of at most 250 lines; everything else is in docs/.
No text of the project (README, docs, code, tests, notebooks, data notes) refers
to a file outside the repository: a specification file is cited as the
repository's own ``docs/...`` file, and every relative link resolves.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC_NAMES = ("methodology", "data-contract", "outputs", "report", "welsh")
MARKDOWN = sorted(
    [ROOT / "README.md", ROOT / "benchmarks" / "README.md", *ROOT.glob("*/*/README.md")]
    + list((ROOT / "docs").glob("*.md"))
)
SOURCES = sorted(
    p
    for folder in ("helpers", "tests", "notebooks", "benchmarks", "requirements")
    for p in (ROOT / folder).rglob("*")
    if p.suffix in {".py", ".ipynb", ".md", ".txt", ".in", ".j2", ".tpl", ".css"}
    and "node_modules" not in p.parts
)
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_OUTSIDE = re.compile(r"\.\./shared|shared/spec|/work/")
#: A bare name of a docs file, not cited as docs/NAME (nor as a link target inside docs/).
_BARE = re.compile(rf"(?<![\w/.-])({'|'.join(DOC_NAMES)})\.md\b")


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_readme_is_a_front_page():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 250
    for name in ("methodology", "data-contract", "outputs", "architecture", "operations"):
        assert f"(docs/{name}.md)" in "\n".join(lines), name


def test_every_docs_file_named_by_the_readme_exists():
    for name in DOC_NAMES:
        assert (ROOT / "docs" / f"{name}.md").is_file(), name


@pytest.mark.parametrize("path", MARKDOWN, ids=_relative)
def test_relative_links_resolve(path):
    text = path.read_text(encoding="utf-8")
    broken = []
    for target in _LINK.findall(text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        file = target.split("#", 1)[0]
        if not (path.parent / file).exists():
            broken.append(target)
    assert broken == []


@pytest.mark.parametrize("path", MARKDOWN + SOURCES, ids=_relative)
def test_nothing_cites_a_file_outside_the_repository(path):
    if path == Path(__file__):
        return
    text = path.read_text(encoding="utf-8")
    assert not _OUTSIDE.search(text)
    # inside docs/, a link target names a sibling file: drop link targets before looking
    bare = _BARE.findall(_LINK.sub("]()", text) if path.parent.name == "docs" else text)
    assert bare == [], f"cite docs/NAME.md, not {bare}"
