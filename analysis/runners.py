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

from analysis.article import ArticleTables, analyze_article, analyze_chunk
from analysis.mapping import Mapper, map_here
from analysis.settings import Settings

Progress = Callable[[int, int], None]
Engine = Literal["local", "dask"]

# Work is sent to processes in chunks: large enough to amortise pickling the settings,
# small enough to balance the load (8 chunks per process) and report progress.
CHUNKS_PER_PROCESS = 8
MAX_CHUNK = 200
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
                 parallel: bool) -> None:
        self._run, self.map, self.parallel = run, mapper, parallel

    def __call__(self, records: Sequence[Mapping[str, Any]], *, settings: Settings,
                 progress: Progress | None = None) -> list[ArticleTables]:
        return self._run(records, settings=settings, progress=progress)


def parallel_map(runner: Runner) -> Mapper | None:
    """The runner's `map` when it spreads work over processes or workers, else None (the
    corpus steps then skip cutting their work into chunks)."""
    return runner.map if getattr(runner, "parallel", False) else None


def chunk_size(n: int, *, processes: int) -> int:
    """Articles per chunk for `n` articles over `processes` processes."""
    return max(1, min(MAX_CHUNK, math.ceil(n / max(1, processes * CHUNKS_PER_PROCESS))))


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

        yield PoolRunner(run, mapper, parallel=processes > 1)
