"""Per-article rows -> tables, and the corpus-level tables (sources, source_topics, reuse,
terms, stories) computed from them."""

from __future__ import annotations

import traceback
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

from analysis import topics as topics_mod
from analysis.article import ArticleTables
from analysis.mapping import Mapper, start_on
from analysis.results import CORPUS_TABLES, PER_ARTICLE_TABLES, conform, empty_table
from analysis.reuse import find_reuse, syndicated_duplicates
from analysis.sentiment import source_sentiment
from analysis.stories import assign_stories
from analysis.terms import distinctive_terms
from analysis.tone import TONE_COLUMNS, source_tone

METADATA_COLUMNS = ("source", "url", "published", "story")
# What the source tables and the distinctive words read (`side_tables`).
SIDE_INPUTS = ("articles", "sentences", "topics", "sentence_topics")
# Articles this similar (reuse.similarity, word-shingle Jaccard) are copies of one piece of
# wire copy; see METHODOLOGY "Shared passages".
SYNDICATED_THRESHOLD = 0.8


def tables_to_frames(
    tables: Sequence[ArticleTables], *, metadata: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """The per-article tables as DataFrames; `metadata` (article_id + METADATA_COLUMNS, and
    `title` used when the text had none) is laid over the `articles` rows."""
    return join_frames([rows_to_frames(tables)], metadata=metadata)


def rows_to_frames(tables: Sequence[ArticleTables]) -> dict[str, pd.DataFrame]:
    """The rows of `tables` as one conformed DataFrame per per-article table, `articles`
    without its metadata yet (built where the rows were made, e.g. in a worker process:
    frames pickle far faster than row dicts)."""
    frames = {}
    for name in PER_ARTICLE_TABLES:
        if name == "articles":
            rows = [t.article for t in tables]
        else:
            rows = [row for t in tables for row in getattr(t, name)]
        frames[name] = conform(pd.DataFrame.from_records(rows) if rows else None, table=name)
    return frames


def join_frames(
    parts: Sequence[dict[str, pd.DataFrame]], *, metadata: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """`rows_to_frames` of consecutive chunks of articles joined into one frame per table,
    with `metadata` laid over `articles` (see tables_to_frames)."""
    frames = {}
    for name in PER_ARTICLE_TABLES:
        pieces = [p[name] for p in parts if not p[name].empty] or [p[name] for p in parts[:1]]
        frame = (pieces[0] if len(pieces) == 1 else pd.concat(pieces, ignore_index=True)) \
            if pieces else empty_table(name)
        frames[name] = frame if name != "articles" else _with_metadata(frame, metadata=metadata)
    return {name: frames[name] for name in (*PER_ARTICLE_TABLES[1:], "articles")}


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


def source_table(frames: dict[str, pd.DataFrame], *, source_topics: pd.DataFrame) -> pd.DataFrame:
    """The `sources` table: sentiment with CI, word counts, tone means, topic rates."""
    articles = frames["articles"]
    if articles.empty:
        return empty_table("sources")
    base = source_sentiment(frames["sentences"], articles, source_col="source")
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


def sentences_by_article(sentences: pd.DataFrame) -> dict[str, list[str]]:
    """article_id -> its sentence texts, in table order (a plain loop: 10x faster than
    iterating a groupby over thousands of articles)."""
    docs: dict[str, list[str]] = defaultdict(list)
    for article_id, text in zip(sentences["article_id"].tolist(), sentences["text"].tolist(),
                                strict=True):
        docs[article_id].append(text)
    return dict(docs)


def _reuse(frames: dict[str, pd.DataFrame], *, mapper: Mapper | None) -> pd.DataFrame:
    return find_reuse(sentences_by_article(frames["sentences"]), mapper=mapper)


def _terms(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return distinctive_terms(frames["sentences"], frames["articles"])


def _stories(frames: dict[str, pd.DataFrame]) -> pd.Series | None:
    """Story labels for articles without one (stories.assign_stories), or None."""
    articles = frames["articles"]
    if articles.empty or articles["story"].notna().all():
        return None
    return assign_stories(articles, frames["sentences"])


def corpus_tables(
    frames: dict[str, pd.DataFrame], *, topics: Sequence[topics_mod.Topic],
    mapper: Mapper | None = None,
) -> tuple[dict[str, pd.DataFrame], list[str], list[dict]]:
    """(the articles table with stories filled in, and the sources, source_topics, reuse and
    terms tables; notes; issue rows). `mapper` (analysis.runners) spreads the heavy steps
    over the analysis's processes or Dask workers; the tables are the same without it."""
    notes: list[str] = []
    issues: list[dict] = []
    stories = _guarded("stories", notes, issues, lambda: _stories(frames))
    if stories is not None:
        frames = {**frames, "articles": _fill_stories(frames["articles"], stories)}
    # The source tables and distinctive words go to a worker (when there is a pool or
    # cluster) while this process finds the shared passages, the longest step.
    side = {name: frames[name] for name in SIDE_INPUTS}
    wait = start_on(mapper, side_tables, side) if mapper is not None else None
    out = {} if wait is not None else side_tables(side)
    out["reuse"] = _guarded("reuse", notes, issues, lambda: _reuse(frames, mapper=mapper))
    if wait is not None:
        out = {**wait(), "reuse": out["reuse"]}
    notes.extend(out.pop("notes"))
    issues.extend(out.pop("issues"))
    tables = {name: conform(out[name], table=name) for name in CORPUS_TABLES}
    return {"articles": frames["articles"], **tables}, notes, issues


def side_tables(frames: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """The source tables and the distinctive words of `frames` (SIDE_INPUTS), with the notes
    and issue rows of a failed terms step: one job for a worker (top-level, picklable)."""
    notes: list[str] = []
    issues: list[dict] = []
    terms = _guarded("terms", notes, issues, lambda: _terms(frames))
    return {**source_tables(frames), "terms": terms, "notes": notes, "issues": issues}


def _fill_stories(articles: pd.DataFrame, stories: pd.Series) -> pd.DataFrame:
    """`articles` with missing `story` values taken from `stories` (article_id -> label)."""
    labels = articles["article_id"].map(stories)
    out = articles.copy()
    out["story"] = out["story"].where(out["story"].notna(), labels)
    return conform(out, table="articles")


def source_tables(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The source-level tables (`source_topics`, `sources`) of the given per-article tables:
    the pipeline calls it on the whole corpus (on a worker when there is a pool, see
    corpus_tables), the dashboard on a filtered view."""
    source_topics = conform(topics_mod.source_topics(
        frames["topics"], frames["sentence_topics"], frames["sentences"], frames["articles"]
    ), table="source_topics")
    return {"source_topics": source_topics,
            "sources": source_table(frames, source_topics=source_topics)}


def without_articles(
    frames: dict[str, pd.DataFrame], drop_ids: set[str]
) -> dict[str, pd.DataFrame]:
    """`frames` with every row of the `drop_ids` articles left out of the per-article tables."""
    return {name: frame[~frame["article_id"].isin(drop_ids)]
            if name in PER_ARTICLE_TABLES and "article_id" in frame else frame
            for name, frame in frames.items()}


def count_syndicated_once(frames: dict[str, pd.DataFrame], *,
                          threshold: float = SYNDICATED_THRESHOLD) -> tuple[dict, set[str]]:
    """Source-level tables that count each group of syndicated copies (articles whose
    similarity in `frames["reuse"]` is >= threshold) once, and the article ids left out."""
    drop = syndicated_duplicates(frames["reuse"], threshold=threshold)
    if not drop:
        return {name: frames[name] for name in ("source_topics", "sources")}, drop
    return source_tables(without_articles(frames, drop)), drop
