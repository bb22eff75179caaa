"""Distinctive terms: log-odds ratio with an informative Dirichlet prior."""

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.terms import (
    TERM_COLUMNS,
    count_terms,
    distinctive_terms,
    distinctive_terms_from_counts,
    load_stopwords,
    log_odds_dirichlet,
    merge_term_counts,
    sentence_terms,
    source_term_counts,
)
from analysis.tokens import lower_words, words

SEED_000 = "000_bbf5bfafb942b6c3"
SEED_004 = "004_d19ef8a8fb16cabf"


def _tables(docs: dict[str, list[str]], sources: dict[str, str]):
    sentences = pd.DataFrame(
        [{"article_id": a, "sentence_id": i, "text": s}
         for a, sents in docs.items() for i, s in enumerate(sents)]
    )
    articles = pd.DataFrame({"article_id": list(sources), "source": list(sources.values())})
    return sentences, articles


@pytest.fixture(scope="module")
def two_sources(seed_sentences):
    return _tables(seed_sentences, {SEED_000: "A", SEED_004: "B"})


def _z(frame, source, term):
    row = frame[(frame["source"] == source) & (frame["term"] == term)]
    return float(row["z"].iloc[0])


@pytest.mark.parametrize(
    ("source", "term", "other"),
    [
        ("A", "u.s.", "B"),  # seed 000 writes "U.S." 7 times, seed 004 never
        ("B", "us", "A"),  # seed 004 writes "US" 13 times, seed 000 never
    ],
)
def test_exclusive_word_gets_large_z(two_sources, source, term, other):
    terms = distinctive_terms(*two_sources, top_n=None)
    assert _z(terms, source, term) > 1.96
    assert _z(terms, other, term) < -1.96
    row = terms[(terms["source"] == source) & (terms["term"] == term)].iloc[0]
    assert row["count"] >= 7 and row["count_other"] == 0


def test_two_sources_antisymmetric(two_sources):
    terms = distinctive_terms(*two_sources, top_n=None)
    wide = terms.pivot(index="term", columns="source", values="z")
    assert np.allclose(wide["A"], -wide["B"])


def test_three_sources(seed_sentences, other_story_sentences):
    docs = {**seed_sentences, **other_story_sentences}
    sources = {SEED_000: "A", SEED_004: "B", "flood_a": "C", "flood_b": "C", "rates": "C"}
    terms = distinctive_terms(*_tables(docs, sources), top_n=5)
    assert list(terms.columns) == TERM_COLUMNS
    assert set(terms["source"]) == {"A", "B", "C"}
    assert terms.groupby("source").size().max() == 5
    top_c = set(terms.loc[terms["source"] == "C", "term"])
    assert top_c & {"rain", "danube", "bavaria", "rates", "residents", "rescue teams"}
    # sorted by z within each source
    for _, group in terms.groupby("source"):
        assert list(group["z"]) == sorted(group["z"], reverse=True)


def test_counts_and_min_count(two_sources):
    terms = distinctive_terms(*two_sources, top_n=None, min_count=3)
    totals = terms.groupby("term")[["count", "count_other"]].first().sum(axis=1)
    assert (totals >= 3).all()
    a = terms[terms["source"] == "A"].set_index("term")
    b = terms[terms["source"] == "B"].set_index("term")
    assert (a["count"] == b.loc[a.index, "count_other"]).all()


@pytest.mark.parametrize(
    ("sentence", "ngram_range", "stopwords", "expected"),
    [
        ("The State Department said on Monday.", (1, 1), None,
         ["state", "department", "said", "monday"]),
        ("The State Department said on Monday.", (2, 2), None,
         ["state department", "department said"]),
        ("The State Department said on Monday.", (1, 2), {"said", "the", "on"},
         ["state", "department", "monday", "state department"]),
        ("China’s top diplomat met Blinken at 4:30 pm.", (1, 1), None,
         ["china's", "top", "diplomat", "met", "blinken", "pm"]),
        ("", (1, 2), None, []),
    ],
)
def test_sentence_terms(sentence, ngram_range, stopwords, expected):
    stops = load_stopwords() if stopwords is None else frozenset(stopwords)
    assert sentence_terms(sentence, ngram_range=ngram_range, stopwords=stops) == expected


def test_custom_stopwords_drop_terms(two_sources):
    terms = distinctive_terms(*two_sources, top_n=None, stopwords={"us", "u.s.", "the"})
    assert not terms["term"].isin(["us", "u.s."]).any()


def test_log_odds_formula_by_hand():
    y_i, y_j = np.array([10.0, 0.0]), np.array([0.0, 10.0])
    alpha = np.array([1.0, 1.0])
    delta, z = log_odds_dirichlet(y_i, y_j, alpha=alpha)
    # n_i = n_j = 10, a0 = 2: delta_0 = log(11/1) - log(1/11)
    assert delta[0] == pytest.approx(2 * np.log(11))
    assert z[0] == pytest.approx(2 * np.log(11) / np.sqrt(1 / 11 + 1))
    assert delta[1] == pytest.approx(-delta[0])


def test_empty_and_single_source(two_sources):
    sentences, articles = two_sources
    assert distinctive_terms(sentences.iloc[0:0], articles).empty
    one = articles.assign(source="A")
    assert distinctive_terms(sentences, one).empty


def test_missing_stopword_file_names_it(tmp_path: Path):
    missing = tmp_path / "nope.txt"
    with pytest.raises(FileNotFoundError, match="nope.txt"):
        load_stopwords(missing)


TRICKY = [
    "U.S. officials met at 4:30 p.m. on Jan. 5, 2024 -- the \u201cfirst\u201d talks.",
    "China\u2019s top-level (highest-level) envoy said: \"don't\"... rock'n'roll'",
    "  tabs\tand\nnewlines\u00a0and\u2009thin spaces; 1,000.5 \u00e9t\u00e9 na\u00efve ",
    "'tis -- - \u2014 ' \u2019 . , : 3.14.15 a.b.c. x_y __init__ caf\u00e9's",
    "",
]


def _plain_terms(sentence: str, *, ngram_range: tuple[int, int],
                 stopwords: frozenset[str]) -> list[str]:
    """The definition, word by word (the code it replaced): the reference for the fast path."""
    tokens = lower_words(sentence)
    keep = [t not in stopwords and any(c.isalpha() for c in t) for t in tokens]
    return [" ".join(tokens[i : i + n]) for n in range(ngram_range[0], ngram_range[1] + 1)
            for i in range(len(tokens) - n + 1) if all(keep[i : i + n])]


@pytest.fixture(scope="module")
def all_sentences(seed_sentences, other_story_sentences) -> list[str]:
    docs = {**seed_sentences, **other_story_sentences}
    return [s for sents in docs.values() for s in sents] + TRICKY


def test_words_of_chunks_are_words_of_text(seed_000_text, seed_004_text):
    # The fast path tokenizes each whitespace-separated chunk once: exact only if this holds.
    for text in (seed_000_text, seed_004_text, *TRICKY):
        assert words(text) == [w for chunk in text.split() for w in words(chunk)]


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (2, 2), (2, 3), (1, 3)])
@pytest.mark.parametrize("stopwords", [None, {"the", "said", "u.s."}])
def test_fast_terms_equal_plain_terms(all_sentences, ngram_range, stopwords):
    stops = load_stopwords() if stopwords is None else frozenset(stopwords)
    expected: Counter = Counter()
    for sentence in all_sentences:
        plain = _plain_terms(sentence, ngram_range=ngram_range, stopwords=stops)
        assert sentence_terms(sentence, ngram_range=ngram_range, stopwords=stops) == plain
        expected.update(plain)
    assert count_terms(all_sentences, ngram_range=ngram_range, stopwords=stops) == expected


def test_count_terms_batches_and_ngram_check(all_sentences, monkeypatch):
    stops = load_stopwords()
    whole = count_terms(all_sentences, ngram_range=(1, 2), stopwords=stops)
    monkeypatch.setattr("analysis.terms.BATCH_SENTENCES", 7)
    assert count_terms(iter(all_sentences), ngram_range=(1, 2), stopwords=stops) == whole
    with pytest.raises(ValueError, match="ngram_range"):
        count_terms(all_sentences, ngram_range=(0, 2), stopwords=stops)


@pytest.mark.parametrize("top_n", [None, 1, 5, 40, 0])
def test_from_counts_of_chunks_equals_distinctive_terms(two_sources, top_n):
    # What a process pool does: count chunks of each source's sentences, add the Counters.
    sentences, articles = two_sources
    stops = load_stopwords()
    owner = dict(zip(articles["article_id"], articles["source"], strict=True))
    merged = merge_term_counts(
        source_term_counts(sentences.iloc[start : start + 10], articles, ngram_range=(1, 2),
                           stopwords=stops)
        for start in range(0, len(sentences), 10))
    assert set(merged) == set(owner.values())
    expected = distinctive_terms(sentences, articles, top_n=top_n)
    got = distinctive_terms_from_counts(merged, top_n=top_n)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


@pytest.mark.parametrize("top_n", [1, 3, 20, 500])
def test_top_n_is_the_head_of_the_full_ranking(two_sources, top_n):
    full = distinctive_terms(*two_sources, top_n=None)
    heads = full.groupby("source", sort=False).head(top_n).reset_index(drop=True)
    pd.testing.assert_frame_equal(distinctive_terms(*two_sources, top_n=top_n), heads,
                                  check_exact=True)
