"""Overview: one card per source and the generated findings."""

import streamlit as st

from analysis.findings import generate_findings
from analysis.tone import TONE_DIMENSIONS
from ui.cards import source_card
from ui.figures import source_sentiment_ci
from ui.render import chart, md_escape, no_articles_notice, one_source_notice
from ui.state import current_view

view = current_view()
sources, source_topics = view.table("sources"), view.table("source_topics")
dims = TONE_DIMENSIONS

st.title("How the sources cover the story")
if view.table("articles").empty or sources.empty:
    no_articles_notice()
    st.stop()

st.subheader("What stands out")
findings = generate_findings(
    sources, source_topics, tone_dimensions=[(d.column, d.label) for d in dims]
)
for finding in findings:
    st.markdown(f"- {md_escape(finding.text)}")
one_source_notice(len(sources))

st.subheader("Sources at a glance")
columns = st.columns(min(len(sources), 4))
# Split once: each card then looks at its own source's rows only.
topics_of = ({} if source_topics.empty
             else dict(tuple(source_topics.groupby("source", sort=False))))
for i, (_, row) in enumerate(sources.iterrows()):
    with columns[i % len(columns)].container(border=True):
        source_card(row, color=view.colors.get(str(row["source"]), "#444"),
                    source_topics=topics_of.get(row["source"], source_topics.iloc[0:0]),
                    dims=dims)

chart(
    source_sentiment_ci(sources, colors=view.colors),
    how_to_read=("each dot is a source's mean sentence sentiment; the whisker is its 95% "
                 "bootstrap confidence interval. Whiskers that do not overlap mark a clear "
                 "difference."),
    key="overview_sentiment",
)
st.page_link("pages/sentiment.py", label="See the sentences behind these scores",
             icon=":material/mood:")
