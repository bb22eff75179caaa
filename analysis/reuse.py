"""Shared passages between articles: wire copy, rewrites, the same statement quoted twice.

Two stages, so cost grows with the number of passages, not with pairs of articles:
1. candidates: every sentence is cut into windows of WINDOW content words; each distinct
   window gets a MinHash (datasketch) and goes into a MinHashLSH index; windows of different
   articles that the index returns as similar make candidate sentence pairs;
2. verification: each candidate sentence pair is aligned word by word (difflib) and matching
   stretches become passages. Article similarity is containment of word shingles.
Definitions and formulas: docs/methodology/compare.md ("Shared passages").
"""

import difflib
import json
import zlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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
MAX_GAP = 4  # matched stretches this close (in words, on both sides) merge into one passage
MAX_MEMBERS = 64  # a window shared by more articles pairs only the first 64 (bounds output)
ROUND = 4


@dataclass(frozen=True)
class Tokens:
    """A sentence's normalised words with their character spans."""

    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]


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


def candidate_pairs(
    docs: Mapping[str, Sequence[Tokens]],
    *,
    stopwords: frozenset[str],
    threshold: float,
    num_perm: int,
    seed: int,
) -> set[tuple[str, int, str, int]]:
    """(article_a, sentence_a, article_b, sentence_b) pairs, article_a < article_b, whose
    windows the MinHash LSH index finds similar."""
    members: dict[tuple, list[tuple[str, int]]] = defaultdict(list)
    for article_id, sentences in docs.items():
        for sid, toks in enumerate(sentences):
            for win in windows(content_words(toks.words, stopwords=stopwords)):
                if len(members[win]) < MAX_MEMBERS:
                    members[win].append((article_id, sid))
    keys = list(members)
    if not keys:
        return set()
    hashes = MinHash.bulk([[w.encode("utf-8") for w in k] for k in keys],
                          num_perm=num_perm, seed=seed)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    with lsh.insertion_session() as session:
        for i, mh in enumerate(hashes):
            session.insert(i, mh, check_duplication=False)
    pairs: set[tuple[str, int, str, int]] = set()
    for i, mh in enumerate(hashes):
        for j in lsh.query(mh):
            if j < i:
                continue
            for a, sa in members[keys[i]]:
                for b, sb in members[keys[j]]:
                    if a < b:
                        pairs.add((a, sa, b, sb))
                    elif b < a:
                        pairs.add((b, sb, a, sa))
    return pairs


def _regions(blocks: Sequence[difflib.Match]) -> list[list[difflib.Match]]:
    """Matching blocks grouped into regions: neighbours within MAX_GAP words on both sides."""
    regions: list[list[difflib.Match]] = []
    for block in blocks:
        if block.size == 0:
            continue
        if regions:
            last = regions[-1][-1]
            gap_a = block.a - (last.a + last.size)
            gap_b = block.b - (last.b + last.size)
            if gap_a <= MAX_GAP and gap_b <= MAX_GAP:
                regions[-1].append(block)
                continue
        regions.append([block])
    return regions


def shared_passages(
    text_a: str, text_b: str, *, stopwords: frozenset[str]
) -> list[dict[str, str | float]]:
    """Passages two sentences share: {"a": text in A, "b": text in B, "similarity"}, where
    similarity = 2 * matched words / (words of the passage in A + in B)."""
    ta, tb = tokenize(text_a), tokenize(text_b)
    matcher = difflib.SequenceMatcher(None, ta.words, tb.words, autojunk=False)
    found = []
    for region in _regions(matcher.get_matching_blocks()):
        matched = [ta.words[m.a + k] for m in region for k in range(m.size)]
        content = [w for w in matched if w not in stopwords]
        if len(matched) < MIN_SHARED_WORDS or len(content) < MIN_SHARED_CONTENT:
            continue
        a0, a1 = region[0].a, region[-1].a + region[-1].size
        b0, b1 = region[0].b, region[-1].b + region[-1].size
        found.append({
            "a": text_a[ta.spans[a0][0] : ta.spans[a1 - 1][1]],
            "b": text_b[tb.spans[b0][0] : tb.spans[b1 - 1][1]],
            "similarity": round(2 * len(matched) / ((a1 - a0) + (b1 - b0)), ROUND),
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
        for passage in shared_passages(docs[a][sa], docs[b][sb], stopwords=stops):
            by_articles[(a, b)].append(passage)
    rows = []
    for (a, b), passages in sorted(by_articles.items()):
        words_a = [w for t in tokens[a] for w in t.words]
        words_b = [w for t in tokens[b] for w in t.words]
        similarity = containment(shingles(words_a, size=shingle_size),
                                 shingles(words_b, size=shingle_size))
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
