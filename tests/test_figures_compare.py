"""Figure builders of the Shared passages and Distinctive words pages
(ui/figures_compare.py) on small tables shaped like pipeline.Results `reuse` and `terms`."""

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from ui.figures_compare import (
    OTHERS_COLOR,
    Z_NOTABLE,
    article_labels,
    distinctive_bars,
    selected_label,
    selected_pair,
    similarity_heatmap,
    similarity_matrix,
)
from ui.palette import source_colors

COLORS = source_colors(["Source 000", "Source 004"])

ARTICLES = pd.DataFrame({
    "article_id": ["004_d19ef8a8fb16cabf", "000_bbf5bfafb942b6c3", "wire_copy"],
    "source": ["Source 004", "Source 000", "Wire"],
})

REUSE = pd.DataFrame({
    "article_a": ["000_bbf5bfafb942b6c3"], "article_b": ["004_d19ef8a8fb16cabf"],
    "similarity": [0.0625],
    "passages": ['[{"a": "underscored the importance of responsibly managing the competition",'
                 ' "b": "underscored the importance of responsibly managing the competition",'
                 ' "similarity": 1.0}]'],
})

TERMS = pd.DataFrame([
    ("Source 000", "statement", 3, 2, 2.41, 1.12),
    ("Source 000", "state department", 3, 2, 2.05, 0.95),
    ("Source 000", "wang", 4, 3, 1.10, 0.60),
    ("Source 000", "also read", 0, 3, -2.30, -1.40),
    ("Source 000", "biden", 1, 7, -0.80, -0.50),
    ("Source 004", "also read", 3, 0, 2.30, 1.40),
    ("Source 004", "statement", 2, 3, -2.41, -1.12),
], columns=["source", "term", "count", "count_other", "z", "log_odds"])


def _axis_title(axis) -> str:
    return axis.title.text or ""


def test_similarity_matrix_is_symmetric_with_empty_diagonal():
    ids = ["000_bbf5bfafb942b6c3", "004_d19ef8a8fb16cabf", "wire_copy"]
    matrix = similarity_matrix(REUSE, article_ids=ids)
    assert matrix.loc[ids[0], ids[1]] == matrix.loc[ids[1], ids[0]] == 0.0625
    assert matrix.loc[ids[0], ids[2]] == 0.0
    assert all(math.isnan(matrix.loc[i, i]) for i in ids)


def test_similarity_heatmap_labels_cells_and_counts_passages():
    fig = similarity_heatmap(REUSE, articles=ARTICLES, passage_n=pd.Series([1]))
    heat = fig.data[0]
    assert list(heat.x) == ["Source 000 · 000_bbf5bfafb942b6c3",
                            "Source 004 · 004_d19ef8a8fb16cabf", "Wire · wire_copy"]
    assert heat.z[0][1] == pytest.approx(0.0625)
    assert heat.text[0][1] == "0.06" and heat.text[0][0] == ""
    assert heat.customdata[1][0] == 1 and heat.customdata[0][2] == 0
    assert (heat.zmin, heat.zmax) == (0, 1)
    assert "Article" in _axis_title(fig.layout.yaxis)


@pytest.mark.parametrize("articles", [ARTICLES.iloc[:1], ARTICLES.iloc[0:0]])
def test_similarity_heatmap_needs_two_articles(articles):
    fig = similarity_heatmap(REUSE, articles=articles)
    assert not fig.data
    assert "at least two articles" in fig.layout.annotations[0].text


def test_article_labels_shorten_long_names():
    long = pd.DataFrame({"article_id": ["a" * 60], "source": ["Outlet"]})
    assert len(article_labels(long)["a" * 60]) <= 40


def test_distinctive_bars_over_used_in_colour_under_used_in_grey():
    fig = distinctive_bars(TERMS, source="Source 000", color=COLORS["Source 000"])
    bars = fig.data[0]
    assert list(bars.y) == ["also read", "biden", "wang", "state department", "statement"]
    assert list(bars.marker.color) == [OTHERS_COLOR, OTHERS_COLOR] + [COLORS["Source 000"]] * 3
    assert list(bars.customdata[-1][:3]) == ["statement", 3, 2]
    assert {s.x0 for s in fig.layout.shapes} == {Z_NOTABLE, -Z_NOTABLE}
    assert "z-score" in _axis_title(fig.layout.xaxis)
    assert "uses in Source 000" in bars.hovertemplate


@pytest.mark.parametrize(("top_n", "expected"), [
    (1, ["also read", "statement"]),
    (2, ["also read", "biden", "state department", "statement"]),
])
def test_distinctive_bars_top_n_each_side(top_n, expected):
    fig = distinctive_bars(TERMS, source="Source 000", color="#000", top_n=top_n)
    assert list(fig.data[0].y) == expected


def test_distinctive_bars_unknown_source_is_an_empty_state():
    fig = distinctive_bars(TERMS, source="Nobody", color="#000")
    assert not fig.data and fig.layout.annotations


@pytest.mark.parametrize(("selection", "expected"), [
    (None, None),
    ({"points": []}, None),
    ({"points": [{"curve_number": 0, "point_index": 4}]}, "statement"),
    ({"points": [{"curve_number": 0, "point_index": 0},
                 {"curve_number": 0, "point_index": 3}]}, "state department"),
    ({"points": [{"curve_number": 3, "point_index": 0}]}, None),
    ({"points": [{"curve_number": 0, "point_index": 99}]}, None),
])
def test_selected_label_on_terms(selection, expected):
    fig = distinctive_bars(TERMS, source="Source 000", color="#000")
    assert selected_label(fig, selection) == expected


@pytest.mark.parametrize("builder", [
    lambda: distinctive_bars(TERMS.iloc[0:0], source="Source 000", color="#000"),
])
def test_empty_input_gives_an_explaining_figure(builder):
    fig = builder()
    assert isinstance(fig, go.Figure)
    assert not fig.data
    assert fig.layout.annotations[0].text


LABELS = {"000_bbf5bfafb942b6c3": "Source 000 · 000_bbf5bfafb942b6c3",
          "004_d19ef8a8fb16cabf": "Source 004 · 004_d19ef8a8fb16cabf"}


@pytest.mark.parametrize(("selection", "expected"), [
    (None, None),
    ({"points": []}, None),
    ({"points": [{"x": LABELS["000_bbf5bfafb942b6c3"], "y": LABELS["004_d19ef8a8fb16cabf"],
                  "z": 0.0625}]}, ("004_d19ef8a8fb16cabf", "000_bbf5bfafb942b6c3")),
    ({"points": [{"x": LABELS["000_bbf5bfafb942b6c3"], "y": LABELS["000_bbf5bfafb942b6c3"]}]},
     None),  # the diagonal: an article with itself
    ({"points": [{"x": "Unknown · x", "y": LABELS["000_bbf5bfafb942b6c3"]}]}, None),
])
def test_selected_pair_from_heatmap_labels(selection, expected):
    assert selected_pair(selection, labels=LABELS) == expected


def test_article_labels_are_escaped_for_plotly():
    articles = pd.DataFrame({"article_id": ["a", "b"], "source": ["<i>X</i>", "Y & Z"]})
    heat = similarity_heatmap(REUSE.iloc[0:0], articles=articles).data[0]
    assert list(heat.x) == ["&lt;i&gt;X&lt;/i&gt; · a", "Y &amp; Z · b"]
    picked = selected_pair({"points": [{"x": heat.x[0], "y": heat.y[1]}]},
                           labels=article_labels(articles))
    assert picked == ("b", "a")


@pytest.mark.parametrize(
    ("z", "expected_edge"),
    [
        ([2.41, 2.05, 1.10, -1.3], 2.41 * 1.15),  # the largest bar decides
        ([0.8, -0.5], Z_NOTABLE * 1.15),  # small z-scores: the ±1.96 lines decide
        ([1.96, -1.96], Z_NOTABLE * 1.15),  # a bar exactly on the line: still room
    ],
)
def test_distinctive_bars_axis_shows_the_196_lines_with_room(z, expected_edge):
    terms = pd.DataFrame({
        "source": "Source 000", "term": [f"word{i}" for i in range(len(z))],
        "count": 3, "count_other": 1, "z": z, "log_odds": 0.5,
    })
    fig = distinctive_bars(terms, source="Source 000", color="#000")
    low, high = fig.layout.xaxis.range
    assert (low, high) == pytest.approx((-expected_edge, expected_edge))
    lines = [shape.x0 for shape in fig.layout.shapes]
    assert sorted(lines) == [-Z_NOTABLE, Z_NOTABLE]
    assert all(low < x < high and min(x - low, high - x) > 0.2 for x in lines)


def test_distinctive_bars_hover_escapes_terms_but_keeps_the_raw_term():
    terms = pd.DataFrame([("Evil <b>Outlet</b>", "<i>statement</i>", 3, 1, 2.4, 1.1)],
                         columns=["source", "term", "count", "count_other", "z", "log_odds"])
    fig = distinctive_bars(terms, source="Evil <b>Outlet</b>", color="#000")
    bar = fig.data[0]
    assert "%{customdata[4]}" in bar.hovertemplate and "%{customdata[0]}" not in bar.hovertemplate
    assert bar.customdata[0][4] == "&lt;i&gt;statement&lt;/i&gt;"
    assert "Evil &lt;b&gt;Outlet&lt;/b&gt;" in bar.hovertemplate
    assert selected_label(fig, {"points": [{"curve_number": 0, "point_index": 0}]}) == (
        "<i>statement</i>")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Evil\n<b>Outlet</b>", "Evil &lt;b&gt;Outlet&lt;/b&gt;"),  # as ui.figures.hover_text
        ("AT&T  News", "AT&amp;T News"),
        ("x" * 200, "x" * 119 + "…"),
    ],
)
def test_plain_is_hover_text(text, expected):
    from ui.figures import hover_text
    from ui.figures_compare import NAME_CHARS, plain

    assert plain(text) == expected == hover_text(text, limit=NAME_CHARS)
