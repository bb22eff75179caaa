"""`matches_at`: a regex scan that tries only the positions where a match can start."""

import re
from collections.abc import Sequence


def matches_at(pattern: re.Pattern[str], text: str, starts: Sequence[int]) -> list[re.Match]:
    """`pattern.finditer(text)` when every match can only start at one of `starts` (sorted):
    trying them left to right, each after the previous match's end, finds the same matches
    without running the pattern at every other position (line starts for a "^" pattern,
    word starts holding a term's first letters)."""
    found: list[re.Match[str]] = []
    end = 0
    for i in starts:
        if i >= end and (m := pattern.match(text, i)):
            found.append(m)
            end = m.end()
    return found
