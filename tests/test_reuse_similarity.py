"""Article similarity of the reuse table: the numpy crc32 shingles and containments equal
the plain ones (zlib per joined shingle, numpy intersect1d per pair)."""

import json
import random
import zlib

import numpy as np
import pandas as pd
import pytest

from analysis import reuse_similarity as rs
from analysis.align import match_words
from analysis.reuse import REUSE_COLUMNS, array_containment, shingle_array
from analysis.sentences import split_sentences


@pytest.fixture(scope="module")
def articles(seed_000_text, seed_004_text) -> dict[str, list[tuple[str, ...]]]:
    """article_id -> sentences' words: the seeds, parts and mixes of them, edge cases
    (no words, fewer words than a shingle, non-ASCII, an overlong word)."""
    rng = random.Random(2)
    seeds = [[match_words(s) for s in split_sentences(t)] for t in (seed_000_text, seed_004_text)]
    docs = {"seed0": seeds[0], "seed1": seeds[1], "empty": [], "blank": [()],
            "short": [("talks", "in"), ("beijing",)], "four": [("a", "b", "c", "d")],
            "accents": [("café", "naïve", "zürich", "talks", "’s", "東京", "🙂", "end")],
            "long": [("x" * 5000, "talks", "in", "beijing", "on", "monday", "said")]}
    for i in range(20):
        pool = seeds[i % 2] + rng.sample(seeds[1 - i % 2], 3)
        docs[f"mix{i:02d}"] = rng.sample(pool, min(len(pool), rng.randrange(2, 12)))
    return docs


def _flat(sentences):
    return [w for s in sentences for w in s]


def test_crc_combine_matches_zlib():
    rng = random.Random(0)
    tables = rs.zero_tables(64)
    for _ in range(200):
        a, b = (bytes(rng.randrange(256) for _ in range(rng.randrange(0, 40))) for _ in "ab")
        got = rs.shift_crc(np.array([zlib.crc32(a)], np.uint32), np.array([len(b)]), tables)
        assert int(got[0]) ^ zlib.crc32(b) == zlib.crc32(a + b)


@pytest.mark.parametrize("batch_words", [7, 1 << 20])
def test_shingle_sets_equal_plain_shingles(articles, monkeypatch, batch_words):
    monkeypatch.setattr(rs, "BATCH_WORDS", batch_words)  # many batches, or one
    ids = sorted(articles)
    for size in (5, 2):
        sets = rs.shingle_sets(articles, ids, size=size)
        for aid in ids:
            i = sets.index[aid]
            got = sets.values[sets.offsets[i] : sets.offsets[i + 1]]
            np.testing.assert_array_equal(got, shingle_array(_flat(articles[aid]), size=size))


@pytest.mark.parametrize("lookup", [1, 1 << 18])
def test_containments_equal_plain(articles, monkeypatch, lookup):
    monkeypatch.setattr(rs, "LOOKUP_SHINGLES", lookup)  # one b at a time, or all
    ids = sorted(articles)
    pairs = [(a, b) for a in ids for b in ids if a < b]
    sets = rs.shingle_sets(articles, ids, size=5)
    got = rs.containments(sets, pairs)
    plain = {aid: shingle_array(_flat(articles[aid]), size=5) for aid in ids}
    want = [array_containment(plain[a], plain[b]) for a, b in pairs]
    assert got.tolist() == want
    assert 0 < sum(x > 0.5 for x in want) < len(pairs)


def test_reuse_frame_is_the_reuse_table(articles):
    ids = sorted(articles)
    by_articles = {(a, b): [{"a": f"“{a}”", "b": b, "similarity": 0.5}] * (len(a) % 3 + 1)
                   for a in ids for b in ids if a < b and (len(a) + len(b)) % 2}
    pairs = sorted(by_articles)
    similarity = rs.pair_similarities(articles, pairs, shingle_size=5)
    got = rs.reuse_frame(by_articles, pairs, similarity, columns=REUSE_COLUMNS)
    plain = {aid: shingle_array(_flat(articles[aid]), size=5) for aid in ids}
    want = pd.DataFrame([
        {"article_a": a, "article_b": b,
         "similarity": round(array_containment(plain[a], plain[b]), 4),
         "passages": json.dumps(by_articles[(a, b)], ensure_ascii=False)}
        for a, b in sorted(by_articles)], columns=REUSE_COLUMNS)
    pd.testing.assert_frame_equal(got, want)
    empty = rs.reuse_frame({}, [], rs.pair_similarities(articles, [], shingle_size=5),
                           columns=REUSE_COLUMNS)
    pd.testing.assert_frame_equal(empty, pd.DataFrame([], columns=REUSE_COLUMNS))
