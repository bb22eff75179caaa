"""Tone profile: GDELT-style tone, framing, hedging, quoting, intensity, readability.

Every dimension is a share of words matched by a plain word list under data/tone/ (or the
VADER lexicon), except readability (Flesch reading ease). Definitions: TONE_DIMENSIONS.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis import quotes
from analysis.tokens import WORD_PATTERN, normalise_word, words
from analysis.tone_lists import ToneLexicons, WordList, load_lexicons, syllables

__all__ = [
    "TONE_DIMENSIONS", "ToneDimension", "ToneLexicons", "WordList", "load_lexicons",
    "tone_profile", "tone_words", "tone_profile_and_words", "source_tone", "syllables",
    "flesch_reading_ease", "TONE_COLUMNS",
]

# Flesch, R. (1948) "A new readability yardstick", J. Applied Psychology 32(3):221-233.
FLESCH_BASE = 206.835
FLESCH_SENTENCE_WEIGHT = 1.015
FLESCH_SYLLABLE_WEIGHT = 84.6
PERCENT = 100.0
QUOTE_CHARS = frozenset("\"“”«»„")
# A certainty word right after a negation ("not clear", "never sure") asserts nothing;
# negations after VADER's NEGATE list (Hutto & Gilbert 2014), apostrophes straightened.
NEGATIONS = frozenset({
    "not", "no", "never", "hardly", "isn't", "wasn't", "aren't", "weren't", "don't",
    "doesn't", "didn't", "won't", "wouldn't", "can't", "cannot", "couldn't", "nor", "without",
})
NEGATABLE = frozenset({"tone_certainty"})


@dataclass(frozen=True)
class ToneDimension:
    """One column of the tone profile, with what it means and the word list behind it."""

    column: str
    label: str
    unit: str
    definition: str
    word_list: str


TONE_DIMENSIONS: tuple[ToneDimension, ...] = (
    ToneDimension("tone_gdelt", "Tone (GDELT-style)", "% of words",
                  "Positive words % minus negative words %, a word counting when the VADER "
                  "lexicon rates it above (positive) or below (negative) zero.",
                  "vaderSentiment/vader_lexicon.txt"),
    ToneDimension("tone_positive", "Positive words", "% of words",
                  "Share of words the VADER lexicon rates above zero.",
                  "vaderSentiment/vader_lexicon.txt"),
    ToneDimension("tone_negative", "Negative words", "% of words",
                  "Share of words the VADER lexicon rates below zero.",
                  "vaderSentiment/vader_lexicon.txt"),
    ToneDimension("tone_polarity", "Polarity", "% of words",
                  "Positive words % plus negative words %: how much of the text is "
                  "emotionally charged at all, whichever the direction.",
                  "vaderSentiment/vader_lexicon.txt"),
    ToneDimension("tone_conflict", "Conflict framing", "% of words",
                  "Share of words that frame relations as confrontation, pressure or "
                  "hostility (threat, tension, sanctions, confrontation).", "conflict.txt"),
    ToneDimension("tone_cooperation", "Cooperation framing", "% of words",
                  "Share of words that frame relations as dialogue, agreement or joint work "
                  "(cooperation, constructive, agreement).", "cooperation.txt"),
    ToneDimension("tone_hedging", "Hedging", "% of words",
                  "Share of words that soften a claim or mark it uncertain "
                  "(may, possibly, likely).", "hedging.txt"),
    ToneDimension("tone_certainty", "Certainty", "% of words",
                  "Share of words that assert a claim firmly (clearly, certainly, must).",
                  "certainty.txt"),
    ToneDimension("tone_quoted_share", "Quoted / attributed", "% of words",
                  "Share of words inside quotation marks or in sentences attributed to a "
                  "speaker (said, told, according to; analysis.quotes).", ""),
    ToneDimension("tone_emotional_intensity", "Emotional intensity", "% of words",
                  "Share of words that are strongly charged (VADER rating of 2 or more "
                  "either way) or intensifiers (very, extremely).", "intensifiers.txt"),
    ToneDimension("tone_readability", "Readability (Flesch)", "score, higher = easier",
                  "Flesch reading ease: 206.835 - 1.015 x words per sentence - 84.6 x "
                  "syllables per word; 60-70 is plain English, below 30 very difficult.", ""),
)
TONE_COLUMNS: tuple[str, ...] = tuple(d.column for d in TONE_DIMENSIONS)
# Which word-list hits make up each word-share column (tone_words uses the same names).
LIST_COLUMNS = {
    "tone_conflict": "conflict", "tone_cooperation": "cooperation",
    "tone_hedging": "hedging", "tone_certainty": "certainty",
}


def flesch_reading_ease(*, n_words: int, n_sentences: int, n_syllables: int) -> float:
    """Flesch (1948) reading ease; NaN without words or sentences."""
    if n_words <= 0 or n_sentences <= 0:
        return math.nan
    return (FLESCH_BASE - FLESCH_SENTENCE_WEIGHT * n_words / n_sentences
            - FLESCH_SYLLABLE_WEIGHT * n_syllables / n_words)


def _in_spans(position: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _attribution_cue(sentence: str) -> str:
    """The speech verb or phrase that attributes the sentence (analysis.quotes' lists)."""
    narration = quotes.mask_quotes(sentence)
    found = (quotes.SPEECH_VERB_PATTERN.search(narration)
             or quotes.PHRASE_PATTERN.search(narration))
    return found.group().lower() if found else "attributed sentence"


def _quoted_word_count(sentence: str, tokens: list[str]) -> tuple[int, str]:
    """Words of one sentence that are quoted or attributed, and the cue that made them so."""
    if quotes.is_attributed(sentence):
        return len(tokens), _attribution_cue(sentence)
    if not QUOTE_CHARS.intersection(sentence):
        return 0, ""
    spans = quotes.quoted_spans(sentence)
    if not spans:
        return 0, ""
    inside = sum(1 for m in WORD_PATTERN.finditer(sentence) if _in_spans(m.start(), spans))
    return inside, "quotation marks" if inside else ""


def _word_info(word: str, lexicons: ToneLexicons) -> tuple[str, bool, int, tuple]:
    """Per distinct word: VADER polarity column, strong?, syllables, lists it may start."""
    polarity = ("tone_positive" if word in lexicons.positive
                else "tone_negative" if word in lexicons.negative else "")
    lists = tuple((column, wl) for column, wl in _lists(lexicons) if wl.could_start(word))
    return polarity, word in lexicons.strong, syllables(word), lists


def _lists(lexicons: ToneLexicons) -> list[tuple[str, WordList]]:
    listed = [(column, getattr(lexicons, attr)) for column, attr in LIST_COLUMNS.items()]
    return [*listed, ("tone_emotional_intensity", lexicons.intensifiers)]


def _scan(sentences: Sequence[str], lexicons: ToneLexicons) -> tuple[Counter, dict[str, Counter]]:
    """One pass over the words: totals and, per dimension, the words that matched."""
    totals: Counter = Counter()
    hits: dict[str, Counter] = {c: Counter() for c in TONE_COLUMNS}
    memo: dict[str, tuple[str, bool, int, tuple]] = {}  # local: per call, never shared
    for sentence in sentences:
        tokens = words(sentence)
        if not tokens:
            continue
        lower = [normalise_word(t) for t in tokens]
        # Word lists skip capitalised words after the first: names, and the month "May".
        usable = lower if sentence.isupper() else [  # ALL-CAPS text: no names to tell apart
            w if i == 0 or not tokens[i][:1].isupper() else "" for i, w in enumerate(lower)]
        busy_until: dict[str, int] = {}
        for i, w in enumerate(lower):
            info = memo.get(w)
            if info is None:
                info = memo[w] = _word_info(w, lexicons)
            polarity, strong, n_syllables, lists = info
            totals["syllables"] += n_syllables
            if polarity:
                hits[polarity][w] += 1
            if strong:
                hits["tone_emotional_intensity"][w] += 1
            if not lists or not usable[i]:
                continue
            for column, wl in lists:
                if busy_until.get(column, 0) > i or (
                        column in NEGATABLE and i and lower[i - 1] in NEGATIONS):
                    continue
                hit = wl.match_at(usable, i)
                if hit:
                    hits[column][hit[0]] += 1
                    busy_until[column] = i + hit[1]
        totals["words"] += len(tokens)
        totals["sentences"] += 1
        quoted, cue = _quoted_word_count(sentence, tokens)
        if quoted:
            totals["quoted"] += quoted
            hits["tone_quoted_share"][cue] += quoted
    return totals, hits


def _profile(totals: Counter, hits: dict[str, Counter]) -> dict[str, float]:
    n = totals["words"]
    if not n:
        return {c: math.nan for c in TONE_COLUMNS}
    pct = {c: PERCENT * sum(hits[c].values()) / n for c in TONE_COLUMNS}
    pos, neg = pct["tone_positive"], pct["tone_negative"]
    pct["tone_gdelt"] = pos - neg
    pct["tone_polarity"] = pos + neg
    pct["tone_quoted_share"] = PERCENT * totals["quoted"] / n
    pct["tone_readability"] = flesch_reading_ease(
        n_words=n, n_sentences=totals["sentences"], n_syllables=totals["syllables"])
    return {c: float(pct[c]) for c in TONE_COLUMNS}


def _word_rows(hits: dict[str, Counter]) -> list[dict]:
    return [
        {"dimension": column, "word": word, "count": count}
        for column in TONE_COLUMNS
        for word, count in sorted(hits[column].items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def tone_profile_and_words(
    sentences: Sequence[str], *, lexicons: ToneLexicons
) -> tuple[dict[str, float], list[dict]]:
    """Both `tone_profile` and `tone_words` from a single pass over the words."""
    totals, hits = _scan(sentences, lexicons)
    return _profile(totals, hits), _word_rows(hits)


def tone_profile(sentences: Sequence[str], *, lexicons: ToneLexicons) -> dict[str, float]:
    """One value per column of TONE_DIMENSIONS (NaN for every column when there are no words)."""
    return _profile(*_scan(sentences, lexicons))


def tone_words(sentences: Sequence[str], *, lexicons: ToneLexicons) -> list[dict]:
    """Rows `dimension, word, count`: the words behind each dimension, most frequent first.

    GDELT tone and polarity are driven by the `tone_positive` and `tone_negative` rows;
    for `tone_quoted_share` the "word" is the cue (speech verb or "quotation marks")
    and the count is the number of words it made quoted/attributed.
    """
    return _word_rows(_scan(sentences, lexicons)[1])


def source_tone(articles_df: pd.DataFrame) -> pd.DataFrame:
    """Per source, the mean of each tone column over its articles weighted by `n_words`
    (so the result equals pooling all the source's words for the %-of-words columns)."""
    columns = ["source", "n_articles", "n_words", *TONE_COLUMNS]
    if articles_df.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for source, group in articles_df.groupby("source", sort=True):
        weights = group["n_words"].astype(float).fillna(0.0)
        row = {"source": source, "n_articles": len(group), "n_words": int(weights.sum())}
        for column in TONE_COLUMNS:
            if column not in group:
                row[column] = math.nan
                continue
            values = group[column].astype(float)
            ok = values.notna() & (weights > 0)
            total = weights[ok].sum()
            row[column] = float((values[ok] * weights[ok]).sum() / total) if total else math.nan
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)
