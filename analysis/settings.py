"""`Settings`: everything that can change a result, with a fingerprint for cache keys."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import analysis
from analysis import topics as topics_mod
from analysis.paths import DATA_DIR, TONE_DIR, TOPICS_PATH
from analysis.tone import ToneLexicons, load_lexicons

# Files whose content changes results besides topics and tone lists: the code itself and
# the word lists the code reads. Hashed into every fingerprint so that editing them never
# serves a stale cached result.
CODE_DIR = Path(analysis.__file__).resolve().parent
EXTRA_DATA_FILES = ("abbreviations.txt", "stopwords.txt")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of `analysis.__version__`, the analysis/*.py sources and the extra word lists."""
    digest = hashlib.sha256(analysis.__version__.encode("utf-8"))
    files = sorted(CODE_DIR.glob("*.py")) + [DATA_DIR / name for name in EXTRA_DATA_FILES]
    for path in files:
        if path.is_file():
            digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Settings:
    """The analysis settings: topics and tone word lists (frozen, hashable, picklable)."""

    topics: tuple[topics_mod.Topic, ...]
    tone: ToneLexicons

    @classmethod
    def default(cls, *, topics_path: str | Path = TOPICS_PATH,
                tone_dir: str | Path = TONE_DIR) -> Settings:
        """Topics from data/topics.toml and tone lists from data/tone/ (or the given paths)."""
        return cls(topics=topics_mod.load_topics(topics_path), tone=_lexicons(str(tone_dir)))

    def with_topic(self, *, name: str, terms: Iterable[str]) -> Settings:
        """These settings with topic `name` added (or replaced when it exists)."""
        return replace(self, topics=topics_mod.with_topic(self.topics, name=name, terms=terms))

    def fingerprint(self) -> str:
        """Hash of the topic terms, the tone lists and the code version."""
        digest = hashlib.sha256(code_fingerprint().encode("utf-8"))
        for topic in self.topics:
            digest.update(repr((topic.name, topic.terms)).encode("utf-8"))
        digest.update(self.tone.fingerprint().encode("utf-8"))
        return digest.hexdigest()[:24]


@lru_cache(maxsize=4)
def _lexicons(tone_dir: str) -> ToneLexicons:
    return load_lexicons(tone_dir)


def parse_topic_option(text: str) -> tuple[str, tuple[str, ...]]:
    """`"Name=term1,term2"` (the CLI's --topic) -> (name, terms); a clear error otherwise."""
    name, sep, terms = text.partition("=")
    parsed = topics_mod.parse_terms(terms)
    if not sep or not name.strip() or not parsed:
        raise ValueError(f"--topic {text!r}: write it as \"Name=term1,term2\".")
    return name.strip(), parsed
