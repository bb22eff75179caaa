"""Streamlit render helpers shared by the comparison pages (Voices, Shared passages,
Distinctive words): which story is compared, and the empty states. No analysis here."""

import pandas as pd
import streamlit as st

from ui.render import md_escape, no_articles_notice
from ui.state import View, current_view


def comparison_page(title: str) -> View:
    """The start of every comparison page: the sidebar filters, the title, the story being
    compared; stops the page with a helpful notice when no article is in view."""
    view = current_view()
    st.title(title)
    story_banner(view)
    if view.table("articles").empty:
        no_articles_notice()
        st.stop()
    return view


def story_label(view: View) -> str:
    """One sentence naming what is being compared: the chosen story, the only story, or
    all stories (with a hint to pick one in the sidebar)."""
    articles = view.table("articles")
    n_articles, n_sources = len(articles), articles["source"].nunique() if len(articles) else 0
    counts = f"{n_articles} article{'s' * (n_articles != 1)} from " \
             f"{n_sources} source{'s' * (n_sources != 1)}"
    if view.filters.story:
        return f"Story compared: **{md_escape(view.filters.story)}** ({counts})."
    stories = view.choices.stories
    if len(stories) == 1:
        return f"Story compared: **{md_escape(stories[0])}** ({counts})."
    if len(stories) > 1:
        return (f"Comparing **all {len(stories)} stories** together ({counts}). Pick one story "
                "in the sidebar to compare the sources' coverage of the same event.")
    return f"Comparing all articles ({counts}); they carry no story label."


def story_banner(view: View) -> None:
    """Show which story is being compared, under the page title."""
    st.caption(story_label(view), help="The Story filter in the sidebar restricts every "
               "comparison on this page to the articles of one story.")


def n_sources(frame: pd.DataFrame) -> int:
    """How many distinct sources a table covers (0 when empty)."""
    return int(frame["source"].nunique()) if not frame.empty and "source" in frame else 0


@st.cache_data(show_spinner="Finding the distinctive words…", max_entries=16)
def terms_for_view(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """analysis.terms.distinctive_terms over the articles of the current view (cached by
    content), for when a filter dropped articles the corpus-level `terms` table counted."""
    from analysis.terms import distinctive_terms

    return distinctive_terms(sentences, articles)


def view_terms(view: View) -> pd.DataFrame:
    """The `terms` table for the view: the corpus table when every article is shown, else
    recomputed over the kept articles (each source against the *shown* others)."""
    articles, everything = view.table("articles"), view.all_tables.get("articles", pd.DataFrame())
    if len(articles) == len(everything):
        return view.table("terms")
    if articles.empty:
        return view.table("terms").iloc[0:0]
    return terms_for_view(view.table("sentences"), articles)


def fresh_click(value: object, *, key: str) -> bool:
    """True once per new chart click: a plotly selection persists across reruns, so a
    widget it drives is only overwritten when the clicked value changes (the user can
    still change the widget by hand afterwards)."""
    memo = f"{key}_last_click"
    if value is None or st.session_state.get(memo) == value:
        return False
    st.session_state[memo] = value
    return True


@st.cache_data(show_spinner=False, max_entries=16)
def voices_for_view(
    quotes: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(analysis.quotes.voices_by_source, quoted_share_by_source) of the view's tables,
    cached by content so a rerun (a click, a widget) does not recount every word."""
    from analysis.quotes import quoted_share_by_source, voices_by_source

    return (voices_by_source(quotes, sentences, articles),
            quoted_share_by_source(quotes, sentences, articles))
