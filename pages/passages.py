"""Shared passages: which articles share text (wire copy, rewrites, the same quotes), and
the shared passages of any pair side by side."""

import streamlit as st

from ui.figures import with_note
from ui.figures_compare import article_labels, selected_pair, similarity_heatmap
from ui.markup_compare import parse_passages, passages_html, ranked_pairs
from ui.render import chart
from ui.render_compare import comparison_page, fresh_click
from ui.sampling import MAX_PAIRS, heatmap_articles, shown_note

PAIR_KEY = "passages_pair"

view = comparison_page("Shared passages")
articles = view.table("articles")
if len(articles) < 2:
    st.info("Shared passages need at least two articles: this view has one. Select more "
            "sources in the sidebar, or load more articles on the Data page.")
    st.stop()

all_pairs = len(view.table("reuse"))
pairs = ranked_pairs(view.table("reuse"), limit=MAX_PAIRS)
drawn = heatmap_articles(articles, pairs)
if len(drawn) < len(articles):  # a big store: label only the articles shown
    shown_ids = set(drawn["article_id"]) | set(pairs["article_a"]) | set(pairs["article_b"])
    labels = article_labels(articles[articles["article_id"].isin(shown_ids)])
else:
    labels = article_labels(articles)
st.subheader("How much text each pair of articles shares")
heatmap = with_note(
    similarity_heatmap(pairs, articles=drawn, passage_n=pairs["n_passages"]),
    shown_note(len(drawn), len(articles), noun="articles",
               how="those of the most similar pairs"))
clicked = selected_pair(chart(
    heatmap, key="passages_heatmap", selectable=True,
    how_to_read=("each cell compares two articles: the share of the shorter article's "
                 "5-word sequences that also occur in the other (containment; 0 = none or no "
                 "shared passage found, 1 = wholly contained). Darker = more shared wording. "
                 "Hover for the number of shared passages; click a cell to read them below."),
), labels=labels)

st.subheader("Shared passages, side by side")
if pairs.empty:
    st.info("No two articles in this view share a passage: each one is worded "
            "independently (no common wire copy or identical quotes were found).")
    st.stop()
options = list(zip(pairs["article_a"].astype(str), pairs["article_b"].astype(str),
                   strict=True))
if clicked is not None and fresh_click(clicked, key=PAIR_KEY):
    chosen = clicked if clicked in options else (clicked[1], clicked[0])
    if chosen in options:
        st.session_state[PAIR_KEY] = chosen
similarity = dict(zip(options, pairs["similarity"], strict=True))
n_passages = dict(zip(options, pairs["n_passages"], strict=True))
pair = st.selectbox(
    "Article pair (most similar first)", options=options, key=PAIR_KEY,
    format_func=lambda p: (f"{labels.get(p[0], p[0])}  ↔  {labels.get(p[1], p[1])}  "
                           f"(similarity {similarity[p]:.2f}, {n_passages[p]} passages)"),
)
row = pairs.iloc[options.index(pair)]
st.html(passages_html(parse_passages(row["passages"]), label_a=labels.get(pair[0], pair[0]),
                      label_b=labels.get(pair[1], pair[1])))
st.caption("How to read this: each row is one passage found in both articles, with its own "
           "similarity (0–1). Words highlighted in yellow differ between the two versions; "
           "the rest is worded the same (ignoring case and punctuation).")

listed = (f"The {len(pairs):,} most similar of {all_pairs:,} article pairs" if
          len(pairs) < all_pairs else f"All {len(pairs)} article pairs that share a passage")
with st.expander(listed):
    st.dataframe(
        pairs.assign(article_a=pairs["article_a"].map(labels),
                     article_b=pairs["article_b"].map(labels))[
            ["article_a", "article_b", "similarity", "n_passages"]],
        hide_index=True, width="stretch", key="passages_pairs",
        column_config={
            "similarity": st.column_config.NumberColumn("similarity (0–1)", format="%.3f"),
            "n_passages": st.column_config.NumberColumn("shared passages"),
        },
    )
