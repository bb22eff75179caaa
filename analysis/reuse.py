"""Shared passages between articles: wire copy, rewrites, the same statement quoted twice.

Two stages, so cost grows with the number of passages, not with pairs of articles:
1. candidates: every sentence is cut into windows of WINDOW content words (int rows of
   stem codes, `analysis.reuse_windows`); each distinct window gets a MinHash signature and
   an LSH index groups similar windows into passage families (`analysis.reuse_index`:
   datasketch's scheme, vectorised with numpy); each sentence is paired with the most
   voted earliest carriers of its families in other articles (`analysis.reuse_votes`;
   bounded, so n articles give O(n) pairs). `content_words`, `windows` and
   `_window_members` are the plain definitions the arrays must equal (tests);
2. verification: each candidate sentence pair is aligned on shared word pairs
   (`analysis.align`) and matching stretches become passages. Article similarity is
   containment of word shingles.
Definitions and formulas: docs/METHODOLOGY.md ("Shared passages").
"""

import json
import zlib
from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.align import match_words, shared_passages, tokenize
from analysis.mapping import Mapper, worker_count
from analysis.reuse_index import code_families, word_hashes
from analysis.reuse_similarity import pair_similarities, reuse_frame
from analysis.reuse_verify import verify, verify_mapped
from analysis.reuse_votes import vote
from analysis.reuse_windows import (
    MIN_WINDOW,
    STRIDE,
    WINDOW,
    encode,
    number_rows,
    stem,
    window_rows,
)
from analysis.terms import load_stopwords

__all__ = ["find_reuse", "passages_frame", "shared_passages", "syndicated_duplicates",
           "tokenize"]

REUSE_COLUMNS = ["article_a", "article_b", "similarity", "passages"]
PASSAGE_COLUMNS = ["article_a", "article_b", "similarity", "passage", "a", "b",
                   "passage_similarity"]
# Verification is mapped to a pool from this many workers on. Measured at 10,000 articles
# with 2 processes: mapped 5.2 s, in this process 4.3 s (the other worker meanwhile does
# the source tables and distinctive words, aggregate.side_tables).
MIN_MAP_WORKERS = 4
DEFAULT_SHINGLE_SIZE = 5  # words per shingle for article similarity (Broder 1997 used w-shingles)
DEFAULT_THRESHOLD = 0.3  # LSH Jaccard threshold between windows (recall over precision)
DEFAULT_NUM_PERM = 128  # datasketch default; LSH error ~ 1/sqrt(num_perm)


def content_words(
    words: Sequence[str], *, stopwords: frozenset[str], memo: dict[str, str] | None = None
) -> list[str]:
    """Stemmed non-stop words with a letter: the features of the LSH windows. `memo`
    (word -> stem, "" for a dropped word) may be passed to reuse work across sentences."""
    memo = {} if memo is None else memo
    out = []
    for w in words:
        feature = memo.get(w)
        if feature is None:
            keep = w not in stopwords and any(c.isalpha() for c in w)
            feature = memo[w] = stem(w) if keep else ""
        if feature:
            out.append(feature)
    return out


def windows(content: Sequence[str], *, size: int = WINDOW, stride: int = STRIDE) -> list[tuple]:
    """Overlapping windows (sorted distinct words) over a sentence's content words."""
    if len(content) < MIN_WINDOW:
        return []
    last = max(len(content) - size, 0)
    starts = sorted(set(range(0, last + 1, stride)) | {last})
    return [tuple(sorted(set(content[s : s + size]))) for s in starts]


def shingles(words: Sequence[str], *, size: int) -> set[int]:
    """Hashed word n-grams (crc32) of a word sequence; the whole text if shorter."""
    grams = [" ".join(words[i : i + size]) for i in range(max(len(words) - size + 1, 1))]
    return {zlib.crc32(g.encode("utf-8")) for g in grams if g}


def containment(a: set[int], b: set[int]) -> float:
    """|A & B| / min(|A|, |B|): 1.0 when the shorter text is wholly inside the longer."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def shingle_array(words: Sequence[str], *, size: int) -> np.ndarray:
    """`shingles` as a sorted uint32 array (4 bytes a shingle, for many articles at once)."""
    return np.unique(np.fromiter(shingles(words, size=size), dtype=np.uint32))


def array_containment(a: np.ndarray, b: np.ndarray) -> float:
    """`containment` of two sorted distinct arrays."""
    if not a.size or not b.size:
        return 0.0
    return np.intersect1d(a, b, assume_unique=True).size / min(a.size, b.size)


def _window_members(
    docs: Mapping[str, Sequence[Sequence[str]]], *, stopwords: frozenset[str]
) -> dict[tuple, list[tuple[str, int]]]:
    """Distinct window -> the (article_id, sentence_id) places it occurs, in corpus order."""
    members: dict[tuple, list[tuple[str, int]]] = defaultdict(list)
    memo: dict[str, str] = {}
    for article_id, sentences in docs.items():
        for sid, words in enumerate(sentences):
            place = (article_id, sid)  # one tuple per sentence, shared by its windows
            for win in windows(content_words(words, stopwords=stopwords, memo=memo)):
                members[win].append(place)
    return members


def candidate_places(
    docs: Mapping[str, Sequence[Sequence[str]]],
    *,
    stopwords: frozenset[str],
    threshold: float,
    num_perm: int,
    seed: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """`candidate_pairs` as int arrays (article_a, sentence_a, article_b, sentence_b), an
    article as its position in `docs`, in the order of `sorted(candidate_pairs(...))`:
    a few bytes a pair where the set holds a tuple of four objects."""
    enc = encode(docs, stopwords=stopwords)
    article, sentence_id, stems = enc.sentence_article, enc.sentence_id, enc.stems
    rows, sentence = window_rows(enc.codes, enc.counts)
    del enc  # the content word codes: the windows hold them now
    window, first = number_rows(rows)
    unique_rows = rows[first]
    del rows, first
    family = code_families(unique_rows, word_hashes(stems, cache={}), threshold=threshold,
                           num_perm=num_perm, seed=seed)
    del unique_rows
    ids = list(docs)
    rank = np.empty(len(ids), dtype=np.int64)  # article ids compare as strings, not by position
    rank[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
    # a sentence's place in the order of (article id, sentence number)
    order_key = rank[article] * (int(sentence_id.max(initial=0)) + 1) + sentence_id
    voter, origin = vote(window, sentence, family, place_article=article, tie_key=order_key)
    low = np.minimum(order_key[voter], order_key[origin])
    high = np.maximum(order_key[voter], order_key[origin])
    span = int(order_key.max(initial=0)) + 1
    pairs = np.sort(low * span + high)
    repeat = np.zeros(pairs.size, dtype=bool)
    repeat[1:] = pairs[1:] == pairs[:-1]  # each pair once, though both sides may vote for it
    pairs = pairs[~repeat]
    by_key = np.argsort(order_key)  # order_key -> sentence
    first_place = by_key[np.searchsorted(order_key[by_key], pairs // span)]
    second_place = by_key[np.searchsorted(order_key[by_key], pairs % span)]
    return (article[first_place], sentence_id[first_place], article[second_place],
            sentence_id[second_place])


def candidate_pairs(
    docs: Mapping[str, Sequence[Sequence[str]]],
    *,
    stopwords: frozenset[str],
    threshold: float,
    num_perm: int,
    seed: int,
) -> set[tuple[str, int, str, int]]:
    """(article_a, sentence_a, article_b, sentence_b) pairs, article_a < article_b, from
    each sentence's normalised words (`tokenize(sentence).words`).

    Every sentence votes, once per window family it is in, for the family's origin places
    in other articles; it is paired with its MAX_CANDIDATES most voted places. A passage
    shared by n articles thus yields O(n) pairs, not O(n^2). The windows are those of
    `_window_members`, held as int arrays (`analysis.reuse_windows`); the vote is
    `analysis.reuse_votes.vote`; `candidate_places` gives the same pairs as arrays.
    """
    return set(sorted_candidates(docs, stopwords=stopwords, threshold=threshold,
                                 num_perm=num_perm, seed=seed))


def sorted_candidates(
    docs: Mapping[str, Sequence[Sequence[str]]], *, stopwords: frozenset[str],
    threshold: float, num_perm: int, seed: int,
) -> list[tuple[str, int, str, int]]:
    """`candidate_pairs` as a sorted list (verification walks the pairs in that order, so
    handing them over sorted saves it a sort)."""
    article_a, sentence_a, article_b, sentence_b = candidate_places(
        docs, stopwords=stopwords, threshold=threshold, num_perm=num_perm, seed=seed)
    names = np.array(list(docs), dtype=object)
    return list(zip(names[article_a].tolist(), sentence_a.tolist(), names[article_b].tolist(),
                    sentence_b.tolist(), strict=True))


def _worth_mapping(mapper: Mapper | None) -> bool:
    """Whether verification should go to the mapper's workers: only with MIN_MAP_WORKERS or
    more (or a cluster of unknown size), as cutting and sending the chunks costs this
    process about as much as two workers save."""
    workers = worker_count(mapper)
    return mapper is not None and (workers is None or workers >= MIN_MAP_WORKERS)


def find_reuse(
    docs: Mapping[str, Sequence[str]],
    *,
    shingle_size: int = DEFAULT_SHINGLE_SIZE,
    threshold: float = DEFAULT_THRESHOLD,
    num_perm: int = DEFAULT_NUM_PERM,
    seed: int = 1,
    stopwords: frozenset[str] | None = None,
    mapper: Mapper | None = None,
) -> pd.DataFrame:
    """The `reuse` table: article pairs sharing at least one passage.

    `docs` maps article_id -> sentences. `similarity` is the containment of the two
    articles' `shingle_size`-word shingles; `passages` a JSON list of shared passages in
    the order they appear in article_a. `threshold` is the LSH Jaccard threshold between
    windows (lower finds looser rewrites, at more verification cost). `mapper` (see
    analysis.mapping) runs the verification in chunks on other processes; the table is the
    same either way.
    """
    if len(docs) < 2:
        return pd.DataFrame(columns=REUSE_COLUMNS)
    stops = load_stopwords() if stopwords is None else stopwords
    words = {aid: [match_words(s) for s in sents] for aid, sents in docs.items()}
    pairs = sorted_candidates(words, stopwords=stops, threshold=threshold, num_perm=num_perm,
                              seed=seed)
    if not _worth_mapping(mapper):
        by_articles = verify(docs, words=words, pairs=pairs, stopwords=stops)
    else:
        by_articles = verify_mapped(docs, words=words, pairs=pairs, stopwords=stops,
                                    mapper=mapper)
    del pairs
    article_pairs = sorted(by_articles)
    similarity = pair_similarities(words, article_pairs, shingle_size=shingle_size)
    del words
    return reuse_frame(by_articles, article_pairs, similarity, columns=REUSE_COLUMNS)


def passages_frame(reuse_df: pd.DataFrame) -> pd.DataFrame:
    """One row per shared passage (for display): the pair, its similarity, the passage
    number, its text in A and in B and the passage similarity."""
    if reuse_df.empty:
        return pd.DataFrame(columns=PASSAGE_COLUMNS)
    rows = []
    for rec in reuse_df.itertuples(index=False):
        for i, passage in enumerate(json.loads(rec.passages)):
            rows.append({"article_a": rec.article_a, "article_b": rec.article_b,
                         "similarity": rec.similarity, "passage": i, "a": passage["a"],
                         "b": passage["b"], "passage_similarity": passage["similarity"]})
    return pd.DataFrame(rows, columns=PASSAGE_COLUMNS)


def syndicated_duplicates(reuse_df: pd.DataFrame, *, threshold: float = 0.8) -> set[str]:
    """Article ids to leave out when counting syndicated duplicates once.

    Articles linked by similarity >= threshold form groups (connected components); each
    group keeps its smallest article_id and the others are returned.
    """
    if reuse_df.empty:
        return set()
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    close = reuse_df[reuse_df["similarity"] >= threshold]
    for a, b in zip(close["article_a"], close["article_b"], strict=True):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x for x in parent if root(x) != x}
