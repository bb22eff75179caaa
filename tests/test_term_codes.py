"""Term counts as integer codes: the same matrix as `terms.counts_matrix`, in less memory."""

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from analysis import term_codes
from analysis.term_codes import (
    _Coder,
    can_count,
    count_grams,
    form_bits,
    gram_matrix,
    merge_counts,
    merge_grams,
)
from analysis.terms import _ChunkForms, counts_matrix, load_stopwords, source_term_counts
from tests.test_terms import TRICKY as TERMS_TRICKY

TRICKY = [
    *TERMS_TRICKY,
    "the of and",  # stop words only: a source may have sentences but no term
    "nul\x00inside a word, \x1fseparators\x1c and \u3000ideographic\u2028line breaks",
]


@pytest.fixture(scope="module")
def tables(seed_000_text, seed_004_text, seed_sentences, other_story_sentences):
    """Sentences of five articles in four sources (one has no article row, one article has
    no source), rows shuffled so that sources interleave."""
    docs = {**seed_sentences, **other_story_sentences, "tricky": TRICKY,
            "orphan": ["Orphan sentence about rain."], "nosource": ["Rain in Bavaria."]}
    sentences = pd.DataFrame(
        [{"article_id": a, "text": s} for a, sents in docs.items() for s in sents]
    ).sample(frac=1, random_state=7).reset_index(drop=True)
    # Two halves concatenated: an Arrow-backed column in two chunks (batches span both).
    half = len(sentences) // 2
    sentences = pd.concat([sentences.iloc[:half], sentences.iloc[half:]], ignore_index=True)
    ids = [a for a in docs if a != "orphan"]
    sources = ["B" if i % 2 else "A" for i in range(len(ids))]
    sources[ids.index("tricky")] = "C"
    sources[ids.index("nosource")] = None
    return sentences, pd.DataFrame({"article_id": ids, "source": sources})


def _expected(sentences, articles, *, ngram_range, stopwords, min_count):
    return counts_matrix(source_term_counts(sentences, articles, ngram_range=ngram_range,
                                            stopwords=stopwords), min_count=min_count)


def _got(sentences, articles, *, ngram_range, stopwords, min_count):
    counts = count_grams(sentences, articles, ngram_range=ngram_range,
                         forms_of=_ChunkForms(stopwords).__getitem__)
    return gram_matrix(counts, min_count=min_count)


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (2, 2)])
@pytest.mark.parametrize("min_count", [1, 2, 3])
@pytest.mark.parametrize("batch", [term_codes.BATCH_SENTENCES, 5])
def test_matrix_equals_counts_matrix(tables, ngram_range, min_count, batch, monkeypatch):
    monkeypatch.setattr(term_codes, "BATCH_SENTENCES", batch)
    stops = load_stopwords()
    expected = _expected(*tables, ngram_range=ngram_range, stopwords=stops,
                         min_count=min_count)
    assert not expected.empty and list(expected.columns) == ["A", "B", "C"]
    got = _got(*tables, ngram_range=ngram_range, stopwords=stops, min_count=min_count)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


@pytest.mark.parametrize("stopwords", [frozenset(), frozenset({"the", "said", "u.s."})])
def test_matrix_with_other_stopwords(tables, stopwords):
    expected = _expected(*tables, ngram_range=(1, 2), stopwords=stopwords, min_count=2)
    got = _got(*tables, ngram_range=(1, 2), stopwords=stopwords, min_count=2)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


@pytest.mark.parametrize("step", [1, 7, 40])
def test_merged_chunks_equal_whole(tables, step):
    # What a process pool would do: count chunks of the sentences apart, add them up.
    sentences, articles = tables
    stops = load_stopwords()
    parts = [count_grams(sentences.iloc[start : start + step], articles, ngram_range=(1, 2),
                         forms_of=_ChunkForms(stops).__getitem__)
             for start in range(0, len(sentences), step)]
    expected = _expected(sentences, articles, ngram_range=(1, 2), stopwords=stops,
                         min_count=2)
    pd.testing.assert_frame_equal(gram_matrix(merge_grams(parts), min_count=2), expected,
                                  check_exact=True)


def test_empty_inputs(tables):
    sentences, articles = tables
    stops = load_stopwords()
    for frame in (sentences.iloc[0:0], sentences[sentences["article_id"] == "orphan"]):
        expected = _expected(frame, articles, ngram_range=(1, 2), stopwords=stops,
                             min_count=1)
        got = _got(frame, articles, ngram_range=(1, 2), stopwords=stops, min_count=1)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert got.empty and got.columns.empty
    assert gram_matrix(merge_grams([]), min_count=2).empty


def test_can_count():
    texts = pd.Series(["A sentence.", "Another one."])
    assert can_count(texts, (1, 2)) and can_count(texts, (2, 2))
    assert not can_count(texts, (1, 3))
    assert can_count(pd.Series(["fine", "a\x00b"]), (1, 2))
    assert not can_count(pd.Series(["fine", None], dtype=object), (1, 2))
    assert not can_count(pd.Series(["fine", 3], dtype=object), (1, 2))


def test_arrow_splits_where_str_split_does():
    # The chunks come from Arrow's utf8_split_whitespace: exact only if every code point
    # str.split() splits at is one it splits at, and no other (empty chunks are dropped).
    # Every space character is below U+3100 (all of the 0x110000 code points were checked
    # once by hand); above it, a sample.
    points = [c for c in [*range(0x3100), *range(0x3100, 0x110000, 101)]
              if not 0xD800 <= c <= 0xDFFF]
    texts = [f"a{chr(c)}b{chr(c)}{chr(c)}c " for c in points]
    coder = _Coder(lambda chunk: (chunk,))
    tokens, text_of = coder.tokens(pa.array(texts))
    forms = np.asarray(coder.forms(), dtype=object)
    got = pd.Series(forms[tokens]).groupby(text_of).agg(list)
    bad = [hex(c) for c, text, split in zip(points, texts, got, strict=True)
           if split != text.split()]
    assert not bad


def test_merge_counts_adds_equal_keys():
    parts = [(np.array([1, 5, 9]), np.array([1, 2, 3])), (np.array([5, 7]), np.array([10, 1])),
             (np.array([], dtype=np.int64), np.array([], dtype=np.int64))]
    keys, counts = merge_counts(parts)
    assert keys.tolist() == [1, 5, 7, 9] and counts.tolist() == [1, 12, 1, 3]


@pytest.mark.parametrize("n_sources", [1, 2, 10, 1000, 1 << 20])
def test_bigram_keys_fit_in_int64(n_sources):
    bits = form_bits(n_sources)
    biggest = ((((1 << bits) - 1) << bits) | ((1 << bits) - 1)) * n_sources + n_sources - 1
    assert biggest < 1 << 63 and bits >= 20

