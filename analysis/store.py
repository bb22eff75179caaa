"""Results store: a DuckDB file or a Parquet dataset folder that grows as articles are added.

`analyze_into_store` analyses only articles whose content key is not stored yet, then
recomputes the corpus-level tables over everything stored. `open_store(path).load_results()`
reads aggregates in full and a bounded, article-sampled subset of the sentence-level tables,
so a dashboard can open a 100,000-article store without loading every sentence.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analysis.cache import ArticleCache, article_keys, as_cache
from analysis.results import CORPUS_TABLES, PER_ARTICLE_TABLES, Results, conform, empty_table
from analysis.settings import Settings

DUCKDB_SUFFIXES = (".duckdb", ".db", ".ddb")
KEYS_TABLE = "article_keys"
ISSUES_TABLE = "issues"
# Tables sampled by article in load_results (the others are read whole).
SAMPLED_TABLES = ("sentences", "sentence_topics", "tone_words", "quotes")
DEFAULT_MAX_SENTENCES = 50_000
# What the corpus-level steps read (aggregate.corpus_tables); analyze_into_store holds only
# these in memory for them, the quotes, tone words and removed text stay in the store.
CORPUS_INPUT_TABLES = ("articles", "sentences", "topics", "sentence_topics")
SAMPLE_SEED = 0


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _in_list(column: str, values: Sequence[Any] | None) -> tuple[str, list[Any]]:
    """A SQL condition `column IN (?, ...)` and its parameters ("TRUE" when no filter)."""
    if values is None:
        return "TRUE", []
    values = list(values)
    if not values:
        return "FALSE", []
    return f"{_quote(column)} IN ({','.join('?' * len(values))})", values


class ResultsStore:
    """Read and append Slant tables in a DuckDB file or a Parquet dataset folder."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.is_duckdb = self.path.suffix.lower() in DUCKDB_SUFFIXES

    def __repr__(self) -> str:
        return f"ResultsStore({str(self.path)!r})"

    # -- reading ---------------------------------------------------------------------------
    def _connect(self) -> duckdb.DuckDBPyConnection:
        if self.is_duckdb:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return duckdb.connect(str(self.path))
        return duckdb.connect()

    def _source(self, connection: duckdb.DuckDBPyConnection, table: str) -> str | None:
        """The SQL relation holding `table`, or None when nothing is stored for it."""
        if self.is_duckdb:
            found = connection.execute(
                "SELECT 1 FROM information_schema.tables WHERE table_name = ?", [table]
            ).fetchone()
            return _quote(table) if found else None
        folder, single = self.path / table, self.path / f"{table}.parquet"
        if single.is_file():
            return f"read_parquet('{single.as_posix()}')"
        if folder.is_dir() and any(folder.glob("*.parquet")):
            return f"read_parquet('{folder.as_posix()}/*.parquet', union_by_name = true)"
        return None

    def query(self, table: str, *, where: str = "TRUE", params: Sequence[Any] = (),
              order: str | None = None) -> pd.DataFrame:
        """Rows of `table` matching `where` (empty table with its columns if none stored)."""
        with self._connect() as connection:
            relation = self._source(connection, table)
            if relation is None:
                return empty_table(table) if table in Results.table_names() else pd.DataFrame()
            sql = f"SELECT * FROM {relation} WHERE {where}"
            sql += f" ORDER BY {order}" if order else ""
            frame = connection.execute(sql, list(params)).df()
        return conform(frame, table=table) if table in Results.table_names() else frame

    def count(self, table: str) -> int:
        """Number of rows stored in `table`."""
        with self._connect() as connection:
            relation = self._source(connection, table)
            return 0 if relation is None else int(
                connection.execute(f"SELECT COUNT(*) FROM {relation}").fetchone()[0])

    def stored_keys(self) -> dict[str, str]:
        """article_id -> content key of every stored article."""
        frame = self.query(KEYS_TABLE)
        return dict(zip(frame.get("article_id", []), frame.get("key", []), strict=True))

    def sources(self) -> pd.DataFrame:
        """The `sources` table."""
        return self.query("sources", order="source")

    def source_topics(self, *, sources: Sequence[str] | None = None,
                      topics: Sequence[str] | None = None) -> pd.DataFrame:
        """`source_topics`, optionally only some sources / topics."""
        cond_s, p_s = _in_list("source", sources)
        cond_t, p_t = _in_list("topic", topics)
        return self.query("source_topics", where=f"{cond_s} AND {cond_t}", params=p_s + p_t)

    def articles(self, *, sources: Sequence[str] | None = None,
                 stories: Sequence[str] | None = None, start: Any = None,
                 end: Any = None) -> pd.DataFrame:
        """`articles` filtered by source, story and published date range (inclusive)."""
        cond_s, p_s = _in_list("source", sources)
        cond_t, p_t = _in_list("story", stories)
        where, params = f"{cond_s} AND {cond_t}", p_s + p_t
        if start is not None:
            where, params = where + " AND published >= ?", [*params, pd.Timestamp(start)]
        if end is not None:
            where, params = where + " AND published <= ?", [*params, pd.Timestamp(end)]
        return self.query("articles", where=where, params=params, order="article_id")

    def sampled_article_ids(self, articles: pd.DataFrame, *, max_sentences: int) -> list[str]:
        """Articles whose sentences add up to at most `max_sentences`, taken in a fixed
        pseudo-random order (a hash of the id), so every source is represented in proportion."""
        if articles.empty:
            return []
        order = pd.util.hash_pandas_object(articles["article_id"], index=False) % (2**61)
        shuffled = articles.assign(_order=order.to_numpy()).sort_values("_order")
        within = shuffled["n_sentences"].cumsum() <= max_sentences
        return list(shuffled.loc[within, "article_id"])

    def _of_sources(self, column: str, sources: Sequence[str] | None) -> tuple[str, list]:
        """A SQL condition: `column` is the id of an article of `sources` ("TRUE" for all
        sources). A subquery, not a list of ids: DuckDB takes seconds to bind 100,000
        parameters."""
        if sources is None:
            return "TRUE", []
        with self._connect() as connection:
            relation = self._source(connection, "articles")
        if relation is None:
            return "FALSE", []
        cond_s, p_s = _in_list("source", sources)
        return f"{_quote(column)} IN (SELECT article_id FROM {relation} WHERE {cond_s})", p_s

    def load_results(self, *, sources: Sequence[str] | None = None,
                     topics: Sequence[str] | None = None,
                     max_sentences: int = DEFAULT_MAX_SENTENCES) -> Results:
        """Tables for the dashboard: aggregates in full; sentence-level tables for a sample
        of whole articles with at most `max_sentences` sentences (said in `notes`)."""
        articles = self.articles(sources=sources)
        total = int(articles["n_sentences"].sum()) if not articles.empty else 0
        ids = list(articles["article_id"])
        notes = []
        if total > max_sentences:
            ids = self.sampled_article_ids(articles, max_sentences=max_sentences)
            kept = int(articles.loc[articles["article_id"].isin(ids), "n_sentences"].sum())
            notes.append(f"Sentences limited: {kept:,} of {total:,} sentences loaded "
                         f"({len(ids):,} of {len(articles):,} articles, sampled by article); "
                         "the articles, sources and topic tables cover every article.")
        cond_t, p_t = _in_list("topic", topics)
        tables: dict[str, pd.DataFrame] = {"articles": articles}
        for name in ("removed", *SAMPLED_TABLES, "topics"):
            cond_a, p_a = (_in_list("article_id", ids) if name in SAMPLED_TABLES
                           else self._of_sources("article_id", sources))
            topical = name in ("topics", "sentence_topics")
            tables[name] = self.query(
                name, where=f"{cond_a} AND {cond_t}" if topical else cond_a,
                params=p_a + p_t if topical else p_a)
        cond_s, p_s = _in_list("source", sources)
        tables["sources"] = self.query("sources", where=cond_s, params=p_s, order="source")
        tables["source_topics"] = self.source_topics(sources=sources, topics=topics)
        tables["terms"] = self.query("terms", where=cond_s, params=p_s)
        cond_a, p_a = self._of_sources("article_a", sources)
        tables["reuse"] = self.query("reuse", where=cond_a, params=p_a)
        tables["issues"] = self.query(ISSUES_TABLE)
        return Results(**tables, notes=notes)

    def load_all(self) -> Results:
        """Every stored table in full (for recomputing corpus-level tables)."""
        return Results(**{name: self.query(name) for name in Results.table_names()})

    # -- writing ---------------------------------------------------------------------------
    def _write(self, table: str, frame: pd.DataFrame, *, replace: bool) -> None:
        """Append `frame` to `table` (or replace the table with it)."""
        if self.is_duckdb:
            with self._connect() as connection:
                connection.register("incoming", frame)
                if replace:
                    connection.execute(f"CREATE OR REPLACE TABLE {_quote(table)} AS "
                                       "SELECT * FROM incoming")
                else:
                    connection.execute(f"CREATE TABLE IF NOT EXISTS {_quote(table)} AS "
                                       "SELECT * FROM incoming LIMIT 0")
                    connection.execute(f"INSERT INTO {_quote(table)} BY NAME "
                                       "SELECT * FROM incoming")
            return
        self.path.mkdir(parents=True, exist_ok=True)
        if replace:
            frame.to_parquet(self.path / f"{table}.parquet", index=False)
        elif not frame.empty:
            folder = self.path / table
            folder.mkdir(exist_ok=True)
            # Named in write order, so reading the folder back keeps the articles in the
            # order they were analysed (corpus-level steps depend on corpus order).
            name = f"part-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.parquet"
            frame.to_parquet(folder / name, index=False)

    def _delete_articles(self, table: str, ids: Sequence[str]) -> None:
        """Remove the rows of `ids` from a per-article table (articles re-analysed)."""
        if not ids:
            return
        if self.is_duckdb:
            with self._connect() as connection:
                if self._source(connection, table) is not None:
                    cond, params = _in_list("article_id", ids)
                    connection.execute(f"DELETE FROM {_quote(table)} WHERE {cond}", params)
            return
        wanted = set(ids)
        for part in sorted((self.path / table).glob("*.parquet")):
            frame = pd.read_parquet(part)
            keep = ~frame["article_id"].isin(wanted)
            if not keep.all():
                frame.loc[keep].to_parquet(part, index=False)

    def write_articles(
        self, frames: Mapping[str, pd.DataFrame], *, keys: Mapping[str, str],
        stored: Collection[str] | None = None,
    ) -> None:
        """Store per-article tables for the articles in `keys` (article_id -> key), replacing
        earlier rows of the same ids. `stored` (the ids stored already, when the caller
        knows them) limits the deletes to those: each delete scans whole tables, which on a
        big store is most of the time of a write."""
        ids = list(keys)
        earlier = ids if stored is None else [i for i in ids if i in stored]
        for table in (*PER_ARTICLE_TABLES, KEYS_TABLE):
            self._delete_articles(table, earlier)
        for table in PER_ARTICLE_TABLES:
            self._write(table, frames[table], replace=False)
        key_frame = pd.DataFrame({"article_id": ids, "key": [keys[i] for i in ids]})
        self._write(KEYS_TABLE, key_frame.astype("str"), replace=False)

    def write_corpus(self, results: Results) -> None:
        """Replace the corpus-level tables (and the issues of the latest run)."""
        for table in (*CORPUS_TABLES, ISSUES_TABLE):
            self._write(table, getattr(results, table), replace=True)


def open_store(path: str | Path) -> ResultsStore:
    """The results store at `path` (`.duckdb` file, otherwise a Parquet dataset folder)."""
    return ResultsStore(path)


def record_batches(corpus: pd.DataFrame | Iterable[pd.DataFrame], *, size: int
                   ) -> Iterator[list[dict[str, Any]]]:
    """The articles of `corpus` (a DataFrame, or DataFrames read one after another, e.g.
    `readers.parquet_batches`) as lists of at most `size` records, so only one batch of
    record dicts exists at a time."""
    from analysis import pipeline

    offset = 0
    for frame in [corpus] if isinstance(corpus, pd.DataFrame) else corpus:
        for start in range(0, len(frame), size):
            part = frame.iloc[start : start + size]
            yield pipeline.article_records(part, start=offset + start)
        offset += len(frame)


def analyze_into_store(
    corpus: pd.DataFrame | Iterable[pd.DataFrame], *, path: str | Path,
    settings: Settings | None = None, processes: int = 1,
    cache: ArticleCache | str | Path | None = None, progress=None, engine: str = "local",
    scheduler: str | None = None, issues: pd.DataFrame | None = None,
    total: int | None = None,
) -> Results:
    """Analyse the articles of `corpus` not stored yet (by content key), add them to the store
    at `path` batch by batch, recompute the corpus-level tables over all stored articles.

    Streams: `corpus` may be an iterable of DataFrames (`total` = their number of articles,
    for `progress`), and each batch's tables go to the store before the next is analysed.
    The corpus-level steps then read back only what they use (CORPUS_INPUT_TABLES), so the
    `Results` returned holds those tables and the corpus tables; quotes, tone words and
    removed text stay in the store (`open_store(path).load_all()` reads everything).
    """
    from analysis import pipeline
    from analysis.runners import parallel_map

    settings = settings or Settings.default()
    store = open_store(path)
    cache = as_cache(cache)
    stored = store.stored_keys()
    if total is None and isinstance(corpus, pd.DataFrame):
        total = len(corpus)
    counts = {"analysed": 0, "seen": 0}
    with pipeline.open_runner(engine=engine, processes=processes, scheduler=scheduler) as run:
        for records in record_batches(corpus, size=pipeline.BATCH_ARTICLES):
            todo = _not_stored(records, stored=stored, settings=settings)
            before, skipped = counts["seen"], len(records) - len(todo)

            def shifted(done: int, _n: int, before: int = before, skipped: int = skipped,
                        n: int = len(records)) -> None:
                if progress is not None:
                    progress(before + skipped + done, max(total or 0, before + n))

            if todo:
                frames, keys = pipeline.analyze_batch(todo, settings=settings, runner=run,
                                                      cache=cache, progress=shifted)
                ids = [r["article_id"] for r in todo]
                store.write_articles(frames, keys=dict(zip(ids, keys, strict=True)),
                                     stored=stored)
                stored.update(zip(ids, keys, strict=True))
                del frames  # stored: the next batch does not add to the peak
            else:
                shifted(0, 0)
            counts["analysed"] += len(todo)
            counts["seen"] += len(records)
        results = _corpus_results(store, settings=settings, cache=cache, issues=issues,
                                  mapper=parallel_map(run))
    store.write_corpus(results)
    results.notes.append(f"Store {path}: {counts['analysed']} articles analysed, "
                         f"{counts['seen'] - counts['analysed']} already stored.")
    return results


def _not_stored(records: Sequence[dict[str, Any]], *, stored: Mapping[str, str],
                settings: Settings) -> list[dict[str, Any]]:
    """The records whose content key differs from the one stored for their article_id."""
    keys = article_keys(records, settings)
    return [r for r, key in zip(records, keys, strict=True) if stored.get(r["article_id"]) != key]


def _corpus_results(store: ResultsStore, *, settings: Settings, cache: ArticleCache | None,
                    issues: pd.DataFrame | None, mapper) -> Results:
    """The corpus-level tables over every stored article, from CORPUS_INPUT_TABLES read back
    from the store (the other per-article tables are left out of memory: empty here)."""
    from analysis import pipeline

    frames = {name: store.query(name) if name in CORPUS_INPUT_TABLES else empty_table(name)
              for name in PER_ARTICLE_TABLES}
    keys = store.stored_keys()
    return pipeline.results_from_frames(
        frames, keys=[keys[i] for i in frames["articles"]["article_id"]], settings=settings,
        cache=cache, issues=issues, mapper=mapper)
