"""The same per-article analysis on a Dask cluster (`--engine dask [--scheduler ADDRESS]`).

Articles are cut into partitions and `analyze_chunk` runs on the workers (`client.map`);
the corpus-level tables are computed afterwards by the same code as the local engine's, their
heavy chunks (shared-passage checks, word counts) mapped on the cluster, so the tables are
identical. Dask is optional: `pip install -r requirements-dask.txt`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any

from analysis.article import ArticleTables, analyze_chunk
from analysis.mapping import Workers
from analysis.settings import Settings

if TYPE_CHECKING:
    from analysis.runners import PoolRunner

INSTALL_HINT = "pip install -r requirements-dask.txt  (dask[dataframe] and distributed)"
# Partitions per worker: enough to balance load and show progress, few enough that task
# overhead (~1 ms each on Dask) stays negligible next to ~5 ms of work per article.
PARTITIONS_PER_WORKER = 8
MAX_PARTITION = 500
DEFAULT_LOCAL_WORKERS = 2


def _distributed():
    """The `distributed` module, or an ImportError that says how to install it."""
    try:
        import distributed
    except ImportError as exc:
        raise ImportError(f"The Dask engine needs dask and distributed: {INSTALL_HINT}") from exc
    return distributed


@contextmanager
def dask_client(*, scheduler: str | None = None, n_workers: int | None = None) -> Iterator[Any]:
    """A Client on the cluster at `scheduler`, or on a LocalCluster started (and closed) here
    with `n_workers` single-threaded worker processes."""
    distributed = _distributed()
    if scheduler:
        with distributed.Client(scheduler) as client:
            yield client
        return
    workers = max(1, n_workers or DEFAULT_LOCAL_WORKERS)
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        yield client


def partitions(records: Sequence[Mapping[str, Any]], *, n_workers: int) -> list[list]:
    """`records` cut into consecutive partitions (order kept)."""
    if not records:
        return []
    size = max(1, min(MAX_PARTITION, math.ceil(len(records) / (n_workers * PARTITIONS_PER_WORKER))))
    return [list(records[i : i + size]) for i in range(0, len(records), size)]


def analyze_on_client(client: Any, records: Sequence[Mapping[str, Any]], *, settings: Settings,
                      progress: Callable[[int, int], None] | None = None) -> list[ArticleTables]:
    """`analyze_article` for every record on the cluster behind `client`, in input order."""
    if not records:
        return []
    distributed = _distributed()
    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    parts = partitions(records, n_workers=n_workers)
    shared = client.scatter(settings, broadcast=True)
    futures = client.map(analyze_chunk, parts, settings=shared, pure=False)
    index = {future.key: i for i, future in enumerate(futures)}
    results: list[list[ArticleTables] | None] = [None] * len(parts)
    done = 0
    for future in distributed.as_completed(futures):
        i = index[future.key]
        results[i] = future.result()
        done += len(parts[i])
        if progress is not None:
            progress(done, len(records))
    return [tables for part in results for tables in (part or [])]


@contextmanager
def open_dask_runner(*, scheduler: str | None = None, n_workers: int | None = None
                     ) -> Iterator[PoolRunner]:
    """A pipeline runner using Dask; the client (and a local cluster) starts on first use
    with articles to analyse and closes when the context ends."""
    _distributed()
    with ExitStack() as stack:
        clients: list[Any] = []

        def client() -> Any:
            if not clients:
                clients.append(stack.enter_context(
                    dask_client(scheduler=scheduler, n_workers=n_workers)))
            return clients[0]

        def run(records, *, settings, progress=None):
            if not records:
                return []
            return analyze_on_client(client(), records, settings=settings, progress=progress)

        def mapper(func, items):
            if len(items) < 2:
                return [func(item) for item in items]
            return client().gather(client().map(func, items, pure=False))

        def start(func, item):
            return client().submit(func, item, pure=False).result

        from analysis.runners import PoolRunner  # runners imports this module lazily

        yield PoolRunner(run, Workers(mapper, start), parallel=True)


def dask_runner(*, scheduler: str | None = None, n_workers: int | None = None) -> Callable:
    """A runner that opens (and closes) its own client on each call."""
    _distributed()

    def run(records, *, settings, progress=None):
        with open_dask_runner(scheduler=scheduler, n_workers=n_workers) as runner:
            return runner(records, settings=settings, progress=progress)

    return run
