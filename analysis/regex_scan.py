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


def literal_starts(text: str, literal: str, *, optional_lead: str = "") -> list[int]:
    """Sorted offsets where a match can start for a pattern that begins with an optional
    `optional_lead` character and then `literal`: each offset of `literal`, preceded by the
    offset of the lead character when it stands right before."""
    found: list[int] = []
    i = text.find(literal)
    while i >= 0:
        if optional_lead and i > 0 and text[i - 1] == optional_lead:
            found.append(i - 1)
        found.append(i)
        i = text.find(literal, i + 1)
    return found
