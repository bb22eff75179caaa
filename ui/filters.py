"""Sidebar filters as plain data: parse them from / write them to URL query parameters, and
apply them to the result tables. Pure (no streamlit), so tested directly.

Query parameters (a copied link reopens the same view):
`source` (repeated), `topic` (repeated), `from` / `to` (ISO dates), `story`,
`syndicated=once` (count each group of syndicated copies once).
A parameter left out means "everything"; unknown values are ignored.
"""

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.aggregate import SYNDICATED_THRESHOLD
from analysis.reuse import syndicated_duplicates

# Tables keyed by article_id (rows follow the kept articles) and by source / topic.
ARTICLE_TABLES = ("articles", "sentences", "topics", "sentence_topics", "removed", "quotes",
                  "tone_words")
SOURCE_TABLES = ("sources", "source_topics", "terms")
SYNDICATED_ONCE = "once"  # ?syndicated=once
ALL_TABLES = (*ARTICLE_TABLES, *SOURCE_TABLES, "reuse", "issues")


@dataclass(frozen=True)
class Choices:
    """What the current corpus offers to filter on."""

    sources: tuple[str, ...]
    topics: tuple[str, ...]
    stories: tuple[str, ...] = ()
    first_date: dt.date | None = None
    last_date: dt.date | None = None


@dataclass(frozen=True)
class Filters:
    """The user's current selection; empty tuples / None mean "all"."""

    sources: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    story: str | None = None
    syndicated_once: bool = False


def choices_from_tables(tables: Mapping[str, pd.DataFrame]) -> Choices:
    """Sources, topics, stories and the date span found in the result tables."""
    articles = tables.get("articles", pd.DataFrame())
    topics = tables.get("source_topics", pd.DataFrame())
    if articles.empty:
        return Choices(sources=(), topics=())
    # unique() first: str() on each of 100,000 rows costs more than the whole rerun budget.
    stories = tuple(sorted({str(s) for s in articles.get("story", pd.Series()).dropna().unique()}))
    dates = pd.to_datetime(articles.get("published", pd.Series(dtype="datetime64[ns]")),
                           errors="coerce").dropna()
    return Choices(
        sources=tuple(sorted({str(s) for s in articles["source"].unique()})),
        topics=tuple(sorted({str(t) for t in topics.get("topic", pd.Series()).unique()})),
        stories=stories,
        first_date=dates.min().date() if not dates.empty else None,
        last_date=dates.max().date() if not dates.empty else None,
    )


def _as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _parse_date(value: str | Sequence[str] | None) -> dt.date | None:
    items = _as_list(value)
    if not items:
        return None
    try:
        return dt.date.fromisoformat(items[-1])
    except ValueError:
        return None


def filters_from_query(params: Mapping[str, str | Sequence[str]], *, choices: Choices) -> Filters:
    """Read filters from query parameters, keeping only values the corpus offers."""
    sources = tuple(s for s in dict.fromkeys(_as_list(params.get("source")))
                    if s in choices.sources)
    topics = tuple(t for t in dict.fromkeys(_as_list(params.get("topic"))) if t in choices.topics)
    story_items = [s for s in _as_list(params.get("story")) if s in choices.stories]
    date_from, date_to = _parse_date(params.get("from")), _parse_date(params.get("to"))
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
    return Filters(
        sources=sources, topics=topics, story=story_items[-1] if story_items else None,
        date_from=date_from, date_to=date_to,
        syndicated_once=SYNDICATED_ONCE in _as_list(params.get("syndicated")),
    )


def filters_to_query(filters: Filters, *, choices: Choices) -> dict[str, str | list[str]]:
    """Query parameters for `filters`; a filter equal to "everything" is left out."""
    params: dict[str, str | list[str]] = {}
    if filters.sources and set(filters.sources) != set(choices.sources):
        params["source"] = list(filters.sources)
    if filters.topics and set(filters.topics) != set(choices.topics):
        params["topic"] = list(filters.topics)
    if filters.date_from and filters.date_from != choices.first_date:
        params["from"] = filters.date_from.isoformat()
    if filters.date_to and filters.date_to != choices.last_date:
        params["to"] = filters.date_to.isoformat()
    if filters.story:
        params["story"] = filters.story
    if filters.syndicated_once:
        params["syndicated"] = SYNDICATED_ONCE
    return params


def kept_mask(articles: pd.DataFrame, filters: Filters) -> pd.Series:
    """True for the articles that pass the source, story and date filters."""
    keep = pd.Series(True, index=articles.index)
    if articles.empty:
        return keep
    if filters.sources:
        keep &= is_in(articles["source"].astype(str), filters.sources)
    if filters.story and "story" in articles:
        keep &= articles["story"].astype("string").eq(filters.story).fillna(False)
    if (filters.date_from or filters.date_to) and "published" in articles:
        published = pd.to_datetime(articles["published"], errors="coerce")
        if filters.date_from:
            keep &= (published >= pd.Timestamp(filters.date_from)).fillna(False)
        if filters.date_to:
            day_after = pd.Timestamp(filters.date_to) + pd.Timedelta(days=1)
            keep &= (published < day_after).fillna(False)
    return keep.astype(bool)


def kept_articles(articles: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The articles that pass the source, story and date filters."""
    if articles.empty:
        return articles
    return articles[kept_mask(articles, filters)]


def is_in(column: pd.Series, allowed: Collection | pd.Series) -> np.ndarray:
    """`column.isin(allowed)` as a boolean array, fast for Arrow-backed string columns.

    pandas' Arrow-string `isin` converts `allowed` one Python object at a time (0.3 s for
    100,000 article ids); pyarrow's `is_in` does the same test in C. Falls back to pandas
    for other dtypes or values that are not strings.
    """
    dtype = column.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow" and len(column):
        try:
            values = (pa.array(allowed) if isinstance(allowed, pd.Series)
                      else pa.array(list(allowed), type=pa.large_string()))
            if pa.types.is_string(values.type) or pa.types.is_large_string(values.type):
                found = pc.is_in(pa.array(column), value_set=values.cast(pa.large_string()))
                return found.to_numpy(zero_copy_only=False).astype(bool)
        except (pa.ArrowException, TypeError):
            pass
    allowed = allowed if isinstance(allowed, pd.Series) else list(allowed)
    return column.isin(allowed).to_numpy(dtype=bool)


class FilteredTables(Mapping):
    """The result tables restricted to the kept articles, sources and topics, each table
    filtered the first time a page reads it (a page that draws only the source tables
    never pays for filtering a million per-article rows).

    Source-level tables (`sources`, `source_topics`, `terms`) are row-filtered by source
    and topic; when a date or story filter drops some of a source's articles, the page
    layer re-aggregates them with the analysis package (see ui.state.current_view).
    """

    def __init__(self, tables: Mapping[str, pd.DataFrame], filters: Filters) -> None:
        self._tables, self._filters = tables, filters
        self._done: dict[str, pd.DataFrame] = {}
        self._kept: tuple[pd.Series | set, set[str]] | None = None
        self._mask: pd.Series | None = None

    def __iter__(self):
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._done:
            self._done[name] = self._filter(name, self._tables[name])
        return self._done[name]

    def _ids_and_sources(self) -> tuple[pd.Series | set, set[str]]:
        """The kept article ids (a Series, or a set when syndicated copies are dropped)
        and the kept sources."""
        if self._kept is None:
            articles = self._tables.get("articles", pd.DataFrame())
            if articles.empty:
                ids: pd.Series | set = set()
                sources: set[str] = set()
            else:
                # Only the two columns needed: taking every column of 100,000 rows costs
                # more than the filtering itself.
                mask = self._mask = kept_mask(articles, self._filters)
                ids, sources = articles["article_id"][mask], articles["source"][mask]
                sources = set(sources.astype(str).unique())
            reuse = self._tables.get("reuse")
            if self._filters.syndicated_once and reuse is not None:
                ids = set(ids) - syndicated_duplicates(reuse, threshold=SYNDICATED_THRESHOLD)
            self._kept = (ids, sources)
        return self._kept

    def _filter(self, name: str, frame: pd.DataFrame) -> pd.DataFrame:
        if frame is None:
            return frame
        if name == "articles" and not self._filters.syndicated_once and "article_id" in frame:
            self._ids_and_sources()
            if self._mask is not None:  # the rows whose ids are kept (article ids are unique)
                frame = frame[self._mask]
        elif name in ARTICLE_TABLES and "article_id" in frame:
            frame = frame[is_in(frame["article_id"], self._ids_and_sources()[0])]
        elif name in SOURCE_TABLES and "source" in frame:
            frame = frame[is_in(frame["source"].astype(str), self._ids_and_sources()[1])]
        elif name == "reuse" and not frame.empty:
            ids = self._ids_and_sources()[0]
            frame = frame[is_in(frame["article_a"], ids) & is_in(frame["article_b"], ids)]
        if (self._filters.topics and name in ("topics", "sentence_topics", "source_topics")
                and "topic" in frame):
            frame = frame[is_in(frame["topic"].astype(str), self._filters.topics)]
        return frame


def filter_tables(tables: Mapping[str, pd.DataFrame], filters: Filters) -> dict[str, pd.DataFrame]:
    """Every result table restricted to the kept articles, sources and topics (all tables
    at once; see FilteredTables)."""
    return dict(FilteredTables(tables, filters))


def dates_narrow(filters: Filters, *, choices: Choices) -> bool:
    """True when a story, date or syndicated-copies filter may drop part of a source's
    articles (so the source-level tables must be recomputed)."""
    narrowed_dates = (
        (filters.date_from is not None and filters.date_from != choices.first_date)
        or (filters.date_to is not None and filters.date_to != choices.last_date)
    )
    return bool(filters.story) or narrowed_dates or filters.syndicated_once


def describe(filters: Filters) -> str:
    """The filters in words, for reports: 'all sources; topics: Taiwan; 2023-06-19 to …'."""
    parts = [
        "sources: " + ", ".join(filters.sources) if filters.sources else "all sources",
        "topics: " + ", ".join(filters.topics) if filters.topics else "all topics",
    ]
    if filters.date_from or filters.date_to:
        start = filters.date_from.isoformat() if filters.date_from else "…"
        end = filters.date_to.isoformat() if filters.date_to else "…"
        parts.append(f"published {start} to {end}")
    if filters.story:
        parts.append(f"story: {filters.story}")
    return "; ".join(parts)
