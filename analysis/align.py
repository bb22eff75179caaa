"""Word alignment of two sentences: the passages they share, word for word or nearly.

Used by `analysis.reuse` to verify the candidate sentence pairs its MinHash LSH index
proposes. Formulas in docs/METHODOLOGY.md ("Shared passages", step 4).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from analysis.tokens import WORD_PATTERN, normalise_word

MIN_SHARED_WORDS = 5  # a passage: at least this many words matched in order...
MIN_SHARED_CONTENT = 3  # ...of which this many are not stop words
MAX_GAP = 4  # matched words at most this many words apart (in A) belong to one passage
ALIGN_GRAM = 2  # alignment matches word pairs: "a critical juncture" counts, lone "the" not
MIN_SHARED_GRAMS = 3  # fewer distinct shared pairs cannot cover 5 words (prefilter)
ROUND = 4


@dataclass(frozen=True, eq=False)
class Tokens:
    """A sentence's normalised words with their character spans."""

    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]

    @cached_property
    def gram_list(self) -> list[tuple[str, ...]]:
        """The word pairs in reading order (kept: one sentence is aligned with several)."""
        return list(zip(*(self.words[k:] for k in range(ALIGN_GRAM)), strict=False))

    @cached_property
    def gram_set(self) -> frozenset[tuple[str, ...]]:
        """The distinct word pairs (a cheap prefilter before `grams`)."""
        return word_grams(self.words)

    @cached_property
    def grams(self) -> dict[tuple[str, ...], list[int]]:
        """Word pair (ALIGN_GRAM words) -> the positions where it starts."""
        where: dict[tuple[str, ...], list[int]] = {}
        for j, gram in enumerate(self.gram_list):
            spots = where.get(gram)
            if spots is None:
                where[gram] = [j]
            else:
                spots.append(j)
        return where


def word_grams(words: Sequence[str]) -> frozenset[tuple[str, ...]]:
    """The distinct runs of ALIGN_GRAM consecutive words."""
    return frozenset(zip(*(words[k:] for k in range(ALIGN_GRAM)), strict=False))


def word_spans(sentence: str) -> tuple[tuple[int, int], ...]:
    """Character spans of the words of `sentence` (the spans of `tokenize`)."""
    return tuple(m.span() for m in WORD_PATTERN.finditer(sentence or ""))


def tokenize(sentence: str) -> Tokens:
    """Normalised words ("U.S." -> "us", "Blinken's" -> "blinken") and their spans."""
    matches = list(WORD_PATTERN.finditer(sentence or ""))
    return Tokens(tuple(match_form(m.group(0)) for m in matches),
                  tuple(m.span() for m in matches))


def match_words(sentence: str) -> tuple[str, ...]:
    """`tokenize(sentence).words` without the spans (the pattern has no capturing group,
    so findall returns whole matches): what reuse indexes, at half the cost."""
    return tuple(map(match_form, WORD_PATTERN.findall(sentence or "")))


@lru_cache(maxsize=65536)
def match_form(word: str) -> str:
    """A word as matched: normalised, dots removed, a final "'s" dropped."""
    word = normalise_word(word).replace(".", "")
    return word[:-2] if word.endswith("'s") else word


def matched_positions(a: Tokens, b: Tokens) -> list[tuple[int, int]]:
    """(position in a, position in b) of the words of a in a word pair (ALIGN_GRAM
    consecutive words) also found in b, aligned in reading order: a pair whose every
    occurrence in b lies behind the alignment so far is skipped (reordered words), unless the
    alignment so far is shorter than a passage, which then restarts there."""
    where = b.grams
    matched: dict[int, int] = {}
    last_b, run = -1, 0
    for i, gram in enumerate(a.gram_list):
        spots = where.get(gram)
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


def passage_regions(
    a: Tokens, b: Tokens, *, stopwords: frozenset[str], shared_grams: int | None = None
) -> list[list[tuple[int, int]]]:
    """The aligned regions of two tokenized sentences that make passages (at least
    MIN_SHARED_WORDS matched words, MIN_SHARED_CONTENT of them not stop words). Needs only
    `words` (spans are used by `cut_passages`); `shared_grams` may pass the number of word
    pairs the two share when the caller has counted it."""
    shared = len(a.gram_set & b.gram_set) if shared_grams is None else shared_grams
    if shared < MIN_SHARED_GRAMS:
        return []  # too few shared word pairs to cover MIN_SHARED_WORDS words
    kept = []
    for region in _regions(matched_positions(a, b)):
        matched = [a.words[i] for i, _ in region]
        if (len(matched) >= MIN_SHARED_WORDS
                and sum(w not in stopwords for w in matched) >= MIN_SHARED_CONTENT):
            kept.append(region)
    return kept


def cut_passages(
    text_a: str, text_b: str, regions: Sequence[Sequence[tuple[int, int]]], *,
    spans_a: Sequence[tuple[int, int]], spans_b: Sequence[tuple[int, int]],
) -> list[dict[str, str | float]]:
    """The passages of `regions` as {"a": text in A, "b": text in B, "similarity"}, where
    similarity = 2 * matched words / (words of the passage in A + in B)."""
    found = []
    for region in regions:
        a0, a1 = region[0][0], region[-1][0] + 1
        b0, b1 = min(j for _, j in region), max(j for _, j in region) + 1
        found.append({
            "a": text_a[spans_a[a0][0] : spans_a[a1 - 1][1]],
            "b": text_b[spans_b[b0][0] : spans_b[b1 - 1][1]],
            "similarity": round(min(2 * len(region) / ((a1 - a0) + (b1 - b0)), 1.0), ROUND),
        })
    return found


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
    regions = passage_regions(ta, tb, stopwords=stopwords)
    return cut_passages(text_a, text_b, regions, spans_a=ta.spans, spans_b=tb.spans)
