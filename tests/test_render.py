"""Rendering council reports for real: papermill, nbconvert and the page a reader gets.

The three fixture councils (``tests/fixture_data.py``) are rendered once for
the module, through the command line as a user would run it, in a workbook
home of their own: first Caerphilly alone, named in mixed case, then every
council with ``--force`` in two worker processes (Caerphilly a second time).
The tests then read the HTML pages with BeautifulSoup and check them against
figures computed here from the fixture data, independently of the helpers.

The template also runs under ``jupyter nbconvert --execute``, as an analyst
would run it outside the workbook's commands (plain papermill: test_report.py).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import fixture_data
import nbformat
import pytest
from bs4 import BeautifulSoup

from helpers import batch, config, render
from helpers.__main__ import main

NOTEBOOK = config.PROJECT_ROOT / "notebooks" / "council_report.ipynb"
BIN = Path(sys.executable).parent
SUPPRESSED = config.SUPPRESSED_TEXT
STEMS = {
    "W06000001": "W06000001-isle-of-anglesey",
    "W06000018": "W06000018-caerphilly",
    "W06000022": "W06000022-newport",
}
NAMES = {code: (name, name_cy, short) for code, name, name_cy, short in fixture_data.COUNCILS}
#: Every respondent id of the fixture data (data tools and public survey).
RESPONDENT_IDS = [row[0] for row in fixture_data.response_rows()] + [f"P{i:03d}" for i in range(40)]
#: The personal details in the fixture comments, which must never reach a page.
PERSONAL = ["029 2088 0000", "https://example.org/plan", "example.org", "jane.doe@example.gov.uk"]


def _run(args: list[str], home: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, config.HOME_ENV: str(home)}
    return subprocess.run(
        args,
        cwd=config.PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _helpers(*args: str, home: Path) -> subprocess.CompletedProcess:
    return _run([sys.executable, "-m", "helpers", *args], home)


# --------------------------------------------------------------------------
# One rendering of the fixture councils for the whole module
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The fixture councils rendered through the command line (see the module docstring).

    ``jupyter nbconvert --execute`` runs the template at the same time, on the
    other core, while Caerphilly renders alone.
    """
    home = tmp_path_factory.mktemp("render") / "home"
    fixture_data.write_fixture_raw(home / "data" / "raw")
    build = _helpers("build", home=home)
    assert build.returncode == 0, build.stdout + build.stderr
    by_hand = tmp_path_factory.mktemp("by-hand")
    nbconvert = subprocess.Popen(
        [
            str(BIN / "jupyter"),
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "notebooks/council_report.ipynb",
            "--output-dir",
            str(by_hand),
            "--output",
            "nbconvert",
        ],
        cwd=config.PROJECT_ROOT,
        env={**os.environ, config.HOME_ENV: str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = _helpers("report", "--council", "cAERPHILLY", home=home)
        assert first.returncode == 0, first.stdout + first.stderr
        html_dir = home / "outputs" / "html"
        first_bytes = {p.name: p.read_bytes() for p in html_dir.iterdir()}
        second = _helpers("report", "--all", "--force", "--jobs", "2", home=home)
        assert second.returncode == 0, second.stdout + second.stderr
    finally:
        stdout, stderr = nbconvert.communicate(timeout=300)
    pages = {
        code: (html_dir / f"{stem}.html").read_text(encoding="utf-8")
        for code, stem in STEMS.items()
    }
    return {
        "home": home,
        "first": first,
        "first_bytes": first_bytes,
        "second": second,
        "pages": pages,
        "soups": {code: BeautifulSoup(page, "html.parser") for code, page in pages.items()},
        "nbconvert": (nbconvert.returncode, stderr, by_hand / "nbconvert.ipynb"),
    }


def _text(soup: BeautifulSoup) -> str:
    return " ".join(soup.get_text(" ").split())


def _attribute_values(soup: BeautifulSoup):
    """Every attribute value of the page but embedded images' data."""
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            values = value if isinstance(value, list) else [value]
            for item in values:
                if name == "src" and str(item).startswith("data:"):
                    continue
                yield str(item)


def _table(soup: BeautifulSoup, caption_start: str):
    tables = [
        t
        for t in soup.find_all("table")
        if t.caption and t.caption.get_text(" ", strip=True).startswith(caption_start)
    ]
    assert len(tables) == 1, f"{len(tables)} tables captioned {caption_start!r}"
    return tables[0]


def _rows(table) -> list[list[str]]:
    return [
        [" ".join(cell.get_text(" ").split()) for cell in tr.find_all(["th", "td"])]
        for tr in table.find_all("tr")
    ]


# --------------------------------------------------------------------------
# Figures computed here from the fixture data
# --------------------------------------------------------------------------
def _half_up(fraction: Fraction) -> int:
    return int(fraction + Fraction(1, 2))


def _fixture_responses() -> dict[tuple[str, str], int]:
    """Responses per (council, group): rows with at least one answer (data contract)."""
    counts: dict[tuple[str, str], int] = {}
    for row in fixture_data.response_rows():
        if any(str(value).strip() for value in row[3:]):
            counts[(row[1], row[2])] = counts.get((row[1], row[2]), 0) + 1
    return counts


def _fixture_levels(code: str, group: str, question: str) -> list[int]:
    column = 3 + fixture_data.question_ids().index(question)
    return [
        int(row[column])
        for row in fixture_data.response_rows()
        if row[1] == code and row[2] == group and row[column] in ("1", "2", "3")
    ]


def test_fixture_reading_is_sane():
    # the empty submission is not a response; every other fixture row is one
    responses = _fixture_responses()
    assert responses[("W06000018", "member")] == fixture_data.INVITED["W06000018"]["member"][1]
    assert sum(responses.values()) == len(fixture_data.response_rows()) - 1


# --------------------------------------------------------------------------
# The command line and the files it writes
# --------------------------------------------------------------------------
def test_council_named_in_any_case_writes_its_notebook_and_page(rendered):
    first = rendered["first"]
    assert "W06000018-caerphilly" in first.stdout and "rendered" in first.stdout
    assert sorted(rendered["first_bytes"]) == ["W06000018-caerphilly.html"]
    home = rendered["home"]
    for stem in STEMS.values():
        assert (home / "outputs" / "notebooks" / f"{stem}.ipynb").is_file()
        assert (home / "outputs" / "html" / f"{stem}.html").is_file()
    assert "Traceback" not in first.stderr + rendered["second"].stderr


def test_rendering_twice_gives_byte_identical_pages(rendered):
    again = (rendered["home"] / "outputs" / "html" / "W06000018-caerphilly.html").read_bytes()
    assert "3 rendered" in rendered["second"].stdout  # --force rendered Caerphilly again
    assert again == rendered["first_bytes"]["W06000018-caerphilly.html"]


def test_executed_notebook_has_the_parameter_and_no_paths(rendered):
    home = rendered["home"]
    for code, stem in STEMS.items():
        path = home / "outputs" / "notebooks" / f"{stem}.ipynb"
        text = path.read_text(encoding="utf-8")
        nb = nbformat.reads(text, as_version=4)
        injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert len(injected) == 1 and f'council_code = "{code}"' in injected[0].source
        errors = [
            o
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
            if o.output_type == "error"
        ]
        assert errors == []
        for path_text in (str(home), str(config.PROJECT_ROOT), str(Path.home()) + "/"):
            assert path_text not in text


# --------------------------------------------------------------------------
# The page: what it must not contain
# --------------------------------------------------------------------------
@pytest.mark.parametrize("code", list(STEMS))
def test_page_shows_no_code_prompts_errors_or_warnings(rendered, code):
    page, soup = rendered["pages"][code], rendered["soups"][code]
    for selector in (
        ".jp-CodeCell .jp-InputArea",
        ".jp-InputArea-editor",
        ".jp-InputPrompt",
        ".jp-OutputPrompt",
        ".jp-CodeMirrorEditor",
    ):
        assert soup.select(selector) == [], selector
    assert soup.select(".jp-CodeCell")  # the code cells' outputs are there
    assert not soup.find_all("pre", class_="highlight")  # no highlighted source code
    assert "from helpers import report" not in page
    assert "report.show_" not in page and "Markdown(report." not in page
    assert not re.search(r"In\s*\[\s*\d*\s*\]", _text(soup))
    assert "Traceback" not in page
    assert "Warning" not in page
    assert "warning" not in _text(soup).lower()
    assert not soup.find_all(attrs={"data-mime-type": "application/vnd.jupyter.stderr"})
    assert "jp-OutputArea-error" not in page


@pytest.mark.parametrize("code", list(STEMS))
def test_page_is_self_contained(rendered, code):
    page, soup = rendered["pages"][code], rendered["soups"][code]
    assert not soup.find_all("script", src=True)
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", page, re.IGNORECASE)
    for link in soup.find_all("link"):
        href = link.get("href", "")
        assert not re.match(r"(https?:)?//", href), link
    for style in soup.find_all("style"):
        css = re.sub(r"/\*.*?\*/", "", style.get_text(), flags=re.DOTALL)
        assert "@import" not in css
        assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//", css)
    images = soup.find_all("img")
    # the funnel plot and, for each of the four themes, a maturity and an agreement chart
    assert len(images) == 9
    for image in images:
        assert image["src"].startswith("data:image/svg+xml;base64,")
        svg = base64.b64decode(image["src"].split(",", 1)[1]).decode("utf-8")
        assert "<svg" in svg and "<text" in svg  # text kept as text
        assert "<script" not in svg and "<image" not in svg and 'href="http' not in svg
        assert image.get("alt", "").strip()  # a text alternative
    assert render.find_html_problems(page) == []


@pytest.mark.parametrize("code", list(STEMS))
def test_page_carries_no_respondent_id_and_no_path(rendered, code):
    page, soup = rendered["pages"][code], rendered["soups"][code]
    text = _text(soup)
    attributes = " ".join(_attribute_values(soup))
    for respondent in RESPONDENT_IDS:
        pattern = re.compile(rf"\b{respondent}\b")
        assert not pattern.search(text), respondent
        assert not pattern.search(attributes), respondent
    home = rendered["home"]
    for path_text in {
        str(home),
        str(home.parent),
        str(config.PROJECT_ROOT),
        str(Path.home()) + "/",
        sys.prefix,
        "lgdata-kernel-",
    }:
        assert path_text not in page, path_text


# --------------------------------------------------------------------------
# The page: what it must show
# --------------------------------------------------------------------------
@pytest.mark.parametrize("code", list(STEMS))
def test_title_gives_the_english_and_welsh_names(rendered, code):
    soup = rendered["soups"][code]
    name, name_cy, _short = NAMES[code]
    assert soup.title.get_text() == f"Local government use of data: {name}"
    assert soup.find("h1").get_text(strip=True).rstrip("¶") == "Local government use of data"
    assert soup.find("h2").get_text(strip=True).rstrip("¶") == name
    welsh = soup.find(attrs={"lang": "cy"})
    assert welsh is not None and welsh.get_text(strip=True) == name_cy
    # the Welsh name comes straight beneath the English name
    assert soup.find("h2").find_next(True, attrs={"lang": "cy"}) is welsh


@pytest.mark.parametrize("code", list(STEMS))
def test_response_table_matches_the_fixture_data(rendered, code):
    soup = rendered["soups"][code]
    table = _table(soup, "Data tool recipients and responses")
    rows = _rows(table)
    assert rows[0] == [
        "Data tool recipients",
        "Number invited",
        "Responses received",
        "Percentage responded",
    ]
    responses = _fixture_responses()
    expected = []
    total_invited = total_responses = 0
    for group, label in (("officer", "Officers"), ("member", "Elected Members")):
        if group not in fixture_data.INVITED[code]:
            continue  # a group not surveyed is left out, not shown as zero
        invited = fixture_data.INVITED[code][group][0]
        received = responses[(code, group)]
        total_invited += invited
        total_responses += received
        percent = _half_up(Fraction(100 * received, invited))
        expected.append([label, str(invited), str(received), f"{percent}%"])
    percent = _half_up(Fraction(100 * total_responses, total_invited))
    expected.append(["Total", str(total_invited), str(total_responses), f"{percent}%"])
    assert rows[1:] == expected


def test_a_group_not_surveyed_is_left_out(rendered):
    soup = rendered["soups"]["W06000022"]  # Newport surveyed its officers only
    text = _text(soup)
    assert "Elected Members" not in text
    part2 = text[text.index("Part 2 –") : text.index("Part 3 –")]
    assert "member" not in part2.lower()


def _maturity_tables(soup: BeautifulSoup):
    return [
        t
        for t in soup.find_all("table")
        if t.caption and t.caption.get_text(" ", strip=True).startswith("Maturity level")
    ]


def test_maturity_cells_match_the_fixture_data(rendered):
    # Caerphilly's officers, every characteristic: n and the mean level, computed here
    soup = rendered["soups"]["W06000018"]
    tables = _maturity_tables(soup)
    assert len(tables) == 4  # one per theme
    cells = {}
    for table in tables:
        rows = _rows(table)
        header = rows[0]
        column = header.index("Officers")
        for row in rows[1:]:
            cells[row[0]] = row[column]
    names = dict(fixture_data.FRAMEWORK)
    for question, _theme, characteristic, _asked in fixture_data.LEVEL_QUESTIONS:
        levels = _fixture_levels("W06000018", "officer", question)
        mean = Fraction(sum(levels), len(levels))
        tenths = _half_up(mean * 10)
        cell = cells[names[characteristic]]
        assert re.search(rf"mean {tenths // 10}\.{tenths % 10} \(", cell), (characteristic, cell)
        assert cell.endswith(f"n = {len(levels)}"), (characteristic, cell)


def test_small_groups_read_fewer_than_5_responses(rendered):
    # Anglesey: only 3 elected members responded, so none of their figures is shown
    responses = _fixture_responses()
    assert responses[("W06000001", "member")] < config.MIN_RESPONSES
    soup = rendered["soups"]["W06000001"]
    tables = _maturity_tables(soup) + [
        t
        for t in soup.find_all("table")
        if t.caption and t.caption.get_text(" ", strip=True).startswith("Agreement with")
    ]
    assert len(tables) == 8
    member_cells = []
    for table in tables:
        rows = _rows(table)
        column = rows[0].index("Elected Members")
        member_cells += [row[column] for row in rows[1:]]
    assert member_cells
    assert all(cell in (SUPPRESSED, "not asked") for cell in member_cells), member_cells
    assert SUPPRESSED in member_cells
    text = _text(soup)
    assert SUPPRESSED in text


@pytest.mark.parametrize("code", list(STEMS))
def test_no_statistic_from_fewer_than_5_answers(rendered, code):
    # a shown figure always says how many answers it rests on: never fewer than 5
    text = _text(rendered["soups"][code])
    counts = [int(n) for n in re.findall(r"\bn = (\d+)", text)]
    assert counts, "the page shows no counts"
    assert min(counts) >= config.MIN_RESPONSES


def test_comments_are_redacted(rendered):
    caerphilly = rendered["pages"]["W06000018"]
    for personal in PERSONAL:
        for page in rendered["pages"].values():
            assert personal not in page, personal
    text = _text(rendered["soups"]["W06000018"])
    assert "We need a data strategy. Call [redacted] or see [redacted]" in text
    assert "Ask [redacted] before sharing anything." in text
    assert config.REDACTED_TEXT in caerphilly
    # a comment without personal details is shown as written, in its own council only
    assert "Analysts are stretched thin." in _text(rendered["soups"]["W06000022"])
    assert "Analysts are stretched thin." not in caerphilly


def test_findings_of_the_audit_team_rendered_from_markdown(rendered):
    soup = rendered["soups"]["W06000018"]
    strong = [s.get_text() for s in soup.find_all("strong")]
    assert "clear data vision" in strong
    items = [li.get_text(strip=True) for li in soup.find_all("li")]
    assert "housing" in items and "social care" in items


# --------------------------------------------------------------------------
# An unknown council
# --------------------------------------------------------------------------
def test_unknown_council_exits_2_listing_the_councils(workbook_home):
    result = _helpers("report", "--council", "caerphilly", "Atlantis", home=workbook_home)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Atlantis" in result.stderr
    for code, (_name, _cy, short) in NAMES.items():
        assert code in result.stderr and short in result.stderr
    assert not (workbook_home / "outputs").exists()
    assert not (workbook_home / "data" / "processed").exists()


def test_unknown_council_starts_no_kernel(workbook_home, monkeypatch, capsys):
    started = []

    def no_kernel(*args, **kwargs):
        started.append(args)
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(render, "start_kernel", no_kernel)
    monkeypatch.setattr(batch, "ensure_built", no_kernel)
    assert main(["report", "--council", "ATLANTIS"]) == 2
    assert started == []
    err = capsys.readouterr().err
    assert "unknown council 'ATLANTIS'" in err
    assert "W06000022  Newport" in err
    assert not (workbook_home / "outputs").exists()


# --------------------------------------------------------------------------
# The template outside the workbook's commands
# --------------------------------------------------------------------------
def _outputs_text(path: Path) -> tuple[str, list]:
    nb = nbformat.read(path, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    return json.dumps([o.get("data", {}) for o in outputs]), outputs


def test_jupyter_nbconvert_execute_runs_the_template_with_its_default(rendered):
    # (plain papermill is run in test_report.py)
    returncode, stderr, path = rendered["nbconvert"]
    assert returncode == 0, stderr
    text, outputs = _outputs_text(path)
    assert not [o for o in outputs if o.output_type in ("error", "stream")]
    assert "Caerphilly County Borough Council" in text


def test_papermill_help_notebook_describes_the_parameter():
    result = subprocess.run(
        [str(BIN / "papermill"), "--help-notebook", str(NOTEBOOK)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("council_code:"))
    described = " ".join(line.strip() for line in lines[start : start + 2])
    assert '"W06000018"' in described
    assert "GSS code" in described  # the comment beside the parameter


# --------------------------------------------------------------------------
# Writing files
# --------------------------------------------------------------------------
def test_write_atomic_leaves_the_old_file_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "out" / "page.html"
    render.write_atomic(target, "old page\n")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(render.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        render.write_atomic(target, "new page, half written")
    assert target.read_text(encoding="utf-8") == "old page\n"
    assert [p.name for p in target.parent.iterdir()] == ["page.html"]


def test_stale_temporaries_of_dead_writers_only_are_removed(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    folder = tmp_path / "outputs" / "html"
    folder.mkdir(parents=True)
    stale = folder / f".a.html{render.TMP_MARK}{dead.pid}"
    live = folder / f".b.html{render.TMP_MARK}{os.getpid()}"
    keep = folder / "a.html"
    for path in (stale, live, keep):
        path.write_text("x", encoding="utf-8")
    assert render.remove_stale_temporaries([tmp_path / "outputs"]) == [stale]
    assert sorted(p.name for p in folder.iterdir()) == sorted([live.name, keep.name])
    shutil.rmtree(folder)


def test_kernel_folders_of_dead_processes_only_are_removed(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"{render.KERNEL_DIR_PREFIX}{dead.pid}-abc123"
    live = tmp_path / f"{render.KERNEL_DIR_PREFIX}{os.getpid()}-def456"
    other = tmp_path / "lgdata-other-1-x"
    for folder in (stale, live, other):
        folder.mkdir()
        (folder / "kernel.json").write_text("{}", encoding="utf-8")
    assert render.remove_stale_kernel_folders(tmp_path) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name])
