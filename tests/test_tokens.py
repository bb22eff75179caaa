"""Tests for analysis.tokens: the shared word tokenizer."""

import re

import pytest

from analysis import tokens
from analysis.tokens import WORD_PATTERN, TokenMemo, chunk_words, word_count, words

# WORD_PATTERN without its look-ahead (which only rejects non-word positions early).
PLAIN = re.compile(r"(?:[^\W\d_]\.){2,}|\d+(?:[.,:]\d+)+|[^\W_]+(?:['’\-][^\W_]+)*")
ODD = ["U.S.-China talks at 4:30 p.m., 1,000 troops", "_x__y_ don't China’s high-level",
       "٣٤ ٣,٤ naïve café Ⅻ ²3 ½ e\u0301", "a.b. a.1. 1.a ... --- ’’ '' -x- x-", ""]


@pytest.mark.parametrize("text", ODD)
def test_words_equal_the_plain_pattern(text: str) -> None:
    assert words(text) == PLAIN.findall(text)


def test_words_on_seed_text(seed_000_text: str, seed_004_text: str) -> None:
    for text in (seed_000_text, seed_004_text):
        assert words(text) == PLAIN.findall(text)
        assert [m.span() for m in WORD_PATTERN.finditer(text)] == [
            m.span() for m in PLAIN.finditer(text)]
        assert word_count(text) > 300


@pytest.mark.parametrize(
    ("text", "expected"),
    [("U.S. officials’ high-level talks", ["U.S.", "officials", "high-level", "talks"]),
     ("1,000 at 4:30", ["1,000", "at", "4:30"]), ("don't - stop", ["don't", "stop"])],
)
def test_words_table(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_chunk_words_equal_words(seed_000_text: str, seed_004_text: str) -> None:
    for text in [seed_000_text, seed_004_text, *ODD, "a\x1cb c\u2028d\u00a0e"]:
        assert chunk_words(text.split()) == words(text) == PLAIN.findall(text)


def test_token_memo_computes_once_and_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def upper(word: str) -> str:
        calls.append(word)
        return word.upper()

    monkeypatch.setattr(tokens, "MEMO_SIZE", 3)
    memo = TokenMemo(upper)
    assert [memo[w] for w in ["a", "b", "a", "c", "d", "a"]] == ["A", "B", "A", "C", "D", "A"]
    assert calls == ["a", "b", "c", "d", "a"]  # full at "d": emptied, so "a" again
    assert len(memo) <= 3
