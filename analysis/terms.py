"""Distinctive words: what sets each source's vocabulary apart from all the others.

Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
"Fightin' Words", Political Analysis 16(4), section 3.5), each source against the pooled
rest, for any number of sources. Formulas in docs/METHODOLOGY.md.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.paths import DATA_DIR
from analysis.tokens import lower_words

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


def sentence_terms(
    sentence: str, *, ngram_range: tuple[int, int], stopwords: frozenset[str]
) -> list[str]:
    """The terms of one sentence: n-grams (n in ngram_range) of consecutive words none of
    which is a stop word or letter-free. Lower-cased, apostrophes straightened."""
    tokens = lower_words(sentence)
    keep = [_is_term_word(t, stopwords=stopwords) for t in tokens]
    out: list[str] = []
    low, high = ngram_range
    for n in range(low, high + 1):
        for i in range(len(tokens) - n + 1):
            if all(keep[i : i + n]):
                out.append(" ".join(tokens[i : i + n]))
    return out


def count_terms(
    texts: Iterable[str], *, ngram_range: tuple[int, int], stopwords: frozenset[str]
) -> Counter:
    """Term counts over many sentences."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(sentence_terms(text, ngram_range=ngram_range, stopwords=stopwords))
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


def term_matrix(
    sentences_df: pd.DataFrame,
    articles_df: pd.DataFrame,
    *,
    ngram_range: tuple[int, int],
    stopwords: frozenset[str],
    min_count: int = 1,
) -> pd.DataFrame:
    """Counts of every term used at least `min_count` times (rows) by source (columns)."""
    sources = articles_df.set_index("article_id")["source"]
    frame = sentences_df.assign(source=sentences_df["article_id"].map(sources))
    columns = {
        source: count_terms(group["text"], ngram_range=ngram_range, stopwords=stopwords)
        for source, group in frame.groupby("source")
    }
    total: Counter = Counter()
    for counts in columns.values():
        total.update(counts)
    kept = sorted(t for t, c in total.items() if c >= min_count)
    data = {source: np.fromiter((counts.get(t, 0) for t in kept), dtype=np.int64, count=len(kept))
            for source, counts in columns.items()}
    return pd.DataFrame(data, index=pd.Index(kept, name="term"))


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
    Needs at least two sources; otherwise returns an empty table.
    """
    if sentences_df.empty or articles_df.empty or articles_df["source"].nunique() < 2:
        return pd.DataFrame(columns=TERM_COLUMNS)
    stops = load_stopwords() if stopwords is None else frozenset(w.lower() for w in stopwords)
    kept = term_matrix(sentences_df, articles_df, ngram_range=ngram_range, stopwords=stops,
                       min_count=min_count)
    if kept.shape[1] < 2 or kept.empty:
        return pd.DataFrame(columns=TERM_COLUMNS)
    pooled = kept.sum(axis=1).to_numpy(dtype=float)
    alpha = prior_weight * pooled
    frames = []
    for source in kept.columns:
        y_i = kept[source].to_numpy(dtype=float)
        y_j = pooled - y_i
        delta, z = log_odds_dirichlet(y_i, y_j, alpha=alpha)
        frame = pd.DataFrame({"source": source, "term": kept.index, "count": y_i.astype(int),
                              "count_other": y_j.astype(int), "log_odds": delta, "z": z})
        frame = frame.sort_values(["z", "term"], ascending=[False, True], kind="stable")
        frames.append(frame.head(top_n) if top_n is not None else frame)
    return pd.concat(frames, ignore_index=True)[TERM_COLUMNS]


def terms_for(frame: pd.DataFrame, *, source: str, columns: Sequence[str] = TERM_COLUMNS):
    """The rows of one source from a `distinctive_terms` table (display helper)."""
    return frame.loc[frame["source"] == source, list(columns)].reset_index(drop=True)
