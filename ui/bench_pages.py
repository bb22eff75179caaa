"""Time the dashboard's reruns after a sidebar filter change, with Streamlit's AppTest.

`python -m ui.bench_pages --results PATH [--pages overview,sentiment] [--reruns 7]` prints
one JSON line: per page and per app (the results store, opened as `streamlit run
dashboard.py -- --results PATH` opens it, and the built-in sample), the first-load seconds
(empty caches, dashboard.py run, then the page opened) and the seconds of each `at.run()`
after a filter change (the "Sources" multiselect drops a different source each time).
The store's and the sample's reruns alternate, so both see the same machine load (the
ratio is what the benchmark reports). analysis.bench_store runs this module in a
subprocess (the analysis package never imports streamlit).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

APP = Path(__file__).resolve().parents[1] / "dashboard.py"
DEFAULT_PAGES = ("overview", "sentiment", "topics", "tone")
DEFAULT_RERUNS = 7
# Seconds AppTest waits for one script run (its default, 3 s, is far too short for the
# first analysis of the sample or the first read of a 100,000-article store).
RUN_TIMEOUT = 900.0
STORE, SAMPLE = "store", "sample"


@contextmanager
def script_argv(results: str | None) -> Iterator[None]:
    """sys.argv as `streamlit run dashboard.py [-- --results PATH]` would set it
    (dashboard.py reads `--results` from sys.argv through ui.state.init_session)."""
    saved = sys.argv
    sys.argv = [str(APP), *(["--results", results] if results else [])]
    try:
        yield
    finally:
        sys.argv = saved


def _timed_run(at: Any) -> float:
    start = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - start
    if at.exception:
        raise RuntimeError("page raised: " + "; ".join(e.message for e in at.exception))
    return seconds


def filter_values(options: Sequence[str], step: int) -> list[str]:
    """The Sources selection for rerun `step`: every source but one, a different one each
    step (so every rerun is a real filter change, and a big store sees new selections
    rather than ones a cache already holds)."""
    options = list(options)
    if len(options) < 2:
        return options
    dropped = step % len(options)
    return options[:dropped] + options[dropped + 1:]


def clear_caches() -> None:
    """Empty Streamlit's data and resource caches (a first load reads everything)."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def open_app(url_path: str, *, results: str | None) -> tuple[Any, float]:
    """An AppTest of dashboard.py on `url_path` (store or sample) and its first-load seconds."""
    from streamlit.testing.v1 import AppTest

    from ui.pages import PAGES

    spec = next(p for p in PAGES if p.url_path == url_path)
    with script_argv(results):
        at = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT)
        seconds = _timed_run(at)
    if not spec.default:
        at.switch_page(spec.path)
        seconds += _timed_run(at)
    return at, seconds


def time_page(url_path: str, *, results: str, reruns: int = DEFAULT_RERUNS) -> dict[str, Any]:
    """Per app (store, sample): first-load seconds and each rerun's seconds after a
    sidebar filter change, the two apps' reruns alternating."""
    from ui.state import W_SOURCES

    apps, out = {}, {}
    clear_caches()  # once: clearing again would drop the store the first app just read
    for name, path in ((STORE, results), (SAMPLE, None)):
        apps[name], first = open_app(url_path, results=path)
        out[name] = {"first_load_seconds": first, "rerun_seconds": [],
                     "sources": len(apps[name].multiselect(key=W_SOURCES).options)}
    for step in range(reruns):
        for name, at in apps.items():
            options = list(at.multiselect(key=W_SOURCES).options)
            at.multiselect(key=W_SOURCES).set_value(filter_values(options, step))
            out[name]["rerun_seconds"].append(_timed_run(at))
    for figures in out.values():
        figures["rerun_median"] = statistics.median(figures["rerun_seconds"])
    return out


def time_pages(pages: Sequence[str], *, results: str,
               reruns: int = DEFAULT_RERUNS) -> dict[str, dict[str, Any]]:
    """`time_page` for each page."""
    return {page: time_page(page, results=results, reruns=reruns) for page in pages}


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: print the timings as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", required=True, help="results store to compare")
    parser.add_argument("--pages", default=",".join(DEFAULT_PAGES))
    parser.add_argument("--reruns", type=int, default=DEFAULT_RERUNS)
    args = parser.parse_args(argv)
    pages = [p for p in args.pages.split(",") if p]
    print(json.dumps(time_pages(pages, results=args.results, reruns=args.reruns)))


if __name__ == "__main__":
    main()
