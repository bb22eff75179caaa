"""The benchmark: a tiny real run has every figure (no timing assertions)."""

import json

import pytest

from analysis import bench, cli
from analysis.synthetic import make_corpus


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    code = cli.main(["bench", "--sizes", "20", "--repeats", "1", "--out", str(out)])
    assert code == 0
    return json.loads(out.read_text())


@pytest.mark.parametrize("task", bench.TASKS)
def test_every_task_has_its_figures(report, task):
    figures = report["sizes"]["20"][task]
    assert figures["seconds_median"] > 0
    assert figures["articles_per_second"] > 0
    assert figures["peak_rss_mb"] > 50
    assert len(figures["seconds_all"]) == 1


@pytest.mark.parametrize(
    "ratio", ["cold_vs_baseline_throughput", "two_vs_one_process_speedup",
              "warm_share_of_cold", "peak_rss_mb"])
def test_every_ratio_is_reported(report, ratio):
    assert report["ratios"]["20"][ratio] > 0


def test_report_says_how_it_was_measured(report):
    assert "synthetic" in report["corpus"]
    assert "ru_maxrss" in report["memory_method"]
    assert set(report["targets"]) == set(bench.TARGETS)
    assert report["machine"]["cpus"] >= 1


def test_runs_use_a_snapshot_of_the_code(report):
    from analysis.paths import REPO_DIR

    for figures in report["sizes"]["20"].values():
        assert figures["code"].endswith("analysis")
        assert not figures["code"].startswith(str(REPO_DIR))


def test_slant_and_baseline_see_the_same_articles(report):
    tasks = report["sizes"]["20"]
    assert tasks["cold"]["sentences"] == tasks["warm"]["sentences"]
    assert tasks["cold"]["sentences"] == tasks["two_processes"]["sentences"]
    assert tasks["baseline"]["sentences"] > 0


def test_baseline_counts_sentences_of_real_text(sample_corpus):
    assert bench.baseline(sample_corpus) > 40


def test_growth_is_reported_when_both_sizes_ran():
    fake = {n: {t: {"seconds_median": s, "peak_rss_mb": 100.0} for t in bench.TASKS}
            for n, s in ((1000, 2.0), (10000, 18.0))}
    assert bench.ratios(fake)["growth"]["growth_1000_to_10000"] == pytest.approx(9.0)
    assert bench.ratios(fake)["1000"]["warm_share_of_cold"] == pytest.approx(1.0)


def test_format_table_lists_every_task(report):
    table = bench.format_table(report)
    for task in bench.TASKS:
        assert task in table


def test_run_task_in_process_measures_cold(tmp_path):
    path = tmp_path / "c.parquet"
    make_corpus(3).to_parquet(path, index=False)
    run = bench.run_task("cold", corpus_path=path, cache_dir=tmp_path / "cache")
    assert run["articles"] == 3 and run["sentences"] > 10 and run["seconds"] > 0


# ---- the dashboard step (analysis.bench_store, ui.bench_pages) ----

def _fake_timings(store: float, sample: float) -> dict:
    return {"store": {"rerun_median": store, "first_load_seconds": 9.0},
            "sample": {"rerun_median": sample, "first_load_seconds": 1.0}}


def test_store_rerun_target_is_listed():
    from analysis import bench_store

    assert bench.TARGETS[bench_store.TARGET] == ("<=", bench_store.TARGET_LIMIT)


def test_compare_pages_gives_the_ratio_per_page():
    from analysis import bench_store

    pages = bench_store.compare_pages({"overview": _fake_timings(0.3, 0.1),
                                       "tone": _fake_timings(0.2, 0.1)})
    assert pages["overview"]["ratio"] == pytest.approx(3.0)
    assert pages["tone"]["store_first_load_s"] == 9.0
    table = bench_store.format_store_table({"articles": 100_000, "pages": pages})
    assert "100,000-article store" in table and "overview" in table and "3.00" in table


@pytest.mark.parametrize(("options", "step", "expected"), [
    (["A", "B", "C"], 0, ["B", "C"]),
    (["A", "B", "C"], 1, ["A", "C"]),
    (["A", "B", "C"], 3, ["B", "C"]),
    (["Source 000", "Source 004"], 1, ["Source 000"]),
    (["Only"], 0, ["Only"]),
])
def test_each_rerun_changes_the_source_filter(options, step, expected):
    from ui.bench_pages import filter_values

    assert filter_values(options, step) == expected


def test_script_argv_is_what_streamlit_run_passes():
    import sys

    from ui.bench_pages import script_argv
    from ui.state import results_path_from_argv

    saved = list(sys.argv)
    with script_argv("/tmp/x.duckdb"):
        assert str(results_path_from_argv(sys.argv[1:])) == "/tmp/x.duckdb"
    with script_argv(None):
        assert results_path_from_argv(sys.argv[1:]) is None
    assert sys.argv == saved


@pytest.mark.slow
def test_store_rerun_tiny_real_run(tmp_path):
    from analysis import bench_store

    store = tmp_path / "s.duckdb"
    report = bench_store.measure_store_rerun(3, store=store, pages=("overview",), reruns=2)
    assert report["store"]["reused"] is False and bench_store.stored_articles(store) == 3
    page = report["pages"]["overview"]
    assert page["store_rerun_s"] > 0 and page["sample_rerun_s"] > 0
    assert report[bench_store.TARGET] == pytest.approx(page["ratio"])
    assert report["raw"]["overview"]["store"]["sources"] == 3
    assert len(report["raw"]["overview"]["sample"]["rerun_seconds"]) == 2
    again = bench_store.build_store(3, path=store)
    assert again["reused"] is True
