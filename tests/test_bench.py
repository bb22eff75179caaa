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
