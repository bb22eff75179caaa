"""Parsers behind `readers`: one file format each, bytes in, raw records out.

Each parser returns records with the user's own column names plus `_location` (row, line
or item, for messages) and a list of `(location, problem, severity)` for what it could not
read. `article_columns.to_articles` then maps the columns onto Slant's article schema.
"""

import io
import json
import re
import warnings
from pathlib import Path

import pandas as pd

from analysis.encoding import DecodeError, decode_bytes, decoding_note

TEXT_EXTENSIONS = frozenset({".txt", ".md", ".markdown", ".text"})
TABLE_EXTENSIONS = frozenset({".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".parquet"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
LOCATION = "_location"
FILE = "_file"  # set on records batched from many one-article files
ENCODING = "_encoding"  # codec of a one-article record's file; readers pop it into a note
# Keys under which JSON exports (NewsAPI, GDELT, Media Cloud, scrapers) nest their list.
JSON_LIST_KEYS = ("articles", "data", "items", "records", "results", "documents", "docs", "stories")
# HTML pages are bigger than their text (scripts, styles); this refuses only absurd ones.
MAX_HTML_BYTES = 50 * 1024 * 1024
CSV_SEPARATORS = (";", "\t", "|")
_BAD_LINE = re.compile(r"Skipping line (\d+): ([^\n]+)")

RowIssue = tuple[str | None, str, str]


class FormatError(ValueError):
    """The whole file cannot be read; the message says why (without the file name)."""


def decode(name: str, data: bytes) -> str:
    """Text of `data`, or FormatError for binary data."""
    return decode_with_encoding(name, data)[0]


def decode_with_encoding(name: str, data: bytes) -> tuple[str, str]:
    """(text, codec name) of `data`, or FormatError for binary data."""
    try:
        return decode_bytes(data, name=name)
    except DecodeError as exc:
        raise FormatError(str(exc).removeprefix(f"{name}: ")) from exc


def parse_text(text: str, *, stem: str, title: str | None = None) -> dict[str, object]:
    """One article from a .txt/.md file or pasted text; a headline first line is the title."""
    from analysis.clean import normalise_whitespace
    from analysis.sentences import split_title

    text = text.removeprefix("\ufeff")
    if not title:
        title, _ = split_title(normalise_whitespace(text[:5000]))
    return {"article_id": stem, "source": stem, "text": text, "title": title, LOCATION: None}


def parse_html(name: str, data: bytes, *, stem: str) -> dict[str, object]:
    """One article from an HTML page: main text, title, site name and date via trafilatura."""
    try:
        import trafilatura
    except ImportError as exc:  # trafilatura's justext needs lxml_html_clean with lxml >= 5.2
        raise FormatError(
            f"reading HTML needs trafilatura and lxml_html_clean ({exc}); run "
            "pip install -r requirements.txt"
        ) from exc

    if len(data) > MAX_HTML_BYTES:
        raise FormatError(
            f"HTML page of {len(data) / 1e6:,.0f} MB is larger than the "
            f"{MAX_HTML_BYTES / 1e6:,.0f} MB limit; not read"
        )
    html, encoding = decode_with_encoding(name, data)
    document = trafilatura.bare_extraction(html, with_metadata=True)
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise FormatError("no article text found in this HTML page")
    return {
        "article_id": stem,
        "source": getattr(document, "sitename", None)
        or getattr(document, "hostname", None)
        or stem,
        "text": text.replace("\n", "\n\n"),  # trafilatura puts one block per line
        "title": getattr(document, "title", None),
        "url": getattr(document, "url", None),
        "published": getattr(document, "date", None),
        LOCATION: None,
        ENCODING: encoding,
    }


def parse_table(name: str, data: bytes, *, suffix: str) -> tuple[pd.DataFrame, list[RowIssue]]:
    """Records of a CSV/TSV/JSON/JSON Lines/Parquet file, with their locations."""
    if suffix == ".parquet":
        return _parse_parquet(data), []
    text, encoding = decode_with_encoding(name, data)
    frame, issues = _parse_decoded(text, data=data, encoding=encoding, suffix=suffix)
    note = decoding_note(encoding)
    return frame, ([(None, note, "info")] if note else []) + issues


def _parse_decoded(
    text: str, *, data: bytes, encoding: str, suffix: str
) -> tuple[pd.DataFrame, list[RowIssue]]:
    """Records of a decoded CSV/TSV/JSON/JSON Lines file."""
    if suffix in (".csv", ".tsv"):
        # UTF-8 bytes go to pandas' C parser as they are (no 2nd copy of a 50 MB text)
        source = io.BytesIO(data) if encoding in ("utf-8", "utf-8-sig") else io.StringIO(text)
        line_end = text.find("\n")
        header = text if line_end < 0 else text[:line_end]
        sep = "\t" if suffix == ".tsv" else csv_separator(header)
        return _parse_csv(source, sep=sep)
    if suffix == ".json":
        return _parse_json(text)
    return _parse_json_lines(text)


def csv_separator(header: str) -> str:
    """ "," unless the header line has none and has one of CSV_SEPARATORS (Excel in many
    European locales writes ";")."""
    if "," in header:
        return ","
    counts = {sep: header.count(sep) for sep in CSV_SEPARATORS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _parse_parquet(data: bytes) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises many types for corrupt files
        raise FormatError(f"not a readable Parquet file ({type(exc).__name__}: {exc})") from exc
    frame[LOCATION] = [f"row {n}" for n in range(1, len(frame) + 1)]
    return frame


def _parse_csv(
    source: io.StringIO | io.BytesIO, *, sep: str
) -> tuple[pd.DataFrame, list[RowIssue]]:
    """CSV with a header row; malformed lines are skipped and reported by line number."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            frame = pd.read_csv(
                source,
                encoding="utf-8-sig" if isinstance(source, io.BytesIO) else None,
                sep=sep,
                dtype=str,
                keep_default_na=False,
                on_bad_lines="warn",
            )
        except pd.errors.EmptyDataError as exc:
            raise FormatError("no header row or data; no article") from exc
        except (pd.errors.ParserError, ValueError) as exc:
            raise FormatError(f"not a readable CSV file ({exc})") from exc
    issues: list[RowIssue] = []
    for warning in caught:
        for line, problem in _BAD_LINE.findall(str(warning.message)):
            issues.append(
                (f"line {line}", f"malformed CSV line skipped ({problem.strip()})", "error")
            )
    frame[LOCATION] = [f"row {n}" for n in range(1, len(frame) + 1)]
    if frame.empty:
        issues.append((None, "header only, no rows; no article", "warning"))
    return frame, issues


def _parse_json(text: str) -> tuple[pd.DataFrame, list[RowIssue]]:
    """A JSON list of objects, an object holding such a list, or one object. A file of
    one object per line is read as JSON Lines."""
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        if text.lstrip().startswith("{") and "\n" in text.strip():
            return _parse_json_lines(text)
        raise FormatError(f"not valid JSON ({exc})") from exc
    if isinstance(payload, dict):
        nested = next(
            (payload[k] for k in JSON_LIST_KEYS if isinstance(payload.get(k), list)), None
        )
        payload = nested if nested is not None else [payload]
    if not isinstance(payload, list):
        raise FormatError("JSON holds neither a list of articles nor an article object")
    return _records(((f"item {n}", item) for n, item in enumerate(payload, start=1)))


def _parse_json_lines(text: str) -> tuple[pd.DataFrame, list[RowIssue]]:
    """One JSON object per line; a malformed line is reported and skipped."""
    items, issues = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append((f"line {number}", json.loads(line)))
        except json.JSONDecodeError as exc:
            issues.append(
                (
                    f"line {number}",
                    f"malformed JSON line skipped ({exc.msg} at column {exc.colno})",
                    "error",
                )
            )
    frame, more = _records(items)
    return frame, issues + more


def _records(items) -> tuple[pd.DataFrame, list[RowIssue]]:
    """Objects -> DataFrame; non-objects are reported; nested {"name": ...} values flattened."""
    rows, issues = [], []
    for location, item in items:
        if not isinstance(item, dict):
            issues.append(
                (location, f"not an article object ({type(item).__name__}); skipped", "error")
            )
            continue
        row = {key: _flat(value) for key, value in item.items()}
        row[LOCATION] = location
        rows.append(row)
    if not rows:
        if not issues:
            issues.append((None, "no articles in this file", "warning"))
        return pd.DataFrame(), issues
    return pd.DataFrame.from_records(rows), issues


def _flat(value: object) -> object:
    """A nested object becomes its name (NewsAPI's "source": {"id":..., "name":...})."""
    if isinstance(value, dict):
        for key in ("name", "title", "id", "url"):
            if value.get(key):
                return value[key]
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "; ".join(str(_flat(v)) for v in value)
    return value


def file_stem(name: str) -> str:
    """The file name without folders and extension: the default article id and source."""
    return Path(name).stem


MANIFEST_FIELDS = ("source", "title", "url", "published", "story", "article_id")


def parse_manifest(name: str, data: bytes) -> tuple[dict[str, dict[str, str]], list[RowIssue]]:
    """manifest.csv: file name -> its non-empty MANIFEST_FIELDS values."""
    try:
        frame, issues = _parse_csv(io.StringIO(decode(name, data)), sep=",")
    except FormatError as exc:
        return {}, [(None, f"manifest not read: {exc}", "error")]
    lowered = {str(column).strip().lower(): column for column in frame.columns}
    if "file" not in lowered:
        return {}, [(None, "manifest has no 'file' column; ignored", "error")]
    keep = [field for field in MANIFEST_FIELDS if field in lowered]
    manifest = {}
    for row in frame.to_dict(orient="records"):
        values = {field: row[lowered[field]].strip() for field in keep}
        manifest[row[lowered["file"]].strip()] = {k: v for k, v in values.items() if v}
    return manifest, issues
