"""ui/filters.py: the syndicated-copies filter (the other filters are in test_state.py)."""

import pandas as pd
import pytest

from ui.filters import (
    Choices,
    FilteredTables,
    Filters,
    filter_tables,
    filters_from_query,
    filters_to_query,
    is_in,
)

CHOICES = Choices(sources=("A", "B", "C"), topics=("Taiwan",))
TABLES = {
    "articles": pd.DataFrame({"article_id": ["a1", "b1", "c1"], "source": ["A", "B", "C"]}),
    "sentences": pd.DataFrame({"article_id": ["a1", "b1", "c1"], "sentence_id": [0, 0, 0],
                               "text": ["Talks resumed.", "Talks resumed.", "Rain fell."]}),
    "reuse": pd.DataFrame({"article_a": ["a1"], "article_b": ["b1"], "similarity": [0.97],
                           "passages": ["[]"]}),
}


def test_syndicated_once_round_trips_through_the_url() -> None:
    params = filters_to_query(Filters(syndicated_once=True), choices=CHOICES)
    assert params == {"syndicated": "once"}
    assert filters_from_query(params, choices=CHOICES).syndicated_once is True
    assert filters_from_query({}, choices=CHOICES).syndicated_once is False


def test_syndicated_once_keeps_the_earliest_copy_only() -> None:
    kept = filter_tables(TABLES, Filters(syndicated_once=True))
    assert list(kept["articles"]["article_id"]) == ["a1", "c1"]
    assert list(kept["sentences"]["article_id"]) == ["a1", "c1"]
    assert list(filter_tables(TABLES, Filters())["articles"]["article_id"]) == ["a1", "b1", "c1"]


# ---- fast membership and lazy filtering (issue 5: a 100,000-article store) ----

def _old_filter_tables(tables, filters):
    """filter_tables as it was before FilteredTables (Series.isin on Python sets)."""
    from analysis.aggregate import SYNDICATED_THRESHOLD
    from analysis.reuse import syndicated_duplicates
    from ui.filters import ARTICLE_TABLES, SOURCE_TABLES, kept_articles

    out = dict(tables)
    kept = kept_articles(tables.get("articles", pd.DataFrame()), filters)
    ids = set(kept["article_id"]) if not kept.empty else set()
    if filters.syndicated_once and tables.get("reuse") is not None:
        ids -= syndicated_duplicates(tables["reuse"], threshold=SYNDICATED_THRESHOLD)
    sources = set(kept["source"].astype(str)) if not kept.empty else set()
    for name in ARTICLE_TABLES:
        frame = tables.get(name)
        if frame is not None and "article_id" in frame:
            out[name] = frame[frame["article_id"].isin(ids)]
    for name in SOURCE_TABLES:
        frame = tables.get(name)
        if frame is not None and "source" in frame:
            out[name] = frame[frame["source"].astype(str).isin(sources)]
    reuse = tables.get("reuse")
    if reuse is not None and not reuse.empty:
        out["reuse"] = reuse[reuse["article_a"].isin(ids) & reuse["article_b"].isin(ids)]
    if filters.topics:
        for name in ("topics", "sentence_topics", "source_topics"):
            frame = out.get(name)
            if frame is not None and "topic" in frame:
                out[name] = frame[frame["topic"].astype(str).isin(filters.topics)]
    return out


@pytest.fixture(scope="module")
def seed_tables(seed_sentences):
    """Per-article tables of the two real seeds, split into three sources."""
    rows = [{"article_id": f"{k}-{part}", "sentence_id": i, "text": text}
            for k, sentences in seed_sentences.items() for part in range(3)
            for i, text in enumerate(sentences)]
    sentences = pd.DataFrame(rows)
    ids = sorted(sentences["article_id"].unique())
    articles = pd.DataFrame({"article_id": ids, "source": [f"S{i % 3}" for i in range(len(ids))]})
    topics = pd.DataFrame([{"article_id": a, "topic": t, "mentions": 1}
                           for a in ids for t in ("Taiwan", "Trade")])
    source_topics = pd.DataFrame([{"source": s, "topic": t} for s in ("S0", "S1", "S2")
                                  for t in ("Taiwan", "Trade")])
    reuse = pd.DataFrame({"article_a": ids[:-1], "article_b": ids[1:],
                          "similarity": [0.97, 0.5, 0.99, 0.2, 0.96], "passages": ["[]"] * 5})
    return {"articles": articles, "sentences": sentences, "topics": topics,
            "source_topics": source_topics, "reuse": reuse,
            "issues": pd.DataFrame({"file": [], "problem": []})}


@pytest.mark.parametrize("filters", [
    Filters(), Filters(sources=("S1",)), Filters(sources=("S0", "S2"), topics=("Trade",)),
    Filters(syndicated_once=True), Filters(sources=("S1", "S2"), syndicated_once=True),
    Filters(sources=("nobody",)), Filters(topics=("Taiwan",)),
])
def test_filtered_tables_equal_the_plain_filtering(seed_tables, filters):
    old = _old_filter_tables(seed_tables, filters)
    lazy = FilteredTables(seed_tables, filters)
    assert set(lazy) == set(old)
    for name, frame in old.items():
        pd.testing.assert_frame_equal(lazy[name], frame)


def test_filtered_tables_filter_only_what_is_read(seed_tables):
    lazy = FilteredTables(seed_tables, Filters(sources=("S1",)))
    assert set(lazy["source_topics"]["source"]) == {"S1"}
    assert set(lazy._done) == {"source_topics"}  # the sentences were never filtered


@pytest.mark.parametrize("allowed", [
    set(), {"a"}, {"a", "c"}, ["a", "zzz"], {"a", None}, ("b",), [1, "a"],
])
@pytest.mark.parametrize("dtype", ["str", "object", "string[pyarrow]", "string[python]"])
def test_is_in_equals_pandas_isin(allowed, dtype):
    column = pd.Series(["a", "b", None, "c", "a", "é"], dtype=dtype)
    assert is_in(column, allowed).tolist() == column.isin(list(allowed)).tolist()


def test_is_in_takes_a_series_of_real_ids(seed_tables):
    ids = seed_tables["articles"]["article_id"]
    column = seed_tables["sentences"]["article_id"]
    wanted = ids[ids.str.endswith("-1")]
    assert is_in(column, wanted).tolist() == column.isin(set(wanted)).tolist()
    assert not is_in(column, ids.iloc[0:0]).any()
