"""Pure Plotly builders for topic, tone and distinctive-word charts (no streamlit here)."""

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.figures import base_layout, empty_figure
from ui.palette import SEQUENTIAL


def topic_heatmap(source_topics: pd.DataFrame) -> go.Figure:
    """Topic x source heatmap of mentions per 1,000 words, each cell labelled with its value.

    `source_topics` needs `source, topic, per_1k_words, mentions, n_sentences,
    share_sentences`.
    """
    if source_topics.empty:
        return empty_figure("No topics to show for the current filters.")
    values = source_topics.pivot_table(
        index="topic", columns="source", values="per_1k_words", aggfunc="sum", sort=True
    )
    mentions = source_topics.pivot_table(
        index="topic", columns="source", values="mentions", aggfunc="sum", sort=True
    ).reindex_like(values)
    fig = go.Figure(go.Heatmap(
        z=values.to_numpy(), x=list(values.columns), y=list(values.index),
        # zmax at least 1: with all-zero cells plotly would centre the scale on 0 and
        # paint "no mentions" mid-blue.
        colorscale=SEQUENTIAL, zmin=0, zmax=max(float(np.nanmax(values.to_numpy())), 1.0),
        colorbar={"title": {"text": "per 1,000<br>words"}},
        text=np.vectorize(lambda v: f"{v:.1f}")(values.to_numpy()),
        texttemplate="%{text}", textfont={"size": 15},
        customdata=mentions.to_numpy(),
        hovertemplate=(
            "<b>%{y}</b> in %{x}<br>%{z:.2f} mentions per 1,000 words"
            "<br>%{customdata} mentions<extra></extra>"
        ),
    ))
    fig.update_xaxes(title_text="Source", side="bottom")
    fig.update_yaxes(title_text="Topic", autorange="reversed")
    return base_layout(fig, height=max(260, 90 + 60 * len(values.index)))


def _grouped_bars(
    frame: pd.DataFrame,
    *,
    value: str,
    colors: Mapping[str, str],
    hover: str,
    custom: Sequence[str],
    error: tuple[str, str] | None = None,
) -> go.Figure:
    fig = go.Figure()
    for name, rows in frame.groupby("source", sort=True):
        error_y = None
        if error is not None:
            error_y = {
                "type": "data", "symmetric": False, "thickness": 1.5, "width": 6,
                "array": rows[error[1]] - rows[value], "arrayminus": rows[value] - rows[error[0]],
            }
        fig.add_trace(go.Bar(
            x=rows["topic"], y=rows[value], name=str(name),
            marker_color=colors.get(str(name), "#444"), error_y=error_y,
            customdata=rows[list(custom)].to_numpy(), hovertemplate=hover,
        ))
    fig.update_layout(barmode="group", bargap=0.25)
    # Topics in alphabetical order, as on the heatmap.
    fig.update_xaxes(title_text="Topic", categoryorder="array",
                     categoryarray=sorted(frame["topic"].astype(str).unique()))
    return fig


def topic_coverage(source_topics: pd.DataFrame, *, colors: Mapping[str, str]) -> go.Figure:
    """Share of each source's sentences that mention each topic (grouped bars, %)."""
    if source_topics.empty:
        return empty_figure("No topics to show for the current filters.")
    if not (source_topics["mentions"] > 0).any():
        return empty_figure("No sentence mentions any selected topic.")
    frame = source_topics.assign(share_pct=source_topics["share_sentences"] * 100)
    fig = _grouped_bars(
        frame, value="share_pct", colors=colors, custom=["mentions", "n_sentences"],
        hover=(
            "<b>%{fullData.name}</b> · %{x}<br>%{y:.1f}% of sentences mention it"
            "<br>%{customdata[1]} sentences, %{customdata[0]} mentions<extra></extra>"
        ),
    )
    fig.update_yaxes(title_text="Sentences mentioning the topic (%)", rangemode="tozero")
    return base_layout(fig, height=380)


def topic_sentiment(source_topics: pd.DataFrame, *, colors: Mapping[str, str]) -> go.Figure:
    """Mean sentiment of the sentences that mention each topic, per source, with 95% CI.

    Topics a source never mentions have no bar (sentiment is NaN there).
    """
    frame = source_topics.dropna(subset=["sentiment"]) if not source_topics.empty else source_topics
    if frame.empty:
        return empty_figure("No sentence mentions any selected topic.")
    fig = _grouped_bars(
        frame, value="sentiment", colors=colors, error=("ci_low", "ci_high"),
        custom=["n_sentences", "ci_low", "ci_high"],
        hover=(
            "<b>%{fullData.name}</b> · %{x}<br>mean %{y:+.3f}<br>95% CI %{customdata[1]:+.3f}"
            " to %{customdata[2]:+.3f}<br>n = %{customdata[0]} sentences<extra></extra>"
        ),
    )
    fig.add_hline(y=0, line={"color": "#999", "width": 1})
    fig.update_yaxes(title_text="Sentiment toward topic (mean compound, −1 to +1)")
    return base_layout(fig, height=380)


def tone_profile(
    sources: pd.DataFrame,
    *,
    dimensions: Sequence[tuple[str, str]],
    colors: Mapping[str, str],
    columns: int = 2,
) -> go.Figure:
    """Small multiples: one bar panel per tone dimension, one bar per source.

    `dimensions` is a list of `(column, axis label with unit)`; each panel keeps its own
    scale because the dimensions have different units (a radar would mix them).
    """
    present = [(c, label) for c, label in dimensions if c in sources.columns]
    if sources.empty or not present:
        return empty_figure("No tone measures for the current filters.")
    rows = -(-len(present) // columns)
    fig = make_subplots(
        rows=rows, cols=columns, subplot_titles=[label for _, label in present],
        vertical_spacing=0.5 / rows, horizontal_spacing=0.12,
    )
    names = [str(s) for s in sources["source"]]
    for k, (column, label) in enumerate(present):
        r, c = divmod(k, columns)
        fig.add_trace(go.Bar(
            x=sources[column], y=names, orientation="h", showlegend=False,
            marker_color=[colors.get(n, "#444") for n in names],
            text=[f"{v:.2f}" for v in sources[column]], textposition="auto",
            hovertemplate=f"<b>%{{y}}</b><br>{label}: %{{x:.3f}}<extra></extra>",
        ), row=r + 1, col=c + 1)
        fig.update_yaxes(autorange="reversed", row=r + 1, col=c + 1)
    fig.update_annotations(font_size=13)
    return base_layout(fig, height=60 + 170 * rows)

