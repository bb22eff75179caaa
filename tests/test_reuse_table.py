"""The numpy uint64 -> int64 hash table (analysis/reuse_table.py)."""

import numpy as np

from analysis.reuse_table import GOLDEN, MISSING, KeyTable


def test_get_after_put_across_growth():
    rng = np.random.default_rng(0)
    keys = np.unique(rng.integers(0, 2**64 - 1, 30_000, dtype=np.uint64))
    keys = np.r_[np.uint64(0), keys]  # key 0 is a key like any other
    present, absent = keys[::2], keys[1::2]
    table = KeyTable(bits=2)
    for part in np.array_split(np.arange(present.size), 7):  # grows several times
        table.put(present[part], part * 3)
    assert len(table) == present.size
    assert (table.get(present) == np.arange(present.size) * 3).all()
    assert (table.get(absent) == MISSING).all()
    square = present[: 12].reshape(3, 4)
    assert table.get(square).shape == (3, 4)


def test_colliding_slots():
    """Keys that hash to one slot (consecutive key * GOLDEN) are all kept by probing."""
    inverse = pow(int(GOLDEN), -1, 2**64)
    keys = np.array([(m * inverse) % 2**64 for m in range(2**40, 2**40 + 50)], dtype=np.uint64)
    table = KeyTable()
    table.put(keys, np.arange(50))
    assert table.get(keys).tolist() == list(range(50))
    assert table.get(np.array([0, 51, 2**63], dtype=np.uint64)).tolist() == [MISSING] * 3
    assert table.get(keys[::-1]).tolist() == list(range(49, -1, -1))
    assert KeyTable().get(keys).tolist() == [MISSING] * 50


def test_row_min():
    table = KeyTable()
    table.put(np.array([10, 20, 30], dtype=np.uint64), np.array([7, 3, 5]))
    rows = np.array([[10, 20, 99], [99, 98, 97], [30, 10, 1]], dtype=np.uint64)
    assert table.row_min(rows, none=100).tolist() == [3, 100, 5]
