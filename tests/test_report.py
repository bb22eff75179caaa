"""ui/report.py: table downloads and the self-contained HTML report."""

import io

import pandas as pd
import plotly.graph_objects as go
import pytest

from ui.report import csv_bytes, html_report, parquet_bytes

TABLE = pd.DataFrame({"source": ["Source 000", "Source 004"], "sentiment_mean": [0.12, -0.21],
                      "note": ["<script>alert(1)</script>", "Sino-U.S. ties"]})


def test_csv_and_parquet_round_trip():
    assert pd.read_csv(io.BytesIO(csv_bytes(TABLE))).equals(TABLE)
    assert pd.read_parquet(io.BytesIO(parquet_bytes(TABLE))).equals(TABLE)


@pytest.fixture(scope="module")
def report() -> str:
    figs = [("Sentiment", "how to read", go.Figure(go.Bar(x=["a"], y=[1]))),
            ("Topics", "<i>caption</i>", go.Figure(go.Bar(x=["b"], y=[2])))]
    return html_report(title="Slant <report>", findings=["Source 004 is <b>negative</b>."],
                       figures=figs, tables={"sources": TABLE})


def test_report_embeds_plotly_once_and_offline(report):
    assert '<script src="https://cdn.plot.ly' not in report  # no network needed
    assert report.count("* plotly.js v") == 1  # the library's header comment, once
    assert report.count("Plotly.newPlot") == 2
    assert len(report) > 1_000_000  # plotly.js itself is inside


def test_report_escapes_text(report):
    assert "<script>alert(1)</script>" not in report
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    assert "Source 004 is &lt;b&gt;negative&lt;/b&gt;." in report
    assert "<title>Slant &lt;report&gt;</title>" in report
    assert "&lt;i&gt;caption&lt;/i&gt;" in report


def test_report_tables_scroll_and_round_numbers():
    """QA polish: the sources table (one column per topic) stretched the report to three
    screens wide, with numbers like 0.36923076923076925."""
    wide = pd.DataFrame({"source": ["Source 000"], "sentiment_mean": [0.36923076923076925],
                         **{f"topic_t{i}_per_1k": [2.604166] for i in range(12)}})
    page = html_report(title="Slant report", findings=[], figures=[], tables={"sources": wide})
    assert "<div class='table'><table" in page and ".table{overflow-x:auto" in page
    assert "<td>0.369</td>" in page and "<td>2.604</td>" in page
    assert "0.36923" not in page
