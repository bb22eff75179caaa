"""Sentiment: distributions per source, the arc through each article, extreme sentences,
and "why this score" for any sentence."""

import streamlit as st

from ui.explain_panel import explain_panel
from ui.figures import selected_sentences, sentiment_arc, sentiment_distribution
from ui.render import (
    chart,
    no_articles_notice,
    one_source_notice,
    picked_rows,
    sentence_table,
    with_source,
)
from ui.state import current_view

# Sentences listed per source in the "most positive / most negative" tables.
EXTREMES_PER_SOURCE = 3

view = current_view()
sources = view.table("sources")
sentences = with_source(view.table("sentences"), view.table("articles"))

st.title("Sentiment")
if sentences.empty:
    no_articles_notice()
    st.stop()
one_source_notice(len(sources))

st.subheader("Distribution of sentence sentiment")
dist = sentiment_distribution(sentences, sources, colors=view.colors)
picked = selected_sentences(dist, chart(
    dist, key="sentiment_distribution", selectable=True,
    how_to_read=("each dot is one sentence (VADER compound, −1 very negative to +1 very "
                 "positive); boxes show the middle half; the black diamond is the source mean "
                 "with its 95% CI. Dotted lines mark the ±0.05 neutral band. Click or "
                 "box-select dots to list their sentences."),
))
st.subheader("Sentiment arc through each article")
arc = sentiment_arc(sentences, colors=view.colors)
picked += selected_sentences(arc, chart(
    arc, key="sentiment_arc", selectable=True,
    how_to_read=("one line per article: its sentences in reading order from first (0%) to "
                 "last (100%). Click a point to list its sentence."),
))
chosen = picked_rows(sentences, picked)
if not chosen.empty:
    st.markdown(f"**Selected sentences ({len(chosen)})**")
    sentence_table(chosen, key="sentiment_selected")

st.subheader("Most positive and most negative sentences")
ordered = sentences.sort_values("compound")
st.markdown("**Most positive**")
sentence_table(
    ordered.groupby("source").tail(EXTREMES_PER_SOURCE).sort_values(
        ["source", "compound"], ascending=[True, False]),
    key="sentiment_top_positive")
st.markdown("**Most negative**")
sentence_table(ordered.groupby("source").head(EXTREMES_PER_SOURCE),
               key="sentiment_top_negative")

st.subheader("Why this score?")
explain_panel(sentences, picked=chosen, key="sentiment_explain")
