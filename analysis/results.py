"""`Results`: the tables of one analysis (ARCHITECTURE.md "Output tables"), saved and loaded.

Plain and picklable (the dashboard's `st.cache_data` pickles it): a dataclass of DataFrames
plus `notes` (strings about how the tables were made, e.g. "sentences sampled").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path

import pandas as pd

from analysis.tone import TONE_COLUMNS

STR = "str"
INT = "int64"
FLOAT = "float64"
DATETIME = "datetime64[us]"

# Fixed columns of every table (ARCHITECTURE.md). `articles` also has the TONE_COLUMNS;
# `sources` also has the tone means and one `topic_<name>_per_1k` column per topic.
ARTICLE_SCHEMA = {
    "article_id": STR, "source": STR, "title": STR, "url": STR, "published": DATETIME,
    "story": STR, "n_words": INT, "n_sentences": INT, "sentiment_mean": FLOAT,
    "share_positive": FLOAT, "share_neutral": FLOAT, "share_negative": FLOAT,
    "removed": INT, "flags": STR, **dict.fromkeys(TONE_COLUMNS, FLOAT),
}
TABLE_SCHEMAS: dict[str, dict[str, str]] = {
    "articles": ARTICLE_SCHEMA,
    "sentences": {"article_id": STR, "sentence_id": INT, "text": STR, "compound": FLOAT,
                  "pos": FLOAT, "neu": FLOAT, "neg": FLOAT, "label": STR},
    "topics": {"article_id": STR, "topic": STR, "mentions": INT, "per_1k_words": FLOAT,
               "sentences": INT, "sentiment": FLOAT},
    "sentence_topics": {"article_id": STR, "sentence_id": INT, "topic": STR, "mentions": INT,
                        "terms": STR},
    "sources": {"source": STR, "n_articles": INT, "n_sentences": INT, "n_words": INT,
                "sentiment_mean": FLOAT, "ci_low": FLOAT, "ci_high": FLOAT,
                "share_positive": FLOAT, "share_neutral": FLOAT, "share_negative": FLOAT,
                **dict.fromkeys(TONE_COLUMNS, FLOAT)},
    "source_topics": {"source": STR, "topic": STR, "mentions": INT, "per_1k_words": FLOAT,
                      "share_sentences": FLOAT, "share_articles": FLOAT, "sentiment": FLOAT,
                      "ci_low": FLOAT, "ci_high": FLOAT, "n_sentences": INT},
    "removed": {"article_id": STR, "kind": STR, "text": STR, "offset": INT},
    "quotes": {"article_id": STR, "sentence_id": INT, "speaker": STR, "text": STR,
               "kind": STR, "compound": FLOAT},
    "reuse": {"article_a": STR, "article_b": STR, "similarity": FLOAT, "passages": STR},
    "terms": {"source": STR, "term": STR, "count": INT, "count_other": INT, "z": FLOAT,
              "log_odds": FLOAT},
    "issues": {"file": STR, "location": STR, "problem": STR, "severity": STR},
    "tone_words": {"article_id": STR, "dimension": STR, "word": STR, "count": INT},
}
TABLE_NAMES: tuple[str, ...] = tuple(TABLE_SCHEMAS)
# Tables with one or more rows per article (stored per article; the rest are corpus-level).
PER_ARTICLE_TABLES = ("articles", "sentences", "topics", "sentence_topics", "removed",
                      "quotes", "tone_words")
CORPUS_TABLES = ("sources", "source_topics", "reuse", "terms")
SCHEMA_FILE = "schema.json"
NOTES_FILE = "notes.json"
FORMATS = ("csv", "parquet")
# Text columns that are "" rather than missing when empty (CSV cannot tell the two apart).
NEVER_MISSING = frozenset({"flags"})


def _cast(series: pd.Series, dtype: str) -> pd.Series:
    """`series` as `dtype`; ints with missing values stay float rather than fail."""
    if series.dtype == dtype:  # already cast (e.g. conformed in a worker): skip the copy
        return series
    if dtype == DATETIME:
        stamps = pd.to_datetime(series, errors="coerce", utc=True).dt.tz_localize(None)
        return stamps.astype(DATETIME)
    if dtype == INT:
        numbers = pd.to_numeric(series, errors="coerce")
        return numbers.astype(INT) if not numbers.isna().any() else numbers.astype(FLOAT)
    if dtype == FLOAT:
        return pd.to_numeric(series, errors="coerce").astype(FLOAT)
    return series.astype(STR)


def conform(frame: pd.DataFrame | None, *, table: str) -> pd.DataFrame:
    """`frame` with the documented columns of `table` first, in order, with their dtypes;
    missing documented columns are added empty, extra columns are kept after them."""
    schema = TABLE_SCHEMAS[table]
    frame = pd.DataFrame(columns=list(schema)) if frame is None else frame
    out = {name: _cast(frame[name], dtype) if name in frame else
           pd.Series([None] * len(frame), index=frame.index, dtype=object).pipe(_cast, dtype)
           for name, dtype in schema.items()}
    for name in NEVER_MISSING.intersection(out):
        out[name] = out[name].fillna("")
    extra = {name: frame[name] for name in frame.columns if name not in schema}
    result = pd.DataFrame({**out, **extra}, index=frame.index)
    return result.reset_index(drop=True)


def empty_table(table: str) -> pd.DataFrame:
    """A table with no rows and the documented columns and dtypes."""
    return conform(None, table=table)


@dataclass
class Results:
    """Every table of one analysis (see TABLE_SCHEMAS) plus notes on how they were made."""

    articles: pd.DataFrame = field(default_factory=lambda: empty_table("articles"))
    sentences: pd.DataFrame = field(default_factory=lambda: empty_table("sentences"))
    topics: pd.DataFrame = field(default_factory=lambda: empty_table("topics"))
    sentence_topics: pd.DataFrame = field(default_factory=lambda: empty_table("sentence_topics"))
    sources: pd.DataFrame = field(default_factory=lambda: empty_table("sources"))
    source_topics: pd.DataFrame = field(default_factory=lambda: empty_table("source_topics"))
    removed: pd.DataFrame = field(default_factory=lambda: empty_table("removed"))
    quotes: pd.DataFrame = field(default_factory=lambda: empty_table("quotes"))
    reuse: pd.DataFrame = field(default_factory=lambda: empty_table("reuse"))
    terms: pd.DataFrame = field(default_factory=lambda: empty_table("terms"))
    issues: pd.DataFrame = field(default_factory=lambda: empty_table("issues"))
    tone_words: pd.DataFrame = field(default_factory=lambda: empty_table("tone_words"))
    notes: list[str] = field(default_factory=list)

    @staticmethod
    def table_names() -> tuple[str, ...]:
        """Names of the tables, in the documented order."""
        return tuple(f.name for f in fields(Results) if f.name != "notes")

    def tables(self) -> dict[str, pd.DataFrame]:
        """Table name -> DataFrame."""
        return {name: getattr(self, name) for name in self.table_names()}

    def to_dir(self, path: str | Path, *, fmt: str = "csv") -> Path:
        """Write one file per table (`<name>.csv` or `<name>.parquet`) plus schema.json and
        notes.json into `path` (created if needed); return the folder."""
        if fmt not in FORMATS:
            raise ValueError(f"Unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        schema = {}
        for name, frame in self.tables().items():
            schema[name] = {c: str(t) for c, t in frame.dtypes.items()}
            target = folder / f"{name}.{fmt}"
            if fmt == "csv":
                frame.to_csv(target, index=False)
            else:
                frame.to_parquet(target, index=False)
        (folder / SCHEMA_FILE).write_text(json.dumps({"format": fmt, "tables": schema}, indent=1))
        (folder / NOTES_FILE).write_text(json.dumps(self.notes, indent=1))
        return folder

    @classmethod
    def from_dir(cls, path: str | Path) -> Results:
        """Read tables written by `to_dir` (CSV or Parquet); missing tables come back empty."""
        folder = Path(path)
        if not folder.is_dir():
            raise FileNotFoundError(f"No results folder at {folder}.")
        tables = {}
        for name in cls.table_names():
            parquet, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
            if parquet.is_file():
                frame = pd.read_parquet(parquet)
            elif csv.is_file():
                frame = pd.read_csv(csv, dtype=str, keep_default_na=False, na_values=[""])
                frame = _restore_dtypes(frame, table=name)
            else:
                frame = None
            tables[name] = conform(frame, table=name)
        notes_path = folder / NOTES_FILE
        notes = json.loads(notes_path.read_text()) if notes_path.is_file() else []
        return cls(**tables, notes=list(notes))


def _restore_dtypes(frame: pd.DataFrame, *, table: str) -> pd.DataFrame:
    """Numbers back from CSV text for the extra columns (tone_*, topic_*_per_1k) too."""
    schema = TABLE_SCHEMAS[table]
    for column in frame.columns:
        if column not in schema and (column.startswith(("tone_", "topic_"))):
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(FLOAT)
    return frame
