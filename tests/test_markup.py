"""ui/markup.py: the article reader's HTML escapes all article text before adding markup."""

import pandas as pd
import pytest

from ui.markup import (
    article_html,
    find_term_spans,
    highlight,
    kwic_html,
    merge_spans,
    removed_html,
    sentence_html,
)
from ui.topic_spans import topics_by_mentions

HOSTILE = [
    "<script>alert('x')</script> Blinken met Xi.",
    'Xi <img src=x onerror="alert(1)"> spoke of Taiwan.',
    "Tensions & \"hopes\" rose <b>sharply</b>.",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_highlight_escapes_everything(text):
    out = highlight(text, spans=find_term_spans(text, terms=["Taiwan", "Xi"], topic="t"))
    assert "<script" not in out and "<img" not in out and "<b>" not in out
    assert "&lt;" in out


@pytest.mark.parametrize(("text", "terms", "expected"), [
    ("Blinken met Xi Jinping in Beijing.", ["Xi Jinping"],
     'Blinken met <mark style="{s}" title="China">Xi Jinping</mark> in Beijing.'),
    ("Taiwan and TAIWAN, not Taiwanese.", ["Taiwan"],
     '<mark style="{s}" title="China">Taiwan</mark> and <mark style="{s}" title="China">'
     'TAIWAN</mark>, not Taiwanese.'),
    ("U.S. <b>sanctions</b>", ["sanctions"],
     'U.S. &lt;b&gt;<mark style="{s}" title="China">sanctions</mark>&lt;/b&gt;'),
])
def test_highlight_marks_whole_words(text, terms, expected):
    from ui.markup import MARK_STYLE

    spans = find_term_spans(text, terms=terms, topic="China")
    assert highlight(text, spans=spans) == expected.format(s=MARK_STYLE)


def test_topic_name_in_title_is_escaped():
    out = highlight("Taiwan", spans=[(0, 6, '"><script>x</script>')])
    assert "<script>" not in out and "&quot;&gt;&lt;script&gt;" in out


@pytest.mark.parametrize(("spans", "expected"), [
    ([(0, 5, "a"), (3, 8, "b")], [(0, 5, "a")]),
    ([(3, 8, "b"), (0, 2, "a")], [(0, 2, "a"), (3, 8, "b")]),
    ([(0, 2, "a"), (0, 9, "b")], [(0, 9, "b")]),  # same start: the longer wins
])
def test_merge_spans(spans, expected):
    assert merge_spans(spans) == expected


def test_sentence_tint_and_score_on_hover():
    out = sentence_html("Relations improved.", sentence_id=4, compound=0.4767, spans=[])
    assert "rgba(0,114,178,0.167)" in out
    assert 'title="sentence 4: compound +0.477"' in out


def test_article_html_orders_sentences_and_escapes_title():
    sentences = pd.DataFrame({
        "sentence_id": [1, 0], "compound": [-0.5, 0.2],
        "text": ["<img src=x onerror=alert(1)> Second.", "First sentence."],
    })
    out = article_html(sentences, spans={}, title="<script>t</script>")
    assert out.index("First sentence.") < out.index("Second.")
    assert "<img" not in out and "<script>" not in out
    assert "&lt;script&gt;t&lt;/script&gt;" in out
    assert "no scored sentences" in article_html(sentences.iloc[0:0], spans={})


def test_removed_html_greyed_and_escaped():
    removed = pd.DataFrame({"kind": ["cross_promotion"], "offset": [120],
                            "text": ["Also Read: <a href=x>China's new envoy</a>"]})
    out = removed_html(removed)
    assert "Also Read: &lt;a href=x&gt;" in out and "color:#777" in out
    assert "Nothing was removed" in removed_html(removed.iloc[0:0])


def test_kwic_html_escapes_cells():
    rows = pd.DataFrame({"source": ["<b>X</b>"], "article_id": ["a<1>"], "sentence_id": [0],
                         "compound": [-0.3], "text": ["Sanctions on <script>x</script>"]})
    out = kwic_html(rows, spans={("a<1>", 0): [(0, 9, "sanctions")]})
    assert "<script>" not in out and "<b>X" not in out
    assert ">Sanctions</mark>" in out and "-0.30" in out


@pytest.mark.parametrize(("mentions", "expected"), [
    # QA bug: the keyword-in-context picker opened on "Fentanyl", which nobody mentioned.
    ({"Fentanyl": [0, 0], "Sanctions": [1, 0], "Taiwan": [1, 2], "Ukraine": [0, 0]},
     ["Taiwan", "Sanctions", "Fentanyl", "Ukraine"]),
    ({"Trade": [2, 0], "Military": [0, 2]}, ["Military", "Trade"]),
    ({}, []),
])
def test_topics_by_mentions(mentions, expected):
    rows = [{"source": source, "topic": topic, "mentions": n}
            for topic, counts in mentions.items()
            for source, n in zip(("Source 000", "Source 004"), counts, strict=True)]
    frame = pd.DataFrame(rows, columns=["source", "topic", "mentions"])
    assert topics_by_mentions(frame) == expected


def test_card_tone_summary_signs_only_the_signed_dimension():
    """QA polish: cards read "Tone: Tone (GDELT-style): …; Conflict framing: +1.82 % of
    words" - a doubled label and a sign on a share that cannot be negative."""
    from analysis.tone import TONE_DIMENSIONS
    from ui.cards import tone_summary

    row = pd.Series({"tone_gdelt": 0.2604, "tone_conflict": 1.8229, "tone_cooperation": 0.0})
    assert tone_summary(row, dims=TONE_DIMENSIONS) == (
        "Tone (GDELT-style): +0.26 % of words; Conflict framing: 1.82 % of words; "
        "Cooperation framing: 0.00 % of words")
