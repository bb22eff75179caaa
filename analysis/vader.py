"""VADER sentiment: lexicon location, the NLTK reference analyser, and FastVader.

`FastVader.polarity_scores` returns exactly what NLTK 3.10's
`SentimentIntensityAnalyzer.polarity_scores` returns (same dict, same floats), including
NLTK's quirks, but without NLTK's per-text dictionary of every word x punctuation pair.
The rules and their order are NLTK's (`nltk/sentiment/vader.py`); the word lists and
constants are taken from `nltk.sentiment.vader.VaderConstants` so they cannot drift.
Run `python -m analysis.vader` to measure the speed ratio against NLTK.
"""

import importlib.util
import time
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import compress
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

import nltk
from nltk.sentiment.vader import SentimentIntensityAnalyzer

from analysis.tokens import chunk_words
from analysis.vader_text import (
    B_DECR,
    BOOSTERS,
    BUT_AFTER,
    BUT_BEFORE,
    C_INCR,
    DISTANCE_DAMPING,
    EMPHASIS_WORDS,
    IDIOM_TOKENS,
    IDIOMS,
    N_SCALAR,
    NEGATE,
    NEVER_SO_FAR,
    NEVER_SO_NEAR,
    PHRASE_KEYS,
    RULE_WORDS,
    cap_differential,
    chunk_tokens,
    is_negation,
    lower_tokens,
    score_nonzero,
    tokenize,
)

# The lexicon ships inside the vaderSentiment wheel (Hutto & Gilbert 2014); the resource
# name is relative to site-packages, so NLTK loads it without nltk.download.
LEXICON_RESOURCE = "vaderSentiment/vader_lexicon.txt"
INSTALL_HINT = "pip install vaderSentiment==3.3.2"
# Benchmark: the seed sentences repeated this many times (`python -m analysis.vader`).
BENCH_REPEAT = 200


def lexicon_path() -> Path:
    """Path of vader_lexicon.txt inside the installed vaderSentiment package."""
    spec = importlib.util.find_spec("vaderSentiment")
    if spec is None or spec.origin is None:
        raise FileNotFoundError(
            f"The Python package 'vaderSentiment' is not installed, so the VADER lexicon "
            f"({LEXICON_RESOURCE}) is missing. Install it with: {INSTALL_HINT}"
        )
    path = Path(spec.origin).parent / "vader_lexicon.txt"
    if not path.is_file():
        raise FileNotFoundError(
            f"The VADER lexicon file is missing: {path} (vaderSentiment is installed but "
            f"incomplete). Reinstall it with: pip install --force-reinstall vaderSentiment==3.3.2"
        )
    return path


@lru_cache(maxsize=1)
def nltk_analyzer() -> SentimentIntensityAnalyzer:
    """NLTK's reference VADER analyser with the vaderSentiment lexicon (built once)."""
    site_packages = str(lexicon_path().parent.parent)
    if site_packages not in nltk.data.path:
        nltk.data.path.insert(0, site_packages)
    return SentimentIntensityAnalyzer(lexicon_file=LEXICON_RESOURCE)


class FastVader:
    """NLTK's VADER, rule for rule, several times faster. Build with `get_scorer()`."""

    def __init__(self, lexicon: Mapping[str, float]) -> None:
        self._lex: dict[str, float] = dict(lexicon)

    @property
    def lexicon(self) -> Mapping[str, float]:
        """The lexicon (lower-case word -> mean valence), read-only."""
        return MappingProxyType(self._lex)

    def polarity_scores(self, text: str) -> dict[str, float]:
        """{"neg","neu","pos","compound"} exactly as NLTK's SentimentIntensityAnalyzer."""
        if not isinstance(text, str):
            raise TypeError(f"polarity_scores expects str, got {type(text).__name__}")
        tokens = tokenize(text)
        return score_nonzero(self._nonzero_valences(tokens, text), len(tokens), text)

    def score_many(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """`polarity_scores` of each text, in order."""
        return [self.polarity_scores(t) for t in texts]

    def score_with_words(
        self, texts: Sequence[str]
    ) -> tuple[list[dict[str, float]], list[list[str]]]:
        """`score_many(texts)` and `tokens.words` of each text, from one whitespace split
        of each (both tokenizers work chunk by chunk): for callers that need both."""
        scores, words = [], []
        for text in texts:
            chunks = text.split()
            tokens = chunk_tokens(chunks)
            scores.append(score_nonzero(self._nonzero_valences(tokens, text), len(tokens), text))
            words.append(chunk_words(chunks))
        return scores, words

    def valences(
        self, tokens: list[str], *, trace: list[list[str]] | None = None
    ) -> list[float]:
        """Final valence of every token, after the "but" rule.

        `trace`, when given, holds one empty list per token and receives the names of the
        rules applied to it (used by `analysis.explain`).

        Like NLTK, a repeated token is scored in the context of its FIRST occurrence.
        """
        lows = lower_tokens(tokens)
        context = _context(tokens)
        if trace is None:
            sentiments = self._lexicon_valences(tokens, lows, context)
        else:
            sentiments = self._traced_valences(tokens, lows, context, trace)
        return _but_rule(sentiments, lows, trace)

    def _nonzero_valences(self, tokens: list[str], text: str) -> list[float]:
        """The non-zero values of `valences(tokens)`, in order (what `score_nonzero` needs).

        A lexicon word with no rule word (RULE_WORDS, a word holding "n't") among the three
        before it, and no possible idiom, keeps its lexicon valence (x ALL CAPS): NLTK's
        other rules leave it unchanged, so they run only for the remaining words.
        """
        lex = self._lex
        lows = lower_tokens(tokens)
        found = list(compress(range(len(lows)), map(lex.__contains__, lows)))
        if not found:
            return []
        n = len(tokens)
        idioms = not PHRASE_KEYS.isdisjoint(tokens)
        context: _Context | None = None  # built when a word needs it (ALL CAPS, a rule)
        apostrophe = "'" in text  # no "n't" without one
        first: dict[str, int] = {}
        values: dict[int, float] = {}  # lexicon word position -> valence
        for k in found:
            token = tokens[k]
            i = first.setdefault(token, k)
            if i != k:
                values[k] = values[i]
                continue
            low = lows[k]
            if low in BOOSTERS or (low == "kind" and k < n - 1 and lows[k + 1] == "of"):
                values[k] = 0.0
                continue
            window = lows[k - 3:k] if k >= 3 else lows[:k]
            if (RULE_WORDS.isdisjoint(window) and not (idioms and k >= 3)
                    and not (apostrophe and any("n't" in w for w in window))):
                valence = lex[low]
                if token.isupper() and cap_differential(tokens):
                    valence = valence + C_INCR if valence > 0 else valence - C_INCR
                values[k] = valence
            else:
                context = context or _Context(cap_differential(tokens), idioms)
                values[k] = self._word_valence(tokens, lows, k, context, None)
        if "but" in lows:
            bi = lows.index("but")
            for k, s in values.items():
                if k < bi:
                    values[k] = s * BUT_BEFORE
                elif k > bi:
                    values[k] = s * BUT_AFTER
        return [s for s in values.values() if s]

    def _lexicon_valences(
        self, tokens: list[str], lows: list[str], context: "_Context"
    ) -> list[float]:
        """Valences before the "but" rule. Only lexicon words can be non-zero (a word
        outside it scores 0, and so does its repeat), so the rules run for them alone."""
        n = len(tokens)
        lex = self._lex
        sentiments: list[float] = [0] * n
        first: dict[str, int] = {}  # only ever holds lexicon words
        for k in compress(range(n), map(lex.__contains__, lows)):
            i = first.setdefault(tokens[k], k)
            if i != k:
                sentiments[k] = sentiments[i]
                continue
            low = lows[k]
            if low in BOOSTERS or (low == "kind" and k < n - 1 and lows[k + 1] == "of"):
                continue
            sentiments[k] = self._word_valence(tokens, lows, k, context, None)
        return sentiments

    def _traced_valences(
        self, tokens: list[str], lows: list[str], context: "_Context", trace: list[list[str]]
    ) -> list[float]:
        """`_lexicon_valences` token by token (NLTK's loop), naming each rule in `trace`."""
        n = len(tokens)
        lex = self._lex
        first: dict[str, int] = {}
        sentiments: list[float] = []
        for k, token in enumerate(tokens):
            i = first.setdefault(token, k)
            if i != k:
                sentiments.append(sentiments[i])
                trace[k].extend(trace[i])
                trace[k].append(f"repeat: scored in the context of word {i} (VADER quirk)")
                continue
            low = lows[k]
            if low in BOOSTERS or (low == "kind" and k < n - 1 and lows[k + 1] == "of"):
                sentiments.append(0)
                if low in lex:
                    trace[k].append(f"'{token} of' is a dampener: word not scored")
                continue
            if low not in lex:
                sentiments.append(0)
                continue
            sentiments.append(self._word_valence(tokens, lows, k, context, trace[k]))
        return sentiments

    def _word_valence(
        self, tokens: list[str], lows: list[str], i: int, context: "_Context",
        mods: list[str] | None,
    ) -> float:
        """NLTK's `sentiment_valence` for the lexicon word at position i."""
        lex = self._lex
        item = tokens[i]
        valence = lex[lows[i]]
        cap_diff = context.cap_diff
        if cap_diff and item.isupper():
            valence = valence + C_INCR if valence > 0 else valence - C_INCR
            if mods is not None:
                mods.append(f"ALL CAPS ({'+' if valence > 0 else '-'}{C_INCR})")
        for start_i in range(min(3, i)):
            j = i - start_i - 1
            prev_low = lows[j]
            if prev_low in lex:
                continue
            if prev_low in BOOSTERS:
                valence = valence + self._booster(tokens[j], prev_low, valence, cap_diff,
                                                  start_i, mods)
            else:  # `_booster` adds 0.0 (kept: it turns -0.0 into 0.0 exactly as NLTK does)
                valence = valence + 0.0
            # One word back only a negation can apply; farther back, the "never so" rules too.
            if start_i or prev_low in NEGATE or "n't" in prev_low:
                valence = self._never_check(valence, tokens, start_i, i, mods)
            if start_i == 2 and context.idioms and _may_hold_idiom(tokens, i):
                valence = self._idioms_check(valence, tokens, i, mods)
        least = i > 0 and lows[i - 1] == "least" and "least" not in lex
        if least and not (i > 1 and lows[i - 2] in ("at", "very")):
            valence = valence * N_SCALAR
            if mods is not None:
                mods.append(f"'least' before it (x{N_SCALAR})")
        return valence

    @staticmethod
    def _booster(
        word: str, low: str, valence: float, cap_diff: bool, start_i: int, mods: list[str] | None
    ) -> float:
        """NLTK's `scalar_inc_dec`, damped by distance (x0.95 two back, x0.9 three back)."""
        scalar = BOOSTERS.get(low)
        if scalar is None:
            return 0.0
        if valence < 0:
            scalar *= -1
        if word.isupper() and cap_diff:
            scalar = scalar + C_INCR if valence > 0 else scalar - C_INCR
        if start_i and scalar != 0:
            scalar = scalar * DISTANCE_DAMPING[start_i]
        if mods is not None:
            kind = "booster" if BOOSTERS[low] > 0 else "dampener"
            mods.append(f"{kind} '{word}' {start_i + 1} word(s) before ({scalar:+.3f})")
        return scalar

    @staticmethod
    def _never_check(
        valence: float, tokens: list[str], start_i: int, i: int, mods: list[str] | None
    ) -> float:
        """NLTK's `_never_check`: negation, or "never so/this" emphasis (NLTK's precedence)."""
        before = tokens[i - start_i - 1]
        factor = 1.0
        if start_i == 1 and tokens[i - 2] == "never" and tokens[i - 1] in EMPHASIS_WORDS:
            factor, why = NEVER_SO_NEAR, f"'never {tokens[i - 1]}' emphasis"
        elif start_i == 2 and (
            (tokens[i - 3] == "never" and tokens[i - 2] in EMPHASIS_WORDS)
            or tokens[i - 1] in EMPHASIS_WORDS
        ):
            factor, why = NEVER_SO_FAR, "'never so/this' rule (NLTK also fires on a bare so/this)"
        elif is_negation(before):
            factor, why = N_SCALAR, f"negation '{before}' {start_i + 1} word(s) before"
        if factor == 1.0:
            return valence
        if mods is not None:
            mods.append(f"{why} (x{factor})")
        return valence * factor

    @staticmethod
    def _idioms_check(valence: float, tokens: list[str], i: int, mods: list[str] | None) -> float:
        """NLTK's `_idioms_check` (case-sensitive; reached only three words into a text)."""
        w3, w2, w1, w0 = tokens[i - 3], tokens[i - 2], tokens[i - 1], tokens[i]
        sequences = [f"{w1} {w0}", f"{w2} {w1} {w0}", f"{w2} {w1}", f"{w3} {w2} {w1}", f"{w3} {w2}"]
        if len(tokens) - 1 > i:
            sequences.append(f"{w0} {tokens[i + 1]}")
        if len(tokens) - 1 > i + 1:
            sequences.append(f"{w0} {tokens[i + 1]} {tokens[i + 2]}")
        matched = next((s for s in sequences[:5] if s in IDIOMS), None)
        matched = next((s for s in reversed(sequences[5:]) if s in IDIOMS), matched)
        if matched is not None:
            valence = IDIOMS[matched]
            if mods is not None:
                mods.append(f"idiom '{matched}' (valence set to {valence})")
        bigram = next((s for s in (f"{w3} {w2}", f"{w2} {w1}") if s in BOOSTERS), None)
        if bigram is not None:
            valence = valence + B_DECR
            if mods is not None:
                mods.append(f"dampener '{bigram}' ({B_DECR:+.3f})")
        return valence


class _Context(NamedTuple):
    """Per-text facts shared by the word rules."""

    cap_diff: bool  # some but not all tokens ALL CAPS
    idioms: bool  # a key word of an idiom or two-word dampener occurs: one may match


def _context(tokens: list[str]) -> _Context:
    return _Context(cap_differential(tokens), not PHRASE_KEYS.isdisjoint(tokens))


def _but_rule(
    sentiments: list[float], lows: list[str], trace: list[list[str]] | None
) -> list[float]:
    """NLTK's "but" rule, in place: words before the first "but" x0.5, after it x1.5."""
    if "but" in lows:
        bi = lows.index("but")
        for k, s in enumerate(sentiments):
            if k < bi:
                sentiments[k] = s * BUT_BEFORE
            elif k > bi:
                sentiments[k] = s * BUT_AFTER
            if trace is not None and k != bi and s != 0:
                trace[k].append(
                    f"before 'but' (x{BUT_BEFORE})" if k < bi else f"after 'but' (x{BUT_AFTER})"
                )
    return sentiments


def _may_hold_idiom(tokens: list[str], i: int) -> bool:
    """Cheap pre-check: two adjacent tokens around i that could form an idiom or bigram."""
    w3, w2, w1, w0 = (t in IDIOM_TOKENS for t in tokens[i - 3:i + 1])
    if (w3 and w2) or (w2 and w1) or (w1 and w0):
        return True
    return w0 and i + 1 < len(tokens) and tokens[i + 1] in IDIOM_TOKENS


@lru_cache(maxsize=1)
def get_scorer() -> FastVader:
    """The sentence scorer used by the pipeline (built once per process)."""
    return FastVader(nltk_analyzer().lexicon)


def _seed_sentences() -> list[str]:
    """Every sentence of the sample articles (the benchmark's input)."""
    from analysis.paths import SAMPLE_DIR
    from analysis.sentences import split_sentences

    return [s for p in sorted(SAMPLE_DIR.glob("*.txt")) for s in split_sentences(p.read_text())]


def benchmark(texts: Sequence[str]) -> dict[str, float]:
    """CPU seconds (process_time: robust on a busy machine) for NLTK and FastVader over
    `texts`, their ratio, and whether every result was identical."""
    reference, fast = nltk_analyzer(), get_scorer()
    start = time.process_time()
    expected = [reference.polarity_scores(t) for t in texts]
    nltk_seconds = time.process_time() - start
    start = time.process_time()
    got = fast.score_many(texts)
    fast_seconds = time.process_time() - start
    return {"texts": len(texts), "nltk_seconds": nltk_seconds, "fast_seconds": fast_seconds,
            "speedup": nltk_seconds / fast_seconds, "identical": float(expected == got)}


if __name__ == "__main__":
    result = benchmark(_seed_sentences() * BENCH_REPEAT)
    print(f"{result['texts']} sentences: NLTK {result['nltk_seconds']:.3f} s CPU, FastVader "
          f"{result['fast_seconds']:.3f} s CPU, {result['speedup']:.1f}x faster, "
          f"identical={bool(result['identical'])}")
