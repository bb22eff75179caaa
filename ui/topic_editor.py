"""The topic editor: add or change a topic's terms; the edited topics live in this
visitor's session and every chart is recomputed from them (cached by content+settings)."""

import streamlit as st

from analysis.topics import parse_terms, topics_to_toml, with_topic
from ui.state import RESULTS_PATH, TOPICS, current_settings, default_settings

NEW_TOPIC = "➕ New topic"


def topic_editor(*, key: str) -> None:
    """Pick a topic (or a new one), edit its terms, apply; reset to the shipped list."""
    if st.session_state.get(RESULTS_PATH):
        st.info("A results store is open: its topic tables were computed when it was "
                "written. Topic edits apply when you analyse a corpus (Data page).")
    topics = current_settings().topics
    names = [t.name for t in topics]
    choice = st.selectbox("Topic to edit", options=[NEW_TOPIC, *names], key=f"{key}_pick")
    current = next((t for t in topics if t.name == choice), None)
    with st.form(f"{key}_form"):
        name = st.text_input("Name", value=current.name if current else "", key=f"{key}_name")
        terms_text = st.text_area(
            "Terms (comma or one per line; endings like -s/-ed/-ing match automatically, "
            "`word*` matches any ending)",
            value=", ".join(current.terms) if current else "", key=f"{key}_terms",
        )
        applied = st.form_submit_button("Apply and re-analyse", type="primary")
    if applied:
        try:
            edited = with_topic(topics, name=name, terms=parse_terms(terms_text))
        except ValueError as exc:
            st.error(str(exc))
        else:
            st.session_state[TOPICS] = edited
            st.rerun()
    left, right = st.columns(2)
    if current is not None and left.button(f"Remove “{current.name}”", key=f"{key}_remove"):
        remaining = tuple(t for t in topics if t.name != current.name)
        if remaining:
            st.session_state[TOPICS] = remaining
            st.rerun()
        st.warning("Keep at least one topic.")
    if right.button("Reset to the default topics", key=f"{key}_reset"):
        st.session_state[TOPICS] = None
        st.rerun()
    st.download_button("Download these topics (topics.toml)", data=topics_to_toml(topics),
                       file_name="topics.toml", mime="text/plain", key=f"{key}_download")
    if topics != default_settings().topics:
        st.caption("You are using edited topics (this session only).")
