"""Word alignment of two sentences: the passages they share, word for word or nearly.

Used by `analysis.reuse` to verify the candidate sentence pairs its MinHash LSH index
proposes. Formulas in docs/METHODOLOGY.md ("Shared passages", step 4).
"""

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain, count, islice, pairwise
from re import Match

from analysis.tokens import WORD_PATTERN, TokenMemo, normalise_word

MIN_SHARED_WORDS = 5  # a passage: at least this many words matched in order...
MIN_SHARED_CONTENT = 3  # ...of which this many are not stop words
MAX_GAP = 4  # matched words at most this many words apart (in A) belong to one passage
ALIGN_GRAM = 2  # alignment matches word pairs: "a critical juncture" counts, lone "the" not
MIN_SHARED_GRAMS = 3  # fewer distinct shared pairs cannot cover 5 words (prefilter)
ROUND = 4
_span = Match.span


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


def word_spans(sentence: str, limit: int | None = None) -> tuple[tuple[int, int], ...]:
    """Character spans of the words of `sentence` (the spans of `tokenize`); only the
    first `limit` if given (the regex stops there)."""
    return tuple(map(_span, islice(WORD_PATTERN.finditer(sentence or ""), limit)))


def tokenize(sentence: str) -> Tokens:
    """Normalised words ("U.S." -> "us", "Blinken's" -> "blinken") and their spans."""
    matches = list(WORD_PATTERN.finditer(sentence or ""))
    return Tokens(tuple(match_form(m.group(0)) for m in matches),
                  tuple(m.span() for m in matches))


def match_words(sentence: str) -> tuple[str, ...]:
    """`tokenize(sentence).words` without the spans: what reuse indexes. Each distinct
    whitespace token is matched and normalised once per process (`tokens.TokenMemo`): no
    word holds whitespace, so the words of a sentence are those of its tokens in turn."""
    if not sentence:
        return ()
    return tuple(chain.from_iterable(map(_MATCH_FORMS_OF_TOKEN.__getitem__, sentence.split())))


def _token_match_forms(token: str) -> tuple[str, ...]:
    return tuple(map(match_form, WORD_PATTERN.findall(token)))


@lru_cache(maxsize=65536)
def match_form(word: str) -> str:
    """A word as matched: normalised, dots removed, a final "'s" dropped."""
    word = normalise_word(word).replace(".", "")
    return word[:-2] if word.endswith("'s") else word


_MATCH_FORMS_OF_TOKEN: TokenMemo[tuple[str, ...]] = TokenMemo(_token_match_forms)


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
        run += _match_gram(matched, i, j)
        last_b = j
    return sorted(matched.items())


def _match_gram(matched: dict[int, int], i: int, j: int) -> int:
    """Match the ALIGN_GRAM words from i (in a) to those from j (in b), each a-word once;
    returns how many were added. (`anchored_positions`, the hot path, has it inline.)"""
    added = 0
    for k in range(ALIGN_GRAM):
        if i + k not in matched:
            matched[i + k] = j + k
            added += 1
    return added


@dataclass(frozen=True, eq=False)
class Anchor:
    """A sentence prepared once to be aligned with many others (`verify` pairs each first
    carrier of a passage with dozens of sentences): its words, its word pairs in reading
    order, where each pair starts and which words are not stop words."""

    words: tuple[str, ...]
    gram_list: list[tuple[str, ...]]
    where: dict[tuple[str, ...], list[int]]
    content: tuple[bool, ...]


def anchor(words: Sequence[str], *, stopwords: frozenset[str]) -> Anchor:
    """`words` prepared for `shared_grams` and `anchored_regions`."""
    tokens = Tokens(tuple(words), ())
    return Anchor(tokens.words, tokens.gram_list, tokens.grams,
                  tuple(w not in stopwords for w in tokens.words))


def grams_of(words: Sequence[str]) -> Iterator[tuple[str, ...]]:
    """The word pairs (ALIGN_GRAM words) of `words` in reading order, lazily."""
    if ALIGN_GRAM == 2:
        return pairwise(words)  # the same pairs, without slicing copies
    return zip(*(words[k:] for k in range(ALIGN_GRAM)), strict=False)


def shared_grams(a: Anchor, words_b: Sequence[str]) -> set[tuple[str, ...]]:
    """The distinct word pairs of `a` also in `words_b` (the prefilter: fewer than
    MIN_SHARED_GRAMS cannot make a passage). Only the shared pairs are stored."""
    return a.where.keys() & grams_of(words_b)


def anchored_positions(a: Anchor, words_b: Sequence[str], shared: set
                       ) -> list[tuple[int, int]]:
    """`matched_positions(a, b)` visiting only the positions of the `shared` pairs (the
    others are skipped there too); matched keys grow in reading order, so no sort."""
    spot = dict(zip(grams_of(words_b), count()))  # pair -> its (last) start in b
    starts = sorted(chain.from_iterable(map(a.where.__getitem__, shared)))
    if ALIGN_GRAM != 2 or len(spot) < len(words_b) - 1:  # a pair repeats in b
        return _positions(a.gram_list, starts, _spots(words_b, shared))
    # Each pair starts once in b (the usual case): the first spot after the alignment so far
    # is that one if it lies ahead, else there is none. Positions grow, so position i is
    # already matched exactly when i < top (the end of the last matched pair).
    gram_list = a.gram_list
    matched: list[tuple[int, int]] = []
    top, last_b, run = 0, -1, 0
    for i in starts:
        j = spot[gram_list[i]]
        if j <= last_b:
            if run >= MIN_SHARED_WORDS:
                continue
            run = 0
        if i >= top:
            matched.append((i, j))
            run += 1
        matched.append((i + 1, j + 1))
        run += 1
        top, last_b = i + 2, j
    return matched


def _spots(words_b: Sequence[str], shared: set) -> dict[tuple[str, ...], list[int]]:
    """Shared word pair -> its start positions in `words_b`, ascending (`Tokens.grams`
    restricted to `shared`)."""
    spots: dict[tuple[str, ...], list[int]] = {g: [] for g in shared}
    for j, gram in enumerate(grams_of(words_b)):
        if gram in spots:
            spots[gram].append(j)
    return spots


def _positions(gram_list: Sequence[tuple[str, ...]], starts: Sequence[int],
               where_b: dict[tuple[str, ...], list[int]]) -> list[tuple[int, int]]:
    """`matched_positions` over the a-positions `starts` (ascending) of pairs in `where_b`."""
    matched: dict[int, int] = {}
    last_b, run = -1, 0
    for i in starts:
        spots = where_b[gram_list[i]]
        if spots[-1] > last_b:  # the first spot after the alignment so far
            j = spots[bisect_right(spots, last_b)]
        elif run >= MIN_SHARED_WORDS:
            continue
        else:
            j, run = spots[0], 0
        for k in range(ALIGN_GRAM):
            if i + k not in matched:
                matched[i + k] = j + k
                run += 1
        last_b = j
    return list(matched.items())


def anchored_regions(a: Anchor, words_b: Sequence[str], *, shared: set
                     ) -> list[list[tuple[int, int]]]:
    """`passage_regions(a, b)` (with the stop words of `a`) given
    `shared = shared_grams(a, words_b)`."""
    if len(shared) < MIN_SHARED_GRAMS:
        return []
    return _passages(_regions(anchored_positions(a, words_b, shared)), a.content)


def _passages(regions: list[list[tuple[int, int]]], content: Sequence[bool]
              ) -> list[list[tuple[int, int]]]:
    """The regions long enough to be passages: MIN_SHARED_WORDS matched words, of which
    MIN_SHARED_CONTENT are not stop words (`content`: per word of a)."""
    return [region for region in regions
            if len(region) >= MIN_SHARED_WORDS
            and sum([content[i] for i, _ in region]) >= MIN_SHARED_CONTENT]


def _regions(pairs: Sequence[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Matched positions grouped into regions: neighbours at most MAX_GAP words apart in a
    and in b, with b moving forward."""
    regions: list[list[tuple[int, int]]] = []
    region: list[tuple[int, int]] = []
    pi, pj = 0, 1 << 62  # no previous position: b cannot move forward from pj
    for pair in pairs:
        i, j = pair
        if i - pi - 1 <= MAX_GAP and 0 < j - pj <= MAX_GAP + 1:
            region.append(pair)
        else:
            region = [pair]
            regions.append(region)
        pi, pj = pair
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
    content = [w not in stopwords for w in a.words]
    return _passages(_regions(matched_positions(a, b)), content)


def cut_passages(
    text_a: str, text_b: str, regions: Sequence[Sequence[tuple[int, int]]], *,
    spans_a: Sequence[tuple[int, int]], spans_b: Sequence[tuple[int, int]],
) -> list[dict[str, str | float]]:
    """The passages of `regions` as {"a": text in A, "b": text in B, "similarity"}, where
    similarity = 2 * matched words / (words of the passage in A + in B)."""
    found = []
    for region in regions:
        a0, a1 = region[0][0], region[-1][0] + 1
        b0, b1 = region[0][1], region[-1][1] + 1  # b positions grow within a region
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
