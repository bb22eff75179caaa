"""Tone: each source's tone profile side by side, each dimension defined, with the words
that drove it and the word list behind it."""

import streamlit as st

from analysis.paths import TONE_DIR
from analysis.tone import TONE_DIMENSIONS
from analysis.tone_lists import read_word_list
from ui.figures_topics import tone_profile
from ui.render import chart, md_escape, no_articles_notice, one_source_notice
from ui.state import current_view, tone_words_by_source

# Words listed per source and dimension.
TOP_WORDS = 8
# Dimensions driven by the VADER lexicon's positive / negative words.
LEXICON_DRIVERS = {
    "tone_gdelt": ("tone_positive", "tone_negative"),
    "tone_polarity": ("tone_positive", "tone_negative"),
}

view = current_view()
sources = view.table("sources")

st.title("Tone")
if view.table("articles").empty or sources.empty:
    no_articles_notice()
    st.stop()
one_source_notice(len(sources))

chart(
    tone_profile(sources, dimensions=[(d.column, f"{d.label} ({d.unit})") for d in TONE_DIMENSIONS],
                 colors=view.colors),
    key="tone_profile",
    how_to_read=("one panel per tone dimension, one bar per source (same colours as "
                 "everywhere); each panel has its own scale and unit, so compare sources "
                 "within a panel, not across panels."),
)

words = tone_words_by_source(view)

st.subheader("What each dimension means, and the words behind it")
for dim in TONE_DIMENSIONS:
    with st.expander(f"{dim.label} ({dim.unit})", expanded=False):
        st.markdown(md_escape(dim.definition))
        if dim.column in sources:
            values = ", ".join(f"{r.source}: {getattr(r, dim.column):.2f}"
                               for r in sources.itertuples(index=False))
            st.caption(md_escape(values))
        drivers = LEXICON_DRIVERS.get(dim.column, (dim.column,))
        mine = words[words["dimension"].isin(drivers)] if not words.empty else words
        if mine.empty:
            st.caption("No words from this dimension's list occur in the selected articles.")
        else:
            top = (mine.sort_values("count", ascending=False)
                   .groupby(["source", "dimension"]).head(TOP_WORDS))
            st.dataframe(top, hide_index=True, width="stretch", key=f"tone_words_{dim.column}")
        if dim.word_list and (TONE_DIR / dim.word_list).is_file():
            listed = read_word_list(TONE_DIR / dim.word_list)
            st.caption(f"Word list data/tone/{dim.word_list} ({len(listed)} entries, edit the "
                       "file to change it): " + md_escape(", ".join(listed[:60]))
                       + (" …" if len(listed) > 60 else ""))
