"""'Why this score': pick a sentence, see the words that produced its VADER compound."""

import pandas as pd
import streamlit as st

from analysis import explain
from ui.cache import get_scorer
from ui.figures import explanation_bars, snippet
from ui.render import chart, md_escape


def _label(row: pd.Series) -> str:
    return (f"{row['source']} · {row['article_id']} #{int(row['sentence_id'])} "
            f"({row['compound']:+.2f}): {snippet(row['text'], limit=70)}")


def explain_panel(sentences: pd.DataFrame, *, picked: pd.DataFrame, key: str) -> None:
    """A sentence picker (the chart selection first) and its word-level explanation."""
    if sentences.empty:
        st.info("No sentences to explain.")
        return
    pool = pd.concat([picked, sentences], ignore_index=True).drop_duplicates(
        subset=["article_id", "sentence_id"])
    labels = [_label(row) for _, row in pool.iterrows()]
    choice = st.selectbox("Sentence", options=range(len(labels)),
                          format_func=lambda i: labels[i], key=f"{key}_sentence")
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
