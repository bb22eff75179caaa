"""Cleaning before any scoring: normalise whitespace (never quotes or wording) and remove
boilerplate that is not part of the story, returning what was removed and where.

`clean_article(text) -> Cleaned(text, removed)`; every removal is a `Removed(kind, text,
offset)` with `offset` the position in the cleaned text where the removed text stood.
"""

import re
from dataclasses import dataclass

from analysis.language import looks_english
from analysis.regex_scan import literal_starts, matches_at
from analysis.sentences import load_abbreviations_cached

__all__ = ["Cleaned", "Removed", "clean_article", "looks_english", "normalise_whitespace"]

# --- whitespace -------------------------------------------------------------------------
# Unicode space separators (category Zs) other than U+0020, plus tab: become one space.
# Zero-width characters, the byte-order mark and the soft hyphen: removed (invisible,
# meaning-free). Curly quotes, dashes and apostrophes are left exactly as they are.
_SPACES = (
    "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)
_INVISIBLE = "\u200b\u2060\ufeff\u00ad\x00"
_ODD_SPACE = re.compile(f"[{_SPACES}]")
_INVISIBLE_CHAR = re.compile(f"[{_INVISIBLE}]")
_LINE_BREAK = re.compile("\r\n|[\r\x0b\x0c\u2028]")
_LINE_BREAK_CHARS = "\r\x0b\x0c\u2028"
_MARK = "\x00"  # stands where a removal happened while the text is tidied
_SPACE_RUN = re.compile(r"[ \x00]{2,}| ?\x00 ?")
_BREAK_RUN = re.compile(r"[ \x00]*\n[ \x00\n]*")
_DOUBLE_SPACE = re.compile(r" {2,}")
_EDGE_CHARS = " \n\x00"

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

# Found from each colon (or "|", as in "ALSO READ | ...") backwards: the label must end at
# it and start the text, a line, or a sentence (after ". ", "? ", "” " ...).
_LABEL_AT_COLON = re.compile(r"(?i:\b(?:" + CROSS_PROMOTION_LABELS + r"))\s*[:|]$")
_COLON = re.compile(r"[:|]")
_LABEL_MAX_CHARS = 40  # longest label plus spaces
_AFTER_SENTENCE = frozenset('.!?”"’)')
# An insert is searched for its end within this many characters (30 words of a headline).
MAX_INSERT_CHARS = 400
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
            r"^(?i:(?:sign up|subscribe|register|(?:get|join) (?:our|free|the latest|breaking))"
            r"\b[^\n]{0,120}?"
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
            r"|[^\n.!?]{0,60}(?:/| via )(?:getty images|reuters|afp|ap|epa|efe|bloomberg"
            r"|shutterstock|pool)\b[^\n.!?]{0,40}|(?:reuters|afp|ap|epa)/[^\n.!?]{1,60})\s*$",
            re.MULTILINE,
        ),
    ),
)
# (kind, substrings one of which must be present, pattern): inline boilerplate.
_INLINE_BOILERPLATE = (
    (
        KIND_ADVERTISEMENT,
        ("Advertisement", "ADVERTISEMENT"),
        re.compile(r"(?<=[.!?”\"’]) (?:Advertisement|ADVERTISEMENT)(?= [A-Z“\"‘])"),
    ),
)
# An inline photo credit "(Photo: ...)", after an optional space: tried at each "(" only
# (`literal_starts`), since a scan of every position costs ~0.1 ms on an article.
_INLINE_PHOTO_CREDIT = re.compile(
    r" ?\((?i:photo|image|picture|photograph|file photo)(?: credits?)?\s*:[^()\n]{1,100}\)"
)


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
    # Each substitution scans every character; most texts hold none of its characters,
    # which str's `in` finds out far faster.
    if _contains_any(text, _LINE_BREAK_CHARS):
        text = _LINE_BREAK.sub("\n", text)
    text = text.replace("\u2029", "\n\n")
    if _contains_any(text, _SPACES):
        text = _ODD_SPACE.sub(" ", text)
    if _contains_any(text, _INVISIBLE):
        text = _INVISIBLE_CHAR.sub("", text)
    return _tidy(text)


def _contains_any(text: str, chars: str) -> bool:
    return any(c in text for c in chars)


def _tidy(text: str) -> str:
    """Collapse spaces and blank lines, strip lines and ends; `_MARK`s survive in place."""
    if _MARK not in text:
        return _tidy_unmarked(text)
    text = _SPACE_RUN.sub(lambda m: (" " if " " in m.group() else "") + _marks(m.group()), text)
    if "\n" in text:
        text = _BREAK_RUN.sub(
            lambda m: ("\n\n" if m.group().count("\n") > 1 else "\n") + _marks(m.group()), text
        )
    body = text.strip(_EDGE_CHARS)
    if len(body) == len(text):
        return text
    head_length = len(text) - len(text.lstrip(_EDGE_CHARS))
    return _marks(text[:head_length]) + body + _marks(text[head_length + len(body) :])


def _tidy_unmarked(text: str) -> str:
    """`_tidy` for a text without `_MARK`s, line by line instead of by regex: spaces
    around line breaks go, a run holding 2+ breaks becomes one blank line."""
    if "  " in text:  # the common case has no double space: skip the scan
        text = _DOUBLE_SPACE.sub(" ", text)
    if "\n" not in text:
        return text.strip(_EDGE_CHARS)
    out: list[str] = []
    blank = False
    for line in text.split("\n"):
        line = line.strip(" ")
        if not line:
            blank = True
            continue
        if out:
            out.append("\n\n" if blank else "\n")
        out.append(line)
        blank = False
    return "".join(out)


def _marks(fragment: str) -> str:
    return _MARK * fragment.count(_MARK)


def _cross_promotion_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans of "Also Read: <headline>" inserts (see SENTENCE_STARTERS, MAX_INSERT_WORDS)."""
    spans = []
    abbreviations = load_abbreviations_cached()
    for found in _COLON.finditer(text):
        colon = found.start()
        window_start = max(0, colon - _LABEL_MAX_CHARS)
        label = _LABEL_AT_COLON.search(text, window_start, colon + 1)
        start = label.start() if label else -1
        at_line_start = start == 0 or (start > 0 and text[start - 1] == "\n")
        after_sentence = start > 1 and text[start - 1] == " " and text[start - 2] in _AFTER_SENTENCE
        if label and (at_line_start or after_sentence):
            head = colon + 1
            while text[head : head + 1] == " ":
                head += 1
            line_end = text.find("\n", head)
            line_end = len(text) if line_end < 0 else line_end
            window_end = min(line_end, head + MAX_INSERT_CHARS)
            end = _insert_end(
                text[head:window_end],
                at_line_start=at_line_start,
                whole_line=window_end == line_end,
                abbreviations=abbreviations,
            )
            if end is not None:
                spans.append((start, head + end, KIND_CROSS_PROMOTION))
    return spans


def _insert_end(
    line: str, *, at_line_start: bool, whole_line: bool, abbreviations: frozenset[str]
) -> int | None:
    """Where the insert that starts `line` ends, or None when no safe end is found.
    `whole_line` is False when `line` was cut at MAX_INSERT_CHARS."""
    ends = []
    starter = _STARTER_BOUNDARY.search(line)
    if starter and not (at_line_start and not _ends_sentence(line[starter.end() :])):
        ends.append(starter.end())
    for stop in _STOP_BOUNDARY.finditer(line):
        if stop.group(1).lower() not in abbreviations:
            ends.append(stop.end())
            break
    if not ends and not whole_line:
        return None
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


def _line_starts(text: str) -> list[int]:
    """Offsets where a line of `text` starts."""
    starts = [0]
    i = text.find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts


def boilerplate_spans(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, kind) spans of boilerplate in normalised `text`."""
    if not text:
        return []
    spans = _cross_promotion_spans(text)
    starts = _line_starts(text)
    for kind, pattern in _LINE_BOILERPLATE:
        spans.extend(
            (m.start(), m.end(), kind) for m in matches_at(pattern, text, starts)
            if m.group().strip()
        )
    for kind, needles, pattern in _INLINE_BOILERPLATE:
        if any(needle in text for needle in needles):  # cheap test before the regex scan
            spans.extend((m.start(), m.end(), kind) for m in pattern.finditer(text))
    credits = matches_at(_INLINE_PHOTO_CREDIT, text, literal_starts(text, "(", optional_lead=" "))
    spans.extend((m.start(), m.end(), KIND_PHOTO_CREDIT) for m in credits)
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
    removed, index = [], marked.find(_MARK)
    while index >= 0:
        start, end, kind = spans[len(removed)]
        offset = index - len(removed)  # earlier marks are not in the cleaned text
        removed.append(Removed(kind=kind, text=normal[start:end].strip(), offset=offset))
        index = marked.find(_MARK, index + 1)
    return Cleaned(text=marked.replace(_MARK, ""), removed=tuple(removed))
