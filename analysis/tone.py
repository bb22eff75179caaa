"""Tone profile: GDELT-style tone, framing, hedging, quoting, intensity, readability.

Every dimension is a share of words matched by a plain word list under data/tone/ (or the
VADER lexicon), except readability (Flesch reading ease). Definitions: TONE_DIMENSIONS.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, compress, count
from operator import itemgetter

import pandas as pd

from analysis.quote_marks import SentenceMarks, article_marks
from analysis.tokens import WORD_PATTERN, words
from analysis.tone_lists import (
    INTENSITY_COLUMN,
    LIST_COLUMNS,
    ToneLexicons,
    WordInfo,
    WordList,
    known_words,
    load_lexicons,
    syllables,
    word_forms,
)

__all__ = [
    "TONE_DIMENSIONS", "ToneDimension", "ToneLexicons", "WordList", "load_lexicons",
    "tone_profile", "tone_words", "tone_profile_and_words", "source_tone", "syllables",
    "flesch_reading_ease", "TONE_COLUMNS", "LIST_COLUMNS",
]

# Flesch, R. (1948) "A new readability yardstick", J. Applied Psychology 32(3):221-233.
FLESCH_BASE = 206.835
FLESCH_SENTENCE_WEIGHT = 1.015
FLESCH_SYLLABLE_WEIGHT = 84.6
PERCENT = 100.0
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
# LIST_COLUMNS (tone_lists): which word-list hits make up each word-share column.
QUOTATION_CUE = "quotation marks"


def flesch_reading_ease(*, n_words: int, n_sentences: int, n_syllables: int) -> float:
    """Flesch (1948) reading ease; NaN without words or sentences."""
    if n_words <= 0 or n_sentences <= 0:
        return math.nan
    return (FLESCH_BASE - FLESCH_SENTENCE_WEIGHT * n_words / n_sentences
            - FLESCH_SYLLABLE_WEIGHT * n_syllables / n_words)


def _quoted_word_count(sentence: str, n_tokens: int, marks: SentenceMarks) -> tuple[int, str]:
    """Words of one sentence that are quoted or attributed, and the cue that made them so:
    the first speech verb (else phrase) of the narration, or "quotation marks"."""
    if marks.attributed:
        return n_tokens, (marks.verbs or marks.phrases)[0].group().lower()
    if not marks.spans:
        return 0, ""
    # A span is bounded by quotation marks (or the sentence's ends), which no word holds,
    # so the words found within a span are exactly the sentence's words starting in it.
    inside = sum(len(WORD_PATTERN.findall(sentence, start, end)) for start, end in marks.spans)
    return inside, QUOTATION_CUE if inside else ""


def _usable(lower: list[str], tokens: Sequence[str], *, all_caps: bool) -> list[str]:
    """Words the lists may match: capitalised words after the first become "" (names, the
    month "May"), except in ALL-CAPS text, which has no names to tell apart."""
    if all_caps:
        return lower
    return [w if i == 0 or not tokens[i][:1].isupper() else "" for i, w in enumerate(lower)]


def _list_hits(sentence: str, toks: Sequence[str], lower: list[str],
               found: list[tuple[int, WordInfo]], hits: dict[str, Counter]) -> None:
    """Count word-list entries starting at the `found` positions (no overlaps per list,
    certainty words right after a negation skipped). Phrases are tried only when the next
    word can continue one; the usable-word list is then built once."""
    busy_until: dict[str, int] = {}
    usable: list[str] | None = None
    all_caps: bool | None = None
    n = len(lower)
    for i, info in found:
        if i and toks[i][:1].isupper():
            all_caps = sentence.isupper() if all_caps is None else all_caps
            if not all_caps:
                continue  # a capitalised word after the first: a name, not a list word
        word = lower[i]
        for column, wl in info.lists:
            if busy_until.get(column, 0) > i or (
                    column in NEGATABLE and i and lower[i - 1] in NEGATIONS):
                continue
            seconds = wl.phrase_seconds.get(word)
            if seconds and i + 1 < n and lower[i + 1] in seconds:
                if usable is None:
                    usable = _usable(lower, toks, all_caps=sentence.isupper())
                hit = wl.match_at(usable, i)
            else:
                hit = (word, 1) if wl.single_match(word) else None
            if hit:
                hits[column][hit[0]] += 1
                busy_until[column] = i + hit[1]


def _scan(
    sentences: Sequence[str], lexicons: ToneLexicons, *,
    tokens: Sequence[list[str]] | None = None, marks: Sequence[SentenceMarks] | None = None,
) -> tuple[Counter, dict[str, Counter]]:
    """One pass over the words: totals and, per dimension, the words that matched.

    Only the positions of contributing words are visited in Python (`compress` finds them
    in C). `tokens` (`tokens.words` per sentence) and `marks`
    (`quote_marks.article_marks`) are computed here when not given."""
    totals: Counter = Counter()
    hits: dict[str, Counter] = {c: Counter() for c in TONE_COLUMNS}
    intensity = hits[INTENSITY_COLUMN]
    tokens = [words(s) for s in sentences] if tokens is None else tokens
    marks = article_marks(sentences) if marks is None else marks
    lower_all, n_syllables, distinct = word_forms(list(chain.from_iterable(tokens)))
    known = known_words(distinct, lexicons)
    contributes = known.__contains__
    phrase_only = lexicons.word_table.phrase_only
    n_sentences = end = 0
    for sentence, toks, mark in zip(sentences, tokens, marks, strict=True):
        if not toks:
            continue
        start, end = end, end + len(toks)
        n_sentences += 1
        lower = lower_all[start:end]
        found: list[tuple[int, WordInfo]] = []
        last = len(lower) - 1
        for i in compress(count(), map(contributes, lower)):
            w = lower[i]
            info = known[w]
            polarity, strong, lists = info
            if polarity:
                hits[polarity][w] += 1
            if strong:
                intensity[w] += 1
            if lists:
                seconds = phrase_only.get(w)
                if seconds is None or (i < last and lower[i + 1] in seconds):
                    found.append((i, info))  # else no entry of its lists can match here
        if found:
            _list_hits(sentence, toks, lower, found, hits)
        quoted, cue = _quoted_word_count(sentence, len(toks), mark)
        if quoted:
            totals["quoted"] += quoted
            hits["tone_quoted_share"][cue] += quoted
    totals.update(words=len(lower_all), sentences=n_sentences, syllables=n_syllables)
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


def _word_rows(hits: dict[str, Counter], *, article_id: str | None = None) -> list[dict]:
    """Rows per column, most frequent word first, ties alphabetical (two stable C sorts);
    each row starts with `article_id` when one is given (built once, not copied later)."""
    by_count = itemgetter(1)
    if article_id is None:
        return [
            {"dimension": column, "word": word, "count": count}
            for column in TONE_COLUMNS
            for word, count in sorted(sorted(hits[column].items()), key=by_count, reverse=True)
        ]
    return [
        {"article_id": article_id, "dimension": column, "word": word, "count": count}
        for column in TONE_COLUMNS
        for word, count in sorted(sorted(hits[column].items()), key=by_count, reverse=True)
    ]


def tone_profile_and_words(
    sentences: Sequence[str], *, lexicons: ToneLexicons,
    tokens: Sequence[list[str]] | None = None, marks: Sequence[SentenceMarks] | None = None,
    article_id: str | None = None,
) -> tuple[dict[str, float], list[dict]]:
    """Both `tone_profile` and `tone_words` from a single pass over the words.

    `tokens` (`tokens.words(s)` per sentence) and `marks` (`quote_marks.article_marks`) let
    the per-article step share its tokenisation and quote scan; results are the same.
    With `article_id`, every word row starts with it (the per-article table's rows)."""
    totals, hits = _scan(sentences, lexicons, tokens=tokens, marks=marks)
    return _profile(totals, hits), _word_rows(hits, article_id=article_id)


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
