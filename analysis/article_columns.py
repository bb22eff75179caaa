"""Raw records (the user's own column names) -> Slant's article table, with row checks.

Columns are matched by name (COLUMN_ALIASES, case and punctuation ignored) unless the user
names them (`columns={"text": "my_body_column"}`). Rows with empty or absurdly long text are
skipped and reported; non-English text is kept and reported.
"""

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from analysis.formats import FILE, LOCATION, RowIssue
from analysis.language import ENGLISH_MIN_SHARE, looks_english

# Canonical column -> accepted names, in order of preference (normalised: lower case,
# runs of non-alphanumerics as "_"). Covers NewsAPI, GDELT, Media Cloud and scraper exports.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "article_id": (
        "article_id",
        "id",
        "doc_id",
        "document_id",
        "stories_id",
        "guid",
        "uid",
        "uuid",
    ),
    "source": (
        "source",
        "outlet",
        "media_name",
        "media",
        "publisher",
        "publication",
        "source_name",
        "outlet_name",
        "sitename",
        "site_name",
        "site",
        "newspaper",
        "domain",
        "source_domain",
        "media_outlet",
        "channel",
    ),
    "text": (
        "text",
        "content",
        "body",
        "article",
        "article_text",
        "full_text",
        "fulltext",
        "maintext",
        "main_text",
        "body_text",
        "article_body",
        "articlebody",
        "story_text",
        "text_content",
    ),
    "title": ("title", "headline", "article_title", "heading", "head"),
    "url": ("url", "link", "article_url", "permalink", "canonical_url", "href", "uri"),
    "published": (
        "published",
        "date",
        "published_at",
        "publishedat",
        "publish_date",
        "published_date",
        "date_published",
        "publication_date",
        "pubdate",
        "pub_date",
        "datetime",
        "timestamp",
        "seendate",
        "publish_time",
        "created_at",
        "time",
    ),
    "story": ("story", "event", "story_label", "event_name", "cluster"),
}
ARTICLE_COLUMNS = ("article_id", "source", "text", "title", "url", "published", "story", "origin")
NON_ENGLISH_PROBLEM = (
    f"text does not look English (under {ENGLISH_MIN_SHARE:.0%} of its words are common English "
    "function words): analysed, but VADER sentiment is English-only, so its scores here are "
    "unreliable"
)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_NUMBER = re.compile(r"\d+")


def normalise_column(name: object) -> str:
    """'Published At' / 'publishedAt' / 'published-at' -> 'published_at' / 'publishedat'."""
    return _NON_ALNUM.sub("_", str(name).strip().lower()).strip("_")


def match_columns(
    names: list[str], *, columns: Mapping[str, str] | None
) -> tuple[dict[str, str], list[RowIssue]]:
    """Canonical name -> the file's column. User choices first, then COLUMN_ALIASES."""
    chosen: dict[str, str] = {}
    issues: list[RowIssue] = []
    for canonical, user_name in (columns or {}).items():
        if canonical not in COLUMN_ALIASES:
            issues.append(
                (
                    None,
                    f"column setting '{canonical}' is not one of "
                    f"{', '.join(COLUMN_ALIASES)}; ignored",
                    "error",
                )
            )
        elif user_name not in names:
            issues.append(
                (
                    None,
                    f"the column '{user_name}' chosen for {canonical} is not in "
                    f"this file (columns: {', '.join(map(str, names))}); "
                    "matching by name instead",
                    "error",
                )
            )
        else:
            chosen[canonical] = user_name
    by_normal: dict[str, str] = {}
    for name in names:
        by_normal.setdefault(normalise_column(name), name)
    for canonical, aliases in COLUMN_ALIASES.items():
        if canonical in chosen:
            continue
        taken = set(chosen.values())
        for alias in aliases:
            if alias in by_normal and by_normal[alias] not in taken:
                chosen[canonical] = by_normal[alias]
                break
    return chosen, issues


def _as_str(series: pd.Series) -> pd.Series:
    """Values as stripped strings; missing -> ""; 12.0 from a float id column -> "12"."""
    if pd.api.types.is_float_dtype(series) and series.dropna().mod(1).eq(0).all():
        series = series.astype("Int64")
    return series.astype(object).where(series.notna(), "").map(str).str.strip()


def _optional(series: pd.Series) -> pd.Series:
    values = _as_str(series)
    return values.astype(object).where(values != "", None)


def parse_published(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(UTC-naive datetimes, mask of non-empty values that are not dates)."""
    text = _as_str(values)
    parsed = pd.to_datetime(text.where(text != ""), errors="coerce", utc=True, format="ISO8601")
    failed = parsed.isna() & (text != "")
    if failed.any():
        parsed[failed] = pd.to_datetime(text[failed], errors="coerce", utc=True, format="mixed")
        failed = parsed.isna() & (text != "")
    return parsed.dt.tz_convert(None), failed


Issue = tuple[str, str | None, str, str]  # (file, location, problem, severity)


def _listed(
    mask: pd.Series,
    places: pd.DataFrame,
    problem: str,
    severity: str,
    *,
    file: str,
    max_listed: int,
) -> list[Issue]:
    """One issue per flagged row (the first `max_listed`), then one summary."""
    flagged = places.loc[mask.to_numpy(dtype=bool)]
    issues: list[Issue] = [
        (f, loc, problem, severity)
        for f, loc in zip(
            flagged["file"][:max_listed], flagged["location"][:max_listed], strict=True
        )
    ]
    if len(flagged) > max_listed:
        more = len(flagged) - max_listed
        issues.append((file, None, f"{problem}: {more:,} more like this", severity))
    return issues


def no_text_column_problem(*, file: str, found: Sequence[str]) -> str:
    """The message for a table with no article-text column, for any user: the file, the
    columns it has, the names read as text and what to do (rename; CLI --text-col)."""
    listed = ", ".join(f'"{name}"' for name in found) if found else "none"
    accepted = ", ".join(COLUMN_ALIASES["text"])
    return (
        f"{Path(file).name} has no column with the article text, so no article was read from "
        f"it. Columns found: {listed}. Slant reads the text from a column named {accepted} "
        '(any capitalisation). Rename the column that holds the article text to "text" and '
        "load the file again (on the command line, --text-col COLUMN picks it by name)."
    )


def to_articles(
    frame: pd.DataFrame,
    *,
    file: str,
    stem: str,
    columns: Mapping[str, str] | None,
    max_chars: int,
    max_listed: int,
) -> tuple[pd.DataFrame, list[Issue]]:
    """Rows in the article schema (ARTICLE_COLUMNS) plus the issues met on the way.

    `file` and `stem` name the source file (default origin, source and id prefix); records
    batched from many files carry their own file name in the FILE column."""
    names = [c for c in frame.columns if c not in (LOCATION, FILE)]
    chosen, found = match_columns(names, columns=columns)
    issues: list[Issue] = [(file, loc, problem, sev) for loc, problem, sev in found]
    if "text" not in chosen:
        problem = no_text_column_problem(file=file, found=[str(name) for name in names])
        return pd.DataFrame(columns=list(ARTICLE_COLUMNS)), [
            *issues,
            (file, None, problem, "error"),
        ]
    places = pd.DataFrame(index=frame.index)
    places["file"] = frame.get(FILE, file)
    places["location"] = frame[LOCATION].astype(object) if LOCATION in frame else None
    text = frame[chosen["text"]].astype(object).where(frame[chosen["text"]].notna(), "").map(str)
    empty = text.str.strip() == ""
    too_long = text.str.len() > max_chars
    limit = dict(file=file, max_listed=max_listed)
    issues += _listed(empty, places, "empty text; skipped", "warning", **limit)
    issues += _listed(
        too_long,
        places,
        f"text longer than {max_chars:,} characters, far longer than any news article; skipped",
        "error",
        **limit,
    )
    keep = (~(empty | too_long)).to_numpy()
    frame, text, places = frame[keep], text[keep], places[keep]
    numbers = places["location"].map(lambda loc: _NUMBER.search(loc).group() if loc else None)
    default_ids = numbers.map(lambda n: f"{stem}:{n}" if n else stem)
    out = pd.DataFrame(index=frame.index)
    ids = _as_str(frame[chosen["article_id"]]) if "article_id" in chosen else default_ids
    out["article_id"] = ids.where(ids != "", default_ids)
    source = _as_str(frame[chosen["source"]]) if "source" in chosen else None
    out["source"] = stem if source is None else source.where(source != "", stem)
    out["text"] = text
    for name in ("title", "url"):
        out[name] = _optional(frame[chosen[name]]) if name in chosen else None
    out["published"] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    if "published" in chosen:
        out["published"], failed = parse_published(frame[chosen["published"]])
        issues += _listed(
            failed, places, "published date not understood; left empty", "warning", **limit
        )
    out["story"] = _optional(frame[chosen["story"]]) if "story" in chosen else None
    out["origin"] = [
        f"{f} {loc}" if loc else f
        for f, loc in zip(places["file"], places["location"], strict=True)
    ]
    for name in ("title", "url", "story"):
        out[name] = out[name].astype(object)
    not_english = out["text"].map(lambda value: not looks_english(value))
    issues += _listed(not_english, places, NON_ENGLISH_PROBLEM, "warning", **limit)
    return out.reset_index(drop=True)[list(ARTICLE_COLUMNS)], issues
