"""analysis/findings.py: generated findings from hand-made sources / source_topics tables."""

import math

import pandas as pd
import pytest

from analysis.findings import (
    exclusive_topic_findings,
    generate_findings,
    length_findings,
    sentiment_findings,
    tone_findings,
    topic_emphasis_findings,
)


def sources_frame(rows):
    columns = ["source", "n_articles", "n_sentences", "n_words", "sentiment_mean", "ci_low",
               "ci_high", "tone_conflict", "tone_cooperation"]
    return pd.DataFrame(rows, columns=columns)


TWO_APART = sources_frame([
    ("Reuters", 4, 120, 3000, 0.12, 0.05, 0.19, 2.0, 1.0),
    ("Global Times", 3, 90, 2400, -0.21, -0.30, -0.12, 4.5, 1.1),
])
TWO_OVERLAP = sources_frame([
    ("Reuters", 4, 120, 3000, 0.05, -0.05, 0.15, 2.0, 1.0),
    ("Xinhua", 3, 90, 2900, 0.01, -0.08, 0.10, 2.1, 1.05),
])
ONE = sources_frame([("Reuters", 4, 120, 3000, 0.12, 0.05, 0.19, 2.0, 1.0)])


@pytest.mark.parametrize(("sources", "expected"), [
    (TWO_APART, "Global Times is markedly more negative than Reuters: -0.21 vs +0.12 mean "
                "sentence sentiment, and the 95% CIs do not overlap."),
    (TWO_OVERLAP, "Xinhua reads slightly less positive than Reuters (+0.01 vs +0.05), but the "
                  "95% CIs overlap, so the difference may be chance."),
    # "in view", not "loaded": it also shows when a filter keeps one of several sources.
    (ONE, "Only one source (Reuters) is in view: mean sentence sentiment +0.12 over 120 "
          "sentences; select or load another source to compare."),
])
def test_sentiment_finding_text(sources, expected):
    assert [f.text for f in sentiment_findings(sources)] == [expected]


def test_sentiment_without_ci_says_so():
    frame = TWO_APART.assign(ci_low=math.nan, ci_high=math.nan)
    assert "too few sentences" in sentiment_findings(frame)[0].text


def topics_frame(rows):
    return pd.DataFrame(rows, columns=["source", "topic", "mentions", "per_1k_words"])


@pytest.mark.parametrize(("rows", "expected"), [
    ([("A", "sanctions", 3, 1.0), ("B", "sanctions", 0, 0.0)],
     ["Only A mentions sanctions (3 mentions, 1.0 per 1,000 words)."]),
    ([("A", "Ukraine", 0, 0.0), ("B", "Ukraine", 0, 0.0), ("A", "Taiwan", 2, 0.7),
      ("B", "Taiwan", 1, 0.4)],
     ["No source mentions Ukraine."]),
    ([("A", "Taiwan", 2, 0.7)], []),  # one source: nothing is "only"
    ([("A", "Fentanyl", 3, 3.1), ("A", "Trade", 1, 1.0), ("B", "Fentanyl", 0, 0.0),
      ("B", "Trade", 0, 0.0), ("B", "Ukraine", 0, 0.0), ("A", "Ukraine", 0, 0.0),
      ("B", "Military", 2, 2.0), ("A", "Military", 0, 0.0), ("A", "AI", 0, 0.0),
      ("B", "AI", 0, 0.0)],
     ["Only A mentions Fentanyl (3 mentions, 3.1 per 1,000 words) and Trade (1 mention, "
      "1.0 per 1,000 words).",
      "Only B mentions Military (2 mentions, 2.0 per 1,000 words).",
      "No source mentions AI and Ukraine."]),
])
def test_exclusive_topics(rows, expected):
    assert [f.text for f in exclusive_topic_findings(topics_frame(rows))] == expected


@pytest.mark.parametrize(("rows", "expected"), [
    ([("A", "Taiwan", 10, 4.0), ("B", "Taiwan", 2, 1.6), ("A", "trade", 2, 1.0),
      ("B", "trade", 2, 0.9)],
     ["A mentions Taiwan 2.5× as often as B (4.0 vs 1.6 per 1,000 words)."]),
    ([("A", "Taiwan", 10, 4.0), ("B", "Taiwan", 9, 3.5)], []),  # ratio below 1.5
    ([("A", "Taiwan", 10, 4.0), ("B", "Taiwan", 0, 0.0)], []),  # exclusive, not emphasis
])
def test_topic_emphasis(rows, expected):
    assert [f.text for f in topic_emphasis_findings(topics_frame(rows))] == expected


def test_tone_picks_the_largest_relative_gap():
    dims = [("tone_conflict", "Conflict framing"), ("tone_cooperation", "Cooperation framing")]
    found = tone_findings(TWO_APART, dimensions=dims)
    assert [f.text for f in found] == [
        "Global Times scores highest on conflict framing: 4.50 vs 2.00 for Reuters."]
    assert tone_findings(TWO_OVERLAP, dimensions=dims) == []


def test_length_gap():
    frame = TWO_APART.assign(n_words=[3000, 6000])
    assert [f.text for f in length_findings(frame)] == [
        "Global Times's articles are longer: 2000 vs 750 words on average."]
    assert length_findings(TWO_OVERLAP) == []


def test_generate_findings_orders_and_limits():
    topics = topics_frame([("Reuters", "sanctions", 4, 1.3), ("Global Times", "sanctions", 0, 0),
                           ("Reuters", "Taiwan", 3, 1.0), ("Global Times", "Taiwan", 9, 3.8)])
    dims = [("tone_conflict", "Conflict framing")]
    found = generate_findings(TWO_APART, topics, tone_dimensions=dims)
    assert [f.kind for f in found] == ["sentiment", "exclusive_topic", "topic_emphasis", "tone"]
    assert 3 <= len(found) <= 5
    assert len(generate_findings(TWO_APART, topics, tone_dimensions=dims, limit=2)) == 2
    assert generate_findings(TWO_APART.iloc[0:0], topics) == []
