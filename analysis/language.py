"""Does a text look English? A transparent rule, because VADER is English-only:
non-English articles are analysed but flagged ("non_english").

`looks_english(text)` (also available as `clean.looks_english`) reads the first
ENGLISH_SAMPLE_CHARS characters: the share of a-z letters (script) and the share of words
that are common English function words (ENGLISH_MARKERS). A short text (a headline, one
sentence) has too few function words for a share to mean much, so under ENGLISH_SHORT_WORDS
words it is English unless it has more function words of German, French, Spanish, Italian,
Portuguese or Dutch (FOREIGN_MARKERS) than English ones.
"""

import re
import string

# Very frequent English function words that are rare as words in other European languages
# (forms shared with German, Dutch, French, Spanish or Italian, like "a", "in", "also",
# "was", "will", "die", "so", are left out). In English news about 25-35% of words are in
# this list; in other languages under 5%.
ENGLISH_MARKERS = frozenset(
    "the and of to that for with this have from which they their were been would there what "  # noqa: SIM905
    "about when who than them into after over it he she we you his her be by are has had not "
    "but or our its these those could should said says".split()
)
# Very frequent function words of German, French, Spanish, Italian, Portuguese and Dutch
# that are not English words (forms that are, like "die", "son", "van", "is", are
# left out). Used to judge short texts only.
FOREIGN_MARKERS = frozenset(
    "der den dem des das und ist nicht mit von zu ein eine einen im auf sich hat wird bei "  # noqa: SIM905
    "nach auch oder wir sie werden wurde le la les et est une du pour dans qui que sur pas "
    "de au aux avec ce cette sont ont leur ses el los las y del con por para una es se su sus "
    "al lo como más muy pero il della di che è per sono gli delle nel degli o os da do em "
    "não uma com dos das het een en niet zijn op voor dat ook heeft".split()
)
ENGLISH_MIN_SHARE = 0.15  # between the two ranges above, measured on the seeds and tests
# Under this many words, a share below ENGLISH_MIN_SHARE is not evidence: a 15-word English
# sentence has 1-4 function words (0.07-0.27; "Secretary Blinken met President Xi in
# Beijing on Monday for candid and constructive talks." has 2 of 14, 0.14).
ENGLISH_SHORT_WORDS = 40
ENGLISH_MIN_WORDS = 8  # fewer words than this: too short to tell, treated as English
ENGLISH_SAMPLE_CHARS = 1500  # the rule reads the first ~250 words only
# Runs of letters and digits: "it's" is "it" + "s". Simpler and faster than tokens.words,
# which is not needed for a share of function words.
_PLAIN_WORD = re.compile(r"\w+")
# English text is written in a-z; accented Latin letters are a few percent at most.
LATIN_MIN_SHARE = 0.5
_ASCII_LETTERS = string.ascii_letters.encode()


def marker_counts(text: str) -> tuple[int, int, int]:
    """(ENGLISH_MARKERS words, FOREIGN_MARKERS words, words read) over the first
    ENGLISH_SAMPLE_CHARS characters of `text`."""
    sample = _PLAIN_WORD.findall(text[:ENGLISH_SAMPLE_CHARS].lower()) if text else []
    english = sum(map(ENGLISH_MARKERS.__contains__, sample))
    return english, sum(map(FOREIGN_MARKERS.__contains__, sample)), len(sample)


def english_share(text: str) -> tuple[float, int]:
    """(share of words that are ENGLISH_MARKERS, words read) over the first
    ENGLISH_SAMPLE_CHARS characters of `text`."""
    sample = _PLAIN_WORD.findall(text[:ENGLISH_SAMPLE_CHARS].lower()) if text else []
    if not sample:
        return 0.0, 0
    return sum(map(ENGLISH_MARKERS.__contains__, sample)) / len(sample), len(sample)


def latin_share(text: str) -> tuple[float, int]:
    """(share of a-z letters among a-z letters plus non-ASCII characters, their count) over
    the first ENGLISH_SAMPLE_CHARS characters: near 1 for English, near 0 for Chinese."""
    sample = text[:ENGLISH_SAMPLE_CHARS] if text else ""
    ascii_part = sample.encode("ascii", "ignore")
    n_latin = len(ascii_part) - len(ascii_part.translate(None, _ASCII_LETTERS))
    n_counted = n_latin + len(sample) - len(ascii_part)
    return (n_latin / n_counted if n_counted else 0.0), n_counted


def looks_english(text: str) -> bool:
    """False when the text is mostly in a non-Latin script (under LATIN_MIN_SHARE of at
    least ENGLISH_MIN_WORDS letters are a-z). Else True when it has fewer than
    ENGLISH_MIN_WORDS words (too short to tell), or at least ENGLISH_MIN_SHARE of its words
    are English function words, or (under ENGLISH_SHORT_WORDS words) it has more English
    than foreign function words."""
    latin, n_letters = latin_share(text)
    if n_letters >= ENGLISH_MIN_WORDS and latin < LATIN_MIN_SHARE:
        return False
    english, foreign, n_words = marker_counts(text)
    if n_words < ENGLISH_MIN_WORDS or english >= ENGLISH_MIN_SHARE * n_words:
        return True
    return n_words < ENGLISH_SHORT_WORDS and english > foreign
