"""Figure builders of the Voices page (ui/figures_voices.py) on small tables shaped like
analysis.quotes.voices_by_source / quoted_share_by_source, from the seed articles' quotes."""

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from ui.figures_compare import selected_label
from ui.figures_voices import quoted_share_bars, speaker_bars, voice_rows, voice_sentiment
from ui.palette import source_colors

COLORS = source_colors(["Source 000", "Source 004"])

# Who the two seed articles quote, and how many words (counted by hand on the seeds).
SPEAKERS = pd.DataFrame([
    ("Source 000", "Matthew Miller", 2, 45),
    ("Source 000", "Wang Yi", 2, 16),
    ("Source 004", "Chinese Ministry of Foreign Affairs", 3, 58),
    ("Source 004", "Antony Blinken", 2, 41),
    ("Source 004", "Xi Jinping", 1, 4),
], columns=["source", "speaker", "quotes", "words"])

# Shaped like analysis.quotes.quoted_share_by_source (the second row with the optional
# per-voice n / CI columns left out, as when an older store is opened).
SHARES = pd.DataFrame({
    "source": ["Source 004", "Source 000"], "words": [980, 384], "quoted_words": [196, 96],
    "quoted_share": [0.2, 0.25], "narration_share": [0.8, 0.75],
    "attributed_share": [0.1, 0.3], "quoted_compound": [-0.0532, 0.1779],
    "attributed_compound": [0.2, math.nan], "narration_compound": [0.0488, 0.0911],
    "n_quotes": [12, 7],
})
SHARES_WITH_CI = SHARES.assign(
    quoted_n=[7, 4], quoted_ci_low=[-0.4215, -0.4767], quoted_ci_high=[0.3612, 0.6486],
)


def _axis_title(axis) -> str:
    return axis.title.text or ""


def test_speaker_bars_one_trace_per_source_biggest_speaker_first():
    fig = speaker_bars(SPEAKERS, colors=COLORS)
    assert [t.name for t in fig.data] == ["Source 000", "Source 004"]
    assert fig.data[0].marker.color == COLORS["Source 000"]
    assert list(fig.data[0].x) == [45, 16]
    assert list(fig.layout.yaxis.categoryarray)[0] == "Chinese Ministry of Foreign Affairs"
    assert "words" in _axis_title(fig.layout.xaxis)
    assert "n = %{customdata[1]} quotes" in fig.data[0].hovertemplate
    assert list(fig.data[0].customdata[:, 0]) == ["Matthew Miller", "Wang Yi"]
    picked = {"points": [{"curve_number": 1, "point_index": 0}]}
    assert selected_label(fig, picked) == "Chinese Ministry of Foreign Affairs"


@pytest.mark.parametrize(("top_n", "expected"), [
    (1, ["Chinese Ministry of Foreign Affairs"]),
    (2, ["Chinese Ministry of Foreign Affairs", "Matthew Miller"]),
])
def test_speaker_bars_keeps_top_n_speakers(top_n, expected):
    fig = speaker_bars(SPEAKERS, colors=COLORS, top_n=top_n)
    shown = {y for trace in fig.data for y in trace.y}
    assert shown == set(expected)


def test_quoted_share_bars_three_parts_that_stack_to_100():
    fig = quoted_share_bars(SHARES, colors=COLORS)
    quoted, reported, narration = fig.data
    assert [t.name for t in fig.data] == ["direct quotes", "reported statements",
                                          "the outlet's own narration"]
    assert list(quoted.y) == ["Source 000", "Source 004"]
    assert list(quoted.x) == pytest.approx([25.0, 20.0])
    assert list(reported.x) == pytest.approx([30.0, 10.0])
    assert np.allclose(np.asarray(quoted.x) + np.asarray(reported.x) + np.asarray(narration.x),
                       100)
    assert list(quoted.marker.color) == [COLORS["Source 000"], COLORS["Source 004"]]
    assert reported.marker.pattern.shape == "/"
    assert quoted.customdata[0][0] == 96 and quoted.customdata[0][1] == 384
    assert "%" in _axis_title(fig.layout.xaxis)
    assert fig.layout.barmode == "stack"


def test_voice_rows_long_form_with_optional_ci():
    rows = voice_rows(SHARES_WITH_CI)
    assert list(rows.columns) == ["source", "voice", "sentiment_mean", "ci_low", "ci_high", "n"]
    assert len(rows) == 6
    quoted = rows[(rows["voice"] == "direct quotes") & (rows["source"] == "Source 000")]
    assert quoted[["sentiment_mean", "ci_low", "n"]].iloc[0].tolist() == [0.1779, -0.4767, 4]
    plain = voice_rows(SHARES)
    assert plain["n"].isna().all() and plain["ci_low"].isna().all()
    assert voice_rows(SHARES.iloc[0:0]).empty


def test_voice_sentiment_drops_missing_means_and_shows_ci_and_n():
    fig = voice_sentiment(voice_rows(SHARES_WITH_CI), colors=COLORS)
    assert [t.name for t in fig.data] == ["Source 000", "Source 004"]
    first, second = fig.data
    assert list(first.y[1]) == ["direct quotes", "narration"]  # no reported statement mean
    assert list(second.y[1]) == ["direct quotes", "reported statements", "narration"]
    assert list(second.error_x.array) == pytest.approx([0.3612 + 0.0532, 0, 0])
    assert list(second.marker.symbol) == ["circle", "square-open", "diamond-open"]
    assert "n = 7" in second.text[0] and "n not available" in second.text[1]
    assert "compound" in _axis_title(fig.layout.xaxis)


@pytest.mark.parametrize("builder", [
    lambda: speaker_bars(SPEAKERS.iloc[0:0], colors=COLORS),
    lambda: quoted_share_bars(SHARES.iloc[0:0], colors=COLORS),
    lambda: voice_sentiment(voice_rows(SHARES.iloc[0:0]), colors=COLORS),
])
def test_empty_input_gives_an_explaining_figure(builder):
    fig = builder()
    assert isinstance(fig, go.Figure)
    assert not fig.data
    assert fig.layout.annotations[0].text


def test_source_and_speaker_names_are_escaped_for_plotly():
    hostile = pd.DataFrame([("Evil <b>Outlet</b>", "<img src=x onerror=alert(1)>", 1, 9)],
                           columns=["source", "speaker", "quotes", "words"])
    fig = speaker_bars(hostile, colors={"Evil <b>Outlet</b>": "#123456"})
    assert fig.data[0].name == "Evil &lt;b&gt;Outlet&lt;/b&gt;"
    assert fig.data[0].marker.color == "#123456"
    assert list(fig.data[0].y) == ["&lt;img src=x onerror=alert(1)&gt;"]
    assert selected_label(fig, {"points": [{"curve_number": 0, "point_index": 0}]}) == (
        "<img src=x onerror=alert(1)>")  # the raw name, to filter the quotes table


def test_speaker_hover_and_labels_use_hover_text():
    long_name = "Spokesperson\nof the  <Ministry> of Foreign Affairs of the People's Republic"
    frame = pd.DataFrame([("Source 004", long_name, 3, 58)],
                         columns=["source", "speaker", "quotes", "words"])
    fig = speaker_bars(frame, colors=COLORS)
    assert fig.data[0].y[0] == "Spokesperson of the &lt;Ministry&gt; of Forei…"  # 40 chars
    assert fig.data[0].customdata[0][2] == (
        "Spokesperson of the &lt;Ministry&gt; of Foreign Affairs of the People's Republic")
