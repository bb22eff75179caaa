"""ui/filters.py (filters <-> query params, applying filters), ui/state.py's argv parsing,
ui/workspace.py's local-only rule and ui/corpus_edit.py's source renaming."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from ui.corpus_edit import (
    corpus_name,
    file_status,
    issue_lines,
    rename_sources,
    source_summary,
)
from ui.filters import (
    Choices,
    Filters,
    choices_from_tables,
    dates_narrow,
    describe,
    filter_tables,
    filters_from_query,
    filters_to_query,
    kept_articles,
)
from ui.state import results_path_from_argv
from ui.workspace import load_corpus, safe_name, save_corpus, saved_corpora, workspace_allowed

D = dt.date
ARTICLES = pd.DataFrame({
    "article_id": ["000", "004", "bbc-1"],
    "source": ["Source 000", "Source 004", "BBC"],
    "title": ["Blinken Meets with China’s Xi Jinping in Beijing", None, "Xi hosts Blinken"],
    "published": pd.to_datetime(["2023-06-19", "2023-06-19", "2023-06-20"]),
    "story": ["Blinken in Beijing", "Blinken in Beijing", "Trade talks"],
    "origin": ["000.txt", "004.txt", "bbc.csv row 2"],
})
TABLES = {
    "articles": ARTICLES,
    "sentences": pd.DataFrame({"article_id": ["000", "004", "bbc-1"], "sentence_id": [0, 0, 0],
                               "text": ["U.S. Secretary of State Antony Blinken met Xi.",
                                        "Beijing: At 4:30 pm, Xi and Blinken will meet.",
                                        "Talks were constructive."],
                               "compound": [0.0, 0.0, 0.4]}),
    "topics": pd.DataFrame({"article_id": ["000", "000", "004", "bbc-1"],
                            "topic": ["Taiwan", "sanctions", "Taiwan", "Taiwan"],
                            "mentions": [2, 0, 1, 0]}),
    "sentence_topics": pd.DataFrame({"article_id": ["000"], "sentence_id": [0],
                                     "topic": ["Taiwan"], "mentions": [2], "terms": ["Taiwan"]}),
    "sources": pd.DataFrame({"source": ["BBC", "Source 000", "Source 004"]}),
    "source_topics": pd.DataFrame({"source": ["Source 000", "Source 000", "Source 004", "BBC"],
                                   "topic": ["Taiwan", "sanctions", "Taiwan", "Taiwan"]}),
    "reuse": pd.DataFrame({"article_a": ["000"], "article_b": ["004"], "similarity": [0.4],
                           "passages": ["[]"]}),
}
CHOICES = Choices(sources=("BBC", "Source 000", "Source 004"), topics=("Taiwan", "sanctions"),
                  stories=("Blinken in Beijing", "Trade talks"),
                  first_date=D(2023, 6, 19), last_date=D(2023, 6, 20))


def test_choices_from_tables():
    assert choices_from_tables(TABLES) == CHOICES
    assert choices_from_tables({}) == Choices(sources=(), topics=())


@pytest.mark.parametrize(("params", "expected"), [
    ({}, Filters()),
    ({"source": ["Source 004", "Nope", "Source 004"], "topic": "Taiwan"},
     Filters(sources=("Source 004",), topics=("Taiwan",))),
    ({"from": "2023-06-20", "to": "2023-06-19"},  # swapped dates are put in order
     Filters(date_from=D(2023, 6, 19), date_to=D(2023, 6, 20))),
    ({"from": "June 19", "story": ["Trade talks"]}, Filters(story="Trade talks")),
    ({"story": "<script>alert(1)</script>"}, Filters()),
])
def test_filters_from_query(params, expected):
    assert filters_from_query(params, choices=CHOICES) == expected


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(), {}),
    (Filters(sources=CHOICES.sources), {}),  # all sources = no parameter
    (Filters(sources=("BBC",), topics=("sanctions",)), {"source": ["BBC"], "topic": ["sanctions"]}),
    (Filters(date_from=D(2023, 6, 20), date_to=D(2023, 6, 20), story="Trade talks"),
     {"from": "2023-06-20", "story": "Trade talks"}),
])
def test_filters_to_query_and_back(filters, expected):
    params = filters_to_query(filters, choices=CHOICES)
    assert params == expected
    again = filters_from_query(params, choices=CHOICES)
    assert filters_to_query(again, choices=CHOICES) == params


@pytest.mark.parametrize(("filters", "expected_ids"), [
    (Filters(), ["000", "004", "bbc-1"]),
    (Filters(sources=("Source 004", "BBC")), ["004", "bbc-1"]),
    (Filters(story="Trade talks"), ["bbc-1"]),
    (Filters(date_from=D(2023, 6, 20)), ["bbc-1"]),
    (Filters(date_to=D(2023, 6, 19)), ["000", "004"]),
])
def test_kept_articles(filters, expected_ids):
    assert kept_articles(ARTICLES, filters)["article_id"].tolist() == expected_ids


def test_filter_tables_restricts_every_table():
    out = filter_tables(TABLES, Filters(sources=("Source 000", "BBC"), topics=("Taiwan",)))
    assert out["sentences"]["article_id"].tolist() == ["000", "bbc-1"]
    assert out["topics"][["article_id", "topic"]].values.tolist() == [["000", "Taiwan"],
                                                                       ["bbc-1", "Taiwan"]]
    assert out["sources"]["source"].tolist() == ["BBC", "Source 000"]
    assert out["source_topics"]["source"].tolist() == ["Source 000", "BBC"]
    assert out["reuse"].empty  # 004 is filtered out, so the pair 000-004 goes
    assert filter_tables(TABLES, Filters())["reuse"].shape[0] == 1


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(), False),
    (Filters(sources=("BBC",)), False),
    (Filters(date_from=D(2023, 6, 19), date_to=D(2023, 6, 20)), False),
    (Filters(date_from=D(2023, 6, 20)), True),
    (Filters(story="Trade talks"), True),
])
def test_dates_narrow(filters, expected):
    assert dates_narrow(filters, choices=CHOICES) is expected


@pytest.mark.parametrize(("argv", "expected"), [
    ([], None),
    (["--results", "results/run1"], "results/run1"),
    (["--other", "x", "--results=store.duckdb"], "store.duckdb"),
])
def test_results_path_from_argv(argv, expected):
    found = results_path_from_argv(argv)
    assert (str(found) if found else None) == expected


@pytest.mark.parametrize(("env", "address", "allowed"), [
    ({}, "", True),
    ({}, "localhost", True),
    ({}, "127.0.0.1", True),
    ({}, "0.0.0.0", False),
    ({"SLANT_SHARED": "1"}, "localhost", False),
    ({"SLANT_SHARED": "true"}, None, False),
    ({"SLANT_SHARED": "0"}, None, True),
])
def test_workspace_only_when_local(env, address, allowed):
    assert workspace_allowed(env=env, server_address=address) is allowed


def test_no_workspace_on_streamlit_community_cloud():
    assert not workspace_allowed(env={}, server_address="", repo_dir=Path("/mount/src/slant"))
    assert workspace_allowed(env={}, server_address="", repo_dir=Path("/home/me/slant"))


@pytest.mark.parametrize(("name", "expected"), [
    ("my corpus", "my-corpus"), ("../../etc/passwd", "etc-passwd"), ("", "corpus"),
])
def test_safe_name(name, expected):
    assert safe_name(name) == expected


def test_workspace_round_trip(tmp_path):
    save_corpus(ARTICLES, name="Blinken visit", root=tmp_path)
    assert saved_corpora(root=tmp_path) == ["Blinken-visit"]
    back = load_corpus("Blinken visit", root=tmp_path)
    assert back["article_id"].tolist() == ["000", "004", "bbc-1"]
    assert saved_corpora(root=tmp_path / "missing") == []


@pytest.mark.parametrize(("mapping", "expected"), [
    ({"Source 000": "CNBC", "Source 004": "The Print"}, ["CNBC", "The Print", "BBC"]),
    ({"Source 000": "Wire", "Source 004": "Wire"}, ["Wire", "Wire", "BBC"]),  # merge
    ({"Source 000": "  "}, ["Source 000", "Source 004", "BBC"]),  # blank keeps the name
])
def test_rename_sources(mapping, expected):
    assert rename_sources(ARTICLES, mapping=mapping)["source"].tolist() == expected
    assert ARTICLES["source"].tolist() == ["Source 000", "Source 004", "BBC"]  # not mutated


def test_source_summary():
    summary = source_summary(ARTICLES)
    assert summary.values.tolist() == [["BBC", 1, "bbc.csv"], ["Source 000", 1, "000.txt"],
                                       ["Source 004", 1, "004.txt"]]


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(), "all sources; all topics"),
    (Filters(sources=("BBC",), topics=("Taiwan", "sanctions"), date_from=D(2023, 6, 20),
             story="Trade talks"),
     "sources: BBC; topics: Taiwan, sanctions; published 2023-06-20 to …; story: Trade talks"),
])
def test_describe_filters(filters, expected):
    assert describe(filters) == expected


def test_file_status_per_file():
    analysed = pd.DataFrame({"article_id": ["000", "004", "bbc-1"], "removed": [0, 3, 0]})
    issues = pd.DataFrame({
        "file": ["bbc.csv", "broken.docx", "004.txt"],
        "location": ["row 3", None, None],
        "problem": ["empty text, row skipped", "unsupported file type .docx",
                    "converted from windows-1252"],
        "severity": ["warning", "error", "info"],
    })
    status = file_status(ARTICLES, articles=analysed, issues=issues)
    assert status.values.tolist() == [
        ["000.txt", 1, 0, 0, "read"],
        ["004.txt", 1, 3, 0, "cleaned"],
        ["bbc.csv", 1, 0, 1, "partly read"],
        ["broken.docx", 0, 0, 1, "skipped"],
    ]


def test_file_status_groups_jsonl_lines_and_json_items_under_their_file():
    """QA bug: articles from `feed.jsonl line 1` were listed as separate files and
    feed.jsonl itself as skipped, although two of its three lines were read."""
    corpus = pd.DataFrame({
        "article_id": ["j1", "j3", "k1"], "source": ["JSON Wire", "JSON Wire", "List Wire"],
        "origin": ["feed.jsonl line 1", "feed.jsonl line 3", "list.json item 1"],
    })
    issues = pd.DataFrame({
        "file": ["feed.jsonl"], "location": ["line 2"],
        "problem": ["malformed JSON line skipped (Unterminated string at column 45)"],
        "severity": ["error"],
    })
    status = file_status(corpus, articles=pd.DataFrame(), issues=issues)
    assert status.values.tolist() == [
        ["feed.jsonl", 2, 0, 1, "partly read"],
        ["list.json", 1, 0, 0, "read"],
    ]
    assert source_summary(corpus)["origins"].tolist() == ["feed.jsonl", "list.json"]


@pytest.mark.parametrize(("severities", "expected"), [
    (("error", "warning"), [
        ("error", "binary.txt: binary data, not text in any known encoding"),
        ("error", "feed.jsonl, line 2: malformed JSON line skipped"),
        ("warning", "empty.txt: empty file; no article"),
    ]),
    (("info",), [("info", "cp1252.txt: decoded as windows-1252")]),
])
def test_issue_lines(severities, expected):
    issues = pd.DataFrame({
        "file": ["empty.txt", "feed.jsonl", "binary.txt", "cp1252.txt"],
        "location": [None, "line 2", None, None],
        "problem": ["empty file; no article", "malformed JSON line skipped",
                    "binary data, not text in any known encoding", "decoded as windows-1252"],
        "severity": ["warning", "error", "error", "info"],
    })
    assert issue_lines(issues, severities=severities) == expected
    assert issue_lines(pd.DataFrame(), severities=severities) == []


@pytest.mark.parametrize(("names", "expected"), [
    # QA bug: the name was cut at 80 characters, mid-name ("…, notext.csv, report.do").
    (["binary.txt", "cp1252.txt", "empty.txt", "feed.jsonl", "german.txt", "notext.csv",
      "report.docx", "xss.txt"],
     "binary.txt, cp1252.txt, empty.txt, feed.jsonl, german.txt and 3 more files"),
    (["reuters.csv"], "reuters.csv"),
    (["bbc.txt", "xinhua.txt"], "bbc.txt, xinhua.txt"),
    ([], "Uploaded files"),
])
def test_corpus_name(names, expected):
    assert corpus_name(names) == expected


def test_issues_survive_adding_articles():
    """QA bug: adding a pasted article (or more files) to a corpus dropped the earlier
    load problems from File status ("nothing loaded is silently dropped")."""
    from analysis import readers
    from ui.loading import issues_from_frame

    earlier = readers.read_upload("empty.txt", b"")
    frame = earlier.issues_frame()
    assert issues_from_frame(frame) == earlier.issues
    pasted = readers.read_pasted("Blinken met Xi in Beijing on Monday. The talks were candid.",
                                 source="Pasted", title=None)
    combined = readers.combine([
        readers.LoadResult(articles=pasted.articles, issues=issues_from_frame(frame)), pasted])
    assert ("empty.txt", "warning") in {(i.file, i.severity) for i in combined.issues}
    assert issues_from_frame(None) == [] and issues_from_frame(pd.DataFrame()) == []


def test_results_notes_travel_with_the_tables(sample_corpus):
    """Notes such as "Syndicated copies counted once: …" reach the pages as a table."""
    from analysis import pipeline
    from ui.cache import NOTES_TABLE, results_to_tables

    results = pipeline.Results(**{**pipeline.analyze(sample_corpus).tables(),
                                  "notes": ["Sentences limited: 10 of 49 shown."]})
    tables = results_to_tables(results)
    assert list(tables[NOTES_TABLE]["note"]) == ["Sentences limited: 10 of 49 shown."]
    assert len(tables["sentences"]) == 49
