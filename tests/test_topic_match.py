"""Tests for analysis.topic_match: the gated scan finds exactly what the plain regex finds."""

import re
import sys

import pytest

from analysis.topic_match import (
    FOLD_SPECIALS,
    Mention,
    count_mentions,
    literal_prefixes,
    sentence_matches,
    topic_regex,
)
from analysis.topics import Topic, article_topic_rows, load_topics

ODD = (
    Topic("Apostrophe", ("'t Hooft", "tariff")),  # a term without a literal start
    Topic("Acronyms", ("PLA", "AI", "WTO")),
    Topic("Wild", ("Ukrain*", "sanction", "export controls", "co-operat*")),
    Topic("Overlap", ("Taiwan", "Taiwan Strait", "strait", "China", "South China Sea")),
)
VARIANTS = (
    str.upper, str.lower,
    lambda s: s.replace("s", "\u017f"),  # long s: IGNORECASE matches it to "s"
    lambda s: s.replace("i", "\u0131"),  # dotless i
    lambda s: s.replace("I", "\u0130"),  # capital I with dot: lower() adds a character
    lambda s: s.replace("k", "\u212a"),  # Kelvin sign: lower() gives "k"
    lambda s: s.replace(" ", "\x00", 1),  # the joiner inside a sentence
    lambda s: f"{s} Taiwan-Strait, anti-Taiwan, Taiwan's, AIs, PLA's, AI_x, 'tariffs",
)


def _plain(sentences: list[str], topics: tuple[Topic, ...]) -> list[list[tuple]]:
    """The reference: one finditer per sentence per topic."""
    return [[(t.name, m.span(), m.group(), m.lastindex) for t in topics
             for m in topic_regex(t).finditer(s)] for s in sentences]


def _fast(sentences: list[str], topics: tuple[Topic, ...]) -> list[list[tuple]]:
    out: list[list[tuple]] = [[] for _ in sentences]
    for topic, found in zip(topics, sentence_matches(sentences, topics), strict=True):
        for i, offset, m in found:
            out[i].append((topic.name, (m.start() - offset, m.end() - offset), m.group(),
                           m.lastindex))
    return out


@pytest.mark.parametrize("variant", range(len(VARIANTS) + 1))
def test_scan_equals_plain_regex_on_seed_text(
    seed_sentences: dict[str, list[str]], variant: int
) -> None:
    topics = (*load_topics(), *ODD)
    for sentences in seed_sentences.values():
        texts = sentences if not variant else [VARIANTS[variant - 1](s) for s in sentences]
        assert _fast(texts, topics) == _plain(texts, topics)


def test_count_mentions_positions_are_per_sentence(seed_sentences: dict[str, list[str]]) -> None:
    sentences = [*seed_sentences.values()][0]
    topics = load_topics()
    for sentence, mentions in zip(sentences, count_mentions(sentences, topics), strict=True):
        assert all(sentence[m.start:m.end] == m.text for m in mentions)
        assert all(isinstance(m, Mention) for m in mentions)


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        (("Taiwan", "Taiwanese", "Taiwan Strait"), ("taiwan",)),
        (("PLA", "trade"), ("pla", "trad")),  # acronym case ignored; "trade" may drop its e
        (("Ukrain*", "Kyiv"), ("kyiv", "ukrain")),
        (("'t Hooft", "tariff"), None),
        (("Zürich",), ("z",)),
    ],
)
def test_literal_prefixes(terms: tuple[str, ...], expected: tuple[str, ...] | None) -> None:
    assert literal_prefixes(Topic("T", terms)) == expected


def test_lower_case_facts_the_scan_relies_on() -> None:
    """str.lower() keeps length (but for U+0130) and word-character-ness; the only other
    characters IGNORECASE matches to an ASCII letter or digit lower() to it, or are listed
    in FOLD_SPECIALS."""
    word, ascii_alnum = re.compile(r"\w"), re.compile(r"(?i)[a-z0-9]")
    for code in range(sys.maxunicode + 1):
        c = chr(code)
        low = c.lower()
        if len(low) != 1:
            assert c == "\u0130"
            continue
        assert bool(word.match(c)) == bool(word.match(low))
        if code > 127 and ascii_alnum.match(c):
            assert low.isascii() or low in FOLD_SPECIALS


def test_topics_sharing_a_name_count_together() -> None:
    sentences = ["Taiwan and Kyiv.", "Kyiv again."]
    topics = (Topic("Places", ("Taiwan",)), Topic("Places", ("Kyiv",)))
    rows, sentence_rows = article_topic_rows(article_id="a", sentences=sentences,
                                             compounds=[0.5, -0.5], n_words=5, topics=topics)
    assert [r["mentions"] for r in rows] == [3, 3]
    assert [(r["sentence_id"], r["terms"]) for r in sentence_rows[:2]] == [
        (0, "Taiwan; Kyiv"), (1, "Kyiv")]
