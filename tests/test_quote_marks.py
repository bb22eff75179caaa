"""analysis.quote_marks: one scan of quotes and attribution cues per sentence."""

import re

import pytest

from analysis.quote_marks import (
    PHRASE_PATTERN,
    SPEECH_VERB_PATTERN,
    SPEECH_VERBS,
    article_marks,
    mask_quotes,
    sentence_marks,
)

# The plain alternation the factored SPEECH_VERB_PATTERN must agree with, match for match.
PLAIN_VERBS = re.compile(r"\b(?:" + "|".join(SPEECH_VERBS) + r")\b")


@pytest.mark.parametrize(
    ("sentence", "quoted", "verbs", "phrases"),
    [
        ("Blinken “underscored the importance,” Miller said.",
         ["underscored the importance,"], ["said"], []),
        ("According to the State Department, the talks were candid.", [], [], ["According to"]),
        ("“We said no,” the official added.", ["We said no,"], ["added"], []),
        ("The unsaid rules of the sayings were stated plainly.", [], ["stated"], []),
        ("China ACCORDING TO  its envoy made it\nclear in a Statement.", [],
         [], ["ACCORDING TO", "made it\nclear", "in a Statement"]),
        ("Beijing says relations are stable, Xinhua reported, saying talks would go on.", [],
         ["says", "reported", "saying"], []),
        ("The so-called “China threat theory” is spreading.", ["China threat theory"], [], []),
        ("", [], [], []),
    ],
)
def test_sentence_marks(sentence, quoted, verbs, phrases):
    marks = sentence_marks(sentence)
    assert [sentence[a:b] for a, b in marks.spans] == quoted
    assert [m.group() for m in marks.verbs] == verbs
    assert [m.group() for m in marks.phrases] == phrases
    assert marks.attributed is bool(verbs or phrases)
    assert marks.narration == mask_quotes(sentence)
    assert len(marks.narration) == len(sentence)


@pytest.mark.parametrize(
    "sentence",
    ["He said, saying he says she says-so.", "Unsaid, resaid: said’s saidx Said SAID.",
     "Notes noted notes; wrote writes wrote2 rewrote.", "told tells toldx tell"],
)
def test_verb_pattern_matches_plain_alternation(sentence):
    assert ([m.span() for m in SPEECH_VERB_PATTERN.finditer(sentence)]
            == [m.span() for m in PLAIN_VERBS.finditer(sentence)])


def test_marks_agree_with_plain_regexes_on_seeds(seed_sentences):
    for sentences in seed_sentences.values():
        for sentence, marks in zip(sentences, article_marks(sentences), strict=True):
            narration = mask_quotes(sentence)
            assert ([m.span() for m in marks.verbs]
                    == [m.span() for m in PLAIN_VERBS.finditer(narration)])
            assert ([m.span() for m in marks.phrases]
                    == [m.span() for m in PHRASE_PATTERN.finditer(narration)])
