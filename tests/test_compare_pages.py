"""The comparison pages with several stories: the sidebar story filter restricts every
comparison to one story, and each page names the story it compares (issue 4)."""

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.readers import load_sample
from ui.state import CORPUS, W_STORY

APP = Path(__file__).resolve().parents[1] / "dashboard.py"
TIMEOUT = 90
SAMPLE_STORY = "Blinken meets Xi in Beijing (June 2023)"
OTHER_STORY = "Grain deal talks in Istanbul"
# Two outlets on another event; both carry the same wire sentence about the grain corridor.
WIRE = ("Turkish officials said the Black Sea grain corridor would stay open for another "
        "sixty days after overnight talks in Istanbul.")
OTHER_ARTICLES = [
    ("grain-a", "Wire A", f"{WIRE} Exporters welcomed the decision. Shipping insurers remain "
     "cautious about the grain corridor and the harbour mines."),
    ("grain-b", "Wire B", f"{WIRE} Farmers' unions called the extension too short. Prices of "
     "wheat fell sharply in Chicago after the grain corridor news."),
]


def two_story_corpus() -> pd.DataFrame:
    sample = load_sample().articles
    extra = pd.DataFrame([
        {"article_id": aid, "source": source, "text": text, "title": None, "url": None,
         "published": pd.Timestamp("2023-06-19"), "story": OTHER_STORY, "origin": f"{aid}.txt"}
        for aid, source, text in OTHER_ARTICLES
    ])
    return pd.concat([sample, extra[sample.columns]], ignore_index=True)


def open_page(path: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[CORPUS] = two_story_corpus()
    at.run()
    at.switch_page(path).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def banner(at: AppTest) -> str:
    return next(c.value for c in at.caption if "ompar" in c.value)


# The grain story has reported statements but no direct quote: Voices must still draw.
@pytest.mark.parametrize("path", ["pages/voices.py", "pages/passages.py", "pages/words.py"])
def test_pages_say_all_stories_then_the_chosen_one(path):
    at = open_page(path)
    assert "all 2 stories" in banner(at)
    at.selectbox(key=W_STORY).set_value(OTHER_STORY).run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Grain deal talks in Istanbul" in banner(at)
    assert "2 articles from 2 sources" in banner(at)


def test_story_filter_restricts_passages_to_that_story():
    at = open_page("pages/passages.py")
    assert len(at.selectbox(key="passages_pair").options) == 2  # one pair per story
    at.selectbox(key=W_STORY).set_value(OTHER_STORY).run()
    pair = at.selectbox(key="passages_pair")
    assert len(pair.options) == 1 and "Wire A" in pair.options[0]
    body = "".join(h.value for h in at.html)
    assert "Black Sea grain corridor" in body
    assert "responsibly managing" not in body


def test_story_filter_recomputes_distinctive_words_for_that_story():
    at = open_page("pages/words.py")
    at.selectbox(key=W_STORY).set_value(SAMPLE_STORY).run()
    assert at.selectbox(key="words_source").options == ["Source 000", "Source 004"]
    at.selectbox(key=W_STORY).set_value(OTHER_STORY).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.selectbox(key="words_source").options == ["Wire A", "Wire B"]
    terms = at.selectbox(key="words_term").options
    assert "grain" not in terms  # both outlets use it: not distinctive of either


HOSTILE_TEXT = (
    'Blinken "underscored the importance of responsibly managing the competition between the '
    "United States and the PRC <script>alert('x')</script> through open channels of "
    'communication," a <img src=x onerror="alert(1)"> spokesperson said. The <b>script</b> '
    "tag and the script reader both appear, so script is a distinctive word here."
)


@pytest.mark.parametrize("path", ["pages/voices.py", "pages/passages.py", "pages/words.py"])
def test_hostile_text_and_names_are_escaped(path):
    sample = load_sample().articles.iloc[:1]
    hostile = sample.assign(article_id="hostile", source="Evil <b>Outlet</b>",
                            text=HOSTILE_TEXT, origin="hostile.txt")
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state[CORPUS] = pd.concat([sample, hostile], ignore_index=True)
    at.run()
    at.switch_page(path).run()
    assert not at.exception, [e.message for e in at.exception]
    if path.endswith("words.py"):
        at.selectbox(key="words_source").set_value("Evil <b>Outlet</b>").run()
        at.selectbox(key="words_term").set_value("script").run()
        assert not at.exception, [e.message for e in at.exception]
    body = "".join(h.value for h in at.html)
    assert "<script" not in body and "<img" not in body and "<b>" not in body
    if path.endswith("passages.py"):  # the shared sentence carries the <script> tag
        assert "&lt;script&gt;" in body
