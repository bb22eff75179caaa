"""VADER's text-level rules, as NLTK 3.10 applies them: tokens, punctuation, final scores.

Shared by `analysis.vader.FastVader` and `analysis.explain`. Constants and word lists come
from `nltk.sentiment.vader.VaderConstants` (Hutto & Gilbert 2014) so they cannot drift.
"""

import math
import string
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from nltk.sentiment.vader import VaderConstants

from analysis.tokens import TokenMemo

# Constants of NLTK's VADER (nltk/sentiment/vader.py, from Hutto & Gilbert 2014).
B_INCR = VaderConstants.B_INCR  # booster word: +0.293
B_DECR = VaderConstants.B_DECR  # dampener word or bigram: -0.293
C_INCR = VaderConstants.C_INCR  # ALL-CAPS word among mixed case: +0.733
N_SCALAR = VaderConstants.N_SCALAR  # negation multiplies by -0.74
ALPHA = 15  # normalize(): score / sqrt(score^2 + 15)
EP_WEIGHT, EP_MAX = 0.292, 4  # per "!", at most 4 counted
QM_WEIGHT, QM_MAX_COUNT, QM_CAP = 0.18, 3, 0.96  # per "?" when 2-3 of them; 0.96 for 4+
BUT_BEFORE, BUT_AFTER = 0.5, 1.5  # weights of words before / after the first "but"
NEVER_SO_NEAR, NEVER_SO_FAR = 1.5, 1.25  # "never so/this" two / three words back
DISTANCE_DAMPING = (1.0, 0.95, 0.9)  # booster one, two, three words before the word

NEGATE = frozenset(VaderConstants.NEGATE)
BOOSTERS: Mapping[str, float] = MappingProxyType(dict(VaderConstants.BOOSTER_DICT))
IDIOMS: Mapping[str, float] = MappingProxyType(dict(VaderConstants.SPECIAL_CASE_IDIOMS))
# Words that can change the valence of a word up to three after them (boosters, negations,
# "least", "never so/this"): a lexicon word with none of them before it keeps its valence.
RULE_WORDS = frozenset([*BOOSTERS, *NEGATE, "least", "so", "this"])
PUNC_AFFIXES = frozenset(VaderConstants.PUNC_LIST)
ASCII_PUNCTUATION = string.punctuation  # what NLTK's REGEX_REMOVE_PUNCTUATION removes
EMPHASIS_WORDS = ("so", "this")  # the "never so / this" rule (case-sensitive in NLTK)
# Tokens that can take part in an idiom or a two-word dampener: a cheap pre-check.
IDIOM_TOKENS = frozenset(
    w for phrase in [*IDIOMS, *(k for k in BOOSTERS if " " in k)] for w in phrase.split()
)
# One word of each idiom and two-word dampener (its longest, rarely a common word): without
# any of them in a text no idiom or dampener bigram can match.
PHRASE_KEYS = frozenset(
    max(phrase.split(), key=len) for phrase in [*IDIOMS, *(k for k in BOOSTERS if " " in k)]
)


def strip_token(token: str) -> str:
    """NLTK's punctuation stripping of one whitespace token ("cat," -> "cat").

    NLTK maps punctuation+word and word+punctuation to the word only when the punctuation
    is one item of PUNC_LIST, it sits on one side only, and the word has no ASCII
    punctuation and at least two characters; every other token is kept as is.
    """
    rest = token.lstrip(ASCII_PUNCTUATION)
    core = rest.rstrip(ASCII_PUNCTUATION)
    lead, trail = len(token) - len(rest), len(rest) - len(core)
    if (lead > 0) == (trail > 0) or len(core) < 2:
        return token
    if any(ch in ASCII_PUNCTUATION for ch in core):
        return token
    affix = token[:lead] if lead else rest[len(core):]
    return core if affix in PUNC_AFFIXES else token


def _token_or_empty(token: str) -> str:
    """`strip_token(token)`, or "" for a one-character token (which VADER drops)."""
    return strip_token(token) if len(token) > 1 else ""


_STRIPPED: TokenMemo[str] = TokenMemo(_token_or_empty)
_LOWER: TokenMemo[str] = TokenMemo(str.lower)


def tokenize(text: str) -> list[str]:
    """NLTK VADER's `words_and_emoticons`: whitespace tokens longer than one character.
    (map/filter keep the loop in C; a stripped token is never empty.)"""
    return chunk_tokens(text.split())


def chunk_tokens(chunks: Sequence[str]) -> list[str]:
    """`tokenize(text)` from the whitespace-free `chunks` of the text (`text.split()`)."""
    return list(filter(None, map(_STRIPPED.__getitem__, chunks)))


def lower_tokens(tokens: Sequence[str]) -> list[str]:
    """`[t.lower() for t in tokens]`, each distinct token lowered once."""
    return list(map(_LOWER.__getitem__, tokens))


def is_negation(word: str) -> bool:
    """NLTK's `negated([word])`: a negation word or any word containing "n't"."""
    low = word.lower()
    return low in NEGATE or "n't" in low


def cap_differential(tokens: Sequence[str]) -> bool:
    """True when some but not all tokens are ALL CAPS (NLTK's `allcap_differential`)."""
    upper = sum(map(str.isupper, tokens))
    return 0 < len(tokens) - upper < len(tokens)


def punctuation_emphasis(text: str) -> float:
    """Emphasis added by "!" (0.292 each, up to 4) and "?" (0.18 each for 2-3, 0.96 for 4+)."""
    ep = min(text.count("!"), EP_MAX) * EP_WEIGHT
    qm_count = text.count("?")
    qm = 0
    if qm_count > 1:
        qm = qm_count * QM_WEIGHT if qm_count <= QM_MAX_COUNT else QM_CAP
    return ep + qm


def normalize(score: float, *, alpha: float = ALPHA) -> float:
    """Map a valence sum into (-1, 1): score / sqrt(score^2 + alpha)."""
    return score / math.sqrt((score * score) + alpha)


def score_valence(sentiments: Sequence[float], text: str) -> dict[str, float]:
    """NLTK's `score_valence`: per-token valences -> {"neg","neu","pos","compound"}."""
    return score_nonzero([s for s in sentiments if s], len(sentiments), text)


def score_nonzero(values: Sequence[float], n_tokens: int, text: str) -> dict[str, float]:
    """`score_valence` from the non-zero valences alone (in token order) and the token
    count: zeros add nothing to NLTK's sums (sum() stays exact) and count as neutral."""
    if not n_tokens:
        return {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
    if not values:  # what the general case computes when every token is neutral
        return {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}
    sum_s = float(sum(values))
    # Without "!" or "?" the emphasis is 0.0, which changes none of the sums below.
    emphasis = punctuation_emphasis(text) if "!" in text or "?" in text else 0.0
    if sum_s > 0:
        sum_s += emphasis
    elif sum_s < 0:
        sum_s -= emphasis
    compound = normalize(sum_s)
    pos_sum, neg_sum = 0.0, 0.0
    for s in values:
        if s > 0:
            pos_sum += float(s) + 1
        elif s < 0:
            neg_sum += float(s) - 1
    if pos_sum > math.fabs(neg_sum):
        pos_sum += emphasis
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= emphasis
    neu_count = n_tokens - len(values)
    total = pos_sum + math.fabs(neg_sum) + neu_count
    return {
        "neg": round(math.fabs(neg_sum / total), 3),
        "neu": round(math.fabs(neu_count / total), 3),
        "pos": round(math.fabs(pos_sum / total), 3),
        "compound": round(compound, 4),
    }
