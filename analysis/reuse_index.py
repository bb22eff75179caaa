"""MinHash signatures and LSH passage families for `analysis.reuse`, vectorised with numpy.

Bit-for-bit the scheme of datasketch (>= 2.0, scheme "affine32"): every word is hashed with
datasketch's `sha1_hash32` (stable across processes and Dask workers, unlike Python's salted
`hash()`), pre-mixed with the MurmurHash3 32-bit finalizer, then permuted by
`a_k * h + b_k (mod 2^32)` with datasketch's seeded (a_k, b_k); a window's signature is the
per-permutation minimum over its words. The LSH index uses datasketch's band layout
(`MinHashLSH(threshold, num_perm).b` bands of `.r` rows); a band key is a 64-bit mix of its
r values. Signatures are computed in bounded batches of windows, so memory stays flat;
founders' band keys are looked up in a numpy hash table (`analysis.reuse_table`).
Formulas: docs/METHODOLOGY.md ("Shared passages", step 2).
"""

from collections.abc import Iterator, Sequence
from itertools import chain

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH
from datasketch.hashfunc import sha1_hash32

from analysis.reuse_table import KeyTable

BATCH_WINDOWS = 4096  # windows hashed per numpy batch: (windows x num_perm) uint32 ~ 2 MB
# MurmurHash3 fmix32 constants (Appleby, MurmurHash3.cpp), as datasketch's `_fmix` width 32.
FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)
# Odd 64-bit multipliers (splitmix64 / golden ratio) combining a band's rows into one key.
BAND_MULTIPLIERS = (0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB)


def fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer on a uint32 array (wrapping arithmetic)."""
    s1, m1, s2, m2, s3 = FMIX32
    h = values.astype(np.uint32)
    h = h ^ (h >> np.uint32(s1))
    h = h * np.uint32(m1)
    h = h ^ (h >> np.uint32(s2))
    h = h * np.uint32(m2)
    return h ^ (h >> np.uint32(s3))


def permutations(*, num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's seeded permutation coefficients (a, b), uint32 arrays of num_perm."""
    a, b = MinHash(num_perm=num_perm, seed=seed).permutations
    return a.astype(np.uint32), b.astype(np.uint32)


def band_layout(*, threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) that datasketch's MinHashLSH picks for this threshold and num_perm."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def word_hashes(words: Sequence[str], *, cache: dict[str, int]) -> np.ndarray:
    """sha1_hash32 of each word (uint32), memoised in the caller's `cache`."""
    out = np.empty(len(words), dtype=np.uint32)
    for i, w in enumerate(words):
        h = cache.get(w)
        if h is None:
            h = cache[w] = sha1_hash32(w.encode("utf-8"))
        out[i] = h
    return out


def signatures(
    windows: Sequence[Sequence[str]], *, perms: tuple[np.ndarray, np.ndarray],
    cache: dict[str, int] | None = None,
) -> np.ndarray:
    """MinHash signatures (len(windows) x num_perm, uint32) of non-empty word sets; equal to
    `MinHash.bulk(..., seed)` hashvalues for the same permutations."""
    a, b = perms
    if not windows:
        return np.empty((0, len(a)), dtype=np.uint32)
    lengths = np.fromiter(map(len, windows), dtype=np.int64, count=len(windows))
    codes, uniques = pd.factorize(np.fromiter(chain.from_iterable(windows), dtype=object,
                                              count=int(lengths.sum())))
    hv = word_hashes(list(uniques), cache={} if cache is None else cache)
    permuted = fmix32(hv)[:, None] * a[None, :] + b[None, :]  # uint32, wraps mod 2^32
    # column k of a window is its k-th word, or its last word when it has fewer
    starts = np.cumsum(lengths) - lengths
    cols = np.minimum(np.arange(lengths.max())[None, :], (lengths - 1)[:, None])
    index = codes[starts[:, None] + cols]
    sigs = permuted[index[:, 0]]
    for k in range(1, index.shape[1]):
        np.minimum(sigs, permuted[index[:, k]], out=sigs)
    return sigs


def set_signatures(
    sets: Sequence[Sequence[str]], *, perms: tuple[np.ndarray, np.ndarray], batch: int = 256
) -> np.ndarray:
    """`signatures` for long, uneven non-empty word sets (whole articles): a per-set
    min-reduction (numpy reduceat) over batches of `batch` sets, so memory stays bounded."""
    a, b = perms
    out = np.empty((len(sets), len(a)), dtype=np.uint32)
    cache: dict[str, int] = {}
    for part in _batches(len(sets), size=batch):
        chunk = [sets[i] for i in part]
        lengths = np.fromiter(map(len, chunk), dtype=np.int64, count=len(chunk))
        codes, uniques = pd.factorize(np.fromiter(chain.from_iterable(chunk), dtype=object,
                                                  count=int(lengths.sum())))
        permuted = fmix32(word_hashes(list(uniques), cache=cache))[:, None] * a + b
        starts = np.cumsum(lengths) - lengths
        out[part.start : part.stop] = np.minimum.reduceat(permuted[codes], starts, axis=0)
    return out


def band_keys(sigs: np.ndarray, *, bands: int, rows: int) -> np.ndarray:
    """One uint64 key per (window, band): the band's `rows` values and its index, mixed."""
    cube = sigs[:, : bands * rows].reshape(len(sigs), bands, rows).astype(np.uint64)
    keys = np.arange(bands, dtype=np.uint64)[None, :] * np.uint64(BAND_MULTIPLIERS[-1])
    for k in range(rows):
        mult = np.uint64(BAND_MULTIPLIERS[k % len(BAND_MULTIPLIERS)])
        keys = (keys ^ cube[:, :, k]) * mult
        keys ^= keys >> np.uint64(31)
    return keys


def _batches(n: int, *, size: int) -> Iterator[range]:
    for start in range(0, n, size):
        yield range(start, min(start + size, n))


def code_signatures(rows: np.ndarray, permuted: np.ndarray) -> np.ndarray:
    """Per row of word codes (negative = padding, at least one code a row), the minimum of
    its words' rows of `permuted` (words x permutations): MinHash signatures."""
    # padding repeats one of the row's words (its largest code): same minimum
    rows = np.where(rows < 0, rows.max(axis=1, keepdims=True), rows)
    sigs = permuted[rows[:, 0]]
    for k in range(1, rows.shape[1]):
        np.minimum(sigs, permuted[rows[:, k]], out=sigs)
    return sigs


def code_families(
    rows: np.ndarray, hashes: np.ndarray, *, threshold: float, num_perm: int, seed: int
) -> np.ndarray:
    """The family (its founding row's number) of each window, given as a row of word codes
    (negative = padding) indexing `hashes`, the words' sha1_hash32 (uint32).

    In order, a window joins the earliest family whose founding window shares an LSH band
    bucket with it, or founds a new one. Only founders are indexed (one founder per
    bucket), so this equals querying a datasketch MinHashLSH of the founders and taking
    min(found). Per batch, windows that hit a founder of earlier batches are resolved with
    a numpy hash table of the founders' band keys; the rest one by one."""
    n = len(rows)
    a, b = permutations(num_perm=num_perm, seed=seed)
    bands, band_rows = band_layout(threshold=threshold, num_perm=num_perm)
    width = bands * band_rows  # the LSH never reads the signature past its bands
    permuted = fmix32(np.asarray(hashes, dtype=np.uint32))[:, None] * a[:width] + b[:width]
    family = np.empty(n, dtype=np.int64)
    founders = KeyTable()
    for batch in _batches(n, size=BATCH_WINDOWS):
        band = band_keys(code_signatures(rows[batch.start : batch.stop], permuted),
                         bands=bands, rows=band_rows)
        found = founders.row_min(band, none=n)
        rest = np.flatnonzero(found == n)
        bucket: dict[int, int] = {}  # band key -> founder, for this batch's founders
        new: list[int] = []
        for j, row in zip(rest.tolist(), band[rest].tolist(), strict=True):
            hits = bucket.keys() & row
            if hits:
                found[j] = min(bucket[k] for k in hits)
            else:
                found[j] = batch.start + j
                bucket.update(dict.fromkeys(row, batch.start + j))
                new.append(j)
        family[batch.start : batch.stop] = found
        if new:
            founders.put(band[new], np.repeat(np.asarray(new) + batch.start, bands))
    return family


def passage_families(
    keys: Sequence[Sequence[str]], *, threshold: float, num_perm: int, seed: int
) -> list[list[int]]:
    """`code_families` of windows given as word tuples, as lists of window numbers (each
    family's windows in order; families in order of their founders)."""
    n = len(keys)
    if not n:
        return []
    lengths = np.fromiter(map(len, keys), dtype=np.int64, count=n)
    codes, uniques = pd.factorize(np.fromiter(chain.from_iterable(keys), dtype=object,
                                              count=int(lengths.sum())))
    rows = np.full((n, int(lengths.max())), -1, dtype=np.int64)
    rows[np.repeat(np.arange(n), lengths), _positions(lengths)] = codes
    hashes = word_hashes(list(uniques), cache={})
    family = code_families(rows, hashes, threshold=threshold, num_perm=num_perm, seed=seed)
    order = np.argsort(family, kind="stable")
    cuts = np.flatnonzero(np.diff(family[order])) + 1
    return [part.tolist() for part in np.split(order, cuts)]


def _positions(lengths: np.ndarray) -> np.ndarray:
    """0, 1, ..., length - 1 for each length, concatenated."""
    return np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
