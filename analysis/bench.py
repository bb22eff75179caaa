"""The benchmark (`python -m analysis bench`): Slant against a notebook baseline, same run.

For each corpus size N a synthetic corpus (analysis.synthetic, sources "Synthetic k") is
written to Parquet, then each measurement runs in its own subprocess (`python -m
analysis.bench TASK CORPUS CACHE_DIR`), which times only the analysis call and reports its
peak resident memory from `resource.getrusage` (`ru_maxrss`: RUSAGE_SELF for the measuring
process, RUSAGE_CHILDREN for its pool workers, the larger of the two is the peak).

Tasks: baseline (untrained Punkt split + NLTK SentimentIntensityAnalyzer.polarity_scores per
sentence + one regex count per topic); cold (full `pipeline.analyze`, empty cache, one
process); two_processes (the same with processes=2, empty cache); warm (unchanged corpus,
the cache filled by the cold run). Figures are medians over `repeats` runs.
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
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from analysis.bench_store import format_store_table, json_from_subprocess
from analysis.paths import REPO_DIR

HUGE_SIZE = 100_000
TASKS = ("baseline", "cold", "two_processes", "warm")
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

    corpus = pd.read_parquet(corpus_path)
    start = time.perf_counter()
    if task == "baseline":
        sentences = baseline(corpus)
    else:
        processes = 2 if task == "two_processes" else 1
        results = pipeline.analyze(corpus, processes=processes, cache=ArticleCache(cache_dir))
        sentences = len(results.sentences)
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KB_PER_MB
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / KB_PER_MB
    return {"task": task, "articles": len(corpus), "sentences": sentences, "seconds": seconds,
            "peak_rss_mb": max(own, workers), "rss_main_mb": own, "rss_workers_mb": workers,
            "code": str(Path(__file__).resolve().parent)}


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
    runs: dict[str, list[dict]] = {task: [] for task in TASKS}
    for repeat in range(repeats):
        cold_cache = workdir / f"cache-{n}-{repeat}-cold"
        for task in TASKS:
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
        cold = tasks["cold"]["seconds_median"]
        out[str(n)] = {
            "cold_vs_baseline_throughput": tasks["baseline"]["seconds_median"] / cold,
            "two_vs_one_process_speedup": cold / tasks["two_processes"]["seconds_median"],
            "warm_share_of_cold": tasks["warm"]["seconds_median"] / cold,
            "peak_rss_mb": max(t["peak_rss_mb"] for t in tasks.values()),
        }
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
