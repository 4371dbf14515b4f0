"""A stale page is a wrong page too: a change to any input of a page renders it again.

A report is skipped when its key (``cache.report_key``) matches the stored one.
The key must cover every input of a page, so each case here changes one input
of an up-to-date page and checks that the next run renders it again (for
real: papermill, a kernel, nbconvert, with a two-cell template so that it
takes about a second), and that the run after that finds it up to date:

* the HTML export template (``helpers/render/templates/``),
* the notebook template,
* the helper code (``helpers/**/*.py``),
* a translation catalogue (``helpers/i18n/locale/*/LC_MESSAGES/*.po``),
* the processed data (built again from new raw data by ``build``),
* the version of a package that renders reports.

Leaving any of them out of the key makes its case fail.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import fixture_data
import pytest

from helpers import config
from helpers.batch import cache
from helpers.batch import run as batch
from helpers.build import pipeline

STEM = "W06000018-caerphilly"


def run(template: Path) -> str:
    """Render Caerphilly in English in this process; return the last line of the summary."""
    out = io.StringIO()
    status = batch.run_reports(
        ["caerphilly"], languages=("en",), template=template, jobs=1, stdout=out, progress=False
    )
    assert status == 0, out.getvalue()
    return out.getvalue().strip().splitlines()[-1]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    """A home with Caerphilly's page rendered from a snapshot of the helpers and a template."""
    base = tmp_path_factory.mktemp("rendered")
    home = fixture_data.build_fixture_home(base / "home")
    source = base / "source" / "helpers"
    shutil.copytree(config.PACKAGE_DIR, source, ignore=shutil.ignore_patterns("__pycache__"))
    template = fixture_data.write_minimal_template(base / "template" / "report.ipynb")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(config.HOME_ENV, str(home))
        mp.setattr(cache, "SOURCE_DIR", source)
        assert run(template) == "reports: 1 rendered"
    return base


@pytest.fixture
def copy(rendered, tmp_path, monkeypatch) -> Path:
    """A copy of the rendered home, its source snapshot and template; the page is up to date."""
    base = tmp_path / "copy"
    shutil.copytree(rendered, base, symlinks=True)
    monkeypatch.setenv(config.HOME_ENV, str(base / "home"))
    monkeypatch.setattr(cache, "SOURCE_DIR", base / "source" / "helpers")
    assert run(base / "template" / "report.ipynb") == "reports: 1 up to date"
    return base


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _export_template(base: Path, monkeypatch) -> None:
    _append(base / "source" / "helpers" / "render" / "templates" / "lgdata" / "index.html.j2", "\n")


def _index_template(base: Path, monkeypatch) -> None:
    _append(base / "source" / "helpers" / "batch" / "templates" / "index.html.j2", "\n")


def _notebook_template(base: Path, monkeypatch) -> None:
    import nbformat

    path = base / "template" / "report.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[-1].source = 'print("the report of", council_code)'
    nbformat.write(nb, path)


def _helper_code(base: Path, monkeypatch) -> None:
    _append(base / "source" / "helpers" / "report" / "themes.py", "\n\ndef _new():\n    return 1\n")


def _catalogue(base: Path, monkeypatch) -> None:
    catalogue = base / "source" / "helpers" / "i18n" / "locale" / "cy" / "LC_MESSAGES"
    _append(catalogue / "lgdata.po", '\nmsgid "A new sentence."\nmsgstr "Brawddeg newydd."\n')


def _processed_data(base: Path, monkeypatch) -> None:
    invitations = base / "home" / "data" / "raw" / "invitations.csv"
    text = invitations.read_text(encoding="utf-8")
    assert "W06000018,officer,24" in text
    invitations.write_text(text.replace("W06000018,officer,24", "W06000018,officer,25"))
    pipeline.build()  # the processed data change, and match the raw data


def _package_version(base: Path, monkeypatch) -> None:
    versions = cache.library_versions()
    assert "\nnbconvert " in versions
    monkeypatch.setattr(
        cache, "library_versions", lambda: versions.replace("\nnbconvert ", "\nnbconvert 0")
    )


CHANGES = {
    "HTML export template": _export_template,
    "index page template": _index_template,
    "notebook template": _notebook_template,
    "helper code": _helper_code,
    "translation catalogue": _catalogue,
    "processed data": _processed_data,
    "package version": _package_version,
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_to_an_input_of_a_page_renders_it_again(copy, change, monkeypatch):
    page = copy / "home" / "outputs" / "html" / f"{STEM}.html"
    before = page.stat().st_ino, page.stat().st_mtime_ns
    CHANGES[change](copy, monkeypatch)
    template = copy / "template" / "report.ipynb"
    assert run(template) == "reports: 1 rendered"
    assert (page.stat().st_ino, page.stat().st_mtime_ns) != before  # written again
    assert run(template) == "reports: 1 up to date"
