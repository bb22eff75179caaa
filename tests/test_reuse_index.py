"""Vectorised MinHash signatures and LSH passage families (analysis/reuse_index.py)."""

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from analysis.reuse import _window_members, tokenize
from analysis.reuse_index import band_keys, band_layout, passage_families, permutations, signatures
from analysis.terms import load_stopwords

WINDOWS = [
    ("blinken", "critical", "juncture", "visit"),
    ("erroneous", "perception", "china", "lead", "wrong", "polici", "toward", "china"),
    ("rescue",),
    ("heavy", "rain", "caus", "severe", "flood", "southern", "germany", "sunday"),
    ("rescue", "team", "boat", "village"),
]


def _datasketch_families(keys, *, threshold, num_perm, seed):
    """The reference: datasketch MinHash.bulk + MinHashLSH, founders indexed in order."""
    hashes = MinHash.bulk([[w.encode("utf-8") for w in k] for k in keys],
                          num_perm=num_perm, seed=seed)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    families = {}
    for i, mh in enumerate(hashes):
        found = lsh.query(mh)
        if found:
            families[min(found)].append(i)
        else:
            lsh.insert(i, mh, check_duplication=False)
            families[i] = [i]
    return list(families.values())


@pytest.mark.parametrize(("num_perm", "seed"), [(128, 1), (64, 7), (16, 3)])
def test_signatures_equal_datasketch(num_perm, seed):
    got = signatures(WINDOWS, perms=permutations(num_perm=num_perm, seed=seed))
    ref = MinHash.bulk([[w.encode("utf-8") for w in k] for k in WINDOWS],
                       num_perm=num_perm, seed=seed)
    assert got.dtype == np.uint32 and got.shape == (len(WINDOWS), num_perm)
    assert all((row == mh.hashvalues).all() for row, mh in zip(got, ref, strict=True))


def test_signatures_empty():
    assert signatures([], perms=permutations(num_perm=8, seed=1)).shape == (0, 8)


def test_band_keys_equal_iff_band_values_equal():
    sigs = signatures(WINDOWS[:2] + WINDOWS[:1], perms=permutations(num_perm=128, seed=1))
    bands, rows = band_layout(threshold=0.3, num_perm=128)
    keys = band_keys(sigs, bands=bands, rows=rows)
    assert (bands, rows) == (37, 3)  # datasketch's choice for threshold 0.3, 128 perms
    assert (keys[0] == keys[2]).all()
    cube = sigs[:, : bands * rows].reshape(3, bands, rows)
    assert ((keys[0] == keys[1]) == (cube[0] == cube[1]).all(axis=1)).all()
    assert len(set(keys[0].tolist())) == bands  # the band index is part of the key


@pytest.mark.parametrize("threshold", [0.3, 0.5])
def test_families_equal_datasketch_lsh(seed_sentences, other_story_sentences, threshold):
    docs = {a: [tokenize(s).words for s in sents]
            for a, sents in {**seed_sentences, **other_story_sentences}.items()}
    keys = list(_window_members(docs, stopwords=load_stopwords()))
    got = passage_families(keys, threshold=threshold, num_perm=128, seed=1)
    assert got == _datasketch_families(keys, threshold=threshold, num_perm=128, seed=1)
    assert sorted(i for fam in got for i in fam) == list(range(len(keys)))
    assert len(got) < len(keys)  # the two seeds share passages: some windows join families


def test_families_across_batches(monkeypatch):
    """Founders of earlier batches are found by the numpy lookup, later ones one by one."""
    monkeypatch.setattr("analysis.reuse_index.BATCH_WINDOWS", 2)
    keys = [*WINDOWS, *WINDOWS[::-1], ("rescue", "team", "boat", "village", "danube")]
    got = passage_families(keys, threshold=0.3, num_perm=128, seed=1)
    assert got == _datasketch_families(keys, threshold=0.3, num_perm=128, seed=1)
    assert passage_families([], threshold=0.3, num_perm=128, seed=1) == []
