"""Verification of shared-passage candidates (`analysis.reuse` step 2): each candidate
sentence pair is aligned word by word (`analysis.align`); the passages found are grouped
by article pair. Pairs come sorted by a-sentence, each a-sentence prepared once (an
`Anchor`) for its ~100 partners; only the word pairs both share are looked at.
`verify_mapped` cuts the pairs into chunks for a process pool or Dask (`analysis.mapping`),
with the same result as `verify`.
"""

from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from itertools import groupby
from operator import itemgetter

from analysis.align import (
    MIN_SHARED_GRAMS,
    anchor,
    anchored_regions,
    cut_passages,
    shared_grams,
    word_spans,
)
from analysis.mapping import Mapper

# Candidate sentence pairs per unit of work when a Mapper spreads verification over
# processes: pickling stays small next to the work (~20 us a pair), and 2-8 workers balance.
# (Tokenizing is not mapped: sending the words back costs as much as finding them.)
VERIFY_CHUNK = 3000


def verify_chunk(
    job: tuple[list, Mapping, Mapping, frozenset[str]]
) -> dict[tuple[str, str], list]:
    """`verify` on one unit of mapped work: (pairs, docs, words, stopwords)."""
    pairs, docs, words, stopwords = job
    return verify(docs, words=words, pairs=pairs, stopwords=stopwords)


def pair_chunks(pairs: Collection[tuple[str, int, str, int]], *, size: int
                 ) -> Iterator[list[tuple[str, int, str, int]]]:
    """Sorted pairs cut into runs of about `size`, never splitting one article_a, so each
    (article_a, article_b) gets its passages from one chunk, in the sequential order."""
    chunk: list[tuple[str, int, str, int]] = []
    for pair in sorted(pairs):
        if len(chunk) >= size and pair[0] != chunk[-1][0]:
            yield chunk
            chunk = []
        chunk.append(pair)
    if chunk:
        yield chunk


def verify_mapped(
    docs: Mapping[str, Sequence[str]], *, words: Mapping[str, Sequence[Sequence[str]]],
    pairs: Collection[tuple[str, int, str, int]], stopwords: frozenset[str], mapper: Mapper,
) -> dict[tuple[str, str], list]:
    """`verify` with the pairs cut into chunks run by `mapper`; each chunk carries only
    the sentences its pairs need."""
    jobs = []
    for chunk in pair_chunks(pairs, size=VERIFY_CHUNK):
        places = {(a, sa) for a, sa, _, _ in chunk} | {(b, sb) for _, _, b, sb in chunk}
        sub_docs: dict[str, dict[int, str]] = defaultdict(dict)
        sub_words: dict[str, dict[int, Sequence[str]]] = defaultdict(dict)
        for aid, sid in places:
            sub_docs[aid][sid], sub_words[aid][sid] = docs[aid][sid], words[aid][sid]
        jobs.append((chunk, dict(sub_docs), dict(sub_words), stopwords))
    merged: dict[tuple[str, str], list] = {}
    for found in mapper(verify_chunk, jobs):
        merged.update(found)
    return merged


def verify(
    docs: Mapping[str, Sequence[str]],
    *,
    words: Mapping[str, Sequence[Sequence[str]]],
    pairs: Collection[tuple[str, int, str, int]],
    stopwords: frozenset[str],
) -> dict[tuple[str, str], list]:
    """(article_a, article_b) -> the passages of its candidate sentence pairs, in order.
    Each a-sentence is prepared once for all its pairs (about a hundred: a-sentences are a
    passage's first carriers); spans are found only for pairs that share a passage, and
    nothing is kept per sentence (memory stays flat)."""
    by_articles: dict[tuple[str, str], list] = defaultdict(list)
    for (a, sa), group in groupby(sorted(pairs), key=itemgetter(0, 1)):
        prepared, spans_a = anchor(words[a][sa], stopwords=stopwords), None
        for _, _, b, sb in group:
            words_b = words[b][sb]
            shared = shared_grams(prepared, words_b)
            if len(shared) < MIN_SHARED_GRAMS:
                continue
            regions = anchored_regions(prepared, words_b, shared=shared)
            if regions:
                spans_a = spans_a or word_spans(docs[a][sa])
                last_b = max(region[-1][1] for region in regions)  # b grows in a region
                by_articles[(a, b)].extend(cut_passages(
                    docs[a][sa], docs[b][sb], regions, spans_a=spans_a,
                    spans_b=word_spans(docs[b][sb], last_b + 1)))
    return by_articles
