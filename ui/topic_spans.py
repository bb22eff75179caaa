"""Which sentences mention a topic, and where its terms are (via analysis.topics)."""

from collections.abc import Sequence

import pandas as pd

from analysis.topics import Topic, highlight_spans
from ui.markup import Span


def kwic_rows(
    sentences: pd.DataFrame, sentence_topics: pd.DataFrame, *, topic: str
) -> pd.DataFrame:
    """Sentences (with source) that mention `topic`, in source / article / position order."""
    if sentences.empty or sentence_topics.empty:
        return sentences.iloc[0:0]
    hits = sentence_topics.loc[sentence_topics["topic"] == topic,
                               ["article_id", "sentence_id", "mentions", "terms"]]
    rows = sentences.merge(hits, on=["article_id", "sentence_id"], how="inner")
    return rows.sort_values(["source", "article_id", "sentence_id"]).reset_index(drop=True)


def sentence_spans(text: str, *, topics: Sequence[Topic]) -> list[Span]:
    """Highlight spans of every topic's terms in one sentence (never overlapping)."""
    return [(m.start, m.end, m.topic) for m in highlight_spans(text, topics)]


def spans_for_rows(rows: pd.DataFrame, *, topics: Sequence[Topic]) -> dict[tuple[str, int], list]:
    """Spans keyed by (article_id, sentence_id) for each row of `rows`."""
    if rows.empty or not topics:
        return {}
    return {
        (str(r.article_id), int(r.sentence_id)): sentence_spans(str(r.text), topics=topics)
        for r in rows.itertuples(index=False)
    }


def spans_by_sentence_id(sentences: pd.DataFrame, *, topics: Sequence[Topic]) -> dict[int, list]:
    """Spans keyed by sentence id, for one article's sentences."""
    if sentences.empty or not topics:
        return {}
    return {
        int(r.sentence_id): sentence_spans(str(r.text), topics=topics)
        for r in sentences.itertuples(index=False)
    }


def topics_by_mentions(source_topics: pd.DataFrame) -> list[str]:
    """Topic names, the most mentioned first (ties and unmentioned topics alphabetically),
    so the keyword-in-context picker opens on a topic that has sentences to show."""
    if source_topics.empty:
        return []
    totals = source_topics.groupby("topic")["mentions"].sum()
    return sorted(totals.index.astype(str), key=lambda t: (-totals[t], t))
