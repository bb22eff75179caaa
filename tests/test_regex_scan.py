"""matches_at: the gated scan finds exactly what finditer finds."""

import re

import pytest

from analysis.regex_scan import literal_starts, matches_at


@pytest.mark.parametrize(("pattern", "text"), [
    (r"^Also Read:.*$", "Blinken met Xi.\nAlso Read: more\nAlso Read: again\nEnd."),
    (r"Taiwan(?:'s)?", "Taiwan's leaders and Taiwan; Taiwans"),
    (r"aa", "aaaa aa"),  # overlapping candidates: each try starts after the last match
])
def test_matches_at_equals_finditer_given_every_possible_start(pattern, text):
    regex = re.compile(pattern, re.MULTILINE)
    starts = sorted({m.start() for i in range(len(text)) if (m := regex.match(text, i))})
    assert [m.span() for m in matches_at(regex, text, starts)] == [
        m.span() for m in regex.finditer(text)]
    assert matches_at(regex, text, []) == []


@pytest.mark.parametrize("text", [
    "Talks (Photo: AP) ended (photo: x) and  (Image credit: Reuters/Pool).",
    "((Photo: a)) ( Photo: b) (Photo:c)(Picture: d) no parens",
    "", "(", " (", "x (( (",
])
def test_literal_starts_find_every_match_of_a_lead_and_literal_pattern(text):
    regex = re.compile(r" ?\((?i:photo|image|picture)(?: credits?)?\s*:[^()\n]{1,100}\)")
    found = matches_at(regex, text, literal_starts(text, "(", optional_lead=" "))
    assert [m.span() for m in found] == [m.span() for m in regex.finditer(text)]


def test_literal_starts_table():
    assert literal_starts("a (b) (c", "(", optional_lead=" ") == [1, 2, 5, 6]
    assert literal_starts("(a(", "(") == [0, 2]
    assert literal_starts("abc", "(") == []
