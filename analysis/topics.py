"""Topic definitions (data/topics.toml) and topic frequency: mentions, shares, sentiment."""

from __future__ import annotations

import json
import math
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.paths import TOPICS_PATH
from analysis.sentiment import bootstrap_ci
from analysis.tokens import word_count

# Automatic endings on a term's last word: plural, possessive, past tense, gerund.
# Documented in the header of data/topics.toml and docs/METHODOLOGY.md.
SUFFIX_PATTERN = r"(?:s|es|['’]s|s['’]|ed|ing)?"
# Endings a final "e" may drop before ("trade" -> "trading", "traded").
E_DROP_PATTERN = r"(?:ed|ing)"
# Acronym terms ("PLA", "AI") only take plural / possessive endings.
ACRONYM_SUFFIX_PATTERN = r"(?:s|['’]s)?"
WILDCARD = "*"
# Term words are joined by any run of whitespace (incl. no-break space) or hyphens.
WORD_JOINER = r"[\s\-‐‑–]+"
# Whole-word boundaries: no letter, digit or underscore right before or after a match.
WORD_BEFORE = r"(?<!\w)"
WORD_AFTER = r"(?!\w)"
TERM_SEPARATORS = re.compile(r"[,\n;]+")


@dataclass(frozen=True)
class Topic:
    """A named topic and the terms that mention it (see data/topics.toml for the syntax)."""

    name: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    """One occurrence of a topic in a text: which term matched, where, and as what text."""

    topic: str
    term: str
    start: int
    end: int
    text: str


class TopicsFileError(ValueError):
    """data/topics.toml (or a user's file) is not a valid topic list."""


def parse_terms(text: str) -> tuple[str, ...]:
    """Terms typed by a user, separated by commas, semicolons or new lines; blanks dropped."""
    if not text:
        return ()
    seen: dict[str, None] = {}
    for raw in TERM_SEPARATORS.split(text):
        term = " ".join(raw.split()).strip("\"'“”")
        if term and term.lower() not in {t.lower() for t in seen}:
            seen[term] = None
    return tuple(seen)


def with_topic(topics: Sequence[Topic], *, name: str, terms: Iterable[str]) -> tuple[Topic, ...]:
    """`topics` with topic `name` added at the end, or replaced in place if it exists."""
    clean_name = name.strip()
    clean_terms = tuple(" ".join(t.split()) for t in terms if t and t.strip())
    if not clean_name:
        raise ValueError("A topic needs a name.")
    if not clean_terms:
        raise ValueError(f"Topic {clean_name!r} needs at least one term.")
    new = Topic(name=clean_name, terms=clean_terms)
    names = [t.name.casefold() for t in topics]
    if clean_name.casefold() in names:
        i = names.index(clean_name.casefold())
        return (*topics[:i], new, *topics[i + 1 :])
    return (*topics, new)


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON string escapes are valid TOML escapes)."""
    return json.dumps(value, ensure_ascii=False)


def topics_to_toml(topics: Sequence[Topic]) -> str:
    """A topics.toml text for `topics`, loadable by `load_topics` (for the download button)."""
    lines = ["# Slant topics (syntax: see data/topics.toml in the Slant repository).", ""]
    for topic in topics:
        terms = ", ".join(_toml_string(t) for t in topic.terms)
        lines += ["[[topic]]", f"name = {_toml_string(topic.name)}", f"terms = [{terms}]", ""]
    return "\n".join(lines)


def topics_from_toml(text: str, *, origin: str = "topics.toml") -> tuple[Topic, ...]:
    """Parse topics from TOML text; errors name `origin` and the problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TopicsFileError(f"{origin}: not valid TOML ({exc}).") from exc
    entries = data.get("topic")
    if not isinstance(entries, list) or not entries:
        raise TopicsFileError(f"{origin}: no [[topic]] tables found.")
    topics: tuple[Topic, ...] = ()
    for i, entry in enumerate(entries, start=1):
        name = entry.get("name") if isinstance(entry, dict) else None
        terms = entry.get("terms") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise TopicsFileError(f"{origin}: topic #{i} has no `name` string.")
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise TopicsFileError(f"{origin}: topic {name!r} needs `terms` = a list of strings.")
        if name.strip().casefold() in {t.name.casefold() for t in topics}:
            raise TopicsFileError(f"{origin}: topic {name!r} is defined twice.")
        try:
            topics = with_topic(topics, name=name, terms=terms)
        except ValueError as exc:
            raise TopicsFileError(f"{origin}: {exc}") from exc
    return topics


def load_topics(path: Path | str = TOPICS_PATH) -> tuple[Topic, ...]:
    """Topics from a TOML file (default data/topics.toml); errors name the file and problem."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise TopicsFileError(f"{file}: cannot read the topics file ({exc}).") from exc
    return topics_from_toml(text, origin=str(file))


def _is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _word_pattern(word: str) -> str:
    """A literal term word; apostrophes match straight or curly, hyphens any dash/space."""
    parts = re.split(r"[\-‐‑–]", word)
    escaped = [re.escape(p).replace("'", "['’]").replace("’", "['’]") for p in parts]
    return WORD_JOINER.join(escaped)


def term_pattern(term: str) -> str:
    """The regular expression (without boundaries) for one term; see data/topics.toml."""
    words = term.split()
    if not words:
        return ""
    head = [_word_pattern(w) for w in words[:-1]]
    last = words[-1]
    if last.endswith(WILDCARD):
        stem = _word_pattern(last.rstrip(WILDCARD))
        tail = stem + r"[\w'’\-]*"
    elif _is_acronym(term):
        exact = WORD_JOINER.join([*head, _word_pattern(last)])
        return f"(?-i:{exact}{ACRONYM_SUFFIX_PATTERN})"
    elif last.lower().endswith("e") and len(last) > 2:
        stem = _word_pattern(last[:-1])
        tail = f"{stem}(?:e{SUFFIX_PATTERN}|{E_DROP_PATTERN})"
    else:
        tail = _word_pattern(last) + SUFFIX_PATTERN
    return WORD_JOINER.join([*head, tail])


@lru_cache(maxsize=256)
def _sorted_terms(topic: Topic) -> tuple[str, ...]:
    """Usable terms (with a letter or digit), longest first: the regex's group order."""
    usable = {t.strip() for t in topic.terms if any(c.isalnum() for c in t)}
    return tuple(sorted(usable, key=lambda t: (-len(t), t)))


@lru_cache(maxsize=256)
def topic_regex(topic: Topic) -> re.Pattern[str]:
    """One compiled regex per topic: one group per term, longest term first."""
    terms = _sorted_terms(topic)
    if not terms:
        return re.compile(r"(?!x)x")
    alternatives = "|".join(f"({term_pattern(t)})" for t in terms)
    # A look-ahead on the possible first letters rejects most positions early (~25% faster).
    firsts = "".join(sorted({re.escape(c) for t in terms for c in (t[0].lower(), t[0].upper())}))
    return re.compile(
        f"(?=[{firsts}]){WORD_BEFORE}(?:{alternatives}){WORD_AFTER}", re.IGNORECASE
    )


def count_mentions(sentences: Sequence[str], topics: Sequence[Topic]) -> list[list[Mention]]:
    """Per sentence, the mentions of every topic (topic order, then position)."""
    compiled = [(t.name, topic_regex(t).finditer, _sorted_terms(t)) for t in topics]
    return [
        [
            Mention(name, terms[m.lastindex - 1], m.start(), m.end(), m.group())
            for name, finditer, terms in compiled
            for m in finditer(sentence)
        ]
        if sentence else []
        for sentence in sentences
    ]


def highlight_spans(text: str, topics: Sequence[Topic]) -> list[Mention]:
    """Mentions to highlight in `text`, sorted by start; where topics overlap, the earliest
    and then longest span wins, so spans never overlap."""
    found = sorted(count_mentions([text], topics)[0], key=lambda m: (m.start, m.start - m.end))
    kept: list[Mention] = []
    for m in found:
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
    return kept


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def article_topic_rows(
    *,
    article_id: str,
    sentences: Sequence[str],
    compounds: Sequence[float],
    n_words: int | None = None,
    topics: Sequence[Topic],
) -> tuple[list[dict], list[dict]]:
    """`topics` rows (one per topic, zeros included) and `sentence_topics` rows (mentions only)."""
    if n_words is None:
        n_words = sum(word_count(s) for s in sentences)
    per_sentence = count_mentions(sentences, topics)
    topic_rows: list[dict] = []
    sentence_rows: list[dict] = []
    for topic in topics:
        total = 0
        scores: list[float] = []
        hit_sentences = 0
        for sentence_id, mentions in enumerate(per_sentence):
            hits = [m for m in mentions if m.topic == topic.name]
            if not hits:
                continue
            total += len(hits)
            hit_sentences += 1
            if sentence_id < len(compounds):
                scores.append(float(compounds[sentence_id]))
            sentence_rows.append({
                "article_id": article_id, "sentence_id": sentence_id, "topic": topic.name,
                "mentions": len(hits), "terms": "; ".join(dict.fromkeys(m.text for m in hits)),
            })
        topic_rows.append({
            "article_id": article_id, "topic": topic.name, "mentions": total,
            "per_1k_words": 1000.0 * total / n_words if n_words else 0.0,
            "sentences": hit_sentences, "sentiment": _mean(scores),
        })
    return topic_rows, sentence_rows


SOURCE_TOPIC_COLUMNS = [
    "source", "topic", "mentions", "per_1k_words", "share_sentences", "share_articles",
    "sentiment", "ci_low", "ci_high", "n_sentences",
]


def _source_totals(articles_df: pd.DataFrame, sentences_df: pd.DataFrame) -> pd.DataFrame:
    """Articles, words and sentences per source (sentences counted if not given)."""
    arts = articles_df
    if "n_sentences" not in arts:
        counts = sentences_df.groupby("article_id").size() if not sentences_df.empty else {}
        arts = arts.assign(n_sentences=arts["article_id"].map(counts).fillna(0))
    return arts.groupby("source").agg(
        n_articles=("article_id", "size"), n_words=("n_words", "sum"),
        n_sent=("n_sentences", "sum"),
    )


def _sentence_compounds(
    sentence_topics_df: pd.DataFrame, sentences_df: pd.DataFrame, sources: pd.DataFrame
) -> dict[tuple[str, str], list[float]]:
    """(source, topic) -> compounds of the sentences that mention the topic."""
    if sentence_topics_df.empty or sentences_df.empty:
        return {}
    scored = sentence_topics_df.merge(
        sentences_df[["article_id", "sentence_id", "compound"]], on=["article_id", "sentence_id"]
    ).merge(sources, on="article_id")
    return scored.groupby(["source", "topic"])["compound"].apply(list).to_dict()


def source_topics(
    topics_df: pd.DataFrame,
    sentence_topics_df: pd.DataFrame,
    sentences_df: pd.DataFrame,
    articles_df: pd.DataFrame,
) -> pd.DataFrame:
    """Topic frequency per source x topic, with sentiment toward the topic and its 95% CI."""
    if topics_df.empty or articles_df.empty:
        return pd.DataFrame(columns=SOURCE_TOPIC_COLUMNS)
    per_source = _source_totals(articles_df, sentences_df)
    sources = articles_df[["article_id", "source"]]
    tops = topics_df.merge(sources, on="article_id")
    grouped = tops.groupby(["source", "topic"], sort=False).agg(
        mentions=("mentions", "sum"), sentences=("sentences", "sum"),
        articles_with=("mentions", lambda s: int((s > 0).sum())),
    )
    compounds = _sentence_compounds(sentence_topics_df, sentences_df, sources)
    rows = []
    for (source, topic), row in grouped.iterrows():
        totals = per_source.loc[source]
        values = compounds.get((source, topic), [])
        low, high = bootstrap_ci(values)
        rows.append({
            "source": source, "topic": topic, "mentions": int(row["mentions"]),
            "per_1k_words": 1000.0 * row["mentions"] / totals["n_words"]
            if totals["n_words"] else 0.0,
            "share_sentences": row["sentences"] / totals["n_sent"] if totals["n_sent"] else 0.0,
            "share_articles": row["articles_with"] / totals["n_articles"],
            "sentiment": _mean(values), "ci_low": low, "ci_high": high,
            "n_sentences": len(values),
        })
    return pd.DataFrame(rows, columns=SOURCE_TOPIC_COLUMNS)
