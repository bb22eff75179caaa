"""Command line: `python -m analysis analyze INPUT... --out DIR` and `python -m analysis bench`.

Exit status: 0 when at least one article was analysed (problems with other inputs are
listed, not fatal), 1 when nothing could be analysed, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from analysis import readers
from analysis.cache import ArticleCache, default_cache_dir
from analysis.results import FORMATS, Results
from analysis.settings import Settings, parse_topic_option
from analysis.topics import TopicsFileError

# --<name>-col options -> the readers' canonical column names.
COLUMN_OPTIONS = ("id", "source", "text", "title", "url", "published", "story")
CANONICAL = {"id": "article_id"}
EXIT_OK = 0
EXIT_NOTHING_ANALYSED = 1
EXIT_USAGE = 2
SUMMARY_ISSUES = 5  # issues listed in the summary (all are in issues.csv)
SUMMARY_TOPICS = 5


def _analyze_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("analyze", help="analyse files/folders into tables",
                              description="Analyse articles into CSV/Parquet tables.")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders of articles")
    p.add_argument("--out", type=Path, help="folder for the tables (created if needed)")
    p.add_argument("--format", choices=FORMATS, default="csv", help="table format (csv)")
    for name in COLUMN_OPTIONS:
        p.add_argument(f"--{name}-col", metavar="COLUMN",
                       help=f"name of the column holding the article {name}")
    p.add_argument("--topics", type=Path, metavar="FILE", help="topics TOML file "
                   "(default data/topics.toml)")
    p.add_argument("--topic", action="append", default=[], metavar='"Name=term1,term2"',
                   help="add (or replace) a topic; repeatable")
    p.add_argument("--processes", type=int, default=1, metavar="N",
                   help="worker processes (or Dask workers for a local cluster)")
    p.add_argument("--cache", type=Path, metavar="DIR",
                   help="cache folder (default $SLANT_CACHE_DIR or .slant-cache/)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    p.add_argument("--engine", choices=("local", "dask"), default="local")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address (default: start a local cluster)")
    p.add_argument("--store", type=Path, metavar="PATH.duckdb|DIR",
                   help="append results to a DuckDB file or Parquet dataset folder")
    p.add_argument("--syndicated-once", action="store_true",
                   help="count each group of syndicated copies (near-identical articles) "
                   "once in the source tables written with --out")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def _bench_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("bench", help="benchmark against a notebook baseline",
                              description="Benchmark Slant on a synthetic corpus.")
    p.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated")
    p.add_argument("--huge", action="store_true", help="also run 100,000 articles")
    p.add_argument("--store-rerun", metavar="SIZES", default=None,
                   help="time the dashboard's filter-change rerun on a results store of "
                   "these sizes, comma-separated (default: 100000 when --huge)")
    p.add_argument("--repeats", type=int, default=3, help="runs per measurement (median)")
    p.add_argument("--out", type=Path, default=Path("bench-results/bench.json"))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for `python -m analysis`."""
    parser = argparse.ArgumentParser(prog="python -m analysis",
                                     description="Slant: compare how sources cover a story.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    _analyze_parser(subparsers)
    _bench_parser(subparsers)
    return parser


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Settings from --topics and --topic (errors raise ValueError with the option named)."""
    settings = Settings.default(topics_path=args.topics) if args.topics else Settings.default()
    for option in args.topic:
        name, terms = parse_topic_option(option)
        settings = settings.with_topic(name=name, terms=terms)
    return settings


def columns_from_args(args: argparse.Namespace) -> dict[str, str] | None:
    """The readers' `columns` mapping from the --<name>-col options (None if none given)."""
    chosen = {CANONICAL.get(n, n): getattr(args, f"{n}_col") for n in COLUMN_OPTIONS}
    chosen = {k: v for k, v in chosen.items() if v}
    return chosen or None


@contextmanager
def progress_bar(*, quiet: bool, stream: TextIO):
    """A `progress(done, total)` callback drawing a tqdm bar on `stream` (stderr)."""
    if quiet:
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(total=0, unit="article", file=stream, mininterval=0.5, leave=False)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()


def summary(results: Results) -> str:
    """One screen of text: articles and sentiment (95% CI) per source, top topics, issues."""
    lines = [f"Analysed {len(results.articles)} articles, {len(results.sentences)} sentences."]
    if not results.sources.empty:
        lines.append("\nSentiment per source (mean sentence compound, 95% bootstrap CI):")
        for row in results.sources.itertuples():
            lines.append(f"  {row.source[:30]:30} {row.n_articles:6d} articles  "
                         f"{row.sentiment_mean:+.3f} [{row.ci_low:+.3f}, {row.ci_high:+.3f}]"
                         f"  n={row.n_sentences}")
    if not results.source_topics.empty:
        totals = results.source_topics.groupby("topic", sort=False)["mentions"].sum()
        top = totals[totals > 0].sort_values(ascending=False).head(SUMMARY_TOPICS)
        lines.append("\nTop topics (mentions): " + ", ".join(f"{t} {n}" for t, n in top.items()))
    issues = results.issues
    lines.append(f"\nIssues: {len(issues)}")
    for row in issues.head(SUMMARY_ISSUES).itertuples():
        where = f" ({row.location})" if isinstance(row.location, str) and row.location else ""
        lines.append(f"  [{row.severity}] {row.file}{where}: {row.problem}")
    if len(issues) > SUMMARY_ISSUES:
        lines.append(f"  ... and {len(issues) - SUMMARY_ISSUES} more (see issues table)")
    lines.extend(f"Note: {note}" for note in results.notes)
    return "\n".join(lines)


def _all_stored_tables(path: Path, *, notes: list[str]) -> Results:
    """Every table of the store at `path`, with the notes of the run that filled it."""
    from analysis.store import open_store

    return replace(open_store(path).load_all(), notes=notes)


def run_analyze(args: argparse.Namespace, *, out: TextIO, err: TextIO) -> int:
    """The `analyze` command; returns the exit status."""
    from analysis import pipeline

    if args.out is None and args.store is None:
        print("error: give --out DIR and/or --store PATH", file=err)
        return EXIT_USAGE
    try:
        settings = settings_from_args(args)
    except (ValueError, TopicsFileError) as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE
    cache = None if args.no_cache else ArticleCache(args.cache or default_cache_dir())
    loaded = readers.read_paths(args.inputs, columns=columns_from_args(args))
    options = {"settings": settings, "processes": args.processes, "cache": cache,
               "engine": args.engine, "scheduler": args.scheduler,
               "issues": loaded.issues_frame()}
    with progress_bar(quiet=args.quiet, stream=err) as progress:
        if args.store is not None:
            from analysis.store import analyze_into_store

            results = analyze_into_store(loaded.articles, path=args.store, progress=progress,
                                         **options)
            if args.out is not None:  # the store run kept only some per-article tables
                results = _all_stored_tables(args.store, notes=results.notes)
        else:
            results = pipeline.analyze(loaded.articles, progress=progress, **options)
    if args.syndicated_once:
        results = pipeline.with_syndicated_once(results)
    if args.out is not None:
        folder = results.to_dir(args.out, fmt=args.format)
        print(f"Wrote {len(results.table_names())} tables to {folder}/", file=out)
    if args.store is not None:
        print(f"Results store: {args.store}", file=out)
    print(summary(results), file=out)
    if results.articles.empty:
        print("error: nothing could be analysed (see the issues above).", file=err)
        return EXIT_NOTHING_ANALYSED
    return EXIT_OK


def run_bench(args: argparse.Namespace, *, out: TextIO, err: TextIO) -> int:
    """The `bench` command."""
    from analysis import bench

    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        print(f"error: --sizes {args.sizes!r}: give numbers like 1000,10000", file=err)
        return EXIT_USAGE
    if args.huge:
        sizes.append(bench.HUGE_SIZE)
    store_sizes = None
    if args.store_rerun:
        store_sizes = [int(s) for s in args.store_rerun.split(",") if s.strip()]
    report = bench.run_benchmark(sizes=sizes, repeats=args.repeats, log=err,
                                 store_sizes=store_sizes)
    bench.write_report(report, path=args.out)
    print(bench.format_table(report), file=out)
    print(f"Wrote {args.out}", file=out)
    return EXIT_OK


COMMANDS: dict[str, Callable[..., int]] = {"analyze": run_analyze, "bench": run_bench}


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None,
         err: TextIO | None = None) -> int:
    """Parse `argv` and run the command; returns the exit status."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return COMMANDS[args.command](args, out=out, err=err)
