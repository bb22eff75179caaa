"""Results store: append without recompute, DuckDB and Parquet, bounded loading."""

import pandas as pd
import pytest

from analysis import pipeline
from analysis.store import analyze_into_store, open_store
from analysis.synthetic import make_corpus

BACKENDS = ["results.duckdb", "dataset"]


@pytest.fixture(params=BACKENDS)
def store_path(request, tmp_path):
    return tmp_path / request.param


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys).reset_index(drop=True)


def test_append_analyses_only_new_articles(store_path, sample_corpus):
    first = analyze_into_store(sample_corpus.iloc[:1], path=store_path)
    assert first.notes[-1].endswith("1 articles analysed, 0 already stored.")
    second = analyze_into_store(sample_corpus, path=store_path)
    assert second.notes[-1].endswith("1 articles analysed, 1 already stored.")
    third = analyze_into_store(sample_corpus, path=store_path)
    assert third.notes[-1].endswith("0 articles analysed, 2 already stored.")
    store = open_store(store_path)
    assert store.count("articles") == 2
    assert store.count("sentences") == 49
    assert len(store.sources()) == 2


def test_store_tables_equal_the_pipeline_tables(store_path, sample_corpus):
    analyze_into_store(sample_corpus.iloc[:1], path=store_path)
    analyze_into_store(sample_corpus, path=store_path)
    expected = pipeline.analyze(sample_corpus)
    loaded = open_store(store_path).load_results()
    for name, keys in [("articles", ["article_id"]), ("sentences", ["article_id", "sentence_id"]),
                       ("topics", ["article_id", "topic"]), ("sources", ["source"]),
                       ("removed", ["article_id", "offset"])]:
        pd.testing.assert_frame_equal(_sorted(getattr(loaded, name), keys),
                                      _sorted(getattr(expected, name), keys), obj=name)


def test_changed_article_replaces_its_rows(store_path, sample_corpus):
    analyze_into_store(sample_corpus, path=store_path)
    edited = sample_corpus.copy()
    edited.loc[0, "text"] = edited.loc[0, "text"] + "\n\nOfficials said more talks would follow."
    out = analyze_into_store(edited, path=store_path)
    assert out.notes[-1].endswith("1 articles analysed, 1 already stored.")
    store = open_store(store_path)
    assert store.count("articles") == 2
    assert store.count("sentences") == 50


def test_load_results_limits_sentences_and_says_so(store_path):
    corpus = make_corpus(12, seed=3)
    analyze_into_store(corpus, path=store_path)
    store = open_store(store_path)
    loaded = store.load_results(max_sentences=60)
    assert len(loaded.articles) == 12
    assert 0 < len(loaded.sentences) <= 60
    assert loaded.notes and loaded.notes[0].startswith("Sentences limited")
    kept = set(loaded.sentences["article_id"])
    assert set(loaded.tone_words["article_id"]) <= kept
    full = store.load_results()
    assert full.notes == [] and len(full.sentences) == store.count("sentences")


@pytest.mark.parametrize("source", ["Synthetic 1", "Synthetic 2"])
def test_queries_filter_by_source_and_topic(store_path, source):
    analyze_into_store(make_corpus(6, seed=4), path=store_path)
    store = open_store(store_path)
    articles = store.articles(sources=[source])
    assert set(articles["source"]) == {source} and len(articles) >= 1
    topics = store.source_topics(sources=[source], topics=["Taiwan"])
    assert list(topics[["source", "topic"]].itertuples(index=False, name=None)) == [
        (source, "Taiwan")]
    loaded = store.load_results(sources=[source], topics=["Taiwan"])
    assert set(loaded.topics["topic"]) <= {"Taiwan"}
    assert set(loaded.sources["source"]) == {source}


def test_articles_filter_by_date(store_path, sample_corpus):
    analyze_into_store(sample_corpus, path=store_path)
    store = open_store(store_path)
    assert len(store.articles(start="2023-06-19", end="2023-06-19")) == 2
    assert len(store.articles(start="2023-06-20")) == 0


def test_empty_store_reads_as_empty_tables(tmp_path):
    store = open_store(tmp_path / "nothing-here")
    loaded = store.load_results()
    assert loaded.articles.empty and "sentiment_mean" in loaded.sources.columns
    assert store.stored_keys() == {}


def test_source_filter_keeps_the_rows_of_those_articles(store_path):
    """load_results(sources=...) selects per-article rows with a subquery on the stored
    articles: the same rows as listing the kept ids."""
    analyze_into_store(make_corpus(8, seed=5), path=store_path)
    store = open_store(store_path)
    everything = store.load_results()
    chosen = ["Synthetic 2", "Synthetic 5"]
    ids = set(everything.articles.loc[everything.articles["source"].isin(chosen), "article_id"])
    loaded = store.load_results(sources=chosen)
    for name in ("topics", "removed", "sentences", "quotes"):
        expected = getattr(everything, name)
        expected = expected[expected["article_id"].isin(ids)]
        assert len(getattr(loaded, name)) == len(expected)
        assert set(getattr(loaded, name)["article_id"]) <= ids
    assert len(loaded.topics) > 0 and len(loaded.sentences) > 0
    assert set(loaded.reuse["article_a"]) <= ids
    assert store.load_results(sources=[]).topics.empty


def test_dashboard_store_loader_shares_one_read_and_copies_on_write(store_path):
    from ui.cache import load_store_cached

    analyze_into_store(make_corpus(4, seed=6), path=store_path)
    first = load_store_cached(str(store_path), 1.0)
    second = load_store_cached(str(store_path), 1.0)
    assert first["articles"] is not second["articles"]
    first["articles"].loc[:, "n_words"] = -1  # a page that writes to its table...
    assert (second["articles"]["n_words"] > 0).all()  # ...never changes the shared one
    assert (load_store_cached(str(store_path), 1.0)["articles"]["n_words"] > 0).all()


TABLE_KEYS = {"articles": ["article_id"], "sentences": ["article_id", "sentence_id"],
              "topics": ["article_id", "topic"],
              "sentence_topics": ["article_id", "sentence_id", "topic"],
              "removed": ["article_id", "offset"], "quotes": ["article_id", "sentence_id", "text"],
              "tone_words": ["article_id", "dimension", "word"], "sources": ["source"],
              "source_topics": ["source", "topic"], "reuse": ["article_a", "article_b"],
              "terms": ["source", "term"]}


def test_streamed_batches_give_the_pipeline_tables(store_path, monkeypatch):
    """A corpus given as several DataFrames, analysed a few articles at a time, stores the
    same tables (corpus-level ones included) as `pipeline.analyze` on the whole corpus, and
    articles without an id are numbered by their position in the whole input."""
    monkeypatch.setattr(pipeline, "BATCH_ARTICLES", 4)
    corpus = make_corpus(18, seed=7).drop(columns=["article_id"])
    parts = [corpus.iloc[:7], corpus.iloc[7:8], corpus.iloc[8:]]
    seen = []
    returned = analyze_into_store(iter(parts), path=store_path, total=len(corpus),
                                  progress=lambda done, total: seen.append((done, total)))
    expected = pipeline.analyze(corpus)
    stored = open_store(store_path).load_all()
    for name, keys in TABLE_KEYS.items():
        pd.testing.assert_frame_equal(_sorted(getattr(stored, name), keys),
                                      _sorted(getattr(expected, name), keys), obj=name)
    assert not expected.reuse.empty and sorted(stored.articles["article_id"], key=int) == [
        str(i) for i in range(18)]
    assert seen[-1] == (18, 18)
    assert returned.tone_words.empty and len(returned.sentences) == len(expected.sentences)
