"""Unigram and bigram counts by source held as integer keys, in bounded memory.

`count_grams` reads the sentences a batch at a time: Arrow splits them at whitespace and
codes their chunks in C, each distinct chunk's term forms are found once (`forms_of`), and
the batch's unigram and bigram keys are tallied with numpy. Memory follows the vocabulary,
not the text. `gram_matrix` drops the terms used fewer than `min_count` times in all
sources while they are still integers, so only the kept terms are ever joined into strings.
`merge_grams` adds up the counts of chunks counted apart (e.g. in other processes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.term_owners import one_array, sentence_owners

BREAK = -1  # the code of the "" form (a stop word, a letter-free word)
# Sentences split at once: their chunks (~30 each) are the batch's memory.
BATCH_SENTENCES = 8192
FAST_NGRAMS = ((1, 1), (1, 2), (2, 2))
KEY_BITS = 63  # keys are int64 and never negative
EMPTY = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class GramCounts:
    """Counts by source of unigrams and bigrams, as ascending unique int64 keys.

    Unigram key: form * len(sources) + source; bigram key: ((first << bits) | second) *
    len(sources) + source, where form codes index `forms` and sources index `sources`."""

    sources: list
    forms: list[str]
    unigrams: tuple[np.ndarray, np.ndarray]  # (keys, counts)
    bigrams: tuple[np.ndarray, np.ndarray]

    @property
    def bits(self) -> int:
        return form_bits(len(self.sources))


def form_bits(n_sources: int) -> int:
    """Bits a form code may use so that bigram keys of `n_sources` sources fit in int64."""
    return (KEY_BITS - max(0, n_sources - 1).bit_length()) // 2


def _check_forms(n_forms: int, bits: int) -> None:
    if n_forms > 1 << bits:
        raise OverflowError("too many distinct words for int64 bigram keys")


def merge_counts(parts: Sequence[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray,
                                                                          np.ndarray]:
    """(keys, counts) with the counts of equal keys added up, keys ascending and unique.
    The keys of each part must be unique (as `np.unique` returns them)."""
    parts = [p for p in parts if p[0].size]
    if not parts:
        return EMPTY, EMPTY
    if len(parts) == 1:
        return parts[0]
    # Sorted in place, and each part's counts added where its keys landed: less memory
    # than an argsort of (keys, counts) pairs.
    keys = np.concatenate([k for k, _ in parts])
    keys.sort()
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
    counts = np.zeros(keys.size, dtype=np.int64)
    for part_keys, part_counts in parts:
        counts[np.searchsorted(keys, part_keys)] += part_counts
    return keys, counts


class _Tally:
    """Counts of int64 keys added batch by batch. The parts are merged whenever the new ones
    outgrow the merged one, so memory stays within a few times the distinct keys."""

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, np.ndarray]] = []
        self.merged = 0
        self.pending = 0

    def add(self, keys: np.ndarray) -> None:
        keys, counts = np.unique(keys, return_counts=True)
        self.parts.append((keys, counts.astype(np.int64)))
        self.pending += keys.size
        if self.pending > self.merged:
            self.parts = [merge_counts(self.parts)]
            self.merged, self.pending = self.parts[0][0].size, 0

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        return merge_counts(self.parts)


class _Growing:
    """An int64 array appended to in amortised O(1) (capacity doubles)."""

    def __init__(self) -> None:
        self.data = np.empty(1024, dtype=np.int64)
        self.size = 0

    def extend(self, values: Sequence[int]) -> None:
        end = self.size + len(values)
        if end > self.data.size:
            self.data = np.resize(self.data, max(end, 2 * self.data.size))
        self.data[self.size : end] = values
        self.size = end

    def view(self) -> np.ndarray:
        return self.data[: self.size]


class _ChunkCodes(dict):
    """chunk -> code, numbered in order of first use; new chunks are listed in `fresh`."""

    def __init__(self) -> None:
        super().__init__()
        self.fresh: list[str] = []

    def __missing__(self, chunk: str) -> int:
        code = self[chunk] = len(self)
        self.fresh.append(chunk)
        return code


class _Coder:
    """Texts -> form codes of their words, chunk and form codes kept across batches."""

    def __init__(self, forms_of: Callable[[str], tuple[str, ...]]) -> None:
        self.forms_of = forms_of
        self.chunks = _ChunkCodes()
        self.form_code: dict[str, int] = {}
        self.flat, self.starts, self.lengths = _Growing(), _Growing(), _Growing()

    def _learn(self) -> None:
        """Form codes of the chunks first seen in the last batch."""
        flat: list[int] = []
        lengths: list[int] = []
        for chunk in self.chunks.fresh:
            forms = self.forms_of(chunk) if chunk else ()  # Arrow keeps empty chunks
            lengths.append(len(forms))
            flat.extend(self.form_code.setdefault(f, len(self.form_code)) if f else BREAK
                        for f in forms)
        self.chunks.fresh.clear()
        self.starts.extend(np.cumsum(lengths, dtype=np.int64) - lengths + self.flat.size)
        self.lengths.extend(lengths)
        self.flat.extend(flat)

    def tokens(self, texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
        """The form codes of the words of `texts` (no nulls), in order; and the position
        in `texts` of the text each code comes from.

        Arrow splits at the characters str.split() splits at (str.isspace; see
        tests/test_term_codes.py), and codes the batch's chunks in C;
        only its distinct chunks are looked up in Python."""
        pieces = pc.utf8_split_whitespace(texts)
        encoded = pc.dictionary_encode(pc.list_flatten(pieces))
        local = np.fromiter(map(self.chunks.__getitem__, encoded.dictionary.to_pylist()),
                            dtype=np.int64, count=len(encoded.dictionary))
        self._learn()
        codes = local[encoded.indices.to_numpy(zero_copy_only=False)]
        per_text = pc.list_value_length(pieces).to_numpy(zero_copy_only=False)
        del pieces, encoded, local
        lengths = self.lengths.view()[codes]
        out_starts = np.cumsum(lengths) - lengths
        shift = np.repeat(self.starts.view()[codes] - out_starts, lengths)
        text_of = np.repeat(np.repeat(np.arange(len(texts), dtype=np.int64), per_text),
                            lengths)
        return self.flat.view()[np.arange(shift.size, dtype=np.int64) + shift], text_of

    def forms(self) -> list[str]:
        return list(self.form_code)


def can_count(texts: pd.Series, ngram_range: tuple[int, int]) -> bool:
    """True when `count_grams` applies: uni/bigrams only, every text a str."""
    if tuple(ngram_range) not in FAST_NGRAMS:
        return False
    return not texts.str.len().isna().any()  # NA: a missing text or not a str


def count_grams(
    sentences_df: pd.DataFrame, articles_df: pd.DataFrame, *, ngram_range: tuple[int, int],
    forms_of: Callable[[str], tuple[str, ...]],
) -> GramCounts:
    """Unigram and/or bigram counts (ngram_range within (1, 2), `can_count`) of the sentence
    texts of each source (`articles_df` maps article_id to source), as
    `terms.source_term_counts` counts them. `forms_of(chunk)` gives the term forms of a
    whitespace-free chunk ("" breaks n-grams)."""
    low, high = ngram_range
    owner_codes, sources = sentence_owners(sentences_df, articles_df)
    texts = sentences_df["text"]
    n_sources, bits = len(sources), form_bits(len(sources))
    coder, unigrams, bigrams = _Coder(forms_of), _Tally(), _Tally()
    for start in range(0, len(owner_codes), BATCH_SENTENCES):
        batch = owner_codes[start : start + BATCH_SENTENCES]
        taken = np.flatnonzero(batch >= 0)
        if not taken.size:
            continue
        rows = texts.iloc[start + taken] if taken.size < batch.size else texts.iloc[
            start : start + batch.size]
        tokens, text_of = coder.tokens(one_array(pa.array(rows, type=pa.large_string())))
        _check_forms(len(coder.form_code), bits)
        owner = batch[taken][text_of]
        if low <= 1:
            word = tokens >= 0
            unigrams.add(tokens[word] * n_sources + owner[word])
        if high >= 2:
            pair = (tokens[:-1] >= 0) & (tokens[1:] >= 0) & (text_of[:-1] == text_of[1:])
            grams = (tokens[:-1][pair] << bits) | tokens[1:][pair]
            bigrams.add(grams * n_sources + owner[:-1][pair])
    return GramCounts(sources, coder.forms(), unigrams.result(), bigrams.result())


def _remap(keys: np.ndarray, *, n_old: int, n_new: int, sources: np.ndarray,
           forms: np.ndarray, bits: tuple[int, int] | None) -> np.ndarray:
    """Keys of one part re-coded with the merged sources and forms (`bits` (old, new) for
    bigram keys, None for unigram keys)."""
    grams, owner = np.divmod(keys, n_old)
    if bits is None:
        grams = forms[grams]
    else:
        old, new = bits
        grams = (forms[grams >> old] << new) | forms[grams & ((1 << old) - 1)]
    return grams * n_new + sources[owner]


def merge_grams(parts: Iterable[GramCounts]) -> GramCounts:
    """The counts of `parts` (`count_grams` of chunks of the texts) added up: exactly the
    `count_grams` of all the texts, up to the numbering of forms."""
    parts = list(parts)
    sources = sorted({s for part in parts for s in part.sources})
    source_code = {s: i for i, s in enumerate(sources)}
    form_code: dict[str, int] = {}
    bits = form_bits(len(sources))
    unigrams, bigrams = [], []
    for part in filter(lambda p: p.sources, parts):  # a part without sources has no keys
        forms = np.fromiter((form_code.setdefault(f, len(form_code)) for f in part.forms),
                            dtype=np.int64, count=len(part.forms))
        _check_forms(len(form_code), bits)
        owners = np.asarray([source_code[s] for s in part.sources], dtype=np.int64)
        common = {"n_old": len(part.sources), "n_new": len(sources), "sources": owners,
                  "forms": forms}
        unigrams.append((_remap(part.unigrams[0], bits=None, **common), part.unigrams[1]))
        bigrams.append((_remap(part.bigrams[0], bits=(part.bits, bits), **common),
                        part.bigrams[1]))
    return GramCounts(sources, list(form_code), merge_counts(unigrams), merge_counts(bigrams))


def _kept(keys: np.ndarray, counts: np.ndarray, *, n_sources: int,
          min_count: int) -> tuple[np.ndarray, np.ndarray]:
    """Terms used at least `min_count` times in all sources: their gram codes (ascending)
    and their counts (one row each, a column per source)."""
    if not keys.size:
        return EMPTY, np.zeros((0, n_sources), dtype=np.int64)
    grams = keys // n_sources
    first = np.concatenate(([True], grams[1:] != grams[:-1]))  # a term's first key
    group = np.cumsum(first) - 1  # each key's term, among all terms
    starts = np.flatnonzero(first)
    del first
    keep = np.add.reduceat(counts, starts) >= min_count
    kept = grams[starts[keep]]
    del grams, starts
    used = keep[group]
    block = np.zeros((kept.size, n_sources), dtype=np.int64)
    block.ravel()[(np.cumsum(keep) - 1)[group[used]] * n_sources + keys[used] % n_sources] = (
        counts[used])
    return kept, block


def gram_matrix(counts: GramCounts, *, min_count: int = 1) -> pd.DataFrame:
    """`terms.counts_matrix` of these counts: every term used at least `min_count` times in
    all sources (rows, sorted), count by source (columns, sorted), int64."""
    n_sources, forms, bits = len(counts.sources), counts.forms, counts.bits
    uni, uni_block = _kept(*counts.unigrams, n_sources=n_sources, min_count=min_count)
    bi, bi_block = _kept(*counts.bigrams, n_sources=n_sources, min_count=min_count)
    names = [forms[a] for a in uni.tolist()]
    names += [f"{forms[a]} {forms[b]}" for a, b in zip((bi >> bits).tolist(),
                                                       (bi & ((1 << bits) - 1)).tolist(),
                                                       strict=True)]
    order = sorted(range(len(names)), key=names.__getitem__)
    rank = np.empty(len(names), dtype=np.int64)
    rank[order] = np.arange(len(names))
    matrix = np.empty((len(names), n_sources), dtype=np.int64)
    matrix[rank[: uni.size]] = uni_block
    matrix[rank[uni.size :]] = bi_block
    index = pd.Index([names[i] for i in order], name="term")
    return pd.DataFrame(matrix, columns=counts.sources, index=index, copy=False)
