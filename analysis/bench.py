"""The benchmark (`python -m analysis bench`): Slant against a notebook baseline, same run.

For each corpus size N a synthetic corpus (analysis.synthetic, sources "Synthetic k") is
written to Parquet, then each measurement runs in its own subprocess (`python -m
analysis.bench TASK CORPUS CACHE_DIR`), which times only the analysis call and reports its
peak resident memory from `resource.getrusage` (`ru_maxrss`: RUSAGE_SELF for the measuring
process, RUSAGE_CHILDREN for its pool workers, the larger of the two is the peak).

Tasks: baseline (untrained Punkt split + NLTK SentimentIntensityAnalyzer.polarity_scores per
sentence + one regex count per topic); cold (full `pipeline.analyze`, empty cache, one
process); two_processes (the same with processes=2, empty cache); warm (unchanged corpus,
the cache filled by the cold run); store (at HUGE_SIZE, instead of the three above: the full
analysis read from the Parquet file in batches and streamed into a new DuckDB store, empty
cache, one process). Figures are medians over `repeats` runs.
With HUGE_SIZE (`--huge`) the report also has the dashboard step (analysis.bench_store):
a store of that many articles, a page rerun after a sidebar filter change, store / sample.
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from analysis.bench_store import format_store_table, json_from_subprocess
from analysis.paths import REPO_DIR

HUGE_SIZE = 100_000
TASKS = ("baseline", "cold", "two_processes", "warm")
# At HUGE_SIZE the full analysis runs the way a corpus that size is meant to be analysed:
# streamed into a results store (analysis.store.analyze_into_store), not held in memory.
HUGE_TASKS = ("baseline", "store")
PARQUET_BATCH = 2000  # rows read at a time by the store task
# Issue 5 targets.
TARGETS = {
    "cold_vs_baseline_throughput": (">=", 2.0),
    "two_vs_one_process_speedup": (">=", 1.7),
    "warm_share_of_cold": ("<=", 0.05),
    "growth_1000_to_10000": ("<=", 11.0),
    "peak_rss_mb_100000": ("<", 2048.0),
    # Dashboard rerun after a sidebar filter change, N-article store / 2-article sample
    # (analysis.bench_store; run for HUGE_SIZE by `--huge`).
    "store_filter_rerun_ratio": ("<=", 3.0),
}
KB_PER_MB = 1024  # Linux reports ru_maxrss in kilobytes (getrusage(2))
MEMORY_METHOD = ("resource.getrusage ru_maxrss of the measuring subprocess (RUSAGE_SELF) and "
                 "of its worker processes (RUSAGE_CHILDREN); peak = the larger")


def baseline(corpus: pd.DataFrame) -> int:
    """What a notebook user would write: Punkt split, NLTK VADER per sentence, a regex per
    topic. Returns the number of sentences scored."""
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from analysis import vader
    from analysis.topics import load_topics

    tokenizer = PunktSentenceTokenizer()
    analyzer = vader.nltk_analyzer()
    patterns = {t.name: re.compile(r"\b(?:" + "|".join(map(re.escape, t.terms)) + r")\b",
                                   re.IGNORECASE) for t in load_topics()}
    rows, n = [], 0
    for text in corpus["text"]:
        scores = [analyzer.polarity_scores(s)["compound"] for s in tokenizer.tokenize(text)]
        counts = {name: len(p.findall(text)) for name, p in patterns.items()}
        rows.append({"mean": sum(scores) / len(scores) if scores else 0.0, **counts})
        n += len(scores)
    return n


def run_task(task: str, *, corpus_path: Path, cache_dir: Path) -> dict[str, Any]:
    """Run one measurement in this process; returns seconds, counts and peak memory."""
    from analysis import pipeline
    from analysis.cache import ArticleCache

    if task == "store":
        return _run_store_task(corpus_path=corpus_path, cache_dir=cache_dir)
    corpus = pd.read_parquet(corpus_path)
    start = time.perf_counter()
    if task == "baseline":
        sentences = baseline(corpus)
    else:
        processes = 2 if task == "two_processes" else 1
        results = pipeline.analyze(corpus, processes=processes, cache=ArticleCache(cache_dir))
        sentences = len(results.sentences)
    return _measured(task, articles=len(corpus), sentences=sentences,
                     seconds=time.perf_counter() - start)


def _measured(task: str, *, articles: int, sentences: int, seconds: float) -> dict[str, Any]:
    """One task's report: its counts, seconds and peak memory (this process and workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KB_PER_MB
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / KB_PER_MB
    return {"task": task, "articles": articles, "sentences": sentences, "seconds": seconds,
            "peak_rss_mb": max(own, workers), "rss_main_mb": own, "rss_workers_mb": workers,
            "code": str(Path(__file__).resolve().parent)}


def parquet_batches(path: Path, *, size: int = PARQUET_BATCH) -> Iterator[pd.DataFrame]:
    """The rows of a Parquet file as DataFrames of at most `size` rows, read one at a time."""
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=size):
        yield batch.to_pandas()


def _run_store_task(*, corpus_path: Path, cache_dir: Path) -> dict[str, Any]:
    """The store task: stream the Parquet corpus into a new DuckDB store next to the cache."""
    import pyarrow.parquet as pq

    from analysis.cache import ArticleCache
    from analysis.store import analyze_into_store, open_store

    store_path = cache_dir.with_name(cache_dir.name + "-store.duckdb")
    store_path.unlink(missing_ok=True)
    articles = pq.ParquetFile(corpus_path).metadata.num_rows
    start = time.perf_counter()
    analyze_into_store(parquet_batches(corpus_path), path=store_path, total=articles,
                       cache=ArticleCache(cache_dir))
    seconds = time.perf_counter() - start
    return _measured("store", articles=articles, sentences=open_store(store_path).count(
        "sentences"), seconds=seconds)


def snapshot_code(folder: Path) -> Path:
    """Copy analysis/ and data/ into `folder`, so every run of one benchmark measures the
    same code even if the working tree is edited meanwhile (edits would also change the
    settings fingerprint and empty the warm cache)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("analysis", "data"):
        shutil.copytree(REPO_DIR / name, folder / name, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def _subprocess(task: str, *, corpus_path: Path, cache_dir: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "analysis.bench", task, str(corpus_path), str(cache_dir)]
    code = cache_dir.parent / "code"
    return json_from_subprocess(command, root=code if code.is_dir() else REPO_DIR,
                                what=f"benchmark task {task}")


def measure_size(n: int, *, repeats: int, workdir: Path, log: TextIO | None = None
                 ) -> dict[str, Any]:
    """Every task on a synthetic corpus of `n` articles, `repeats` times; medians."""
    from analysis.synthetic import make_corpus

    corpus_path = workdir / f"corpus-{n}.parquet"
    make_corpus(n).to_parquet(corpus_path, index=False)
    tasks = HUGE_TASKS if n >= HUGE_SIZE else TASKS
    runs: dict[str, list[dict]] = {task: [] for task in tasks}
    for repeat in range(repeats):
        cold_cache = workdir / f"cache-{n}-{repeat}-cold"
        for task in tasks:
            cache = workdir / f"cache-{n}-{repeat}-two" if task == "two_processes" else cold_cache
            run = _subprocess(task, corpus_path=corpus_path, cache_dir=cache)
            runs[task].append(run)
            if log is not None:
                print(f"bench N={n} run {repeat + 1}/{repeats} {task}: {run['seconds']:.2f} s, "
                      f"peak {run['peak_rss_mb']:.0f} MB", file=log, flush=True)
    out = {}
    for task, items in runs.items():
        seconds = statistics.median(r["seconds"] for r in items)
        out[task] = {"seconds_median": seconds, "seconds_all": [r["seconds"] for r in items],
                     "articles_per_second": n / seconds if seconds else None,
                     "sentences": items[0]["sentences"], "code": items[0]["code"],
                     "peak_rss_mb": max(r["peak_rss_mb"] for r in items)}
    return out


def ratios(sizes: dict[int, dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    """Per size: the ratio figures; plus growth from 1,000 to 10,000 when both ran."""
    out: dict[str, dict[str, float | None]] = {}
    for n, tasks in sizes.items():
        seconds = {task: m["seconds_median"] for task, m in tasks.items()}
        figures: dict[str, float | None] = {}
        if "cold" in seconds:
            figures["cold_vs_baseline_throughput"] = seconds["baseline"] / seconds["cold"]
            figures["two_vs_one_process_speedup"] = seconds["cold"] / seconds["two_processes"]
            figures["warm_share_of_cold"] = seconds["warm"] / seconds["cold"]
        if "store" in seconds:
            figures["store_vs_baseline_throughput"] = seconds["baseline"] / seconds["store"]
        figures["peak_rss_mb"] = max(t["peak_rss_mb"] for t in tasks.values())
        out[str(n)] = figures
    if 1000 in sizes and 10000 in sizes:
        out["growth"] = {"growth_1000_to_10000": sizes[10000]["cold"]["seconds_median"]
                         / sizes[1000]["cold"]["seconds_median"]}
    return out


def measure_store_sizes(store_sizes: Sequence[int], *, workdir: Path,
                        log: TextIO | None = None) -> dict[str, Any]:
    """The dashboard filter-change rerun on a store of each size (analysis.bench_store, in
    a subprocess), built from the cold run's article cache when there is one."""
    out = {}
    for n in store_sizes:
        cache = workdir / f"cache-{n}-0-cold"
        report = workdir / f"store-rerun-{n}.json"
        command = [sys.executable, "-m", "analysis.bench_store", "--size", str(n),
                   "--store", str(workdir / f"store-{n}.duckdb"), "--processes", "2",
                   "--cache", str(cache if cache.is_dir() else workdir / f"cache-{n}-store"),
                   "--out", str(report)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=REPO_DIR,
                              env={**os.environ, "PYTHONPATH": str(REPO_DIR)}, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"store rerun N={n} failed:\n{done.stderr[-3000:]}")
        out[str(n)] = json.loads(report.read_text())
        if log is not None:
            print(format_store_table(out[str(n)]), file=log, flush=True)
    return out


def run_benchmark(*, sizes: Sequence[int], repeats: int = 3, log: TextIO | None = None,
                  workdir: Path | None = None, store_sizes: Sequence[int] | None = None
                  ) -> dict[str, Any]:
    """Measure every size; the report that `write_report` saves as JSON. `store_sizes`
    (default: HUGE_SIZE when it is among `sizes`) also get the dashboard rerun step."""
    if not sizes or repeats < 1:
        raise ValueError("give at least one size and one repeat")
    if store_sizes is None:
        store_sizes = [n for n in sizes if n == HUGE_SIZE]
    with tempfile.TemporaryDirectory(prefix="slant-bench-") as tmp:
        folder = workdir or Path(tmp)
        snapshot_code(folder / "code")
        measured = {n: measure_size(n, repeats=repeats, workdir=folder, log=log) for n in sizes}
        stores = measure_store_sizes(store_sizes, workdir=folder, log=log)
    figures = ratios(measured)
    for n, report in stores.items():
        figures.setdefault(n, {})["store_filter_rerun_ratio"] = report["store_filter_rerun_ratio"]
    return {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "corpus": "synthetic (analysis.synthetic: sample sentences, words varied; "
                  "sources 'Synthetic 1'..'Synthetic 10')",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "repeats": repeats, "memory_method": MEMORY_METHOD,
        "sizes": {str(n): tasks for n, tasks in measured.items()},
        "store_rerun": stores,
        "ratios": figures,
        "targets": {k: f"{op} {v}" for k, (op, v) in TARGETS.items()},
    }


def write_report(report: dict[str, Any], *, path: Path) -> Path:
    """Save the report as JSON (folders created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2))
    return path


def format_table(report: dict[str, Any]) -> str:
    """The report as a plain-text table: seconds, articles/s and peak MB per task and size."""
    lines = [f"{'N':>7} {'task':14} {'median s':>9} {'articles/s':>11} {'peak MB':>8}"]
    for n, tasks in report["sizes"].items():
        for task, m in tasks.items():
            lines.append(f"{int(n):>7} {task:14} {m['seconds_median']:>9.2f} "
                         f"{m['articles_per_second']:>11.1f} {m['peak_rss_mb']:>8.0f}")
    for store in report.get("store_rerun", {}).values():
        lines.extend(["", format_store_table(store)])
    lines.append("")
    for n, figures in report["ratios"].items():
        shown = ", ".join(f"{k} {v:.3g}" for k, v in figures.items() if v is not None)
        lines.append(f"N={n}: {shown}")
    lines.append("Targets: " + "; ".join(f"{k} {v}" for k, v in report["targets"].items()))
    return "\n".join(lines)


if __name__ == "__main__":
    task_name, corpus_file, cache_folder = sys.argv[1:4]
    print(json.dumps(run_task(task_name, corpus_path=Path(corpus_file),
                              cache_dir=Path(cache_folder))))
