"""HTML of the comparison pages (ui/markup_compare.py): shared passages side by side and the
sentences of a distinctive term, on the seed articles' real sentences."""

import re

import pandas as pd
import pytest

from ui.markup_compare import (
    contains_term,
    diff_marked,
    passages_html,
    term_sentences,
    term_sentences_html,
    term_spans,
)

# The State Department sentence as each seed article words it.
SEED_000_STATE = ("Blinken “underscored the importance of responsibly managing the competition "
                  "between the United States and the PRC through open channels of communication "
                  "to ensure competition does not veer into conflict,”")
SEED_004_STATE = ('Blinken "underscored the importance of responsibly managing the competition '
                  "between the PRC and the United States through open channels of communication "
                  'to ensure competition does not veer into conflict."')

SENTENCES = pd.DataFrame([
    ("Source 000", "000", 9, "Blinken “underscored the importance ...,” State Department "
     "spokesperson Matthew Miller said in a statement.", 0.4588),
    ("Source 000", "000", 3, "It is expected that Blinken’s visit to China could pave the way.",
     0.0),
    ("Source 004", "004", 2, "According to the State Department, Blinken met Wang Yi.", 0.0),
    ("Source 004", "004", 5, "The State   Department announced Monday.", 0.0),
    ("Source 004", "004", 7, "Also Read: UK minister: Sorry for party video", -0.0772),
], columns=["source", "article_id", "sentence_id", "text", "compound"])


def test_diff_marked_marks_only_the_reordered_words():
    left, right = diff_marked(SEED_000_STATE, SEED_004_STATE)
    assert left.count("<mark") == 1 and right.count("<mark") == 1
    assert ">and the PRC</mark>" in left
    assert re.search(r">[^<]*PRC[^<]*</mark>", right)
    assert "responsibly managing the competition" in left
    assert "responsibly managing the competition" in right


@pytest.mark.parametrize(("a", "b", "marks"), [
    ("Wang stressed the visit.", "Wang stressed the visit.", 0),
    ("Wang stressed the visit.", "wang STRESSED the visit!", 0),
    ("Wang stressed the visit.", "Wang praised the visit.", 1),
])
def test_diff_marked_ignores_case_and_punctuation(a, b, marks):
    left, right = diff_marked(a, b)
    assert left.count("<mark") == marks and right.count("<mark") == marks


def test_passages_html_escapes_article_text():
    html_out = passages_html(
        [{"a": "<script>alert(1)</script> said", "b": "<img src=x onerror=alert(1)>",
          "similarity": 0.5}],
        label_a="<b>A</b>", label_b="B & co")
    assert "<script>" not in html_out and "<img" not in html_out
    assert "&lt;script&gt;" in html_out and "&lt;b&gt;A&lt;/b&gt;" in html_out
    assert "B &amp; co" in html_out and "0.50" in html_out


def test_passages_html_side_by_side_rows():
    html_out = passages_html(
        [{"a": SEED_000_STATE, "b": SEED_004_STATE, "similarity": 0.91},
         {"a": "erroneous perception of China", "b": "erroneous perception of China",
          "similarity": 1.0}],
        label_a="Source 000", label_b="Source 004")
    assert html_out.count("<tr>") == 3  # header + 2 passages
    assert "responsibly managing the competition" in html_out
    assert "0.91" in html_out and "1.00" in html_out


def test_passages_html_empty_state():
    assert "share no passage" in passages_html([], label_a="a", label_b="b")


@pytest.mark.parametrize(("text", "term", "expected"), [
    ("The State Department said.", "state department", True),
    ("The State   Department said.", "state department", True),
    ("The state of the Department.", "state department", False),
    ("Blinken’s visit", "blinken's", True),
    ("U.S. officials", "u.s.", True),
    ("statements were made", "statement", False),
    ("", "china", False),
])
def test_contains_term_whole_words(text, term, expected):
    assert contains_term(text, term=term) is expected


@pytest.mark.parametrize(("text", "term", "expected"), [
    ("The State Department said.", "state department", [(4, 20)]),
    ("Blinken’s visit and Blinken's trip", "blinken's", [(0, 9), (20, 29)]),
    ("Nothing here.", "wang", []),
])
def test_term_spans(text, term, expected):
    assert [(s, e) for s, e, _ in term_spans(text, term=term)] == expected


@pytest.mark.parametrize(("term", "source", "expected"), [
    ("state department", None, [("000", 9), ("004", 2), ("004", 5)]),
    ("state department", "Source 004", [("004", 2), ("004", 5)]),
    ("also read", "Source 000", []),
    ("", None, []),
])
def test_term_sentences(term, source, expected):
    rows = term_sentences(SENTENCES, term=term, source=source)
    assert list(zip(rows["article_id"], rows["sentence_id"], strict=True)) == expected


def test_term_sentences_html_highlights_and_escapes():
    rows = pd.DataFrame([("Src <x>", "004", 2, "According to the State Department <b>x</b>.",
                          0.0)], columns=SENTENCES.columns)
    html_out = term_sentences_html(rows, term="state department")
    assert ">State Department</mark>" in html_out
    assert "&lt;b&gt;x&lt;/b&gt;" in html_out and "Src &lt;x&gt;" in html_out
    assert "No sentence contains" in term_sentences_html(rows.iloc[0:0], term="wang")


def test_might_contain_never_misses_a_sentence_with_the_term(seed_sentences):
    """The vectorised pre-filter of term_sentences is a necessary condition: every
    sentence contains_term accepts passes it (seed sentences, varied terms and case)."""
    import pandas as pd

    from ui.markup_compare import contains_term, might_contain

    texts = pd.Series([s for sentences in seed_sentences.values() for s in sentences]
                      + ["CHINA’S top diplomat", "", "U.S. officials"])
    terms = ["China's", "china’s", "Blinken", "U.S.", "talks", "Taiwan Strait", "the", "xi",
             "Secretary of State", "4:30", "nothing-here", "", "!!"]
    for term in terms:
        exact = [contains_term(t, term=term) for t in texts]
        quick = might_contain(texts, term=term)
        assert all(q for q, e in zip(quick, exact, strict=True) if e), term
        assert quick.sum() <= len(texts)
