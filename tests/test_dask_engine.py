"""The Dask engine gives exactly the local engine's tables."""

import sys

import pandas as pd
import pytest

from analysis import dask_engine, pipeline
from analysis.synthetic import make_corpus

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local:
        yield local


@pytest.fixture(scope="module")
def corpus(sample_corpus) -> pd.DataFrame:
    return pd.concat([sample_corpus, make_corpus(20, seed=7)], ignore_index=True)


def test_dask_tables_equal_local_tables(cluster, corpus):
    local = pipeline.analyze(corpus)
    seen: list[tuple[int, int]] = []
    remote = pipeline.analyze(corpus, engine="dask", scheduler=cluster.scheduler_address,
                              progress=lambda done, total: seen.append((done, total)))
    for name in local.table_names():
        pd.testing.assert_frame_equal(getattr(remote, name), getattr(local, name), obj=name)
    assert seen[-1] == (len(corpus), len(corpus))


def test_dask_engine_writes_the_same_store(cluster, corpus, tmp_path):
    from analysis.store import analyze_into_store, open_store

    analyze_into_store(corpus, path=tmp_path / "r.duckdb", engine="dask",
                       scheduler=cluster.scheduler_address)
    assert open_store(tmp_path / "r.duckdb").count("articles") == len(corpus)


@pytest.mark.parametrize(("n", "workers", "parts"), [(0, 2, 0), (1, 2, 1), (22, 2, 11),
                                                      (1000, 2, 16)])
def test_partitions_keep_every_record_in_order(n, workers, parts):
    records = [{"article_id": str(i)} for i in range(n)]
    cut = dask_engine.partitions(records, n_workers=workers)
    assert len(cut) == parts
    assert [r for part in cut for r in part] == records


def test_missing_dask_gives_an_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ImportError, match="requirements-dask.txt"):
        dask_engine.dask_runner()
