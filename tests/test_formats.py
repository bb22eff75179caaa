"""File-format parsers behind readers (analysis/formats.py)."""

import json

import pytest

from analysis.formats import (
    LOCATION,
    FormatError,
    csv_separator,
    parse_manifest,
    parse_table,
    parse_text,
)

TEXT = "Blinken met Xi in Beijing on Monday, and the two sides said they would keep talking."


@pytest.mark.parametrize(
    ("payload", "locations"),
    [
        ([{"text": TEXT}, {"text": TEXT}], ["item 1", "item 2"]),
        ({"data": [{"text": TEXT}]}, ["item 1"]),
        ({"text": TEXT, "source": "BBC"}, ["item 1"]),  # a single article object
    ],
)
def test_json_shapes(payload: object, locations: list[str]) -> None:
    frame, issues = parse_table("a.json", json.dumps(payload).encode(), suffix=".json")
    assert frame[LOCATION].tolist() == locations and issues == []


def test_json_lines_saved_as_json_are_read_as_lines() -> None:
    data = "\n".join(json.dumps({"text": TEXT, "n": n}) for n in range(3)).encode()
    frame, issues = parse_table("a.json", data, suffix=".json")
    assert frame["n"].tolist() == [0, 1, 2] and issues == []


def test_json_items_that_are_not_objects() -> None:
    frame, issues = parse_table(
        "a.json", json.dumps([{"text": TEXT}, "oops", 3]).encode(), suffix=".json"
    )
    assert len(frame) == 1
    assert [(loc, sev) for loc, _, sev in issues] == [("item 2", "error"), ("item 3", "error")]


def test_json_scalar_is_refused() -> None:
    with pytest.raises(FormatError, match="neither a list"):
        parse_table("a.json", b"42", suffix=".json")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (f"China, US agree to talk\n\n{TEXT}", "China, US agree to talk"),
        (f"\ufeff{TEXT}", None),
        (f"China\u00a0and US agree\r\n\r\n{TEXT}", "China and US agree"),
        (f"# China and US agree\n\n{TEXT}", "China and US agree"),  # Markdown heading
    ],
)
def test_parse_text_title(text: str, title: str | None) -> None:
    record = parse_text(text, stem="a")
    assert record["title"] == title and not record["text"].startswith("\ufeff")


def test_manifest() -> None:
    data = b"file,source,title\na.txt,Reuters,\nb.txt,,Given title\n"
    manifest, issues = parse_manifest("manifest.csv", data)
    assert manifest == {"a.txt": {"source": "Reuters"}, "b.txt": {"title": "Given title"}}
    assert issues == []
    assert parse_manifest("manifest.csv", b"name,source\na.txt,X\n")[1][0][2] == "error"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("source,text", ","),
        ("source;text;date", ";"),
        ("source|text", "|"),
        ("text", ","),
        ("source;title,with comma", ","),
    ],
)
def test_csv_separator(header: str, expected: str) -> None:
    assert csv_separator(header) == expected


def test_semicolon_csv_from_excel() -> None:
    data = f"Quelle;Text;Datum\nLe Monde;{TEXT};19.06.2023\n".encode("cp1252")
    frame, issues = parse_table("export.csv", data, suffix=".csv")
    assert frame["Text"].tolist() == [TEXT] and issues == []
