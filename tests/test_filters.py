"""ui/filters.py: the syndicated-copies filter (the other filters are in test_state.py)."""

import pandas as pd

from ui.filters import Choices, Filters, filter_tables, filters_from_query, filters_to_query

CHOICES = Choices(sources=("A", "B", "C"), topics=("Taiwan",))
TABLES = {
    "articles": pd.DataFrame({"article_id": ["a1", "b1", "c1"], "source": ["A", "B", "C"]}),
    "sentences": pd.DataFrame({"article_id": ["a1", "b1", "c1"], "sentence_id": [0, 0, 0],
                               "text": ["Talks resumed.", "Talks resumed.", "Rain fell."]}),
    "reuse": pd.DataFrame({"article_a": ["a1"], "article_b": ["b1"], "similarity": [0.97],
                           "passages": ["[]"]}),
}


def test_syndicated_once_round_trips_through_the_url() -> None:
    params = filters_to_query(Filters(syndicated_once=True), choices=CHOICES)
    assert params == {"syndicated": "once"}
    assert filters_from_query(params, choices=CHOICES).syndicated_once is True
    assert filters_from_query({}, choices=CHOICES).syndicated_once is False


def test_syndicated_once_keeps_the_earliest_copy_only() -> None:
    kept = filter_tables(TABLES, Filters(syndicated_once=True))
    assert list(kept["articles"]["article_id"]) == ["a1", "c1"]
    assert list(kept["sentences"]["article_id"]) == ["a1", "c1"]
    assert list(filter_tables(TABLES, Filters())["articles"]["article_id"]) == ["a1", "b1", "c1"]
