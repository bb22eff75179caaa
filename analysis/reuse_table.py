"""A uint64 -> int64 hash table in numpy (open addressing, linear probing, no deletion).

`analysis.reuse_index` looks up every window's LSH band keys among the founders' keys,
tens of millions of lookups per corpus: a Python dict would cost a call per key, and a
sorted array a binary search per key. Here a batch of keys is probed in a few vectorised
passes (the table is kept at most MAX_LOAD full, so most keys settle in one or two), after
a bit filter has dropped most absent keys.
"""

import numpy as np

MAX_LOAD = 0.25  # keys / slots; linear probing's expected probes grow as 1/(1-load)^2
# Most looked-up keys are absent. A bool filter with FILTER_SLOTS entries per table slot
# (1 / (MAX_LOAD * FILTER_SLOTS) = 1/16 of its entries set) answers "absent" for ~15/16
# of them while touching a few bytes per key instead of the 16 of a table slot.
FILTER_BITS = 2  # filter entries = table slots * 2**FILTER_BITS
MIN_BITS = 12  # log2 of the initial number of slots
# Fibonacci hashing (Knuth, TAOCP 6.4): the top bits of key * 2^64/phi pick the slot.
GOLDEN = np.uint64(0x9E3779B97F4A7C15)
MISSING = -1


class KeyTable:
    """Distinct uint64 keys -> non-negative int64 values; `get` answers MISSING if absent."""

    def __init__(self, bits: int = MIN_BITS) -> None:
        self._reset(bits)

    def _reset(self, bits: int) -> None:
        """Empty the table, with 2**bits slots."""
        self._bits = bits
        self._keys = np.zeros(1 << bits, dtype=np.uint64)
        self._values = np.full(1 << bits, MISSING, dtype=np.int64)
        self._filter = np.zeros(1 << (bits + FILTER_BITS), dtype=bool)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    @property
    def nbytes(self) -> int:
        return self._keys.nbytes + self._values.nbytes + self._filter.nbytes

    def get(self, keys: np.ndarray) -> np.ndarray:
        """The value of each key (any shape), MISSING where the key is absent."""
        flat = np.ascontiguousarray(keys, dtype=np.uint64).ravel()
        out = np.full(flat.size, MISSING, dtype=np.int64)
        found, values = self.find(flat)
        out[found] = values
        return out.reshape(np.shape(keys))

    def row_min(self, keys: np.ndarray, *, none: int) -> np.ndarray:
        """Per row of a 2-d array of keys, the smallest value of its present keys (`none`
        if none is present)."""
        out = np.full(len(keys), none, dtype=np.int64)
        found, values = self.find(np.ascontiguousarray(keys, dtype=np.uint64).ravel())
        np.minimum.at(out, found // max(keys.shape[1], 1), values)
        return out

    def find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions, values) of the keys (1-d) present in the table."""
        mixed = keys * GOLDEN
        active = np.flatnonzero(self._filter[mixed >> np.uint64(64 - self._bits - FILTER_BITS)])
        slot = (mixed[active] >> np.uint64(64 - self._bits)).astype(np.int64)
        mask = (1 << self._bits) - 1
        found, values = [], []
        while active.size:
            value = self._values[slot]
            used = value != MISSING
            hit = used & (self._keys[slot] == keys[active])
            found.append(active[hit])
            values.append(value[hit])
            go_on = used & ~hit
            active, slot = active[go_on], (slot[go_on] + 1) & mask
        if not found:
            return active, np.empty(0, dtype=np.int64)
        return np.concatenate(found), np.concatenate(values)

    def put(self, keys: np.ndarray, values: np.ndarray) -> None:
        """Add keys (distinct, not yet in the table) with their values (>= 0)."""
        keys = np.ascontiguousarray(keys, dtype=np.uint64).ravel()
        values = np.ascontiguousarray(values, dtype=np.int64).ravel()
        if (self._size + keys.size) > MAX_LOAD * (1 << self._bits):
            self._grow(self._size + keys.size)
        mixed = keys * GOLDEN
        self._filter[mixed >> np.uint64(64 - self._bits - FILTER_BITS)] = True
        mask = (1 << self._bits) - 1
        pending = np.arange(keys.size)
        slot = (mixed >> np.uint64(64 - self._bits)).astype(np.int64)
        while pending.size:
            claim = np.flatnonzero(self._values[slot] == MISSING)
            # several keys may claim one free slot: one write lands (which one does not
            # matter), read back to see whose; the others probe on
            self._values[slot[claim]] = claim
            won = claim[self._values[slot[claim]] == claim]
            self._keys[slot[won]] = keys[pending[won]]
            self._values[slot[won]] = values[pending[won]]
            rest = np.ones(pending.size, dtype=bool)
            rest[won] = False
            pending, slot = pending[rest], (slot[rest] + 1) & mask
        self._size += keys.size

    def _grow(self, needed: int) -> None:
        used = self._values != MISSING
        keys, values = self._keys[used], self._values[used]
        bits = self._bits
        while needed > MAX_LOAD * (1 << bits):
            bits += 1
        self._reset(bits)
        self.put(keys, values)
