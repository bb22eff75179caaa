"""App tests: every page of ui.pages.PAGES (the same list dashboard.py routes over) opens on
the built-in sample without an exception, and reacts to at least one interaction."""

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.app_checks_compare import COMPARE_CHECKS
from ui.pages import PAGES, PageSpec
from ui.state import CORPUS, RESULTS_PATH, W_SOURCES, W_TOPICS
from ui.topic_editor import NEW_TOPIC

APP = Path(__file__).resolve().parents[1] / "dashboard.py"
TIMEOUT = 60  # seconds per script run: the first run analyses the sample
SAMPLE_SOURCES = ["Source 000", "Source 004"]
HOSTILE_TEXT = (
    "Officials met in Beijing on Monday. <script>alert('x')</script> The talks on Taiwan were "
    "described as candid. <img src=x onerror=\"alert(1)\"> Both sides promised to keep talking."
)


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    yield


def open_page(spec: PageSpec, *, query: dict | None = None) -> AppTest:
    """Run dashboard.py (optionally with URL query params), then switch to `spec`."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if not spec.default:
        at.switch_page(spec.path).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def charts(at: AppTest) -> list[dict]:
    """The plotly figures on the page, as dicts."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def chart_with_axis(at: AppTest, title_start: str) -> dict:
    for fig in charts(at):
        title = fig["layout"].get("xaxis", {}).get("title", {}).get("text", "")
        if title.startswith(title_start):
            return fig
    raise AssertionError(f"no chart with an x axis titled {title_start!r}")


def pick_source(at: AppTest, source: str) -> AppTest:
    at.multiselect(key=W_SOURCES).set_value([source]).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def check_overview(at: AppTest) -> None:
    articles = [m for m in at.metric if m.label == "Articles"]
    assert [m.value for m in articles] == ["1", "1"]
    assert any("95% CIs" in m.value and "Source 00" in m.value for m in at.markdown)
    pick_source(at, "Source 004")
    assert [m.value for m in at.metric if m.label == "Articles"] == ["1"]
    assert any("Only one source" in m.value for m in at.markdown)
    assert at.query_params["source"] == "Source 004"


def check_sentiment(at: AppTest) -> None:
    def strips() -> list[str]:
        fig = chart_with_axis(at, "Source")
        return [t["name"] for t in fig["data"] if t["type"] == "scatter" and "customdata" in t
                and t["name"] in SAMPLE_SOURCES]

    assert strips() == SAMPLE_SOURCES
    pick_source(at, "Source 000")
    assert strips() == ["Source 000"]
    assert any(df.value["source"].eq("Source 000").all() and len(df.value) > 0
               for df in at.dataframe if "source" in df.value)


def check_topics(at: AppTest) -> None:
    heat = next(f for f in charts(at) if f["data"] and f["data"][0]["type"] == "heatmap")
    assert "Diplomacy" not in heat["data"][0]["y"]
    at.selectbox(key="topics_editor_pick").set_value(NEW_TOPIC).run()
    at.text_input(key="topics_editor_name").set_value("Diplomacy")
    at.text_area(key="topics_editor_terms").set_value("diplomat*, talks, Secretary of State")
    at.button[0].click()  # the form's submit button comes first on the page
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    heat = next(f for f in charts(at) if f["data"] and f["data"][0]["type"] == "heatmap")
    assert "Diplomacy" in heat["data"][0]["y"]
    at.selectbox(key="topics_kwic_topic").set_value("Diplomacy").run()
    kwic = "".join(h.value for h in at.html)
    assert "<mark" in kwic and "Secretary of State" in kwic


def check_tone(at: AppTest) -> None:
    fig = next(f for f in charts(at) if f["data"] and f["data"][0].get("orientation") == "h")
    assert fig["data"][0]["y"] == SAMPLE_SOURCES
    pick_source(at, "Source 004")
    fig = next(f for f in charts(at) if f["data"] and f["data"][0].get("orientation") == "h")
    assert fig["data"][0]["y"] == ["Source 004"]
    assert any(e.label.startswith("Conflict framing") for e in at.expander)


def check_articles(at: AppTest) -> None:
    at.selectbox(key="articles_source").set_value("Source 004").run()
    body = "".join(h.value for h in at.html)
    assert "At 4:30 pm" in body
    removed = [e for e in at.expander if e.label.startswith("Removed before scoring")]
    assert removed and removed[0].label != "Removed before scoring (0)"  # "Also Read" lines


def check_data(at: AppTest) -> None:
    at.text_area(key="data_paste_text").set_value(
        "Blinken and Xi held constructive talks in Beijing on Monday. Both sides agreed to "
        "keep talking, although tensions over Taiwan remain.")
    at.text_input(key="data_paste_source").set_value("Test Wire")
    next(b for b in at.button if b.label == "Add this article").click()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Test Wire" in at.multiselect(key=W_SOURCES).options


INTERACTIONS: dict[str, Callable[[AppTest], None]] = {
    "overview": check_overview, "sentiment": check_sentiment, "topics": check_topics,
    "tone": check_tone, "articles": check_articles, "data": check_data,
    **COMPARE_CHECKS,  # the comparison pages (issue 4), kept in their own module
}


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_page_opens_and_reacts(spec: PageSpec):
    assert spec.url_path in INTERACTIONS, f"add an interaction test for {spec.path}"
    at = open_page(spec)
    assert at.title and at.title[0].value
    INTERACTIONS[spec.url_path](at)


def test_query_params_reopen_the_same_filters():
    at = open_page(PAGES[0], query={"source": "Source 004", "topic": "Taiwan"})
    assert at.multiselect(key=W_SOURCES).value == ["Source 004"]
    assert at.multiselect(key=W_TOPICS).value == ["Taiwan"]
    assert [m.value for m in at.metric if m.label == "Articles"] == ["1"]


def test_hostile_article_text_is_escaped():
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[CORPUS] = pd.DataFrame([{
        "article_id": "hostile", "source": "Evil <b>Outlet</b>", "text": HOSTILE_TEXT,
        "title": "<script>document.title='pwned'</script>", "url": None,
        "published": pd.NaT, "story": None, "origin": "hostile.txt",
    }])
    at.run()
    at.switch_page("pages/articles.py").run()
    assert not at.exception, [e.message for e in at.exception]
    body = "".join(h.value for h in at.html)
    assert "&lt;script&gt;" in body and "&lt;img src=x" in body
    assert "<script" not in body and "<img" not in body


def test_upload_adds_a_source():
    at = open_page(PAGES[-1])
    csv = (b"id,source,title,text\nw1,Upload Wire,Talks,\"Blinken met Xi in Beijing. "
           b"The talks were candid and constructive.\"\n")
    at.file_uploader(key="data_upload").upload("wire.csv", csv, "text/csv").run()
    next(b for b in at.button if b.label == "Load and analyse").click()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.multiselect(key=W_SOURCES).options == ["Upload Wire"]


def test_results_store_opens_instead_of_the_sample(tmp_path, sample_corpus):
    from analysis.store import analyze_into_store

    store = tmp_path / "store"
    renamed = sample_corpus.assign(source=["Wire A", "Wire B"])
    analyze_into_store(renamed, path=store)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[RESULTS_PATH] = str(store)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.multiselect(key=W_SOURCES).options == ["Wire A", "Wire B"]
    assert [m.value for m in at.metric if m.label == "Articles"] == ["1", "1"]


def test_missing_results_store_falls_back_to_the_sample(tmp_path):
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[RESULTS_PATH] = str(tmp_path / "no-such-store")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Could not open the results store" in at.error[0].value
    assert at.multiselect(key=W_SOURCES).options == SAMPLE_SOURCES


def test_date_and_story_filters_reaggregate(sample_corpus):
    extra = pd.DataFrame([{
        "article_id": "wire-1", "source": "Source 000", "title": "Talks resume",
        "text": "Trade talks resumed in Beijing on Wednesday. Officials said the mood was "
                "constructive and both sides hoped for progress on tariffs.",
        "url": None, "published": pd.Timestamp("2023-06-21"), "story": "Trade talks",
        "origin": "wire.csv row 2",
    }])
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[CORPUS] = pd.concat([sample_corpus, extra], ignore_index=True)
    at.query_params["story"] = "Trade talks"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.selectbox(key="sidebar_story").value == "Trade talks"
    assert at.date_input(key="sidebar_dates").value is not None
    # Only the wire article is left: Source 000 has one article of 2 sentences.
    assert [m.value for m in at.metric if m.label == "Articles"] == ["1"]
    assert any("n = 2 sentences" in c.value for c in at.caption)
    at.selectbox(key="sidebar_story").set_value("All stories").run()
    assert [m.value for m in at.metric if m.label == "Articles"] == ["2", "1"]


def test_filters_and_page_switches_do_not_rerun_the_analysis(monkeypatch):
    """Re-scoring discipline: the corpus is analysed once; changing a filter or the page
    reuses the cached tables (st.cache_data keyed by corpus content + settings)."""
    from analysis import pipeline

    calls = []
    original = pipeline.analyze

    def counting_analyze(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(pipeline, "analyze", counting_analyze)
    at = open_page(PAGES[0])
    assert len(calls) == 1
    pick_source(at, "Source 004")
    at.multiselect(key=W_TOPICS).set_value(["Taiwan"]).run()
    for spec in PAGES[1:4]:
        at.switch_page(spec.path).run()
        assert not at.exception, [e.message for e in at.exception]
    assert len(calls) == 1


def test_filters_survive_page_switches():
    """QA bug: the sidebar widgets lost their values on every other page switch (Streamlit
    resets a widget's state when the page that drew it is left), so a source filter set on
    Topics was gone after visiting Data."""
    at = open_page(next(p for p in PAGES if p.url_path == "topics"))
    pick_source(at, "Source 004")
    for spec in (*PAGES, PAGES[0]):
        at.switch_page(spec.path).run()
        assert not at.exception, [e.message for e in at.exception]
        assert at.multiselect(key=W_SOURCES).value == ["Source 004"], spec.path
        assert at.query_params["source"] == "Source 004", spec.path


def test_unreadable_uploads_are_named_on_the_load_tab():
    """QA bug: a .docx never reached the readers (the uploader's type filter dropped it in
    the browser) and skipped files were only listed on another tab."""
    at = open_page(PAGES[-1])
    assert not at.error and not at.warning  # the sample loads cleanly
    jsonl = (b'{"id": "j1", "source": "JSON Wire", "text": "Sanctions on Chinese technology '
             b'firms were discussed. Officials said talks would continue."}\n{"id": "j2", "te\n')
    uploader = at.file_uploader(key="data_upload")
    uploader.upload("report.docx", b"PK\x03\x04 not really a document", "application/msword")
    uploader.upload("feed.jsonl", jsonl, "application/jsonl").run()
    next(b for b in at.button if b.label == "Load and analyse").click()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    errors = at.error[0].value.replace("\\", "")  # markdown-escaped text
    assert "2 problems in what was loaded" in errors
    assert "report.docx: unknown file type '.docx'" in errors
    assert "feed.jsonl, line 2: malformed JSON line skipped" in errors
    assert at.multiselect(key=W_SOURCES).options == ["JSON Wire"]


def test_counting_syndicated_copies_once(sample_corpus):
    """A word-for-word reprint of seed 000 by a third outlet drops out of the source-level
    numbers when the sidebar option is ticked, and the choice goes into the URL."""
    from ui.state import W_SYNDICATED

    seed_000 = sample_corpus[sample_corpus["article_id"].str.startswith("000")].iloc[0].copy()
    seed_000["article_id"], seed_000["source"] = "zz-wire-copy", "Wire reprint"
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[CORPUS] = pd.concat([sample_corpus, seed_000.to_frame().T],
                                         ignore_index=True)
    at.run()
    assert [m.value for m in at.metric if m.label == "Articles"] == ["1", "1", "1"]
    at.checkbox(key=W_SYNDICATED).check().run()
    assert not at.exception, [e.message for e in at.exception]
    assert [m.value for m in at.metric if m.label == "Articles"] == ["1", "1"]
    assert at.query_params["syndicated"] == "once"


def test_big_store_charts_say_they_are_sampled(tmp_path):
    """A store with more articles than the sentiment arc draws (ui.sampling) opens on the
    Sentiment page, reruns after a filter change, and the arc says it shows a sample."""
    from analysis.store import analyze_into_store
    from analysis.synthetic import make_corpus
    from ui.sampling import MAX_ARC_ARTICLES

    n = MAX_ARC_ARTICLES + 10
    store = tmp_path / "big.duckdb"
    analyze_into_store(make_corpus(n), path=store)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[RESULTS_PATH] = str(store)
    at.run()
    at.switch_page("pages/sentiment.py").run()
    assert not at.exception, [e.message for e in at.exception]
    titles = [f["layout"].get("title", {}).get("text", "") for f in charts(at)]
    assert any(f"Showing {MAX_ARC_ARTICLES} of {n} articles" in t for t in titles)
    sources = at.multiselect(key=W_SOURCES).options
    pick_source(at, sources[0])
    arc = chart_with_axis(at, "Position in article")
    assert {t["name"] for t in arc["data"]} == {sources[0]}  # few articles: all drawn
    assert not arc["layout"].get("title", {}).get("text")
