"""Article similarity of the `reuse` table, for many article pairs at once: containment of
the articles' crc32 word shingles (`analysis.reuse.shingles`), bit for bit.

A shingle is the crc32 of `size` words joined by spaces. CRC-32 is affine over GF(2), so
crc32(A + B) = Z^len(B)(crc32(A)) ^ crc32(B), where Z^n feeds n zero bytes to the raw CRC
register (zlib's crc32_combine). Each distinct word is hashed once (alone and as " word");
the shingles of all articles are then folded word by word with numpy, through tables of Z^n
for every byte length n of a " word". Articles are done in batches, so memory stays flat.
"""

import json
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, groupby
from operator import itemgetter

import numpy as np
import pandas as pd

CRC32_POLY = 0xEDB88320  # reflected CRC-32 polynomial (zlib, PNG, Ethernet)
BATCH_WORDS = 1 << 18  # words per numpy batch: its ~10 temporary arrays take ~25 MB
MAX_SHIFT = 4096  # longest " word" in bytes with a zero-byte table (4 KB each); longer
# words are rare enough (none in news text) for their articles to be hashed by zlib
ROUND = 4
LOOKUP_SHINGLES = 1 << 18  # b shingles looked up at once (~1 MB, a few temporaries)
SIEVE_BITS = 16  # 64 KB bit table: an article's ~1,000 shingles fill ~1.5% of it
# One encoder for all rows: json.dumps(ensure_ascii=False) builds a new one per call.
_PASSAGES_JSON = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


@dataclass(frozen=True)
class ShingleSets:
    """Each article's distinct shingles, sorted, in one uint32 array: article `index[id]`
    owns values[offsets[i] : offsets[i + 1]]."""

    values: np.ndarray
    offsets: np.ndarray
    index: dict[str, int]


@lru_cache(maxsize=1)
def crc_table() -> np.ndarray:
    """zlib's byte table: the raw register change for each byte value."""
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> 1) ^ np.uint32(CRC32_POLY), table >> 1)
    return table.astype(np.uint32)


@lru_cache(maxsize=4)
def zero_tables(longest: int) -> np.ndarray:
    """Z^n for n = 0..longest as lookup tables, shape (4, (longest + 1) * 256): entry
    [k, n * 256 + v] is Z^n(v << 8k). Z^n is linear, so Z^n(x) is the XOR of the entries
    of x's 4 bytes."""
    table = crc_table()
    x = (np.arange(256, dtype=np.uint32)[None, :]
         << (np.arange(4, dtype=np.uint32)[:, None] * np.uint32(8)))
    out = np.empty((4, longest + 1, 256), dtype=np.uint32)
    for n in range(longest + 1):
        out[:, n] = x
        x = (x >> np.uint32(8)) ^ table[x & np.uint32(255)]  # one zero byte
    return out.reshape(4, -1)


def shift_crc(crc: np.ndarray, nbytes: np.ndarray, tables: np.ndarray) -> np.ndarray:
    """Z^nbytes(crc), element-wise: crc32(A + B) = shift_crc(crc32(A), len(B)) ^ crc32(B)."""
    base = nbytes.astype(np.intp) * 256
    octets = np.ascontiguousarray(crc, dtype="<u4").view(np.uint8).reshape(-1, 4)
    out = tables[0][base + octets[:, 0]]
    for k in (1, 2, 3):
        out ^= tables[k][base + octets[:, k]]
    return out


def text_shingles(words: Sequence[str], *, size: int) -> set[int]:
    """`analysis.reuse.shingles` (the plain path, for rare articles)."""
    grams = [" ".join(words[i : i + size]) for i in range(max(len(words) - size + 1, 1))]
    return {zlib.crc32(g.encode("utf-8")) for g in grams if g}


def _word_crcs(uniques: Sequence[str], cache: dict[str, tuple[int, int, int]]
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per word: crc32(word), crc32(" " + word) and len(" " + word) in bytes."""
    rows = []
    for w in uniques:
        row = cache.get(w)
        if row is None:
            spaced = (" " + w).encode("utf-8")
            row = cache[w] = (zlib.crc32(spaced[1:]), zlib.crc32(spaced), len(spaced))
        rows.append(row)
    first, spaced, nbytes = np.array(rows, dtype=np.int64).reshape(-1, 3).T
    return first.astype(np.uint32), spaced.astype(np.uint32), nbytes


def _batch_shingles(texts: list[Sequence[Sequence[str]]], *, size: int, cache: dict
                    ) -> tuple[np.ndarray, np.ndarray]:
    """(text number in the batch, shingle) for every shingle of every text (its sentences'
    words, run together), by numpy folding; texts shorter than `size` words or with
    overlong words go through zlib."""
    lengths = np.array([sum(map(len, text)) for text in texts], dtype=np.int64)
    flat = np.fromiter(chain.from_iterable(chain.from_iterable(texts)), dtype=object,
                       count=int(lengths.sum()))
    codes, uniques = pd.factorize(flat)
    first, spaced, nbytes = _word_crcs(uniques.tolist(), cache)
    long_word = nbytes > MAX_SHIFT
    owners = np.repeat(np.arange(len(texts)), lengths)
    plain = np.zeros(len(texts), dtype=bool)  # texts hashed by zlib instead
    plain[lengths < size] = True
    plain[owners[long_word[codes]]] = True
    longest = int(nbytes[~long_word].max(initial=1))
    tables, nbytes = zero_tables(longest), np.minimum(nbytes, longest)
    # The shingle starting at every position of the batch (across text ends too), folded
    # word by word over shifted views of the codes; then only real shingles are kept.
    last = max(len(codes) - size + 1, 0)
    crc = first[codes[:last]]
    for k in range(1, size):
        word = codes[k : k + last]
        crc = shift_crc(crc, nbytes[word], tables) ^ spaced[word]
    owners = owners[:last]
    keep = (np.arange(last) <= np.cumsum(lengths)[owners] - size) & ~plain[owners]
    owners, crc = owners[keep], crc[keep]
    extra = [(i, h) for i in np.flatnonzero(plain).tolist()
             for h in text_shingles(list(chain.from_iterable(texts[i])), size=size)]
    if extra:
        more = np.array(extra, dtype=np.int64).reshape(-1, 2)
        owners = np.concatenate([owners, more[:, 0]])
        crc = np.concatenate([crc, more[:, 1].astype(np.uint32)])
    return owners, crc


def _batches(ids: Sequence[str], lengths: Sequence[int]) -> Iterator[range]:
    """Runs of article numbers with about BATCH_WORDS words each."""
    start, count = 0, 0
    for i, n in enumerate(lengths):
        count += n
        if count >= BATCH_WORDS:
            yield range(start, i + 1)
            start, count = i + 1, 0
    if start < len(ids):
        yield range(start, len(ids))


def shingle_sets(words: Mapping[str, Sequence[Sequence[str]]], ids: Sequence[str], *,
                 size: int) -> ShingleSets:
    """The distinct shingles of the articles `ids` (words: article_id -> sentences' words),
    equal to `text_shingles` of each article's words. Written into one array sized for
    every shingle (no copy at the end)."""
    lengths = [sum(map(len, words[aid])) for aid in ids]
    values = np.empty(sum(max(n - size + 1, 1) for n in lengths), dtype=np.uint32)
    counts = np.zeros(len(ids), dtype=np.int64)
    cache: dict[str, tuple[int, int, int]] = {}
    filled = 0
    for part in _batches(ids, lengths):
        owners, crc = _batch_shingles([words[ids[i]] for i in part], size=size, cache=cache)
        keys = np.sort((owners.astype(np.uint64) << np.uint64(32)) | crc.astype(np.uint64))
        keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]  # sorted distinct
        values[filled : filled + keys.size] = keys & np.uint64(0xFFFFFFFF)
        filled += keys.size
        counts[part.start : part.stop] = np.bincount(
            (keys >> np.uint64(32)).astype(np.intp), minlength=len(part))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return ShingleSets(values[:filled], offsets, {aid: i for i, aid in enumerate(ids)})


def _found(mine: np.ndarray, theirs: np.ndarray, sieve: np.ndarray) -> np.ndarray:
    """Positions in `theirs` of values in `mine` (sorted), ascending. A bit table of
    mine's low bits (`sieve`, all False on entry and exit) leaves ~1.5% false candidates
    for the binary search."""
    low = np.uint32(sieve.size - 1)
    sieve[mine & low] = True
    candidates = np.flatnonzero(sieve[theirs & low])
    sieve[mine & low] = False
    values = theirs[candidates]
    pos = np.minimum(np.searchsorted(mine, values), mine.size - 1)
    return candidates[mine[pos] == values]


def _runs(pairs: Sequence[tuple[str, str]], sets: ShingleSets, offsets: list[int]
          ) -> Iterator[tuple[int, list[int]]]:
    """(a, [b, ...]) article numbers of consecutive pairs sharing article_a, cut so that
    the b's hold at most LOOKUP_SHINGLES shingles (memory stays flat for a much-copied a)."""
    for a, group in groupby(pairs, key=itemgetter(0)):
        bs: list[int] = []
        held = 0
        for _, b in group:
            ib = sets.index[b]
            if bs and held + offsets[ib + 1] - offsets[ib] > LOOKUP_SHINGLES:
                yield sets.index[a], bs
                bs, held = [], 0
            bs.append(ib)
            held += offsets[ib + 1] - offsets[ib]
        yield sets.index[a], bs


def containments(sets: ShingleSets, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
    """|A & B| / min(|A|, |B|) of each article pair's shingles (0.0 if one has none).
    Pairs sharing article_a are done together: their b shingles are looked up in a's."""
    values, offsets = sets.values, sets.offsets.tolist()
    sieve = np.zeros(1 << SIEVE_BITS, dtype=bool)
    out = np.zeros(len(pairs), dtype=np.float64)
    done = 0
    for ia, bs in _runs(pairs, sets, offsets):
        mine = values[offsets[ia] : offsets[ia + 1]]
        theirs = np.concatenate([values[offsets[i] : offsets[i + 1]] for i in bs])
        sizes = np.array([offsets[i + 1] - offsets[i] for i in bs], dtype=np.int64)
        bounds = np.concatenate([[0], np.cumsum(sizes)])
        if mine.size:
            common = np.diff(np.searchsorted(_found(mine, theirs, sieve), bounds))
        else:
            common = np.zeros(len(bs), dtype=np.int64)
        smaller = np.minimum(sizes, mine.size)
        out[done : done + len(bs)] = np.where(
            smaller > 0, common / np.maximum(smaller, 1), 0.0)
        done += len(bs)
    return out


def pair_similarities(words: Mapping[str, Sequence[Sequence[str]]],
                      pairs: Sequence[tuple[str, str]], *, shingle_size: int) -> list[float]:
    """The `reuse` similarity of each article pair (sorted by article_a): containment of
    the articles' `shingle_size`-word shingles, rounded to ROUND places."""
    ids = sorted({x for pair in pairs for x in pair})
    sims = containments(shingle_sets(words, ids, size=shingle_size), pairs)
    return [round(x, ROUND) for x in sims.tolist()]


def reuse_frame(by_articles: Mapping[tuple[str, str], list], pairs: Sequence[tuple[str, str]],
                similarity: Sequence[float], *, columns: Sequence[str]) -> pd.DataFrame:
    """The `reuse` table: article_a, article_b, similarity and passages (JSON) of `pairs`
    (the keys of `by_articles`, sorted), named by `columns`."""
    if not pairs:
        return pd.DataFrame([], columns=list(columns))
    data = ([a for a, _ in pairs], [b for _, b in pairs], list(similarity),
            [_PASSAGES_JSON(by_articles[pair]) for pair in pairs])
    return pd.DataFrame(dict(zip(columns, data, strict=True)), columns=list(columns))
