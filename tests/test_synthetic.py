"""The synthetic benchmark corpus: labelled, deterministic, almost never repeating itself."""

import pytest

from analysis import synthetic


@pytest.fixture(scope="module")
def corpus():
    return synthetic.make_corpus(120, seed=1)


def test_sources_and_ids_are_labelled_synthetic(corpus):
    assert corpus["source"].str.fullmatch(r"Synthetic \d+").all()
    assert corpus["article_id"].str.startswith("synthetic-").all()
    assert corpus["article_id"].is_unique
    assert corpus["source"].nunique() == synthetic.N_SOURCES


def test_same_seed_same_corpus_other_seed_other_corpus(corpus):
    assert synthetic.make_corpus(120, seed=1).equals(corpus)
    assert not synthetic.make_corpus(120, seed=2)["text"].equals(corpus["text"])


def test_almost_no_sentence_repeats_verbatim(corpus):
    assert synthetic.unique_sentence_share(corpus) > 0.99


@pytest.mark.parametrize("sentence", synthetic.sample_sentences()[:5])
def test_varied_sentences_differ_from_the_sample(sentence):
    import random

    rng = random.Random(0)
    variants = {synthetic.vary_sentence(sentence, rng=rng) for _ in range(20)}
    assert sentence not in variants and len(variants) == 20


def test_stories_share_vocabulary_within_not_across(corpus):
    first = synthetic.story_mapping(0, seed=1)
    assert first == synthetic.story_mapping(0, seed=1)
    assert first != synthetic.story_mapping(1, seed=1)
    assert sorted(first.values()) == sorted(first)


def test_some_articles_carry_boilerplate_to_clean(corpus):
    assert corpus["text"].str.contains("Also Read:|READ MORE:").any()


def test_empty_corpus_has_the_article_columns():
    empty = synthetic.make_corpus(0)
    assert empty.empty and {"article_id", "source", "text"} <= set(empty.columns)
