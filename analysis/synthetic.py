"""A synthetic corpus for benchmarks, built from the sample's sentences and clearly labelled.

Sources are "Synthetic 1", "Synthetic 2", ...; ids "synthetic-000001". Every sentence is a
sample sentence with names, places, days, months, numbers, adjectives, adverbs, nouns and
speech verbs swapped from the lists below and an optional opener, and each article shuffles
its sentences, so that almost no sentence repeats verbatim (caches and reuse detection must
not flatter the figures). Seeded: the same (n, seed) always gives the same corpus.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from functools import lru_cache

import pandas as pd

from analysis import clean, sentences
from analysis.readers import load_sample

N_SOURCES = 10
ARTICLES_PER_STORY = 50
MIN_SENTENCES, MAX_SENTENCES = 8, 30
SENTENCES_PER_PARAGRAPH = 3
BOILERPLATE_RATE = 0.1  # share of articles given an "Also Read:" insert (cleaning has work)
OPENER_RATE = 0.5
TAIL_RATE = 0.3  # sentences with fewer than MIN_SWAPS swaps always get a tail clause
MIN_SWAPS = 4
START_DATE = pd.Timestamp("2023-06-01")

# Swap classes: any whole word in a class is replaced by a random member of the same class.
SWAPS: dict[str, tuple[str, ...]] = {
    "person": (
        "Blinken", "Antony", "Xi", "Jinping", "Wang", "Yi", "Biden", "Joe", "Qin", "Gang",
        "Miller", "Matthew", "Burns", "William", "Sullivan", "Jake", "Austin", "Lloyd", "Gates",
        "Bill", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Castillo", "Novak", "Haddad",
        "Kowalski", "Mensah", "Rahman", "Fischer", "Duarte", "Petrov", "Nakamura", "Osei",
        "Brennan", "Varga", "Silva", "Keller", "Ibrahim", "Larsen", "Ortega", "Chen", "Patel",
    ),
    "place": (
        "Beijing", "Washington", "Bali", "Indonesia", "Singapore", "Vienna", "Cuba", "Japan",
        "Philippines", "Australia", "Britain", "Geneva", "Jakarta", "Nairobi", "Oslo", "Lima",
        "Seoul", "Hanoi", "Manila", "Canberra", "Ottawa", "Brussels", "Doha", "Ankara",
        "Warsaw", "Santiago", "Accra", "Dhaka", "Helsinki", "Lisbon", "Bangkok", "Tunis",
    ),
    "day": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "month": ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"),
    "number_word": ("two", "three", "five", "six", "four", "seven", "eight", "nine", "ten"),
    "adjective": (
        "rare", "candid", "substantive", "constructive", "critical", "crucial", "positive",
        "senior", "significant", "difficult", "healthy", "stable", "lengthy", "better",
        "potential", "rigid", "essential", "firm", "illegal", "frank", "tense", "productive",
        "cordial", "hostile", "cautious", "bold", "fragile", "urgent", "successful", "bitter",
        "warm", "sharp", "useful", "troubling", "promising", "hard", "open", "modest",
    ),
    "adverb": ("generally", "immediately", "swiftly", "further", "nearly", "possibly",
               "clearly", "quietly", "repeatedly", "openly", "firmly", "largely", "briefly"),
    "noun": ("opinion", "meeting", "talks", "visit", "trip", "statement", "discussions",
             "negotiations", "summit", "dialogue", "exchange", "consultations", "session"),
    "verb": ("said", "stated", "announced", "stressed", "noted", "added", "argued", "told",
             "warned", "insisted", "explained", "suggested"),
}
OPENERS = (
    "Meanwhile, ", "On Tuesday, ", "Separately, ", "Earlier this week, ", "In a briefing, ",
    "Officials said that ", "Later, ", "By contrast, ", "At the same time, ", "Still, ",
    "In addition, ", "According to reports, ", "For now, ", "Last week, ", "Notably, ",
)
TAIL = ", {person} {verb} in {place} on {day}"
LOWER_AFTER_OPENER = frozenset({"The", "A", "An", "It", "He", "His", "Its", "There", "These"})
BOILERPLATE = ("Also Read: {a} and {b} trade {adj} words over {place} talks",
               "READ MORE: {place} braces for {adj} week as {a} visits")
TITLE = "{a} and {b} hold {adj} talks in {place}"
_NUMBER = re.compile(r"\d+")
# Within one story every lower-case word of 4+ letters is replaced through a story-specific
# permutation of the sample's own vocabulary: articles of one story share passages (as real
# coverage of one event does), articles of different stories do not, and the corpus keeps the
# sample's word distribution (share of sentiment words, topic terms, tone words).
_VOCAB_WORD = re.compile(r"(?<![\w'’-])[a-z]{4,}(?![\w'’-])")


@lru_cache(maxsize=1)
def sample_sentences() -> tuple[str, ...]:
    """The body sentences of the built-in sample, cleaned and split as the pipeline does."""
    out: list[str] = []
    for text in load_sample().articles["text"]:
        _, body = sentences.split_title(clean.clean_article(text).text, None)
        out.extend(sentences.split_sentences(body))
    return tuple(out)


@lru_cache(maxsize=1)
def _swap_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    word_class = {w: name for name, words in SWAPS.items() for w in words}
    alternatives = "|".join(sorted(map(re.escape, word_class), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), word_class


def vary_sentence(sentence: str, *, rng: random.Random) -> str:
    """`sentence` with swap-class words and numbers replaced at random, maybe an opener."""
    pattern, word_class = _swap_pattern()
    text, swaps = pattern.subn(lambda m: rng.choice(SWAPS[word_class[m.group()]]), sentence)
    text, numbers = _NUMBER.subn(lambda m: str(rng.randint(1, 99)), text)
    if swaps + numbers < MIN_SWAPS or rng.random() < TAIL_RATE:
        tail = TAIL.format(**{name: rng.choice(SWAPS[name])
                              for name in ("person", "verb", "place", "day")})
        end = len(text.rstrip(".!?”\"’"))
        text = text[:end] + tail + text[end:]
    if rng.random() < OPENER_RATE:
        first, _, rest = text.partition(" ")
        first = first.lower() if first in LOWER_AFTER_OPENER else first
        text = f"{rng.choice(OPENERS)}{first} {rest}"
    return text


@lru_cache(maxsize=1)
def vocabulary() -> tuple[str, ...]:
    """Lower-case words of 4+ letters in the sample sentences, sorted."""
    return tuple(sorted({w for s in sample_sentences() for w in _VOCAB_WORD.findall(s)}))


def story_mapping(story: int, *, seed: int) -> dict[str, str]:
    """The word permutation used by one story."""
    words = list(vocabulary())
    shuffled = words[:]
    random.Random(seed * 1_000_003 + story).shuffle(shuffled)
    return dict(zip(words, shuffled, strict=True))


def story_sentences(story: int, *, seed: int) -> tuple[str, ...]:
    """The sample sentences with the story's word permutation applied."""
    mapping = story_mapping(story, seed=seed)
    return tuple(_VOCAB_WORD.sub(lambda m: mapping[m.group()], s) for s in sample_sentences())


def _fill(template: str, *, rng: random.Random) -> str:
    return template.format(a=rng.choice(SWAPS["person"]), b=rng.choice(SWAPS["person"]),
                           adj=rng.choice(SWAPS["adjective"]), place=rng.choice(SWAPS["place"]))


def make_article(index: int, *, rng: random.Random, pool: Sequence[str]) -> dict:
    """One synthetic article (a row of the corpus)."""
    k = rng.randint(MIN_SENTENCES, min(MAX_SENTENCES, len(pool)))
    body = [vary_sentence(s, rng=rng) for s in rng.sample(list(pool), k)]
    paragraphs = [" ".join(body[i : i + SENTENCES_PER_PARAGRAPH])
                  for i in range(0, len(body), SENTENCES_PER_PARAGRAPH)]
    if rng.random() < BOILERPLATE_RATE:
        paragraphs.insert(rng.randint(1, len(paragraphs)), _fill(rng.choice(BOILERPLATE), rng=rng))
    return {
        "article_id": f"synthetic-{index:06d}",
        "source": f"Synthetic {index % N_SOURCES + 1}",
        "text": "\n\n".join(paragraphs),
        "title": _fill(TITLE, rng=rng),
        "url": None,
        "published": START_DATE + pd.Timedelta(days=rng.randint(0, 60)),
        "story": f"Synthetic story {index // ARTICLES_PER_STORY + 1}",
        "origin": f"synthetic article {index}",
    }


def make_corpus(n: int, *, seed: int = 0) -> pd.DataFrame:
    """`n` synthetic articles (the readers' article columns), labelled "Synthetic k"."""
    if n <= 0:
        return pd.DataFrame(columns=["article_id", "source", "text", "title", "url",
                                     "published", "story", "origin"])
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        if i % ARTICLES_PER_STORY == 0:
            pool = story_sentences(i // ARTICLES_PER_STORY, seed=seed)
        rows.append(make_article(i, rng=rng, pool=pool))
    return pd.DataFrame(rows)


def unique_sentence_share(corpus: pd.DataFrame) -> float:
    """Share of the corpus's sentences (split as the pipeline does) that occur only once."""
    all_sentences = [s for text in corpus["text"]
                     for s in sentences.split_sentences(clean.clean_article(text).text)]
    if not all_sentences:
        return 0.0
    counts = pd.Series(all_sentences).value_counts()
    return float((counts == 1).sum() / len(all_sentences))
