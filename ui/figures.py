"""Pure Plotly builders for the sentiment and overview charts: DataFrames in, go.Figure out.

No streamlit here, so every figure can be tested without a browser. Each builder takes
the documented result tables (docs/ARCHITECTURE.md), a `colors` map from ui.palette, and
returns a figure with axis titles (with units) and hover text showing exact values and n.
Points carry `customdata = [article_id, sentence_id]` so a selection can be traced back
to its sentences (see `selected_sentences`).
"""

import html
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ui.sampling import MAX_STRIP_POINTS, arc_articles, evenly_spaced, shown_note

# VADER README: compound >= 0.05 positive, <= -0.05 negative.
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05
COMPOUND_AXIS = "Sentence sentiment (VADER compound, −1 to +1)"
# Width of the deterministic horizontal jitter of strip points, in category units.
JITTER_WIDTH = 0.5
# Golden-ratio increment: spreads consecutive sentences evenly over the jitter band.
GOLDEN = 0.6180339887
SNIPPET_CHARS = 90
FONT_FAMILY = "Source Sans Pro, Arial, sans-serif"


# Top margin of a chart with a sample note: the note (~20 px) above a legend of up to two
# rows (~50 px) above the plot.
NOTED_TOP_MARGIN = 130


def base_layout(fig: go.Figure, *, height: int = 420) -> go.Figure:
    """Shared look: white background, readable font, legend on top, tight margins."""
    fig.update_layout(
        template="plotly_white",
        height=height,
        font={"family": FONT_FAMILY, "size": 14},
        margin={"l": 70, "r": 20, "t": 50, "b": 60},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"font_size": 13},
    )
    return fig


def empty_figure(message: str, *, height: int = 260) -> go.Figure:
    """A blank figure that says why it is blank (no data, no mentions, ...)."""
    fig = go.Figure()
    fig.add_annotation(
        text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
        font={"size": 16, "color": "#555"},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return base_layout(fig, height=height)


def snippet(text: str, *, limit: int = SNIPPET_CHARS) -> str:
    """First `limit` characters of a sentence, for hover labels."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def hover_text(text: str, *, limit: int = SNIPPET_CHARS) -> str:
    """A snippet for a plotly hover label, HTML-escaped: plotly reads tags in hover text
    (it drops `<img ...>` and keeps `<b>`), and shows entities as the characters they
    stand for, so article text appears exactly as written."""
    return html.escape(snippet(text, limit=limit), quote=False)


def _jitter(ids: Sequence[int]) -> np.ndarray:
    """Deterministic offsets in [-JITTER_WIDTH/2, JITTER_WIDTH/2] (same chart every run)."""
    values = (np.asarray(ids, dtype=float) * GOLDEN) % 1.0
    return (values - 0.5) * JITTER_WIDTH


def _add_thresholds(fig: go.Figure) -> None:
    for y in (POSITIVE_THRESHOLD, NEGATIVE_THRESHOLD):
        fig.add_hline(y=y, line={"color": "#999", "width": 1, "dash": "dot"})


def sentiment_distribution(
    sentences: pd.DataFrame,
    sources: pd.DataFrame,
    *,
    colors: Mapping[str, str],
) -> go.Figure:
    """Per source: every sentence's compound (strip), its box, and the mean with 95% CI.

    `sentences` needs `source, article_id, sentence_id, text, compound`; `sources` needs
    `source, sentiment_mean, ci_low, ci_high, n_sentences`.
    """
    if sentences.empty or sources.empty:
        return empty_figure("No sentences to show for the current filters.")
    # One pass over only the columns drawn (not a full-table mask per source).
    needed = sentences[["source", "article_id", "sentence_id", "text", "compound"]]
    groups = dict(tuple(needed.groupby("source", sort=False)))
    order = [s for s in sources["source"].tolist() if s in groups]
    fig = go.Figure()
    largest = 0
    for i, name in enumerate(order):
        everything = groups[name].reset_index(drop=True)
        color = colors.get(name, "#444")
        fig.add_trace(go.Box(
            x=np.full(len(everything), i), y=everything["compound"].to_numpy(), name=name,
            legendgroup=name, marker_color=color, boxpoints=False, width=0.6,
            showlegend=False, hoverinfo="skip", fillcolor="rgba(0,0,0,0)", line={"width": 1.5},
        ))
        largest = max(largest, len(everything))
        rows = evenly_spaced(everything, limit=MAX_STRIP_POINTS).reset_index(drop=True)
        fig.add_trace(go.Scatter(
            x=i + _jitter(range(len(rows))), y=rows["compound"], mode="markers",
            name=name, legendgroup=name, marker={"color": color, "size": 7, "opacity": 0.6},
            customdata=np.column_stack([rows["article_id"], rows["sentence_id"]]),
            text=[hover_text(t) for t in rows["text"]],
            hovertemplate=(
                "<b>%{fullData.name}</b><br>compound %{y:+.3f}<br>"
                "%{customdata[0]} · sentence %{customdata[1]}<br>%{text}<extra></extra>"
            ),
        ))
    stats = sources.set_index("source").loc[order]
    fig.add_trace(go.Scatter(
        x=list(range(len(order))), y=stats["sentiment_mean"], mode="markers",
        name="mean ± 95% CI", marker={"color": "black", "size": 13, "symbol": "diamond"},
        error_y={
            "type": "data", "symmetric": False, "color": "black", "thickness": 2, "width": 10,
            "array": stats["ci_high"] - stats["sentiment_mean"],
            "arrayminus": stats["sentiment_mean"] - stats["ci_low"],
        },
        customdata=np.column_stack([stats["ci_low"], stats["ci_high"], stats["n_sentences"]]),
        hovertemplate=(
            "mean %{y:+.3f}<br>95% CI %{customdata[0]:+.3f} to %{customdata[1]:+.3f}"
            "<br>n = %{customdata[2]} sentences<extra></extra>"
        ),
    ))
    _add_thresholds(fig)
    fig.update_xaxes(
        tickvals=list(range(len(order))), ticktext=order, title_text="Source",
        range=[-0.6, len(order) - 0.4],
    )
    fig.update_yaxes(title_text=COMPOUND_AXIS, range=[-1.05, 1.05], zeroline=True)
    fig = base_layout(fig, height=460)
    note = shown_note(MAX_STRIP_POINTS, largest, noun="sentences per source as dots",
                      rest="; boxes, means and CIs use every sentence")
    return with_note(fig, note)


def with_note(fig: go.Figure, note: str) -> go.Figure:
    """Say on the chart that it shows a sample: a small title pinned to the top edge, with
    room below it for a legend of two rows (ten sources) so the two never overlap."""
    if note:
        fig.update_layout(
            title={"text": html.escape(note), "font": {"size": 13}, "x": 0, "xref": "paper",
                   "y": 0.985, "yref": "container", "yanchor": "top"},
            margin={"t": NOTED_TOP_MARGIN}, height=(fig.layout.height or 420) + 40)
    return fig


def sentiment_arc(sentences: pd.DataFrame, *, colors: Mapping[str, str]) -> go.Figure:
    """Sentence compound by position in each article (0% = first sentence, 100% = last).

    One line per article, coloured by its source. `sentences` needs
    `source, article_id, sentence_id, text, compound`.
    """
    if sentences.empty:
        return empty_figure("No sentences to show for the current filters.")
    chosen = arc_articles(sentences)
    total = sentences["article_id"].nunique()
    if len(chosen) < total:
        fig = _sampled_arc(sentences[sentences["article_id"].isin(chosen)], colors=colors)
    else:
        fig = _arc_per_article(sentences, colors=colors)
    _add_thresholds(fig)
    fig.update_xaxes(title_text="Position in article (% of sentences)", range=[-2, 102])
    fig.update_yaxes(title_text=COMPOUND_AXIS, range=[-1.05, 1.05])
    return with_note(base_layout(fig, height=420),
                      shown_note(len(chosen), total, noun="articles", rest=", spread over sources"))


def _arc_positions(sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentences sorted by article and position, with `position` (% through the article)."""
    rows = sentences.sort_values(["article_id", "sentence_id"])
    last = rows.groupby("article_id")["sentence_id"].transform("max").clip(lower=1)
    return rows.assign(position=rows["sentence_id"] / last * 100)


def _sampled_arc(sentences: pd.DataFrame, *, colors: Mapping[str, str]) -> go.Figure:
    """The arc of many articles: one trace per source, its articles' lines separated by
    gaps (a trace per article makes a chart of thousands of traces)."""
    fig = go.Figure()
    for name, rows in _arc_positions(sentences).groupby("source", sort=True):
        name = str(name)
        starts = rows["article_id"].ne(rows["article_id"].shift()).to_numpy(copy=True)
        starts[0] = False
        gap = np.cumsum(starts)  # insert one empty point before each new article
        n = len(rows) + int(starts.sum())
        where = np.arange(len(rows)) + gap
        x, y = np.full(n, np.nan), np.full(n, np.nan)
        x[where], y[where] = rows["position"].to_numpy(), rows["compound"].to_numpy()
        custom = np.full((n, 2), None, dtype=object)
        custom[where] = np.column_stack([rows["article_id"], rows["sentence_id"]])
        text = np.full(n, "", dtype=object)
        # The article id goes in the (escaped) text, not raw into the hover template.
        text[where] = [f"{html.escape(str(a))}<br>{hover_text(t)}"
                       for a, t in zip(rows["article_id"], rows["text"], strict=True)]
        fig.add_trace(go.Scatter(
            x=x, y=y, mode="lines+markers", name=name, connectgaps=False,
            line={"color": colors.get(name, "#444"), "width": 1.5}, marker={"size": 6},
            customdata=custom, text=text,
            hovertemplate=(
                f"<b>{html.escape(name)}</b> · sentence %{{customdata[1]}} "
                "(%{x:.0f}% through)<br>compound %{y:+.3f}<br>%{text}<extra></extra>"),
        ))
    return fig


def _arc_per_article(sentences: pd.DataFrame, *, colors: Mapping[str, str]) -> go.Figure:
    """The arc of a few articles: one trace per article."""
    fig = go.Figure()
    shown: set[str] = set()
    for article_id, rows in sentences.groupby("article_id", sort=True):
        rows = rows.sort_values("sentence_id")
        name = str(rows["source"].iloc[0])
        last = max(int(rows["sentence_id"].max()), 1)
        position = rows["sentence_id"] / last * 100
        fig.add_trace(go.Scatter(
            x=position, y=rows["compound"], mode="lines+markers", name=name,
            legendgroup=name, showlegend=name not in shown,
            line={"color": colors.get(name, "#444"), "width": 1.5},
            marker={"size": 6},
            customdata=np.column_stack([rows["article_id"], rows["sentence_id"]]),
            text=[hover_text(t) for t in rows["text"]],
            hovertemplate=(
                f"<b>{html.escape(str(name))}</b> · {html.escape(str(article_id))}<br>"
                "sentence %{customdata[1]} "
                "(%{x:.0f}% through)<br>compound %{y:+.3f}<br>%{text}<extra></extra>"
            ),
        ))
        shown.add(name)
    return fig


def source_sentiment_ci(sources: pd.DataFrame, *, colors: Mapping[str, str]) -> go.Figure:
    """Mean sentence sentiment per source with its 95% bootstrap CI (a dot-and-whisker plot)."""
    if sources.empty:
        return empty_figure("No sources to compare.")
    fig = go.Figure()
    for _, row in sources.iterrows():
        name = str(row["source"])
        fig.add_trace(go.Scatter(
            x=[row["sentiment_mean"]], y=[name], mode="markers", name=name,
            marker={"color": colors.get(name, "#444"), "size": 14},
            error_x={
                "type": "data", "symmetric": False, "thickness": 2.5, "width": 8,
                "array": [row["ci_high"] - row["sentiment_mean"]],
                "arrayminus": [row["sentiment_mean"] - row["ci_low"]],
                "color": colors.get(name, "#444"),
            },
            customdata=[[row["ci_low"], row["ci_high"], row["n_sentences"]]],
            hovertemplate=(
                "<b>%{y}</b><br>mean %{x:+.3f}<br>95% CI %{customdata[0]:+.3f} to "
                "%{customdata[1]:+.3f}<br>n = %{customdata[2]} sentences<extra></extra>"
            ),
        ))
    fig.add_vline(x=0, line={"color": "#999", "width": 1})
    fig.update_xaxes(title_text="Mean sentence sentiment (VADER compound, −1 to +1)")
    fig.update_yaxes(title_text="Source", autorange="reversed")
    return base_layout(fig, height=120 + 60 * len(sources))


def selected_sentences(fig: go.Figure, selection: Mapping | None) -> list[tuple[str, int]]:
    """(article_id, sentence_id) of the points picked in a plotly selection event.

    Reads `customdata` from the figure's own traces by curve number and point index, so
    it works whatever fields the front end sends back. Unknown points are ignored.
    """
    if not selection:
        return []
    points = selection.get("points", []) if isinstance(selection, Mapping) else []
    picked: list[tuple[str, int]] = []
    for point in points:
        curve, index = point.get("curve_number"), point.get("point_index")
        if curve is None or index is None or curve >= len(fig.data):
            continue
        data = fig.data[curve].customdata
        if data is None or index >= len(data) or len(data[index]) < 2:
            continue
        try:
            picked.append((str(data[index][0]), int(data[index][1])))
        except (TypeError, ValueError):
            continue
    return list(dict.fromkeys(picked))


def selected_bars(fig: go.Figure, selection: Mapping | None) -> list[tuple[str, str]]:
    """(trace name, x value) of the bars picked in a plotly selection event, e.g.
    (source, topic) on the grouped topic charts."""
    if not selection:
        return []
    picked: list[tuple[str, str]] = []
    for point in selection.get("points", []) if isinstance(selection, Mapping) else []:
        curve = point.get("curve_number")
        if curve is None or curve >= len(fig.data) or point.get("x") is None:
            continue
        picked.append((str(fig.data[curve].name), str(point["x"])))
    return list(dict.fromkeys(picked))


def explanation_bars(frame: pd.DataFrame, *, compound: float) -> go.Figure:
    """Each scored word's final valence (after VADER's rules), in sentence order.

    `frame` is analysis.explain.explanation_frame; bars above 0 push the sentence positive.
    """
    if frame.empty:
        return empty_figure("No word in this sentence is in the VADER lexicon: compound 0.",
                            height=200)
    values = frame["final_valence"].astype(float)
    labels = [f"{w} ({i})" if pd.notna(i) else str(w)
              for w, i in zip(frame["word"], frame["index"], strict=True)]
    fig = go.Figure(go.Bar(
        x=labels, y=values,
        marker_color=["#0072B2" if v >= 0 else "#D55E00" for v in values],
        customdata=np.column_stack([frame["lexicon_valence"].astype(float),
                                    frame["modifiers"].fillna("").astype(str)]),
        hovertemplate=("<b>%{x}</b><br>final valence %{y:+.3f}<br>lexicon valence "
                       "%{customdata[0]:+.2f}<br>%{customdata[1]}<extra></extra>"),
    ))
    fig.add_hline(y=0, line={"color": "#999", "width": 1})
    fig.update_xaxes(title_text="Word (position among VADER's tokens)")
    fig.update_yaxes(title_text="Valence after rules (VADER, −4 to +4)")
    fig.update_layout(title={"text": f"Sentence compound {compound:+.3f}", "x": 0})
    return base_layout(fig, height=320)
