"""Column matching and row normalisation behind readers (analysis/article_columns.py)."""

import pandas as pd
import pytest

from analysis.article_columns import (
    ARTICLE_COLUMNS,
    match_columns,
    no_text_column_problem,
    normalise_column,
    parse_published,
    to_articles,
)
from analysis.formats import LOCATION

TEXT = "Blinken met Xi in Beijing on Monday, and the two sides said they would keep talking."


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Published At", "published_at"),
        ("publishedAt", "publishedat"),
        (" media-name ", "media_name"),
        ("TEXT", "text"),
    ],
)
def test_normalise_column(name: str, expected: str) -> None:
    assert normalise_column(name) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (
            ["content", "outlet", "headline"],
            {"text": "content", "source": "outlet", "title": "headline"},
        ),
        (
            ["Body", "Media Name", "publishedAt", "Link"],
            {"text": "Body", "source": "Media Name", "published": "publishedAt", "url": "Link"},
        ),
        (
            ["stories_id", "media_name", "title", "url", "publish_date", "text"],  # Media Cloud
            {
                "article_id": "stories_id",
                "source": "media_name",
                "title": "title",
                "url": "url",
                "published": "publish_date",
                "text": "text",
            },
        ),
        (["text", "content"], {"text": "text"}),  # first alias wins, the other is unused
        (["score", "outlet"], {"source": "outlet"}),
    ],
)
def test_match_columns_by_alias(names: list[str], expected: dict[str, str]) -> None:
    assert match_columns(names, columns=None) == (expected, [])


def test_user_columns_win_and_bad_ones_are_reported() -> None:
    chosen, issues = match_columns(
        ["body", "words", "paper"], columns={"text": "words", "source": "paper", "tone": "x"}
    )
    assert chosen == {"text": "words", "source": "paper"}
    assert len(issues) == 1 and "'tone'" in issues[0][1]


@pytest.mark.parametrize(
    ("values", "expected", "failed"),
    [
        (
            ["2023-06-19", "2023-06-19T08:30:00+02:00", ""],
            [pd.Timestamp("2023-06-19"), pd.Timestamp("2023-06-19 06:30"), pd.NaT],
            [False, False, False],
        ),
        (
            ["19 June 2023", "Jun 19, 2023 4:30 PM", "soon"],
            [pd.Timestamp("2023-06-19"), pd.Timestamp("2023-06-19 16:30"), pd.NaT],
            [False, False, True],
        ),
    ],
)
def test_parse_published(values: list[str], expected: list, failed: list[bool]) -> None:
    parsed, bad = parse_published(pd.Series(values))
    assert parsed.tolist()[:2] == expected[:2] and pd.isna(parsed.iloc[2])
    assert bad.tolist() == failed


def test_to_articles_defaults_and_skips() -> None:
    frame = pd.DataFrame(
        {"body": [TEXT, "  ", TEXT], "id": ["a", "b", ""], LOCATION: ["row 1", "row 2", "row 3"]}
    )
    articles, issues = to_articles(
        frame, file="f.csv", stem="f", columns=None, max_chars=1_000, max_listed=20
    )
    assert list(articles.columns) == list(ARTICLE_COLUMNS)
    assert articles["article_id"].tolist() == ["a", "f:3"]
    assert articles["source"].tolist() == ["f", "f"]
    assert issues == [("f.csv", "row 2", "empty text; skipped", "warning")]


def test_row_issues_are_capped_with_a_summary() -> None:
    frame = pd.DataFrame({"text": [""] * 25, LOCATION: [f"row {n}" for n in range(1, 26)]})
    articles, issues = to_articles(
        frame, file="f.csv", stem="f", columns=None, max_chars=1_000, max_listed=20
    )
    assert articles.empty and len(issues) == 21
    assert issues[-1] == ("f.csv", None, "empty text; skipped: 5 more like this", "warning")


@pytest.mark.parametrize(
    ("file", "found", "expected"),
    [
        ("exports/scores.csv", ["outlet", "score"], 'Columns found: "outlet", "score".'),
        ("empty.json", [], "Columns found: none."),
        ("Le Monde.tsv", ["Titre", "Corps"], "Le Monde.tsv has no column with the article text"),
    ],
)
def test_no_text_column_problem_speaks_to_any_user(file: str, found: list, expected: str) -> None:
    problem = no_text_column_problem(file=file, found=found)
    assert expected in problem
    assert "text, content, body, article" in problem  # the names read as text
    assert 'Rename the column that holds the article text to "text"' in problem
    assert "--text-col" in problem  # the command-line way
    assert "columns={" not in problem and "{'" not in problem  # no Python hint


def test_table_without_text_column_reports_file_and_columns() -> None:
    frame = pd.DataFrame({"outlet": ["BBC"], "score": ["0.4"], LOCATION: ["row 1"]})
    articles, issues = to_articles(
        frame, file="data/scores.csv", stem="scores", columns=None, max_chars=1000, max_listed=5
    )
    assert articles.empty
    ((file, location, problem, severity),) = issues
    assert (file, location, severity) == ("data/scores.csv", None, "error")
    assert problem.startswith("scores.csv has no column with the article text")
    assert 'Columns found: "outlet", "score"' in problem and "columns={" not in problem
