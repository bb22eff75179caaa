"""Speakers of attributed statements: find the name phrase, normalise it, resolve it.

Used by `analysis.quotes`. A speaker is a person ("Antony Blinken") or an organisation
("State Department", "Chinese Ministry of Foreign Affairs"). Rules are documented in
docs/METHODOLOGY.md ("Voices").
"""

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

# An initialism ("U.S.", two or more letter-dot pairs), a word, or any other single character.
# Written as "[A-Z](?:\.(?:[A-Z]\.)+|...)", the same tokens as "(?:[A-Z]\.){2,}|[A-Z]..." but
# without re-reading the capital when the initialism branch fails (about 25% faster).
NAME_TOKEN = re.compile(r"[A-Z](?:\.(?:[A-Z]\.)+|[\w’'\-]*)|[a-z][\w’'\-]*|\S")
# Words allowed inside a capitalised name run ("Ministry of Foreign Affairs").
NAME_CONNECTORS = frozenset({"of", "for"})
# Adverbs and auxiliaries between a subject and its verb ("Wang further urged").
SKIP_BEFORE_VERB = frozenset({
    "also", "further", "had", "has", "have", "later", "again", "earlier", "previously",
    "reportedly", "repeatedly", "then", "once", "would", "will", "could",
    "recently", "separately", "publicly", "privately", "explicitly", "flatly",
})
NOUN_LOOKAHEAD = 5  # "according to a senior EU diplomat": the noun within 5 words
DETERMINERS = frozenset({"the", "a", "an", "these", "those", "this", "that", "its", "their"})
PRONOUNS = {"he": "person", "she": "person", "it": "organisation", "they": "any"}
# Lower-case heads that can be a speaker on their own ("a US official said").
SPEAKER_NOUNS = frozenset({
    "official", "officials", "spokesperson", "spokesman", "spokeswoman", "minister",
    "diplomat", "diplomats", "analyst", "analysts", "source", "sources",
    "experts", "expert", "ministry", "department", "statement", "government", "embassy",
    "leader", "leaders", "administration", "president", "secretary", "bank", "agency",
    "company", "police", "court", "army", "military", "report", "critics", "residents",
    "witnesses", "observers", "lawmakers", "researchers", "economists", "investors",
})
# "the statement", "the ministry": refer back to the latest speaker (of that kind).
ANAPHORS = frozenset({"statement", "ministry", "department", "government", "embassy",
                      "administration", "bank", "agency", "company", "police", "court",
                      "army", "military", "report"})
# Words that make a name an organisation rather than a person.
ORG_WORDS = frozenset({
    "department", "ministry", "office", "agency", "council", "committee", "government",
    "house", "embassy", "media", "xinhua", "reuters", "ap", "afp", "bureau", "commission",
    "administration", "pentagon", "kremlin", "congress", "senate", "parliament", "party",
    "army", "military", "police", "court", "bank", "fund", "nations", "union", "nato",
    "statement", "tass", "bbc", "cnn", "corp", "inc", "company", "university", "beijing",
    "washington", "moscow", "kyiv", "taipei", "tokyo", "london",
})
# Titles stripped from the front of a person's name ("Secretary of State Antony Blinken").
TITLE_WORDS = frozenset({
    "secretary", "president", "minister", "foreign", "spokesperson", "spokesman",
    "spokeswoman", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "senator", "sen.",
    "rep.", "premier", "chancellor", "ambassador", "director", "general", "vice", "prime",
    "state", "defence", "defense", "deputy", "chairman", "chair", "adviser", "advisor",
    "governor", "mayor", "chief", "of", "us", "u.s.", "chinese", "top", "diplomat",
    "commerce", "national", "security", "senior",
})
# Capitalised only because they open a sentence: never part of a name ("Since Blinken").
SENTENCE_OPENERS = frozenset({
    "the", "as", "since", "while", "despite", "although", "though", "after", "before",
    "when", "in", "on", "at", "if", "but", "and", "following", "however", "instead",
    "additionally", "earlier", "also", "read", "then", "with", "for", "to", "by", "from",
    "during", "under", "until", "meanwhile", "yet", "so", "because", "unlike", "like",
})
# Country adjective for "China's foreign ministry" -> "Chinese Ministry of Foreign Affairs".
DEMONYMS = {"china": "Chinese", "us": "US", "russia": "Russian", "japan": "Japanese",
            "india": "Indian", "britain": "British", "uk": "British", "france": "French",
            "germany": "German", "taiwan": "Taiwanese", "ukraine": "Ukrainian"}
MINISTRY_FIELDS = {"foreign": "Foreign Affairs", "defence": "Defence", "defense": "Defense",
                   "commerce": "Commerce", "finance": "Finance", "trade": "Trade"}
STATE_DEPARTMENT = re.compile(r"^(?:us |u\.s\. |united states )?(?:state department|"
                              r"department of state)$")
# Possessive quantifiers (Python 3.11+): giving back letters can never let a run continue
# (a run word is followed by " ", "-" or its end), so the matches are the same as with
# greedy ones, but a capital word that starts no run fails at once (about 40% faster).
CAPITALISED_RUN = re.compile(
    r"[A-Z][a-z]++(?:-[A-Z]?[a-z]++)?+(?: [A-Z][a-z]++(?:-[A-Z]?[a-z]++)?+)+")
MINISTRY = re.compile(r"^(?:(?P<adj>[\w.]+?)(?:'s|’s)? )?(?:(?P<field>\w+) ministry|"
                      r"ministry of (?P<field2>[\w ]+))$")


def name_tokens(text: str) -> list[str]:
    """Tokens of a stretch of narration, keeping initialisms ("U.S.") whole."""
    return NAME_TOKEN.findall(text) if text else []


# Speed only (results identical): a speaker phrase lies next to its verb, so first only this
# many characters beside it are tokenised, cut at a space (no token spans a space, so the
# window's tokens are exactly the nearest tokens of the whole text). The whole text is used
# when the window holds no token that certainly ends the name scan.
WINDOW_CHARS = 60
# subject_before tries a short tail first (a name and the word before it usually fit).
BEFORE_WINDOWS = (16, WINDOW_CHARS)
MASK = "\x00"


def _unmasked(tokens: list[str], text: str) -> list[str]:
    """`tokens` of `text` without the quote-mask ones (none when `text` holds no mask)."""
    return [t for t in tokens if MASK not in t] if MASK in text else tokens


def _popped(tokens: list[str]) -> list[str]:
    """Tokens without trailing adverbs/auxiliaries ("Wang further urged")."""
    while tokens and tokens[-1].lower() in SKIP_BEFORE_VERB:
        tokens.pop()
    return tokens


def _decisive_tokens(window: str) -> list[str] | None:
    """subject_before's tokens of a tail window when they hold a token that stops every
    backward scan (not capitalised, no connector) before the last one, else None."""
    tokens = _popped(_unmasked(name_tokens(window), window))
    for t in tokens[:-1]:
        if not t[:1].isupper() and t not in NAME_CONNECTORS:
            return tokens
    return None


@lru_cache(maxsize=16384)
def _window_subject(window: str) -> str | None:
    """subject_before of any narration ending in `window` when the window decides it, else
    None. Cached: the same tail ("a spokesperson", "Wang Wenbin") recurs across articles."""
    tokens = _decisive_tokens(window)
    return None if tokens is None else _subject_of(tokens)


def _ends_after_run(token: str) -> bool:
    """Whether `token` certainly ends subject_after's forward run."""
    low = token.lower()
    return not (token[:1].isupper() or token in NAME_CONNECTORS or low in DETERMINERS
                or low in SPEAKER_NOUNS)


def _after_tokens(narration: str) -> list[str]:
    """subject_after's tokens: leading ones, from a head window when it holds more than
    NOUN_LOOKAHEAD tokens and a token that ends the forward run."""
    if len(narration) > WINDOW_CHARS:
        cut = narration.find(" ", WINDOW_CHARS)
        if cut >= 0:
            window = narration[:cut]
            tokens = _unmasked(name_tokens(window), window)
            if len(tokens) > NOUN_LOOKAHEAD and any(map(_ends_after_run, tokens)):
                return tokens
    return _unmasked(name_tokens(narration), narration)


def _clean_run(run: list[str]) -> list[str]:
    """Drop leading determiners and trailing connectors from a name run."""
    while run and run[0].lower() in DETERMINERS:
        run = run[1:]
    while run and run[-1].lower() in NAME_CONNECTORS:
        run = run[:-1]
    return run


def subject_before(narration: str) -> str:
    """The speaker phrase ending just before a speech verb ("... Matthew Miller" + said)."""
    for size in BEFORE_WINDOWS:  # a tail window first; the whole text when it cannot decide
        cut = narration.rfind(" ", 0, len(narration) - size) if len(narration) > size else -1
        if cut < 0:
            break
        subject = _window_subject(narration[cut + 1 :])
        if subject is not None:
            return subject
    return _subject_of(_popped(_unmasked(name_tokens(narration), narration)))


def _subject_of(tokens: list[str]) -> str:
    """subject_before's answer from the tokens before the verb."""
    if not tokens:
        return ""
    last = tokens[-1].lower()
    if last in PRONOUNS:
        return last
    # The run: trailing capitalised tokens, with connectors inside it ("Ministry of Defence").
    start = end = len(tokens)
    while start and (tokens[start - 1][:1].isupper()
                     or (start < end and tokens[start - 1] in NAME_CONNECTORS)):
        start -= 1
    run = _clean_run(tokens[start:])
    if len(run) == 1 and run[0].lower() in SPEAKER_NOUNS:
        return run[0].lower()  # "Officials said": a common noun capitalised at the start
    if run:
        return " ".join(run)
    if last in SPEAKER_NOUNS:
        return noun_phrase(tokens=tokens)
    return ""


def noun_phrase(*, tokens: Sequence[str]) -> str:
    """A lower-case speaker noun with its capitalised modifiers ("US official")."""
    run = [tokens[-1]]
    for tok in reversed(tokens[:-1]):
        if tok[:1].isupper():
            run.insert(0, tok)
        else:
            break
    head = tokens[-1].lower()
    if len(run) == 1 and head in ANAPHORS and len(tokens) > 1 and tokens[-2].lower() == "the":
        return f"the {head}"
    return " ".join(run)


def subject_after(narration: str) -> str:
    """The speaker phrase right after a verb or "according to" ("according to the State
    Department", "said Kremlin spokesman Dmitry Peskov" -> "Dmitry Peskov")."""
    tokens = _after_tokens(narration)
    for i, tok in enumerate(tokens[:NOUN_LOOKAHEAD]):
        if tok.lower() in SPEAKER_NOUNS:  # "a senior EU diplomat": adjectives, then the noun
            if not tokens[i + 1 : i + 2] or not tokens[i + 1][:1].isupper():
                return noun_phrase(tokens=tokens[: i + 1])
            break
        if not tok[:1].isalpha():
            break
    run: list[str] = []
    for tok in tokens:
        low = tok.lower()
        if not ((not run and low in DETERMINERS) or tok[:1].isupper()
                or (run and tok in NAME_CONNECTORS) or low in SPEAKER_NOUNS):
            break
        run.append(tok)
    nouns = [i for i, t in enumerate(run) if t.lower() in SPEAKER_NOUNS and not t[:1].isupper()]
    if nouns and any(t[:1].isupper() for t in run[nouns[-1] + 1 :]):
        return " ".join(_clean_run(run[nouns[-1] + 1 :]))  # title, then the name
    if nouns:
        run = run[: nouns[0] + 1]
    if len(run) == 2 and run[0].lower() == "the" and run[1].lower() in ANAPHORS:
        return f"the {run[1].lower()}"
    return " ".join(_clean_run(run))


@lru_cache(maxsize=16384)
def is_organisation(name: str) -> bool:
    """Whether a speaker name is an organisation (contains an organisation word)."""
    return any(t.lower().strip(".") in ORG_WORDS for t in name.split())


def normalise_organisation(name: str) -> str:
    """Canonical organisation name: "the Chinese foreign ministry" -> "Chinese Ministry of
    Foreign Affairs", "U.S. State Department" -> "State Department"."""
    words = [w for w in name.replace("U.S.", "US").split() if w]
    while words and words[0].lower() in DETERMINERS:
        words = words[1:]
    key = " ".join(words).lower()
    if STATE_DEPARTMENT.match(key):
        return "State Department"
    match = MINISTRY.match(key)
    if match:
        field = (match.group("field") or match.group("field2") or "").strip()
        field = MINISTRY_FIELDS.get(field, field.title())
        adj = match.group("adj") or ""
        adj = DEMONYMS.get(adj.replace("'s", "").replace("’s", ""), adj.title())
        return f"{adj} Ministry of {field}".strip()
    return " ".join(words)


@lru_cache(maxsize=16384)
def strip_titles(name: str) -> str:
    """A person's name without the titles before it: everything after the last title word
    ("Australian Foreign Minister Penny Wong" -> "Penny Wong"); a phrase with a lower-case
    word ("US official") is no name and only loses a sentence opener."""
    words = name.split()
    while len(words) > 1 and words[0].lower() in SENTENCE_OPENERS:
        words = words[1:]
    if any(w[:1].islower() and w not in NAME_CONNECTORS for w in words):
        return " ".join(words)
    titles = [i for i, w in enumerate(words[:-1]) if w.lower() in TITLE_WORDS]
    return " ".join(words[titles[-1] + 1 :] if titles else words)


def full_names(text: str) -> set[str]:
    """Person names of two or three capitalised words mentioned in `text` (titles stripped)."""
    names: set[str] = set()
    for run in CAPITALISED_RUN.findall(text or ""):
        name = strip_titles(run)
        if 2 <= len(name.split()) <= 3 and not is_organisation(name):
            names.add(name)
    return names


def canonical_speakers(names: Iterable[str], *, text: str) -> dict[str, str]:
    """Map each speaker name to its canonical form within one article.

    Organisations are normalised (`normalise_organisation`); people lose their titles and a
    single name ("Blinken", "Wang") becomes the one full name in `text` that starts or ends
    with it ("Antony Blinken", "Wang Yi"); when none or several match, it stays as it is.
    """
    known: dict[str, set[str]] | None = None  # the article's full names, only when needed
    mapping: dict[str, str] = {}
    for name in names:
        if not name:
            continue
        if is_organisation(name):
            mapping[name] = normalise_organisation(name)
            continue
        person = strip_titles(name)
        parts = person.split()
        if len(parts) == 1:
            known = _names_by_end(full_names(text)) if known is None else known
            matches = known.get(parts[0], set())
            person = next(iter(matches)) if len(matches) == 1 else person
        mapping[name] = person
    return mapping


def _names_by_end(names: set[str]) -> dict[str, set[str]]:
    """First word and last word -> the names that start or end with it."""
    index: dict[str, set[str]] = {}
    for name in names:
        words = name.split()
        index.setdefault(words[0], set()).add(name)
        index.setdefault(words[-1], set()).add(name)
    return index
