"""Runners: how per-article work is executed (this process, a process pool, or Dask).

A runner is a callable `(records, *, settings, progress) -> list[ArticleTables]` that keeps
input order. `open_runner` yields one for the whole of an analysis, so a pool or a Dask
client is started once (and only if some work needs it) and closed at the end. The runner
it yields also has `map(func, items)`: the corpus-level steps (shared passages, distinctive
words) run their chunks on the same pool or cluster with it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from contextlib import ExitStack, contextmanager
from typing import Any, Literal, Protocol

import pandas as pd

from analysis.aggregate import rows_to_frames
from analysis.article import ArticleTables, analyze_article, analyze_chunk
from analysis.cache import ArticleCache
from analysis.mapping import Mapper, Workers, map_here, start_here
from analysis.settings import Settings

Progress = Callable[[int, int], None]
Engine = Literal["local", "dask"]
Frames = dict[str, pd.DataFrame]
# Finishes work handed to a runner earlier: waits for it (reporting progress) and returns
# the `rows_to_frames` of consecutive chunks of the records, in order.
Collect = Callable[[Progress | None], list[Frames]]

# Work is sent to processes in chunks: large enough to amortise pickling the settings,
# small enough to balance the load (8 chunks per process) and report progress.
CHUNKS_PER_PROCESS = 8
MAX_CHUNK = 200
# `submit_frames` queues the next batch before the current one ends, so its chunks need not
# be as small to keep both processes busy; larger chunks build fewer, larger frames
# (rows_to_frames costs ~25% more per article in chunks of 125 than of 250).
FRAME_CHUNKS_PER_PROCESS = 4
MAX_FRAME_CHUNK = 400
# Analysed once in the parent before a pool starts, so that forked workers inherit the
# scorer, tokenizer and compiled patterns (built lazily, once per process) instead of each
# building them again.
WARM_UP_ARTICLE = {"article_id": "warm-up", "text": "Officials said the talks were useful. "
                   "They \u201cwelcomed\u201d the visit to Taiwan and Ukraine."}


class Runner(Protocol):
    def __call__(self, records: Sequence[Mapping[str, Any]], *, settings: Settings,
                 progress: Progress | None) -> list[ArticleTables]: ...


class PoolRunner:
    """A runner (called on records) that also maps corpus-level chunks (`map`)."""

    def __init__(self, run: Callable[..., list[ArticleTables]], mapper: Mapper, *,
                 parallel: bool, submit: Callable[..., Collect] | None = None) -> None:
        self._run, self.map, self.parallel = run, mapper, parallel
        # `submit(records, *, settings, cache, keys) -> Collect` starts the records'
        # analysis now and returns their frames later (None: the runner has no such path).
        self.submit_frames = submit

    def __call__(self, records: Sequence[Mapping[str, Any]], *, settings: Settings,
                 progress: Progress | None = None) -> list[ArticleTables]:
        return self._run(records, settings=settings, progress=progress)


def parallel_map(runner: Runner) -> Mapper | None:
    """The runner's `map` when it spreads work over processes or workers, else None (the
    corpus steps then skip cutting their work into chunks)."""
    return runner.map if getattr(runner, "parallel", False) else None


def chunk_size(n: int, *, processes: int, per_process: int = CHUNKS_PER_PROCESS,
               largest: int = MAX_CHUNK) -> int:
    """Articles per chunk for `n` articles over `processes` processes."""
    return max(1, min(largest, math.ceil(n / max(1, processes * per_process))))


def run_sequential(records: Sequence[Mapping[str, Any]], *, settings: Settings,
                   progress: Progress | None = None) -> list[ArticleTables]:
    """`analyze_article` over `records` in this process."""
    out = []
    for done, record in enumerate(records, start=1):
        out.append(analyze_article(record, settings=settings))
        if progress is not None:
            progress(done, len(records))
    return out


def run_pool(records: Sequence[Mapping[str, Any]], *, settings: Settings, pool: Executor,
             processes: int, progress: Progress | None = None) -> list[ArticleTables]:
    """`analyze_chunk` over chunks of `records` on `pool`; results in input order."""
    total = len(records)
    size = chunk_size(total, processes=processes)
    chunks = [list(records[i : i + size]) for i in range(0, total, size)]
    results: list[list[ArticleTables] | None] = [None] * len(chunks)
    futures = {pool.submit(analyze_chunk, chunk, settings=settings): i
               for i, chunk in enumerate(chunks)}
    done = 0
    for future in as_completed(futures):
        index = futures[future]
        results[index] = future.result()
        done += len(chunks[index])
        if progress is not None:
            progress(done, total)
    return [tables for chunk in results for tables in (chunk or [])]


def analyze_chunk_frames(
    records: Sequence[Mapping[str, Any]], *, settings: Settings,
    cache: ArticleCache | None = None, keys: Sequence[str] | None = None,
) -> Frames:
    """`analyze_chunk` then `rows_to_frames`, in the worker: it sends back compact frames
    instead of row dicts, and stores each article's tables under `keys` in `cache` itself
    (the parent process would otherwise pickle them while both cores are busy)."""
    tables = analyze_chunk(records, settings=settings)
    if cache is not None and keys is not None:
        cache.put_many(dict(zip(keys, tables, strict=True)))
    return rows_to_frames(tables)


def submit_sequential(records: Sequence[Mapping[str, Any]], *, settings: Settings,
                      cache: ArticleCache | None = None,
                      keys: Sequence[str] | None = None) -> Collect:
    """`analyze_chunk_frames` of all `records` in this process, when collected."""

    def collect(progress: Progress | None) -> list[Frames]:
        tables = run_sequential(records, settings=settings, progress=progress)
        if cache is not None and keys is not None:
            cache.put_many(dict(zip(keys, tables, strict=True)))
        return [rows_to_frames(tables)]

    return collect


def submit_pool(records: Sequence[Mapping[str, Any]], *, settings: Settings, pool: Executor,
                processes: int, cache: ArticleCache | None = None,
                keys: Sequence[str] | None = None) -> Collect:
    """`analyze_chunk_frames` of chunks of `records` queued on `pool` now (so the pool keeps
    working while the caller assembles earlier work); collected in input order."""
    size = chunk_size(len(records), processes=processes, per_process=FRAME_CHUNKS_PER_PROCESS,
                      largest=MAX_FRAME_CHUNK)
    spans = [(i, min(i + size, len(records))) for i in range(0, len(records), size)]
    futures = [pool.submit(analyze_chunk_frames, list(records[a:b]), settings=settings,
                           cache=cache, keys=None if keys is None else list(keys[a:b]))
               for a, b in spans]

    def collect(progress: Progress | None) -> list[Frames]:
        sizes = {future: b - a for future, (a, b) in zip(futures, spans, strict=True)}
        done = 0
        for future in as_completed(futures):
            done += sizes[future]
            if progress is not None:
                progress(done, len(records))
        return [future.result() for future in futures]

    return collect


def run_local(records: Sequence[Mapping[str, Any]], *, settings: Settings,
              progress: Progress | None = None, processes: int = 1) -> list[ArticleTables]:
    """`analyze_article` over `records`, in this process or a pool of `processes`, in order."""
    with open_runner(engine="local", processes=processes) as run:
        return run(records, settings=settings, progress=progress)


@contextmanager
def open_runner(*, engine: Engine = "local", processes: int = 1,
                scheduler: str | None = None) -> Iterator[PoolRunner]:
    """A runner for one analysis; pools and clusters start on first use, close on exit."""
    if engine == "dask":
        from analysis.dask_engine import open_dask_runner

        with open_dask_runner(scheduler=scheduler, n_workers=processes) as run:
            yield run
        return
    if engine != "local":
        raise ValueError(f"Unknown engine {engine!r}: choose 'local' or 'dask'.")
    with ExitStack() as stack:
        pools: list[Executor] = []

        def pool(settings: Settings | None) -> Executor:
            if not pools:
                if settings is not None:
                    analyze_article(WARM_UP_ARTICLE, settings=settings)
                pools.append(stack.enter_context(ProcessPoolExecutor(max_workers=processes)))
            return pools[0]

        def run(records, *, settings, progress=None):
            if processes <= 1 or len(records) < 2:
                return run_sequential(records, settings=settings, progress=progress)
            return run_pool(records, settings=settings, pool=pool(settings),
                            processes=processes, progress=progress)

        def mapper(func, items):
            if processes <= 1 or len(items) < 2:
                return map_here(func, items)
            return list(pool(None).map(func, items))

        def start(func, item):
            if processes <= 1:
                return start_here(func, item)
            return pool(None).submit(func, item).result

        def submit(records, *, settings, cache=None, keys=None):
            if processes <= 1 or len(records) < 2:
                return submit_sequential(records, settings=settings, cache=cache, keys=keys)
            return submit_pool(records, settings=settings, pool=pool(settings),
                               processes=processes, cache=cache, keys=keys)

        workers = Workers(mapper, start, size=processes)
        yield PoolRunner(run, workers, parallel=processes > 1, submit=submit)
