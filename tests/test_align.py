"""Word alignment: the anchored fast path (one sentence prepared for many) equals the plain
`matched_positions` / `passage_regions` on varied real and scrambled sentences."""

import random

import pytest

from analysis.align import (
    Tokens,
    anchor,
    anchored_positions,
    anchored_regions,
    grams_of,
    match_words,
    matched_positions,
    passage_regions,
    shared_grams,
    word_grams,
)
from analysis.sentences import split_sentences
from analysis.terms import load_stopwords


@pytest.fixture(scope="module")
def sentence_words(seed_000_text, seed_004_text) -> list[tuple[str, ...]]:
    """The seeds' sentences as matched words, plus edited copies of each: words swapped,
    a stretch repeated (word pairs that occur twice), words dropped, and short
    scrambles over a tiny vocabulary (many repeats)."""
    rng = random.Random(5)
    real = [match_words(s) for text in (seed_000_text, seed_004_text)
            for s in split_sentences(text)]
    out = list(real)
    for words in real:
        w = list(words)
        if len(w) > 6:
            i = rng.randrange(len(w) - 1)
            out.append(tuple(w[:i] + [w[i + 1], w[i]] + w[i + 2 :]))
            k = rng.randrange(len(w) - 4)
            out.append(tuple(w[: k + 4] + w[k : k + 4] + w[k + 4 :]))
            out.append(tuple(x for x in w if rng.random() > 0.2))
    tiny = ["the", "us", "china", "talks", "said", "on", "in"]
    out += [tuple(rng.choice(tiny) for _ in range(rng.randrange(0, 14))) for _ in range(60)]
    return out


def _pairs(sentences, *, n, seed):
    rng = random.Random(seed)
    return [(rng.choice(sentences), rng.choice(sentences)) for _ in range(n)]


def test_grams_of_are_the_word_pairs(sentence_words):
    for words in sentence_words[:50]:
        assert list(grams_of(words)) == list(zip(words, words[1:], strict=False))


def test_anchored_alignment_equals_plain(sentence_words):
    stops = load_stopwords()
    pairs = _pairs(sentence_words, n=3000, seed=1)
    # edited copies of one sentence are near each other: align those too
    pairs += list(zip(sentence_words, sentence_words[1:], strict=False))
    found = 0
    for wa, wb in pairs:
        a = anchor(wa, stopwords=stops)
        ta, tb = Tokens(tuple(wa), ()), Tokens(tuple(wb), ())
        shared = shared_grams(a, wb)
        assert len(shared) == len(word_grams(wa) & word_grams(wb))
        assert anchored_positions(a, wb, shared) == matched_positions(ta, tb)
        regions = anchored_regions(a, wb, shared=shared)
        assert regions == passage_regions(ta, tb, stopwords=stops)
        found += bool(regions)
    assert found > 100  # the check saw many real passages


def test_anchored_alignment_with_repeated_pairs():
    a = match_words("The talks in Beijing on the talks in Beijing on Monday, said the U.S.")
    b = match_words("On Monday the talks in Beijing on the talks in Beijing said")
    for wa, wb in ((a, b), (b, a), (a, a)):
        a = anchor(wa, stopwords=frozenset())
        got = anchored_positions(a, wb, shared_grams(a, wb))
        assert got == matched_positions(Tokens(wa, ()), Tokens(wb, ()))
        assert got


def test_word_spans_limit_is_a_prefix(seed_000_text):
    from analysis.align import word_spans

    for sentence in split_sentences(seed_000_text)[:20]:
        spans = word_spans(sentence)
        assert word_spans(sentence, 4) == spans[:4]
        assert word_spans(sentence, len(spans) + 3) == spans


@pytest.mark.parametrize("odd", ["", "  ", "U.S. officials' talks\u2019s 4:30 p.m.",
                                 "a\u00a0b\u2009c\u3000d\x1ce", "end.\n\tnew Blinken's"])
def test_match_words_token_by_token_equals_one_findall(seed_000_text, seed_004_text, odd):
    """match_words memoises whitespace tokens; it must equal matching the whole sentence."""
    from analysis.align import match_form, match_words
    from analysis.sentences import split_sentences
    from analysis.tokens import WORD_PATTERN

    for sentence in [*split_sentences(seed_000_text), *split_sentences(seed_004_text), odd]:
        assert match_words(sentence) == tuple(map(match_form, WORD_PATTERN.findall(sentence)))
