"""Deterministic thinning for charts and pickers that would otherwise draw every row.

A 100,000-article results store loads up to 50,000 sentences (analysis.store); one dot or
line per sentence makes a chart take seconds to build and to ship to the browser, and a
picker with 50,000 options is unusable. These helpers keep an evenly spaced subset (same
rows on every rerun, so charts do not flicker), and the caller says so on the chart.
"""

from collections.abc import Sequence

import numpy as np
import pandas as pd

# Dots per source on the sentence strip plot (the box and the mean still use every row).
MAX_STRIP_POINTS = 150
# Articles drawn as lines on the sentiment arc (one trace each).
MAX_ARC_ARTICLES = 20
# Keyword-in-context rows listed on the Topics page (an HTML table of 10,000 highlighted
# sentences takes seconds to build and to render).
MAX_KWIC_ROWS = 100
# Article pairs listed on the Shared passages page (most similar first), and articles on
# its heatmap (an article x article matrix of 100,000 articles would need 75 GB).
MAX_PAIRS = 500
MAX_HEATMAP_ARTICLES = 40
# Sentences offered in the "why this score" picker besides the chart selection.
MAX_PICKER_SENTENCES = 200


def evenly_spaced(frame: pd.DataFrame, *, limit: int) -> pd.DataFrame:
    """At most `limit` rows of `frame`, evenly spaced in its order (all rows when fewer)."""
    if len(frame) <= limit:
        return frame
    if limit <= 0:
        return frame.iloc[0:0]
    positions = np.unique(np.linspace(0, len(frame) - 1, limit).round().astype(int))
    return frame.iloc[positions]


def arc_articles(sentences: pd.DataFrame, *, limit: int = MAX_ARC_ARTICLES) -> list[str]:
    """Article ids to draw on the arc: all when at most `limit`, otherwise an evenly
    spaced share of each source's articles (sorted ids), so every source keeps lines."""
    ids = sentences[["source", "article_id"]].drop_duplicates()
    if len(ids) <= limit:
        return sorted(ids["article_id"].astype(str))
    per_source = max(1, limit // max(ids["source"].nunique(), 1))
    chosen = [
        evenly_spaced(group.sort_values("article_id"), limit=per_source)["article_id"]
        for _, group in ids.groupby("source", sort=True)
    ]
    return sorted(pd.concat(chosen).astype(str))


def strongest(sentences: pd.DataFrame, *, limit: int = MAX_PICKER_SENTENCES) -> pd.DataFrame:
    """At most `limit` sentences, the largest |compound| first (all, in order, when fewer)."""
    if len(sentences) <= limit:
        return sentences
    order = sentences["compound"].abs().sort_values(ascending=False, kind="stable").index
    return sentences.loc[order[:limit]]


def shown_note(shown: int, total: int, *, noun: str, rest: str = "",
               how: str = "evenly spaced sample") -> str:
    """'Showing 400 of 5,012 sentences (evenly spaced sample)…' or '' when all are shown;
    `how` says how the shown rows were chosen."""
    if shown >= total:
        return ""
    return f"Showing {shown:,} of {total:,} {noun} ({how}){rest}."


def labels_for(rows: pd.DataFrame, *, columns: Sequence[str]) -> list[tuple]:
    """Rows as tuples of `columns` (itertuples: much faster than iterrows for labels)."""
    return list(rows[list(columns)].itertuples(index=False, name=None))


def heatmap_articles(articles: pd.DataFrame, pairs: pd.DataFrame, *,
                     limit: int = MAX_HEATMAP_ARTICLES) -> pd.DataFrame:
    """At most `limit` articles for the similarity heatmap: all when few, otherwise those of
    the most similar pairs (`pairs` ranked, ui.markup_compare.ranked_pairs), then the others
    in (source, id) order."""
    if len(articles) <= limit:
        return articles
    ids = list(dict.fromkeys(
        str(i) for pair in zip(pairs["article_a"], pairs["article_b"], strict=True)
        for i in pair))[:limit]
    if len(ids) < limit:
        others = articles.sort_values(["source", "article_id"])["article_id"].astype(str)
        taken = set(ids)
        ids += [i for i in others.head(2 * limit) if i not in taken][:limit - len(ids)]
    return articles[articles["article_id"].astype(str).isin(ids)]
