"""Shared passages between articles: wire copy, rewrites, the same statement quoted twice.

Two stages, so cost grows with the number of passages, not with pairs of articles:
1. candidates: every sentence is cut into windows of WINDOW content words; each distinct
   window gets a MinHash (datasketch) and goes into a MinHashLSH index; windows of different
   articles that the index returns as similar make candidate sentence pairs;
2. verification: each candidate sentence pair is aligned on shared word pairs and matching
   stretches become passages. Article similarity is containment of word shingles.
Definitions and formulas: docs/methodology/compare.md ("Shared passages").
"""

import json
import zlib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import pandas as pd
from datasketch import MinHash, MinHashLSH

from analysis.terms import load_stopwords
from analysis.tokens import WORD_PATTERN, normalise_word

REUSE_COLUMNS = ["article_a", "article_b", "similarity", "passages"]
PASSAGE_COLUMNS = ["article_a", "article_b", "similarity", "passage", "a", "b",
                   "passage_similarity"]
DEFAULT_SHINGLE_SIZE = 5  # words per shingle for article similarity (Broder 1997 used w-shingles)
DEFAULT_THRESHOLD = 0.3  # LSH Jaccard threshold between windows (recall over precision)
DEFAULT_NUM_PERM = 128  # datasketch default; LSH error ~ 1/sqrt(num_perm)
WINDOW = 8  # content words per indexed window
STRIDE = 4  # windows overlap by half, so a shared stretch of >= STRIDE words is whole in one
MIN_WINDOW = 3  # a sentence with fewer content words is not indexed
MIN_SHARED_WORDS = 5  # a passage: at least this many words matched in order...
MIN_SHARED_CONTENT = 3  # ...of which this many are not stop words
MAX_GAP = 4  # matched words at most this many words apart (in A) belong to one passage
ALIGN_GRAM = 2  # alignment matches word pairs: "a critical juncture" counts, lone "the" not
MIN_SHARED_GRAMS = 3  # fewer distinct shared pairs cannot cover 5 words (prefilter)
MAX_ORIGINS = 2  # a passage family links each carrier to its first 2 carriers (O(n) pairs)
MAX_ORIGIN_SENTENCES = 2  # sentences of one origin article kept per family
MAX_CANDIDATES = 3  # places a sentence is verified against (the most voted)
ROUND = 4


@dataclass(frozen=True, eq=False)
class Tokens:
    """A sentence's normalised words with their character spans."""

    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]

    @cached_property
    def grams(self) -> dict[tuple[str, ...], list[int]]:
        """Word pair (ALIGN_GRAM words) -> the positions where it starts."""
        where: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for j in range(len(self.words) - ALIGN_GRAM + 1):
            where[self.words[j : j + ALIGN_GRAM]].append(j)
        return dict(where)


def tokenize(sentence: str) -> Tokens:
    """Normalised words ("U.S." -> "us", "Blinken's" -> "blinken") and their spans."""
    words, spans = [], []
    for m in WORD_PATTERN.finditer(sentence or ""):
        word = normalise_word(m.group(0)).replace(".", "")
        if word.endswith("'s"):
            word = word[:-2]
        words.append(word)
        spans.append(m.span())
    return Tokens(tuple(words), tuple(spans))


def stem(word: str) -> str:
    """A crude suffix strip so "leads"/"leading"/"led" index alike (candidates only)."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(words: Sequence[str], *, stopwords: frozenset[str]) -> list[str]:
    """Stemmed non-stop words with a letter: the features of the LSH windows."""
    return [stem(w) for w in words if w not in stopwords and any(c.isalpha() for c in w)]


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


def _window_members(
    docs: Mapping[str, Sequence[Tokens]], *, stopwords: frozenset[str]
) -> dict[tuple, list[tuple[str, int]]]:
    """Distinct window -> the (article_id, sentence_id) places it occurs, in corpus order."""
    members: dict[tuple, list[tuple[str, int]]] = defaultdict(list)
    for article_id, sentences in docs.items():
        for sid, toks in enumerate(sentences):
            for win in windows(content_words(toks.words, stopwords=stopwords)):
                members[win].append((article_id, sid))
    return members


def passage_families(
    keys: Sequence[tuple], *, threshold: float, num_perm: int, seed: int
) -> list[list[int]]:
    """Group windows into families with MinHash LSH: a window joins the earliest family
    whose founding window the index finds similar, or founds a new one. Only founders are indexed,
    and founders are mutually dissimilar, so each query returns few families."""
    hashes = MinHash.bulk([[w.encode("utf-8") for w in k] for k in keys],
                          num_perm=num_perm, seed=seed)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    families: dict[int, list[int]] = {}
    for i, mh in enumerate(hashes):
        found = lsh.query(mh)
        if found:
            families[min(found)].append(i)  # the earliest similar family only: O(windows)
        else:
            lsh.insert(i, mh, check_duplication=False)
            families[i] = [i]
    return list(families.values())


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
    docs: Mapping[str, Sequence[Tokens]],
    *,
    stopwords: frozenset[str],
    threshold: float,
    num_perm: int,
    seed: int,
) -> set[tuple[str, int, str, int]]:
    """(article_a, sentence_a, article_b, sentence_b) pairs, article_a < article_b.

    Every sentence votes, once per window family it is in, for the family's origin places
    in other articles; it is paired with its MAX_CANDIDATES most voted places. A passage
    shared by n articles thus yields O(n) pairs, not O(n^2).
    """
    members = _window_members(docs, stopwords=stopwords)
    keys = list(members)
    if not keys:
        return set()
    votes: dict[tuple[str, int], Counter] = defaultdict(Counter)
    for family in passage_families(keys, threshold=threshold, num_perm=num_perm, seed=seed):
        places = list(dict.fromkeys(place for i in family for place in members[keys[i]]))
        if len({a for a, _ in places}) < 2:
            continue
        origins = family_origins(places)
        for place in places:
            for origin in origins:
                if origin[0] != place[0]:
                    votes[place][origin] += 1
    pairs: set[tuple[str, int, str, int]] = set()
    for (b, sb), ballot in votes.items():
        ranked = sorted(ballot.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]
        for (a, sa), _ in ranked:
            pairs.add((a, sa, b, sb) if a < b else (b, sb, a, sa))
    return pairs


def matched_positions(a: Tokens, b: Tokens) -> list[tuple[int, int]]:
    """(position in a, position in b) of the words of a in a word pair (ALIGN_GRAM
    consecutive words) also found in b, aligned in reading order: a pair whose every
    occurrence in b lies behind the alignment so far is skipped (reordered words), unless the
    alignment so far is shorter than a passage, which then restarts there."""
    where = b.grams
    matched: dict[int, int] = {}
    last_b, run = -1, 0
    for i in range(len(a.words) - ALIGN_GRAM + 1):
        spots = where.get(a.words[i : i + ALIGN_GRAM])
        if not spots:
            continue
        j = next((x for x in spots if x > last_b), None)
        if j is None:
            if run >= MIN_SHARED_WORDS:
                continue
            j, run = spots[0], 0
        for k in range(ALIGN_GRAM):
            if i + k not in matched:
                matched[i + k] = j + k
                run += 1
        last_b = j
    return sorted(matched.items())


def _regions(pairs: Sequence[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Matched positions grouped into regions: neighbours at most MAX_GAP words apart in a
    and in b, with b moving forward."""
    regions: list[list[tuple[int, int]]] = []
    for i, j in pairs:
        if regions:
            pi, pj = regions[-1][-1]
            if i - pi - 1 <= MAX_GAP and j - pj > 0 and j - pj - 1 <= MAX_GAP:
                regions[-1].append((i, j))
                continue
        regions.append([(i, j)])
    return regions


def shared_passages(
    text_a: str,
    text_b: str,
    *,
    stopwords: frozenset[str],
    tokens: tuple[Tokens, Tokens] | None = None,
) -> list[dict[str, str | float]]:
    """Passages two sentences share: {"a": text in A, "b": text in B, "similarity"}, where
    similarity = 2 * matched words / (words of the passage in A + in B). `tokens` may pass
    the sentences' `tokenize` results when they are at hand."""
    ta, tb = tokens if tokens is not None else (tokenize(text_a), tokenize(text_b))
    if len(ta.grams.keys() & tb.grams.keys()) < MIN_SHARED_GRAMS:
        return []  # too few shared word pairs to cover MIN_SHARED_WORDS words
    found = []
    for region in _regions(matched_positions(ta, tb)):
        matched = [ta.words[i] for i, _ in region]
        content = [w for w in matched if w not in stopwords]
        if len(matched) < MIN_SHARED_WORDS or len(content) < MIN_SHARED_CONTENT:
            continue
        a0, a1 = region[0][0], region[-1][0] + 1
        b0, b1 = min(j for _, j in region), max(j for _, j in region) + 1
        found.append({
            "a": text_a[ta.spans[a0][0] : ta.spans[a1 - 1][1]],
            "b": text_b[tb.spans[b0][0] : tb.spans[b1 - 1][1]],
            "similarity": round(min(2 * len(matched) / ((a1 - a0) + (b1 - b0)), 1.0), ROUND),
        })
    return found


def find_reuse(
    docs: Mapping[str, Sequence[str]],
    *,
    shingle_size: int = DEFAULT_SHINGLE_SIZE,
    threshold: float = DEFAULT_THRESHOLD,
    num_perm: int = DEFAULT_NUM_PERM,
    seed: int = 1,
    stopwords: frozenset[str] | None = None,
) -> pd.DataFrame:
    """The `reuse` table: article pairs sharing at least one passage.

    `docs` maps article_id -> sentences. `similarity` is the containment of the two
    articles' `shingle_size`-word shingles; `passages` a JSON list of shared passages in
    the order they appear in article_a. `threshold` is the LSH Jaccard threshold between
    windows (lower finds looser rewrites, at more verification cost).
    """
    if len(docs) < 2:
        return pd.DataFrame(columns=REUSE_COLUMNS)
    stops = load_stopwords() if stopwords is None else stopwords
    tokens = {aid: [tokenize(s) for s in sents] for aid, sents in docs.items()}
    pairs = candidate_pairs(tokens, stopwords=stops, threshold=threshold,
                            num_perm=num_perm, seed=seed)
    by_articles: dict[tuple[str, str], list] = defaultdict(list)
    for a, sa, b, sb in sorted(pairs):
        pair_tokens = (tokens[a][sa], tokens[b][sb])
        for passage in shared_passages(docs[a][sa], docs[b][sb], stopwords=stops,
                                       tokens=pair_tokens):
            by_articles[(a, b)].append(passage)
    article_shingles = {
        a: shingles([w for t in tokens[a] for w in t.words], size=shingle_size)
        for a in {x for pair in by_articles for x in pair}
    }
    rows = []
    for (a, b), passages in sorted(by_articles.items()):
        similarity = containment(article_shingles[a], article_shingles[b])
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
