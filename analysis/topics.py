"""Topic definitions (data/topics.toml) and topic frequency: mentions, shares, sentiment."""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.paths import TOPICS_PATH
from analysis.sentiment import bootstrap_ci
from analysis.tokens import word_count
from analysis.topic_match import (  # re-exported: the topics API callers import
    Mention,
    count_mentions,
    highlight_spans,
    sentence_matches,
    term_pattern,
    topic_regex,
)

__all__ = [
    "Mention", "Topic", "TopicsFileError", "article_topic_rows", "count_mentions",
    "highlight_spans", "load_topics", "parse_terms", "source_topics", "term_pattern",
    "topic_regex", "topics_from_toml", "topics_to_toml", "with_topic",
]

TERM_SEPARATORS = re.compile(r"[,\n;]+")


@dataclass(frozen=True)
class Topic:
    """A named topic and the terms that mention it (see data/topics.toml for the syntax)."""

    name: str
    terms: tuple[str, ...]


class TopicsFileError(ValueError):
    """data/topics.toml (or a user's file) is not a valid topic list."""


def parse_terms(text: str) -> tuple[str, ...]:
    """Terms typed by a user, separated by commas, semicolons or new lines; blanks dropped."""
    if not text:
        return ()
    seen: dict[str, None] = {}
    for raw in TERM_SEPARATORS.split(text):
        term = " ".join(raw.split()).strip("\"'“”")
        if term and term.lower() not in {t.lower() for t in seen}:
            seen[term] = None
    return tuple(seen)


def with_topic(topics: Sequence[Topic], *, name: str, terms: Iterable[str]) -> tuple[Topic, ...]:
    """`topics` with topic `name` added at the end, or replaced in place if it exists."""
    clean_name = name.strip()
    clean_terms = tuple(" ".join(t.split()) for t in terms if t and t.strip())
    if not clean_name:
        raise ValueError("A topic needs a name.")
    if not clean_terms:
        raise ValueError(f"Topic {clean_name!r} needs at least one term.")
    new = Topic(name=clean_name, terms=clean_terms)
    names = [t.name.casefold() for t in topics]
    if clean_name.casefold() in names:
        i = names.index(clean_name.casefold())
        return (*topics[:i], new, *topics[i + 1 :])
    return (*topics, new)


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON string escapes are valid TOML escapes)."""
    return json.dumps(value, ensure_ascii=False)


def topics_to_toml(topics: Sequence[Topic]) -> str:
    """A topics.toml text for `topics`, loadable by `load_topics` (for the download button)."""
    lines = ["# Slant topics (syntax: see data/topics.toml in the Slant repository).", ""]
    for topic in topics:
        terms = ", ".join(_toml_string(t) for t in topic.terms)
        lines += ["[[topic]]", f"name = {_toml_string(topic.name)}", f"terms = [{terms}]", ""]
    return "\n".join(lines)


def topics_from_toml(text: str, *, origin: str = "topics.toml") -> tuple[Topic, ...]:
    """Parse topics from TOML text; errors name `origin` and the problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TopicsFileError(f"{origin}: not valid TOML ({exc}).") from exc
    entries = data.get("topic")
    if not isinstance(entries, list) or not entries:
        raise TopicsFileError(f"{origin}: no [[topic]] tables found.")
    topics: tuple[Topic, ...] = ()
    for i, entry in enumerate(entries, start=1):
        name = entry.get("name") if isinstance(entry, dict) else None
        terms = entry.get("terms") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise TopicsFileError(f"{origin}: topic #{i} has no `name` string.")
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise TopicsFileError(f"{origin}: topic {name!r} needs `terms` = a list of strings.")
        if name.strip().casefold() in {t.name.casefold() for t in topics}:
            raise TopicsFileError(f"{origin}: topic {name!r} is defined twice.")
        try:
            topics = with_topic(topics, name=name, terms=terms)
        except ValueError as exc:
            raise TopicsFileError(f"{origin}: {exc}") from exc
    return topics


def load_topics(path: Path | str = TOPICS_PATH) -> tuple[Topic, ...]:
    """Topics from a TOML file (default data/topics.toml); errors name the file and problem."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise TopicsFileError(f"{file}: cannot read the topics file ({exc}).") from exc
    return topics_from_toml(text, origin=str(file))



def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def article_topic_rows(
    *,
    article_id: str,
    sentences: Sequence[str],
    compounds: Sequence[float],
    n_words: int | None = None,
    topics: Sequence[Topic],
) -> tuple[list[dict], list[dict]]:
    """`topics` rows (one per topic, zeros included) and `sentence_topics` rows (mentions only)."""
    if n_words is None:
        n_words = sum(word_count(s) for s in sentences)
    topic_rows: list[dict] = []
    sentence_rows: list[dict] = []
    per_topic = sentence_matches(sentences, topics)
    for topic in topics:
        # Topics sharing a name (only when built by hand) count together, in topic order.
        namesakes = [k for k, t in enumerate(topics) if t.name == topic.name]
        by_sentence: dict[int, list[str]] = {}  # sentence id -> matched texts, in order
        for k in namesakes:
            for i, _, m in per_topic[k]:
                by_sentence.setdefault(i, []).append(m.group())
        total = 0
        scores: list[float] = []
        for sentence_id, texts in sorted(by_sentence.items()):
            total += len(texts)
            if sentence_id < len(compounds):
                scores.append(float(compounds[sentence_id]))
            sentence_rows.append({
                "article_id": article_id, "sentence_id": sentence_id, "topic": topic.name,
                "mentions": len(texts), "terms": "; ".join(dict.fromkeys(texts)),
            })
        topic_rows.append({
            "article_id": article_id, "topic": topic.name, "mentions": total,
            "per_1k_words": 1000.0 * total / n_words if n_words else 0.0,
            "sentences": len(by_sentence), "sentiment": _mean(scores),
        })
    return topic_rows, sentence_rows


SOURCE_TOPIC_COLUMNS = [
    "source", "topic", "mentions", "per_1k_words", "share_sentences", "share_articles",
    "sentiment", "ci_low", "ci_high", "n_sentences",
]


def _source_totals(articles_df: pd.DataFrame, sentences_df: pd.DataFrame) -> pd.DataFrame:
    """Articles, words and sentences per source (sentences counted if not given)."""
    arts = articles_df
    if "n_sentences" not in arts:
        counts = sentences_df.groupby("article_id").size() if not sentences_df.empty else {}
        arts = arts.assign(n_sentences=arts["article_id"].map(counts).fillna(0))
    return arts.groupby("source").agg(
        n_articles=("article_id", "size"), n_words=("n_words", "sum"),
        n_sent=("n_sentences", "sum"),
    )


def _sentence_compounds(
    sentence_topics_df: pd.DataFrame, sentences_df: pd.DataFrame, sources: pd.DataFrame
) -> dict[tuple[str, str], list[float]]:
    """(source, topic) -> compounds of the sentences that mention the topic."""
    if sentence_topics_df.empty or sentences_df.empty:
        return {}
    scored = sentence_topics_df.merge(
        sentences_df[["article_id", "sentence_id", "compound"]], on=["article_id", "sentence_id"]
    ).merge(sources, on="article_id")
    return scored.groupby(["source", "topic"])["compound"].apply(list).to_dict()


def source_topics(
    topics_df: pd.DataFrame,
    sentence_topics_df: pd.DataFrame,
    sentences_df: pd.DataFrame,
    articles_df: pd.DataFrame,
) -> pd.DataFrame:
    """Topic frequency per source x topic, with sentiment toward the topic and its 95% CI."""
    if topics_df.empty or articles_df.empty:
        return pd.DataFrame(columns=SOURCE_TOPIC_COLUMNS)
    per_source = _source_totals(articles_df, sentences_df)
    sources = articles_df[["article_id", "source"]]
    tops = topics_df.merge(sources, on="article_id")
    grouped = tops.groupby(["source", "topic"], sort=False).agg(
        mentions=("mentions", "sum"), sentences=("sentences", "sum"),
        articles_with=("mentions", lambda s: int((s > 0).sum())),
    )
    compounds = _sentence_compounds(sentence_topics_df, sentences_df, sources)
    samples = [compounds.get(pair, []) for pair in grouped.index]
    rows = []
    for ((source, topic), row), values, (low, high) in zip(
            grouped.iterrows(), samples, map(bootstrap_ci, samples), strict=True):
        totals = per_source.loc[source]
        rows.append({
            "source": source, "topic": topic, "mentions": int(row["mentions"]),
            "per_1k_words": 1000.0 * row["mentions"] / totals["n_words"]
            if totals["n_words"] else 0.0,
            "share_sentences": row["sentences"] / totals["n_sent"] if totals["n_sent"] else 0.0,
            "share_articles": row["articles_with"] / totals["n_articles"],
            "sentiment": _mean(values), "ci_low": low, "ci_high": high,
            "n_sentences": len(values),
        })
    return pd.DataFrame(rows, columns=SOURCE_TOPIC_COLUMNS)
