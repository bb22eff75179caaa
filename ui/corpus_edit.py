"""Edits a user makes to the loaded corpus before analysis: rename and merge sources.
Pure (no streamlit)."""

import re
from collections.abc import Mapping

import pandas as pd


def rename_sources(corpus: pd.DataFrame, *, mapping: Mapping[str, str]) -> pd.DataFrame:
    """A copy of `corpus` with sources renamed; giving two sources one name merges them.

    Blank new names keep the old name.
    """
    if corpus.empty or not mapping:
        return corpus
    clean = {str(old): " ".join(str(new).split()) for old, new in mapping.items()}
    clean = {old: new for old, new in clean.items() if new and new != old}
    if not clean:
        return corpus
    out = corpus.copy()
    out["source"] = out["source"].astype(str).map(lambda s: clean.get(s, s))
    return out


def source_summary(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per source: `source, articles, origins` (the files its articles came from)."""
    if corpus.empty:
        return pd.DataFrame(columns=["source", "articles", "origins"])
    files = corpus["origin"].astype(str).map(_file_of)
    grouped = corpus.assign(file=files).groupby("source", sort=True)
    return pd.DataFrame({
        "source": list(grouped.groups),
        "articles": grouped.size().to_list(),
        "origins": grouped["file"].agg(lambda s: ", ".join(sorted(set(s)))).to_list(),
    })


STATUS_COLUMNS = ["file", "articles read", "passages removed", "problems", "status"]
# Where analysis.formats puts an article inside its file: "row 3" (CSV, TSV, Parquet),
# "line 3" (JSONL / NDJSON), "item 3" (a JSON list).
IN_FILE_LOCATION = re.compile(r"\s+(?:row|line|item) \d+$")
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _file_of(origin: str) -> str:
    """The file an article came from: its origin without the row / line / item inside it."""
    return IN_FILE_LOCATION.sub("", str(origin))


def issue_lines(issues: pd.DataFrame, *, severities: tuple[str, ...] = ("error", "warning"),
                ) -> list[tuple[str, str]]:
    """`(severity, "file, location: problem")` per load issue of the given severities,
    errors first, for showing right after a load (plain text: escape before markdown)."""
    if issues is None or issues.empty:
        return []
    rows = issues[issues["severity"].isin(severities)]
    rows = rows.assign(order=rows["severity"].map(SEVERITY_ORDER)).sort_values(
        ["order", "file"], kind="stable")
    return [
        (str(r.severity), f"{r.file}, {r.location}: {r.problem}"
         if isinstance(r.location, str) and r.location else f"{r.file}: {r.problem}")
        for r in rows.itertuples(index=False)
    ]


def file_status(
    corpus: pd.DataFrame, *, articles: pd.DataFrame, issues: pd.DataFrame
) -> pd.DataFrame:
    """One row per file: articles read from it, boilerplate passages removed by cleaning,
    load problems, and a one-word status (read / cleaned / skipped / partly read)."""
    files: dict[str, dict] = {}

    def row(name: str) -> dict:
        return files.setdefault(name, {"file": name, "articles read": 0, "passages removed": 0,
                                       "problems": 0})

    if not corpus.empty:
        removed = (articles.set_index("article_id")["removed"]
                   if not articles.empty and "removed" in articles else pd.Series(dtype=int))
        for art in corpus.itertuples(index=False):
            entry = row(_file_of(art.origin))
            entry["articles read"] += 1
            entry["passages removed"] += int(removed.get(art.article_id, 0) or 0)
    if not issues.empty:
        for issue in issues.itertuples(index=False):
            if issue.severity in ("error", "warning"):
                row(str(issue.file))["problems"] += 1
    frame = pd.DataFrame(list(files.values()), columns=STATUS_COLUMNS[:-1])
    if frame.empty:
        return pd.DataFrame(columns=STATUS_COLUMNS)
    frame["status"] = [
        "skipped" if r["articles read"] == 0 else "partly read" if r["problems"]
        else "cleaned" if r["passages removed"] else "read"
        for _, r in frame.iterrows()
    ]
    return frame.sort_values("file").reset_index(drop=True)


MAX_NAME_CHARS = 80  # the corpus name shows in the sidebar caption; keep it to ~2 lines


def corpus_name(file_names: list[str], *, limit: int = MAX_NAME_CHARS) -> str:
    """A corpus name from the uploaded files' names, whole names only: 'a.txt, b.csv and
    3 more files' rather than a name cut mid-word."""
    if not file_names:
        return "Uploaded files"
    shown: list[str] = []
    for name in file_names:
        rest = len(file_names) - len(shown) - 1
        tail = f" and {rest} more file{'s' if rest != 1 else ''}" if rest else ""
        if shown and len(", ".join([*shown, name]) + tail) > limit:
            break
        shown.append(name)
    rest = len(file_names) - len(shown)
    return ", ".join(shown) + (f" and {rest} more file{'s' if rest != 1 else ''}" if rest else "")
