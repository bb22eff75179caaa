"""Topic mentions in text: each term's regular expression (see data/topics.toml) and the
scan that finds every topic's mentions in an article's sentences."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from analysis.quote_marks import trie_alternation
from analysis.regex_scan import matches_at

if TYPE_CHECKING:  # topics.py imports this module; Topic is only a type here
    from analysis.topics import Topic

# Automatic endings on a term's last word: plural, possessive, past tense, gerund.
# Documented in the header of data/topics.toml and docs/METHODOLOGY.md.
SUFFIX_PATTERN = r"(?:s|es|['’]s|s['’]|ed|ing)?"
# Endings a final "e" may drop before ("trade" -> "trading", "traded").
E_DROP_PATTERN = r"(?:ed|ing)"
# Acronym terms ("PLA", "AI") only take plural / possessive endings.
ACRONYM_SUFFIX_PATTERN = r"(?:s|['’]s)?"
WILDCARD = "*"
# Term words are joined by any run of whitespace (incl. no-break space) or hyphens.
WORD_JOINER = r"[\s\-‐‑–]+"
# Whole-word boundaries: no letter, digit or underscore right before or after a match.
WORD_BEFORE = r"(?<!\w)"
WORD_AFTER = r"(?!\w)"


@dataclass(frozen=True)
class Mention:
    """One occurrence of a topic in a text: which term matched, where, and as what text."""

    topic: str
    term: str
    start: int
    end: int
    text: str


def _is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _word_pattern(word: str) -> str:
    """A literal term word; apostrophes match straight or curly, hyphens any dash/space."""
    parts = re.split(r"[\-‐‑–]", word)
    escaped = [re.escape(p).replace("'", "['’]").replace("’", "['’]") for p in parts]
    return WORD_JOINER.join(escaped)


def term_pattern(term: str) -> str:
    """The regular expression (without boundaries) for one term; see data/topics.toml."""
    words = term.split()
    if not words:
        return ""
    head = [_word_pattern(w) for w in words[:-1]]
    last = words[-1]
    if last.endswith(WILDCARD):
        stem = _word_pattern(last.rstrip(WILDCARD))
        tail = stem + r"[\w'’\-]*"
    elif _is_acronym(term):
        exact = WORD_JOINER.join([*head, _word_pattern(last)])
        return f"(?-i:{exact}{ACRONYM_SUFFIX_PATTERN})"
    elif last.lower().endswith("e") and len(last) > 2:
        stem = _word_pattern(last[:-1])
        tail = f"{stem}(?:e{SUFFIX_PATTERN}|{E_DROP_PATTERN})"
    else:
        tail = _word_pattern(last) + SUFFIX_PATTERN
    return WORD_JOINER.join([*head, tail])


@lru_cache(maxsize=256)
def _sorted_terms(topic: Topic) -> tuple[str, ...]:
    """Usable terms (with a letter or digit), longest first: the regex's group order."""
    usable = {t.strip() for t in topic.terms if any(c.isalnum() for c in t)}
    return tuple(sorted(usable, key=lambda t: (-len(t), t)))


@lru_cache(maxsize=256)
def topic_regex(topic: Topic) -> re.Pattern[str]:
    """One compiled regex per topic: one group per term, longest term first."""
    terms = _sorted_terms(topic)
    if not terms:
        return re.compile(r"(?!x)x")
    alternatives = "|".join(f"({term_pattern(t)})" for t in terms)
    # A look-ahead on the possible first letters rejects most positions early (~25% faster).
    firsts = "".join(sorted({re.escape(c) for t in terms for c in (t[0].lower(), t[0].upper())}))
    return re.compile(
        f"(?=[{firsts}]){WORD_BEFORE}(?:{alternatives}){WORD_AFTER}", re.IGNORECASE
    )


# Sentences are scanned joined by this character: no topic pattern can match it (it is no
# word character, space or dash), so each match lies inside one sentence and the boundary
# look-arounds see a non-word character, exactly as at a sentence's start or end.
SENTENCE_JOINER = "\x00"
# Characters that IGNORECASE matches to an ASCII letter although str.lower() does not turn
# them into it (dotless i, long s; Python's re folding). Texts holding one are scanned fully.
FOLD_SPECIALS = ("\u0131", "\u017f")
CASE_FREE_START = "(?-i:"  # how an acronym term's pattern starts


@lru_cache(maxsize=256)
def literal_prefixes(topic: Topic) -> tuple[str, ...] | None:
    """Lower-case ASCII texts one of which starts every match of `topic` (the literal start
    of each term's pattern, shortest kept), or None when a term's pattern starts otherwise."""
    found: set[str] = set()
    for term in _sorted_terms(topic):
        pattern = term_pattern(term).removeprefix(CASE_FREE_START)
        size = next((i for i, c in enumerate(pattern) if not (c.isascii() and c.isalnum())),
                    len(pattern))
        if not size:
            return None
        found.add(pattern[:size].lower())
    return tuple(sorted(p for p in found if not any(p != q and p.startswith(q) for q in found)))


def _lowered(text: str) -> str | None:
    """`text` lower-cased when that keeps every offset and every IGNORECASE letter match
    (str.lower() never turns a word character into a non-word one or back)."""
    lowered = text.lower()
    if len(lowered) != len(text) or any(c in lowered for c in FOLD_SPECIALS):
        return None
    return lowered


@lru_cache(maxsize=64)
def _prefix_scanner(topics: tuple[Topic, ...]) -> tuple[re.Pattern[str] | None, dict]:
    """A regex finding, in lower-cased text, each word start where a literal prefix of some
    topic occurs (the longest such prefix), and prefix -> the indexes of the topics whose
    terms may start there (topics without `literal_prefixes` are never listed)."""
    per_topic = [literal_prefixes(t) or () for t in topics]
    prefixes = sorted({p for ps in per_topic for p in ps})
    if not prefixes:
        return None, {}
    topics_for = {p: tuple(k for k, ps in enumerate(per_topic) if p.startswith(ps))
                  for p in prefixes}
    return re.compile(r"\b" + trie_alternation(prefixes)), topics_for


def _candidates(lowered: str, topics: tuple[Topic, ...]) -> list[list[int]]:
    """Per topic, the offsets (in order) where one of its terms may start: word starts
    holding one of its `literal_prefixes`. A term never starts inside a longer prefix found
    at an earlier word start: the characters there are word characters."""
    scanner, topics_for = _prefix_scanner(topics)
    found: list[list[int]] = [[] for _ in topics]
    if scanner is None:
        return found
    for m in scanner.finditer(lowered):
        i = m.start()
        for k in topics_for[m.group()]:
            found[k].append(i)
    return found


@lru_cache(maxsize=64)
def _scan_plan(topics: tuple[Topic, ...]) -> tuple[bool, tuple[re.Pattern[str], ...],
                                                   tuple[bool, ...]]:
    """Per topic list (built once): whether a term holds SENTENCE_JOINER, each topic's regex,
    and whether its matches can be looked for at `_candidates` only."""
    joiner_in_terms = any(SENTENCE_JOINER in t for topic in topics for t in topic.terms)
    regexes = tuple(topic_regex(t) for t in topics)
    by_prefix = tuple(literal_prefixes(t) is not None for t in topics)
    return joiner_in_terms, regexes, by_prefix


def sentence_matches(
    sentences: Sequence[str], topics: Sequence[Topic]
) -> list[list[tuple[int, int, re.Match[str]]]]:
    """Per topic, (sentence id, sentence start offset, match) for every mention, in order:
    one scan of the joined sentences, the topic regexes tried only where a term may start
    (`_candidates`) when the lower-cased text allows it (`_lowered`)."""
    topics = tuple(topics)
    joiner_in_terms, regexes, by_prefix = _scan_plan(topics)
    text = SENTENCE_JOINER.join(sentences)
    if joiner_in_terms or text.count(SENTENCE_JOINER) != max(len(sentences) - 1, 0):
        return [[(i, 0, m) for i, s in enumerate(sentences) for m in regex.finditer(s)]
                for regex in regexes]
    starts, position = [], 0
    for s in sentences:
        starts.append(position)
        position += len(s) + 1
    lowered = _lowered(text)
    candidates = _candidates(lowered, topics) if lowered is not None else None
    per_topic = []
    for k, regex in enumerate(regexes):
        if candidates is None or not by_prefix[k]:
            matches: list[re.Match[str]] = list(regex.finditer(text))
        else:
            matches = matches_at(regex, text, candidates[k])
        found = []
        for m in matches:
            i = bisect_right(starts, m.start()) - 1
            found.append((i, starts[i], m))
        per_topic.append(found)
    return per_topic


def count_mentions(sentences: Sequence[str], topics: Sequence[Topic]) -> list[list[Mention]]:
    """Per sentence, the mentions of every topic (topic order, then position)."""
    per_sentence: list[list[Mention]] = [[] for _ in sentences]
    for topic, found in zip(topics, sentence_matches(sentences, topics), strict=True):
        terms = _sorted_terms(topic)
        for i, offset, m in found:
            per_sentence[i].append(Mention(topic.name, terms[m.lastindex - 1],
                                           m.start() - offset, m.end() - offset, m.group()))
    return per_sentence


def highlight_spans(text: str, topics: Sequence[Topic]) -> list[Mention]:
    """Mentions to highlight in `text`, sorted by start; where topics overlap, the earliest
    and then longest span wins, so spans never overlap."""
    found = sorted(count_mentions([text], topics)[0], key=lambda m: (m.start, m.start - m.end))
    kept: list[Mention] = []
    for m in found:
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
    return kept
