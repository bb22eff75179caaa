"""Reading articles from real files in every supported format, and every kind of bad input:
each gives a LoadIssue naming the file (and row or line), the other articles are still read,
and nothing raises."""

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from analysis import readers
from analysis.readers import (
    ARTICLE_COLUMNS,
    LoadResult,
    combine,
    load_sample,
    read_pasted,
    read_paths,
    read_upload,
)

BLINKEN = (
    "Blinken met Xi in Beijing on Monday, and the two sides said they would keep talking "
    "about the issues that divide them."
)
WANG = "Wang Yi told Blinken that the United States must stop hyping the so-called China threat."
GERMAN = (
    "Der US-Außenminister hat am Montag in Peking den chinesischen Staatschef getroffen. "
    "Beide Seiten wollen im Gespräch bleiben, hieß es nach dem Treffen."
)


def problems(result: LoadResult) -> list[tuple[str, str | None, str]]:
    """(file, location, severity) of every issue, for compact assertions."""
    return [(i.file, i.location, i.severity) for i in result.issues]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


# --- the built-in sample -----------------------------------------------------------------


def test_load_sample(seed_000_text: str) -> None:
    result = load_sample()
    articles = result.articles
    assert result.issues == []
    assert list(articles.columns) == list(ARTICLE_COLUMNS)
    assert articles["article_id"].tolist() == ["000_bbf5bfafb942b6c3", "004_d19ef8a8fb16cabf"]
    assert articles["source"].tolist() == ["Source 000", "Source 004"]
    assert articles["title"].tolist() == [
        "Blinken Meets with China’s Xi Jinping in Beijing in Effort to Cool Tensions",
        None,
    ]
    assert articles["published"].tolist() == [pd.Timestamp("2023-06-19")] * 2
    assert set(articles["story"]) == {"Blinken meets Xi in Beijing (June 2023)"}
    assert articles["origin"].tolist() == [
        "sample/000_bbf5bfafb942b6c3.txt",
        "sample/004_d19ef8a8fb16cabf.txt",
    ]
    assert articles["text"].iloc[0] == seed_000_text  # raw, before cleaning


# --- folders of text files ---------------------------------------------------------------


def test_folder_without_manifest_uses_file_names(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "reuters-1.txt").write_text(f"Blinken lands in Beijing\n\n{BLINKEN}\n", "utf-8")
    (folder / "notes.md").write_text(WANG, "utf-8")
    result = read_paths([folder])
    articles = result.articles.set_index("article_id")
    assert sorted(articles.index) == ["notes", "reuters-1"]
    assert articles.loc["reuters-1", "source"] == "reuters-1"
    assert articles.loc["reuters-1", "title"] == "Blinken lands in Beijing"
    assert articles.loc["notes", "title"] is None
    assert articles.loc["notes", "origin"] == "corpus/notes.md"
    assert pd.isna(articles.loc["notes", "published"])
    assert result.issues == []


def test_manifest_labels_files_and_reports_missing_ones(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BLINKEN, "utf-8")
    write_csv(
        tmp_path / "manifest.csv",
        [
            ["file", "source", "title", "url", "published", "story"],
            [
                "a.txt",
                "Reuters",
                "Talks in Beijing",
                "https://example.com/a",
                "2023-06-19T08:30:00Z",
                "Blinken in Beijing",
            ],
            ["gone.txt", "AP", "", "", "", ""],
        ],
    )
    result = read_paths([tmp_path])
    row = result.articles.iloc[0]
    assert (row["source"], row["title"], row["url"], row["story"]) == (
        "Reuters",
        "Talks in Beijing",
        "https://example.com/a",
        "Blinken in Beijing",
    )
    assert row["published"] == pd.Timestamp("2023-06-19 08:30:00")
    assert problems(result) == [(f"{tmp_path.name}/manifest.csv", "file gone.txt", "error")]


# --- tables -------------------------------------------------------------------------------


def test_csv_with_alias_columns_and_bad_rows(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "news.csv",
        [
            ["id", "outlet", "headline", "content", "publishedAt", "link"],
            ["n1", "BBC", "Talks", BLINKEN, "2023-06-19", "https://bbc.example/1"],
            ["n2", "CNN", "Empty", "", "2023-06-19", ""],
            ["n3", "", "No outlet", WANG, "19 June 2023", ""],
            ["n4", "DW", "Bad date", WANG, "next Tuesday-ish", ""],
        ],
    )
    result = read_paths([path])
    articles = result.articles
    assert articles["article_id"].tolist() == ["n1", "n3", "n4"]
    assert articles["source"].tolist() == ["BBC", "news", "DW"]  # empty outlet -> file stem
    assert articles["published"].tolist()[:2] == [pd.Timestamp("2023-06-19")] * 2
    assert pd.isna(articles["published"].iloc[2])
    assert articles["origin"].tolist() == [f"{path} row {n}" for n in (1, 3, 4)]
    assert problems(result) == [
        (str(path), "row 2", "warning"),  # empty text
        (str(path), "row 4", "warning"),  # date not understood
    ]
    assert "empty text" in result.issues[0].problem


def test_csv_without_text_column_and_other_files_still_read(tmp_path: Path) -> None:
    bad = write_csv(tmp_path / "scores.csv", [["outlet", "score"], ["BBC", "0.4"]])
    good = tmp_path / "good.txt"
    good.write_text(BLINKEN, "utf-8")
    result = read_paths([bad, good])
    assert result.articles["article_id"].tolist() == ["good"]
    (issue,) = result.issues
    assert (issue.file, issue.severity) == (str(bad), "error")
    assert "scores.csv has no column with the article text" in issue.problem
    assert 'Columns found: "outlet", "score"' in issue.problem


def test_user_named_columns(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "export.csv", [["paper", "words", "body"], ["Le Monde", BLINKEN, "ignored body"]]
    )
    result = read_paths([path], columns={"text": "words", "source": "paper"})
    assert result.articles[["source", "text"]].values.tolist() == [["Le Monde", BLINKEN]]
    wrong = read_paths([path], columns={"text": "no_such_column"})
    assert wrong.articles["text"].tolist() == ["ignored body"]  # falls back to matching
    assert "no_such_column" in wrong.issues[0].problem


def test_malformed_csv_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text(f'source,text\nBBC,"{BLINKEN}"\nCNN,a,b,c\nDW,"{WANG}"\n', "utf-8")
    result = read_paths([path])
    assert result.articles["source"].tolist() == ["BBC", "DW"]
    assert problems(result) == [(str(path), "line 3", "error")]
    assert "expected 2 fields, saw 4" in result.issues[0].problem


def test_tsv(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv"
    path.write_text(f"media_name\tbody\nAP\t{BLINKEN}\n", "utf-8")
    assert read_paths([path]).articles["source"].tolist() == ["AP"]


@pytest.mark.parametrize(
    "payload",
    [
        [{"outlet": "BBC", "text": BLINKEN}, {"outlet": "AP", "text": WANG}],
        {
            "status": "ok",
            "articles": [
                {"source": {"id": None, "name": "BBC"}, "content": BLINKEN},
                {"source": {"id": "ap", "name": "AP"}, "content": WANG},
            ],
        },
    ],
)
def test_json_list_and_newsapi_shape(tmp_path: Path, payload: object) -> None:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(payload), "utf-8")
    result = read_paths([path])
    assert result.articles["source"].tolist() == ["BBC", "AP"]
    assert result.articles["article_id"].tolist() == ["feed:1", "feed:2"]


def test_json_lines_with_malformed_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"source": "BBC", "text": BLINKEN}),
        '{"source": "AP", "text": ',
        "",
        json.dumps({"source": "DW", "text": WANG}),
        "[1, 2]",
    ]
    path.write_text("\n".join(lines), "utf-8")
    result = read_paths([path])
    assert result.articles["source"].tolist() == ["BBC", "DW"]
    assert result.articles["origin"].tolist() == [f"{path} line 1", f"{path} line 4"]
    assert problems(result) == [(str(path), "line 2", "error"), (str(path), "line 5", "error")]


def test_invalid_json_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('[{"text": "unterminated', "utf-8")
    result = read_paths([path])
    assert result.articles.empty
    assert problems(result) == [(str(path), None, "error")]
    assert "not valid JSON" in result.issues[0].problem


def test_parquet(tmp_path: Path) -> None:
    path = tmp_path / "corpus.parquet"
    pd.DataFrame(
        {
            "doc_id": [7, 8],
            "publisher": ["BBC", "AP"],
            "full_text": [BLINKEN, WANG],
            "date": pd.to_datetime(["2023-06-19", "2023-06-20"]),
        }
    ).to_parquet(path)
    articles = read_paths([path]).articles
    assert articles["article_id"].tolist() == ["7", "8"]
    assert articles["published"].tolist() == [
        pd.Timestamp("2023-06-19"),
        pd.Timestamp("2023-06-20"),
    ]


def test_html_page_with_trafilatura(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Blinken meets Xi | Example News</title>"
        '<meta property="og:site_name" content="Example News"></head><body>'
        "<nav>Home | World | Sign in</nav><article><h1>Blinken meets Xi</h1>"
        f"<p>{BLINKEN}</p><p>{WANG}</p></article><footer>© Example News</footer></body></html>",
        "utf-8",
    )
    result = read_paths([path])
    row = result.articles.iloc[0]
    assert (row["source"], row["title"]) == ("Example News", "Blinken meets Xi")
    assert BLINKEN in row["text"] and WANG in row["text"]
    assert "Sign in" not in row["text"]


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "severity", "message"),
    [
        ("empty.txt", b"", "warning", "empty file"),
        ("blank.csv", b"\n\n  \n", "warning", "empty file"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "error", "PNG"),
        ("noise.txt", bytes(range(32)) * 100, "error", "binary"),
        ("report.docx", b"PK\x03\x04 whatever", "error", "unknown file type '.docx'"),
        ("README", b"no extension", "error", "unknown file type '(none)'"),
        ("broken.parquet", b"PAR1 not really parquet", "error", "Parquet"),
        ("header.csv", b"source,text\n", "warning", "header only"),
    ],
)
def test_bad_files_give_a_clear_issue(
    tmp_path: Path, name: str, data: bytes, severity: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(BLINKEN, "utf-8")
    result = read_paths([path, good])
    assert result.articles["article_id"].tolist() == ["good"]
    (issue,) = result.issues
    assert (issue.file, issue.severity) == (str(path), severity)
    assert message in issue.problem


def test_missing_path(tmp_path: Path) -> None:
    result = read_paths([tmp_path / "nowhere.csv"])
    assert result.articles.empty and problems(result)[0][2] == "error"


def test_non_english_is_kept_and_flagged(tmp_path: Path) -> None:
    (tmp_path / "de.txt").write_text(GERMAN, "utf-8")
    (tmp_path / "en.txt").write_text(BLINKEN, "utf-8")
    result = read_paths([tmp_path])
    assert result.articles["article_id"].tolist() == ["de", "en"]
    (issue,) = result.issues
    assert (issue.file, issue.severity) == (f"{tmp_path.name}/de.txt", "warning")
    assert "does not look English" in issue.problem and "VADER" in issue.problem


def test_huge_single_text_file_is_refused(tmp_path: Path) -> None:
    """One .txt of ~6 MB is no news article: refused with a hint, nothing else is lost."""
    (tmp_path / "book.txt").write_text((BLINKEN + " ") * 50_000, "utf-8")
    (tmp_path / "good.txt").write_text(BLINKEN, "utf-8")
    result = read_paths([tmp_path])
    assert result.articles["article_id"].tolist() == ["good"]
    (issue,) = result.issues
    assert issue.severity == "error" and "far longer than any news article" in issue.problem
    assert "one per file" in issue.problem


def test_over_the_file_size_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1_000)
    path = write_csv(tmp_path / "big.csv", [["text"]] + [[BLINKEN]] * 20)
    result = read_paths([path])
    assert result.articles.empty
    assert "larger than the" in result.issues[0].problem


def test_fifty_megabyte_csv_is_read(tmp_path: Path, seed_004_text: str) -> None:
    """A 50 MB CSV of many articles (the seed 004 text ~7,600 times) is read in full."""
    path = tmp_path / "big.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "outlet", "content", "date"])
    n_rows = 50_000_000 // len(seed_004_text) + 1
    writer.writerows([n, f"Outlet {n % 7}", seed_004_text, "2023-06-19"] for n in range(n_rows))
    path.write_text(buffer.getvalue(), "utf-8")
    assert path.stat().st_size > 50_000_000
    result = read_paths([path])
    assert len(result.articles) == n_rows
    assert result.issues == []
    assert result.articles["text"].iloc[-1] == seed_004_text


@pytest.mark.parametrize(
    ("codec", "note"),
    [
        ("utf-8", None),
        ("utf-8-sig", None),
        ("utf-16", "decoded as UTF-16"),
        ("cp1252", "decoded as Windows-1252"),
    ],
)
def test_text_file_encodings(tmp_path: Path, codec: str, note: str | None) -> None:
    text = "Blinken “underscored” the talks’ importance — and Xi agreed.\n\nThe café was full."
    (tmp_path / "a.txt").write_bytes(text.encode(codec))
    result = read_paths([tmp_path / "a.txt"])
    assert result.articles["text"].iloc[0] == text
    expected = [] if note is None else [(str(tmp_path / "a.txt"), None, "info")]
    assert [(i.file, i.location, i.severity) for i in result.issues] == expected
    if note:  # what was converted is shown
        assert result.issues[0].problem.startswith(note)


def test_html_page_in_windows_1252_gets_a_note() -> None:
    page = (
        "<html><head><title>Blinken in Beijing</title></head><body><article><p>"
        f"{BLINKEN} The café talks were “candid”.</p></article></body></html>"
    )
    result = read_upload("page.html", page.encode("cp1252"))
    assert "café" in result.articles["text"].iloc[0]
    assert [(i.file, i.severity) for i in result.issues] == [("page.html", "info")]
    assert result.issues[0].problem.startswith("decoded as Windows-1252")


def test_csv_in_utf16_and_windows_1252(tmp_path: Path) -> None:
    table = f'source,text\nLe Monde,"Blinken “underscored” the café talks. {BLINKEN}"\n'
    for codec, name in (("utf-16", "UTF-16"), ("cp1252", "Windows-1252")):
        result = read_upload(f"t-{codec}.csv", table.encode(codec))
        assert result.articles["text"].iloc[0].startswith("Blinken “underscored” the café")
        (note,) = result.issues
        assert (note.file, note.location, note.severity) == (f"t-{codec}.csv", None, "info")
        assert note.problem.startswith(f"decoded as {name} (not UTF-8)")


def test_legacy_table_without_articles_keeps_its_warning() -> None:
    result = read_upload("empty.csv", "source,text,Résumé\n".encode("cp1252"))
    assert result.articles.empty
    assert [i.severity for i in result.issues] == ["info", "warning"]


# --- uploads, pasted text, combining --------------------------------------------------------


def test_read_upload_matches_read_paths(tmp_path: Path) -> None:
    data = f"outlet,text\nBBC,{BLINKEN}\n".encode()
    (tmp_path / "up.csv").write_bytes(data)
    uploaded = read_upload("up.csv", data)
    from_disk = read_paths([tmp_path / "up.csv"])
    assert uploaded.articles.drop(columns="origin").equals(
        from_disk.articles.drop(columns="origin")
    )
    assert uploaded.articles["origin"].iloc[0] == "up.csv row 1"


def test_read_upload_of_unknown_type_does_not_raise() -> None:
    result = read_upload("slides.pptx", b"PK\x03\x04...")
    assert result.articles.empty and result.issues[0].file == "slides.pptx"


def test_read_pasted() -> None:
    result = read_pasted(f"Talks resume\n\n{BLINKEN}", source=" My notes ")
    row = result.articles.iloc[0]
    assert (row["article_id"], row["source"], row["title"]) == (
        "pasted",
        "My notes",
        "Talks resume",
    )
    assert read_pasted(BLINKEN, source="", title="Given").articles["title"].iloc[0] == "Given"
    assert read_pasted(BLINKEN, source="").articles["source"].iloc[0] == "Pasted"
    empty = read_pasted("   ", source="Me")
    assert empty.articles.empty and empty.issues[0].severity == "warning"


def test_combine_makes_ids_unique() -> None:
    one = read_pasted(BLINKEN, source="A")
    combined = combine([one, one, read_pasted(WANG, source="B"), LoadResult()])
    assert combined.articles["article_id"].tolist() == ["pasted", "pasted-2", "pasted-3"]
    assert [i.severity for i in combined.issues] == ["info", "info"]
    assert "renamed to 'pasted-2'" in combined.issues[0].problem


def test_combine_of_nothing_has_the_schema() -> None:
    combined = combine([])
    assert combined.articles.empty and list(combined.articles.columns) == list(ARTICLE_COLUMNS)
    assert list(combined.issues_frame().columns) == ["file", "location", "problem", "severity"]
