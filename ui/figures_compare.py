"""Pure Plotly builders for the comparison pages: Voices, Shared passages, Distinctive words.

No streamlit here. Each builder takes a table computed by the analysis package
(docs/ARCHITECTURE.md: `quotes`, `reuse`, `terms`, or the per-source summaries of
analysis.quotes), a `colors` map from ui.palette, and returns a figure with axis titles
(with units) and hover text showing exact values and n.
"""

import html
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ui.figures import base_layout, empty_figure, snippet
from ui.palette import SEQUENTIAL

# Two-sided 5% level of a standard normal: |z| > 1.96 (Monroe, Colaresi & Quinn 2008,
# "Fightin' Words", Political Analysis 16(4), use z-scores of the log-odds this way).
Z_NOTABLE = 1.96
# Colour of bars for terms a source uses LESS than the others (not the source's colour).
OTHERS_COLOR = "#9AA5B1"
# Colour of the narration part of the quoted-share bars.
NARRATION_COLOR = "#D9DEE4"
TEXT_COLOR = "#1F2933"  # the theme's text colour (.streamlit/config.toml)
COMPOUND_RANGE = [-1.05, 1.05]
# The voices of analysis.quotes.quoted_share_by_source: (label, column prefix).
VOICE_PREFIXES = (("direct quotes", "quoted"), ("reported statements", "attributed"),
                  ("narration", "narration"))
# Marker per voice on the voice-sentiment chart (shape, not only colour, tells them apart).
VOICE_SYMBOLS = {"direct quotes": "circle", "reported statements": "square-open",
                 "narration": "diamond-open"}
# Segments narrower than this (% of words) get no text label (it would not fit).
MIN_LABEL_PCT = 6
# Longest label kept on a heatmap axis or bar label (characters).
LABEL_CHARS = 40


def plain(text: object) -> str:
    """`text` with <, > and & escaped: Plotly renders a subset of HTML in labels, legends and
    hovers, so names taken from articles (sources, speakers) are escaped before use.
    Terms need no escaping: the shared tokenizer's words hold only letters, digits, ' and -."""
    return html.escape(str(text), quote=False)


def speaker_bars(
    speakers: pd.DataFrame, *, colors: Mapping[str, str], top_n: int = 12
) -> go.Figure:
    """Who each source quotes: quoted words per speaker, one bar colour per source.

    `speakers` needs `source, speaker, quotes, words` (one row per source x speaker).
    The `top_n` speakers with the most quoted words overall are shown, biggest on top.
    """
    if speakers.empty:
        return empty_figure("No quotes or attributed statements found.")
    totals = speakers.groupby("speaker", sort=True)["words"].sum().sort_values(
        ascending=False, kind="stable")
    order = list(totals.index[:top_n])
    shown = speakers[speakers["speaker"].isin(order)]
    fig = go.Figure()
    for name, rows in shown.groupby("source", sort=True):
        fig.add_trace(go.Bar(
            x=rows["words"], y=[plain(snippet(s, limit=LABEL_CHARS)) for s in rows["speaker"]],
            orientation="h", name=plain(name), marker_color=colors.get(str(name), "#444"),
            customdata=np.column_stack([rows["quotes"], [plain(s) for s in rows["speaker"]]]),
            hovertemplate=(
                "<b>%{customdata[1]}</b> in %{fullData.name}<br>%{x} quoted words"
                "<br>n = %{customdata[0]} quotes<extra></extra>"
            ),
        ))
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_xaxes(title_text="Quoted words (count)", rangemode="tozero")
    fig.update_yaxes(
        title_text="Speaker", categoryorder="array", autorange="reversed",
        categoryarray=[plain(snippet(s, limit=LABEL_CHARS)) for s in order],
    )
    per_speaker = 22 + 10 * shown["source"].nunique()  # px: one bar slot per source
    return base_layout(fig, height=130 + per_speaker * len(order))


def _fmt_ci(low: float, high: float) -> str:
    return "95% CI n/a" if pd.isna(low) or pd.isna(high) else f"95% CI {low:+.3f} to {high:+.3f}"


def _fmt_n(n: float) -> str:
    return "n not available" if pd.isna(n) else f"n = {int(n)}"


def quoted_share_bars(shares: pd.DataFrame, *, colors: Mapping[str, str]) -> go.Figure:
    """Each source's words split into direct quotes (source colour), reported statements
    (source colour, hatched) and the outlet's own narration (grey); 100% stacked, in %.

    `shares` is analysis.quotes.quoted_share_by_source: needs `source, words, quoted_words,
    quoted_share, attributed_share` (shares as fractions of the source's words).
    """
    frame = shares[shares["words"] > 0] if not shares.empty else shares
    if frame.empty:
        return empty_figure("No words to measure for the current filters.")
    frame = frame.sort_values("source")
    names = [plain(s) for s in frame["source"]]
    source_colors = [colors.get(str(n), "#444") for n in frame["source"]]
    quoted = frame["quoted_share"].fillna(0) * 100
    reported = frame["attributed_share"].fillna(0) * 100
    parts = (  # (legend label, values, marker, label text colour)
        ("direct quotes", quoted, {"color": source_colors}, "white"),
        ("reported statements", reported,
         {"color": source_colors, "opacity": 0.55, "pattern": {"shape": "/", "solidity": 0.3}},
         TEXT_COLOR),
        ("the outlet's own narration", 100 - quoted - reported, {"color": NARRATION_COLOR},
         TEXT_COLOR),
    )
    fig = go.Figure()
    for label, values, marker, text_color in parts:
        words = (values / 100 * frame["words"]).round().astype(int)
        fig.add_trace(go.Bar(
            x=values, y=names, orientation="h", name=label, marker=marker,
            customdata=np.column_stack([words, frame["words"]]),
            text=[f"{v:.0f}%" if v >= MIN_LABEL_PCT else "" for v in values],
            textposition="inside", textangle=0, insidetextanchor="middle",
            textfont={"color": text_color},
            hovertemplate=(f"<b>%{{y}}</b><br>{label}: %{{x:.1f}}% of words<br>"
                           "≈ %{customdata[0]} of n = %{customdata[1]} words<extra></extra>"),
        ))
    fig.update_layout(barmode="stack", bargap=0.35, legend_traceorder="normal")
    fig.update_xaxes(title_text="Share of the source's words (%)", range=[0, 100])
    fig.update_yaxes(title_text="Source", autorange="reversed")
    return base_layout(fig, height=170 + 55 * len(names))


def voice_rows(shares: pd.DataFrame) -> pd.DataFrame:
    """analysis.quotes.quoted_share_by_source (wide) as one row per source x voice:
    `source, voice, sentiment_mean, ci_low, ci_high, n`. CI and n come from the optional
    `<prefix>_ci_low`, `<prefix>_ci_high`, `<prefix>_n` columns (NaN when absent)."""
    columns = ["source", "voice", "sentiment_mean", "ci_low", "ci_high", "n"]
    if shares.empty:
        return pd.DataFrame(columns=columns)
    missing = pd.Series(np.nan, index=shares.index)
    rows = [
        pd.DataFrame({
            "source": shares["source"], "voice": voice,
            "sentiment_mean": shares.get(f"{prefix}_compound", missing),
            "ci_low": shares.get(f"{prefix}_ci_low", missing),
            "ci_high": shares.get(f"{prefix}_ci_high", missing),
            "n": shares.get(f"{prefix}_n", missing),
        })
        for voice, prefix in VOICE_PREFIXES
    ]
    return pd.concat(rows, ignore_index=True)[columns]


def voice_sentiment(voices: pd.DataFrame, *, colors: Mapping[str, str]) -> go.Figure:
    """Mean VADER compound of direct quotes, reported statements and narration, per source,
    with the 95% CI and n when known (see `voice_rows`).

    `voices` needs `source, voice, sentiment_mean, ci_low, ci_high, n`; rows without a mean
    (a source with no quote) are left out.
    """
    frame = voices.dropna(subset=["sentiment_mean"]) if not voices.empty else voices
    if frame.empty:
        return empty_figure("No quoted or narrated sentences to score.")
    fig = go.Figure()
    for name, rows in frame.groupby("source", sort=True):
        color = colors.get(str(name), "#444")
        low = (rows["sentiment_mean"] - rows["ci_low"]).fillna(0)
        high = (rows["ci_high"] - rows["sentiment_mean"]).fillna(0)
        fig.add_trace(go.Scatter(
            x=rows["sentiment_mean"], y=[[plain(name)] * len(rows), list(rows["voice"])],
            mode="markers", name=plain(name),
            marker={"color": color, "size": 13, "line": {"width": 2, "color": color},
                    "symbol": [VOICE_SYMBOLS.get(str(v), "square") for v in rows["voice"]]},
            error_x={"type": "data", "symmetric": False, "array": high, "arrayminus": low,
                     "thickness": 2, "width": 7, "color": color},
            text=[f"{_fmt_ci(lo, hi)}<br>{_fmt_n(n)}"
                  for lo, hi, n in zip(rows["ci_low"], rows["ci_high"], rows["n"], strict=True)],
            customdata=list(rows["voice"]),
            hovertemplate=("<b>%{fullData.name}</b> · %{customdata}<br>mean %{x:+.3f}<br>%{text}"
                           "<extra></extra>"),
        ))
    fig.add_vline(x=0, line={"color": "#999", "width": 1})
    fig.update_xaxes(title_text="Mean sentiment (VADER compound, −1 to +1)",
                     range=COMPOUND_RANGE)
    fig.update_yaxes(title_text="Source · voice", autorange="reversed")
    return base_layout(fig, height=140 + 50 * len(frame))


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
    fig.update_xaxes(title_text="Article (source · id)", tickangle=-30)
    fig.update_yaxes(title_text="Article (source · id)", autorange="reversed")
    side = max(320, 120 + 50 * len(ids))
    return base_layout(fig, height=min(side, 900))


def distinctive_bars(
    terms: pd.DataFrame, *, source: str, color: str, top_n: int = 12
) -> go.Figure:
    """One source against all others: its `top_n` most over-used terms (its colour) and
    `top_n` most under-used terms (grey), as log-odds z-scores with counts on hover.

    `terms` needs `source, term, count, count_other, z, log_odds`. Each bar carries the
    term in `customdata[0]` so a click can be traced back (see `selected_term`).
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
        customdata=shown[["term", "count", "count_other", "log_odds"]].to_numpy(),
        hovertemplate=(
            "<b>%{customdata[0]}</b><br>z = %{x:+.2f} (log-odds %{customdata[3]:+.3f})"
            f"<br>n = %{{customdata[1]}} uses in {plain(source)}, %{{customdata[2]}} in the others"
            "<extra></extra>"
        ),
    ))
    for x in (Z_NOTABLE, -Z_NOTABLE):
        fig.add_vline(x=x, line={"color": "#777", "width": 1, "dash": "dot"})
    fig.update_xaxes(title_text=f"Log-odds z-score (← the others · {plain(source)} →)")
    fig.update_yaxes(title_text="Word or two-word phrase", categoryorder="array",
                     categoryarray=list(shown["term"]))
    return base_layout(fig, height=120 + 24 * len(shown))


def selected_term(fig: go.Figure, selection: Mapping | None) -> str | None:
    """The term of the last bar picked in a plotly selection on `distinctive_bars`."""
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
