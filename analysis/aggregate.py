"""Per-article rows -> tables, and the corpus-level tables (sources, source_topics, reuse,
terms, stories) computed from them."""

from __future__ import annotations

import math
import traceback
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis import topics as topics_mod
from analysis.article import LABELS, ArticleTables, optional_module
from analysis.results import CORPUS_TABLES, PER_ARTICLE_TABLES, conform, empty_table
from analysis.tone import TONE_COLUMNS, source_tone

METADATA_COLUMNS = ("source", "url", "published", "story")
CONFIDENCE = 0.95  # 95% intervals everywhere (PRODUCT.md "Source sentiment")
BOOTSTRAP_RESAMPLES = 2000  # Efron & Tibshirani (1993): 1,000+ resamples for percentile CIs
BOOTSTRAP_SEED = 0


def tables_to_frames(
    tables: Sequence[ArticleTables], *, metadata: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """The per-article tables as DataFrames; `metadata` (article_id + METADATA_COLUMNS, and
    `title` used when the text had none) is laid over the `articles` rows."""
    frames = {}
    for name in PER_ARTICLE_TABLES:
        if name == "articles":
            continue
        rows = [row for t in tables for row in getattr(t, name)]
        frames[name] = conform(pd.DataFrame.from_records(rows) if rows else None, table=name)
    articles = pd.DataFrame.from_records([t.article for t in tables]) if tables else None
    frames["articles"] = _with_metadata(articles, metadata=metadata)
    return frames


def _with_metadata(articles: pd.DataFrame | None, *, metadata: pd.DataFrame) -> pd.DataFrame:
    if articles is None or articles.empty:
        return empty_table("articles")
    meta = metadata.drop_duplicates("article_id").set_index("article_id")
    ids = articles["article_id"]
    for column in METADATA_COLUMNS:
        if column in meta:
            articles[column] = ids.map(meta[column]).to_numpy()
    if "title" in meta:
        given = ids.map(meta["title"])
        articles["title"] = articles["title"].where(articles["title"].notna(), given)
    return conform(articles, table="articles")


def bootstrap_ci(values: Sequence[float] | np.ndarray) -> tuple[float, float]:
    """95% percentile-bootstrap CI of the mean (sentiment.bootstrap_ci when it exists)."""
    module = optional_module("sentiment")
    if module is not None and hasattr(module, "bootstrap_ci"):
        low, high = module.bootstrap_ci(list(values), confidence=CONFIDENCE)
        return float(low), float(high)
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return math.nan, math.nan
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    means = rng.choice(data, size=(BOOTSTRAP_RESAMPLES, data.size)).mean(axis=1)
    tail = 100 * (1 - CONFIDENCE) / 2
    return float(np.percentile(means, tail)), float(np.percentile(means, 100 - tail))


def _source_sentiment(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per source: n_articles, n_sentences, mean compound with its CI, label shares."""
    module = optional_module("sentiment")
    if module is not None and hasattr(module, "source_sentiment"):
        return module.source_sentiment(sentences, articles, source_col="source")
    joined = sentences.merge(articles[["article_id", "source"]], on="article_id")
    rows = []
    for source, group in articles.groupby("source", sort=True):
        scores = joined.loc[joined["source"] == source]
        low, high = bootstrap_ci(scores["compound"].to_numpy())
        n = len(scores)
        rows.append({
            "source": source, "n_articles": len(group), "n_sentences": n,
            "sentiment_mean": float(scores["compound"].mean()) if n else math.nan,
            "ci_low": low, "ci_high": high,
            **{f"share_{lab}": float((scores["label"] == lab).mean()) if n else math.nan
               for lab in LABELS},
        })
    return pd.DataFrame(rows)


def source_table(frames: dict[str, pd.DataFrame], *, source_topics: pd.DataFrame) -> pd.DataFrame:
    """The `sources` table: sentiment with CI, word counts, tone means, topic rates."""
    articles = frames["articles"]
    if articles.empty:
        return empty_table("sources")
    base = _source_sentiment(frames["sentences"], articles)
    base = base.drop(columns=["n_words"], errors="ignore")
    tone = source_tone(articles)[["source", "n_words", *TONE_COLUMNS]]
    table = base.drop(columns=[c for c in TONE_COLUMNS if c in base]).merge(tone, on="source",
                                                                          how="left")
    if not source_topics.empty:
        rates = source_topics.pivot_table(index="source", columns="topic", values="per_1k_words",
                                          sort=False)
        rates.columns = [f"topic_{name}_per_1k" for name in rates.columns]
        table = table.merge(rates.reset_index(), on="source", how="left")
    return conform(table, table="sources")


def _guarded(name: str, notes: list[str], issues: list[dict], func: Callable[[], Any]) -> Any:
    """Run one optional corpus-level step; a failure becomes a note and an issue, not a crash."""
    try:
        return func()
    except Exception as exc:  # noqa: BLE001 - reported to the user, other tables still made
        message = f"{name} failed: {type(exc).__name__}: {exc}"
        notes.append(message)
        issues.append({"file": "(analysis)", "location": name, "problem": message,
                       "severity": "error"})
        traceback.print_exc()
        return None


def _reuse(frames: dict[str, pd.DataFrame]) -> pd.DataFrame | None:
    module = optional_module("reuse")
    if module is None or not hasattr(module, "find_reuse"):
        return None  # TODO(compare): analysis.reuse.find_reuse not written yet.
    sentences = frames["sentences"]
    docs = {aid: list(group["text"]) for aid, group in sentences.groupby("article_id", sort=False)}
    return module.find_reuse(docs)


def _terms(frames: dict[str, pd.DataFrame]) -> pd.DataFrame | None:
    module = optional_module("terms")
    if module is None or not hasattr(module, "distinctive_terms"):
        return None  # TODO(compare): analysis.terms.distinctive_terms not written yet.
    return module.distinctive_terms(frames["sentences"], frames["articles"])


def _stories(frames: dict[str, pd.DataFrame]) -> pd.Series | None:
    """Story labels for articles without one (stories.assign_stories), or None."""
    articles = frames["articles"]
    module = optional_module("stories")
    if articles.empty or articles["story"].notna().all():
        return None
    if module is None or not hasattr(module, "assign_stories"):
        return None  # TODO(compare): analysis.stories.assign_stories not written yet.
    return module.assign_stories(articles, frames["sentences"])


def corpus_tables(
    frames: dict[str, pd.DataFrame], *, topics: Sequence[topics_mod.Topic]
) -> tuple[dict[str, pd.DataFrame], list[str], list[dict]]:
    """(the articles table with stories filled in, and the sources, source_topics, reuse and
    terms tables; notes; issue rows)."""
    notes: list[str] = []
    issues: list[dict] = []
    stories = _guarded("stories", notes, issues, lambda: _stories(frames))
    if stories is not None:
        frames = {**frames, "articles": _fill_stories(frames["articles"], stories)}
    source_topics = topics_mod.source_topics(
        frames["topics"], frames["sentence_topics"], frames["sentences"], frames["articles"]
    )
    source_topics = conform(source_topics, table="source_topics")
    out = {
        "source_topics": source_topics,
        "sources": source_table(frames, source_topics=source_topics),
        "reuse": _guarded("reuse", notes, issues, lambda: _reuse(frames)),
        "terms": _guarded("terms", notes, issues, lambda: _terms(frames)),
    }
    tables = {name: conform(out[name], table=name) for name in CORPUS_TABLES}
    return {"articles": frames["articles"], **tables}, notes, issues


def _fill_stories(articles: pd.DataFrame, stories: pd.Series) -> pd.DataFrame:
    """`articles` with missing `story` values taken from `stories` (article_id -> label)."""
    labels = articles["article_id"].map(stories)
    out = articles.copy()
    out["story"] = out["story"].where(out["story"].notna(), labels)
    return conform(out, table="articles")
