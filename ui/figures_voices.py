"""Pure Plotly builders for the Voices page: who each source quotes, how much of its text is
quoted, and the sentiment of quotes vs narration (tables of analysis.quotes).

No streamlit here; axis titles carry units and hovers show exact values and n.
"""

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ui.figures import base_layout, empty_figure, hover_text
from ui.figures_compare import LABEL_CHARS, plain

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


def speaker_bars(
    speakers: pd.DataFrame, *, colors: Mapping[str, str], top_n: int = 12
) -> go.Figure:
    """Who each source quotes: quoted words per speaker, one bar colour per source.

    `speakers` needs `source, speaker, quotes, words` (one row per source x speaker).
    The `top_n` speakers with the most quoted words overall are shown, biggest on top.
    Each bar carries its speaker in `customdata[0]` (see `selected_label`).
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
            x=rows["words"], y=[hover_text(str(s), limit=LABEL_CHARS) for s in rows["speaker"]],
            orientation="h", name=plain(name), marker_color=colors.get(str(name), "#444"),
            customdata=np.column_stack([rows["speaker"], rows["quotes"],
                                        [plain(s) for s in rows["speaker"]]]),
            hovertemplate=(
                "<b>%{customdata[2]}</b> in %{fullData.name}<br>%{x} quoted words"
                "<br>n = %{customdata[1]} quotes<extra></extra>"
            ),
        ))
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_xaxes(title_text="Quoted words (count)", rangemode="tozero")
    fig.update_yaxes(
        title_text="Speaker", categoryorder="array", autorange="reversed",
        categoryarray=[hover_text(str(s), limit=LABEL_CHARS) for s in order],
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
