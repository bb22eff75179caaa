"""Browser tests: the real `streamlit run dashboard.py` server driven by Debian's chromium.

Skipped (with the reason) when /usr/bin/chromium is missing, except on CI (env CI=true)
where a missing browser is a failure. Screenshots go to tests/browser/screenshots/ and the
Overview also to docs/screenshots/overview.png for the README.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from ui.pages import PAGES

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent / "screenshots"
README_SHOT = REPO / "docs" / "screenshots" / "overview.png"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SERVER_START_SECONDS = 60
PAGE_TIMEOUT_MS = 45_000
VIEWPORT = {"width": 1400, "height": 1000}
# Pages that draw no plotly chart (the others must show at least one).
NO_CHART_PAGES = frozenset({"articles", "data"})
UPLOAD_CSV = (
    "id,source,title,text\n"
    "wire-1,Test Wire,Talks in Beijing,\"Blinken and Xi held constructive talks in Beijing "
    "on Monday. Both sides agreed to keep talking, although tensions over Taiwan remain.\"\n"
)


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


@pytest.fixture(scope="module")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "SLANT_SHARED": "0"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
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


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(chromium_path), headless=True,
                                     args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser):
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


def _full_screenshot(tab, path: Path) -> None:
    """Screenshot the whole page: Streamlit scrolls inside its main container, so grow the
    viewport to the content's height (re-measured until it stops growing, since charts
    lay out after the resize; capped), then restore it."""
    last = 0
    for _ in range(4):
        height = int(tab.evaluate(
            "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"))
        if height <= last:
            break
        last = height
        tab.set_viewport_size({"width": VIEWPORT["width"], "height": min(height + 40, 8000)})
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


def page_url(server: str, spec) -> str:
    """The URL of a page: the default page lives at the root."""
    return f"{server}/" if spec.default else f"{server}/{spec.url_path}"


def test_cold_start_deep_link_with_filters(page, server):
    """The first request to a fresh server is a shared link to a page with filters: it must
    run inside dashboard.py's navigation (not as a bare pages/ script) and keep the filter."""
    page.goto(f"{server}/topics?source=Source+004")
    _settle(page)
    page.wait_for_selector(".js-plotly-plot .main-svg")
    _multiselect(page, "Sources").locator("[data-tag]").first.wait_for()
    nav = page.locator('[data-testid="stSidebarNav"]')
    assert "Distinctive words" in nav.inner_text()  # a title only st.navigation knows
    assert page.get_by_text("Page not found").count() == 0
    assert _chip_texts(page, "Sources") == ["Source 004"]
    _no_exception(page)


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_draws(page, server, spec):
    page.goto(page_url(server, spec))
    _settle(page)
    page.get_by_role("heading", level=1).first.wait_for()
    assert page.get_by_text("Page not found").count() == 0
    if spec.url_path not in NO_CHART_PAGES:
        page.wait_for_selector(".js-plotly-plot .main-svg")
        assert page.locator(".js-plotly-plot").count() >= 1
    page.wait_for_timeout(800)  # let plotly finish its transitions
    _no_exception(page)
    if spec.default:
        README_SHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(README_SHOT))
    _full_screenshot(page, SHOTS / f"{spec.url_path}.png")


def test_article_text_is_escaped_in_the_browser(page, server):
    page.goto(f"{server}/articles")
    _settle(page)
    page.wait_for_selector("text=Removed before scoring")
    page.wait_for_selector("mark")  # topic terms are highlighted
    _no_exception(page)


def test_upload_adds_a_source(page, server, tmp_path):
    upload = tmp_path / "wire.csv"
    upload.write_text(UPLOAD_CSV, encoding="utf-8")
    page.goto(f"{server}/data")
    _settle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
    page.get_by_text("wire.csv").first.wait_for()
    page.get_by_role("button", name="Load and analyse").click()
    page.locator('[data-testid="stSidebar"]').get_by_text("Test Wire").first.wait_for()
    _settle(page)
    _no_exception(page)
    assert "Test Wire" in _chip_texts(page, "Sources")


def test_filtered_link_reopens_the_same_view(browser, page, server):
    page.goto(f"{server}/topics")
    _settle(page)
    page.wait_for_selector(".js-plotly-plot .main-svg")
    _multiselect(page, "Sources").locator("[data-tag]").first.wait_for()
    assert _chip_texts(page, "Sources") == ["Source 000", "Source 004"]
    _multiselect(page, "Sources").get_by_role("button", name="Remove Source 000").click()
    page.wait_for_url("**source=Source*004*")
    _settle(page)
    link = page.url
    assert parse_qs(urlparse(link).query)["source"] == ["Source 004"]
    other = browser.new_context(viewport=VIEWPORT)
    try:
        fresh = other.new_page()
        fresh.set_default_timeout(PAGE_TIMEOUT_MS)
        fresh.goto(link)
        _settle(fresh)
        fresh.wait_for_selector(".js-plotly-plot .main-svg")
        _multiselect(fresh, "Sources").locator("[data-tag]").first.wait_for()
        assert _chip_texts(fresh, "Sources") == ["Source 004"]
        assert "source=Source" in fresh.url
        _full_screenshot(fresh, SHOTS / "topics_filtered.png")
    finally:
        other.close()



def test_html_report_downloads_and_is_self_contained(page, server, tmp_path):
    page.goto(f"{server}/data")
    _settle(page)
    page.get_by_role("tab", name="Download").click()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download HTML report (works offline)").click()
    target = tmp_path / "report.html"
    info.value.save_as(str(target))
    report = target.read_text(encoding="utf-8")
    assert report.count("Plotly.newPlot") >= 5
    assert '<script src="https://cdn.plot.ly' not in report
    assert "Source 000" in report and "Source 004" in report


def test_clicking_a_point_lists_its_sentence(page, server):
    page.goto(f"{server}/sentiment")
    _settle(page)
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.wait_for_timeout(800)
    points = page.locator(".js-plotly-plot").first.locator(".scatterlayer .trace .points path")
    assert points.count() > 10
    points.nth(3).click(force=True)
    page.get_by_text("Selected sentences").first.wait_for()
    _no_exception(page)
