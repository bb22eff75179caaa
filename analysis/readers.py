"""Files, uploads and pasted text -> a corpus of articles (`LoadResult`).

Nothing here raises on bad input: every file, row or line that cannot be read becomes a
`LoadIssue` naming it and the problem, and every other article is still read.
Formats (by extension): .txt/.md (one article per file, optional manifest.csv in the
folder), .csv/.tsv, .json/.jsonl/.ndjson, .parquet, .html/.htm (trafilatura).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from analysis.article_columns import ARTICLE_COLUMNS, to_articles
from analysis.encoding import decoding_note
from analysis.formats import (
    ENCODING,
    FILE,
    HTML_EXTENSIONS,
    TABLE_EXTENSIONS,
    TEXT_EXTENSIONS,
    FormatError,
    decode_with_encoding,
    parse_html,
    parse_manifest,
    parse_table,
    parse_text,
)
from analysis.paths import SAMPLE_DIR

ISSUE_COLUMNS = ("file", "location", "problem", "severity")
Severity = Literal["error", "warning", "info"]

# Refuse files above this size before reading them: far above a 50 MB CSV of articles,
# below what a laptop or a shared Streamlit server can hold in memory a few times over.
MAX_FILE_BYTES = 500_000_000
# One article's text: the longest long-form features run ~30,000 words (~200,000
# characters); 1,000,000 characters (~170,000 words) is no news article.
MAX_ARTICLE_CHARS = 1_000_000
MANIFEST_NAME = "manifest.csv"
KNOWN_EXTENSIONS = TEXT_EXTENSIONS | TABLE_EXTENSIONS | HTML_EXTENSIONS
# Per file, at most this many row-level issues of one kind are listed, then a summary.
MAX_ROW_ISSUES = 20
PASTED_ORIGIN = "pasted text"


@dataclass(frozen=True)
class LoadIssue:
    """Something skipped, cleaned or doubtful while loading, and where."""

    file: str
    location: str | None
    problem: str
    severity: Severity


@dataclass
class LoadResult:
    """Articles read (ARTICLE_COLUMNS) plus every issue met while reading them."""

    articles: pd.DataFrame = field(default_factory=lambda: empty_articles())
    issues: list[LoadIssue] = field(default_factory=list)

    def issues_frame(self) -> pd.DataFrame:
        """The issues as a DataFrame with columns file, location, problem, severity."""
        rows = [(i.file, i.location, i.problem, i.severity) for i in self.issues]
        return pd.DataFrame(rows, columns=list(ISSUE_COLUMNS))


def empty_articles() -> pd.DataFrame:
    """An articles table with no rows and the standard columns and types."""
    frame = pd.DataFrame({name: pd.Series([], dtype=object) for name in ARTICLE_COLUMNS})
    frame["published"] = pd.Series([], dtype="datetime64[ns]")
    return frame


def _error(file: str, problem: str, location: str | None = None) -> LoadResult:
    return LoadResult(issues=[LoadIssue(file, location, problem, "error")])


def read_upload(name: str, data: bytes, *, columns: Mapping[str, str] | None = None) -> LoadResult:
    """Articles from one uploaded file's bytes; the format is decided by the extension."""
    result, records = _read_bytes(name, data, columns=columns, defaults=None)
    return combine([result, _finish_records(records, file=name)])


def read_paths(
    paths: Iterable[str | Path], *, columns: Mapping[str, str] | None = None
) -> LoadResult:
    """Articles from files and folders (mixed); folders may hold a manifest.csv."""
    results: list[LoadResult] = []
    records: list[dict[str, object]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            _read_folder(path, columns=columns, root=path.parent, out=results, records=records)
        else:
            _read_file(
                path, columns=columns, defaults=None, label=str(raw), out=results, records=records
            )
    return combine([_finish_records(records, file="files"), *results])


def load_sample() -> LoadResult:
    """The built-in sample corpus in data/sample, labelled by its manifest.csv."""
    return read_paths([SAMPLE_DIR])


def read_pasted(text: str, *, source: str, title: str | None = None) -> LoadResult:
    """One article typed or pasted by the user."""
    if not text or not text.strip():
        return LoadResult(
            issues=[LoadIssue(PASTED_ORIGIN, None, "empty text, nothing to analyse", "warning")]
        )
    record = parse_text(text, stem="pasted", title=title)
    record["source"] = (source or "").strip() or "Pasted"
    return _finish_records([record], file=PASTED_ORIGIN)


def combine(results: Iterable[LoadResult]) -> LoadResult:
    """One LoadResult from many: articles stacked, ids made unique (renames are reported)."""
    frames, issues = [], []
    for result in results:
        issues.extend(result.issues)
        if len(result.articles):
            frames.append(result.articles)
    if not frames:
        return LoadResult(articles=empty_articles(), issues=issues)
    articles = pd.concat(frames, ignore_index=True)
    ids = articles["article_id"].astype(str)
    duplicated = ids.duplicated()
    if duplicated.any():
        used, new_ids = set(ids), ids.tolist()
        for index in duplicated[duplicated].index:
            base, number = new_ids[index], 2
            while f"{base}-{number}" in used:
                number += 1
            new_ids[index] = f"{base}-{number}"
            used.add(new_ids[index])
            problem = f"article id '{base}' was already used; renamed to '{new_ids[index]}'"
            issues.append(LoadIssue(str(articles.at[index, "origin"]), None, problem, "info"))
        articles["article_id"] = new_ids
    return LoadResult(articles=articles, issues=issues)


def _read_folder(
    folder: Path,
    *,
    columns: Mapping[str, str] | None,
    root: Path,
    out: list[LoadResult],
    records: list[dict[str, object]],
) -> None:
    """Every file in `folder` and its subfolders (hidden ones skipped), labelled by its
    manifest.csv; files are named relative to `root` in messages ("sample/a.txt")."""
    manifest_path = folder / MANIFEST_NAME
    manifest: dict[str, dict[str, str]] = {}
    if manifest_path.is_file():
        label = _label(manifest_path, root=root)
        manifest, found = parse_manifest(label, manifest_path.read_bytes())
        out.append(LoadResult(issues=[LoadIssue(label, *issue) for issue in found]))
    entries = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    for name in sorted(set(manifest) - {p.name for p in entries}):
        out.append(
            _error(
                _label(manifest_path, root=root),
                "listed in the manifest but not found",
                location=f"file {name}",
            )
        )
    for path in entries:
        if path.is_dir():
            _read_folder(path, columns=columns, root=root, out=out, records=records)
        elif path.name != MANIFEST_NAME:
            _read_file(
                path,
                columns=columns,
                defaults=manifest.get(path.name),
                label=_label(path, root=root),
                out=out,
                records=records,
            )


def _label(path: Path, *, root: Path) -> str:
    """`path` as shown in messages: relative to `root` when inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _read_file(
    path: Path,
    *,
    columns: Mapping[str, str] | None,
    defaults: Mapping[str, str] | None,
    label: str,
    out: list[LoadResult],
    records: list[dict[str, object]],
) -> None:
    """One file from disk, named `label` in messages; its size is checked before reading.
    Tables go to `out`; one-article files to `records`, finished in one batch."""
    try:
        size = path.stat().st_size
        data = path.read_bytes() if size <= MAX_FILE_BYTES else b""
    except OSError as exc:
        out.append(_error(label, f"could not be read ({exc.strerror or exc})"))
        return
    if size > MAX_FILE_BYTES:
        out.append(_error(label, _too_big(size)))
        return
    result, found = _read_bytes(label, data, columns=columns, defaults=defaults)
    out.append(result)
    records.extend(found)


def _too_big(size: int) -> str:
    return (
        f"file of {size / 1e6:,.0f} MB is larger than the {MAX_FILE_BYTES / 1e6:,.0f} MB "
        "limit; not read. Split it into smaller files"
    )


def _read_bytes(
    name: str, data: bytes, *, columns: Mapping[str, str] | None, defaults: Mapping[str, str] | None
) -> tuple[LoadResult, list[dict[str, object]]]:
    """One file's bytes -> (table articles and issues, one-article records). Never raises."""
    try:
        return _read_bytes_unguarded(name, data, columns=columns, defaults=defaults)
    except Exception as exc:  # last line of defence: bad input must never crash the app
        return _error(name, f"could not be read ({type(exc).__name__}: {exc})"), []


def _read_bytes_unguarded(
    name: str,
    data: bytes,
    *,
    columns: Mapping[str, str] | None,
    defaults: Mapping[str, str] | None,
) -> tuple[LoadResult, list[dict[str, object]]]:
    """`_read_bytes` without the safety net: dispatch on the extension."""
    suffix, stem = Path(name).suffix.lower(), Path(name).stem
    if len(data) > MAX_FILE_BYTES:
        return _error(name, _too_big(len(data))), []
    if suffix not in KNOWN_EXTENSIONS:
        known = ", ".join(sorted(KNOWN_EXTENSIONS))
        return _error(
            name, f"unknown file type '{suffix or '(none)'}'; not read. Slant reads {known}"
        ), []
    if not data.strip():
        return LoadResult(issues=[LoadIssue(name, None, "empty file; no article", "warning")]), []
    try:
        if suffix in TABLE_EXTENSIONS:
            frame, found = parse_table(name, data, suffix=suffix)
            issues = [LoadIssue(name, *issue) for issue in found]
            if frame.empty:
                empty = LoadIssue(name, None, "no articles in this file", "warning")
                only_notes = all(issue.severity == "info" for issue in issues)
                return LoadResult(issues=issues + [empty] if only_notes else issues), []
            result = _finish(frame, file=name, stem=stem, columns=columns)
            return LoadResult(articles=result.articles, issues=issues + result.issues), []
        if suffix in HTML_EXTENSIONS:
            record = parse_html(name, data, stem=stem)
        else:
            record = _parse_text_bytes(name, data, stem=stem, defaults=defaults)
    except FormatError as exc:
        return _error(name, str(exc)), []
    note = decoding_note(str(record.pop(ENCODING, "utf-8")))
    record.update(defaults or {})
    record[FILE] = name
    return LoadResult(issues=[LoadIssue(name, None, note, "info")] if note else []), [record]


def _parse_text_bytes(
    name: str, data: bytes, *, stem: str, defaults: Mapping[str, str] | None
) -> dict[str, object]:
    """One .txt/.md article from bytes (refused before decoding when far too long)."""
    if len(data) > 4 * MAX_ARTICLE_CHARS:  # UTF-8 uses at most 4 bytes a character
        raise FormatError(_too_long(len(data), unit="bytes"))
    text, encoding = decode_with_encoding(name, data)
    if len(text) > MAX_ARTICLE_CHARS:
        raise FormatError(_too_long(len(text), unit="characters"))
    return parse_text(text, stem=stem, title=(defaults or {}).get("title")) | {ENCODING: encoding}


def _too_long(size: int, *, unit: str) -> str:
    return (
        f"{size:,} {unit} is far longer than any news article (limit "
        f"{MAX_ARTICLE_CHARS:,} characters, about 170,000 words); not read. If it holds many "
        "articles, save one per file, or a CSV / JSON Lines file with one row per article"
    )


def _finish_records(records: list[dict[str, object]], *, file: str) -> LoadResult:
    """One-article records (text files, HTML pages, pasted text) finished in one batch."""
    if not records:
        return LoadResult()
    return _finish(pd.DataFrame.from_records(records), file=file, stem=file, columns=None)


def _finish(
    frame: pd.DataFrame, *, file: str, stem: str, columns: Mapping[str, str] | None
) -> LoadResult:
    """Canonical columns, types and row checks for parsed records."""
    articles, issues = to_articles(
        frame,
        file=file,
        stem=stem,
        columns=columns,
        max_chars=MAX_ARTICLE_CHARS,
        max_listed=MAX_ROW_ISSUES,
    )
    return LoadResult(articles=articles, issues=[LoadIssue(*issue) for issue in issues])
