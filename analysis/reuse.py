"""Shared passages between articles: wire copy, rewrites, the same statement quoted twice.

Two stages, so cost grows with the number of passages, not with pairs of articles:
1. candidates: every sentence is cut into windows of WINDOW content words; each distinct
   window gets a MinHash signature and an LSH index groups similar windows into passage
   families (`analysis.reuse_index`: datasketch's scheme, vectorised with numpy); each
   sentence is paired with the most voted earliest carriers of its families in other
   articles (bounded, so n articles give O(n) pairs);
2. verification: each candidate sentence pair is aligned on shared word pairs
   (`analysis.align`) and matching stretches become passages. Article similarity is
   containment of word shingles.
Definitions and formulas: docs/METHODOLOGY.md ("Shared passages").
"""

import json
import zlib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.align import ROUND, match_words, shared_passages, tokenize
from analysis.mapping import Mapper
from analysis.reuse_index import passage_families
from analysis.reuse_verify import verify, verify_mapped
from analysis.terms import load_stopwords

__all__ = ["find_reuse", "passages_frame", "shared_passages", "syndicated_duplicates",
           "tokenize"]

REUSE_COLUMNS = ["article_a", "article_b", "similarity", "passages"]
PASSAGE_COLUMNS = ["article_a", "article_b", "similarity", "passage", "a", "b",
                   "passage_similarity"]
DEFAULT_SHINGLE_SIZE = 5  # words per shingle for article similarity (Broder 1997 used w-shingles)
DEFAULT_THRESHOLD = 0.3  # LSH Jaccard threshold between windows (recall over precision)
DEFAULT_NUM_PERM = 128  # datasketch default; LSH error ~ 1/sqrt(num_perm)
WINDOW = 8  # content words per indexed window
STRIDE = 4  # windows overlap by half, so a shared stretch of >= STRIDE words is whole in one
MIN_WINDOW = 3  # a sentence with fewer content words is not indexed
MAX_ORIGINS = 2  # a passage family links each carrier to its first 2 carriers (O(n) pairs)
MAX_ORIGIN_SENTENCES = 2  # sentences of one origin article kept per family
MAX_CANDIDATES = 3  # places a sentence is verified against (the most voted)


def stem(word: str) -> str:
    """A crude suffix strip so "leads"/"leading" index alike (candidates only)."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


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


def family_origins(places: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """The places of a family's first MAX_ORIGINS articles (its earliest carriers in corpus
    order), at most MAX_ORIGIN_SENTENCES sentences each."""
    origins: dict[str, list[int]] = {}
    for article_id, sid in places:
        if article_id in origins:
            if len(origins[article_id]) < MAX_ORIGIN_SENTENCES and sid not in origins[article_id]:
                origins[article_id].append(sid)
        elif len(origins) < MAX_ORIGINS:
            origins[article_id] = [sid]
    return [(a, sid) for a, sids in origins.items() for sid in sids]


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
    shared by n articles thus yields O(n) pairs, not O(n^2).
    """
    by_window = _window_members(docs, stopwords=stopwords)
    keys = list(by_window)
    members = dict(enumerate(by_window.values()))  # window number -> places
    del by_window
    if not keys:
        return set()
    votes: dict[tuple[str, int], Counter] = defaultdict(Counter)
    families = passage_families(keys, threshold=threshold, num_perm=num_perm, seed=seed)
    del keys  # from here on, windows are freed as their family is counted: the peak is
    # max(windows, votes) rather than their sum
    for family in families:
        places = list(dict.fromkeys(place for i in family for place in members.pop(i)))
        if len({a for a, _ in places}) < 2:
            continue
        origins = family_origins(places)
        for place in places:
            for origin in origins:
                if origin[0] != place[0]:
                    votes[place][origin] += 1
    pairs: set[tuple[str, int, str, int]] = set()
    while votes:
        (b, sb), ballot = votes.popitem()
        ranked = sorted(ballot.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]
        for (a, sa), _ in ranked:
            pairs.add((a, sa, b, sb) if a < b else (b, sb, a, sa))
    return pairs


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
    pairs = candidate_pairs(words, stopwords=stops, threshold=threshold,
                            num_perm=num_perm, seed=seed)
    if mapper is None:
        by_articles = verify(docs, words=words, pairs=pairs, stopwords=stops)
    else:
        by_articles = verify_mapped(docs, words=words, pairs=pairs, stopwords=stops,
                                    mapper=mapper)
    article_shingles = {
        a: shingle_array([w for sent in words[a] for w in sent], size=shingle_size)
        for a in {x for pair in by_articles for x in pair}
    }
    del words
    rows = []
    for (a, b), passages in sorted(by_articles.items()):
        similarity = array_containment(article_shingles[a], article_shingles[b])
        rows.append({"article_a": a, "article_b": b, "similarity": round(similarity, ROUND),
                     "passages": json.dumps(passages, ensure_ascii=False)})
    return pd.DataFrame(rows, columns=REUSE_COLUMNS)


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
