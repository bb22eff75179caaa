"""Browser tests of the comparison pages (Voices, Shared passages, Distinctive words) on the
built-in sample, in Debian's chromium. The server / browser / page fixtures are the browser
suite's (tests/browser/conftest.py); screenshots go to tests/browser/screenshots/.
"""

import pytest

from tests.app_checks_compare import SHARED_STATE_DEPARTMENT
from tests.browser.conftest import SHOTS, VIEWPORT, _no_exception, _settle

pytestmark = pytest.mark.browser

CHART = ".js-plotly-plot .main-svg"
MAX_SHOT = 6000  # pixels: tallest screenshot taken


def _open(tab, server_url: str, url_path: str) -> None:
    tab.goto(f"{server_url}/{url_path}")
    _settle(tab)
    tab.get_by_role("heading", level=1).first.wait_for()
    tab.wait_for_selector(CHART)
    tab.wait_for_timeout(800)  # let plotly finish drawing
    _no_exception(tab)


def _shot(tab, name: str) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its main container, so the
    viewport is grown to that container's height first."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = tab.evaluate(
        "() => (document.querySelector('[data-testid=\"stMain\"]') || document.body)"
        ".scrollHeight")
    tab.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height), MAX_SHOT)})
    tab.wait_for_timeout(800)  # plotly redraws at the new size
    tab.screenshot(path=str(SHOTS / f"compare_{name}.png"), full_page=True)


def _click_center(tab, locator) -> None:
    """Click the middle of a plotly bar: plotly's drag layer lies over the bars, so click
    where the bar is drawn, as a user does."""
    box = locator.bounding_box()
    tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def _selectbox_value(tab, label: str) -> str:
    return tab.get_by_role("combobox", name=label).input_value().strip()


def test_voices_page_shows_who_is_quoted(page, server):
    _open(page, server, "voices")
    assert page.locator(".js-plotly-plot").count() == 3
    page.get_by_text("Story compared").first.wait_for()
    speakers = page.locator(".js-plotly-plot").first
    assert "Matthew Miller" in speakers.inner_text()
    assert "Wang Yi" in speakers.inner_text()
    # Source 000's bars come first: Matthew Miller, then Wang Yi. Click Wang Yi's bar.
    bar = speakers.locator(".barlayer .trace").first.locator(".point path").nth(1)
    _click_center(page, bar)
    chips = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Speakers")
    chips.locator('[data-tag][aria-label="Wang Yi"]').wait_for()
    _settle(page)
    _no_exception(page)
    assert page.get_by_text("3 quotes.").count() == 1
    _shot(page, "voices")


def test_passages_page_shows_the_shared_state_department_sentence(page, server):
    _open(page, server, "passages")
    shared = page.locator("table.slant-passages")
    shared.wait_for()
    assert SHARED_STATE_DEPARTMENT in shared.inner_text()
    assert shared.locator("mark").count() >= 1  # the reordered "United States ... PRC"
    _shot(page, "passages")


def test_words_page_bar_click_shows_its_sentences(page, server):
    _open(page, server, "words")
    before = _selectbox_value(page, "Term")
    bars = page.locator(".js-plotly-plot .barlayer .point path")
    assert bars.count() >= 2
    _click_center(page, bars.first)  # the lowest bar: not the default term (the top one)
    page.wait_for_function(
        "(before) => document.querySelector('input[aria-label=\"Term\"]').value !== before",
        arg=before)
    _settle(page)
    _no_exception(page)
    after = _selectbox_value(page, "Term")
    assert after != before
    kwic = page.locator("table.slant-kwic")
    assert kwic.locator("mark").count() >= 1
    assert after.lower() in kwic.locator("mark").first.inner_text().lower()
    _shot(page, "words")
