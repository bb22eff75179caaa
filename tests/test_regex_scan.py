"""matches_at: the gated scan finds exactly what finditer finds."""

import re

import pytest

from analysis.regex_scan import matches_at


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
