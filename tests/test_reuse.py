"""Shared passages: MinHash LSH candidates, word alignment, article similarity."""

import json

import pytest

from analysis.reuse import (
    REUSE_COLUMNS,
    containment,
    find_reuse,
    passages_frame,
    shared_passages,
    shingles,
    syndicated_duplicates,
    tokenize,
)
from analysis.terms import load_stopwords

SEED_000 = "000_bbf5bfafb942b6c3"
SEED_004 = "004_d19ef8a8fb16cabf"


@pytest.fixture(scope="module")
def seed_reuse(seed_sentences, other_story_sentences):
    return find_reuse({**seed_sentences, **other_story_sentences})


def _passages(reuse, a, b):
    row = reuse[(reuse["article_a"] == a) & (reuse["article_b"] == b)]
    assert len(row) == 1
    return json.loads(row["passages"].iloc[0])


def test_seed_state_department_sentence_found(seed_reuse):
    passages = _passages(seed_reuse, SEED_000, SEED_004)
    hits = [p for p in passages if "responsibly managing the competition" in p["a"]]
    assert len(hits) == 1
    hit = hits[0]
    # word order differs ("the United States and the PRC" / "the PRC and the United States")
    assert "the United States and the PRC" in hit["a"]
    assert "the PRC and the United States" in hit["b"]
    assert hit["a"].endswith("does not veer into conflict")
    assert hit["similarity"] >= 0.85


@pytest.mark.parametrize("phrase", ["erroneous perception of China", "critical juncture"])
def test_seed_foreign_ministry_phrasing_found(seed_reuse, phrase):
    passages = _passages(seed_reuse, SEED_000, SEED_004)
    assert any(phrase in p["a"] and phrase in p["b"] for p in passages)


def test_unrelated_articles_not_paired(seed_reuse):
    pairs = set(zip(seed_reuse["article_a"], seed_reuse["article_b"], strict=True))
    seeds = {SEED_000, SEED_004}
    assert all((a in seeds) == (b in seeds) for a, b in pairs)
    assert ("flood_a", "rates") not in pairs and ("flood_b", "rates") not in pairs


def test_seed_pair_similarity_is_low(seed_reuse):
    row = seed_reuse[seed_reuse["article_a"] == SEED_000]
    assert list(row.columns) == REUSE_COLUMNS
    assert 0 < row["similarity"].iloc[0] < 0.2  # same event, written independently


def test_wire_copy_is_syndicated_duplicate(other_story_sentences):
    wire = other_story_sentences["flood_a"]
    rewrite = [*wire[:2], "The weather service expects the river to peak on Wednesday."]
    docs = {"agency": wire, "paper_1": list(wire), "paper_2": rewrite,
            "other": other_story_sentences["rates"]}
    reuse = find_reuse(docs)
    sims = {(a, b): s for a, b, s in zip(reuse["article_a"], reuse["article_b"],
                                         reuse["similarity"], strict=True)}
    assert sims[("agency", "paper_1")] == 1.0
    assert 0.5 < sims[("agency", "paper_2")] < 1.0
    assert syndicated_duplicates(reuse, threshold=0.9) == {"paper_1"}
    assert syndicated_duplicates(reuse, threshold=0.5) == {"paper_1", "paper_2"}
    assert not any("other" in pair for pair in sims)


def test_passages_frame_explodes(seed_reuse):
    frame = passages_frame(seed_reuse)
    total = sum(len(json.loads(p)) for p in seed_reuse["passages"])
    assert len(frame) == total
    assert {"a", "b", "passage_similarity", "article_a", "article_b"} <= set(frame.columns)
    assert passages_frame(seed_reuse.iloc[0:0]).empty


@pytest.mark.parametrize(
    ("text_a", "text_b", "found"),
    [
        ("Rescue teams used boats to reach villages cut off by the rising Danube.",
         "Using boats, rescue teams reached villages cut off by the rising Danube on Monday.",
         ["Rescue teams used boats to reach villages cut off by the rising Danube"]),
        # a stock phrase of four words is not a shared passage
        ("The ECB held interest rates steady on Thursday.",
         "Japan's central bank held interest rates steady at its meeting.", []),
        # "between the United States and": five words but only two content words
        ("Trade between the United States and China fell in May.",
         "Talks between the United States and Japan resumed.", []),
    ],
)
def test_shared_passages_cases(text_a, text_b, found):
    got = [p["a"] for p in shared_passages(text_a, text_b, stopwords=load_stopwords())]
    assert got == found


def test_tokenize_normalises():
    assert tokenize("Blinken's U.S. visit").words == ("blinken", "us", "visit")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("heavy rain caused severe flooding across southern germany",
         "heavy rain caused severe flooding across southern germany on sunday", 1.0),
        ("heavy rain caused severe flooding", "the ecb held interest rates steady", 0.0),
        ("", "heavy rain caused severe flooding", 0.0),
    ],
)
def test_containment(a, b, expected):
    assert containment(shingles(a.split(), size=3), shingles(b.split(), size=3)) == expected


def test_deterministic_and_empty(seed_sentences):
    assert find_reuse(seed_sentences).equals(find_reuse(seed_sentences))
    assert find_reuse({}).empty
    assert find_reuse({SEED_000: seed_sentences[SEED_000]}).empty


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("heavy rain caused severe flooding across southern germany",
         "heavy rain caused severe flooding across southern germany on sunday"),
        ("the ecb held interest rates steady on thursday as inflation eased",
         "the ecb held interest rates steady but warned inflation would return"),
        ("", "heavy rain caused severe flooding"),
    ],
)
def test_array_containment_equals_containment(a, b):
    from analysis.reuse import array_containment, shingle_array

    expected = containment(shingles(a.split(), size=3), shingles(b.split(), size=3))
    got = array_containment(shingle_array(a.split(), size=3), shingle_array(b.split(), size=3))
    assert got == expected


def test_word_spans_and_grams_match_tokenize(seed_sentences):
    from analysis.align import word_grams, word_spans

    for sentence in seed_sentences[SEED_000][:10]:
        toks = tokenize(sentence)
        assert word_spans(sentence) == toks.spans
        assert word_grams(toks.words) == set(toks.grams) == toks.gram_set
