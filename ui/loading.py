"""Loading articles on the Data page: uploads and pasted text through analysis.readers,
with visible progress. Results go to this visitor's session only."""

import pandas as pd
import streamlit as st

from ui.cache import analyze_cached, analyze_tables
from ui.corpus_edit import corpus_name
from ui.state import CORPUS_NAME, current_corpus, current_settings, set_corpus

# File types offered in the uploader if analysis.formats cannot be imported (see readers.py).
DEFAULT_UPLOAD_TYPES = ("txt", "md", "html", "htm", "csv", "tsv", "json", "jsonl", "ndjson",
                        "parquet")


def upload_types() -> list[str]:
    """Extensions (without dot) that analysis.readers can read."""
    try:
        from analysis.formats import HTML_EXTENSIONS, TABLE_EXTENSIONS, TEXT_EXTENSIONS
    except ImportError:
        found = set(DEFAULT_UPLOAD_TYPES)
    else:
        found = set(TEXT_EXTENSIONS) | set(TABLE_EXTENSIONS) | set(HTML_EXTENSIONS)
    return sorted({str(e).lstrip(".").lower() for e in found})


def _combine_with_current(result, *, add: bool):
    """`result` alone, or added to the current corpus with the current load issues kept
    (so what was skipped from an earlier upload is still listed)."""
    from analysis import readers

    if not add:
        return result
    corpus, issues = current_corpus()
    current = readers.LoadResult(articles=corpus, issues=issues_from_frame(issues))
    return readers.combine([current, result])


def issues_from_frame(issues: pd.DataFrame | None) -> list:
    """LoadIssue objects back from a LoadResult.issues_frame() table (None / empty -> [])."""
    from analysis.readers import LoadIssue

    if issues is None or issues.empty:
        return []
    return [
        LoadIssue(file=str(r.file), problem=str(r.problem), severity=str(r.severity),
                  location=r.location if isinstance(r.location, str) else None)
        for r in issues.itertuples(index=False)
    ]


def load_uploads(files, *, add: bool) -> None:
    """Read every uploaded file (one bad file never stops the others), analyse, show status."""
    from analysis import readers

    with st.status(f"Reading {len(files)} file(s)…", expanded=True) as status:
        bar = st.progress(0.0, text="Reading files")
        results = []
        for i, file in enumerate(files, start=1):
            results.append(readers.read_upload(file.name, file.getvalue()))
            bar.progress(i / len(files) / 2, text=f"Read {file.name}")
        loaded = _combine_with_current(readers.combine(results), add=add)
        n = len(loaded.articles)
        bar.progress(0.5, text=f"Analysing {n} article(s)…")
        _analyse(loaded.articles, status=status, bar=bar)
        bar.progress(1.0, text="Done")
        status.update(label=f"Loaded {n} article(s) from {len(files)} file(s)", state="complete")
    set_corpus(loaded.articles, issues=loaded.issues_frame(),
               name=corpus_name([f.name for f in files]))


def load_pasted(text: str, *, source: str, title: str, add: bool) -> None:
    """Add one pasted article (analysed right away)."""
    from analysis import readers

    result = readers.read_pasted(text, source=source or "Pasted", title=title or None)
    loaded = _combine_with_current(result, add=add)
    with st.status("Analysing the pasted article…") as status:
        _analyse(loaded.articles, status=status)
        status.update(label="Pasted article analysed", state="complete")
    before = str(st.session_state.get(CORPUS_NAME) or "")
    name = f"{before.removesuffix(' + pasted')} + pasted" if add and before else "Pasted"
    set_corpus(loaded.articles, issues=loaded.issues_frame(), name=name)


def _analyse(articles: pd.DataFrame, *, status, bar=None) -> None:
    """Analyse (and cache) the new corpus, moving `bar` from 50% to 100% as articles finish."""
    if articles.empty:
        status.update(label="No readable articles in these files", state="error")
        return

    def progress(done: int, total: int) -> None:
        if bar is not None and total:
            bar.progress(0.5 + 0.5 * done / total, text=f"Analysed {done} of {total} articles")

    settings = current_settings()
    tables = analyze_tables(articles, settings=settings, progress=progress)
    analyze_cached(articles, settings.fingerprint(), settings, _computed=tables)
