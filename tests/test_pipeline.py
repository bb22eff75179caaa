"""The pipeline on the real sample: table shapes and columns, and values checked against NLTK."""

import math

import pandas as pd
import pytest

from analysis import pipeline, vader
from analysis.results import TABLE_SCHEMAS, Results
from analysis.tone import TONE_COLUMNS

SEED_000_ID = "000_bbf5bfafb942b6c3"
SEED_004_ID = "004_d19ef8a8fb16cabf"


@pytest.fixture(scope="module")
def results(sample_corpus) -> Results:
    return pipeline.analyze(sample_corpus)


@pytest.mark.parametrize("table", list(TABLE_SCHEMAS))
def test_every_table_has_the_documented_columns_first(results, table):
    frame = getattr(results, table)
    assert list(frame.columns[: len(TABLE_SCHEMAS[table])]) == list(TABLE_SCHEMAS[table])


@pytest.mark.parametrize(
    ("table", "rows"),
    [("articles", 2), ("sources", 2), ("removed", 3), ("issues", 0)],
)
def test_table_row_counts_on_the_sample(results, table, rows):
    assert len(getattr(results, table)) == rows


def test_seed_004_has_its_three_cross_promotions_removed(results):
    articles = results.articles.set_index("article_id")
    assert articles.loc[SEED_004_ID, "removed"] == 3
    assert articles.loc[SEED_000_ID, "removed"] == 0
    removed = results.removed
    assert set(removed["article_id"]) == {SEED_004_ID}
    assert all(removed["text"].str.startswith("Also Read:"))
    assert not results.sentences["text"].str.contains("Also Read").any()


def test_seed_000_has_fourteen_body_sentences(results):
    articles = results.articles.set_index("article_id")
    assert articles.loc[SEED_000_ID, "n_sentences"] == 14
    ids = results.sentences.loc[results.sentences["article_id"] == SEED_000_ID, "sentence_id"]
    assert list(ids) == list(range(14))


@pytest.mark.parametrize("position", [0, 3, 7, 20, 40])
def test_sentence_compounds_equal_nltk(results, position):
    row = results.sentences.iloc[position]
    expected = vader.nltk_analyzer().polarity_scores(row["text"])
    assert (row["compound"], row["pos"], row["neu"], row["neg"]) == (
        expected["compound"], expected["pos"], expected["neu"], expected["neg"])


def test_article_sentiment_is_the_mean_of_sentence_compounds(results):
    means = results.sentences.groupby("article_id")["compound"].mean()
    articles = results.articles.set_index("article_id")
    for article_id, mean in means.items():
        assert math.isclose(articles.loc[article_id, "sentiment_mean"], mean)
        shares = articles.loc[article_id, ["share_positive", "share_neutral", "share_negative"]]
        assert math.isclose(shares.sum(), 1.0)


def test_sources_pool_their_articles(results):
    sources = results.sources.set_index("source")
    articles = results.articles.set_index("source")
    for source in sources.index:
        assert sources.loc[source, "n_sentences"] == articles.loc[source, "n_sentences"]
        assert sources.loc[source, "ci_low"] <= sources.loc[source, "sentiment_mean"]
        assert sources.loc[source, "sentiment_mean"] <= sources.loc[source, "ci_high"]
    assert set(TONE_COLUMNS) <= set(results.sources.columns)
    assert "topic_Taiwan_per_1k" in results.sources.columns


def test_topics_have_one_row_per_article_and_topic(results):
    settings = pipeline.Settings.default()
    assert len(results.topics) == 2 * len(settings.topics)
    assert len(results.source_topics) == 2 * len(settings.topics)


def test_a_runtime_topic_is_counted(sample_corpus):
    settings = pipeline.Settings.default().with_topic(name="Balloon", terms=["balloon"])
    out = pipeline.analyze(sample_corpus, settings=settings)
    counts = out.topics.loc[out.topics["topic"] == "Balloon"].set_index("article_id")["mentions"]
    assert counts[SEED_004_ID] >= 1


def test_source_metadata_is_laid_over_articles(sample_corpus):
    renamed = sample_corpus.assign(source=["Outlet A", "Outlet B"])
    out = pipeline.analyze(renamed)
    assert sorted(out.sources["source"]) == ["Outlet A", "Outlet B"]


def test_empty_corpus_gives_empty_tables_with_columns():
    out = pipeline.analyze(pd.DataFrame(columns=["article_id", "source", "text"]))
    assert out.articles.empty and out.sources.empty
    assert list(out.sentences.columns) == list(TABLE_SCHEMAS["sentences"])
    assert out.notes == ["No articles to analyse."]


def test_two_processes_give_the_same_tables(sample_corpus, results):
    corpus = pd.concat(
        [sample_corpus.assign(article_id=sample_corpus["article_id"] + f"-{i}") for i in range(3)],
        ignore_index=True,
    )
    one = pipeline.analyze(corpus, processes=1)
    two = pipeline.analyze(corpus, processes=2)  # corpus steps partly on a worker too
    for name in one.table_names():
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name), obj=name)
    assert not two.reuse.empty and not two.terms.empty and one.notes == two.notes


def test_analyze_paths_carries_reader_issues(tmp_path, seed_000_text):
    (tmp_path / "good.txt").write_text(seed_000_text, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    out = pipeline.analyze_paths([tmp_path])
    assert list(out.articles["article_id"]) == ["good"]
    assert out.issues["file"].str.contains("empty.txt").any()


def test_results_round_trip_through_csv_and_parquet(results, tmp_path):
    for fmt in ("csv", "parquet"):
        folder = results.to_dir(tmp_path / fmt, fmt=fmt)
        back = Results.from_dir(folder)
        for name in Results.table_names():
            pd.testing.assert_frame_equal(getattr(back, name), getattr(results, name),
                                          check_dtype=False, obj=f"{fmt}:{name}")


def test_batches_give_the_same_tables_as_one_batch(monkeypatch, tmp_path):
    from analysis.synthetic import make_corpus

    corpus = make_corpus(5, seed=11)
    whole = pipeline.analyze(corpus)
    monkeypatch.setattr(pipeline, "BATCH_ARTICLES", 2)
    seen: list[tuple[int, int]] = []
    batched = pipeline.analyze(corpus, cache=tmp_path,
                               progress=lambda done, total: seen.append((done, total)))
    for name in whole.table_names():
        pd.testing.assert_frame_equal(getattr(batched, name), getattr(whole, name), obj=name)
    assert [done for done, _ in seen] == [1, 2, 3, 4, 5] and {t for _, t in seen} == {5}


def test_quote_compounds_match_vader_on_the_quote_text(results):
    """Indirect quotes reuse their sentence's score; every compound must still be VADER's
    score of the quote text itself."""
    from analysis.vader import get_scorer
    scorer = get_scorer()
    quotes = results.quotes
    assert set(quotes["kind"]) == {"direct", "indirect"}
    for text, compound in zip(quotes["text"], quotes["compound"], strict=True):
        assert compound == scorer.polarity_scores(text)["compound"]


def test_article_sentiment_agrees_with_the_sentiment_module(results):
    """The pipeline's per-article summary (row dicts, for speed) and
    sentiment.article_sentiment (DataFrames) are one definition."""
    from analysis import sentiment

    expected = sentiment.article_sentiment(results.sentences).set_index("article_id")
    got = results.articles.set_index("article_id")
    for column in ("sentiment_mean", "share_positive", "share_neutral", "share_negative"):
        for article_id in expected.index:
            assert math.isclose(got.loc[article_id, column], expected.loc[article_id, column])


def test_corpus_records_are_article_records_made_slice_by_slice(sample_corpus):
    corpus = pd.concat([sample_corpus, sample_corpus.assign(article_id=None)],
                       ignore_index=True)
    whole = pipeline.article_records(corpus)
    lazy = pipeline.CorpusRecords(corpus)
    assert len(lazy) == len(whole) == 4
    assert [r["article_id"] for r in lazy[2:]] == ["2", "3"]  # positions in the corpus
    for part in (slice(0, 3), slice(1, 4), slice(3, 10), slice(0, 4, 2)):
        assert lazy[part] == whole[part]
    assert lazy[-1] == whole[-1] and lazy[0] == whole[0]
    assert len(pipeline.CorpusRecords(pd.DataFrame())) == 0 and not pipeline.CorpusRecords(None)
