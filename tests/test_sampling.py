"""ui/sampling.py and the charts that use it: big inputs are thinned the same way on every
run and the chart says so; small inputs (the sample) are drawn in full, unchanged."""

import json

import pandas as pd
import pytest

from ui.figures import selected_sentences, sentiment_arc, sentiment_distribution
from ui.markup_compare import ranked_pairs
from ui.sampling import (
    MAX_ARC_ARTICLES,
    MAX_STRIP_POINTS,
    arc_articles,
    evenly_spaced,
    heatmap_articles,
    labels_for,
    shown_note,
    strongest,
)

N_SOURCES = 5


@pytest.fixture(scope="module")
def many_sentences(seed_sentences) -> pd.DataFrame:
    """The seeds' real sentences repeated over 5 sources x 40 articles (~12,000 rows)."""
    texts = [s for sentences in seed_sentences.values() for s in sentences]
    rows = [
        {"source": f"Source {s}", "article_id": f"s{s}-a{a:03d}", "sentence_id": i,
         "text": text, "compound": ((i * 37 + a * 11 + s) % 200) / 100 - 1}
        for s in range(N_SOURCES) for a in range(40) for i, text in enumerate(texts)
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def many_sources(many_sentences) -> pd.DataFrame:
    stats = many_sentences.groupby("source")["compound"].agg(["mean", "size"])
    return pd.DataFrame({"source": stats.index, "sentiment_mean": stats["mean"].to_numpy(),
                         "ci_low": stats["mean"].to_numpy() - 0.1,
                         "ci_high": stats["mean"].to_numpy() + 0.1,
                         "n_sentences": stats["size"].to_numpy()})


@pytest.mark.parametrize(("n", "limit", "expected"), [
    (5, 10, [0, 1, 2, 3, 4]),
    (5, 5, [0, 1, 2, 3, 4]),
    (10, 3, [0, 4, 9]),  # first and last always kept, the rest evenly spaced
    (10, 1, [0]),
    (10, 0, []),
    (0, 3, []),
])
def test_evenly_spaced(n, limit, expected):
    frame = pd.DataFrame({"i": range(n)})
    assert evenly_spaced(frame, limit=limit)["i"].tolist() == expected


def test_arc_articles_keeps_every_source(many_sentences):
    chosen = arc_articles(many_sentences, limit=10)
    assert len(chosen) == 10 and chosen == sorted(chosen)
    assert {c.split("-")[0] for c in chosen} == {f"s{s}" for s in range(N_SOURCES)}
    assert arc_articles(many_sentences, limit=10) == chosen  # same on every rerun


def test_arc_articles_all_when_few(seed_sentences):
    frame = pd.DataFrame([{"source": "A", "article_id": k, "sentence_id": 0}
                          for k in seed_sentences])
    assert arc_articles(frame) == sorted(seed_sentences)


def test_strongest_orders_by_absolute_score(seed_sentences):
    texts = next(iter(seed_sentences.values()))[:4]
    frame = pd.DataFrame({"text": texts, "compound": [0.1, -0.9, 0.5, 0.0]})
    assert strongest(frame, limit=2)["compound"].tolist() == [-0.9, 0.5]
    assert strongest(frame, limit=10).equals(frame)


def test_shown_note_and_labels():
    assert shown_note(10, 10, noun="articles") == ""
    assert shown_note(40, 2600, noun="articles") == (
        "Showing 40 of 2,600 articles (evenly spaced sample).")
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    assert labels_for(frame, columns=("b", "a")) == [("x", 1), ("y", 2)]


def test_big_strip_plot_samples_dots_and_says_so(many_sentences, many_sources):
    fig = sentiment_distribution(many_sentences, many_sources, colors={})
    boxes = [t for t in fig.data if t.type == "box"]
    strips = [t for t in fig.data if t.type == "scatter" and t.customdata is not None
              and t.name.startswith("Source")]
    per_source = len(many_sentences) // N_SOURCES
    assert [len(b.y) for b in boxes] == [per_source] * N_SOURCES  # boxes use every sentence
    assert [len(t.y) for t in strips] == [MAX_STRIP_POINTS] * N_SOURCES
    assert f"Showing {MAX_STRIP_POINTS} of {per_source:,}" in fig.layout.title.text
    picked = selected_sentences(fig, {"points": [{"curve_number": 1, "point_index": 1}]})
    first = many_sentences[many_sentences["source"] == "Source 0"].reset_index(drop=True)
    row = evenly_spaced(first, limit=MAX_STRIP_POINTS).iloc[1]
    assert picked == [(row["article_id"], int(row["sentence_id"]))]


def test_big_arc_draws_a_sample_of_articles_and_says_so(many_sentences):
    fig = sentiment_arc(many_sentences, colors={})
    assert [t.name for t in fig.data] == [f"Source {s}" for s in range(N_SOURCES)]
    assert f"Showing {MAX_ARC_ARTICLES} of 200 articles" in fig.layout.title.text
    chosen = many_sentences[many_sentences["article_id"].isin(arc_articles(many_sentences))]
    points = sum(int(pd.notna(t.y).sum()) for t in fig.data)
    assert points == len(chosen)
    gaps = sum(int(pd.isna(t.y).sum()) for t in fig.data)
    assert gaps == MAX_ARC_ARTICLES - N_SOURCES  # one gap between two articles of a source
    first = fig.data[0]
    picked = selected_sentences(fig, {"points": [
        {"curve_number": 0, "point_index": i} for i in range(len(first.y))]})
    assert len(picked) == int(pd.notna(first.y).sum())  # gaps are never picked
    assert picked[0] == (chosen.sort_values(["article_id", "sentence_id"]).iloc[0]["article_id"],
                         0)


def test_small_charts_are_drawn_in_full(many_sentences, many_sources):
    few = many_sentences[many_sentences["article_id"].isin(["s0-a000", "s1-a000"])]
    dist = sentiment_distribution(few, many_sources, colors={})
    arc = sentiment_arc(few, colors={})
    assert len(arc.data) == 2 and not arc.layout.title.text
    assert not dist.layout.title.text
    assert sum(len(t.y) for t in dist.data if t.type == "scatter" and t.customdata is not None
               and t.name.startswith("Source")) == len(few)


@pytest.fixture(scope="module")
def reuse_pairs(seed_sentences) -> pd.DataFrame:
    """30 pairs of 12 articles, passages taken from the seeds' real sentences, with ties."""
    texts = [s for sentences in seed_sentences.values() for s in sentences]
    rows = []
    for k in range(30):
        a, b = f"a{k % 12:02d}", f"a{(k * 5 + 1) % 12:02d}"
        passages = [{"a": texts[(k + j) % len(texts)], "b": texts[(k + j) % len(texts)],
                     "similarity": 1.0} for j in range(k % 3 + 1)]
        rows.append({"article_a": min(a, b), "article_b": max(a, b) + ("x" if a == b else ""),
                     "similarity": round((k * 7 % 10) / 10, 1), "passages": json.dumps(passages)})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("limit", [1, 3, 5, 12, 29, 30, 100])
def test_ranked_pairs_limit_equals_the_head_of_the_full_ranking(reuse_pairs, limit):
    full = ranked_pairs(reuse_pairs)
    pd.testing.assert_frame_equal(ranked_pairs(reuse_pairs, limit=limit),
                                  full.head(limit).reset_index(drop=True))
    assert full["n_passages"].tolist()[:3] == [
        len(json.loads(p)) for p in full["passages"].head(3)]


def test_heatmap_articles_keeps_the_most_similar_pairs(reuse_pairs):
    articles = pd.DataFrame({"article_id": [f"a{i:02d}" for i in range(12)] + ["a05x"],
                             "source": ["S"] * 13})
    ranked = ranked_pairs(reuse_pairs)
    drawn = heatmap_articles(articles, ranked, limit=4)
    first = list(dict.fromkeys([ranked["article_a"][0], ranked["article_b"][0],
                                ranked["article_a"][1], ranked["article_b"][1]]))[:4]
    assert set(first) <= set(drawn["article_id"]) and len(drawn) == 4
    assert heatmap_articles(articles, ranked, limit=20) is articles
    lonely = heatmap_articles(articles, ranked.iloc[0:0], limit=3)
    assert list(lonely["article_id"]) == ["a00", "a01", "a02"]
