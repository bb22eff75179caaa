"""Pure Plotly builders for the Shared passages and Distinctive words pages, and the
helpers every comparison figure shares (the Voices builders are in ui/figures_voices.py).

No streamlit here. Each builder takes a table computed by the analysis package
(docs/ARCHITECTURE.md: `reuse`, `terms`), a `colors` map from ui.palette, and returns a
figure with axis titles (with units) and hover text showing exact values and n.
"""

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ui.figures import base_layout, empty_figure, hover_text, snippet
from ui.palette import SEQUENTIAL

# Two-sided 5% level of a standard normal: |z| > 1.96 (Monroe, Colaresi & Quinn 2008,
# "Fightin' Words", Political Analysis 16(4), use z-scores of the log-odds this way).
Z_NOTABLE = 1.96
# Colour of bars for terms a source uses LESS than the others (not the source's colour).
OTHERS_COLOR = "#9AA5B1"
# Heatmap axes with more articles than this get vertical, smaller labels.
CROWDED_AXIS = 12
# Longest label kept on a heatmap axis or bar label (characters).
LABEL_CHARS = 40
# Longest source or speaker name shown in full in a legend or hover (characters).
NAME_CHARS = 120
# Room beyond the largest |z| (or the ±1.96 lines) on the distinctive-words axis: 15%.
Z_RANGE_MARGIN = 0.15


def plain(text: object, *, limit: int = NAME_CHARS) -> str:
    """`text` as ui.figures.hover_text shows it (whitespace collapsed, <, > and & escaped):
    Plotly renders a subset of HTML in labels, legends and hovers, so every name and word
    taken from articles (sources, speakers, terms, article ids) goes through it."""
    return hover_text(str(text), limit=limit)


def z_axis_range(z: pd.Series) -> list[float]:
    """A symmetric x range holding every z-score and the ±Z_NOTABLE lines, with
    Z_RANGE_MARGIN of room beyond the larger of the two (so no line sits on the edge)."""
    largest = float(np.nanmax(np.abs(z.to_numpy(dtype=float)))) if len(z) else 0.0
    edge = max(largest if np.isfinite(largest) else 0.0, Z_NOTABLE) * (1 + Z_RANGE_MARGIN)
    return [-edge, edge]


def article_labels(articles: pd.DataFrame) -> dict[str, str]:
    """'source · article_id' for every article (the heatmap's axis labels; raw text, the
    figure escapes it)."""
    if articles.empty:
        return {}
    return {
        str(a): snippet(f"{s} · {a}", limit=LABEL_CHARS)
        for a, s in zip(articles["article_id"], articles["source"], strict=True)
    }


def similarity_matrix(reuse: pd.DataFrame, *, article_ids: list[str]) -> pd.DataFrame:
    """Square article x article similarity (symmetric; NaN on the diagonal; 0 where the
    reuse table has no row, i.e. no shared passage was found)."""
    ids = list(dict.fromkeys(str(a) for a in article_ids))
    matrix = pd.DataFrame(0.0, index=ids, columns=ids)
    if not reuse.empty:
        for row in reuse.itertuples(index=False):
            a, b = str(row.article_a), str(row.article_b)
            if a in matrix.index and b in matrix.index:
                matrix.loc[a, b] = matrix.loc[b, a] = float(row.similarity)
    for a in ids:
        matrix.loc[a, a] = np.nan
    return matrix


def passage_counts(reuse: pd.DataFrame, *, article_ids: list[str],
                   counts: pd.Series) -> pd.DataFrame:
    """Square matrix of how many shared passages each pair has (`counts` aligned with
    `reuse` rows); 0 where the pair has no row."""
    ids = list(dict.fromkeys(str(a) for a in article_ids))
    matrix = pd.DataFrame(0, index=ids, columns=ids)
    for (a, b), n in zip(zip(reuse["article_a"].astype(str), reuse["article_b"].astype(str),
                             strict=True), counts, strict=True):
        if a in matrix.index and b in matrix.index:
            matrix.loc[a, b] = matrix.loc[b, a] = int(n)
    return matrix


def similarity_heatmap(
    reuse: pd.DataFrame, *, articles: pd.DataFrame, passage_n: pd.Series | None = None
) -> go.Figure:
    """Article-by-article similarity heatmap, each cell labelled with its value.

    `reuse` needs `article_a, article_b, similarity`; `articles` needs `article_id, source`
    (every article of the view, so pairs with nothing shared show as 0). `passage_n`
    (aligned with `reuse`) adds the number of shared passages to the hover.
    """
    if articles.empty or len(articles) < 2:
        return empty_figure("Shared passages need at least two articles.")
    ordered = articles.sort_values(["source", "article_id"])
    ids = [str(a) for a in ordered["article_id"]]
    labels = article_labels(ordered)
    matrix = similarity_matrix(reuse, article_ids=ids)
    counts = passage_counts(reuse, article_ids=ids,
                            counts=passage_n if passage_n is not None
                            else pd.Series(0, index=reuse.index))
    values = matrix.to_numpy()
    text = np.where(np.isnan(values), "", np.vectorize(lambda v: f"{v:.2f}")(
        np.nan_to_num(values)))
    fig = go.Figure(go.Heatmap(
        z=values, x=[plain(labels[i]) for i in ids], y=[plain(labels[i]) for i in ids],
        colorscale=SEQUENTIAL, zmin=0, zmax=1, xgap=2, ygap=2,
        colorbar={"title": {"text": "containment (0–1)", "side": "right"}},
        text=text, texttemplate="%{text}" if len(ids) <= 12 else None,
        customdata=counts.to_numpy(),
        hovertemplate=("<b>%{y}</b><br>vs <b>%{x}</b><br>similarity %{z:.3f}"
                       "<br>n = %{customdata} shared passages<extra></extra>"),
    ))
    # Many articles: vertical, smaller x labels, or slanted ones run into each other.
    crowded = len(ids) > CROWDED_AXIS
    tick_font = {"size": 10} if crowded else {}
    fig.update_xaxes(title_text="Article (source · id)", tickangle=-90 if crowded else -30,
                     tickfont=tick_font)
    fig.update_yaxes(title_text="Article (source · id)", autorange="reversed",
                     tickfont=tick_font)
    side = max(320, 120 + 50 * len(ids))
    return base_layout(fig, height=min(side, 900))


def distinctive_bars(
    terms: pd.DataFrame, *, source: str, color: str, top_n: int = 12
) -> go.Figure:
    """One source against all others: its `top_n` most over-used terms (its colour) and
    `top_n` most under-used terms (grey), as log-odds z-scores with counts on hover.

    `terms` needs `source, term, count, count_other, z, log_odds`. Each bar carries the
    term in `customdata[0]` so a click can be traced back (see `selected_label`).
    """
    mine = terms[terms["source"] == source] if not terms.empty else terms
    if mine.empty:
        return empty_figure("No distinctive words for this source.")
    ranked = mine.sort_values(["z", "term"], ascending=[False, True])
    over = ranked[ranked["z"] > 0].head(top_n)
    under = ranked[ranked["z"] < 0].tail(top_n)
    shown = pd.concat([over, under]).sort_values("z")
    fig = go.Figure(go.Bar(
        x=shown["z"], y=shown["term"], orientation="h", showlegend=False,
        marker_color=[color if z > 0 else OTHERS_COLOR for z in shown["z"]],
        customdata=np.column_stack([
            shown[["term", "count", "count_other", "log_odds"]].to_numpy(dtype=object),
            [plain(term) for term in shown["term"]],
        ]),
        hovertemplate=(
            "<b>%{customdata[4]}</b><br>z = %{x:+.2f} (log-odds %{customdata[3]:+.3f})"
            f"<br>n = %{{customdata[1]}} uses in {plain(source)}, %{{customdata[2]}} in the others"
            "<extra></extra>"
        ),
    ))
    for x in (Z_NOTABLE, -Z_NOTABLE):
        fig.add_vline(x=x, line={"color": "#777", "width": 1, "dash": "dot"})
    fig.update_xaxes(title_text=f"Log-odds z-score (← the others · {plain(source)} →)",
                     range=z_axis_range(shown["z"]))
    fig.update_yaxes(title_text="Word or two-word phrase", categoryorder="array",
                     categoryarray=list(shown["term"]))
    return base_layout(fig, height=120 + 24 * len(shown))


def selected_label(fig: go.Figure, selection: Mapping | None) -> str | None:
    """`customdata[0]` of the last bar picked in a plotly selection: the term on
    `distinctive_bars`, the speaker on `speaker_bars`."""
    if not selection or not isinstance(selection, Mapping):
        return None
    picked = None
    for point in selection.get("points", []):
        curve, index = point.get("curve_number"), point.get("point_index")
        if curve is None or index is None or curve >= len(fig.data):
            continue
        data = fig.data[curve].customdata
        if data is not None and index < len(data):
            picked = str(data[index][0])
    return picked


def selected_pair(
    selection: Mapping | None, *, labels: Mapping[str, str]
) -> tuple[str, str] | None:
    """(article_a, article_b) of the last heatmap cell clicked, from its axis labels
    (`labels` maps article_id -> label as drawn by `similarity_heatmap`). The diagonal and
    unknown labels give None."""
    if not selection or not isinstance(selection, Mapping):
        return None
    ids = {plain(label): article_id for article_id, label in labels.items()}
    picked = None
    for point in selection.get("points", []):
        a, b = ids.get(str(point.get("y"))), ids.get(str(point.get("x")))
        if a is not None and b is not None and a != b:
            picked = (a, b)
    return picked
