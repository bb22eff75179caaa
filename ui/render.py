"""Small streamlit render helpers shared by the pages (no analysis here)."""

import re
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$])")
PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
SENTENCE_COLUMNS = ["source", "compound", "text", "article_id", "sentence_id", "label"]


def md_escape(text: str) -> str:
    """`text` with markdown specials escaped, so article text or names render literally."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


def chart(
    fig: go.Figure, *, how_to_read: str, key: str, selectable: bool = False
) -> Mapping | None:
    """Draw a figure with its one-line "how to read this" caption.

    With `selectable`, clicking / box-selecting returns the plotly selection (read it with
    ui.figures.selected_sentences or selected_bars); otherwise None.
    """
    event = None
    if selectable:
        event = st.plotly_chart(fig, key=key, on_select="rerun",
                                selection_mode=("points", "box", "lasso"), config=PLOTLY_CONFIG)
    else:
        st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG)
    st.caption(f"How to read this: {how_to_read}")
    return event.get("selection") if event else None


def with_source(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Sentences with their article's source (a join for display)."""
    if sentences.empty or articles.empty:
        return sentences.assign(source=pd.Series(dtype="object"))
    return sentences.merge(articles[["article_id", "source"]], on="article_id", how="inner")


def sentence_table(frame: pd.DataFrame, *, key: str, height: int | None = None) -> None:
    """Sentences as a table (st.dataframe shows text literally, never as HTML)."""
    if frame.empty:
        st.info("No sentences here.")
        return
    columns = [c for c in SENTENCE_COLUMNS if c in frame.columns]
    extra = [c for c in frame.columns if c not in columns and c in ("topic", "terms")]
    st.dataframe(
        frame[columns + extra], key=key, hide_index=True, width="stretch",
        height=height or "auto",
        column_config={
            "source": st.column_config.TextColumn("source", width="small"),
            "compound": st.column_config.NumberColumn("compound", format="%+.3f",
                                                      width="small"),
            "text": st.column_config.TextColumn(
                "sentence", width="large", help="Double-click a cell to read all of it."),
            "article_id": st.column_config.TextColumn("article", width="small"),
            "sentence_id": st.column_config.NumberColumn("#", width="small",
                                                         help="Sentence position (from 0)."),
            "label": st.column_config.TextColumn("label", width="small"),
        },
    )


def picked_rows(sentences: pd.DataFrame, picked: Sequence[tuple[str, int]]) -> pd.DataFrame:
    """The sentence rows for (article_id, sentence_id) pairs picked on a chart."""
    if not picked or sentences.empty:
        return sentences.iloc[0:0]
    keys = pd.DataFrame(picked, columns=["article_id", "sentence_id"])
    return sentences.merge(keys, on=["article_id", "sentence_id"], how="inner")


def no_articles_notice() -> None:
    """The empty state: nothing to show, and where to load articles."""
    st.info("No articles match the current corpus and filters. Clear the sidebar filters, "
            "or load articles on the Data page.")
    st.page_link("pages/data.py", label="Go to the Data page", icon=":material/database:")


def one_source_notice(n_sources: int) -> None:
    """A hint shown when a comparison needs more than one source."""
    if n_sources == 1:
        st.info("Only one source is selected, so there is nothing to compare it with. "
                "Select more sources in the sidebar or load another outlet on the Data page.")
