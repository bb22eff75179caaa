"""Slant dashboard: `streamlit run dashboard.py` (add `-- --results PATH` to open a store).

The frame only: page config and navigation over ui.pages.PAGES (each page draws the shared
sidebar filters through ui.state.current_view).
"""

import sys

import streamlit as st

from ui.pages import PAGES
from ui.state import init_session

st.set_page_config(page_title="Slant", page_icon=":material/compare:", layout="wide")
navigation = st.navigation([
    st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path, default=p.default)
    for p in PAGES
])
init_session(argv=sys.argv[1:])
navigation.run()
