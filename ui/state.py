"""Session state, query parameters and cached loaders: the only place pages get data from.

Shared-link safety: the corpus a visitor loads lives in *their* `st.session_state`; the
caches below are keyed by content (the corpus DataFrame and the settings fingerprint), so
a cached result is only ever returned to someone who supplied the very same articles.
"""

import argparse
import dataclasses
import datetime as dt
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.aggregate import SYNDICATED_THRESHOLD
from ui.cache import (
    NOTES_TABLE,
    analyze_cached,
    default_settings,
    load_sample_cached,
    load_store_cached,
    tone_words_cached,
)
from ui.filters import (
    Choices,
    FilteredTables,
    Filters,
    choices_from_tables,
    dates_narrow,
    filters_from_query,
    filters_to_query,
)
from ui.palette import source_colors
from ui.render import md_escape

# Session keys, set up once per visitor by `init_session`.
CORPUS = "corpus"  # articles DataFrame, or None for the built-in sample
ISSUES = "corpus_issues"  # LoadResult.issues_frame() of what was read
CORPUS_NAME = "corpus_name"
TOPICS = "topics"  # tuple[Topic, ...] edited in the Topics page, or None for the defaults
RESULTS_PATH = "results_path"  # an opened results store, or None
FILTERS = "filters"  # the canonical Filters (widgets below mirror it)
CORPUS_SIGNATURE = "corpus_signature"  # which corpus the filters belong to
SESSION_DEFAULTS = {
    CORPUS: None, ISSUES: None, CORPUS_NAME: "Built-in sample", TOPICS: None,
    RESULTS_PATH: None, FILTERS: None, CORPUS_SIGNATURE: None,
}
# Sidebar widget keys (prefixed "sidebar_", see STYLE.md habit 6).
W_SYNDICATED = "sidebar_syndicated_once"
W_SOURCES, W_TOPICS, W_DATES, W_STORY = (
    "sidebar_sources", "sidebar_topics", "sidebar_dates", "sidebar_story",
)
ALL_STORIES = "All stories"


@dataclasses.dataclass(frozen=True)
class View:
    """What a page draws: filtered tables, the full-corpus choices, colours and filters."""

    tables: Mapping[str, pd.DataFrame]  # filtered on first read (ui.filters.FilteredTables)
    all_tables: Mapping[str, pd.DataFrame]
    choices: Choices
    filters: Filters
    colors: dict[str, str]

    def table(self, name: str) -> pd.DataFrame:
        """A filtered table by name (empty DataFrame when absent)."""
        return self.tables.get(name, pd.DataFrame())


def results_path_from_argv(argv: Sequence[str]) -> Path | None:
    """`--results PATH` from the script arguments (`streamlit run dashboard.py -- --results P`)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--results", default=None)
    known, _ = parser.parse_known_args(list(argv))
    return Path(known.results) if known.results else None


def init_session(*, argv: Sequence[str] | None = None) -> None:
    """Set up this visitor's session keys once (a results store from argv, if given;
    argv defaults to the script arguments, sys.argv[1:])."""
    for key, value in SESSION_DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = value
    if "argv_checked" not in st.session_state:
        st.session_state["argv_checked"] = True
        path = results_path_from_argv(sys.argv[1:] if argv is None else argv)
        if path is not None:
            st.session_state[RESULTS_PATH] = str(path)
            st.session_state[CORPUS_NAME] = f"Results store {path}"


def current_settings():
    """Settings from the topics this visitor edited (defaults when none were edited)."""
    settings = default_settings()
    topics = st.session_state.get(TOPICS)
    if topics:
        settings = dataclasses.replace(settings, topics=tuple(topics))
    return settings


def current_corpus() -> tuple[pd.DataFrame, pd.DataFrame]:
    """This visitor's corpus and its load issues (the built-in sample by default)."""
    corpus = st.session_state.get(CORPUS)
    if corpus is None:
        return load_sample_cached()
    issues = st.session_state.get(ISSUES)
    return corpus, issues if issues is not None else pd.DataFrame()


def set_corpus(corpus: pd.DataFrame | None, *, issues: pd.DataFrame | None, name: str) -> None:
    """Make `corpus` this visitor's corpus (None = back to the sample); filters reset."""
    st.session_state[CORPUS] = corpus
    st.session_state[ISSUES] = issues
    st.session_state[CORPUS_NAME] = name
    st.session_state[RESULTS_PATH] = None


def open_results_store(path: str) -> None:
    """Show the tables of a results store instead of analysing a corpus."""
    st.session_state[RESULTS_PATH] = path
    st.session_state[CORPUS_NAME] = f"Results store {path}"


def current_tables() -> dict[str, pd.DataFrame]:
    """Every result table for this visitor's corpus (or opened store), unfiltered."""
    store = st.session_state.get(RESULTS_PATH)
    if store:
        path = Path(store)
        try:
            if not path.exists():
                raise FileNotFoundError("no such file or folder")
            return load_store_cached(str(path), path.stat().st_mtime)
        except Exception as exc:  # noqa: BLE001 - a bad store must not crash the app
            st.session_state[RESULTS_PATH] = None
            st.session_state[CORPUS_NAME] = "Built-in sample"
            st.error(f"Could not open the results store {path}: {exc}. Showing the built-in "
                     "sample instead.")
    corpus, issues = current_corpus()
    settings = current_settings()
    tables = dict(analyze_cached(corpus, settings.fingerprint(), settings))
    if issues is not None and not issues.empty:
        tables["issues"] = pd.concat([issues, tables.get("issues", pd.DataFrame())],
                                     ignore_index=True).drop_duplicates()
    return tables


# ---- filters: sidebar widgets <-> canonical Filters <-> st.query_params ----

def _signature(choices: Choices) -> tuple:
    return (choices.sources, choices.topics, choices.stories, choices.first_date,
            choices.last_date)


def _seed_widgets(filters: Filters, choices: Choices) -> None:
    """Set the sidebar widgets from the canonical filters (a date range the user is still
    picking, one date chosen so far, is left alone)."""
    st.session_state[W_SOURCES] = list(filters.sources or choices.sources)
    st.session_state[W_TOPICS] = list(filters.topics or choices.topics)
    st.session_state[W_STORY] = filters.story or ALL_STORIES
    st.session_state[W_SYNDICATED] = filters.syndicated_once
    picking = st.session_state.get(W_DATES)
    if choices.first_date and choices.last_date and not (
            isinstance(picking, tuple) and len(picking) == 1):
        st.session_state[W_DATES] = (filters.date_from or choices.first_date,
                                     filters.date_to or choices.last_date)


def _has_date_range(choices: Choices) -> bool:
    return bool(choices.first_date and choices.last_date and choices.first_date < choices.last_date)


def _filters_from_widgets(choices: Choices, *, previous: Filters) -> Filters:
    """The sidebar widgets' values as Filters (a missing widget, or a date range with only
    its first date picked, keeps the `previous` value)."""
    state = st.session_state
    sources = (tuple(s for s in state[W_SOURCES] if s in choices.sources)
               if W_SOURCES in state else previous.sources)
    topics = (tuple(t for t in state[W_TOPICS] if t in choices.topics)
              if W_TOPICS in state else previous.topics)
    story = state.get(W_STORY, previous.story)
    date_from, date_to = previous.date_from, previous.date_to
    dates = tuple(state.get(W_DATES) or ()) if _has_date_range(choices) else ()
    if len(dates) == 2 and all(isinstance(d, dt.date) for d in dates):
        date_from, date_to = dates
    return Filters(
        sources=sources, topics=topics, date_from=date_from, date_to=date_to,
        story=story if story in choices.stories else None,
        syndicated_once=bool(state.get(W_SYNDICATED, previous.syndicated_once)),
    )


def _store_widget_filters(choices: Choices) -> None:
    """on_change of every sidebar widget: its value becomes the canonical filters."""
    previous = st.session_state.get(FILTERS) or Filters()
    st.session_state[FILTERS] = _filters_from_widgets(choices, previous=previous)


def sidebar_filters(*, choices: Choices) -> Filters:
    """Draw the sidebar filters (shared by every page) and mirror them in the URL.

    The canonical filters live in a plain session key (FILTERS), written by the widgets'
    on_change callbacks; the widgets are re-seeded from it on every run, because Streamlit
    drops (or resets) a widget's state when the page that drew it is left. On a visitor's
    first run the filters come from st.query_params (a shared link).
    """
    if st.session_state.get(CORPUS_SIGNATURE) != _signature(choices):
        first_run = st.session_state.get(CORPUS_SIGNATURE) is None
        params = {k: st.query_params.get_all(k) for k in st.query_params}
        start = filters_from_query(params, choices=choices) if first_run else Filters()
        st.session_state[FILTERS] = start
        st.session_state[CORPUS_SIGNATURE] = _signature(choices)
    filters = st.session_state.get(FILTERS) or Filters()
    _seed_widgets(filters, choices)
    bar = st.sidebar
    sync = {"on_change": _store_widget_filters, "args": (choices,)}
    bar.caption(f"Corpus: {md_escape(st.session_state.get(CORPUS_NAME))}")
    bar.multiselect("Sources", options=list(choices.sources), key=W_SOURCES,
                    help="Empty = all sources.", **sync)
    bar.multiselect("Topics", options=list(choices.topics), key=W_TOPICS,
                    help="Empty = all topics.", **sync)
    if _has_date_range(choices):
        bar.date_input("Published between", min_value=choices.first_date,
                       max_value=choices.last_date, key=W_DATES, **sync)
    if len(choices.stories) > 1:
        bar.selectbox("Story", options=[ALL_STORIES, *choices.stories], key=W_STORY, **sync)
    bar.checkbox("Count syndicated copies once", key=W_SYNDICATED, **sync,
                 help="Near-identical articles (shared-passage similarity >= "
                 f"{SYNDICATED_THRESHOLD}, e.g. the same "
                 "wire story run by several outlets) count once, for the earliest article id, "
                 "in the source-level numbers.")
    wanted = filters_to_query(filters, choices=choices)
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    as_lists = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if current != as_lists:
        st.query_params.from_dict(wanted)
    return filters


def ensure_navigation() -> None:
    """Make sure the page runs inside dashboard.py's st.navigation.

    Streamlit treats a folder named `pages/` next to the entry script as an old-style
    (v1) multipage app until st.navigation has run once in the server process, so a deep
    link opened first on a fresh server (e.g. /topics?source=...) would run the page
    file alone: no page config, no navigation titles. Switching that mode off and
    rerunning makes Streamlit run dashboard.py, which routes to the same page (the URL
    path is the same). Uses Streamlit's PagesManager flag (checked against 1.67). Skipped
    under AppTest, which resets that flag on every run (a rerun would drop button clicks).
    """
    from streamlit import config

    if config.get_option("global.appTest"):  # AppTest patches streamlit.config, not st.*
        return
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a future Streamlit without the v1 mode
        return
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


def current_view() -> View:
    """Draw the sidebar filters, then return the filtered tables a page draws."""
    ensure_navigation()
    init_session()
    tables = current_tables()
    choices = choices_from_tables(tables)
    filters = sidebar_filters(choices=choices)
    show_notes(tables.get(NOTES_TABLE))
    filtered: Mapping[str, pd.DataFrame] = FilteredTables(tables, filters)
    if dates_narrow(filters, choices=choices):
        filtered = reaggregate(filtered)
    return View(tables=filtered, all_tables=tables, choices=choices, filters=filters,
                colors=source_colors(choices.sources))


def show_notes(notes: pd.DataFrame | None) -> None:
    """What the analysis says the numbers leave out (e.g. sentences sampled from a large
    results store), under the sidebar filters."""
    if notes is None:
        return
    for note in notes["note"]:
        st.sidebar.caption(f"Note: {md_escape(note)}")


def reaggregate(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Recompute `source_topics` and `sources` from the kept articles when a date or story
    filter dropped some of a source's articles (same analysis functions as the pipeline)."""
    from analysis.aggregate import source_tables

    return {**tables, **source_tables(tables)}


def tone_words_by_source(view: View) -> pd.DataFrame:
    """Rows `source, dimension, word, count`: the words behind each tone dimension, summed
    over each source's (filtered) articles; computed with analysis.tone when the results
    have no `tone_words` table (e.g. an older results store)."""
    articles = view.table("articles")
    words = view.table("tone_words")
    columns = ["source", "dimension", "word", "count"]
    if articles.empty:
        return pd.DataFrame(columns=columns)
    if "tone_words" in view.tables and not words.empty:
        merged = words.merge(articles[["article_id", "source"]], on="article_id")
        return merged.groupby(["source", "dimension", "word"], as_index=False)["count"].sum()
    sentences = view.table("sentences").merge(articles[["article_id", "source"]],
                                               on="article_id")
    settings = current_settings()
    return tone_words_cached(sentences, settings.fingerprint(), settings.tone)
