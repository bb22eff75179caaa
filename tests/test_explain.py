""""Why this score": word effects must add up to the score VADER (NLTK) gives."""

import math
import random

import pandas as pd
import pytest

from analysis import explain, vader
from analysis.sentences import split_sentences
from analysis.vader_text import C_INCR, N_SCALAR, normalize
from tests.test_vader import NEWS, ODD, SEED, mutate

N_VARIANTS = 600


@pytest.fixture(scope="module")
def texts(seed_000_text: str, seed_004_text: str) -> list[str]:
    seeds = split_sentences(seed_000_text) + split_sentences(seed_004_text)
    rng = random.Random(SEED + 1)
    variants = [mutate(rng.choice(seeds + NEWS), rng) for _ in range(N_VARIANTS)]
    return seeds + NEWS + ODD + variants


@pytest.fixture(scope="module")
def explained(texts: list[str]) -> list[explain.Explanation]:
    return [explain.explain(t) for t in texts]


def _effect(expl: explain.Explanation, word: str) -> explain.WordEffect:
    return next(w for w in expl.words if w.word == word)


def test_parts_add_up_to_nltk_compound(explained: list[explain.Explanation]) -> None:
    reference = vader.nltk_analyzer()
    for expl in explained:
        text = expl.text
        expected = reference.polarity_scores(text)
        assert expl.compound == expected["compound"], text
        assert (expl.neg, expl.neu, expl.pos) == (expected["neg"], expected["neu"], expected["pos"])
        assert explain.compound_from_parts(expl) == expected["compound"], text
        assert math.fsum(w.final_valence for w in expl.words) == pytest.approx(expl.valence_sum)
        if expl.tokens:
            assert round(normalize(expl.raw_sum), 4) == expected["compound"]


def test_every_change_is_explained(explained: list[explain.Explanation]) -> None:
    """A word whose valence differs from the lexicon always names at least one modifier."""
    lexicon = vader.get_scorer().lexicon
    changed = 0
    for expl in explained:
        for w in expl.words:
            assert w.lexicon_valence == lexicon[w.word.lower()]
            if not w.modifiers:
                assert w.final_valence == w.lexicon_valence, (expl.text, w)
            else:
                changed += 1
    assert changed > 300


def test_negation_flips_welcome() -> None:
    expl = explain.explain("The ministry did not welcome the proposal.")
    welcome = _effect(expl, "welcome")
    assert welcome.lexicon_valence == 2.0
    assert welcome.final_valence == pytest.approx(2.0 * N_SCALAR)
    assert any("negation 'not'" in m for m in welcome.modifiers)
    assert expl.compound < -0.05


def test_capitals_are_shown() -> None:
    great = _effect(explain.explain("The talks were GREAT for both sides."), "GREAT")
    assert great.final_valence == pytest.approx(3.1 + C_INCR)
    assert any("ALL CAPS" in m for m in great.modifiers)


def test_but_weights_both_sides() -> None:
    expl = explain.explain("The hotel was good but the food was bad.")
    good, bad = _effect(expl, "good"), _effect(expl, "bad")
    assert good.final_valence == pytest.approx(1.9 * 0.5)
    assert bad.final_valence == pytest.approx(-2.5 * 1.5)
    assert good.modifiers == ("before 'but' (x0.5)",)
    assert bad.modifiers == ("after 'but' (x1.5)",)


@pytest.mark.parametrize(
    ("text", "word", "modifier", "final"),
    [
        ("Officials said it was the least hopeful.", "hopeful", "'least'", 2.3 * N_SCALAR),
        ("Officials said it was at least hopeful.", "hopeful", None, 2.3),
        ("The reply was kind of good for them.", "good", "dampener 'kind of'", 1.9 - 0.293),
        ("The reply was very good for them.", "good", "booster 'very'", 1.9 + 0.293),
        ("The reply was slightly good for them.", "good", "dampener 'slightly'", 1.9 - 0.293),
        ("They say it will cut the mustard.", "cut", "idiom 'cut the mustard'", 2.0),
        # NLTK applies "never so" (x1.5) and then, three words back, x1.25 again.
        ("We were never so hopeful about it.", "hopeful", "'never so'",
         (2.3 + 0.293) * 1.5 * 1.25),
    ],
)
def test_rules_are_named(text: str, word: str, modifier: str | None, final: float) -> None:
    effect = _effect(explain.explain(text), word)
    assert effect.final_valence == pytest.approx(final)
    if modifier is None:
        assert effect.modifiers == ()
    else:
        assert any(modifier in m for m in effect.modifiers), effect.modifiers


def test_exclamation_marks_in_frame() -> None:
    expl = explain.explain("What a great result!!!")
    assert expl.punctuation_emphasis == pytest.approx(3 * 0.292)
    assert expl.raw_sum == pytest.approx(expl.valence_sum + 3 * 0.292)
    frame = explain.explanation_frame(expl)
    assert list(frame.columns) == list(explain.FRAME_COLUMNS)
    assert frame["word"].tolist() == ["great", explain.PUNCTUATION_ROW]
    assert frame["final_valence"].sum() == pytest.approx(expl.raw_sum)
    assert pd.isna(frame["index"].iloc[-1])


@pytest.mark.parametrize("text", ["", "   ", "The meeting lasted two hours."])
def test_nothing_to_explain(text: str) -> None:
    expl = explain.explain(text)
    assert expl.words == () and expl.compound == 0.0
    frame = explain.explanation_frame(expl)
    assert frame.empty and list(frame.columns) == list(explain.FRAME_COLUMNS)
