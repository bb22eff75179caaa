"""Verification of shared-passage candidates: chunked (mapped) runs equal plain ones."""

import pandas as pd
import pytest

from analysis.reuse import find_reuse


@pytest.fixture(scope="module")
def varied_docs():
    """Sentences of 60 synthetic articles (sample sentences, words varied): many shared
    passages, so verification has thousands of candidate pairs."""
    from analysis import sentences
    from analysis.synthetic import make_corpus

    corpus = make_corpus(60, seed=3)
    return {str(aid): sentences.split_sentences(text)
            for aid, text in zip(corpus["article_id"], corpus["text"], strict=True)}


def test_mapped_reuse_equals_sequential(varied_docs, monkeypatch):
    from analysis import reuse_verify

    expected = find_reuse(varied_docs)
    monkeypatch.setattr(reuse_verify, "VERIFY_CHUNK", 40)
    calls: list[int] = []

    def mapper(func, items):
        calls.append(len(items))
        return [func(item) for item in items]

    got = find_reuse(varied_docs, mapper=mapper)
    assert len(calls) == 1 and calls[0] > 2  # verification really was cut into chunks
    assert len(expected) > 10
    pd.testing.assert_frame_equal(got, expected)


def test_mapped_reuse_runs_on_a_process_pool(varied_docs):
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=2) as pool:
        got = find_reuse(varied_docs, mapper=lambda f, items: list(pool.map(f, items)))
    pd.testing.assert_frame_equal(got, find_reuse(varied_docs))


def test_pair_chunks_never_split_an_article():
    from analysis.reuse_verify import pair_chunks

    pairs = {("a", i, "b", j) for i in range(3) for j in range(4)} | {("c", 0, "d", 1)}
    chunks = list(pair_chunks(pairs, size=5))
    assert [p for chunk in chunks for p in chunk] == sorted(pairs)
    assert [{p[0] for p in chunk} for chunk in chunks] == [{"a"}, {"c"}]


def test_verify_equals_plain_alignment(varied_docs):
    """`verify` (each a-sentence prepared once, shared pairs only) finds the passages of
    the plain path: `passage_regions` + `cut_passages` on every pair, in sorted order."""
    from collections import defaultdict

    from analysis.align import Tokens, cut_passages, match_words, passage_regions, word_spans
    from analysis.reuse_verify import verify
    from analysis.terms import load_stopwords

    docs = {aid: varied_docs[aid] for aid in sorted(varied_docs)[:8]}
    words = {aid: [match_words(s) for s in sents] for aid, sents in docs.items()}
    pairs = {(a, sa, b, sb) for a in docs for b in docs if a < b
             for sa in range(len(docs[a])) for sb in range(len(docs[b]))}
    stops = load_stopwords()
    plain: dict[tuple[str, str], list] = defaultdict(list)
    for a, sa, b, sb in sorted(pairs):
        regions = passage_regions(Tokens(words[a][sa], ()), Tokens(words[b][sb], ()),
                                  stopwords=stops)
        plain[(a, b)].extend(cut_passages(
            docs[a][sa], docs[b][sb], regions, spans_a=word_spans(docs[a][sa]),
            spans_b=word_spans(docs[b][sb])))
    plain = {k: v for k, v in plain.items() if v}
    got = verify(docs, words=words, pairs=pairs, stopwords=stops)
    assert len(plain) > 5
    assert dict(got) == plain


@pytest.mark.parametrize(("size", "mapped"), [(2, False), (4, True), (None, True)])
def test_verification_is_mapped_only_to_enough_workers(varied_docs, size, mapped):
    """Two workers verify faster by leaving it to this process (see reuse.MIN_MAP_WORKERS);
    four, or a cluster of unknown size, get the chunks. Same table either way."""
    from analysis.mapping import Workers, map_here, start_here

    calls: list[int] = []

    def mapper(func, items):
        calls.append(len(items))
        return map_here(func, items)

    got = find_reuse(varied_docs, mapper=Workers(mapper, start_here, size=size))
    assert bool(calls) is mapped
    pd.testing.assert_frame_equal(got, find_reuse(varied_docs))
