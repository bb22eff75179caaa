"""Tone word lists: reading data/tone/*.txt and the VADER lexicon into hashable lexicons."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

from analysis.paths import TONE_DIR
from analysis.tokens import lower_words, normalise_word
from analysis.vader import lexicon_path

# VADER rates words from -4 to +4 (Hutto & Gilbert 2014); |rating| >= 2 is "strong" in Slant.
STRONG_VALENCE = 2.0
COMMENT = "#"
WILDCARD = "*"
LIST_FILES = ("conflict", "cooperation", "hedging", "certainty", "intensifiers")
VOWELS = frozenset("aeiouy")
# How many words outside the lexicons the tone scan's memos may remember per process.
MEMO_WORDS = 100_000
# Tone columns fed by the VADER polarity of a word and by each word list (analysis.tone).
POSITIVE_COLUMN = "tone_positive"
NEGATIVE_COLUMN = "tone_negative"
INTENSITY_COLUMN = "tone_emotional_intensity"
LIST_COLUMNS = {
    "tone_conflict": "conflict", "tone_cooperation": "cooperation",
    "tone_hedging": "hedging", "tone_certainty": "certainty",
}


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

    @cached_property
    def phrases_by_start(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """Phrases grouped by their first word, longest first (built once per list)."""
        grouped: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.phrases:
            grouped.setdefault(phrase[0], []).append(phrase)
        return {w: tuple(sorted(ps, key=lambda p: (-len(p), p))) for w, ps in grouped.items()}

    @cached_property
    def phrase_seconds(self) -> dict[str, frozenset[str]]:
        """First word of a phrase -> the words that can follow it (a cheap pre-check)."""
        return {w: frozenset(p[1] for p in ps) for w, ps in self.phrases_by_start.items()}

    def single_match(self, word: str) -> bool:
        """Whether `word` on its own is an entry (an exact word or a prefix match)."""
        return bool(word) and (word in self.words
                               or bool(self.prefixes and word.startswith(self.prefixes)))

    def match_at(self, tokens: Sequence[str], i: int) -> tuple[str, int] | None:
        """The entry matching at tokens[i] (longest phrase first) and its length in words."""
        word = tokens[i]
        for phrase in self.phrases_by_start.get(word, ()):
            size = len(phrase)
            if tuple(tokens[i : i + size]) == phrase:
                return " ".join(phrase), size
        if self.single_match(word):
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


class WordInfo(NamedTuple):
    """What one lower-cased word can contribute: VADER polarity column ("" for none),
    strongly charged?, and the (column, word list) pairs an entry may start at it."""

    polarity: str
    strong: bool
    lists: tuple[tuple[str, WordList], ...]


class WordTable(NamedTuple):
    """`WordInfo` of every word that contributes, plus the list prefixes: a word absent from
    `info` contributes nothing unless it starts with one of `prefixes`."""

    info: dict[str, WordInfo]
    prefixes: tuple[str, ...]
    head_len: int  # every prefix starts with one of `heads`, the first head_len characters
    heads: frozenset[str]
    # Words that only start phrases in their lists -> the words that may follow them: with
    # any other next word they match nothing (most are common: "in", "of", "on", "it").
    phrase_only: dict[str, frozenset[str]]
    # Process-local memo filled by the tone scan: `info` plus the words that contribute
    # through a list prefix only (up to `known_limit` entries), and words that contribute
    # nothing (outside `info`, no prefix matches).
    known: dict[str, WordInfo]
    known_limit: int
    plain: set[str]


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

    def column_lists(self) -> tuple[tuple[str, WordList], ...]:
        """(tone column, word list) pairs, in the order the tone scan applies them."""
        listed = tuple((column, getattr(self, attr)) for column, attr in LIST_COLUMNS.items())
        return (*listed, (INTENSITY_COLUMN, self.intensifiers))

    def word_info(self, word: str) -> WordInfo:
        """What a lower-cased word contributes (computed; `word_table` holds the common ones)."""
        polarity = (POSITIVE_COLUMN if word in self.positive
                    else NEGATIVE_COLUMN if word in self.negative else "")
        lists = tuple((c, wl) for c, wl in self.column_lists() if wl.could_start(word))
        return WordInfo(polarity, word in self.strong, lists)

    @cached_property
    def word_table(self) -> WordTable:
        """`word_info` precomputed for every word of the lexicon and the lists. Kept on the
        object (not a field: equality, hash, repr and pickles ignore it) and shared between
        equal lexicons of one process (`build_word_table` is memoised), so an unpickled copy
        in a worker finds it again instead of rebuilding it."""
        return build_word_table(self)

    def __getstate__(self) -> dict:
        """Pickle the fields only; the word table is rebuilt or found again on demand."""
        state = dict(self.__dict__)
        state.pop("word_table", None)
        return state


@lru_cache(maxsize=4)
def build_word_table(lexicons: ToneLexicons) -> WordTable:
    """The `WordTable` of `lexicons` (memoised per distinct lexicons; see `word_table`)."""
    lists = lexicons.column_lists()
    starts: set[str] = set()
    for _, wl in lists:
        starts |= wl.words | wl.phrase_starts
    prefixes = tuple(sorted({p for _, wl in lists for p in wl.prefixes}))
    head_len = min((len(p) for p in prefixes), default=0)
    known = starts | lexicons.positive | lexicons.negative | lexicons.strong
    info = {}
    for word in known:  # the full lookup only where a list entry can start
        if word in starts or word.startswith(prefixes):
            info[word] = lexicons.word_info(word)
        else:
            polarity = (POSITIVE_COLUMN if word in lexicons.positive
                        else NEGATIVE_COLUMN if word in lexicons.negative else "")
            info[word] = WordInfo(polarity, word in lexicons.strong, ())
    return WordTable(info=info, prefixes=prefixes, head_len=head_len,
                     heads=frozenset(p[:head_len] for p in prefixes),
                     phrase_only=_phrase_only(info), known=dict(info),
                     known_limit=len(info) + MEMO_WORDS, plain=set())


def _phrase_only(info: dict[str, WordInfo]) -> dict[str, frozenset[str]]:
    """Words that no list matches on their own -> every word a phrase may continue with."""
    out: dict[str, frozenset[str]] = {}
    for word, (_, _, lists) in info.items():
        if lists and not any(wl.single_match(word) for _, wl in lists):
            out[word] = frozenset().union(*(wl.phrase_seconds.get(word, ()) for _, wl in lists))
    return out


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


# Process-wide memos, token -> lower-cased form and token -> syllables (bounded by
# MEMO_WORDS): plain dict lookups in C, cheaper than an lru_cache call per word.
_LOWER: dict[str, str] = {}
_SYLLABLES: dict[str, int] = {}


def word_forms(flat: list[str]) -> tuple[list[str], int, set[str]]:
    """`normalise_word` of each token, the syllables of all, and the distinct forms."""
    distinct = set(flat)
    new = distinct.difference(_LOWER)
    if len(_LOWER) + len(new) > MEMO_WORDS:  # memo full: compute without remembering
        lower = list(map(normalise_word, flat))
        return lower, sum(map(syllables, lower)), set(lower)
    for token in new:
        _LOWER[token] = form = normalise_word(token)
        _SYLLABLES[token] = syllables(form)
    return (list(map(_LOWER.__getitem__, flat)), sum(map(_SYLLABLES.__getitem__, flat)),
            set(map(_LOWER.__getitem__, distinct)))


def known_words(distinct: set[str], lexicons: ToneLexicons) -> dict[str, WordInfo]:
    """The table's `known` dict (word -> WordInfo of every contributing word), completed
    with the `distinct` words that contribute only through a list prefix (each new word is
    checked once per process; set differences in C find the new ones)."""
    table = lexicons.word_table
    known = table.known
    # set.difference with a dict argument walks the set, not the (large) dict.
    for w in distinct.difference(known).difference(table.plain):
        if w[:table.head_len] in table.heads and w.startswith(table.prefixes):
            if len(known) < table.known_limit:
                known[w] = lexicons.word_info(w)
            else:  # memo full: a per-call copy keeps the result exact
                known = {**known, w: lexicons.word_info(w)}
        elif len(table.plain) < MEMO_WORDS:
            table.plain.add(w)
    return known


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
