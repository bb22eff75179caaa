"""Benchmark step: does the dashboard rerun a page after a filter change on a big results
store in at most 3x the time it takes on the 2-article sample? (issue 5)

`python -m analysis.bench_store --size 100000 --store PATH.duckdb --out FILE.json` builds
(or reuses) a store of a synthetic corpus (analysis.synthetic -> analyze_into_store), then
times every page in a fresh subprocess `python -m ui.bench_pages` (Streamlit's AppTest;
the analysis package itself never imports streamlit), once on the store (opened the way
`streamlit run dashboard.py -- --results PATH` opens it) and once on the built-in sample.
Per page: the median rerun after a sidebar filter change, store / sample, and first loads.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from analysis.paths import REPO_DIR

PAGES = ("overview", "sentiment", "topics", "tone")
RERUNS = 7
TARGET = "store_filter_rerun_ratio"
TARGET_LIMIT = 3.0  # issue 5: at most 3x the sample's rerun time
METHOD = ("streamlit.testing.v1.AppTest (ui.bench_pages): median seconds of at.run() after "
          "the Sources filter changes (every source but one, a different one each time); "
          "store opened as with `-- --results PATH`; store and sample reruns alternate")


def stored_articles(path: Path) -> int:
    """How many articles the store at `path` holds (0 when there is none)."""
    from analysis.store import open_store

    if not path.exists():
        return 0
    return open_store(path).count("articles")


def build_store(n: int, *, path: Path, processes: int = 1, cache: Path | None = None,
                log: TextIO | None = None) -> dict[str, Any]:
    """A store of `make_corpus(n)` at `path`, reused when it already holds n articles."""
    from analysis.store import analyze_into_store
    from analysis.synthetic import make_corpus

    start = time.perf_counter()
    reused = stored_articles(path) == n
    if not reused:
        if log is not None:
            print(f"bench store: analysing {n:,} articles into {path}", file=log, flush=True)
        analyze_into_store(make_corpus(n), path=path, processes=processes, cache=cache)
    return {"path": str(path), "articles": n, "reused": reused,
            "build_seconds": time.perf_counter() - start}


def json_from_subprocess(command: Sequence[str], *, root: Path, what: str) -> dict[str, Any]:
    """Run `command` in `root` (also its PYTHONPATH) and parse the JSON object its last
    line of output prints; raise with the end of its stderr, naming `what`, if it fails."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(list(command), capture_output=True, text=True, cwd=root, env=env,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def page_timings(*, results: Path, pages: Sequence[str] = PAGES,
                 reruns: int = RERUNS) -> dict[str, dict[str, Any]]:
    """ui.bench_pages in a fresh process: per page, the store's and the sample's first
    load and reruns (alternating)."""
    command = [sys.executable, "-m", "ui.bench_pages", "--results", str(results),
               "--pages", ",".join(pages), "--reruns", str(reruns)]
    return json_from_subprocess(command, root=REPO_DIR, what="page timing")


def compare_pages(timings: dict[str, dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per page: median rerun seconds on the store and the sample, their ratio, and the
    first-load seconds of each."""
    return {page: {
        "store_rerun_s": m["store"]["rerun_median"],
        "sample_rerun_s": m["sample"]["rerun_median"],
        "ratio": m["store"]["rerun_median"] / m["sample"]["rerun_median"],
        "store_first_load_s": m["store"]["first_load_seconds"],
        "sample_first_load_s": m["sample"]["first_load_seconds"],
    } for page, m in timings.items()}


def measure_store_rerun(n: int, *, store: Path, processes: int = 1, cache: Path | None = None,
                        pages: Sequence[str] = PAGES, reruns: int = RERUNS,
                        log: TextIO | None = None) -> dict[str, Any]:
    """Build (or reuse) the store, time the pages on it and on the sample; the report."""
    built = build_store(n, path=store, processes=processes, cache=cache, log=log)
    timings = page_timings(results=store, pages=pages, reruns=reruns)
    per_page = compare_pages(timings)
    return {"articles": n, "store": built, "reruns": reruns, "method": METHOD,
            "pages": per_page, TARGET: max(p["ratio"] for p in per_page.values()),
            "raw": timings}


def format_store_table(report: dict[str, Any]) -> str:
    """Per page: rerun seconds on the store and the sample, the ratio, first loads."""
    lines = [f"Filter-change rerun, {report['articles']:,}-article store vs 2-article sample",
             f"{'page':10} {'store s':>8} {'sample s':>9} {'ratio':>6} "
             f"{'1st load store s':>17} {'sample s':>9}"]
    for page, m in report["pages"].items():
        lines.append(f"{page:10} {m['store_rerun_s']:>8.2f} {m['sample_rerun_s']:>9.2f} "
                     f"{m['ratio']:>6.2f} {m['store_first_load_s']:>17.1f} "
                     f"{m['sample_first_load_s']:>9.1f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: measure, print the table, write the JSON report."""
    parser = argparse.ArgumentParser(prog="python -m analysis.bench_store",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="articles in the store")
    parser.add_argument("--store", type=Path, required=True,
                        help="store path (.duckdb file or folder); reused if it holds --size")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=None, help="article cache folder")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--reruns", type=int, default=RERUNS)
    parser.add_argument("--out", type=Path, default=Path("bench-results/store-rerun.json"))
    args = parser.parse_args(argv)
    report = measure_store_rerun(
        args.size, store=args.store, processes=args.processes, cache=args.cache,
        pages=[p for p in args.pages.split(",") if p], reruns=args.reruns, log=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(format_store_table(report))
    print(f"{TARGET} {report[TARGET]:.2f} (target <= {TARGET_LIMIT}); wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
