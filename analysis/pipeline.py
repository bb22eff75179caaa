"""`analyze()`: per-article work (cached, in parallel) + corpus-level tables -> `Results`.

    from analysis import pipeline, readers
    results = pipeline.analyze(readers.load_sample().articles)
    results.sources          # one DataFrame per table, see analysis.results.TABLE_SCHEMAS

The names `Settings`, `ArticleTables`, `analyze_article` and `Results` live in
settings.py / article.py / results.py and are re-exported here (ARCHITECTURE.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from itertools import chain
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import readers
from analysis.aggregate import (
    METADATA_COLUMNS,
    corpus_tables,
    count_syndicated_once,
    join_frames,
    tables_to_frames,
)
from analysis.article import ArticleTables, analyze_article
from analysis.cache import ArticleCache, article_keys, as_cache, corpus_key
from analysis.mapping import Mapper
from analysis.results import Results, conform
from analysis.runners import Engine, Progress, Runner, open_runner, parallel_map, run_local
from analysis.settings import Settings

__all__ = [
    "ArticleTables", "Results", "Settings", "analyze", "analyze_article", "analyze_paths",
    "analyze_records", "article_records", "run_local", "build_results", "results_from_frames",
    "make_runner", "metadata_frame", "analyze_frames", "analyze_batch", "batch_key",
    "open_runner", "with_syndicated_once",
]

INPUT_COLUMNS = ("article_id", "source", "text", "title", "url", "published", "story")
# Articles are analysed in batches and turned into DataFrames batch by batch, so the row
# dicts of at most one batch are in memory at a time (issue 5: 100,000 articles < 2 GB).
BATCH_ARTICLES = 2000


def article_records(corpus: pd.DataFrame, *, start: int = 0) -> list[dict[str, Any]]:
    """The corpus as a list of dicts with the INPUT_COLUMNS (missing ones None); an article
    without an id gets its position (counted from `start`, for a slice of a corpus)."""
    if corpus is None or corpus.empty:
        return []
    present = [c for c in INPUT_COLUMNS if c in corpus.columns]
    frame = corpus[present].astype(object).where(corpus[present].notna(), None)
    records = frame.to_dict(orient="records")
    for position, record in enumerate(records, start=start):
        for column in INPUT_COLUMNS:
            record.setdefault(column, None)
        if record["article_id"] is None:
            record["article_id"] = str(position)
        record["article_id"] = str(record["article_id"])
    return records


class CorpusRecords(Sequence):
    """`article_records(corpus)`, made slice by slice when asked (analyze_frames asks for
    one batch at a time): all the texts as Python strings at once would take ~0.8 GB at
    100,000 articles (issue 5)."""

    def __init__(self, corpus: pd.DataFrame | None) -> None:
        self.corpus = corpus if corpus is not None else pd.DataFrame()

    def __len__(self) -> int:
        return len(self.corpus)

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1:
                return article_records(self.corpus.iloc[start:stop], start=start)
            return [self[i] for i in range(start, stop, step)]
        position = range(len(self))[index]
        return article_records(self.corpus.iloc[position : position + 1], start=position)[0]


def analyze_records(
    records: Sequence[Mapping[str, Any]], *, settings: Settings, runner: Runner,
    cache: ArticleCache | None = None, progress: Progress | None = None,
    keys: Sequence[str] | None = None, known: Mapping[str, ArticleTables] | None = None,
) -> tuple[list[ArticleTables], list[str]]:
    """Per-article tables for `records` (from the cache where possible) and their keys
    (`keys` may pass them when already computed, `known` the cache's answer for them)."""
    keys = list(keys) if keys is not None else article_keys(records, settings)
    cached = known if known is not None else cache.get_many(keys) if cache is not None else {}
    missing = [i for i, key in enumerate(keys) if key not in cached]
    done_before = len(records) - len(missing)
    if progress is not None and done_before:
        progress(done_before, len(records))

    def shifted(done: int, _total: int) -> None:
        if progress is not None:
            progress(done_before + done, len(records))

    computed = runner([records[i] for i in missing], settings=settings, progress=shifted)
    if cache is not None:
        cache.put_many({keys[i]: tables for i, tables in zip(missing, computed, strict=True)})
    fresh = dict(zip(missing, computed, strict=True))
    return [fresh[i] if i in fresh else cached[key] for i, key in enumerate(keys)], keys


def metadata_frame(records: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    columns = ["article_id", "title", *METADATA_COLUMNS]
    frame = pd.DataFrame.from_records([{c: r.get(c) for c in columns} for r in records],
                                      columns=columns)
    frame["published"] = pd.to_datetime(frame["published"], errors="coerce")
    return frame


def build_results(
    tables: Sequence[ArticleTables], *, records: Sequence[Mapping[str, Any]], keys: Sequence[str],
    settings: Settings, cache: ArticleCache | None = None, issues: pd.DataFrame | None = None,
) -> Results:
    """Assemble `Results` from per-article tables (metadata from `records`)."""
    frames = tables_to_frames(tables, metadata=metadata_frame(records))
    return results_from_frames(frames, keys=keys, settings=settings, cache=cache, issues=issues)


def results_from_frames(
    frames: dict[str, pd.DataFrame], *, keys: Sequence[str], settings: Settings,
    cache: ArticleCache | None = None, issues: pd.DataFrame | None = None,
    mapper: Mapper | None = None,
) -> Results:
    """`Results` from the per-article tables plus the corpus-level tables, which are cached
    by the article keys and the metadata they depend on (source, story); `mapper` runs
    their heavy steps on the analysis's pool or cluster (`PoolRunner.map`)."""
    meta_parts = frames["articles"][["article_id", "source", "story"]].astype(str).values.tolist()
    key = corpus_key(kind="corpus", parts=[settings.fingerprint(), list(keys), meta_parts])
    hit = cache.get(key) if cache is not None else None
    corpus, notes, extra_issues = hit if hit is not None else corpus_tables(
        frames, topics=settings.topics, mapper=mapper)
    if cache is not None and hit is None:
        cache.put(key, (corpus, notes, extra_issues))
    issue_rows = pd.DataFrame.from_records(extra_issues) if extra_issues else None
    present = [f for f in (issues, issue_rows) if f is not None and not f.empty]
    all_issues = pd.concat(present, ignore_index=True) if present else None
    return Results(**{**frames, **corpus}, issues=conform(all_issues, table="issues"),
                   notes=list(notes))


def make_runner(*, engine: Engine, processes: int, scheduler: str | None) -> Runner:
    """A runner that starts its pool or cluster on each call (see runners.open_runner)."""

    def run(records, *, settings, progress):
        with open_runner(engine=engine, processes=processes, scheduler=scheduler) as runner:
            return runner(records, settings=settings, progress=progress)

    return run


def _concat(parts: list[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """One frame per table from the batches' frames. Table by table, each batch's piece is
    dropped once joined, so the peak is all pieces plus one joined table, not twice all."""
    if len(parts) == 1:
        return parts[0]
    return {name: pd.concat([p.pop(name) for p in parts], ignore_index=True)
            for name in list(parts[0])}


def batch_key(records: Sequence[Mapping[str, Any]], *, keys: Sequence[str]) -> str:
    """Cache key of one batch's assembled per-article frames: its articles' keys and the
    metadata laid over them (source, url, published, story), in order."""
    meta = [[str(r.get(c)) for c in METADATA_COLUMNS] for r in records]
    return corpus_key(kind="batch-frames", parts=[list(keys), meta])


def analyze_batch(
    records: Sequence[Mapping[str, Any]], *, settings: Settings, runner: Runner,
    cache: ArticleCache | None = None, progress: Progress | None = None,
) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """One batch's per-article tables as DataFrames, and its article keys. The assembled
    frames are cached too: an unchanged batch is one read instead of unpickling and
    re-assembling thousands of row dicts (most of a warm run's time)."""
    return start_batch(records, settings=settings, runner=runner, cache=cache)(progress)


Finish = Callable[[Progress | None], tuple[dict[str, pd.DataFrame], list[str]]]


def start_batch(
    records: Sequence[Mapping[str, Any]], *, settings: Settings, runner: Runner,
    cache: ArticleCache | None = None,
) -> Finish:
    """Begin `analyze_batch`: look the batch up in the cache and, when none of its articles
    is cached, hand them to the runner's pool now (`submit_frames`), so that the pool works
    on this batch while the caller assembles the previous one. Call the result (with a
    progress callback) to get the frames and keys."""
    keys = article_keys(records, settings)
    whole = batch_key(records, keys=keys) if cache is not None and records else None
    hit = cache.get(whole) if whole is not None else None
    if hit is not None:
        def cached(progress: Progress | None) -> tuple[dict[str, pd.DataFrame], list[str]]:
            if progress is not None:
                progress(len(records), len(records))
            return hit, keys

        return cached
    known = cache.get_many(keys) if cache is not None else {}
    submit = getattr(runner, "submit_frames", None)
    collect = submit(records, settings=settings, cache=cache, keys=keys) \
        if submit is not None and not known and records else None

    def finish(progress: Progress | None) -> tuple[dict[str, pd.DataFrame], list[str]]:
        if collect is not None:
            frames = join_frames(collect(progress), metadata=metadata_frame(records))
        else:
            tables, _ = analyze_records(records, settings=settings, runner=runner, cache=cache,
                                        progress=progress, keys=keys, known=known)
            frames = tables_to_frames(tables, metadata=metadata_frame(records))
        if whole is not None:
            cache.put(whole, frames)
        return frames, keys

    return finish


def analyze_frames(
    records: Sequence[Mapping[str, Any]], *, settings: Settings, runner: Runner,
    cache: ArticleCache | None = None, progress: Progress | None = None,
) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """The per-article tables of `records` as DataFrames, built batch by batch, and the keys.
    Each batch is started (start_batch) before the one before it is finished, so a pool
    is not idle while the parent assembles a batch or waits for its slowest chunk."""
    parts, keys = [], []
    total = len(records)
    started = ((offset, start_batch(records[offset : offset + BATCH_ARTICLES],
                                    settings=settings, runner=runner, cache=cache))
               for offset in range(0, max(total, 1), BATCH_ARTICLES))
    current = next(started)
    for following in chain(started, [None]):  # the generator starts the next batch here
        offset, finish = current

        def shifted(done: int, _total: int, offset: int = offset) -> None:
            if progress is not None:
                progress(offset + done, total)

        frames, batch_keys = finish(shifted)
        parts.append(frames)
        keys.extend(batch_keys)
        current = following
    return _concat(parts), keys


def analyze(
    corpus: pd.DataFrame, *, settings: Settings | None = None, processes: int = 1,
    cache: ArticleCache | str | Path | None = None, progress: Progress | None = None,
    engine: Engine = "local", scheduler: str | None = None, issues: pd.DataFrame | None = None,
    syndicated_once: bool = False,
) -> Results:
    """Analyse a corpus (ARCHITECTURE.md "Article" columns) into every output table.

    `processes` > 1 uses a process pool (or that many Dask workers with engine="dask");
    `cache` (an ArticleCache or a folder) skips articles analysed before with the same
    settings; `progress(done, total)` is called as articles finish; `issues` (e.g. from
    the readers) is carried into `Results.issues`; `syndicated_once` counts each group of
    syndicated copies once in `sources` / `source_topics` (per-article tables keep them all).
    """
    settings = settings or Settings.default()
    store = as_cache(cache)
    records = CorpusRecords(corpus)
    with open_runner(engine=engine, processes=processes, scheduler=scheduler) as runner:
        frames, keys = analyze_frames(records, settings=settings, runner=runner, cache=store,
                                      progress=progress)
        results = results_from_frames(frames, keys=keys, settings=settings, cache=store,
                                      issues=issues, mapper=parallel_map(runner))
    if not records:
        results.notes.append("No articles to analyse.")
    return with_syndicated_once(results) if syndicated_once else results


def with_syndicated_once(results: Results) -> Results:
    """`results` whose source-level tables count each group of syndicated copies once."""
    tables, dropped = count_syndicated_once(results.tables())
    if not dropped:
        return results
    note = (f"Syndicated copies counted once: {len(dropped)} article(s) left out of the "
            f"source tables ({', '.join(sorted(dropped)[:5])}{' …' if len(dropped) > 5 else ''}).")
    return replace(results, **tables, notes=[*results.notes, note])


def analyze_paths(
    paths: Iterable[str | Path], *, columns: Mapping[str, str] | None = None,
    settings: Settings | None = None, processes: int = 1,
    cache: ArticleCache | str | Path | None = None, progress: Progress | None = None,
    engine: Engine = "local", scheduler: str | None = None, syndicated_once: bool = False,
) -> Results:
    """Read files/folders with `readers.read_paths` and `analyze` them; the readers' issues
    (skipped files, cleaned rows) end up in `Results.issues`."""
    loaded = readers.read_paths(list(paths), columns=columns)
    return analyze(loaded.articles, settings=settings, processes=processes, cache=cache,
                   progress=progress, engine=engine, scheduler=scheduler,
                   issues=loaded.issues_frame(), syndicated_once=syndicated_once)
