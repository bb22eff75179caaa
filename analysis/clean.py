"""Cleaning before any scoring: normalise whitespace (never quotes or wording) and remove
boilerplate that is not part of the story, returning what was removed and where.

`clean_article(text) -> Cleaned(text, removed)`; every removal is a `Removed(kind, text,
offset)` with `offset` the position in the cleaned text where the removed text stood.
"""

import re
import string
from dataclasses import dataclass

from analysis.sentences import load_abbreviations_cached

# --- whitespace -------------------------------------------------------------------------
# Unicode space separators (category Zs) other than U+0020, plus tab: become one space.
# Zero-width characters, the byte-order mark and the soft hyphen: removed (invisible,
# meaning-free). Curly quotes, dashes and apostrophes are left exactly as they are.
_SPACES = (
    "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
_INVISIBLE = "\u200b\u2060\ufeff\u00ad\x00"
_TRANSLATE = {
    **{ord(c): " " for c in _SPACES},
    **{ord(c): None for c in _INVISIBLE},
    ord("\u2028"): "\n",
    ord("\u2029"): "\n\n",
    ord("\r"): "\n",
    ord("\x0b"): "\n",
    ord("\x0c"): "\n",
}
_MARK = "\x00"  # stands where a removal happened while the text is tidied
_SPACE_RUN = re.compile(r"[ \x00]{2,}| ?\x00 ?")
_BREAK_RUN = re.compile(r"[ \x00]*\n[ \x00\n]*")
_EDGE_START = re.compile(r"^[\s\x00]+")
_EDGE_END = re.compile(r"[\s\x00]+$")

# --- boilerplate --------------------------------------------------------------------------
KIND_CROSS_PROMOTION = "cross-promotion"
KIND_ADVERTISEMENT = "advertisement"
KIND_NEWSLETTER = "newsletter"
KIND_SHARE = "share-prompt"
KIND_PHOTO_CREDIT = "photo-credit"

# Labels that introduce an inserted link to another story ("Also Read: ...").
CROSS_PROMOTION_LABELS = (
    r"also read|read also|read more|more to read|related(?: stories| articles| news| coverage)?"
    r"|see also|also see|don['’]t miss|must read|recommended(?: for you)?|you may also like"
    r"|also watch|more on this(?: story)?"
)
# The insert is a headline with no final stop; it ends before the first capitalised
# sentence-starting function word that follows a lower-case word ("... its Dnipro troops
# On the second day ..."). Headline-case words are capitalised, so they do not trigger it.
SENTENCE_STARTERS = tuple(
    "A An The On In At As After Before During Since When While Although Though But And "  # noqa: SIM905
    "However Meanwhile According Following Despite He She It They We I This That These Those "
    "There His Her Their Its Earlier Later If For With".split()
)
# A headline is rarely longer than this; an insert whose end cannot be found within it
# is left in the text rather than risk deleting story text (AP style headlines < 15 words).
MAX_INSERT_WORDS = 30

_CROSS_START = re.compile(
    r"(?:^|(?<=[.!?”\"’)]) )(?i:" + CROSS_PROMOTION_LABELS + r")\s*:[ ]*", re.MULTILINE
)
_STARTER_BOUNDARY = re.compile(
    r"(?<![\w’'-])[a-z0-9][\w’'-]*(?= (?:" + "|".join(SENTENCE_STARTERS) + r")\b)"
)
_STOP_BOUNDARY = re.compile(r"(\S*)[.!?][”\"’)]?(?= [A-Z“\"‘(]|$)")
_LINE_BOILERPLATE = (
    (
        KIND_ADVERTISEMENT,
        re.compile(
            r"^(?i:advertisements?|advert|ad|sponsored(?: content)?|paid content"
            r"|(?:story|article) continues below(?: this)?(?: advertisement| ad)?"
            r"|continue reading(?: the main story| below)?|scroll to continue(?: with content)?)"
            r"\s*$",
            re.MULTILINE,
        ),
    ),
    (
        KIND_NEWSLETTER,
        re.compile(
            r"^(?i:(?:sign up|subscribe|register|join|get)\b[^\n]{0,120}?"
            r"\b(?:newsletters?|briefing|alerts|inbox|email updates))[^\n]{0,80}$",
            re.MULTILINE,
        ),
    ),
    (
        KIND_SHARE,
        re.compile(
            r"^(?i:share (?:this|the) (?:article|story|page|post)(?: on [\w ]{1,30})?"
            r"|share (?:on|via) \w+(?: \w+)?|click (?:here )?to share[^\n]{0,60}"
            r"|follow us on [^\n]{1,60}"
            r"|share:?|copy link|print this (?:article|page))[.!]?\s*$",
            re.MULTILINE,
        ),
    ),
    (
        KIND_PHOTO_CREDIT,
        re.compile(
            r"^(?i:\(?(?:photo|photograph|picture|image|file photo|pic)(?: credits?)?\s*[:|]"
            r"[^\n]{1,120}|(?:image |photo )?credits?\s*:[^\n]{1,120}"
            r"|[^\n]{0,60}(?:/| via )(?:getty images|reuters|afp|ap|epa|efe|bloomberg|shutterstock"
            r"|pool)\b[^\n]{0,40}|(?:reuters|afp|ap|epa)/[^\n]{1,60})\s*$",
            re.MULTILINE,
        ),
    ),
)
_INLINE_BOILERPLATE = (
    (
        KIND_ADVERTISEMENT,
        re.compile(r"(?<=[.!?”\"’]) (?:Advertisement|ADVERTISEMENT)(?= [A-Z“\"‘])"),
    ),
    (
        KIND_PHOTO_CREDIT,
        re.compile(
            r" ?\((?i:photo|image|picture|photograph|file photo)(?: credits?)?\s*:[^()\n]{1,100}\)"
        ),
    ),
)

# --- language -----------------------------------------------------------------------------
# Very frequent English function words that are rare as words in other European languages
# (forms shared with German, Dutch, French, Spanish or Italian, like "a", "in", "also",
# "was", "will", "die", "so", are left out). In English news about 25-35% of words are in
# this list; in other languages under 5%.
ENGLISH_MARKERS = frozenset(
    "the and of to that for with this have from which they their were been would there what "  # noqa: SIM905
    "about when who than them into after over it he she we you his her be by are has had not "
    "but or our its these those could should said says".split()
)
ENGLISH_MIN_SHARE = 0.15  # between the two ranges above, measured on the seeds and tests
ENGLISH_MIN_WORDS = 8  # fewer words than this: too short to tell, treated as English
ENGLISH_SAMPLE_CHARS = 1500  # the rule reads the first ~250 words only
# Runs of letters and digits: "it's" is "it" + "s". Simpler and faster than tokens.words,
# which is not needed for a share of function words.
_PLAIN_WORD = re.compile(r"\w+")
# English text is written in a-z; accented Latin letters are a few percent at most.
LATIN_MIN_SHARE = 0.5
_ASCII_LETTERS = string.ascii_letters.encode()


@dataclass(frozen=True)
class Removed:
    """One piece of boilerplate taken out: its kind, its text, where it stood."""

    kind: str
    text: str
    offset: int


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text plus everything removed from it."""

    text: str
    removed: tuple[Removed, ...]


def normalise_whitespace(text: str) -> str:
    """Non-breaking and other odd spaces become plain spaces, runs collapse, lines are
    stripped, 3+ newlines become a blank line. Characters that carry meaning are kept."""
    if not text:
        return ""
    return _tidy(text.replace("\r\n", "\n").translate(_TRANSLATE))


def _tidy(text: str) -> str:
    """Collapse spaces and blank lines; `_MARK` characters survive in place."""
    text = _SPACE_RUN.sub(lambda m: (" " if " " in m.group() else "") + _marks(m.group()), text)
    text = _BREAK_RUN.sub(
        lambda m: ("\n\n" if m.group().count("\n") > 1 else "\n") + _marks(m.group()), text
    )
    text = _EDGE_START.sub(lambda m: _marks(m.group()), text)
    return _EDGE_END.sub(lambda m: _marks(m.group()), text)


def _marks(fragment: str) -> str:
    return _MARK * fragment.count(_MARK)


def _cross_promotion_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans of "Also Read: <headline>" inserts (see SENTENCE_STARTERS, MAX_INSERT_WORDS)."""
    spans = []
    abbreviations = load_abbreviations_cached()
    for match in _CROSS_START.finditer(text):
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end < 0 else line_end
        line = text[match.end() : line_end]
        end = _insert_end(
            line,
            at_line_start=match.start() == 0 or text[match.start() - 1] == "\n",
            abbreviations=abbreviations,
        )
        if end is None:
            continue
        spans.append((match.start(), match.end() + end, KIND_CROSS_PROMOTION))
    return spans


def _insert_end(line: str, *, at_line_start: bool, abbreviations: frozenset[str]) -> int | None:
    """Where the insert that starts `line` ends, or None when no safe end is found."""
    ends = []
    starter = _STARTER_BOUNDARY.search(line)
    if starter and not (at_line_start and not _ends_sentence(line[starter.end() :])):
        ends.append(starter.end())
    for stop in _STOP_BOUNDARY.finditer(line):
        if stop.group(1).lower() not in abbreviations:
            ends.append(stop.end())
            break
    end = min(ends) if ends else len(line)
    if len(line[:end].split()) > MAX_INSERT_WORDS:
        return None
    return end


def _ends_sentence(fragment: str) -> bool:
    return fragment.rstrip().endswith((".", "!", "?", "”", '"', "’", ")"))


def _with_line_ends(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A span that fills its whole line takes the line's newline with it."""
    out = []
    for start, end, kind in spans:
        whole_line = (start == 0 or text[start - 1] == "\n") and text[end : end + 1] == "\n"
        out.append((start, end + 1 if whole_line else end, kind))
    return out


def boilerplate_spans(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, kind) spans of boilerplate in normalised `text`."""
    if not text:
        return []
    spans = _cross_promotion_spans(text)
    for kind, pattern in (*_LINE_BOILERPLATE, *_INLINE_BOILERPLATE):
        spans.extend(
            (m.start(), m.end(), kind) for m in pattern.finditer(text) if m.group().strip()
        )
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(_with_line_ends(text, spans), key=lambda s: (s[0], -s[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, kind))
    return kept


def clean_article(text: str) -> Cleaned:
    """Normalise whitespace and remove boilerplate; return the text and what was removed."""
    normal = normalise_whitespace(text)
    if not normal:
        return Cleaned(text="", removed=())
    spans = boilerplate_spans(normal)
    if not spans:
        return Cleaned(text=normal, removed=())
    pieces, position = [], 0
    for start, end, _ in spans:
        pieces.extend((normal[position:start], _MARK))
        position = end
    pieces.append(normal[position:])
    marked = _tidy("".join(pieces))
    removed, seen = [], 0
    for index, char in enumerate(marked):
        if char == _MARK:
            start, end, kind = spans[seen]
            removed.append(Removed(kind=kind, text=normal[start:end].strip(), offset=index - seen))
            seen += 1
    return Cleaned(text=marked.replace(_MARK, ""), removed=tuple(removed))


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
    least ENGLISH_MIN_WORDS letters are a-z), or when it has at least ENGLISH_MIN_WORDS
    words of which fewer than ENGLISH_MIN_SHARE are English function words; else True."""
    latin, n_letters = latin_share(text)
    if n_letters >= ENGLISH_MIN_WORDS and latin < LATIN_MIN_SHARE:
        return False
    share, n_words = english_share(text)
    return n_words < ENGLISH_MIN_WORDS or share >= ENGLISH_MIN_SHARE
