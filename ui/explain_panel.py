"""'Why this score': pick a sentence, see the words that produced its VADER compound."""

import pandas as pd
import streamlit as st

from analysis import explain
from ui.cache import get_scorer
from ui.figures import explanation_bars, snippet
from ui.render import chart, md_escape
from ui.sampling import labels_for, strongest


def _label(source, article_id, sentence_id, compound, text) -> str:
    return (f"{source} · {article_id} #{int(sentence_id)} "
            f"({compound:+.2f}): {snippet(text, limit=70)}")


def explain_panel(sentences: pd.DataFrame, *, picked: pd.DataFrame, key: str) -> None:
    """A sentence picker (the chart selection first, then the strongest scores, at most
    MAX_PICKER_SENTENCES of them) and its word-level explanation."""
    if sentences.empty:
        st.info("No sentences to explain.")
        return
    offered = strongest(sentences)
    pool = pd.concat([picked, offered], ignore_index=True).drop_duplicates(
        subset=["article_id", "sentence_id"])
    labels = [_label(*values) for values in labels_for(
        pool, columns=("source", "article_id", "sentence_id", "compound", "text"))]
    choice = st.selectbox("Sentence", options=range(len(labels)),
                          format_func=lambda i: labels[i], key=f"{key}_sentence")
    if len(offered) < len(sentences):
        st.caption(f"Listing the {len(offered):,} sentences with the strongest scores of "
                   f"{len(sentences):,} (and any selected on the charts above); select dots "
                   "on a chart to explain other sentences.")
    row = pool.iloc[int(choice or 0)]
    st.markdown(f"> {md_escape(row['text'])}")
    result = explain.explain(str(row["text"]), scorer=get_scorer())
    frame = explain.explanation_frame(result)
    chart(explanation_bars(frame, compound=result.compound), key=f"{key}_chart",
          how_to_read=("each bar is a word from the VADER lexicon with its valence after "
                       "VADER's rules (negation, boosters, 'but', capitals); they add up to "
                       f"{result.raw_sum:+.3f} with punctuation, and compound = sum / "
                       f"√(sum² + 15) = {result.compound:+.3f}."))
    st.dataframe(frame, hide_index=True, width="stretch", key=f"{key}_table")
