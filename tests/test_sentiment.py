"""Sentence labels, article and source sentiment, bootstrap intervals, mean comparisons."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis import sentiment, vader
from analysis.sentences import split_sentences

SEED_IDS = ("000", "004")


@pytest.fixture(scope="module")
def seed_sentences(seed_000_text: str, seed_004_text: str) -> pd.DataFrame:
    rows = [
        {"article_id": article_id, "sentence_id": i, "text": text}
        for article_id, body in zip(SEED_IDS, (seed_000_text, seed_004_text), strict=True)
        for i, text in enumerate(split_sentences(body))
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def scored(seed_sentences: pd.DataFrame) -> pd.DataFrame:
    return sentiment.score_sentences(seed_sentences)


@pytest.mark.parametrize(
    ("compound", "expected"),
    [(0.05, "positive"), (0.0499, "neutral"), (0.0, "neutral"), (-0.0499, "neutral"),
     (-0.05, "negative"), (0.9935, "positive"), (-0.9901, "negative")],
)
def test_label_thresholds(compound: float, expected: str) -> None:
    assert sentiment.label(compound) == expected
    assert sentiment.labels(pd.Series([compound])).tolist() == [expected]


def test_score_sentences_matches_nltk(scored: pd.DataFrame, seed_sentences: pd.DataFrame) -> None:
    reference = vader.nltk_analyzer()
    assert list(scored.columns) == [*seed_sentences.columns, "compound", "pos", "neu", "neg",
                                    "label"]
    for row in scored.itertuples():
        expected = reference.polarity_scores(row.text)
        assert (row.compound, row.pos, row.neu, row.neg) == (
            expected["compound"], expected["pos"], expected["neu"], expected["neg"])
        assert row.label == sentiment.label(row.compound)
    assert set(scored["label"]) == {"positive", "neutral", "negative"}


@pytest.mark.parametrize(
    ("texts", "labels"),
    [
        (["The ministry did not welcome the proposal.", "Markets rallied on the good news."],
         ["negative", "positive"]),
        (["The meeting lasted two hours.", None], ["neutral", "neutral"]),
        ([], []),
    ],
)
def test_score_sentences_table(texts: list, labels: list[str]) -> None:
    frame = pd.DataFrame({"body": pd.Series(texts, dtype=object, index=range(5, 5 + len(texts)))})
    out = sentiment.score_sentences(frame, text_col="body")
    assert out["label"].tolist() == labels
    assert list(out.index) == list(frame.index)
    assert out["compound"].dtype == float


def test_article_sentiment_by_hand() -> None:
    sentences = pd.DataFrame({
        "article_id": ["a", "a", "a", "a", "b"],
        "compound": [0.5, -0.2, 0.0, 0.04, -0.6],
    })
    table = sentiment.article_sentiment(sentences).set_index("article_id")
    assert table.loc["a"].tolist() == pytest.approx([4, 0.085, 0.25, 0.5, 0.25])
    assert table.loc["b"].tolist() == pytest.approx([1, -0.6, 0.0, 0.0, 1.0])
    assert list(sentiment.article_sentiment(sentences.iloc[:0]).columns) == list(
        sentiment.ARTICLE_COLUMNS)


def test_article_sentiment_on_seeds(scored: pd.DataFrame) -> None:
    table = sentiment.article_sentiment(scored).set_index("article_id")
    for article_id, group in scored.groupby("article_id"):
        row = table.loc[article_id]
        assert row["n_sentences"] == len(group)
        assert row["sentiment_mean"] == pytest.approx(np.mean(group["compound"]))
        shares = [row[f"share_{lab}"] for lab in sentiment.LABELS]
        assert sum(shares) == pytest.approx(1.0)
        assert row["share_negative"] == pytest.approx((group["compound"] <= -0.05).mean())
    # Sentence means are moderate, unlike VADER run on the whole of seed 004 (about -0.99).
    assert table["sentiment_mean"].abs().max() < 0.5


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], (math.nan, math.nan)), ([0.4], (0.4, 0.4)), ([-0.3, -0.3, -0.3], (-0.3, -0.3)),
     ([math.nan, 0.2], (0.2, 0.2))],
)
def test_bootstrap_ci_edge_cases(values: list[float], expected: tuple[float, float]) -> None:
    assert sentiment.bootstrap_ci(values) == pytest.approx(expected, nan_ok=True)


def test_bootstrap_ci_equals_numpy_reference(scored: pd.DataFrame) -> None:
    values = scored["compound"].to_numpy()
    rng = np.random.default_rng(7)
    means = values[rng.integers(0, values.size, size=(2000, values.size))].mean(axis=1)
    expected = tuple(np.quantile(means, [0.025, 0.975]))
    assert sentiment.bootstrap_ci(values, seed=7) == pytest.approx(expected)
    low, high = sentiment.bootstrap_ci(values)
    assert low < values.mean() < high
    narrow = sentiment.bootstrap_ci(values, confidence=0.5)
    assert low < narrow[0] < narrow[1] < high
    assert sentiment.bootstrap_ci(values) == (low, high)  # seeded: reproducible


def test_bootstrap_chunks_large_samples() -> None:
    values = np.random.default_rng(1).normal(0.1, 0.3, size=5000)
    low, high = sentiment.bootstrap_ci(values, n_resamples=1000)
    half_width = 1.96 * values.std() / math.sqrt(values.size)
    assert low == pytest.approx(values.mean() - half_width, abs=0.003)
    assert high == pytest.approx(values.mean() + half_width, abs=0.003)


def test_source_sentiment(scored: pd.DataFrame) -> None:
    articles = pd.DataFrame({"article_id": ["000", "004", "999"],
                             "source": ["Outlet B", "Outlet A", "Outlet B"]})
    table = sentiment.source_sentiment(scored, articles)
    assert list(table.columns) == list(sentiment.SOURCE_COLUMNS)
    assert table["source"].tolist() == ["Outlet A", "Outlet B"]
    rows = table.set_index("source")
    assert rows.loc["Outlet B", "n_articles"] == 2
    for source, article_id in (("Outlet A", "004"), ("Outlet B", "000")):
        values = scored.loc[scored["article_id"] == article_id, "compound"]
        row = rows.loc[source]
        assert row["n_sentences"] == len(values)
        assert row["sentiment_mean"] == pytest.approx(values.mean())
        assert (row["ci_low"], row["ci_high"]) == sentiment.bootstrap_ci(values.to_numpy())
        assert row["share_positive"] == pytest.approx((values >= 0.05).mean())


def test_source_sentiment_without_sentences() -> None:
    articles = pd.DataFrame({"article_id": ["x"], "source": ["Quiet"]})
    empty = pd.DataFrame(columns=["article_id", "sentence_id", "text", "compound", "label"])
    row = sentiment.source_sentiment(empty, articles).iloc[0]
    assert (row["source"], row["n_articles"], row["n_sentences"]) == ("Quiet", 1, 0)
    assert math.isnan(row["sentiment_mean"]) and math.isnan(row["ci_low"])
    assert sentiment.source_sentiment(empty, articles.iloc[:0]).empty


def test_compare_means_separates_clear_difference(scored: pd.DataFrame) -> None:
    positive = scored.loc[scored["label"] == "positive", "compound"]
    negative = scored.loc[scored["label"] == "negative", "compound"]
    result = sentiment.compare_means(positive, negative)
    assert result.difference == pytest.approx(positive.mean() - negative.mean())
    assert result.ci_low < result.difference < result.ci_high
    assert result.significant and not result.cis_overlap
    assert (result.n_a, result.n_b) == (len(positive), len(negative))


def test_compare_means_same_group_and_empty(scored: pd.DataFrame) -> None:
    values = scored["compound"]
    same = sentiment.compare_means(values, values)
    assert same.difference == 0.0 and same.cis_overlap and not same.significant
    assert same.ci_low < 0 < same.ci_high
    empty = sentiment.compare_means(values, [])
    assert empty.n_b == 0 and math.isnan(empty.difference) and not empty.significant


@pytest.mark.parametrize("size", [2, 3, 65, 1_000, 70_000])
def test_bootstrap_means_equal_one_shot_draw(scored: pd.DataFrame, size: int) -> None:
    # Chunked draws (cache-sized) are the same random stream and the same means, bit for bit,
    # as drawing every resample at once; the generator ends in the same state.
    values = np.resize(scored["compound"].to_numpy(), size)
    plain_rng, rng = np.random.default_rng(3), np.random.default_rng(3)
    plain = values[plain_rng.integers(0, size, size=(300, size))].mean(axis=1)
    assert np.array_equal(sentiment.bootstrap_means(values, n_resamples=300, rng=rng), plain)
    assert rng.bit_generator.state == plain_rng.bit_generator.state
