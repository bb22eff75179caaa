"""Browser tests: the real `streamlit run dashboard.py` server driven by Debian's chromium.

The server, browser and page fixtures and the helpers are in tests/browser/conftest.py (one
server and one browser for the whole browser suite). Screenshots go to
tests/browser/screenshots/; with SLANT_UPDATE_README_SHOT=1 the Overview also replaces
docs/screenshots/overview.png, the README's picture (a plain test run leaves the repo clean).
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import (
    PAGE_TIMEOUT_MS,
    SHOTS,
    VIEWPORT,
    _chip_texts,
    _download_report,
    _full_screenshot,
    _multiselect,
    _no_exception,
    _settle,
)
from ui.pages import PAGES

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
README_SHOT = REPO / "docs" / "screenshots" / "overview.png"
# Pages that draw no plotly chart (the others must show at least one).
NO_CHART_PAGES = frozenset({"articles", "data"})
UPLOAD_CSV = (
    "id,source,title,text\n"
    "wire-1,Test Wire,Talks in Beijing,\"Blinken and Xi held constructive talks in Beijing "
    "on Monday. Both sides agreed to keep talking, although tensions over Taiwan remain.\"\n"
)


def page_url(server: str, spec) -> str:
    """The URL of a page: the default page lives at the root."""
    return f"{server}/" if spec.default else f"{server}/{spec.url_path}"


def test_cold_start_deep_link_with_filters(page, fresh_server):
    """The first request to a fresh server is a shared link to a page with filters: it must
    run inside dashboard.py's navigation (not as a bare pages/ script) and keep the filter.
    So this test has a server of its own (`fresh_server`), not the suite's shared one."""
    page.goto(f"{fresh_server}/topics?source=Source+004")
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
    if spec.default and os.environ.get("SLANT_UPDATE_README_SHOT") == "1":
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
    target = _download_report(page, tmp_path)
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
