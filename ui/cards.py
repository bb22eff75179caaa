"""The Overview's source cards: one bordered card per source (render only)."""

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from analysis.tone import ToneDimension
from ui.render import md_escape

# Tone dimensions summarised on a card (the Tone page shows them all).
CARD_TONE_COLUMNS = ("tone_gdelt", "tone_conflict", "tone_cooperation")
# GDELT tone is positive % minus negative %, so it carries a sign; the others are shares.
SIGNED_TONE_COLUMNS = frozenset({"tone_gdelt"})


def top_topic(source_topics: pd.DataFrame, *, source: str) -> pd.Series | None:
    """The topic a source mentions most per 1,000 words, or None when it mentions none."""
    if source_topics.empty:
        return None
    mine = source_topics[(source_topics["source"] == source) & (source_topics["mentions"] > 0)]
    if mine.empty:
        return None
    return mine.sort_values(["per_1k_words", "topic"], ascending=[False, True]).iloc[0]


def tone_summary(row: pd.Series, *, dims: Sequence[ToneDimension]) -> str:
    """'label: value unit; ...' for the CARD_TONE_COLUMNS present in `row` (a sign only on
    signed dimensions: a share of words is never negative)."""
    bits = [
        f"{d.label}: {row[d.column]:{'+' if d.column in SIGNED_TONE_COLUMNS else ''}.2f} "
        f"{d.unit}" for d in dims
        if d.column in CARD_TONE_COLUMNS and d.column in row.index and pd.notna(row[d.column])
    ]
    return "; ".join(bits)


def source_card(
    row: pd.Series, *, color: str, source_topics: pd.DataFrame, dims: Sequence[ToneDimension]
) -> None:
    """Articles, words, sentiment with CI and n, most covered topic, tone summary."""
    name = str(row["source"])
    st.markdown(f"**{md_escape(name)}**")
    st.html(f"<div style='height:6px;background:{color};border-radius:3px'></div>")
    a, b = st.columns(2)
    a.metric("Articles", f"{int(row['n_articles']):,}")
    b.metric("Words", f"{int(row['n_words']):,}")
    st.metric("Mean sentiment", f"{row['sentiment_mean']:+.2f}",
              help="Mean VADER compound of the source's sentences, from −1 to +1.")
    ci = (f"95% CI {row['ci_low']:+.2f} to {row['ci_high']:+.2f}"
          if pd.notna(row["ci_low"]) else "no CI (fewer than 2 sentences)")
    st.caption(f"{ci}; n = {int(row['n_sentences'])} sentences")
    top = top_topic(source_topics, source=name)
    if top is None:
        st.caption("Most covered topic: none of the topics is mentioned.")
    else:
        st.caption(f"Most covered topic: **{md_escape(top['topic'])}** "
                   f"({top['per_1k_words']:.1f} per 1,000 words)")
    summary = tone_summary(row, dims=dims)
    if summary:
        st.caption(md_escape(summary))
