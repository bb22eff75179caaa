"""Edits a user makes to the loaded corpus before analysis: rename and merge sources.
Pure (no streamlit)."""

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
    files = corpus["origin"].astype(str).str.replace(r"\s+row \d+$", "", regex=True)
    grouped = corpus.assign(file=files).groupby("source", sort=True)
    return pd.DataFrame({
        "source": list(grouped.groups),
        "articles": grouped.size().to_list(),
        "origins": grouped["file"].agg(lambda s: ", ".join(sorted(set(s)))).to_list(),
    })
