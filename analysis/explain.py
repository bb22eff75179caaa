""""Why this score": the words that carried a sentence's VADER sentiment and what changed them.

The explanation is computed by FastVader's own code path (`FastVader.valences` with a
trace), so the word valences it shows are exactly the ones that produced the score.
"""

import math
from dataclasses import dataclass

import pandas as pd

from analysis.vader import FastVader, get_scorer
from analysis.vader_text import normalize, punctuation_emphasis, score_valence, tokenize

FRAME_COLUMNS = ("index", "word", "lexicon_valence", "final_valence", "modifiers")
PUNCTUATION_ROW = "! and ? (whole sentence)"


@dataclass(frozen=True)
class WordEffect:
    """One lexicon word: its valence in the lexicon, after VADER's rules, and the rules."""

    index: int  # position among VADER's tokens (whitespace tokens longer than 1 character)
    word: str
    lexicon_valence: float
    final_valence: float
    modifiers: tuple[str, ...]


@dataclass(frozen=True)
class Explanation:
    """How VADER scored one text. `compound == round(normalize(raw_sum), 4)`."""

    text: str
    tokens: tuple[str, ...]
    words: tuple[WordEffect, ...]
    valence_sum: float  # sum of every token's final valence
    punctuation_emphasis: float  # added in the direction of valence_sum when it is not 0
    raw_sum: float  # valence_sum with punctuation emphasis: what is normalised
    compound: float
    neg: float
    neu: float
    pos: float


def _signed_total(valence_sum: float, emphasis: float) -> float:
    """VADER adds punctuation emphasis away from zero; a zero sum stays zero."""
    if valence_sum > 0:
        return valence_sum + emphasis
    if valence_sum < 0:
        return valence_sum - emphasis
    return valence_sum


def explain(text: str, *, scorer: FastVader | None = None) -> Explanation:
    """Word-by-word account of VADER's score of `text` (use it on one sentence)."""
    vader = scorer or get_scorer()
    text = text if isinstance(text, str) else ""
    tokens = tokenize(text)
    trace: list[list[str]] = [[] for _ in tokens]
    sentiments = vader.valences(tokens, trace=trace)
    scores = score_valence(sentiments, text)
    lexicon = vader.lexicon
    words = tuple(
        WordEffect(index=k, word=token, lexicon_valence=lexicon[token.lower()],
                   final_valence=float(sentiments[k]), modifiers=tuple(trace[k]))
        for k, token in enumerate(tokens)
        if token.lower() in lexicon
    )
    valence_sum = float(sum(sentiments))
    emphasis = punctuation_emphasis(text) if sentiments else 0.0
    return Explanation(
        text=text, tokens=tuple(tokens), words=words, valence_sum=valence_sum,
        punctuation_emphasis=emphasis, raw_sum=_signed_total(valence_sum, emphasis),
        compound=scores["compound"], neg=scores["neg"], neu=scores["neu"], pos=scores["pos"],
    )


def compound_from_parts(expl: Explanation) -> float:
    """Rebuild the compound from the word valences and punctuation (a consistency check)."""
    if not expl.tokens:
        return 0.0
    total = math.fsum(w.final_valence for w in expl.words)
    return round(normalize(_signed_total(total, expl.punctuation_emphasis)), 4)


def explanation_frame(expl: Explanation) -> pd.DataFrame:
    """One row per lexicon word (plus one for ! / ? emphasis when it counts), for display."""
    rows = [
        {"index": w.index, "word": w.word, "lexicon_valence": w.lexicon_valence,
         "final_valence": w.final_valence, "modifiers": "; ".join(w.modifiers)}
        for w in expl.words
    ]
    if expl.punctuation_emphasis and expl.valence_sum:
        sign = 1.0 if expl.valence_sum > 0 else -1.0
        rows.append({"index": pd.NA, "word": PUNCTUATION_ROW, "lexicon_valence": math.nan,
                     "final_valence": sign * expl.punctuation_emphasis,
                     "modifiers": "exclamation / question marks push the sum away from 0"})
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    frame["index"] = frame["index"].astype("Int64")
    return frame.astype({"lexicon_valence": float, "final_valence": float, "modifiers": object})
