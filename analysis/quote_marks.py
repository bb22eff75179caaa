"""Quotation marks and attribution cues of one sentence, found once and shared.

`quoted_spans` finds text inside double quotation marks, `mask_quotes` hides it, and
`sentence_marks` bundles both with the attribution cues of the narration ("said",
"according to") so that `analysis.quotes` and `analysis.tone` read the same scan instead of
re-running the regexes (see docs/METHODOLOGY.md ("Per-article hot path")).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

# Double quotation marks. Curly marks say which side they are on; a straight mark opens
# when it follows whitespace/start/bracket and closes otherwise (typographic convention).
OPENING_MARKS = "“«"
CLOSING_MARKS = "”»"
STRAIGHT_MARK = '"'
OPENS_AFTER = " \t\n([{—–-"
MARK_PATTERN = re.compile("[" + re.escape(OPENING_MARKS + CLOSING_MARKS + STRAIGHT_MARK) + "]")

# Speech and reporting verbs that attribute a statement to a subject (news attribution
# verbs, after Bell 1991 "The Language of News Media", ch. 11, and AP style "said").
SPEECH_VERBS = (
    "said", "says", "say", "saying", "told", "tells", "stated", "stressed",
    "stresses", "added", "adds", "noted", "notes", "announced", "announces", "urged",
    "urges", "claimed", "claims", "argued", "argues", "insisted", "insists", "warned",
    "warns", "explained", "emphasised", "emphasized", "reiterated", "demanded", "blamed",
    "reported", "wrote", "writes", "asked", "replied", "acknowledged", "confirmed",
    "denied", "declared", "hinted", "accused", "vowed", "pledged", "suggested",
)
ATTRIBUTION_PHRASES = ("according to", "made it clear", "in a statement")
# A phrase can only match when the lower-cased text holds one of these pieces (letters
# without Unicode case-folding extras such as "ı" or "ſ", so the check is exact).
PHRASE_HINTS = ("ccord", "clear", "tatement")
MASK_CHAR = "\x00"


def trie_alternation(words: Sequence[str]) -> str:
    """A regex alternation of `words` factored by shared prefixes (same matches, fewer tries)."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and not ends else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if ends else body

    return emit(tree)


# Case-sensitive on purpose: "United States" is not "states", "Notes" in a title is no verb.
# Between word boundaries only a whole word matches, so the prefix-factored alternation
# finds exactly what "\b(?:said|says|...)\b" finds, about twice as fast.
SPEECH_VERB_PATTERN = re.compile(r"\b" + trie_alternation(SPEECH_VERBS) + r"\b")
PHRASE_PATTERN = re.compile(
    r"\b(?:" + "|".join(p.replace(" ", r"\s+") for p in ATTRIBUTION_PHRASES) + r")\b",
    re.IGNORECASE,
)


class SentenceMarks(NamedTuple):
    """One sentence's quoted spans, its quote-masked narration and the cues found in it."""

    spans: tuple[tuple[int, int], ...]
    narration: str
    verbs: tuple[re.Match, ...]
    phrases: tuple[re.Match, ...]

    @property
    def attributed(self) -> bool:
        """Whether the narration carries an attribution cue."""
        return bool(self.verbs or self.phrases)


def _opens(text: str, i: int) -> bool:
    """Whether the straight mark at `i` opens a quotation (follows space/start, precedes text)."""
    before_ok = i == 0 or text[i - 1] in OPENS_AFTER
    after_ok = i + 1 < len(text) and not text[i + 1].isspace()
    return before_ok and after_ok


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of the text inside double quotation marks.

    Marks themselves are excluded. A closing mark with no opening one before it (a quote
    carried over from the previous sentence) spans from the start of `text`; an opening mark
    never closed spans to its end.
    """
    if not text:
        return []
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for mark in MARK_PATTERN.finditer(text):
        i, ch = mark.start(), mark.group(0)
        opening = ch in OPENING_MARKS or (ch == STRAIGHT_MARK and _opens(text, i))
        closing = ch in CLOSING_MARKS or (ch == STRAIGHT_MARK and not opening)
        if opening and start is None:
            start = i + 1
        elif closing and start is not None:
            if i > start:
                spans.append((start, i))
            start = None
        elif closing and not spans and text[:i].strip():
            spans.append((0, i))
    if start is not None and start < len(text) and text[start:].strip():
        spans.append((start, len(text)))
    return spans


def mask_spans(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` with the given quoted spans (and their marks) replaced by MASK_CHAR."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        lo, hi = max(start - 1, 0), min(end + 1, len(text))
        chars[lo:hi] = MASK_CHAR * (hi - lo)
    return "".join(chars)


def mask_quotes(text: str) -> str:
    """`text` with every quoted span (and its marks) replaced by MASK_CHAR, same length."""
    return mask_spans(text, quoted_spans(text))


def _phrases(narration: str) -> tuple[re.Match, ...]:
    """PHRASE_PATTERN matches, skipping the regex when no PHRASE_HINTS piece is present."""
    lower = narration.lower()
    first, second, third = PHRASE_HINTS
    if first not in lower and second not in lower and third not in lower:
        return ()
    return tuple(PHRASE_PATTERN.finditer(narration))


def sentence_marks(sentence: str) -> SentenceMarks:
    """Quoted spans, narration and attribution cues of one sentence (one scan of each)."""
    if not sentence:
        return SentenceMarks((), sentence, (), ())
    spans = tuple(quoted_spans(sentence)) if MARK_PATTERN.search(sentence) else ()
    narration = mask_spans(sentence, spans)
    return SentenceMarks(spans, narration, tuple(SPEECH_VERB_PATTERN.finditer(narration)),
                         _phrases(narration))


def article_marks(sentences: Sequence[str]) -> list[SentenceMarks]:
    """`sentence_marks` for every sentence of an article, in order."""
    return [sentence_marks(s) for s in sentences]
