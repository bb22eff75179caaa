"""Downloads: result tables as CSV / Parquet bytes, and a self-contained HTML report.

The report embeds plotly.js once (`include_plotlyjs=True`), so it opens offline; all text
from articles and tables is escaped.
"""

import datetime as dt
import html
import io
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from ui.figures import sentiment_arc, sentiment_distribution, source_sentiment_ci
from ui.figures_topics import tone_profile, topic_coverage, topic_heatmap, topic_sentiment

# Rows of each table embedded in the HTML report (the full tables are separate downloads).
REPORT_TABLE_ROWS = 50
REPORT_STYLE = (
    "body{font-family:Arial,sans-serif;max-width:1100px;margin:2rem auto;color:#222}"
    "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:4px}"
    ".caption{color:#555;font-style:italic}.table{overflow-x:auto;max-width:100%}"
)
TABLE_DECIMALS = 3  # numbers in the report's tables (full precision in the CSV / Parquet)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV of a table, without the index."""
    return frame.to_csv(index=False).encode("utf-8")


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """Parquet (pyarrow) of a table, without the index."""
    buffer = io.BytesIO()
    frame.reset_index(drop=True).to_parquet(buffer, index=False)
    return buffer.getvalue()


def html_report(
    *,
    title: str,
    findings: Sequence[str],
    figures: Sequence[tuple[str, str, go.Figure]],
    tables: Mapping[str, pd.DataFrame],
    filters_note: str = "",
) -> str:
    """One HTML page: findings, then each (heading, how-to-read caption, figure), then tables."""
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>{REPORT_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p>Generated {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC by Slant. "
        f"{html.escape(filters_note)}</p>",
    ]
    if findings:
        items = "".join(f"<li>{html.escape(text)}</li>" for text in findings)
        parts.append(f"<h2>Findings</h2><ul>{items}</ul>")
    for k, (heading, caption, fig) in enumerate(figures):
        parts.append(f"<h2>{html.escape(heading)}</h2>")
        parts.append(f"<p class='caption'>{html.escape(caption)}</p>")
        parts.append(pio.to_html(fig, full_html=False, include_plotlyjs=(k == 0)))
    for name, frame in tables.items():
        shown = frame.head(REPORT_TABLE_ROWS)
        cut = len(frame) > len(shown)
        note = f" (first {REPORT_TABLE_ROWS} of {len(frame)} rows)" if cut else ""
        parts.append(f"<h2>Table: {html.escape(name)}{note}</h2>")
        # A wide table (one column per topic) scrolls inside its box instead of stretching
        # the page far past the charts.
        parts.append("<div class='table'>" + shown.to_html(
            index=False, escape=True, na_rep="",
            float_format=lambda x: f"{x:.{TABLE_DECIMALS}f}") + "</div>")
    parts.append("</body></html>")
    return "\n".join(parts)


def view_figures(
    tables: Mapping[str, pd.DataFrame],
    *,
    colors: Mapping[str, str],
    tone_dimensions: Sequence[tuple[str, str]],
) -> list[tuple[str, str, go.Figure]]:
    """The dashboard's main charts for the current (filtered) tables, with their captions."""
    sources = tables.get("sources", pd.DataFrame())
    source_topics = tables.get("source_topics", pd.DataFrame())
    sentences = tables.get("sentences", pd.DataFrame())
    articles = tables.get("articles", pd.DataFrame())
    if not sentences.empty and not articles.empty:
        sentences = sentences.merge(articles[["article_id", "source"]], on="article_id")
    else:
        sentences = pd.DataFrame(columns=["source", "article_id", "sentence_id", "text",
                                          "compound"])
    return [
        ("Sentiment by source", "Mean sentence sentiment with its 95% bootstrap CI.",
         source_sentiment_ci(sources, colors=colors)),
        ("Distribution of sentence sentiment", "Each dot is one sentence; diamond = mean "
         "with 95% CI.", sentiment_distribution(sentences, sources, colors=colors)),
        ("Sentiment arc", "Sentence sentiment from the first (0%) to the last (100%) "
         "sentence of each article.", sentiment_arc(sentences, colors=colors)),
        ("Topic mentions per 1,000 words", "Darker = more attention to the topic.",
         topic_heatmap(source_topics)),
        ("Coverage share", "% of each source's sentences that mention the topic.",
         topic_coverage(source_topics, colors=colors)),
        ("Sentiment toward each topic", "Mean compound of the sentences mentioning the "
         "topic, with 95% CI.", topic_sentiment(source_topics, colors=colors)),
        ("Tone profile", "One panel per tone dimension; compare sources within a panel.",
         tone_profile(sources, dimensions=tone_dimensions, colors=colors)),
    ]


def view_report(
    tables: Mapping[str, pd.DataFrame], *, colors: Mapping[str, str], filters_note: str
) -> str:
    """The HTML report of the current view: findings, the main charts, the source tables."""
    from analysis.findings import generate_findings
    from analysis.tone import TONE_DIMENSIONS

    empty = pd.DataFrame()
    found = generate_findings(
        tables.get("sources", empty), tables.get("source_topics", empty),
        tone_dimensions=[(d.column, d.label) for d in TONE_DIMENSIONS],
    )
    dims = [(d.column, f"{d.label} ({d.unit})") for d in TONE_DIMENSIONS]
    return html_report(
        title="Slant report", findings=[f.text for f in found],
        figures=view_figures(tables, colors=colors, tone_dimensions=dims),
        tables={n: tables[n] for n in ("sources", "source_topics") if n in tables},
        filters_note=filters_note,
    )
