"""FastVader must return exactly what NLTK's SentimentIntensityAnalyzer returns."""

import importlib.util
import random

import pytest
from nltk.sentiment.vader import SentiText, VaderConstants

from analysis import vader
from analysis.sentences import split_sentences
from analysis.vader_text import strip_token, tokenize

# Realistic news sentences of our own, to mutate alongside the seed sentences.
NEWS = [
    "The ministry did not welcome the proposal, calling it a dangerous provocation.",
    "Officials said the talks were constructive but warned that deep differences remain.",
    "Markets rallied strongly after the central bank signalled it would cut rates.",
    "Critics called the sanctions a failure that hurt ordinary families the most.",
    "The president praised the agreement as a historic step toward lasting peace.",
    "Rescue teams found no survivors in the rubble, the agency said on Tuesday.",
    "It is hardly a surprise that the deal collapsed amid bitter accusations.",
    "Analysts were somewhat optimistic about the outlook, though risks remain high.",
    "Protesters clashed with police, and several people were seriously injured.",
    "The spokesman said Beijing was willing to improve relations with Washington.",
]
# Text that is not ordinary English prose.
ODD = [
    "", " ", "\n\t ", "!!!", "?", "a", "I", ":)", "<3 <3", ":-( :-(", "😀 great 😡",
    "Das Treffen war nicht gut, aber höflich.", "会谈富有成果。", "Привет, это хорошо!",
    "GOOD", "GOOD BAD", "good BAD", "least", "least good", "at least good", "very least good",
    "the shit", "a b the shit", "one two yeah right", "x y z cut the mustard now",
    "it was the kiss of death", "living hand to mouth again", "kind of", "kind of good",
    "never so good", "a never so good", "a b never this good", "we so good", "a b c so good",
    "without doubt good", "without a doubt, a good day", "good good good", "but", "but good",
    "good but", "bad, but good, but bad", "'good'", "(good)", "good...", "\"good\"", "-good-",
    "!?!?good", "good?!?", "good!?!?!", "'don't' good", "doesn't, good", "uh-uh good",
    "n't good", "isn't-good", "KIND OF GOOD", "Kind of good", "it was sort-of good",
    "just enough good", "JUST ENOUGH good", "The U.S. said: “excellent” — truly.",
]
NEGATIONS = sorted(VaderConstants.NEGATE)
BOOSTERS = sorted(VaderConstants.BOOSTER_DICT)
IDIOMS = sorted(VaderConstants.SPECIAL_CASE_IDIOMS)
INSERTS = [
    *NEGATIONS, *BOOSTERS, *IDIOMS, "but", "BUT", "But", "kind of", "sort of", "least",
    "at least", "very least", "never so", "never this", "so", "this", "without doubt",
    ":)", ":-(", "<3", ":D", "=)", "😀", "!!!", "??", "?!?", "…", "not very", "NOT",
]
SUFFIXES = ["", "!", "!!", "!!!!!", "??", "???", "????", "?!", "...", " :)", " :(", "!?!?"]
PUNCTUATION = [",", ".", "!", "?", ";", ":", "'", '"', "-", "!!", "??", "?!?", ")", "(", "..."]
N_VARIANTS = 2500
SENTIMENT_WORDS = frozenset(vader.get_scorer().lexicon)
SEED = 20230619  # date of the meeting the seed articles report


def mutate(sentence: str, rng: random.Random) -> str:
    """Insert modifiers, shout a word, punctuate a word, add emphasis at the end."""
    words = sentence.split()
    for _ in range(rng.randint(1, 3)):
        words.insert(rng.randint(0, len(words)), rng.choice(INSERTS))
    laden = [k for k, w in enumerate(words) if w.lower().strip(",.") in SENTIMENT_WORDS]
    if laden and rng.random() < 0.6:  # a modifier right before a sentiment word
        words.insert(rng.choice(laden), rng.choice(INSERTS))
    if words and rng.random() < 0.4:
        k = rng.randrange(len(words))
        words[k] = words[k].upper()
    if words and rng.random() < 0.4:
        k = rng.randrange(len(words))
        mark = rng.choice(PUNCTUATION)
        words[k] = words[k] + mark if rng.random() < 0.5 else mark + words[k]
    if words and rng.random() < 0.2:
        words.append(rng.choice(words))
    return " ".join(words) + rng.choice(SUFFIXES)


@pytest.fixture(scope="module")
def seed_sentences(seed_000_text: str, seed_004_text: str) -> list[str]:
    return split_sentences(seed_000_text) + split_sentences(seed_004_text)


@pytest.fixture(scope="module")
def corpus(seed_sentences: list[str]) -> list[str]:
    rng = random.Random(SEED)
    bases = seed_sentences + NEWS
    variants = [mutate(rng.choice(bases), rng) for _ in range(N_VARIANTS)]
    return seed_sentences + NEWS + ODD + variants


def test_corpus_is_large_and_varied(corpus: list[str]) -> None:
    assert len(set(corpus)) > 2500
    scores = [vader.nltk_analyzer().polarity_scores(t)["compound"] for t in corpus[:400]]
    assert min(scores) < -0.5 and max(scores) > 0.5


def test_identical_to_nltk_on_every_text(corpus: list[str]) -> None:
    reference, fast = vader.nltk_analyzer(), vader.get_scorer()
    pairs = [(t, reference.polarity_scores(t), fast.polarity_scores(t)) for t in corpus]
    assert [p for p in pairs if p[1] != p[2]] == []


def test_tokens_identical_to_nltk(corpus: list[str]) -> None:
    punc, regex = VaderConstants.PUNC_LIST, VaderConstants.REGEX_REMOVE_PUNCTUATION
    for text in corpus:
        assert tokenize(text) == SentiText(text, punc, regex).words_and_emoticons, text


def test_score_many_matches_polarity_scores(seed_sentences: list[str]) -> None:
    fast = vader.get_scorer()
    assert fast.score_many(seed_sentences) == [fast.polarity_scores(s) for s in seed_sentences]
    assert fast.score_many([]) == []


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("good,", "good"), ("(good", "(good"), ("good!!!", "good"), ("good?!?!", "good"),
        ("good)", "good)"), ("good...", "good..."), ("(good)", "(good)"), ("a,", "a,"),
        ("don't,", "don't,"), ("“good,", "“good"), (":)", ":)"), ("U.S.", "U.S."),
        ("!?!?good", "good"), ("'good", "good"), ("-good", "good"), ("good;", "good"),
    ],
)
def test_strip_token(token: str, expected: str) -> None:
    assert strip_token(token) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}),
        ("The talks did not go well!",
         {"neg": 0.296, "neu": 0.704, "pos": 0.0, "compound": -0.2746}),
    ],
)
def test_known_scores(text: str, expected: dict[str, float]) -> None:
    assert vader.get_scorer().polarity_scores(text) == expected


def test_rejects_non_text() -> None:
    with pytest.raises(TypeError, match="expects str"):
        vader.get_scorer().polarity_scores(None)  # type: ignore[arg-type]


def test_lexicon_path_is_the_wheel_file() -> None:
    path = vader.lexicon_path()
    assert path.name == "vader_lexicon.txt" and path.parent.name == "vaderSentiment"
    assert len(vader.get_scorer().lexicon) > 7000


def test_missing_package_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(FileNotFoundError, match=r"pip install vaderSentiment==3\.3\.2"):
        vader.lexicon_path()


def test_scorer_is_built_once() -> None:
    assert vader.get_scorer() is vader.get_scorer()
    assert vader.nltk_analyzer() is vader.nltk_analyzer()


def test_lexicon_only_valences_equal_the_traced_loop(corpus: list[str]) -> None:
    """The fast path (rules for lexicon words only) equals the token-by-token loop."""
    fast = vader.get_scorer()
    for text in corpus:
        tokens = tokenize(text)
        trace: list[list[str]] = [[] for _ in tokens]
        assert fast.valences(tokens) == fast.valences(tokens, trace=trace), text


def test_every_idiom_and_bigram_holds_a_key_word() -> None:
    from analysis.vader_text import BOOSTERS, IDIOMS, PHRASE_KEYS

    phrases = [*IDIOMS, *(k for k in BOOSTERS if " " in k)]
    assert phrases and all(PHRASE_KEYS & set(p.split()) for p in phrases)


def test_nonzero_valences_equal_the_full_list(corpus: list[str]) -> None:
    """The direct path (no rule word before a lexicon word) keeps every non-zero valence."""
    fast = vader.get_scorer()
    for text in corpus:
        tokens = tokenize(text)
        assert fast._nonzero_valences(tokens, text) == [v for v in fast.valences(tokens) if v], text


def test_score_with_words_equals_score_many_and_words(corpus: list[str]) -> None:
    from analysis.tokens import words

    fast = vader.get_scorer()
    scores, found = fast.score_with_words(corpus)
    assert scores == fast.score_many(corpus)
    assert found == [words(t) for t in corpus]
    assert fast.score_with_words([]) == ([], [])


def test_score_valence_equals_score_nonzero(corpus: list[str]) -> None:
    from analysis.vader_text import score_nonzero, score_valence

    fast = vader.get_scorer()
    for text in corpus[:500]:
        values = fast.valences(tokenize(text))
        assert score_valence(values, text) == score_nonzero(
            [v for v in values if v], len(values), text)
