"""Distinctive words: for each source against all the others, the words and two-word
phrases that set it apart (log-odds with an informative Dirichlet prior), and the sentences
where a chosen term occurs."""

import streamlit as st

from ui.figures_compare import distinctive_bars, selected_label
from ui.markup_compare import term_sentences, term_sentences_html
from ui.render import chart, md_escape, with_source
from ui.render_compare import comparison_page, fresh_click, n_sources, view_terms

SOURCE_KEY, TERM_KEY = "words_source", "words_term"
TOP_N = 12  # terms per side of the chart: readable at a glance, the full list is below

view = comparison_page("Distinctive words")
articles = view.table("articles")

if n_sources(articles) < 2:
    st.info("Distinctive words need at least two sources: a source's words are compared "
            "with everybody else's. Select more sources in the sidebar, or load another "
            "outlet on the Data page.")
    st.stop()
terms = view_terms(view)
if terms.empty:
    st.info("No distinctive words: the sources in this view use too few words to compare.")
    st.stop()

names = sorted(terms["source"].astype(str).unique())
source = st.selectbox("Source", options=names, key=SOURCE_KEY,
                      help="Its words are compared with those of all the other shown sources.")
mine = terms[terms["source"] == source].sort_values(["z", "term"], ascending=[False, True])
st.subheader(f"What sets {md_escape(source)} apart")
figure = distinctive_bars(terms, source=source, color=view.colors.get(source, "#444"),
                          top_n=TOP_N)
clicked = selected_label(figure, chart(
    figure, key="words_chart", selectable=True,
    how_to_read=(f"bars to the right are words {md_escape(source)} uses more than the "
                 "other sources, bars to the left (grey, when any) words it uses less; the "
                 "length is the z-score of the log-odds ratio with an informative Dirichlet "
                 "prior, and |z| > 1.96 (dotted lines) is a notable difference. Click a bar to "
                 "read its sentences."),
))

st.subheader("Where a term occurs")
options = [*mine[mine["z"] > 0]["term"].head(TOP_N), *mine[mine["z"] <= 0]["term"].tail(TOP_N)]
options = list(dict.fromkeys(str(t) for t in options)) or [str(t) for t in mine["term"]]
if clicked in options and fresh_click((source, clicked), key=TERM_KEY):
    st.session_state[TERM_KEY] = clicked
elif st.session_state.get(TERM_KEY) not in options:
    st.session_state[TERM_KEY] = options[0]
term = st.selectbox("Term", options=options, key=TERM_KEY)
row = mine[mine["term"] == term].iloc[0]
st.caption(f"“{md_escape(term)}”: {int(row['count'])} uses in {md_escape(source)}, "
           f"{int(row['count_other'])} in the others; z = {row['z']:+.2f}, "
           f"log-odds {row['log_odds']:+.3f}.")
sentences = with_source(view.table("sentences"), articles)
rows = term_sentences(sentences, term=term)
rows = rows.assign(_mine=rows["source"] != source).sort_values(
    ["_mine", "source", "article_id", "sentence_id"]).drop(columns="_mine")
st.html(term_sentences_html(rows, term=term))
st.caption("How to read this: every sentence of the shown articles that contains the term "
           f"(highlighted), {md_escape(source)} first; Compound is the sentence's VADER score.")

with st.expander(f"All {len(mine)} terms of {md_escape(source)}"):
    st.dataframe(
        mine[["term", "count", "count_other", "z", "log_odds"]], hide_index=True,
        width="stretch", key="words_table",
        column_config={
            "count": st.column_config.NumberColumn(f"uses in {source}"),
            "count_other": st.column_config.NumberColumn("uses in the others"),
            "z": st.column_config.NumberColumn("z-score", format="%+.2f"),
            "log_odds": st.column_config.NumberColumn("log-odds", format="%+.3f"),
        },
    )
