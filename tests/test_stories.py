"""Stories: given labels kept, the rest grouped by content-word similarity."""

import math
from collections import Counter, defaultdict

import pandas as pd
import pytest
from datasketch import LeanMinHash, MinHash, MinHashLSH

from analysis import stories
from analysis.reuse import tokenize
from analysis.reuse_index import permutations, set_signatures
from analysis.stories import DEFAULT_STORY_THRESHOLD, STORY_PREFIX, assign_stories, jaccard
from analysis.terms import load_stopwords

SEED_000 = "000_bbf5bfafb942b6c3"
SEED_004 = "004_d19ef8a8fb16cabf"


def _tables(docs: dict[str, list[str]], stories: dict[str, str | None]):
    sentences = pd.DataFrame(
        [{"article_id": a, "sentence_id": i, "text": s}
         for a, sents in docs.items() for i, s in enumerate(sents)]
    )
    articles = pd.DataFrame({"article_id": list(docs), "source": list(docs),
                             "story": [stories.get(a) for a in docs]})
    return articles, sentences


@pytest.fixture(scope="module")
def docs(seed_sentences, other_story_sentences):
    return {**seed_sentences, **other_story_sentences}


def test_groups_without_story_column(docs):
    articles, sentences = _tables(docs, {})
    stories = assign_stories(articles, sentences)
    assert list(stories.index) == list(docs)
    assert stories[SEED_000] == stories[SEED_004]
    assert stories["flood_a"] == stories["flood_b"]
    assert len({stories[SEED_000], stories["flood_a"], stories["rates"]}) == 3
    assert all(label.startswith(STORY_PREFIX) for label in stories)


@pytest.mark.parametrize(
    ("article", "words"),
    [(SEED_000, {"blinken", "china", "xi"}), ("flood_a", {"bavaria", "danube", "rain"}),
     ("rates", {"bank", "rates", "central", "ecb"})],
)
def test_labels_are_distinctive_words(docs, article, words):
    articles, sentences = _tables(docs, {})
    label = assign_stories(articles, sentences)[article]
    assert set(label.removeprefix(STORY_PREFIX).split(" · ")) & words


def test_given_story_wins_and_spreads(docs):
    given = {SEED_000: "Blinken in Beijing", "flood_a": "Bavaria floods"}
    articles, sentences = _tables(docs, given)
    stories = assign_stories(articles, sentences)
    assert stories[SEED_000] == "Blinken in Beijing"
    assert stories[SEED_004] == "Blinken in Beijing"  # unlabelled, grouped with a labelled one
    assert stories["flood_b"] == "Bavaria floods"
    assert stories["rates"].startswith(STORY_PREFIX)


def test_all_given_is_returned_as_is(docs):
    given = {a: f"story {i}" for i, a in enumerate(docs)}
    articles, sentences = _tables(docs, given)
    assert assign_stories(articles, sentences).to_dict() == given


@pytest.mark.parametrize(
    ("threshold", "n_stories"),
    [(0.005, 1), (DEFAULT_STORY_THRESHOLD, 3), (0.9, 5)],
)
def test_threshold_controls_strictness(docs, threshold, n_stories):
    articles, sentences = _tables(docs, {})
    assert assign_stories(articles, sentences, threshold=threshold).nunique() == n_stories


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [({"rain", "danube"}, {"rain", "bavaria"}, 1 / 3), (set(), set(), 0.0),
     ({"x"}, {"x"}, 1.0)],
)
def test_jaccard(a, b, expected):
    assert jaccard(a, b) == pytest.approx(expected)


def test_empty_and_article_without_sentences(docs):
    empty = pd.DataFrame(columns=["article_id", "source", "story"])
    assert assign_stories(empty, pd.DataFrame(columns=["article_id", "text"])).empty
    articles, sentences = _tables(docs, {})
    articles = pd.concat([articles, pd.DataFrame([{"article_id": "blank", "source": "x",
                                                   "story": None}])], ignore_index=True)
    stories = assign_stories(articles, sentences)
    assert stories["blank"].startswith(STORY_PREFIX)
    assert (stories == stories["blank"]).sum() == 1


# --- the fast paths equal the plain definitions -------------------------------------------

def _plain_counts(sentences: list[str], stops: frozenset[str]) -> Counter:
    return Counter(w for s in sentences for w in tokenize(s).words
                   if w not in stops and any(c.isalpha() for c in w))


def _plain_groups(word_sets: dict[str, set[str]], threshold: float) -> list[list[str]]:
    """datasketch's MinHashLSH and union-find pair by pair: the code the fast path replaced."""
    ids = sorted(word_sets)
    parent = {a: a for a in ids}

    def root(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    indexed = [a for a in ids if word_sets[a]]
    if len(indexed) > 1:
        sigs = set_signatures([sorted(word_sets[a]) for a in indexed],
                              perms=permutations(num_perm=stories.NUM_PERM, seed=1))
        scheme = MinHash(num_perm=1, seed=1).scheme
        lsh = MinHashLSH(threshold=min(max(threshold, 0.01), 0.99), num_perm=stories.NUM_PERM)
        for a, row in zip(indexed, sigs, strict=True):
            lsh.insert(a, LeanMinHash(seed=1, hashvalues=row, scheme=scheme))
        for table in lsh.hashtables:
            for key in list(table.keys()):
                members = sorted(table.get(key))
                for b in members[1:]:
                    for a in members[: stories.BUCKET_REPS]:
                        if a < b and root(a) != root(b) and (
                                jaccard(word_sets[a], word_sets[b]) >= threshold):
                            ra, rb = root(a), root(b)
                            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for a in ids:
        groups[root(a)].append(a)
    return sorted(groups.values(), key=lambda g: g[0])


def _plain_label(members, counts, corpus_df) -> str:
    inside = Counter(w for a in members for w in counts[a])
    uses: Counter = Counter()
    for a in members:
        uses.update(counts[a])
    scored = sorted(inside, key=lambda w: (
        -(inside[w] / len(members)) * math.log((len(counts) + 1) / corpus_df[w]), -uses[w], w))
    return STORY_PREFIX + " · ".join(scored[:3]) if scored else STORY_PREFIX + members[0]


@pytest.fixture(scope="module")
def many_docs(docs) -> dict[str, list[str]]:
    """The seeds and three short articles, plus 60 synthetic ones (many near-duplicates)."""
    from analysis.synthetic import make_corpus

    corpus = make_corpus(60)
    return {**docs, **{a: t.split(". ") for a, t in zip(corpus["article_id"], corpus["text"],
                                                       strict=True)}, "blank": []}


def test_article_counts_equal_plain_counts(many_docs):
    stops = load_stopwords()
    for sentences in many_docs.values():
        assert stories.article_counts(sentences, stopwords=stops) == _plain_counts(sentences,
                                                                                   stops)


@pytest.mark.parametrize("threshold", [0.005, 0.05, DEFAULT_STORY_THRESHOLD, 0.3, 0.6, 0.95])
def test_similar_groups_equal_plain_lsh(many_docs, threshold):
    stops = load_stopwords()
    word_sets = {a: set(_plain_counts(s, stops)) for a, s in many_docs.items()}
    assert stories.similar_groups(word_sets, threshold=threshold) == _plain_groups(word_sets,
                                                                                   threshold)


def test_lsh_buckets_are_datasketch_buckets(many_docs):
    stops = load_stopwords()
    ids = sorted(a for a, s in many_docs.items() if s)
    sigs = set_signatures([sorted(_plain_counts(many_docs[a], stops)) for a in ids],
                          perms=permutations(num_perm=stories.NUM_PERM, seed=1))
    lsh = MinHashLSH(threshold=0.3, num_perm=stories.NUM_PERM)
    for a, row in zip(ids, sigs, strict=True):
        lsh.insert(a, LeanMinHash(seed=1, hashvalues=row, scheme=MinHash(1, seed=1).scheme))
    expected = sorted(sorted(t.get(k)) for t in lsh.hashtables for k in t.keys()  # noqa: SIM118
                      if len(t.get(k)) > 1)
    got = sorted([ids[i] for i in members.tolist()]
                 for members in stories.lsh_buckets(sigs, bands=lsh.b, rows=lsh.r))
    assert got == expected


@pytest.mark.parametrize("max_lookup", [0, stories.MAX_LOOKUP_WORDS])
def test_story_label_equals_full_ranking(many_docs, monkeypatch, max_lookup):
    monkeypatch.setattr(stories, "MAX_LOOKUP_WORDS", max_lookup)  # both ways of counting uses
    stops = load_stopwords()
    counts = {a: _plain_counts(s, stops) for a, s in many_docs.items()}
    corpus_df = Counter(w for c in counts.values() for w in c)
    groups = _plain_groups({a: set(c) for a, c in counts.items()}, 0.3)
    for members in [*groups, sorted(counts)]:  # every group, and one of all the articles
        assert stories.story_label(members, counts=counts, corpus_df=corpus_df) == _plain_label(
            members, counts, corpus_df)
