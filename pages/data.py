"""Data: load the sample, upload files, paste an article, rename / merge sources, see what
was read or skipped, download every table and an HTML report, open a results store, and
(locally) save the corpus to the workspace."""

import os

import pandas as pd
import streamlit as st

from ui import workspace
from ui.corpus_edit import file_status, issue_lines, rename_sources, source_summary
from ui.filters import ALL_TABLES, describe
from ui.loading import load_pasted, load_uploads, upload_types
from ui.render import md_escape
from ui.report import csv_bytes, parquet_bytes, view_report
from ui.state import (
    CORPUS_NAME,
    current_corpus,
    current_view,
    open_results_store,
    set_corpus,
)

MAX_LISTED = 20  # load problems listed on the Load tab; File status lists them all

view = current_view()
corpus, _ = current_corpus()
local = workspace.workspace_allowed(env=os.environ,
                                    server_address=st.get_option("server.address"))

st.title("Data")
st.caption(f"Current corpus: {md_escape(st.session_state.get(CORPUS_NAME))} — "
           f"{len(corpus)} articles "
           f"from {corpus['source'].nunique() if not corpus.empty else 0} sources. "
           "Your uploads stay in your browser session; other visitors never see them.")

load_tab, paste_tab, sources_tab, status_tab, download_tab, store_tab = st.tabs(
    ["Load files", "Paste an article", "Sources", "File status", "Download", "Open / save"])

with load_tab:
    # No `type=` filter: the browser would drop other files (a .docx) without a word;
    # analysis.readers names each unreadable file and why instead.
    files = st.file_uploader(
        "Articles (several files at once)", accept_multiple_files=True, key="data_upload",
        help="Slant reads " + ", ".join(f".{t}" for t in upload_types()) + ". Other files "
             "are listed with the reason they were not read.")
    add = st.toggle("Add to the current corpus (off = replace it)", key="data_upload_add")
    if st.button("Load and analyse", type="primary", disabled=not files, key="data_load"):
        load_uploads(files, add=add)
        st.rerun()
    if st.button("Back to the built-in sample", key="data_sample"):
        set_corpus(None, issues=None, name="Built-in sample")
        st.rerun()
    problems = issue_lines(view.all_tables.get("issues"))
    for severity, box in (("error", st.error), ("warning", st.warning)):
        lines = [line for sev, line in problems if sev == severity]
        if lines:
            shown = "\n".join(f"- {md_escape(line)}" for line in lines[:MAX_LISTED])
            more = (f"\n\n…and {len(lines) - MAX_LISTED} more (see File status)."
                    if len(lines) > MAX_LISTED else "")
            box(f"**{len(lines)} {'problem' if severity == 'error' else 'warning'}"
                f"{'s' if len(lines) > 1 else ''} in what was loaded** (every other article "
                f"was read):\n\n{shown}{more}")

with paste_tab:
    with st.form("data_paste_form", clear_on_submit=True):
        pasted = st.text_area("Article text", height=200, key="data_paste_text")
        p_source = st.text_input("Source (outlet)", key="data_paste_source")
        p_title = st.text_input("Title (optional)", key="data_paste_title")
        submitted = st.form_submit_button("Add this article")
    if submitted:
        if pasted.strip():
            load_pasted(pasted, source=p_source, title=p_title, add=True)
            st.rerun()
        else:
            st.warning("Paste some article text first.")

with sources_tab:
    summary = source_summary(corpus)
    st.caption("Rename a source by typing a new name; give two sources the same name to "
               "merge them.")
    edited = st.data_editor(
        summary.assign(new_name=summary["source"]), key="data_sources_editor",
        disabled=["source", "articles", "origins"], hide_index=True, width="stretch",
        column_config={"new_name": st.column_config.TextColumn(
            "New name ✎", help="Type a new name; the same name for two sources merges them.")})
    if st.button("Apply names", key="data_rename"):
        mapping = dict(zip(edited["source"], edited["new_name"], strict=True))
        set_corpus(rename_sources(corpus, mapping=mapping),
                   issues=view.all_tables.get("issues"),
                   name=str(st.session_state.get(CORPUS_NAME)))
        st.rerun()

with status_tab:
    issues = view.all_tables.get("issues", pd.DataFrame())
    st.dataframe(file_status(corpus, articles=view.all_tables.get("articles", pd.DataFrame()),
                             issues=issues if issues is not None else pd.DataFrame()),
                 hide_index=True, width="stretch", key="data_file_status")
    if issues is None or issues.empty:
        st.success("Every file was read; nothing was skipped or cleaned.")
    else:
        st.caption("What was skipped (with the reason) or cleaned, per file:")
        st.dataframe(issues.fillna({"location": ""}), hide_index=True, width="stretch",
                     key="data_issues",
                     column_config={"problem": st.column_config.TextColumn(width="large")})

with download_tab:
    names = [n for n in ALL_TABLES if n in view.tables]
    name = st.selectbox("Table", options=names, key="data_table")
    table = view.tables[name]
    st.caption(f"{len(table)} rows (current filters applied).")
    a, b = st.columns(2)
    a.download_button("Download CSV", data=lambda: csv_bytes(table),
                      file_name=f"slant_{name}.csv", mime="text/csv", key="data_csv")
    b.download_button("Download Parquet", data=lambda: parquet_bytes(table),
                      file_name=f"slant_{name}.parquet",
                      mime="application/vnd.apache.parquet", key="data_parquet")

    st.download_button("Download HTML report (works offline)", data=lambda: view_report(
        view.tables, colors=view.colors, filters_note=f"Filters: {describe(view.filters)}."),
                       file_name="slant_report.html", mime="text/html", key="data_report")

with store_tab:
    if not local:
        st.info("Opening server folders and saving to the workspace are available only when "
                "Slant runs locally (not on a shared link).")
    else:
        path = st.text_input("Results store (folder or .duckdb file)", key="data_store_path")
        if st.button("Open results store", key="data_store_open", disabled=not path):
            open_results_store(path)
            st.rerun()
        st.divider()
        ws_name = st.text_input("Save the current corpus to the workspace as",
                                value="my-corpus", key="data_ws_name")
        if st.button("Save to workspace", key="data_ws_save"):
            folder = workspace.save_corpus(corpus, name=ws_name)
            st.success(f"Saved {len(corpus)} articles to {folder}.")
        saved = workspace.saved_corpora()
        if saved:
            pick = st.selectbox("Saved corpora", options=saved, key="data_ws_pick")
            if st.button("Open saved corpus", key="data_ws_open"):
                set_corpus(workspace.load_corpus(pick), issues=None, name=f"Workspace: {pick}")
                st.rerun()
