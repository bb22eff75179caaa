"""Windows as int rows (analysis/reuse_windows.py) against the plain window tuples."""

import numpy as np
import pytest

from analysis import reuse_windows
from analysis.reuse import _window_members, content_words, tokenize, windows
from analysis.reuse_windows import encode, number_rows, number_rows_exact, window_rows
from analysis.terms import load_stopwords


@pytest.fixture(scope="module")
def words(seed_sentences, other_story_sentences):
    docs = {**seed_sentences, **other_story_sentences, "empty": [], "copy": seed_sentences[
        next(iter(seed_sentences))][:5]}
    return {a: [tokenize(s).words for s in sents] for a, sents in docs.items()}


def _tuples(rows, stems):
    names = np.array([*stems, ""], dtype=object)  # PAD (-1) names ""
    return [tuple(sorted(w for w in names[r] if w)) for r in rows]


def test_encode_equals_content_words(words):
    stops = load_stopwords()
    enc = encode(words, stopwords=stops)
    plain = [content_words(s, stopwords=stops) for sents in words.values() for s in sents]
    assert enc.counts.tolist() == [len(c) for c in plain]
    names = np.array(enc.stems, dtype=object)
    assert names[enc.codes].tolist() == [w for c in plain for w in c]
    assert enc.sentence_article.tolist() == [i for i, s in enumerate(words.values()) for _ in s]
    assert enc.sentence_id.tolist() == [j for s in words.values() for j in range(len(s))]


@pytest.mark.parametrize("chunk", [1, 2, 1000])
def test_window_rows_equal_windows(words, chunk, monkeypatch):
    monkeypatch.setattr(reuse_windows, "CHUNK_ARTICLES", chunk)
    monkeypatch.setattr(reuse_windows, "CHUNK_SENTENCES", chunk * 7)
    stops = load_stopwords()
    enc = encode(words, stopwords=stops)
    rows, sentence = window_rows(enc.codes, enc.counts)
    plain = [(i, w) for i, c in enumerate(
        content_words(s, stopwords=stops) for sents in words.values() for s in sents)
        for w in windows(c)]
    assert _tuples(rows, enc.stems) == [w for _, w in plain]
    assert sentence.tolist() == [i for i, _ in plain]


@pytest.mark.parametrize("count", [0, 2, 3, 7, 8, 9, 11, 12, 13, 20])
def test_window_rows_every_length(count):
    """Short, exact, stride-aligned and ragged sentences; repeated words count once."""
    codes = np.array([5, 1, 5, 2, 3, 9, 1, 4, 7, 8, 6, 0, 2, 3, 5, 6, 7, 1, 2, 9][:count])
    rows, sentence = window_rows(codes.astype(np.int32), np.array([count]))
    names = [str(c) for c in range(10)]
    assert _tuples(rows, names) == windows([names[c] for c in codes])
    assert (sentence == 0).all()


def test_number_rows_first_occurrence_order(words):
    stops = load_stopwords()
    enc = encode(words, stopwords=stops)
    rows, _ = window_rows(enc.codes, enc.counts)
    ids, first = number_rows(rows)
    assert _tuples(rows[first], enc.stems) == list(_window_members(words, stopwords=stops))
    assert (rows[first[ids]] == rows).all()
    exact_ids, exact_first = number_rows_exact(rows)
    assert exact_ids.tolist() == ids.tolist() and exact_first.tolist() == first.tolist()


def test_number_rows_survives_hash_collisions(monkeypatch):
    rows = np.array([[1, 2], [3, 4], [1, 2], [-1, 4], [3, 4]], dtype=np.int32)
    monkeypatch.setattr(reuse_windows, "_row_hashes", lambda r: np.zeros(len(r), np.uint64))
    monkeypatch.setattr(reuse_windows, "CHUNK_ROWS", 2)
    ids, first = number_rows(rows)
    assert ids.tolist() == [0, 1, 0, 2, 1] and first.tolist() == [0, 1, 3]
    empty_ids, empty_first = number_rows_exact(rows[:0])
    assert empty_ids.size == 0 and empty_first.size == 0
