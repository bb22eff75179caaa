"""Stories: which articles cover the same event.

The `story` column wins when it is given. Articles without one are grouped by text
similarity: the Jaccard similarity of their content-word sets, candidates from a MinHash
LSH index (signatures computed with numpy in `analysis.reuse_index`, equal to datasketch's;
datasketch's MinHashLSH band layout, its buckets found by sorting band values) so no pair
of articles is compared unless the index proposes it, then connected components. Each new
story is labelled by its most distinctive shared words. Formulas in docs/METHODOLOGY.md
("Stories").
"""

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from itertools import chain

import numpy as np
import pandas as pd

from analysis.align import match_form
from analysis.reuse_index import band_layout, permutations, set_signatures
from analysis.terms import load_stopwords
from analysis.tokens import words

# Jaccard of content-word sets above which two articles are one story. Measured: the two
# seed articles (one event, 380 vs 1,100 words) score 0.19; unrelated news ~0.00-0.03.
DEFAULT_STORY_THRESHOLD = 0.12
NUM_PERM = 128  # datasketch default
BUCKET_REPS = 3  # members of an LSH bucket each article is verified against
# Articles hashed per numpy batch in reuse_index.set_signatures: (words x NUM_PERM) uint32
# stays in cache (~1 MB for 8 articles of ~270 words); 256 measured ~3x slower.
SIGNATURE_BATCH = 8
# Candidate pairs Jaccard-checked per round before connected pairs are dropped again.
JACCARD_BATCH = 256
MAX_LOOKUP_WORDS = 32  # label candidates looked up member by member; more: count all words
LABEL_WORDS = 3  # words in a generated story label
LABEL_JOINER = " · "
STORY_PREFIX = "story: "


class _ContentWords(dict):
    """Memo: a whitespace-free chunk of text -> its content words (`tokenize` forms, stop
    words and letter-free words dropped). Exact because no word of `tokens.words` holds
    whitespace and its pattern looks at no character outside the word it matches, so the
    words of a text are the words of its chunks in order (tests/test_terms.py and
    test_stories.py check it); each distinct chunk is tokenized once per corpus."""

    def __init__(self, stopwords: frozenset[str]) -> None:
        super().__init__()
        self.stopwords = stopwords

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        forms = (match_form(w) for w in words(chunk))
        value = self[chunk] = tuple(w for w in forms if w not in self.stopwords
                                    and any(c.isalpha() for c in w))
        return value


def _article_counts(sentences: Iterable[str], *, chunks: _ContentWords) -> Counter:
    """`article_counts` with the caller's memo (shared by the articles of a corpus)."""
    text = " ".join(filter(None, sentences))  # whitespace never joins or splits a word
    return Counter(chain.from_iterable(map(chunks.__getitem__, text.split())))


def article_counts(sentences: list[str], *, stopwords: frozenset[str]) -> Counter:
    """Counts of the content words (normalised, stop words and numbers removed) of one article."""
    return _article_counts(sentences, chunks=_ContentWords(stopwords))


def jaccard(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    """|A & B| / |A | B|."""
    return len(a & b) / len(a | b) if a or b else 0.0


def lsh_buckets(sigs: np.ndarray, *, bands: int, rows: int) -> Iterator[np.ndarray]:
    """Rows (ascending positions) that share a bucket of a MinHash LSH index: equal values
    in one band of `rows` signature columns, for each of `bands` bands; buckets of two or
    more rows only. These are the buckets of datasketch's MinHashLSH (its bucket key is the
    band's bytes), found by sorting instead of inserting every article."""
    for band in range(bands):
        block = sigs[:, band * rows : (band + 1) * rows]
        order = np.lexsort(block.T[::-1])  # stable: equal rows keep ascending positions
        ordered = block[order]
        starts = np.flatnonzero(np.r_[True, (ordered[1:] != ordered[:-1]).any(axis=1)])
        sizes = np.diff(np.r_[starts, order.size])
        shared = sizes > 1
        for start, size in zip(starts[shared].tolist(), sizes[shared].tolist(), strict=True):
            yield order[start : start + size]


def candidate_pairs(sigs: np.ndarray, *, bands: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct pairs (a, b), a < b, of rows to verify (two int arrays, sorted): in each
    LSH bucket, every member against the bucket's first BUCKET_REPS members, so a bucket of
    n articles costs O(n), not O(n^2)."""
    firsts, seconds = [], []
    for members in lsh_buckets(sigs, bands=bands, rows=rows):
        for i in range(min(BUCKET_REPS, members.size - 1)):
            firsts.append(np.full(members.size - i - 1, members[i]))
            seconds.append(members[i + 1 :])
    if not firsts:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    n = len(sigs)
    codes = np.sort(np.concatenate(firsts).astype(np.int64) * n + np.concatenate(seconds))
    codes = codes[np.r_[True, codes[1:] != codes[:-1]]]  # np.unique, without its hashing
    return codes // n, codes % n


def _merged(labels: np.ndarray, edges: Iterable[tuple[int, int]]) -> np.ndarray:
    """`labels` (each row's component, named by its smallest row) after joining `edges`."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while x in parent:
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = root(int(labels[a])), root(int(labels[b]))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    remap = np.arange(labels.size)
    for x in parent:
        remap[x] = root(x)
    return remap[labels]


def linked_components(
    first: np.ndarray, second: np.ndarray, *, sets: list[AbstractSet[str]], threshold: float
) -> np.ndarray:
    """Component of each of `sets` (named by its smallest position) in the graph of the
    candidate pairs (first[k], second[k]) whose Jaccard >= threshold. Components do not
    depend on the order pairs are checked in, so pairs already connected are dropped in
    bulk (numpy) and only the next JACCARD_BATCH are checked in Python, round by round."""
    labels = np.arange(len(sets))
    while first.size:
        apart = labels[first] != labels[second]
        first, second = first[apart], second[apart]
        batch = list(zip(first[:JACCARD_BATCH].tolist(), second[:JACCARD_BATCH].tolist(),
                         strict=True))
        first, second = first[JACCARD_BATCH:], second[JACCARD_BATCH:]
        labels = _merged(labels, [(a, b) for a, b in batch
                                  if jaccard(sets[a], sets[b]) >= threshold])
    return labels


def similar_groups(
    word_sets: Mapping[str, AbstractSet[str]], *, threshold: float, num_perm: int = NUM_PERM,
    seed: int = 1,
) -> list[list[str]]:
    """Connected components of articles linked by Jaccard >= threshold: LSH buckets give
    candidates, each checked exactly against its bucket's first BUCKET_REPS members.
    Components sorted by their first article id."""
    ids = sorted(word_sets)
    indexed = [a for a in ids if word_sets[a]]
    groups: dict[str, list[str]] = defaultdict(list)
    if len(indexed) > 1:
        sets = [word_sets[a] for a in indexed]
        # The min-hash of a set does not depend on the order of its words: no sort needed.
        sigs = set_signatures([list(w) for w in sets], batch=SIGNATURE_BATCH,
                              perms=permutations(num_perm=num_perm, seed=seed))
        bands, rows = band_layout(threshold=min(max(threshold, 0.01), 0.99), num_perm=num_perm)
        first, second = candidate_pairs(sigs, bands=bands, rows=rows)
        labels = linked_components(first, second, sets=sets, threshold=threshold)
        for a, label in zip(indexed, labels.tolist(), strict=True):
            groups[indexed[label]].append(a)
    else:
        groups.update((a, [a]) for a in indexed)
    groups.update((a, [a]) for a in ids if not word_sets[a])
    return sorted(groups.values(), key=lambda g: g[0])


def story_label(members: list[str], *, counts: Mapping[str, Counter], corpus_df: Counter) -> str:
    """The group's most distinctive shared words: score = share of the group's articles
    using the word x log((N + 1) / articles in the corpus using it); ties: more uses first,
    then alphabetical."""
    n_docs = len(counts)
    inside: Counter = Counter(chain.from_iterable(counts[a] for a in members))

    def score(w: str) -> float:
        return -(inside[w] / len(members)) * math.log((n_docs + 1) / corpus_df[w])

    best = heapq.nsmallest(LABEL_WORDS, map(score, inside))
    if not best:
        return STORY_PREFIX + members[0]
    # Only words scoring at least as well as the LABEL_WORDS-th can be picked (ties at the
    # cut included), so only their uses are counted, not every word of every member.
    candidates = [w for w in inside if score(w) <= best[-1]]
    uses = _uses(candidates, members=members, counts=counts)
    scored = sorted(candidates, key=lambda w: (score(w), -uses[w], w))
    return STORY_PREFIX + LABEL_JOINER.join(scored[:LABEL_WORDS])


def _uses(candidates: list[str], *, members: list[str], counts: Mapping[str, Counter]) -> Counter:
    """How often the members use each of `candidates` in all."""
    uses: Counter = Counter()
    if len(candidates) > MAX_LOOKUP_WORDS:  # many ties: one pass over every member's words
        for a in members:
            uses.update(counts[a])  # in place: sum(..., Counter()) copies per member
        return uses
    for a in members:
        mine = counts[a]
        for w in candidates:
            uses[w] += mine.get(w, 0)
    return uses


def _texts_by_article(sentences_df: pd.DataFrame) -> dict[str, list[str]]:
    """article_id -> its sentence texts in table order (a plain loop: groupby is slower)."""
    texts: dict[str, list[str]] = defaultdict(list)
    for article, text in zip(sentences_df["article_id"].tolist(), sentences_df["text"].tolist(),
                             strict=True):
        texts[article].append(text)
    return texts


def assign_stories(
    articles_df: pd.DataFrame,
    sentences_df: pd.DataFrame,
    *,
    threshold: float = DEFAULT_STORY_THRESHOLD,
) -> pd.Series:
    """article_id -> story label.

    Articles with a `story` value keep it. The others are grouped with every article by
    similarity; a group that contains labelled articles takes their most common label, a
    group without takes a generated label ("story: word · word · word").
    """
    if articles_df.empty:
        return pd.Series(dtype=object, name="story")
    given = {}
    if "story" in articles_df.columns:
        given = {a: s for a, s in zip(articles_df["article_id"], articles_df["story"], strict=True)
                 if isinstance(s, str) and s.strip()}
    ids = list(articles_df["article_id"])
    if len(given) == len(ids):
        return pd.Series([given[a] for a in ids], index=pd.Index(ids, name="article_id"),
                         name="story")
    texts = _texts_by_article(sentences_df)
    chunks = _ContentWords(load_stopwords())
    counts = {a: _article_counts(texts.get(a, ()), chunks=chunks) for a in ids}
    word_sets = {a: c.keys() for a, c in counts.items()}  # set-like views: no copies
    corpus_df: Counter = Counter(chain.from_iterable(counts.values()))
    labels: dict[str, str] = {}
    used: set[str] = set(given.values())
    for members in similar_groups(word_sets, threshold=threshold):
        known = Counter(given[a] for a in members if a in given)
        if known:
            label = known.most_common(1)[0][0]
        else:
            label = story_label(members, counts=counts, corpus_df=corpus_df)
            base, k = label, 2
            while label in used:
                label, k = f"{base} ({k})", k + 1
            used.add(label)
        for a in members:
            labels[a] = given.get(a, label)
    return pd.Series([labels[a] for a in ids], index=pd.Index(ids, name="article_id"),
                     name="story")
