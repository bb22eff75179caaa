"""Which source owns each sentence, as integer codes: what `term_codes.count_grams` needs
without building a column of source labels (one str per sentence) as Series.map does."""

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def one_array(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One Arrow array (a column built by concatenation holds several chunks)."""
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _id_array(ids: pd.Series) -> pa.Array | pa.ChunkedArray:
    """Ids as Arrow, every string type as large_string (so that str columns compare)."""
    array = pa.array(ids)
    if pa.types.is_string(array.type):
        return array.cast(pa.large_string())
    return array


def _positions(ids: pd.Series, keys: pd.Series) -> np.ndarray:
    """Where each of `ids` is in `keys` (-1: absent), as int32. Arrow's hash join: a
    fraction of the time and memory of pandas' get_indexer on string columns."""
    if not keys.is_unique:  # Series.map, which terms.source_term_counts uses, refuses too
        raise pd.errors.InvalidIndexError("article_id is not unique in articles_df")
    try:
        ids_array, keys_array = _id_array(ids), one_array(_id_array(keys))
    except (pa.ArrowException, TypeError):  # e.g. mixed types in an object column
        ids_array = keys_array = None
    if ids_array is None or ids_array.type != keys_array.type:  # Arrow would cast: 1 == "1"
        return pd.Index(keys).get_indexer(ids).astype(np.int32)
    found = pc.index_in(ids_array, value_set=keys_array)
    return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.int32, copy=False)


def sentence_owners(
    sentences_df: pd.DataFrame, articles_df: pd.DataFrame
) -> tuple[np.ndarray, list]:
    """Each sentence's source as an int32 code (-1: no article or no source), and the
    sources that own a sentence, sorted as Python sorts them (the columns of
    `terms.counts_matrix`). Integer codes: no column of labels per sentence is built."""
    article_codes, labels = pd.factorize(articles_df["source"])
    position = _positions(sentences_df["article_id"], articles_df["article_id"])
    raw = np.where(position >= 0, article_codes.astype(np.int32)[position], np.int32(-1))
    del position
    used = np.unique(raw[raw >= 0])
    names = [labels[i] for i in used.tolist()]
    order = sorted(range(len(names)), key=names.__getitem__)
    relabel = np.full(len(labels) + 1, -1, dtype=np.int32)  # relabel[-1]: missing stays -1
    relabel[used[order]] = np.arange(len(order))
    return relabel[raw], [names[i] for i in order]
