"""Distinctive words: what sets each source's vocabulary apart from all the others.

Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
"Fightin' Words", Political Analysis 16(4), section 3.5), each source against the pooled
rest, for any number of sources. Formulas in docs/METHODOLOGY.md.
"""

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.paths import DATA_DIR
from analysis.term_codes import can_count, count_grams, gram_matrix
from analysis.tokens import normalise_word, words

STOPWORDS_PATH = DATA_DIR / "stopwords.txt"
COMMENT = "#"
TERM_COLUMNS = ["source", "term", "count", "count_other", "log_odds", "z"]
# Prior weight lambda: the Dirichlet prior adds pseudo-counts alpha_w = lambda * y_w (the
# pooled corpus count), i.e. a0 = lambda * N. Monroe et al. (2008) scale a corpus-wide prior
# by a0; 0.1 keeps the prior at a tenth of the data so an exclusive word is not capped at
# log(2) (which lambda = 1 does). Project choice, documented in compare.md.
DEFAULT_PRIOR_WEIGHT = 0.1
DEFAULT_TOP_N = 20
DEFAULT_MIN_COUNT = 2
# Sentences whose words are held in memory at once while counting (~30 words each).
BATCH_SENTENCES = 4096


@lru_cache(maxsize=8)
def load_stopwords(path: Path = STOPWORDS_PATH) -> frozenset[str]:
    """Stop words from a one-word-a-line file ("#" comments). Raises naming the file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise FileNotFoundError(f"Stop word list {path} cannot be read ({exc}).") from exc
    return frozenset(w for line in lines if (w := line.split(COMMENT, 1)[0].strip().lower()))


def _is_term_word(word: str, *, stopwords: frozenset[str]) -> bool:
    """A word that can be part of a term: has a letter, is not a stop word."""
    return word not in stopwords and any(c.isalpha() for c in word)


def _term_form(word: str, *, stopwords: frozenset[str]) -> str:
    """A word's lower-cased form when it can be part of a term, else "" (breaks n-grams)."""
    form = normalise_word(word)
    return form if _is_term_word(form, stopwords=stopwords) else ""


class _ChunkForms(dict):
    """Memo: a whitespace-free chunk of text -> the `_term_form`s of its words.

    Tokenizing each distinct chunk once instead of every sentence is exact because no word
    of `tokens.words` contains whitespace and its pattern looks at no character outside the
    word it matches, so words(text) == [w for chunk in text.split() for w in words(chunk)]
    (tests/test_terms.py checks it). A corpus repeats its chunks, so most are looked up."""

    def __init__(self, stopwords: frozenset[str]) -> None:
        super().__init__()
        self.stopwords = stopwords

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        value = self[chunk] = tuple(_term_form(w, stopwords=self.stopwords)
                                    for w in words(chunk))
        return value


def _check_range(ngram_range: tuple[int, int]) -> tuple[int, int]:
    low, high = ngram_range
    if low < 1:
        raise ValueError(f"ngram_range must start at 1 or more, got {ngram_range}.")
    return low, high


def _forms(texts: Iterable[str], *, chunks: _ChunkForms) -> list[str]:
    """The term forms of the words of `texts`, one "" after each text so that no n-gram
    spans two sentences."""
    lookup = chunks.__getitem__
    out: list[str] = []
    for text in texts:
        if text:
            out.extend(chain.from_iterable(map(lookup, text.split())))
        out.append("")
    return out


def _grams(forms: list[str], n: int) -> Iterator[tuple[str, ...]]:
    """The runs of n consecutive forms none of which is "" (all C-level iteration)."""
    return filter(all, zip(*(forms[k:] for k in range(n)), strict=False))


def sentence_terms(
    sentence: str, *, ngram_range: tuple[int, int], stopwords: frozenset[str]
) -> list[str]:
    """The terms of one sentence: n-grams (n in ngram_range) of consecutive words none of
    which is a stop word or letter-free. Lower-cased, apostrophes straightened."""
    low, high = _check_range(ngram_range)
    forms = _forms([sentence], chunks=_ChunkForms(stopwords))
    return [" ".join(g) for n in range(low, high + 1) for g in _grams(forms, n)]


def count_terms(
    texts: Iterable[str], *, ngram_range: tuple[int, int], stopwords: frozenset[str]
) -> Counter:
    """Term counts over many sentences: the sum of their `sentence_terms` (key order is not
    meaningful). Top-level and picklable, so chunks of sentences can be counted in other
    processes and the Counters added up."""
    return _count_terms(texts, ngram_range=_check_range(ngram_range),
                        chunks=_ChunkForms(stopwords))


def _count_terms(
    texts: Iterable[str], *, ngram_range: tuple[int, int], chunks: _ChunkForms
) -> Counter:
    """`count_terms` with the caller's chunk memo (shared by the sources of one corpus)."""
    low, high = ngram_range
    # n-grams counted as tuples (no string built per use), joined once per distinct n-gram.
    by_n: dict[int, Counter] = {n: Counter() for n in range(low, high + 1)}
    texts = iter(texts)
    while batch := list(islice(texts, BATCH_SENTENCES)):
        forms = _forms(batch, chunks=chunks)
        for n, grams in by_n.items():
            grams.update(filter(None, forms) if n == 1 else _grams(forms, n))
    counts = by_n.pop(1, Counter())
    for grams in by_n.values():
        # Words hold no whitespace, so n-grams of different n or words never join to the
        # same string: a plain dict.update adds them (Counter.update would loop in Python).
        dict.update(counts, {" ".join(g): c for g, c in grams.items()})
    return counts


def log_odds_dirichlet(
    y_i: np.ndarray, y_j: np.ndarray, *, alpha: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(delta, z) of Monroe et al. (2008) eq. 16 and 18-19 for group i against group j.

    delta_w = log((y_iw + a_w) / (n_i + a0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a0
    - y_jw - a_w)); var(delta_w) ~ 1/(y_iw + a_w) + 1/(y_jw + a_w); z = delta / sqrt(var).
    """
    n_i, n_j, a0 = y_i.sum(), y_j.sum(), alpha.sum()
    delta = np.log((y_i + alpha) / (n_i + a0 - y_i - alpha)) - np.log(
        (y_j + alpha) / (n_j + a0 - y_j - alpha)
    )
    variance = 1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)
    return delta, delta / np.sqrt(variance)


def source_term_counts(
    sentences_df: pd.DataFrame,
    articles_df: pd.DataFrame,
    *,
    ngram_range: tuple[int, int],
    stopwords: frozenset[str],
) -> dict[str, Counter]:
    """`count_terms` of each source's sentences: every source with at least one sentence
    (an empty Counter when none of them has a term), in sorted order."""
    owners = sentences_df["article_id"].map(articles_df.set_index("article_id")["source"])
    ngram_range, chunks = _check_range(ngram_range), _ChunkForms(stopwords)
    return {source: _count_terms(group.tolist(), ngram_range=ngram_range, chunks=chunks)
            for source, group in sentences_df["text"].groupby(owners, sort=True)}


def merge_term_counts(parts: Iterable[Mapping[str, Counter]]) -> dict[str, Counter]:
    """Source -> term counts added up over `parts` (`source_term_counts` of chunks of the
    sentences, e.g. from a process pool); a source in any part is kept, even with no term."""
    merged: dict[str, Counter] = {}
    for part in parts:
        for source, counts in part.items():
            if source in merged:
                merged[source].update(counts)
            else:
                merged[source] = Counter(counts)
    return merged


def counts_matrix(counts_by_source: Mapping[str, Counter], *, min_count: int = 1) -> pd.DataFrame:
    """Counts of every term used at least `min_count` times in all (rows, sorted) by source
    (columns, sorted). Term order matters: it fixes the order of the prior's float sum."""
    sources = sorted(counts_by_source)
    sizes = [len(counts_by_source[s]) for s in sources]
    keys = np.fromiter(chain.from_iterable(counts_by_source[s] for s in sources), dtype=object,
                       count=sum(sizes))
    values = np.fromiter(chain.from_iterable(counts_by_source[s].values() for s in sources),
                         dtype=np.int64, count=keys.size)
    rows, terms = pd.factorize(keys)
    matrix = np.zeros((len(terms), len(sources)), dtype=np.int64)
    matrix[rows, np.repeat(np.arange(len(sources)), sizes)] = values
    kept = np.flatnonzero(matrix.sum(axis=1) >= min_count)
    names = [terms[i] for i in kept]
    order = sorted(range(kept.size), key=names.__getitem__)
    return pd.DataFrame(matrix[kept[order]], columns=sources,
                        index=pd.Index([names[i] for i in order], name="term"))


def term_matrix(
    sentences_df: pd.DataFrame,
    articles_df: pd.DataFrame,
    *,
    ngram_range: tuple[int, int],
    stopwords: frozenset[str],
    min_count: int = 1,
) -> pd.DataFrame:
    """Counts of every term used at least `min_count` times (rows) by source (columns)."""
    ngram_range = _check_range(ngram_range)
    if can_count(sentences_df["text"], ngram_range):
        # Counted as integer codes and cut at min_count before any term string is built:
        # memory follows the vocabulary, not the corpus (analysis/term_codes.py).
        codes = count_grams(sentences_df, articles_df, ngram_range=ngram_range,
                            forms_of=_ChunkForms(stopwords).__getitem__)
        return gram_matrix(codes, min_count=min_count)
    counts = source_term_counts(sentences_df, articles_df, ngram_range=ngram_range,
                                stopwords=stopwords)
    return counts_matrix(counts, min_count=min_count)


def _candidates(z: np.ndarray, *, top_n: int | None) -> np.ndarray:
    """Positions that can be among the `top_n` largest z (every tie at the cut kept, NaN
    last as pandas sorts it): all of them when there is no cut to make."""
    if top_n is None or top_n <= 0 or top_n >= z.size:
        return np.arange(z.size)
    negated = -z
    cut = np.partition(negated, top_n - 1)[top_n - 1]
    if np.isnan(cut):  # fewer than top_n numbers: NaN rows make the cut
        return np.arange(z.size)
    return np.flatnonzero(negated <= cut)


def distinctive_terms_from_counts(
    counts_by_source: Mapping[str, Counter],
    *,
    min_count: int = DEFAULT_MIN_COUNT,
    top_n: int | None = DEFAULT_TOP_N,
    prior_weight: float = DEFAULT_PRIOR_WEIGHT,
) -> pd.DataFrame:
    """`distinctive_terms` from the term counts of each source (`source_term_counts`, or
    Counters of chunks added up; every source with a sentence must be a key)."""
    return _from_matrix(counts_matrix(counts_by_source, min_count=min_count), top_n=top_n,
                        prior_weight=prior_weight)


def _from_matrix(kept: pd.DataFrame, *, top_n: int | None, prior_weight: float) -> pd.DataFrame:
    """`distinctive_terms` from the `counts_matrix` of the kept terms."""
    if kept.shape[1] < 2 or kept.empty:
        return pd.DataFrame(columns=TERM_COLUMNS)
    pooled = kept.sum(axis=1).to_numpy(dtype=float)
    alpha = prior_weight * pooled
    names = np.asarray(kept.index.tolist(), dtype=object)  # plain strings: cheap to pick from
    frames = []
    for source in kept.columns:
        y_i = kept[source].to_numpy(dtype=float)
        y_j = pooled - y_i
        delta, z = log_odds_dirichlet(y_i, y_j, alpha=alpha)
        # Sorting every term is the cost; only the rows that can reach the top are sorted.
        rows = _candidates(z, top_n=top_n)
        frame = pd.DataFrame({"source": source, "term": names[rows].tolist(),
                              "count": y_i[rows].astype(int),
                              "count_other": y_j[rows].astype(int), "log_odds": delta[rows],
                              "z": z[rows]})
        frame = frame.sort_values(["z", "term"], ascending=[False, True], kind="stable")
        frames.append(frame.head(top_n) if top_n is not None else frame)
    return pd.concat(frames, ignore_index=True)[TERM_COLUMNS]


def distinctive_terms(
    sentences_df: pd.DataFrame,
    articles_df: pd.DataFrame,
    *,
    ngram_range: tuple[int, int] = (1, 2),
    min_count: int = DEFAULT_MIN_COUNT,
    top_n: int | None = DEFAULT_TOP_N,
    stopwords: Iterable[str] | None = None,
    prior_weight: float = DEFAULT_PRIOR_WEIGHT,
) -> pd.DataFrame:
    """Words and phrases that set each source apart from all the other sources pooled.

    One row per source x term with `count` (in the source), `count_other` (all other
    sources), `log_odds` (delta) and `z`; terms used fewer than `min_count` times in the
    whole corpus are dropped; each source keeps its `top_n` terms by z (all if None).
    Needs at least two sources; otherwise returns an empty table. (With a process pool the
    pipeline runs this whole step on a worker: aggregate.side_tables.)
    """
    if sentences_df.empty or articles_df.empty or articles_df["source"].nunique() < 2:
        return pd.DataFrame(columns=TERM_COLUMNS)
    stops = load_stopwords() if stopwords is None else frozenset(w.lower() for w in stopwords)
    kept = term_matrix(sentences_df, articles_df, ngram_range=ngram_range, stopwords=stops,
                       min_count=min_count)
    return _from_matrix(kept, top_n=top_n, prior_weight=prior_weight)


def terms_for(frame: pd.DataFrame, *, source: str, columns: Sequence[str] = TERM_COLUMNS):
    """The rows of one source from a `distinctive_terms` table (display helper)."""
    return frame.loc[frame["source"] == source, list(columns)].reset_index(drop=True)
