"""The vote on int arrays (analysis/reuse_votes.py) against the plain dict vote."""

from collections import Counter, defaultdict

import numpy as np
import pytest

from analysis.reuse import _window_members, candidate_pairs, candidate_places, tokenize
from analysis.reuse_index import passage_families
from analysis.reuse_votes import (
    MAX_CANDIDATES,
    MAX_ORIGIN_SENTENCES,
    MAX_ORIGINS,
    family_spans,
    run_rank,
    top_origins,
)
from analysis.terms import load_stopwords

KW = {"threshold": 0.3, "num_perm": 128, "seed": 1}


def _origins(places):
    origins = {}
    for article_id, sid in places:
        if article_id in origins:
            if len(origins[article_id]) < MAX_ORIGIN_SENTENCES and sid not in origins[article_id]:
                origins[article_id].append(sid)
        elif len(origins) < MAX_ORIGINS:
            origins[article_id] = [sid]
    return [(a, sid) for a, sids in origins.items() for sid in sids]


def _plain_candidate_pairs(docs, *, stopwords, threshold, num_perm, seed):
    """The reference: window tuples in a dict, families as lists, votes in Counters."""
    by_window = _window_members(docs, stopwords=stopwords)
    members = list(by_window.values())
    votes = defaultdict(Counter)
    for family in passage_families(list(by_window), threshold=threshold, num_perm=num_perm,
                                   seed=seed):
        places = list(dict.fromkeys(place for i in family for place in members[i]))
        if len({a for a, _ in places}) < 2:
            continue
        origins = _origins(places)
        for place in places:
            for origin in origins:
                if origin[0] != place[0]:
                    votes[place][origin] += 1
    pairs = set()
    for (b, sb), ballot in votes.items():
        for (a, sa), _ in sorted(ballot.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]:
            pairs.add((a, sa, b, sb) if a < b else (b, sb, a, sa))
    return pairs


def _words(docs):
    return {a: [tokenize(s).words for s in sents] for a, sents in docs.items()}


@pytest.fixture(scope="module")
def mixed_docs(seed_sentences, other_story_sentences):
    """Seeds, their partial copies and rewrites under ids whose string order is not the
    corpus order, so that ties and the pair order depend on it."""
    (a, seed_a), (b, seed_b) = seed_sentences.items()
    flood_a, flood_b = other_story_sentences["flood_a"], other_story_sentences["flood_b"]
    return {
        "zz_wire": seed_b[:12],
        a: seed_a,
        "10": [*flood_a, *seed_a[3:9]],
        b: seed_b,
        "9": [*flood_b, *seed_b[::3]],
        "aa_rates": other_story_sentences["rates"],
        "mm_empty": [],
        "bb_short": ["Rescue teams.", "Floods."],
        "cc_copy": [*seed_a[:6], *flood_a, *flood_a],
    }


@pytest.mark.parametrize("chunk", [7, 1 << 17])
def test_candidate_pairs_equal_plain_vote(mixed_docs, seed_sentences, other_story_sentences,
                                          chunk, monkeypatch):
    monkeypatch.setattr("analysis.reuse_votes.VOTER_CHUNK", chunk)
    monkeypatch.setattr("analysis.reuse_votes.FAMILY_CHUNK", chunk * 3)
    stops = load_stopwords()
    for docs in (mixed_docs, {**seed_sentences, **other_story_sentences},
                 dict(reversed(mixed_docs.items()))):
        words = _words(docs)
        got = candidate_pairs(words, stopwords=stops, **KW)
        assert got == _plain_candidate_pairs(words, stopwords=stops, **KW)
        assert all(a < b for a, _, b, _ in got)
    assert len(got) > 50  # the copies give many candidates


def test_candidate_pairs_without_shared_windows(other_story_sentences):
    stops = load_stopwords()
    assert candidate_pairs({}, stopwords=stops, **KW) == set()
    assert candidate_pairs({"x": [("rescue",)]}, stopwords=stops, **KW) == set()
    rates = _words({"rates": other_story_sentences["rates"]})
    assert candidate_pairs(rates, stopwords=stops, **KW) == set()


def test_run_rank():
    assert run_rank(np.array([3, 3, 5, 5, 5, 7])).tolist() == [0, 1, 0, 1, 2, 0]
    assert run_rank(np.array([], dtype=np.int64)).tolist() == []


@pytest.mark.parametrize("scale", [1, 2**50])  # 2**50: no single int64 key, the lexsort path
def test_top_origins_by_votes_then_tie_key(scale):
    voter = np.array([0, 0, 0, 0, 0, 0, 1, 1])
    origin = np.array([5, 4, 4, 6, 7, 3, 2, 2])
    tie_key = np.array([0, 0, 0, 9, 8, 7, 1, 0]) * scale  # one vote each for 3, 5, 6, 7
    got_voter, got_origin = top_origins(voter, origin, tie_key=tie_key)
    assert list(zip(got_voter.tolist(), got_origin.tolist(), strict=True)) == [
        (0, 4), (0, 7), (0, 6), (1, 2)]


def test_top_origins_large_int32_places():
    """Place numbers past 46341 overflow an int32 product: keys are built in int64."""
    voter = np.array([200_000, 200_000, 3], dtype=np.int32)
    origin = np.array([190_000, 190_001, 190_001], dtype=np.int32)
    tie_key = np.arange(200_001)[::-1]
    got_voter, got_origin = top_origins(voter, origin, tie_key=tie_key)
    assert got_voter.tolist() == [3, 200_000, 200_000]
    assert got_origin.tolist() == [190_001, 190_001, 190_000]


def test_family_spans_cover_whole_families():
    fam = np.array([0, 0, 0, 2, 2, 5, 5, 5, 5, 6])
    assert family_spans(fam, size=3) == [(0, 1), (1, 6), (6, 7)]  # about 3 each, whole
    assert family_spans(fam, size=100) == [(0, 7)]


def test_candidate_places_in_sorted_pair_order(mixed_docs):
    stops = load_stopwords()
    words = _words(mixed_docs)
    article_a, sentence_a, article_b, sentence_b = candidate_places(words, stopwords=stops, **KW)
    names = list(words)
    got = [(names[a], sa, names[b], sb) for a, sa, b, sb in zip(
        article_a.tolist(), sentence_a.tolist(), article_b.tolist(), sentence_b.tolist(),
        strict=True)]
    assert got == sorted(candidate_pairs(words, stopwords=stops, **KW))
    assert all(part.size == 0 for part in candidate_places({}, stopwords=stops, **KW))
