"""Topics: heatmap of mentions, coverage, sentiment toward each topic, keyword in context,
and the topic editor."""

import streamlit as st

from ui.figures import selected_bars
from ui.figures_topics import topic_coverage, topic_heatmap, topic_sentiment
from ui.markup import kwic_html
from ui.render import chart, md_escape, no_articles_notice, one_source_notice, with_source
from ui.sampling import MAX_KWIC_ROWS, evenly_spaced, shown_note
from ui.state import current_settings, current_view
from ui.topic_editor import topic_editor
from ui.topic_spans import kwic_rows, spans_for_rows, topics_by_mentions

view = current_view()
source_topics = view.table("source_topics")

st.title("Topics")
with st.expander("Edit topics", icon=":material/edit:"):
    topic_editor(key="topics_editor")
if view.table("articles").empty:
    no_articles_notice()
    st.stop()
one_source_notice(source_topics["source"].nunique() if not source_topics.empty else 0)

st.subheader("How often each source mentions each topic")
chart(topic_heatmap(source_topics), key="topics_heatmap",
      how_to_read=("each cell is mentions of the topic's terms per 1,000 words of the "
                   "source; darker = more attention. Hover for the raw count."))
left, right = st.columns(2)
with left:
    st.subheader("Coverage share")
    coverage = topic_coverage(source_topics, colors=view.colors)
    picked = selected_bars(coverage, chart(
        coverage, key="topics_coverage", selectable=True,
        how_to_read=("bar height = % of a source's sentences that mention the topic. Click a "
                     "bar to read those sentences below.")))
with right:
    st.subheader("Sentiment toward each topic")
    toward = topic_sentiment(source_topics, colors=view.colors)
    picked += selected_bars(toward, chart(
        toward, key="topics_sentiment", selectable=True,
        how_to_read=("mean VADER compound of the sentences that mention the topic, with its "
                     "95% CI; no bar = the source never mentions it. Click a bar to read them.")))

st.subheader("Sentences that mention a topic")
topic_names = topics_by_mentions(source_topics)
if not topic_names:
    st.info("No topics are defined or selected. Add one with the topic editor above.")
else:
    if picked and picked[-1][1] in topic_names:
        st.session_state["topics_kwic_topic"] = picked[-1][1]
    topic = st.selectbox("Topic", options=topic_names, key="topics_kwic_topic")
    sentences = with_source(view.table("sentences"), view.table("articles"))
    rows = kwic_rows(sentences, view.table("sentence_topics"), topic=topic)
    picked_sources = [source for source, name in picked if name == topic]
    if picked_sources:
        rows = rows[rows["source"].isin(picked_sources)]
    noun = "sentence mentions" if len(rows) == 1 else "sentences mention"
    listed = evenly_spaced(rows, limit=MAX_KWIC_ROWS)
    shown = shown_note(len(listed), len(rows), noun="of them")
    st.caption(f"{len(rows):,} {noun} {md_escape(topic)}; matched terms are highlighted; "
               "Compound is the sentence's VADER score." + (f" {shown}" if shown else ""))
    topics = [t for t in current_settings().topics if t.name == topic]
    st.html(kwic_html(listed, spans=spans_for_rows(listed, topics=topics)))

st.page_link("pages/words.py", label="Words that distinguish each source",
             icon=":material/text_fields:")
