"""Stories: given labels kept, the rest grouped by content-word similarity."""

import pandas as pd
import pytest

from analysis.stories import DEFAULT_STORY_THRESHOLD, STORY_PREFIX, assign_stories, jaccard

SEED_000 = "000_bbf5bfafb942b6c3"
SEED_004 = "004_d19ef8a8fb16cabf"


def _tables(docs: dict[str, list[str]], stories: dict[str, str | None]):
    sentences = pd.DataFrame(
        [{"article_id": a, "sentence_id": i, "text": s}
         for a, sents in docs.items() for i, s in enumerate(sents)]
    )
    articles = pd.DataFrame({"article_id": list(docs), "source": list(docs),
                             "story": [stories.get(a) for a in docs]})
    return articles, sentences


@pytest.fixture(scope="module")
def docs(seed_sentences, other_story_sentences):
    return {**seed_sentences, **other_story_sentences}


def test_groups_without_story_column(docs):
    articles, sentences = _tables(docs, {})
    stories = assign_stories(articles, sentences)
    assert list(stories.index) == list(docs)
    assert stories[SEED_000] == stories[SEED_004]
    assert stories["flood_a"] == stories["flood_b"]
    assert len({stories[SEED_000], stories["flood_a"], stories["rates"]}) == 3
    assert all(label.startswith(STORY_PREFIX) for label in stories)


@pytest.mark.parametrize(
    ("article", "words"),
    [(SEED_000, {"blinken", "china", "xi"}), ("flood_a", {"bavaria", "danube", "rain"}),
     ("rates", {"bank", "rates", "central", "ecb"})],
)
def test_labels_are_distinctive_words(docs, article, words):
    articles, sentences = _tables(docs, {})
    label = assign_stories(articles, sentences)[article]
    assert set(label.removeprefix(STORY_PREFIX).split(" · ")) & words


def test_given_story_wins_and_spreads(docs):
    given = {SEED_000: "Blinken in Beijing", "flood_a": "Bavaria floods"}
    articles, sentences = _tables(docs, given)
    stories = assign_stories(articles, sentences)
    assert stories[SEED_000] == "Blinken in Beijing"
    assert stories[SEED_004] == "Blinken in Beijing"  # unlabelled, grouped with a labelled one
    assert stories["flood_b"] == "Bavaria floods"
    assert stories["rates"].startswith(STORY_PREFIX)


def test_all_given_is_returned_as_is(docs):
    given = {a: f"story {i}" for i, a in enumerate(docs)}
    articles, sentences = _tables(docs, given)
    assert assign_stories(articles, sentences).to_dict() == given


@pytest.mark.parametrize(
    ("threshold", "n_stories"),
    [(0.005, 1), (DEFAULT_STORY_THRESHOLD, 3), (0.9, 5)],
)
def test_threshold_controls_strictness(docs, threshold, n_stories):
    articles, sentences = _tables(docs, {})
    assert assign_stories(articles, sentences, threshold=threshold).nunique() == n_stories


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [({"rain", "danube"}, {"rain", "bavaria"}, 1 / 3), (set(), set(), 0.0),
     ({"x"}, {"x"}, 1.0)],
)
def test_jaccard(a, b, expected):
    assert jaccard(a, b) == pytest.approx(expected)


def test_empty_and_article_without_sentences(docs):
    empty = pd.DataFrame(columns=["article_id", "source", "story"])
    assert assign_stories(empty, pd.DataFrame(columns=["article_id", "text"])).empty
    articles, sentences = _tables(docs, {})
    articles = pd.concat([articles, pd.DataFrame([{"article_id": "blank", "source": "x",
                                                   "story": None}])], ignore_index=True)
    stories = assign_stories(articles, sentences)
    assert stories["blank"].startswith(STORY_PREFIX)
    assert (stories == stories["blank"]).sum() == 1
