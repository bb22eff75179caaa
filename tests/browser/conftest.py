"""Shared fixtures and helpers of the browser tests: ONE `streamlit run dashboard.py` server
and ONE headless chromium for the whole browser suite (session scope), a fresh browser
context (its own Streamlit session, so its own corpus) per test, and `fresh_server` for
the few tests that need a server nobody has requested yet (the cold deep-link test).

Skipped (with the reason) when /usr/bin/chromium is missing, except on CI (env CI=true)
where a missing browser is a failure. Screenshots go to tests/browser/screenshots/.
Test modules import the helpers with `from tests.browser.conftest import ...`.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SERVER_START_SECONDS = 60
PAGE_TIMEOUT_MS = 45_000
VIEWPORT = {"width": 1400, "height": 1000}
MAX_SHOT_HEIGHT = 8000  # pixels: tallest full-page screenshot


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer at {url} within {SERVER_START_SECONDS}s")


@contextmanager
def streamlit_server() -> Iterator[str]:
    """A `streamlit run dashboard.py` on a free local port (its URL), stopped on exit."""
    port = _free_port()
    env = {**os.environ, "SLANT_SHARED": "0"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def server(chromium_path) -> Iterator[str]:
    """The one server every browser test shares (each test gets its own session on it)."""
    with streamlit_server() as url:
        yield url


@pytest.fixture()
def fresh_server(chromium_path) -> Iterator[str]:
    """A server of its own, for a test whose first request must be the server's first."""
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(chromium_path), headless=True,
                                     args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser):
    """A new tab in a new browser context: a new Streamlit session (the sample corpus,
    default filters), whatever the tests before it uploaded or filtered."""
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    tab.set_default_timeout(PAGE_TIMEOUT_MS)
    yield tab
    context.close()


def _settle(tab) -> None:
    """Wait until Streamlit has finished running the script."""
    tab.wait_for_selector('[data-testid="stApp"]')
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=PAGE_TIMEOUT_MS)
    tab.wait_for_timeout(500)


def _full_screenshot(tab, path: Path, *, max_height: int = MAX_SHOT_HEIGHT) -> None:
    """Screenshot the whole page: Streamlit scrolls inside its main container, so grow the
    viewport to the content's height (re-measured until it stops growing, since charts
    lay out after the resize; capped), then restore it."""
    last = 0
    for _ in range(4):
        height = int(tab.evaluate(
            "() => (document.querySelector('[data-testid=\"stMain\"]') || document.body)"
            ".scrollHeight"))
        if height <= last:
            break
        last = height
        tab.set_viewport_size({"width": VIEWPORT["width"], "height": min(height + 40, max_height)})
        tab.wait_for_timeout(800)
    path.parent.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(path))
    tab.set_viewport_size(VIEWPORT)


def _no_exception(tab) -> None:
    errors = tab.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


def _multiselect(tab, label: str):
    return tab.locator('[data-testid="stMultiSelect"]').filter(has_text=label)


def _chip_texts(tab, label: str) -> list[str]:
    """The values selected in the multiselect labelled `label`."""
    return [t.get_attribute("aria-label") or "" for t in
            _multiselect(tab, label).locator("[data-tag]").all()]


def _nav(tab, title: str) -> None:
    """Switch page through the sidebar navigation (keeps the session, unlike goto)."""
    tab.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    tab.wait_for_timeout(500)
    _settle(tab)


def _download_report(tab, folder: Path) -> Path:
    """Download the HTML report from the Data page's Download tab; return where it is saved."""
    tab.get_by_role("tab", name="Download").click()
    with tab.expect_download() as info:
        tab.get_by_role("button", name="Download HTML report (works offline)").click()
    target = folder / "report.html"
    info.value.save_as(str(target))
    return target
