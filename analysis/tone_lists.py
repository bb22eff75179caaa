"""Tone word lists: reading data/tone/*.txt and the VADER lexicon into hashable lexicons."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from analysis.paths import TONE_DIR
from analysis.tokens import lower_words, normalise_word
from analysis.vader import lexicon_path

# VADER rates words from -4 to +4 (Hutto & Gilbert 2014); |rating| >= 2 is "strong" in Slant.
STRONG_VALENCE = 2.0
COMMENT = "#"
WILDCARD = "*"
LIST_FILES = ("conflict", "cooperation", "hedging", "certainty", "intensifiers")
VOWELS = frozenset("aeiouy")


@dataclass(frozen=True)
class WordList:
    """A word list: exact words, prefixes (entries ending in "*") and multi-word phrases."""

    name: str
    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    phrases: frozenset[tuple[str, ...]] = frozenset()
    phrase_starts: frozenset[str] = frozenset()
    max_phrase: int = 0

    @classmethod
    def from_entries(cls, name: str, entries: Sequence[str]) -> WordList:
        """Build from raw entries as written in the file (case and apostrophes normalised)."""
        singles: set[str] = set()
        prefixes: set[str] = set()
        phrases: set[tuple[str, ...]] = set()
        for entry in entries:
            text = entry.strip()
            if text.endswith(WILDCARD) and " " not in text:
                prefixes.add(normalise_word(text.rstrip(WILDCARD)))
                continue
            tokens = tuple(lower_words(text))
            if len(tokens) == 1:
                singles.add(tokens[0])
            elif tokens:
                phrases.add(tokens)
        return cls(name=name, words=frozenset(singles), prefixes=tuple(sorted(prefixes)),
                   phrases=frozenset(phrases), phrase_starts=frozenset(p[0] for p in phrases),
                   max_phrase=max((len(p) for p in phrases), default=0))

    def could_start(self, word: str) -> bool:
        """Whether an entry of this list can start at `word` (cheap pre-check)."""
        return (word in self.words or word in self.phrase_starts
                or bool(self.prefixes and word.startswith(self.prefixes)))

    def match_at(self, tokens: Sequence[str], i: int) -> tuple[str, int] | None:
        """The entry matching at tokens[i] (longest phrase first) and its length in words."""
        word = tokens[i]
        if word in self.phrase_starts:
            for size in range(min(self.max_phrase, len(tokens) - i), 1, -1):
                candidate = tuple(tokens[i : i + size])
                if candidate in self.phrases:
                    return " ".join(candidate), size
        if word and (word in self.words or (self.prefixes and word.startswith(self.prefixes))):
            return word, 1
        return None

    def matches(self, tokens: Sequence[str]) -> list[str]:
        """Entries found in lower-cased `tokens`, left to right, no overlaps ("" skips)."""
        found: list[str] = []
        i = 0
        while i < len(tokens):
            hit = self.match_at(tokens, i) if tokens[i] else None
            if hit:
                found.append(hit[0])
            i += hit[1] if hit else 1
        return found


@dataclass(frozen=True)
class ToneLexicons:
    """Everything the tone profile reads: VADER word polarity and the data/tone/ lists."""

    positive: frozenset[str]
    negative: frozenset[str]
    strong: frozenset[str]
    conflict: WordList
    cooperation: WordList
    hedging: WordList
    certainty: WordList
    intensifiers: WordList
    digest: str = field(default="", compare=False)

    def fingerprint(self) -> str:
        """A hash of every word and list, for cache keys (changes when any list changes)."""
        if self.digest:
            return self.digest
        return hashlib.sha256(repr(self).encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables by vowel groups (a e i o u y), minus a silent final "e"; at least 1."""
    letters = [c for c in word.lower() if c.isalpha()]
    count, previous = 0, False
    for c in letters:
        vowel = c in VOWELS
        count += vowel and not previous
        previous = vowel
    ending = "".join(letters[-2:])
    if ending.endswith("e") and ending not in ("le", "ee", "ye") and count > 1:
        count -= 1
    return max(count, 1)


def read_word_list(path: Path) -> list[str]:
    """Entries of a word-list file: one per line, "#" comments and blank lines dropped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise FileNotFoundError(f"Tone word list {path} cannot be read ({exc}).") from exc
    return [e for line in lines if (e := line.split(COMMENT, 1)[0].strip())]


def read_vader_valences(path: Path) -> dict[str, float]:
    """word -> mean valence from vader_lexicon.txt (word<TAB>mean<TAB>sd<TAB>ratings)."""
    valences: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0] and " " not in parts[0]:
            valences[normalise_word(parts[0])] = float(parts[1])
    return valences


def load_lexicons(directory: Path | str = TONE_DIR) -> ToneLexicons:
    """Read data/tone/*.txt and the VADER lexicon; a missing file raises a clear error."""
    folder = Path(directory)
    vader_path = lexicon_path()
    valences = read_vader_valences(vader_path)
    lists = {name: read_word_list(folder / f"{name}.txt") for name in LIST_FILES}
    digest = hashlib.sha256(vader_path.read_bytes())
    for name in LIST_FILES:
        digest.update(f"\n{name}\n".encode() + "\n".join(lists[name]).encode("utf-8"))
    return ToneLexicons(
        positive=frozenset(w for w, v in valences.items() if v > 0),
        negative=frozenset(w for w, v in valences.items() if v < 0),
        strong=frozenset(w for w, v in valences.items() if abs(v) >= STRONG_VALENCE),
        **{name: WordList.from_entries(name, lists[name]) for name in LIST_FILES},
        digest=digest.hexdigest()[:16],
    )
