"""Figure builders (ui/figures.py, ui/figures_topics.py, ui/palette.py) on small hand-made
result tables shaped like pipeline.Results, with real news sentences."""

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from ui.figures import (
    empty_figure,
    hover_text,
    selected_bars,
    selected_sentences,
    sentiment_arc,
    sentiment_distribution,
    snippet,
    source_sentiment_ci,
)
from ui.figures_topics import (
    tone_profile,
    topic_coverage,
    topic_heatmap,
    topic_sentiment,
)
from ui.palette import OKABE_ITO, PALETTE, sentiment_tint, source_colors

SENTENCES = pd.DataFrame([
    ("Source 000", "000", 0, "U.S. Secretary of State Antony Blinken met with Chinese President "
     "Xi Jinping on Monday.", 0.0),
    ("Source 000", "000", 1, "The trip aims to cool simmering U.S.-China tensions.", -0.2263),
    ("Source 000", "000", 2, "Both sides agreed to stabilise relations.", 0.5859),
    ("Source 004", "004", 0, "The Chinese leader's slight would have badly hurt the effort.",
     -0.6808),
    ("Source 004", "004", 1, "Neither party made a firm commitment.", 0.1027),
], columns=["source", "article_id", "sentence_id", "text", "compound"])

SOURCES = pd.DataFrame({
    "source": ["Source 000", "Source 004"],
    "n_articles": [1, 1], "n_sentences": [3, 2], "n_words": [40, 19],
    "sentiment_mean": [0.1199, -0.28905], "ci_low": [-0.2263, -0.6808],
    "ci_high": [0.5859, 0.1027],
    "tone_gdelt": [1.5, -2.0], "tone_conflict": [2.5, 5.3],
})

SOURCE_TOPICS = pd.DataFrame({
    "source": ["Source 000", "Source 000", "Source 004", "Source 004"],
    "topic": ["Taiwan", "Sanctions", "Taiwan", "Sanctions"],
    "mentions": [3, 1, 0, 0], "per_1k_words": [75.0, 25.0, 0.0, 0.0],
    "share_sentences": [2 / 3, 1 / 3, 0.0, 0.0], "share_articles": [1.0, 1.0, 0.0, 0.0],
    "sentiment": [0.2, -0.4, math.nan, math.nan], "ci_low": [0.0, -0.4, math.nan, math.nan],
    "ci_high": [0.4, -0.4, math.nan, math.nan], "n_sentences": [2, 1, 0, 0],
})

COLORS = source_colors(["Source 004", "Source 000"])


@pytest.mark.parametrize(("sources", "expected"), [
    (["B", "A"], {"A": OKABE_ITO[0], "B": OKABE_ITO[1]}),
    (["A", "A", "B"], {"A": OKABE_ITO[0], "B": OKABE_ITO[1]}),
    ([], {}),
    ([f"S{i}" for i in range(9)], {**{f"S{i}": OKABE_ITO[i] for i in range(8)},
                                   "S8": "#332288"}),
    ([f"S{i:02d}" for i in range(15)], {**{f"S{i:02d}": PALETTE[i] for i in range(14)},
                                        "S14": OKABE_ITO[0]}),
])
def test_source_colors_are_stable_and_sorted(sources, expected):
    assert source_colors(sources) == expected


@pytest.mark.parametrize(("compound", "expected"), [
    (0.0, "rgba(0,114,178,0.000)"),
    (1.0, "rgba(0,114,178,0.350)"),
    (-0.5, "rgba(213,94,0,0.175)"),
    (-3.0, "rgba(213,94,0,0.350)"),
    (math.nan, "rgba(0,0,0,0)"),
])
def test_sentiment_tint(compound, expected):
    assert sentiment_tint(compound) == expected


def test_distribution_has_one_strip_per_source_and_mean_with_ci():
    fig = sentiment_distribution(SENTENCES, SOURCES, colors=COLORS)
    strips = [t for t in fig.data if t.type == "scatter" and t.name in COLORS]
    assert [t.name for t in strips] == ["Source 000", "Source 004"]
    assert [len(t.y) for t in strips] == [3, 2]
    assert strips[0].marker.color == COLORS["Source 000"]
    assert strips[1].customdata[0].tolist() == ["004", 0]
    mean = fig.data[-1]
    assert list(mean.y) == pytest.approx([0.1199, -0.28905])
    assert list(mean.error_y.array) == pytest.approx([0.466, 0.39175])
    assert list(mean.error_y.arrayminus) == pytest.approx([0.3462, 0.39175])
    assert "n = %{customdata[2]} sentences" in mean.hovertemplate
    assert fig.layout.yaxis.title.text.startswith("Sentence sentiment")
    assert list(fig.layout.xaxis.ticktext) == ["Source 000", "Source 004"]


def test_arc_positions_run_from_0_to_100_percent():
    fig = sentiment_arc(SENTENCES, colors=COLORS)
    assert len(fig.data) == 2
    assert list(fig.data[0].x) == [0.0, 50.0, 100.0]
    assert list(fig.data[1].x) == [0.0, 100.0]
    assert [t.showlegend for t in fig.data] == [True, True]
    assert fig.layout.xaxis.title.text == "Position in article (% of sentences)"


def test_source_ci_plot_one_trace_per_source():
    fig = source_sentiment_ci(SOURCES, colors=COLORS)
    assert [t.name for t in fig.data] == ["Source 000", "Source 004"]
    assert fig.data[1].x[0] == pytest.approx(-0.28905)
    assert fig.data[1].marker.color == COLORS["Source 004"]


def test_heatmap_values_are_per_1k_words():
    fig = topic_heatmap(SOURCE_TOPICS)
    heat = fig.data[0]
    assert list(heat.x) == ["Source 000", "Source 004"]
    assert list(heat.y) == ["Sanctions", "Taiwan"]
    assert heat.z.tolist() == [[25.0, 0.0], [75.0, 0.0]]
    assert heat.text.tolist() == [["25.0", "0.0"], ["75.0", "0.0"]]
    assert "per 1,000 words" in heat.hovertemplate
    assert (heat.zmin, heat.zmax) == (0, 75.0)


def test_heatmap_of_zero_mentions_stays_white():
    """QA bug: with every cell 0 (a topic nobody mentions) plotly centred the colour scale
    on 0, painting "no mentions" mid-blue as if the topic got attention."""
    heat = topic_heatmap(SOURCE_TOPICS[SOURCE_TOPICS["mentions"] == 0]).data[0]
    assert heat.z.tolist() == [[0.0], [0.0]]
    assert (heat.zmin, heat.zmax) == (0, 1.0)


def test_coverage_is_percent_of_sentences():
    fig = topic_coverage(SOURCE_TOPICS, colors=COLORS)
    first = fig.data[0]
    assert first.name == "Source 000"
    assert dict(zip(first.x, first.y, strict=True)) == pytest.approx(
        {"Taiwan": 200 / 3, "Sanctions": 100 / 3})
    assert fig.layout.barmode == "group"


def test_topic_sentiment_drops_unmentioned_topics():
    fig = topic_sentiment(SOURCE_TOPICS, colors=COLORS)
    assert [t.name for t in fig.data] == ["Source 000"]
    bars = dict(zip(fig.data[0].x, fig.data[0].y, strict=True))
    assert bars == {"Taiwan": 0.2, "Sanctions": -0.4}


def test_tone_profile_one_panel_per_present_dimension():
    dims = [("tone_gdelt", "Tone (% of words)"), ("tone_conflict", "Conflict (% of words)"),
            ("tone_missing", "Not computed")]
    fig = tone_profile(SOURCES, dimensions=dims, colors=COLORS)
    assert len(fig.data) == 2
    assert [a.text for a in fig.layout.annotations] == [d[1] for d in dims[:2]]
    assert list(fig.data[1].x) == [2.5, 5.3]
    assert list(fig.data[0].marker.color) == [COLORS["Source 000"], COLORS["Source 004"]]


@pytest.mark.parametrize("builder", [
    lambda: sentiment_distribution(SENTENCES.iloc[0:0], SOURCES, colors=COLORS),
    lambda: sentiment_arc(SENTENCES.iloc[0:0], colors=COLORS),
    lambda: source_sentiment_ci(SOURCES.iloc[0:0], colors=COLORS),
    lambda: topic_heatmap(SOURCE_TOPICS.iloc[0:0]),
    lambda: topic_coverage(SOURCE_TOPICS.iloc[0:0], colors=COLORS),
    lambda: topic_sentiment(SOURCE_TOPICS[SOURCE_TOPICS["mentions"] == 0], colors=COLORS),
    # QA bug: a topic nobody mentions drew empty axes (0 to 1 %) with no word of why.
    lambda: topic_coverage(SOURCE_TOPICS[SOURCE_TOPICS["mentions"] == 0], colors=COLORS),
    lambda: tone_profile(SOURCES, dimensions=[("tone_nope", "x")], colors=COLORS),
])
def test_empty_inputs_give_an_explained_blank_figure(builder):
    fig = builder()
    assert len(fig.data) == 0
    assert fig.layout.annotations[0].text


def test_empty_figure_message():
    assert empty_figure("Nothing here").layout.annotations[0].text == "Nothing here"


def test_selected_sentences_reads_customdata_by_curve_and_index():
    fig = sentiment_distribution(SENTENCES, SOURCES, colors=COLORS)
    selection = {"points": [
        {"curve_number": 3, "point_index": 1},   # Source 004 strip, second sentence
        {"curve_number": 1, "point_index": 2},   # Source 000 strip, third sentence
        {"curve_number": 3, "point_index": 1},   # duplicate ignored
        {"curve_number": 0, "point_index": 0},   # box trace: no customdata
        {"curve_number": 99, "point_index": 0},  # unknown curve
    ]}
    assert selected_sentences(fig, selection) == [("004", 1), ("000", 2)]
    assert selected_sentences(fig, None) == []
    assert selected_sentences(fig, {"points": []}) == []


def test_selected_bars_gives_source_and_topic():
    fig = topic_coverage(SOURCE_TOPICS, colors=COLORS)
    picked = selected_bars(fig, {"points": [{"curve_number": 0, "x": "Taiwan"}]})
    assert picked == [("Source 000", "Taiwan")]
    assert selected_bars(go.Figure(), {"points": [{"curve_number": 0, "x": "x"}]}) == []


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("Blinken  met\u00a0Xi.", 90, "Blinken met Xi."),
    ("A" * 10, 5, "AAAA…"),
])
def test_snippet(text, limit, expected):
    assert snippet(text, limit=limit) == expected


def test_hover_text_shows_markup_as_text():
    """QA bug: plotly reads tags in hover text, so a sentence with `<img src=x
    onerror=alert(1)>` lost that part of its text in the hover label (plotly drops the tag;
    nothing ran). Escaped, plotly shows the characters as written."""
    hostile = SENTENCES.assign(text=[
        "Tensions over Taiwan <img src=x onerror=alert(1)> remain high.", *SENTENCES["text"][1:]])
    assert hover_text(hostile["text"][0]) == (
        "Tensions over Taiwan &lt;img src=x onerror=alert(1)&gt; remain high.")
    for fig in (sentiment_distribution(hostile, SOURCES, colors=COLORS),
                sentiment_arc(hostile.assign(source=["Evil <b>Outlet</b>"] * 5),
                              colors=COLORS)):
        texts = [t for trace in fig.data for t in (trace.text or ())]
        assert "Tensions over Taiwan &lt;img src=x onerror=alert(1)&gt; remain high." in texts
        assert not any("<img" in t for t in texts)
        assert not any("<b>Outlet" in (trace.hovertemplate or "") for trace in fig.data)


def test_fourteen_sources_get_fourteen_colours():
    assert len(set(PALETTE)) == 14
    assert len(set(source_colors([f"Outlet {i}" for i in range(14)]).values())) == 14
