"""Sentence owners as codes: the sources Series.map finds, as integers."""

import numpy as np
import pandas as pd
import pytest

from analysis.term_owners import sentence_owners


def _by_map(sentences: pd.DataFrame, articles: pd.DataFrame) -> list:
    """The definition (terms.source_term_counts): map each article_id to its source."""
    owners = sentences["article_id"].map(articles.set_index("article_id")["source"])
    return [None if pd.isna(o) else o for o in owners]


@pytest.mark.parametrize(
    ("sentence_ids", "article_ids", "sources"),
    [
        (["a", "b", "b", "x", "c"], ["c", "b", "a"], ["Z", "A", "Z"]),  # x: no article
        (["a", "b", "c"], ["a", "b", "c"], ["B", None, "A"]),  # b: no source
        ([1, 2, 2, 3], [1, 2], ["B", "A"]),  # integer ids
        ([1, 2, 2, 3], ["1", "2"], ["B", "A"]),  # ids of different types never match
        ([], ["a"], ["A"]),
    ],
)
def test_owners_are_those_of_map(sentence_ids, article_ids, sources):
    sentences = pd.DataFrame({"article_id": sentence_ids}, dtype=None if sentence_ids else str)
    articles = pd.DataFrame({"article_id": article_ids, "source": sources})
    codes, names = sentence_owners(sentences, articles)
    expected = _by_map(sentences, articles)
    assert names == sorted({o for o in expected if o is not None})
    assert [names[c] if c >= 0 else None for c in codes.tolist()] == expected
    assert codes.dtype == np.int32


def test_duplicate_article_ids_refused_as_map_does():
    sentences = pd.DataFrame({"article_id": ["a"]})
    articles = pd.DataFrame({"article_id": ["a", "a"], "source": ["A", "B"]})
    with pytest.raises(pd.errors.InvalidIndexError):
        _by_map(sentences, articles)
    with pytest.raises(pd.errors.InvalidIndexError):
        sentence_owners(sentences, articles)
