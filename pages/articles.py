"""Articles: read one article as it was scored, sentences tinted by sentiment, topic terms
highlighted, and what cleaning removed shown apart."""

import pandas as pd
import streamlit as st

from ui.markup import article_html, legend_html, removed_html
from ui.render import md_escape, no_articles_notice
from ui.state import current_settings, current_view
from ui.topic_spans import spans_by_sentence_id

view = current_view()
articles = view.table("articles")

st.title("Article reader")
if articles.empty:
    no_articles_notice()
    st.stop()

left, right = st.columns([1, 2])
source = left.selectbox("Source", options=sorted(articles["source"].astype(str).unique()),
                        key="articles_source")
mine = articles[articles["source"].astype(str) == source].sort_values("article_id")
labels = {
    row.article_id: f"{row.article_id}: {row.title}" if isinstance(row.title, str) and row.title
    else str(row.article_id)
    for row in mine.itertuples(index=False)
}
article_id = right.selectbox("Article", options=list(labels), format_func=labels.get,
                             key="articles_article")
article = mine[mine["article_id"] == article_id].iloc[0]

a, b, c, d = st.columns(4)
a.metric("Sentences scored", int(article["n_sentences"]))
b.metric("Words", f"{int(article['n_words']):,}")
c.metric("Mean sentiment", f"{article['sentiment_mean']:+.2f}")
d.metric("Positive / negative sentences",
         f"{article['share_positive']:.0%} / {article['share_negative']:.0%}")
details = [
    f"{k}: {article[k]:%Y-%m-%d}" if isinstance(article[k], pd.Timestamp) else f"{k}: {article[k]}"
    for k in ("url", "published", "story")
    if k in article and pd.notna(article[k]) and str(article[k])
]
if details:
    st.caption(md_escape(" · ".join(details)))

sentences = view.table("sentences")
sentences = sentences[sentences["article_id"] == article_id]
spans = spans_by_sentence_id(sentences, topics=current_settings().topics)
st.html(legend_html())
title = article["title"] if isinstance(article["title"], str) else None
st.html(article_html(sentences, spans=spans, title=title))
st.caption("How to read this: every scored sentence in order; hover a sentence for its "
           "compound score. The title is shown but not scored.")

removed = view.table("removed")
removed = removed[removed["article_id"] == article_id] if not removed.empty else removed
with st.expander(f"Removed before scoring ({len(removed)})", icon=":material/content_cut:"):
    st.html(removed_html(removed))

quotes = view.table("quotes")
quotes = quotes[quotes["article_id"] == article_id] if not quotes.empty else quotes
with st.expander(f"Quotes and attributed statements ({len(quotes)})"):
    if quotes.empty:
        st.caption("No quotes found in this article.")
    else:
        st.dataframe(quotes, hide_index=True, width="stretch", key="articles_quotes")

reuse = view.table("reuse")
if not reuse.empty:
    shared = reuse[(reuse["article_a"] == article_id) | (reuse["article_b"] == article_id)]
    with st.expander(f"Passages shared with other articles ({len(shared)})"):
        st.dataframe(shared, hide_index=True, width="stretch", key="articles_reuse")
