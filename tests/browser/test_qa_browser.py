"""Browser tests from the first-user QA pass (issue 3): bad and hostile uploads, and the
sidebar filters across page switches. Fixtures and helpers are the browser suite's
(tests/browser/conftest.py): the uploads below replace only this test's session corpus
(each test opens its own browser context, so its own Streamlit session), so the shared
server is safe to use.
"""

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import (
    _chip_texts,
    _download_report,
    _multiselect,
    _nav,
    _no_exception,
    _settle,
)

pytestmark = pytest.mark.browser

HOSTILE_TXT = (
    "Evil Outlet reports <script>alert(1)</script> that Blinken met Xi in Beijing to discuss "
    "Taiwan. Tensions over Taiwan <img src=x onerror=alert(1)> remain high, officials said. "
    "The talks were described as constructive."
)
BROKEN_JSONL = (
    '{"id": "j1", "source": "JSON Wire", "text": "Sanctions on Chinese technology firms were '
    'discussed at length. Officials said the talks would continue next month."}\n'
    '{"id": "j2", "source": "JSON Wire", "text": "a line cut in the middle\n'
)


def test_bad_and_hostile_uploads_are_named_and_shown_as_text(page, server, tmp_path):
    """Several files at once: each unreadable one is named with its problem (a .docx too,
    which the uploader used to drop silently), the others are read, and markup in an
    article shows as text in the reader, keyword-in-context and the HTML report, with no
    script ever run (no dialog)."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    (tmp_path / "hostile.txt").write_text(HOSTILE_TXT, encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text(BROKEN_JSONL, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "report.docx").write_bytes(b"PK\x03\x04" + bytes(range(256)))
    page.goto(f"{server}/data")
    _settle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        [str(tmp_path / n) for n in ("hostile.txt", "feed.jsonl", "empty.txt", "report.docx")])
    page.get_by_text("report.docx").first.wait_for()
    page.get_by_role("button", name="Load and analyse").click()
    errors = page.locator('[data-testid="stAlertContentError"]')
    errors.first.wait_for()
    _settle(page)
    assert "report.docx: unknown file type '.docx'" in errors.first.inner_text()
    assert "feed.jsonl, line 2: malformed JSON line skipped" in errors.first.inner_text()
    assert "empty.txt: empty file" in page.locator(
        '[data-testid="stAlertContentWarning"]').first.inner_text()
    assert _chip_texts(page, "Sources") == ["JSON Wire", "hostile"]

    _nav(page, "Articles")
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Source").first.click()
    page.get_by_role("option", name="hostile").click()
    page.get_by_text("<script>alert(1)</script>", exact=False).first.wait_for()
    assert page.get_by_text("<img src=x onerror=alert(1)>", exact=False).count() >= 1
    assert page.locator('[data-testid="stMain"] img[src="x"]').count() == 0
    _nav(page, "Topics")  # keyword in context opens on the most mentioned topic: Taiwan
    page.get_by_text("<img src=x onerror=alert(1)>", exact=False).first.wait_for()
    _no_exception(page)

    _nav(page, "Data")
    target = _download_report(page, tmp_path)
    report = target.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in report and "<img src=x" not in report
    page.goto(target.as_uri())
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.wait_for_timeout(500)
    assert dialogs == []


def test_filters_survive_sidebar_navigation(page, server):
    """QA bug: every other page switch reset the sidebar widgets, and leaving a page that
    showed them empty dropped the filter (and the URL parameters) for good."""
    page.goto(f"{server}/topics")
    _settle(page)
    _multiselect(page, "Sources").locator("[data-tag]").first.wait_for()
    _multiselect(page, "Sources").get_by_role("button", name="Remove Source 000").click()
    page.wait_for_url("**source=Source*004*")
    _settle(page)
    for title in ("Data", "Overview", "Sentiment", "Tone"):
        _nav(page, title)
        _multiselect(page, "Sources").locator("[data-tag]").first.wait_for()
        assert _chip_texts(page, "Sources") == ["Source 004"], title
        assert parse_qs(urlparse(page.url).query).get("source") == ["Source 004"], title
