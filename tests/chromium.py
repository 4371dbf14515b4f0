"""Pages opened in headless Chromium, as a reader's browser opens them: a test helper.

Uses Debian's ``chromium`` and ``chromium-driver`` (``/usr/bin/chromium``,
``/usr/bin/chromedriver``) through selenium, and axe-core from
``tests/browser/node_modules`` (``npm ci`` in ``tests/browser``). ``make test``
installs all three where it can (see the Makefile's ``browser-tools``).

Where a tool is missing the browser tests are skipped with a message saying
what to install, and the test session ends with a warning line; in CI
(``CI`` set in the environment) they fail instead, so that they always run
there.

Reusable pieces:

* :func:`require_tools` - skip (or fail in CI) unless Chromium, ChromeDriver
  and, with ``axe=True``, axe-core are installed;
* :func:`start_chromium` - a headless Chromium in a fresh profile;
* :func:`open_page` - load a page file and wait until it is loaded;
* :func:`marks_of_code_that_ran` - what a script would have left behind;
* :func:`csp_violations` - what the Content-Security-Policy refused;
* :func:`axe_violations` and :func:`assert_accessible` - an axe-core check of
  WCAG 2.2 A and AA (:data:`WCAG_TAGS`);
* :func:`screenshots` - PNG screens of the whole page, top to bottom.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Where ``npm ci`` installs the browser tests' JavaScript tools.
TOOLS_DIR = ROOT / "tests" / "browser"
AXE_JS = TOOLS_DIR / "node_modules" / "axe-core" / "axe.min.js"
#: The rules axe-core checks: WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
#: Chromium's switches: headless, as root, and never reaching for the network.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)
#: The start of every skip message, which the session's closing warning looks for.
SKIP_PREFIX = "browser tests need"


def _which(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_binary() -> str | None:
    """Debian's Chromium, if installed."""
    return _which("chromium", "chromium-browser")


def chromedriver_binary() -> str | None:
    """Debian's ChromeDriver (package ``chromium-driver``), if installed."""
    return _which("chromedriver")


def missing_tools(*, axe: bool = False) -> list[str]:
    """What the browser tests need and cannot find, as installation hints."""
    missing = []
    if chromium_binary() is None:
        missing.append("chromium (apt-get install chromium)")
    if chromedriver_binary() is None:
        missing.append("chromedriver (apt-get install chromium-driver)")
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install -e '.[dev]')")
    if axe and not AXE_JS.is_file():
        missing.append("axe-core (cd tests/browser && npm ci)")
    return missing


def require_tools(*, axe: bool = False) -> None:
    """Skip the calling test unless the browser tools are installed; in CI, fail instead."""
    missing = missing_tools(axe=axe)
    if not missing:
        return
    message = f"{SKIP_PREFIX} {', '.join(missing)}; `make test` installs them"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI must run the browser tests)")
    pytest.skip(message)


def start_chromium(*, width: int = 1280, height: int = 900):
    """Start headless Chromium in a fresh profile; the caller quits it (``driver.quit()``).

    The driver records the browser console (for :func:`csp_violations`); its
    profile folder is removed when the driver quits.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="lgdata-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium_binary()
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=chromedriver_binary())
    try:
        driver = webdriver.Chrome(service=service, options=options)
    except BaseException:
        shutil.rmtree(profile, ignore_errors=True)
        raise
    quit_driver = driver.quit

    def quit_and_clean() -> None:
        try:
            quit_driver()
        finally:
            shutil.rmtree(profile, ignore_errors=True)

    driver.quit = quit_and_clean
    return driver


def open_page(driver, path: Path | str) -> None:
    """Load a page file in a clean tab state and wait for it to finish loading."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")
    driver.execute_script("window.name = '';")
    driver.get_log("browser")  # forget what earlier pages logged
    driver.get(Path(path).resolve().as_uri())
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


def marks_of_code_that_ran(driver, *, mark: str, title: str) -> list[str]:
    """What a script from the page would have left: a changed title, window.name, an element.

    Parameters
    ----------
    driver : selenium WebDriver
        On the loaded page.
    mark : str
        The marker the payloads write (``tests/hostile.py``'s ``MARK``).
    title : str
        The title the page's ``<title>`` element holds.

    Returns
    -------
    list of str
        Empty when nothing ran. A dialog opened by the page (``alert``)
        makes selenium raise instead.
    """
    state = driver.execute_script(
        "return {title: document.title, name: window.name,"
        " element: document.getElementById(arguments[0]) !== null,"
        " scripts: document.scripts.length};",
        mark,
    )
    found = []
    if state["title"] != title:
        found.append(f"the title changed to {state['title']!r}")
    if state["name"] == mark:
        found.append("window.name was set")
    if state["element"]:
        found.append(f"an element with id {mark!r} was added")
    if state["scripts"]:
        found.append(f"the page holds {state['scripts']} script element(s)")
    return found


def csp_violations(driver) -> list[str]:
    """Console lines of the loaded page about something its Content-Security-Policy refused."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry.get("message", "")
    ]


def axe_violations(driver, tags: tuple[str, ...] = WCAG_TAGS) -> list[dict]:
    """Run axe-core on the loaded page and return its violations of the WCAG rules ``tags``.

    axe-core is evaluated through the driver (the page's Content-Security-
    Policy does not apply to it), so the page itself still runs nothing.
    """
    driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
    driver.set_script_timeout(120)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]},"
        " resultTypes: ['violations']})"
        ".then(r => done(JSON.stringify(r.violations)))"
        ".catch(e => done(JSON.stringify([{id: 'axe-error', help: String(e), nodes: []}])));",
        list(tags),
    )
    return json.loads(result)


def describe_violations(violations: list[dict]) -> str:
    """One paragraph per violation: rule, impact, help, and the first elements at fault."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation.get('impact')}): {violation.get('help')} "
            f"[{len(violation.get('nodes', []))} element(s)]"
        )
        for node in violation.get("nodes", [])[:3]:
            lines.append(f"    {node.get('target')}: {node.get('failureSummary', '')[:300]}")
    return "\n".join(lines)


def assert_accessible(driver, path: Path | str, tags: tuple[str, ...] = WCAG_TAGS) -> None:
    """Open a page and fail with axe-core's findings unless it meets WCAG 2.2 A and AA.

    Reusable for any page (English or Welsh report, index).
    """
    open_page(driver, path)
    violations = axe_violations(driver, tags)
    assert not violations, f"{Path(path).name}:\n{describe_violations(violations)}"


def screenshots(
    driver, path: Path | str, folder: Path | str, *, width: int = 1280, height: int = 1600
) -> list[Path]:
    """Open a page and save it as PNG screens from top to bottom: ``<stem>-01.png``, ...

    One screen (``width`` x ``height`` pixels) after another, as a reader
    scrolls; each is a picture a person (or a file viewer) can look at.
    """
    driver.set_window_size(width, height)
    open_page(driver, path)
    inner = driver.execute_script("return window.innerHeight")
    total = driver.execute_script("return document.documentElement.scrollHeight")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    shots = []
    for number, top in enumerate(range(0, max(total, 1), inner), start=1):
        driver.execute_script("window.scrollTo(0, arguments[0])", top)
        target = folder / f"{Path(path).stem[:40]}-{number:02d}.png"
        driver.save_screenshot(str(target))
        shots.append(target)
    return shots
