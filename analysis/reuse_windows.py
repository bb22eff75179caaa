"""The windows of `analysis.reuse`'s candidate stage as int arrays (compact, vectorised).

Every distinct normalised word is looked up once and mapped to a stem code (-1 when it is
a stopword or has no letter); a sentence's content words are then a slice of one int32
array. Windows are rows of WINDOW codes (sorted, distinct, padded with PAD) cut with numpy,
and equal rows are numbered in order of first occurrence, exactly as the dict of window
tuples of the plain path (`analysis.reuse._window_members`) numbers them.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, islice

import numpy as np
import pandas as pd

WINDOW = 8  # content words per indexed window
STRIDE = 4  # windows overlap by half, so a shared stretch of >= STRIDE words is whole in one
MIN_WINDOW = 3  # a sentence with fewer content words is not indexed
PAD = -1  # fills a window row with fewer than WINDOW distinct words (sorts first)
CHUNK_ARTICLES = 2000  # articles encoded per pass: bounds the flat list of word references
CHUNK_SENTENCES = 50_000  # sentences cut into windows per pass (~250k windows)
CHUNK_ROWS = 1 << 18  # rows compared per pass when checking row hashes
# Odd 64-bit multiplier (splitmix64) mixing a row's codes into one hash; equal hashes are
# checked against the rows themselves, so a collision costs time, never correctness.
ROW_MULTIPLIER = 0x9E3779B97F4A7C15


def stem(word: str) -> str:
    """A crude suffix strip so "leads"/"leading" index alike (candidates only)."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True)
class Encoded:
    """A corpus' content words as stem codes, sentence by sentence in corpus order."""

    codes: np.ndarray  # int32 stem code of every content word, sentences concatenated
    counts: np.ndarray  # int64 content words per sentence
    sentence_article: np.ndarray  # int32 article number (corpus order) of each sentence
    sentence_id: np.ndarray  # int32 sentence number within its article
    stems: list[str]  # stem code -> stem


class StemCodes(dict):
    """word -> stem code (-1 for a stopword or a word without a letter), each word worked
    out on its first lookup only (a dict hit stays a C lookup)."""

    def __init__(self, stopwords: frozenset[str]) -> None:
        super().__init__()
        self.stopwords = stopwords
        self.stems: dict[str, int] = {}  # stem -> code, in order of first use

    def __missing__(self, word: str) -> int:
        keep = word not in self.stopwords and any(c.isalpha() for c in word)
        code = self[word] = self.stems.setdefault(stem(word), len(self.stems)) if keep else -1
        return code


def encode(
    docs: Mapping[str, Sequence[Sequence[str]]], *, stopwords: frozenset[str]
) -> Encoded:
    """Stem codes of the content words (see `analysis.reuse.content_words`) of every
    sentence; each distinct word is stemmed once. Articles are encoded in chunks."""
    feature = StemCodes(stopwords)
    codes, counts = [], []
    sentences_per_article = np.fromiter(map(len, docs.values()), dtype=np.int64,
                                        count=len(docs))
    articles = iter(docs.values())
    while chunk := list(islice(articles, CHUNK_ARTICLES)):
        sentences = list(chain.from_iterable(chunk))
        flat = list(chain.from_iterable(sentences))
        word_codes = np.fromiter(map(feature.__getitem__, flat), dtype=np.int32,
                                 count=len(flat))
        lengths = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))
        keep = word_codes >= 0
        owner = np.repeat(np.arange(len(sentences)), lengths)[keep]
        codes.append(word_codes[keep])
        counts.append(np.bincount(owner, minlength=len(sentences)))
    first_sentence = np.repeat(np.cumsum(sentences_per_article) - sentences_per_article,
                               sentences_per_article)
    return Encoded(
        codes=np.concatenate(codes) if codes else np.empty(0, dtype=np.int32),
        counts=np.concatenate(counts) if counts else np.empty(0, dtype=np.int64),
        sentence_article=np.repeat(np.arange(len(docs), dtype=np.int32),
                                   sentences_per_article),
        sentence_id=(np.arange(first_sentence.size) - first_sentence).astype(np.int32),
        stems=list(feature.stems),
    )


def window_rows(
    codes: np.ndarray, counts: np.ndarray, *, size: int = WINDOW, stride: int = STRIDE
) -> tuple[np.ndarray, np.ndarray]:
    """(rows, sentence): one row per window (its distinct codes sorted, PAD first), the
    windows of `analysis.reuse.windows` for every sentence in order, and the sentence
    number of each row. Cut CHUNK_SENTENCES sentences at a time (bounded temporaries)."""
    counts = np.asarray(counts, dtype=np.int64)
    offsets = np.r_[0, np.cumsum(counts)]
    rows, sentence = [], []
    for lo, hi in _spans(len(counts), CHUNK_SENTENCES):
        part, owner = _chunk_rows(codes[offsets[lo] : offsets[hi]], counts[lo:hi], size=size,
                                  stride=stride)
        rows.append(part)
        sentence.append(owner + lo)
    if not rows:
        return np.empty((0, size), dtype=np.int32), np.empty(0, dtype=np.int32)
    return np.concatenate(rows), np.concatenate(sentence)


def _spans(n: int, size: int) -> list[tuple[int, int]]:
    return [(lo, min(lo + size, n)) for lo in range(0, n, size)]


def _chunk_rows(
    codes: np.ndarray, counts: np.ndarray, *, size: int, stride: int
) -> tuple[np.ndarray, np.ndarray]:
    """`window_rows` of consecutive sentences (their codes only), sentences from 0."""
    last = np.maximum(counts - size, 0)
    # starts 0, stride, ... <= last, plus last itself when the stride skips it
    per_sentence = np.where(counts >= MIN_WINDOW, last // stride + 1 + (last % stride > 0), 0)
    sentence = np.repeat(np.arange(len(counts), dtype=np.int32), per_sentence)
    if not sentence.size:
        return np.empty((0, size), dtype=np.int32), sentence
    nth = np.arange(sentence.size) - np.repeat(np.cumsum(per_sentence) - per_sentence,
                                                per_sentence)
    start = (np.cumsum(counts) - counts)[sentence] + np.minimum(nth * stride, last[sentence])
    cols = np.arange(size)
    inside = cols[None, :] < np.minimum(counts[sentence], size)[:, None]
    index = np.minimum(start[:, None] + cols[None, :], codes.size - 1)
    rows = np.where(inside, codes[index], PAD).astype(np.int32)
    rows.sort(axis=1)
    repeat = np.zeros_like(inside)
    repeat[:, 1:] = rows[:, 1:] == rows[:, :-1]
    rows[repeat] = PAD
    rows.sort(axis=1)
    return rows, sentence


def _row_hashes(rows: np.ndarray) -> np.ndarray:
    """One uint64 per row mixing its codes (equal rows, equal hashes)."""
    mult = np.uint64(ROW_MULTIPLIER)
    h = np.zeros(len(rows), dtype=np.uint64)
    for k in range(rows.shape[1]):
        h = (h ^ rows[:, k].astype(np.int64).view(np.uint64)) * mult
        h ^= h >> np.uint64(29)
    return h


def _first_of_each(ids: np.ndarray) -> np.ndarray:
    """Positions of the first occurrence of ids numbered in order of first occurrence."""
    if not ids.size:
        return np.empty(0, dtype=np.int64)
    seen = np.maximum.accumulate(ids)
    return np.flatnonzero(np.r_[True, ids[1:] > seen[:-1]])


def number_rows_exact(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`number_rows` by sorting the rows themselves (the collision fallback)."""
    if not len(rows):
        return np.empty(0, dtype=np.int32), np.empty(0, dtype=np.int64)
    _, first, inverse = np.unique(rows, axis=0, return_index=True, return_inverse=True)
    rank = np.empty(first.size, dtype=np.int32)
    rank[np.argsort(first, kind="stable")] = np.arange(first.size, dtype=np.int32)
    return rank[inverse.ravel()], np.sort(first)


def number_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(ids, first): each row's number among distinct rows in order of first occurrence
    (int32), and the position of each distinct row's first occurrence."""
    ids = pd.factorize(_row_hashes(rows))[0].astype(np.int32)
    first = _first_of_each(ids)
    for lo, hi in _spans(len(rows), CHUNK_ROWS):  # in chunks: no full copy of the rows
        if not np.array_equal(rows[lo:hi], rows[first[ids[lo:hi]]]):  # two rows, one hash
            return number_rows_exact(rows)
    return ids, first
