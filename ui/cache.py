"""Cached loaders: the boundary where Streamlit caching happens (STYLE.md habit 5).

`st.cache_resource` only for read-only objects without user data (the VADER scorer, the
default settings, a results store's tables); `st.cache_data` for results, keyed by content
(the corpus DataFrame, the settings fingerprint), so one visitor's articles never reach
another visitor.
"""

import pandas as pd
import streamlit as st

from ui.filters import ALL_TABLES

NOTES_TABLE = "notes"
STORE_ENTRIES = 2  # results stores kept in memory (a 100,000-article store is ~400 MB)


@st.cache_resource(show_spinner=False)
def get_scorer():
    """The VADER scorer, built once per server process (it is read-only)."""
    from analysis import vader

    return vader.get_scorer()


@st.cache_data(show_spinner="Reading the built-in sample…")
def load_sample_cached() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The built-in sample's articles and its load issues."""
    from analysis import readers

    result = readers.load_sample()
    return result.articles, result.issues_frame()


def default_settings():
    """Settings.default(), built once per process (topics.toml + tone lists)."""
    return _default_settings()


@st.cache_resource(show_spinner=False)
def _default_settings():
    from analysis.settings import Settings

    return Settings.default()


@st.cache_data(show_spinner="Analysing the articles…", max_entries=16)
def analyze_cached(
    corpus: pd.DataFrame, settings_key: str, _settings, _computed=None
) -> dict[str, pd.DataFrame]:
    """All result tables for `corpus`; cached by the corpus content and the settings key
    (`_settings` is not part of the key). `_computed` stores tables the Data page just
    computed with a progress bar, so no st.* call happens inside this cached function."""
    if _computed is not None:
        return _computed
    return analyze_tables(corpus, settings=_settings)


def analyze_tables(corpus: pd.DataFrame, *, settings, progress=None) -> dict[str, pd.DataFrame]:
    """analysis.pipeline.analyze as {table: DataFrame} (uncached; `progress(done, total)`)."""
    from analysis.pipeline import analyze

    get_scorer()
    results = analyze(corpus, settings=settings, progress=progress)
    return results_to_tables(results)


def load_store_cached(path: str, modified: float) -> dict[str, pd.DataFrame]:
    """All tables of a results store (`modified` makes a changed store reload), as
    copy-on-write views of one shared read-only load (see `_store_tables`)."""
    return {name: frame.copy(deep=False) for name, frame in _store_tables(path, modified).items()}


# st.cache_data would unpickle a fresh copy of every table on every rerun: 2 s at 100,000
# articles, more than the whole rerun budget. The store's tables are a file on the server
# (no visitor's data), read once per (path, modification time) and never mutated: callers
# get shallow copies, which pandas' copy-on-write copies before any change.
@st.cache_resource(show_spinner="Opening the results store…", max_entries=STORE_ENTRIES)
def _store_tables(path: str, modified: float) -> dict[str, pd.DataFrame]:
    from analysis.quotes import with_quote_word_counts
    from analysis.store import open_store

    tables = results_to_tables(open_store(path).load_results())
    # Quote word counts once per load: Voices would otherwise tokenize every quote on every
    # filter change (over a second on a 100,000-article store).
    tables["quotes"] = with_quote_word_counts(tables["quotes"])
    return tables


def results_to_tables(results) -> dict[str, pd.DataFrame]:
    """The Results dataclass (or a mapping) as {table name: DataFrame}."""
    if isinstance(results, dict):
        return {k: v for k, v in results.items() if isinstance(v, pd.DataFrame)}
    if callable(getattr(results, "tables", None)):
        # Notes ("Sentences limited: …", "Syndicated copies counted once: …") travel as a
        # one-column table so that pages can say what the numbers leave out.
        return {**results.tables(), NOTES_TABLE: pd.DataFrame({"note": list(results.notes)})}
    return {name: getattr(results, name) for name in ALL_TABLES if hasattr(results, name)}


@st.cache_data(show_spinner=False, max_entries=16)
def tone_words_cached(sentences: pd.DataFrame, settings_key: str, _lexicons) -> pd.DataFrame:
    from analysis.tone import tone_words

    rows = [
        {"source": source, **row}
        for source, group in sentences.groupby("source", sort=True)
        for row in tone_words(group["text"].astype(str).tolist(), lexicons=_lexicons)
    ]
    return pd.DataFrame(rows, columns=["source", "dimension", "word", "count"])
