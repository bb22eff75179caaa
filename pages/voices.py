"""Voices: who each source quotes and how much, how much of its text is quoted rather than
its own narration, the sentiment of quotes vs narration, and the quotes themselves."""

import streamlit as st

from ui.figures_compare import selected_label
from ui.figures_voices import quoted_share_bars, speaker_bars, voice_rows, voice_sentiment
from ui.render import chart, one_source_notice, with_source
from ui.render_compare import comparison_page, fresh_click, n_sources, voices_for_view

SPEAKER_KEY = "voices_speaker"
# The quote comes right after who said it, so it is never pushed off the right edge.
QUOTE_COLUMNS = ["source", "speaker", "text", "kind", "compound", "article_id", "sentence_id"]
QUOTE_WIDTH_PX = 560  # ~80 characters a line at the theme's 14 px table font
QUOTE_ROW_PX = 76  # three lines of table text: a long quote wraps instead of being cut off

view = comparison_page("Voices")
articles, sentences = view.table("articles"), view.table("sentences")
quotes = view.table("quotes")

one_source_notice(n_sources(articles))

speakers, shares = voices_for_view(quotes, sentences, articles)
st.subheader("Who is quoted, and how much")
if quotes.empty:
    st.info("No quote or attributed statement was found in these articles: they are told "
            "entirely in the outlets' own words.")
speaker_chart = speaker_bars(speakers, colors=view.colors)
clicked = selected_label(speaker_chart, chart(
    speaker_chart, key="voices_speakers", selectable=True,
    how_to_read=("bar length = words quoted from (or reported of) each speaker, one colour per "
                 "source; hover for the number of quotes. Speakers are merged across name "
                 "variants (\"Wang Yi\", \"Wang\"). Click a bar to list that speaker's quotes."),
))

st.subheader("Quoted text vs the outlet's own narration")
chart(quoted_share_bars(shares, colors=view.colors), key="voices_shares",
      how_to_read=("each bar is 100% of a source's words: solid = inside quotation marks, "
                   "hatched = sentences reporting what someone said, grey = the outlet "
                   "speaking for itself."))
st.subheader("Sentiment: the people quoted vs the narration")
chart(voice_sentiment(voice_rows(shares), colors=view.colors), key="voices_sentiment",
      how_to_read=("mean VADER compound (−1 to +1) of each voice per source: do the people "
                   "quoted sound warmer or harsher than the outlet's own narration? Whiskers "
                   "are 95% CIs where known; hover for n."))

st.subheader("The quotes")
if quotes.empty:
    st.info("No quotes to list.")
    st.stop()
table = with_source(quotes, articles)
names = sorted(table["speaker"].astype(str).unique())
if clicked in names and fresh_click(clicked, key=SPEAKER_KEY):
    st.session_state[SPEAKER_KEY] = [clicked]
picked = st.multiselect("Speakers", options=names, key=SPEAKER_KEY,
                        help="Empty = every speaker.")
if picked:
    table = table[table["speaker"].isin(picked)]
st.caption(f"{len(table)} quotes. Direct = words inside quotation marks; indirect = a "
           "sentence reporting what the speaker said. Compound is the quote's VADER score.")
st.dataframe(
    table.sort_values(["source", "article_id", "sentence_id"])[QUOTE_COLUMNS],
    hide_index=True, width="stretch", key="voices_quotes", row_height=QUOTE_ROW_PX,
    column_config={
        "compound": st.column_config.NumberColumn("compound", format="%+.3f"),
        "text": st.column_config.TextColumn("quote", width=QUOTE_WIDTH_PX,
                                            help="The full quote; long ones wrap in the cell."),
        "sentence_id": st.column_config.NumberColumn("sentence"),
    },
)
