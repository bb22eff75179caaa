"""On-disk cache of per-article results (and corpus-level tables), keyed by content + settings.

One SQLite file (`cache.sqlite`) under the cache folder: default `.slant-cache/`, or
`$SLANT_CACHE_DIR`. Values are pickled; a key is a SHA-256 of everything that can change
the value, so a stale entry is never read (it is simply never asked for again).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
from collections.abc import Iterable, Mapping
from contextlib import closing
from pathlib import Path
from typing import Any, Protocol

DEFAULT_CACHE_DIR = ".slant-cache"
CACHE_ENV = "SLANT_CACHE_DIR"
CACHE_FILE = "cache.sqlite"
# Fields of an article that change its per-article tables (metadata such as source, url,
# published and story are laid over cached rows, so renaming a source keeps the cache).
KEY_FIELDS = ("article_id", "text", "title")
# SQLite's default limit on host parameters is 32766 (since 3.32); stay well below it.
SQL_BATCH = 900
PICKLE_PROTOCOL = pickle.HIGHEST_PROTOCOL


class HasFingerprint(Protocol):
    def fingerprint(self) -> str: ...


def _text(value: Any) -> str:
    """A field as text for hashing; None/NaN become ""."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def article_key(article: Mapping[str, Any], settings: HasFingerprint) -> str:
    """Key of one article's analysis: hash of its id, text, title and the settings."""
    return article_keys([article], settings)[0]


def article_keys(articles: Iterable[Mapping[str, Any]], settings: HasFingerprint) -> list[str]:
    """`article_key` of each article, the settings' fingerprint computed and hashed once."""
    prefix = hashlib.sha256(settings.fingerprint().encode("utf-8"))
    keys = []
    for article in articles:
        digest = prefix.copy()
        for name in KEY_FIELDS:
            digest.update(b"\x1f" + _text(article.get(name)).encode("utf-8", "surrogatepass"))
        keys.append(digest.hexdigest())
    return keys


def corpus_key(*, kind: str, parts: Iterable[Any]) -> str:
    """Key of a corpus-level result (e.g. reuse or sources) from its inputs, JSON-encoded."""
    digest = hashlib.sha256(kind.encode("utf-8"))
    for part in parts:
        digest.update(b"\x1e" + json.dumps(part, default=str, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


def default_cache_dir() -> Path:
    """`$SLANT_CACHE_DIR` if set, else `.slant-cache/` in the working directory."""
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_CACHE_DIR)


class ArticleCache:
    """A key -> picklable value store in one SQLite file (safe across processes)."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.path = self.directory / CACHE_FILE

    def __repr__(self) -> str:
        return f"ArticleCache({str(self.directory)!r})"

    def _connect(self) -> sqlite3.Connection:
        self.directory.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=60)
        connection.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB)")
        return connection

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        """Cached values for the keys that are present (missing keys are left out)."""
        wanted = list(dict.fromkeys(keys))
        if not wanted or not self.path.exists():
            return {}
        found: dict[str, Any] = {}
        with closing(self._connect()) as connection:
            for start in range(0, len(wanted), SQL_BATCH):
                batch = wanted[start : start + SQL_BATCH]
                marks = ",".join("?" * len(batch))
                rows = connection.execute(
                    f"SELECT key, value FROM entries WHERE key IN ({marks})", batch
                )
                found.update((key, pickle.loads(value)) for key, value in rows)
        return found

    def put_many(self, items: Mapping[str, Any]) -> None:
        """Store values (replacing any with the same key)."""
        if not items:
            return
        rows = [(k, pickle.dumps(v, protocol=PICKLE_PROTOCOL)) for k, v in items.items()]
        with closing(self._connect()) as connection, connection:
            connection.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", rows)

    def get(self, key: str) -> Any | None:
        """One cached value, or None."""
        return self.get_many([key]).get(key)

    def put(self, key: str, value: Any) -> None:
        """Store one value."""
        self.put_many({key: value})

    def __len__(self) -> int:
        if not self.path.exists():
            return 0
        with closing(self._connect()) as connection:
            return int(connection.execute("SELECT COUNT(*) FROM entries").fetchone()[0])

    def clear(self) -> None:
        """Remove every entry."""
        if self.path.exists():
            with closing(self._connect()) as connection, connection:
                connection.execute("DELETE FROM entries")


def as_cache(cache: ArticleCache | str | Path | None) -> ArticleCache | None:
    """An ArticleCache from a cache, a folder path, or None (no caching)."""
    if cache is None or isinstance(cache, ArticleCache):
        return cache
    return ArticleCache(cache)
