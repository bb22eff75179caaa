"""Corpus-level aggregation: source tables, and counting syndicated copies once."""

import pandas as pd
import pytest

from analysis import pipeline
from analysis.aggregate import count_syndicated_once, source_tables, without_articles


@pytest.fixture(scope="module")
def corpus_with_wire_copy(sample_corpus: pd.DataFrame) -> pd.DataFrame:
    """The sample plus a word-for-word copy of seed 000 run by a third outlet."""
    seed_000 = sample_corpus[sample_corpus["article_id"].str.startswith("000")].iloc[0]
    copy = seed_000.copy()
    copy["article_id"] = "zz-wire-copy"
    copy["source"] = "Wire reprint"
    return pd.concat([sample_corpus, copy.to_frame().T], ignore_index=True)


@pytest.fixture(scope="module")
def results(corpus_with_wire_copy: pd.DataFrame) -> pipeline.Results:
    return pipeline.analyze(corpus_with_wire_copy)


def test_the_copy_is_found_as_near_identical(results: pipeline.Results) -> None:
    pair = results.reuse[results.reuse["article_b"].eq("zz-wire-copy")
                         | results.reuse["article_a"].eq("zz-wire-copy")]
    assert pair["similarity"].max() >= 0.99


def test_counting_copies_once_leaves_the_later_copy_out(results: pipeline.Results) -> None:
    tables, dropped = count_syndicated_once(results.tables())
    assert dropped == {"zz-wire-copy"}
    assert set(results.sources["source"]) == {"Source 000", "Source 004", "Wire reprint"}
    assert set(tables["sources"]["source"]) == {"Source 000", "Source 004"}
    assert set(tables["source_topics"]["source"]) == {"Source 000", "Source 004"}


def test_source_numbers_do_not_change_for_the_sources_kept(results: pipeline.Results) -> None:
    tables, _ = count_syndicated_once(results.tables())
    before = results.sources.set_index("source").loc[["Source 000", "Source 004"]]
    after = tables["sources"].set_index("source").loc[["Source 000", "Source 004"]]
    pd.testing.assert_series_equal(before["sentiment_mean"], after["sentiment_mean"])
    assert after["n_articles"].tolist() == [1, 1]


def test_analyze_option_notes_what_was_left_out(corpus_with_wire_copy: pd.DataFrame) -> None:
    once = pipeline.analyze(corpus_with_wire_copy, syndicated_once=True)
    assert "Wire reprint" not in set(once.sources["source"])
    assert any("zz-wire-copy" in note for note in once.notes)
    assert "zz-wire-copy" in set(once.articles["article_id"])  # per-article rows all kept


def test_no_copies_means_nothing_changes(sample_corpus: pd.DataFrame) -> None:
    plain = pipeline.analyze(sample_corpus)
    assert pipeline.with_syndicated_once(plain) is plain


def test_source_tables_of_a_subset_match_the_pipeline(results: pipeline.Results) -> None:
    subset = without_articles(results.tables(), {"zz-wire-copy"})
    tables = source_tables(subset)
    assert len(tables["sources"]) == 2
    assert tables["source_topics"]["source"].nunique() == 2


def test_sentences_by_article_keeps_article_and_sentence_order():
    from analysis.aggregate import sentences_by_article

    sentences = pd.DataFrame({"article_id": ["b", "a", "b", "a", "c"],
                              "text": ["b0", "a0", "b1", "a1", "c0"]})
    docs = sentences_by_article(sentences)
    assert list(docs) == ["b", "a", "c"]
    assert docs == {"b": ["b0", "b1"], "a": ["a0", "a1"], "c": ["c0"]}


def test_frames_joined_from_chunks_equal_frames_of_the_whole(sample_corpus, seed_000_text,
                                                              seed_004_text):
    """What workers send back (rows_to_frames of a chunk), joined, is tables_to_frames of all:
    chunks with no removed rows or no quotes next to chunks with some, a one-article chunk."""
    from analysis.aggregate import join_frames, rows_to_frames, tables_to_frames
    from analysis.article import analyze_chunk
    from analysis.settings import Settings

    texts = [seed_000_text, seed_004_text, "Short note.", "", seed_004_text[:400]]
    records = [{"article_id": f"a{i}", "text": text, "title": None, "source": f"S{i % 2}",
                "url": None, "published": None, "story": None} for i, text in enumerate(texts)]
    tables = analyze_chunk(records, settings=Settings.default())
    metadata = pipeline.metadata_frame(records)
    whole = tables_to_frames(tables, metadata=metadata)
    for cuts in ([1, 3], [2], [4], [1, 2, 3, 4]):
        bounds = [0, *cuts, len(tables)]
        parts = [rows_to_frames(tables[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
        joined = join_frames(parts, metadata=metadata)
        assert list(joined) == list(whole)
        for name, frame in whole.items():
            pd.testing.assert_frame_equal(joined[name], frame, obj=f"{cuts}: {name}")


def test_corpus_tables_with_a_background_worker_equal_the_plain_ones(results) -> None:
    """With a `Workers` mapper the source tables and terms are started as one background
    job while the shared passages are found; the tables and notes do not change."""
    from analysis.aggregate import corpus_tables
    from analysis.mapping import Workers, map_here
    from analysis.results import PER_ARTICLE_TABLES

    frames = {name: getattr(results, name) for name in PER_ARTICLE_TABLES}
    started: list[str] = []

    def start(func, item):
        started.append(func.__name__)
        return lambda: func(item)  # runs only when waited for: after the shared passages

    plain = corpus_tables(frames, topics=())
    spread = corpus_tables(frames, topics=(), mapper=Workers(map_here, start))
    assert started == ["side_tables"]
    for name, frame in plain[0].items():
        pd.testing.assert_frame_equal(spread[0][name], frame, obj=name)
    assert plain[1:] == spread[1:]
