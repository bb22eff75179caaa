"""Sentence splitting: NLTK Punkt with a plain abbreviation list, plus title detection.

No downloaded Punkt model is used: the tokenizer is built from `PunktParameters`
holding the abbreviations in `data/abbreviations.txt` and a short list of frequent
sentence starters, once per process (`functools.lru_cache`).
"""

import re
import string
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.paths import DATA_DIR

if TYPE_CHECKING:  # nltk takes ~1.5 s to import: only when sentences are actually split
    from nltk.tokenize.punkt import PunktSentenceTokenizer

ABBREVIATIONS_PATH = DATA_DIR / "abbreviations.txt"

# Words that, capitalised after an abbreviation, start a new sentence ("... in the U.S. The
# talks ..."). Punkt's "frequent sentence starter" heuristic (Kiss & Strunk 2006, sec. 4.1.3)
# normally learns these in training; we list common English ones by hand.
SENT_STARTERS = frozenset(
    "the a an he she it they we i you this that these those there his her their its "  # noqa: SIM905
    "our but and however meanwhile in on at after before when while since although "
    "though according officials earlier later".split()
)

# A first line is a headline when it has at most this many words (news headlines run
# 6-15 words; 25 leaves room for long ones), has no final period, and a blank line follows.
TITLE_MAX_WORDS = 25
# A single newline joins two lines of one paragraph (hard-wrapped text) when the first line
# does not end a sentence and is at least this long or the next line starts in lower case;
# otherwise it is a paragraph break. 60 characters: below the 65-80 wrap width of e-mail and
# plain-text files, above most subheadings and bylines.
WRAP_MIN_CHARS = 60

# Where Punkt may break a sentence (nltk PunktLanguageVars.sent_end_chars).
SENTENCE_END_CHARS = (".", "?", "!")
# ASCII whitespace other than the space (string.whitespace), rare inside a paragraph.
OTHER_ASCII_SPACES = "\t\n\r\x0b\x0c"
# Punkt break decisions kept per tokenizer (a context is a word, its period and the next word).
SENTBREAK_MEMO_SIZE = 1 << 16

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"[.!?…:;\"”’')\]]$")
_WORD = re.compile(r"\w+")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")  # "# Title" in .md files
_BLANK_START = re.compile(r"[ \t\r]*\n")
_QUESTION_END = re.compile(r"[?!][\"”’')]*$")


def load_abbreviations(path: Path = ABBREVIATIONS_PATH) -> frozenset[str]:
    """Abbreviations from `path`: one per line, lower case, no final period, # comments."""
    if not path.exists():
        raise FileNotFoundError(
            f"Slant's abbreviation list is missing: {path}. Restore data/abbreviations.txt "
            "from the repository (one abbreviation per line, e.g. 'u.s')."
        )
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower().rstrip(".")
        for line in lines
        if line.strip() and not line.startswith("#")
    )


@lru_cache(maxsize=4)
def get_tokenizer(path: Path = ABBREVIATIONS_PATH) -> "PunktSentenceTokenizer":
    """The Punkt sentence tokenizer, built once from the abbreviation list at `path`."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(load_abbreviations(path))
    params.sent_starters = set(SENT_STARTERS)
    # NLTK's ReDoS guard on Punkt's regexes stays on (visitors' text on a shared
    # deployment); skipping it would save under 1% of a cold run.
    tokenizer = PunktSentenceTokenizer(params)
    # Punkt decides each candidate break from a short context ("said. The") and fixed
    # parameters only, and the same contexts recur (~75% of calls on news-like text): the
    # decision is memoised on this instance (the tokenizer is never trained or pickled).
    tokenizer.text_contains_sentbreak = lru_cache(maxsize=SENTBREAK_MEMO_SIZE)(
        tokenizer.text_contains_sentbreak)
    return tokenizer


def _normalise_line(line: str) -> str:
    return " ".join(_MARKDOWN_HEADING.sub("", line.strip()).split()).casefold()


def looks_like_headline(line: str) -> bool:
    """True when `line` is short and has no final period (or colon): a headline."""
    stripped = line.strip()
    if not stripped:
        return False
    n_words = len(_WORD.findall(stripped))
    return 0 < n_words <= TITLE_MAX_WORDS and not stripped.endswith((".", ":", ";", ","))


def split_title(text: str, title: str | None = None) -> tuple[str | None, str]:
    """Return (title, body). An explicit `title` wins (and a first line equal to it is
    dropped from the body); otherwise a first line that reads as a headline followed by
    a blank line is the title. The title is never part of the body."""
    if not text or not text.strip():
        return (title.strip() or None) if title else None, ""
    stripped = text.strip()
    first, sep, rest = stripped.partition("\n")
    has_blank_after = bool(sep) and _BLANK_START.match(rest) is not None
    if title and title.strip():
        if _normalise_line(first) == _normalise_line(title):
            return title.strip(), rest.strip()
        return title.strip(), stripped
    if has_blank_after and looks_like_headline(first):
        return _MARKDOWN_HEADING.sub("", first.strip()), rest.strip()
    return None, stripped


def paragraphs(text: str) -> list[str]:
    """Paragraphs of `text`: split at blank lines, and at single newlines unless the
    line looks hard-wrapped (see WRAP_MIN_CHARS). Lines inside a paragraph are joined."""
    if not text or not text.strip():
        return []
    out: list[str] = []
    for block in _BLANK_LINE.split(text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        current = ""
        last_line = ""
        for line in lines:
            if current and _continues(previous=last_line, line=line):
                current = f"{current} {line}"
            else:
                if current:
                    out.append(current)
                current = line
            last_line = line
        if current:
            out.append(current)
    return out


def _continues(*, previous: str, line: str) -> bool:
    """True when `line` continues a hard-wrapped paragraph whose last line is `previous`."""
    if _SENTENCE_END.search(previous):
        return False
    return line[:1].islower() or line[:1].isdigit() or len(previous) >= WRAP_MIN_CHARS


def split_sentences(body: str) -> list[str]:
    """Sentences of `body` in order: paragraphs first, then Punkt within each paragraph."""
    if not body or not body.strip():
        return []
    tokenizer = get_tokenizer()
    sentences: list[str] = []
    for paragraph in paragraphs(body):
        pieces = [s.strip() for s in punkt_sentences(tokenizer, paragraph) if s.strip()]
        sentences.extend(_rejoin_attributions(pieces))
    return sentences


def punkt_sentences(tokenizer: "PunktSentenceTokenizer", text: str) -> list[str]:
    """`tokenizer.tokenize(text)`, in one function instead of Punkt's chain of generators
    (`_match_potential_end_contexts`, `_slices_from_text`, `_realign_boundaries` in
    nltk/tokenize/punkt.py, followed step by step): same ReDoS-guarded patterns, same
    memoised break decisions. Punkt only breaks at a ".", "?" or "!" that something
    follows, so a text without one before its last character is returned whole."""
    if all(text.find(c, 0, len(text) - 1) < 0 for c in SENTENCE_END_CHARS):
        stripped = text.rstrip()
        return [stripped] if stripped else []
    return _realigned(tokenizer, text, _break_slices(tokenizer, text))


def _break_slices(tokenizer: "PunktSentenceTokenizer", text: str) -> list[tuple[int, int]]:
    """(start, stop) of each sentence before realignment. A candidate end's context is the
    word before it (from the last ASCII space, as Punkt's `_get_last_whitespace_index`),
    the end and what follows; a candidate inside the previous one's word is dropped."""
    last_space = _last_space_finder(text)
    slices: list[tuple[int, int]] = []
    last_break = 0
    prev_start = prev_stop = 0
    prev = None
    for match in [*tokenizer._lang_vars.period_context_re().finditer(text), None]:
        stop = match.start() if match is not None else 0
        word_start = 0
        if match is not None:
            space = last_space(prev_stop, stop)
            word_start = space + 1 if space > prev_stop else prev_start
        if prev is not None and (match is None or prev_stop <= word_start):
            context = text[prev_start:prev_stop] + prev.group() + prev.group("after_tok")
            if tokenizer.text_contains_sentbreak(context):
                slices.append((last_break, prev.end()))
                last_break = prev.start("next_tok") if prev.group("next_tok") else prev.end()
        prev, prev_start, prev_stop = match, word_start, stop
    slices.append((last_break, len(text.rstrip())))
    return slices


def _last_space_finder(text: str) -> Callable[[int, int], int]:
    """(start, end) -> index of the last ASCII whitespace in text[start:end], or -1."""
    if any(c in text for c in OTHER_ASCII_SPACES):
        return lambda start, end: max(text.rfind(c, start, end) for c in string.whitespace)
    return lambda start, end: text.rfind(" ", start, end)


def _realigned(
    tokenizer: "PunktSentenceTokenizer", text: str, slices: list[tuple[int, int]]
) -> list[str]:
    """Punkt's `_realign_boundaries`: closing quotes and brackets after a break move to
    the sentence before it; empty sentences are dropped."""
    realignment = tokenizer._lang_vars.re_boundary_realignment
    out: list[str] = []
    realign = 0
    for k, (start, stop) in enumerate(slices):
        start += realign
        if k + 1 < len(slices):
            next_start, next_stop = slices[k + 1]
            m = realignment.match(text[next_start:next_stop])
            if m:
                out.append(text[start:next_start + len(m.group(0).rstrip())])
                realign = m.end()
                continue
            realign = 0
        if start < stop:
            out.append(text[start:stop])
    return out


def _rejoin_attributions(pieces: list[str]) -> list[str]:
    """Punkt always breaks after ? and !; a piece that starts in lower case after one
    continues the sentence ("“Will they meet?” she asked.")."""
    out: list[str] = []
    for piece in pieces:
        if out and piece[:1].islower() and _QUESTION_END.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


@lru_cache(maxsize=1)
def load_abbreviations_cached() -> frozenset[str]:
    """The shipped abbreviation list, read once."""
    return load_abbreviations(ABBREVIATIONS_PATH)
