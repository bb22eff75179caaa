"""`analyze_article`: one article -> its rows in every per-article table (pure, picklable).

Runs in worker processes and on Dask workers, so it reads nothing but its arguments (and
word lists that are loaded once per process).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from analysis import clean, sentences, sentiment, topics, vader
from analysis.quote_marks import SentenceMarks, article_marks
from analysis.quotes import extract_quotes
from analysis.settings import Settings
from analysis.tokens import words
from analysis.tone import tone_profile_and_words

FLAG_NON_ENGLISH = "non_english"
FLAG_NO_SENTENCES = "no_sentences"
FLAG_SEPARATOR = ";"



@dataclass
class ArticleTables:
    """One article's rows: `article` (one dict) and lists of row dicts for the other tables."""

    article: dict[str, Any]
    sentences: list[dict[str, Any]] = field(default_factory=list)
    topics: list[dict[str, Any]] = field(default_factory=list)
    sentence_topics: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    tone_words: list[dict[str, Any]] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _score(texts: Sequence[str]) -> list[dict[str, float]]:
    """VADER scores per text (the fast scorer's batch method when it has one)."""
    scorer = vader.get_scorer()
    if hasattr(scorer, "score_many"):
        return list(scorer.score_many(texts))
    return [scorer.polarity_scores(t) for t in texts]


def _scores_and_words(texts: Sequence[str]) -> tuple[list[dict[str, float]], list]:
    """VADER scores and `tokens.words` of each sentence, from one split of each text when the
    scorer can do both (the fast scorer's `score_with_words`)."""
    scorer = vader.get_scorer()
    if hasattr(scorer, "score_with_words"):
        return scorer.score_with_words(texts)
    return _score(texts), [words(t) for t in texts]


def _sentence_rows(article_id: str, texts: Sequence[str],
                   scores: Sequence[dict[str, float]]) -> list[dict[str, Any]]:
    return [
        {"article_id": article_id, "sentence_id": i, "text": text, "compound": s["compound"],
         "pos": s["pos"], "neu": s["neu"], "neg": s["neg"], "label": sentiment.label(s["compound"])}
        for i, (text, s) in enumerate(zip(texts, scores, strict=True))
    ]


def _quote_rows(
    article_id: str, texts: Sequence[str], *, marks: Sequence[SentenceMarks],
    compounds: Sequence[float],
) -> list[dict[str, Any]]:
    """Quote rows with the VADER compound of each quote text; a quote that is its whole
    sentence (an indirect statement) reuses the sentence's score instead of re-scoring."""
    if not texts:
        return []
    found = list(extract_quotes(list(texts), marks=marks))
    fresh = [q.text for q in found if q.text != texts[q.sentence_id]]
    scores = iter(_score(fresh))
    return [
        {"article_id": article_id, "sentence_id": int(q.sentence_id), "speaker": q.speaker,
         "text": q.text, "kind": q.kind,
         "compound": compounds[q.sentence_id] if q.text == texts[q.sentence_id]
         else next(scores)["compound"]}
        for q in found
    ]


def _sentiment_summary(rows: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Mean compound and label shares over an article's sentences (NaN when none)."""
    n = len(rows)
    if not n:
        return {"sentiment_mean": math.nan,
                **{f"share_{lab}": math.nan for lab in sentiment.LABELS}}
    counts = {lab: sum(1 for r in rows if r["label"] == lab) for lab in sentiment.LABELS}
    return {"sentiment_mean": sum(r["compound"] for r in rows) / n,
            **{f"share_{lab}": counts[lab] / n for lab in sentiment.LABELS}}


def analyze_article(article: Mapping[str, Any], *, settings: Settings) -> ArticleTables:
    """Clean, split, score, count topics, profile tone and find quotes for one article."""
    article_id = _text(article.get("article_id"))
    cleaned = clean.clean_article(_text(article.get("text")))
    title, body = sentences.split_title(cleaned.text, _text(article.get("title")) or None)
    texts = sentences.split_sentences(body)
    scores, tokens = _scores_and_words(texts)  # tokens shared by word counts and tone
    sentence_rows = _sentence_rows(article_id, texts, scores)
    compounds = [r["compound"] for r in sentence_rows]
    marks = article_marks(texts)  # quotes and attribution cues, shared by tone and quotes
    n_words = sum(len(t) for t in tokens)
    topic_rows, sentence_topic_rows = topics.article_topic_rows(
        article_id=article_id, sentences=texts, compounds=compounds,
        n_words=n_words, topics=settings.topics,
    )
    profile, tone_word_rows = tone_profile_and_words(
        texts, lexicons=settings.tone, tokens=tokens, marks=marks, article_id=article_id)
    flags = [FLAG_NO_SENTENCES] if not texts else []
    if texts and not clean.looks_english(body):
        flags.insert(0, FLAG_NON_ENGLISH)
    row = {
        "article_id": article_id, "title": title, "n_words": n_words, "n_sentences": len(texts),
        **_sentiment_summary(sentence_rows), "removed": len(cleaned.removed),
        "flags": FLAG_SEPARATOR.join(flags), **profile,
    }
    return ArticleTables(
        article=row,
        sentences=sentence_rows,
        topics=topic_rows,
        sentence_topics=sentence_topic_rows,
        removed=[{"article_id": article_id, "kind": r.kind, "text": r.text, "offset": r.offset}
                 for r in cleaned.removed],
        quotes=_quote_rows(article_id, texts, marks=marks, compounds=compounds),
        tone_words=tone_word_rows,
    )


def analyze_chunk(
    articles: Sequence[Mapping[str, Any]], *, settings: Settings
) -> list[ArticleTables]:
    """`analyze_article` over a list (the unit of work sent to a process or Dask worker)."""
    return [analyze_article(a, settings=settings) for a in articles]
