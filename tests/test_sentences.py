"""Sentence splitting and title detection on the seed articles and realistic news text."""

from pathlib import Path

import pytest

from analysis.clean import clean_article
from analysis.sentences import (
    ABBREVIATIONS_PATH,
    get_tokenizer,
    load_abbreviations,
    looks_like_headline,
    paragraphs,
    split_sentences,
    split_title,
)

SEED_000_TITLE = "Blinken Meets with China’s Xi Jinping in Beijing in Effort to Cool Tensions"
ABBREVIATION_ENDINGS = ("U.S.", "p.m.", "a.m.", "Sino-U.S.", "Corp.", "Mr.", "Gen.")


def test_seed_000_title_and_fourteen_body_sentences(seed_000_text: str) -> None:
    title, body = split_title(clean_article(seed_000_text).text)
    sentences = split_sentences(body)
    assert title == SEED_000_TITLE
    assert len(sentences) == 14
    assert sentences[0].startswith("U.S. Secretary of State Antony Blinken met")
    assert sentences[-1].endswith("nature of U.S.-China difficulties.")
    assert SEED_000_TITLE not in sentences


@pytest.mark.parametrize(
    "fragment",
    [
        "shortly after 4:30 p.m. local time (4:30 a.m. ET), Chinese state media Xinhua reported.",
        "a critical juncture in Sino-U.S. relations, in a statement",
        "since Joe Biden became U.S. president and the first U.S. secretary of State",
        "rooted in the U.S.′ “erroneous perception of China, which leads to wrong policies",
    ],
)
def test_seed_000_abbreviations_do_not_break(seed_000_text: str, fragment: str) -> None:
    sentences = split_sentences(split_title(clean_article(seed_000_text).text)[1])
    assert sum(fragment in sentence for sentence in sentences) == 1


def test_no_sentence_ends_in_an_abbreviation(seed_000_text: str, seed_004_text: str) -> None:
    for text in (seed_000_text, seed_004_text):
        for sentence in split_sentences(split_title(clean_article(text).text)[1]):
            assert not sentence.endswith(ABBREVIATION_ENDINGS), sentence


def test_seed_004_splits_cleanly_without_inserts(seed_004_text: str) -> None:
    title, body = split_title(clean_article(seed_004_text).text)
    sentences = split_sentences(body)
    assert title is None  # a single line: no headline
    assert len(sentences) == 35
    assert sentences[0] == (
        "Beijing: At 4:30 pm, Xi Jinping, the president of China, and Antony Blinken, the "
        "secretary of state of the United States, will meet."
    )
    expected = (
        "On the second and final day of Blinken's crucial meetings with top Chinese officials, "
        "he will meet with Xi."
    )
    assert expected in sentences
    assert not any("Also Read" in s for s in sentences)
    assert any("co-founder of Microsoft Corp., Xi hinted" in s for s in sentences)


def test_seed_004_run_on_without_period_is_left_alone(seed_004_text: str) -> None:
    """The source omits a period ("over the US Before departing"): documented, not fixed."""
    sentences = split_sentences(clean_article(seed_004_text).text)
    assert sum("balloon over the US Before departing for Beijing" in s for s in sentences) == 1


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The talks began at 9 a.m. Monday. They ended at noon.",
            ["The talks began at 9 a.m. Monday.", "They ended at noon."],
        ),
        (
            "Officials in the U.S. The talks went on.",
            ["Officials in the U.S.", "The talks went on."],
        ),
        (
            "Gen. Mark Milley met Mr. Li in Washington, D.C. on Friday. No deal was reached.",
            ["Gen. Mark Milley met Mr. Li in Washington, D.C. on Friday.", "No deal was reached."],
        ),
        (
            "Shares of Apple Inc. rose 2.5% to $187.40. Analysts were surprised!",
            ["Shares of Apple Inc. rose 2.5% to $187.40.", "Analysts were surprised!"],
        ),
        (
            "“Will they meet?” she asked. “Yes,” he said.",
            ["“Will they meet?” she asked.", "“Yes,” he said."],
        ),
        ("Key points\nThe visit lasted two days.", ["Key points", "The visit lasted two days."]),
        (
            "First paragraph ends here.\n\nSecond paragraph has no final stop",
            ["First paragraph ends here.", "Second paragraph has no final stop"],
        ),
        (
            "Former President George W. Bush visited Beijing. He met Xi.",
            ["Former President George W. Bush visited Beijing.", "He met Xi."],
        ),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_split_sentences(body: str, expected: list[str]) -> None:
    assert split_sentences(body) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # hard-wrapped lines (long, or continued in lower case) are one paragraph
        (
            "Blinken met Xi in Beijing on Monday as the two sides tried to\n"
            "cool tensions between Washington and Beijing.",
            [
                "Blinken met Xi in Beijing on Monday as the two sides tried to cool tensions "
                "between Washington and Beijing."
            ],
        ),
        ("The talks were\ncandid.", ["The talks were candid."]),
        # a short line before a capitalised line, or a finished sentence, is a break
        ("By Jane Doe\nBeijing, June 19", ["By Jane Doe", "Beijing, June 19"]),
        ("He left.\nShe stayed.", ["He left.", "She stayed."]),
        ("One.\n\n\n\nTwo.", ["One.", "Two."]),
    ],
)
def test_paragraphs(text: str, expected: list[str]) -> None:
    assert paragraphs(text) == expected


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("Xi meets Blinken\n\nThe talks began.", None, ("Xi meets Blinken", "The talks began.")),
        ("Xi meets Blinken\nThe talks began.", None, (None, "Xi meets Blinken\nThe talks began.")),
        (
            "The talks began today.\n\nThey ended.",
            None,
            (None, "The talks began today.\n\nThey ended."),
        ),
        ("Is the thaw real?\n\nThe talks began.", None, ("Is the thaw real?", "The talks began.")),
        (
            " ".join(["word"] * 30) + "\n\nBody.",
            None,
            (None, " ".join(["word"] * 30) + "\n\nBody."),
        ),
        (
            "Xi meets Blinken\n\nThe talks began.",
            "Xi Meets Blinken",
            ("Xi Meets Blinken", "The talks began."),
        ),
        ("The talks began.", "Given headline", ("Given headline", "The talks began.")),
        ("## Xi meets Blinken\n\nThe talks began.", None, ("Xi meets Blinken", "The talks began.")),
        (
            "# Xi meets Blinken\n\nThe talks began.",
            "Xi meets Blinken",
            ("Xi meets Blinken", "The talks began."),
        ),
        ("", "Only a title", ("Only a title", "")),
        ("", None, (None, "")),
    ],
)
def test_split_title(text: str, title: str | None, expected: tuple[str | None, str]) -> None:
    assert split_title(text, title) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("China, US agree to keep talking", True),
        ("He said so.", False),
        ("Beijing:", False),
        ("", False),
    ],
)
def test_looks_like_headline(line: str, expected: bool) -> None:
    assert looks_like_headline(line) is expected


def test_abbreviation_file_is_plain_and_lower_case() -> None:
    abbreviations = load_abbreviations()
    assert {"u.s", "p.m", "a.m", "corp"} <= abbreviations
    assert all(a == a.lower() and not a.endswith(".") for a in abbreviations)


def test_missing_abbreviation_file_names_itself(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="abbreviations.txt|missing"):
        load_abbreviations(tmp_path / "abbreviations.txt")


def test_tokenizer_is_built_once() -> None:
    assert get_tokenizer() is get_tokenizer()
    assert ABBREVIATIONS_PATH.name == "abbreviations.txt"


TRICKY_PARAGRAPHS = [
    "“Will they meet?” she asked. He said no. The U.S. Secretary of State arrived at 9 a.m. ET.",
    "(Talks ended.) Officials left... Then silence!!! “Why?” Nobody knew. Mr. Wang spoke.",
    "Prices rose 2.5% in Jan. and Feb. Analysts at J.P. Morgan said so.\x1cNext part. Done.",
    'He said: "We are done." Then: \'Fine.\' [See below.] {Also.} «Non.» ‘Yes.’ End',
]


def test_memoised_tokenizer_equals_plain_punkt(
    seed_000_text: str, seed_004_text: str
) -> None:
    """The memoised break decisions change nothing."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    from analysis.sentences import SENT_STARTERS

    params = PunktParameters()
    params.abbrev_types = set(load_abbreviations())
    params.sent_starters = set(SENT_STARTERS)
    plain = PunktSentenceTokenizer(params)
    texts = [*paragraphs(clean_article(seed_000_text).text),
             *paragraphs(clean_article(seed_004_text).text), *TRICKY_PARAGRAPHS]
    for _ in range(2):  # the second round reads the memo
        for text in texts:
            assert get_tokenizer().tokenize(text) == plain.tokenize(text), text


def test_punkt_sentences_equal_punkt(seed_000_text: str, seed_004_text: str) -> None:
    """The one-pass version and its one-sentence shortcut return what Punkt returns."""
    from analysis.sentences import punkt_sentences

    texts = [*paragraphs(clean_article(seed_000_text).text),
             *paragraphs(clean_article(seed_004_text).text), *TRICKY_PARAGRAPHS,
             "No end at all", "One sentence.", "One sentence.  ", "Why?!", "“Quoted.”",
             "Two. Sentences.", "A.B", "x.\n", "", " ", "...", "It fell 2.5 points",
             "Tabs.\tHere. And\nthere.\r\nDone.\x0bNow. (Yes.) “No.” Fine"]
    for text in texts:
        assert punkt_sentences(get_tokenizer(), text) == get_tokenizer().tokenize(text), text
