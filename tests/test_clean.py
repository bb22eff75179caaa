"""Cleaning: whitespace normalisation, boilerplate removal (kept and located), language rule."""

import random

import pytest

from analysis import clean as clean_module
from analysis import language
from analysis.clean import (
    KIND_ADVERTISEMENT,
    KIND_CROSS_PROMOTION,
    KIND_NEWSLETTER,
    KIND_PHOTO_CREDIT,
    KIND_SHARE,
    Cleaned,
    clean_article,
    looks_english,
    normalise_whitespace,
)
from analysis.regex_scan import matches_at

SEED_004_INSERTS = [
    (
        "Also Read: Britain: It's likely that Russia has begun redeploying its Dnipro troops",
        "On the second and final day of Blinken's crucial meetings",
    ),
    (
        "Also Read: UK minister: Sorry for party video that violated the lockdown",
        'The US had a duty to stop "the spiralling decline',
    ),
    (
        "Also Read: US shootings over the weekend left at least 6 people dead and dozens more hurt",
        "As China moves swiftly to increase its diplomatic footprint",
    ),
]


def test_seed_004_inserts_removed_with_exact_texts(seed_004_text: str) -> None:
    cleaned = clean_article(seed_004_text)
    assert [(r.kind, r.text) for r in cleaned.removed] == [
        (KIND_CROSS_PROMOTION, text) for text, _ in SEED_004_INSERTS
    ]
    assert "Also Read" not in cleaned.text
    for removed, (_, follows) in zip(cleaned.removed, SEED_004_INSERTS, strict=True):
        assert cleaned.text[removed.offset :].startswith(follows)
    assert "in the near future. On the second and final day" in cleaned.text


def test_seed_004_only_loses_the_inserts(seed_004_text: str) -> None:
    cleaned = clean_article(seed_004_text)
    removed_chars = sum(len(r.text) + 1 for r in cleaned.removed)  # each insert + one space
    assert len(cleaned.text) == len(seed_004_text.strip()) - removed_chars


def test_seed_000_keeps_quotes_and_drops_nbsp(seed_000_text: str) -> None:
    cleaned = clean_article(seed_000_text)
    assert cleaned.removed == ()
    assert "\u00a0" not in cleaned.text
    for char in "“”’′":
        assert cleaned.text.count(char) == seed_000_text.count(char)
    assert "since Joe Biden became U.S. president" in cleaned.text
    assert "constructive talks” with Chinese Foreign Minister" in cleaned.text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("since\u00a0Joe Biden\u202fbecame", "since Joe Biden became"),
        ("a  b \t c", "a b c"),
        ("line one  \r\nline two", "line one\nline two"),
        ("para one\n\n\n\n  para two", "para one\n\npara two"),
        ("zero\u200bwidth and soft\u00adhyphen", "zerowidth and softhyphen"),
        ("\ufeffHe said “yes” — it’s done.", "He said “yes” — it’s done."),
        ("", ""),
    ],
)
def test_normalise_whitespace(raw: str, expected: str) -> None:
    assert normalise_whitespace(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected_text", "expected_removed"),
    [
        (  # newline-terminated insert, headline words in lower case
            "Talks began on Monday.\nAlso Read: Biden to meet Xi in November\n"
            "The two sides agreed to keep talking.",
            "Talks began on Monday.\nThe two sides agreed to keep talking.",
            [(KIND_CROSS_PROMOTION, "Also Read: Biden to meet Xi in November")],
        ),
        (  # headline case on its own line: the whole line, even "in The Hague"
            "The summit opened.\n\nREAD MORE: Biden Meets Allies in The Hague\n\nLeaders arrived.",
            "The summit opened.\n\nLeaders arrived.",
            [(KIND_CROSS_PROMOTION, "READ MORE: Biden Meets Allies in The Hague")],
        ),
        (  # inline insert running into the story, like seed 004
            "The talks ended. Related: Japan and the Philippines hold joint drills In Beijing, "
            "officials said the visit went well.",
            "The talks ended. In Beijing, officials said the visit went well.",
            [(KIND_CROSS_PROMOTION, "Related: Japan and the Philippines hold joint drills")],
        ),
        (  # "|" as separator, label in capitals
            "Talks resumed.\nALSO READ | China hosts talks with Gulf states\nXi smiled.",
            "Talks resumed.\nXi smiled.",
            [(KIND_CROSS_PROMOTION, "ALSO READ | China hosts talks with Gulf states")],
        ),
        (  # lower-case label, a digit before the sentence starter
            "Trade grew. Also read: Exports rose 8% in 2023 The ministry gave no details.",
            "Trade grew. The ministry gave no details.",
            [(KIND_CROSS_PROMOTION, "Also read: Exports rose 8% in 2023")],
        ),
        (  # an insert that ends with its own full stop
            "Prices rose. Also Read: Oil hits a record high. The central bank met on Tuesday.",
            "Prices rose. The central bank met on Tuesday.",
            [(KIND_CROSS_PROMOTION, "Also Read: Oil hits a record high.")],
        ),
        (  # an abbreviation inside the insert is not its end
            "Prices rose. Also Read: U.S. envoy lands in the capital The talks lasted six hours.",
            "Prices rose. The talks lasted six hours.",
            [(KIND_CROSS_PROMOTION, "Also Read: U.S. envoy lands in the capital")],
        ),
        (
            "Blinken arrived in Beijing.\n\nAdvertisement\n\nHe met Wang Yi.",
            "Blinken arrived in Beijing.\n\nHe met Wang Yi.",
            [(KIND_ADVERTISEMENT, "Advertisement")],
        ),
        (
            "Blinken arrived in Beijing. ADVERTISEMENT He met Wang Yi.",
            "Blinken arrived in Beijing. He met Wang Yi.",
            [(KIND_ADVERTISEMENT, "ADVERTISEMENT")],
        ),
        (
            "Story continues below advertisement\nThe ministry said talks would go on.",
            "The ministry said talks would go on.",
            [(KIND_ADVERTISEMENT, "Story continues below advertisement")],
        ),
        (
            "Blinken shook hands with Xi.\nPhoto: Reuters\nThe meeting lasted 35 minutes.",
            "Blinken shook hands with Xi.\nThe meeting lasted 35 minutes.",
            [(KIND_PHOTO_CREDIT, "Photo: Reuters")],
        ),
        (
            "Leah Millis/Pool via Getty Images\nBlinken spoke to reporters.",
            "Blinken spoke to reporters.",
            [(KIND_PHOTO_CREDIT, "Leah Millis/Pool via Getty Images")],
        ),
        (
            "Blinken shook hands with Xi (Photo: AP) before the talks.",
            "Blinken shook hands with Xi before the talks.",
            [(KIND_PHOTO_CREDIT, "(Photo: AP)")],
        ),
        (
            "The talks ended.\nSign up for our newsletter to get the top stories in your inbox.\n"
            "Next steps are unclear.",
            "The talks ended.\nNext steps are unclear.",
            [(KIND_NEWSLETTER, "Sign up for our newsletter to get the top stories in your inbox.")],
        ),
        (
            "Share this article\nShare on Facebook\nXi called the talks “very good”.",
            "Xi called the talks “very good”.",
            [(KIND_SHARE, "Share this article"), (KIND_SHARE, "Share on Facebook")],
        ),
        (
            "Xi spoke first.\nGet our free China Briefing newsletter every weekday.\n"
            "Blinken replied.",
            "Xi spoke first.\nBlinken replied.",
            [(KIND_NEWSLETTER, "Get our free China Briefing newsletter every weekday.")],
        ),
    ],
)
def test_boilerplate_removed_and_kept(
    raw: str, expected_text: str, expected_removed: list[tuple[str, str]]
) -> None:
    cleaned = clean_article(raw)
    assert cleaned.text == expected_text
    assert [(r.kind, r.text) for r in cleaned.removed] == expected_removed


@pytest.mark.parametrize(
    "story_text",
    [
        "Readers can sign up for the briefing at the embassy.",
        "Share prices in Hong Kong rose 2% after the meeting.",
        "Related talks on trade are expected next week.",
        "Advertisement revenue at Chinese state media fell last year.",
        "The photo showed the two men shaking hands.",
        "Credit markets were calm.",
        "The footage was distributed via AP.",
        "Get ready for more alerts, officials warned the public on Monday.",
        "He said he would also read the statement aloud.",
        # an insert whose end cannot be found within 30 words is left alone
        "Also Read: " + " ".join(["officials"] * 40),
    ],
)
def test_story_text_is_not_boilerplate(story_text: str) -> None:
    cleaned = clean_article(story_text)
    assert cleaned == Cleaned(text=story_text, removed=())


def test_offsets_point_into_the_cleaned_text() -> None:
    raw = (
        "One.\n\nAdvertisement\n\nTwo. Also Read: Stocks fall in early trade The yen rose.\n"
        "Photo: AFP"
    )
    cleaned = clean_article(raw)
    assert cleaned.text == "One.\n\nTwo. The yen rose."
    assert [r.offset for r in cleaned.removed] == [6, 11, 24]


@pytest.mark.parametrize("empty", ["", "   ", "\n\n\u00a0"])
def test_empty_input(empty: str) -> None:
    assert clean_article(empty) == Cleaned(text="", removed=())


def test_looks_english_is_offered_by_clean() -> None:
    assert looks_english is language.looks_english


# --- fast paths equal the plain regex passes ------------------------------------------------
_PIECES = ("word", "Also Read: Blinken visits Beijing", "Advertisement", "Share this article",
           " ", "  ", "\n", "\n\n", "\n \n", "\t", "\u00a0", "\u200b", "\r\n", "\r", "\u2028",
           "\u2029", ".", "Photo: Reuters", "(Photo: AP)", "Sign up for our newsletter", "\x0c")


def _plain_tidy(text: str) -> str:
    """`_tidy` on a text without marks, the regex way."""
    text = clean_module._DOUBLE_SPACE.sub(" ", text)
    text = clean_module._BREAK_RUN.sub(
        lambda m: "\n\n" if m.group().count("\n") > 1 else "\n", text)
    return text.strip(" \n")


def _varied_texts(seed_000_text: str, seed_004_text: str) -> list[str]:
    rng = random.Random(7)
    lines = (seed_000_text + "\n" + seed_004_text).split("\n")
    texts = [seed_000_text, seed_004_text]
    for _ in range(400):
        parts = [rng.choice(_PIECES + tuple(lines)) for _ in range(rng.randint(0, 9))]
        texts.append("".join(parts))
    return texts


def test_tidy_unmarked_equals_regex_tidy(seed_000_text: str, seed_004_text: str) -> None:
    for text in _varied_texts(seed_000_text, seed_004_text):
        spaced = clean_module._ODD_SPACE.sub(" ", clean_module._LINE_BREAK.sub("\n", text))
        assert clean_module._tidy(spaced) == _plain_tidy(spaced), repr(text)


def test_line_matches_equal_finditer(seed_000_text: str, seed_004_text: str) -> None:
    for text in _varied_texts(seed_000_text, seed_004_text):
        starts = clean_module._line_starts(text)
        for _, pattern in clean_module._LINE_BOILERPLATE:
            assert pattern.pattern.startswith("^")
            got = [m.span() for m in matches_at(pattern, text, starts)]
            assert got == [m.span() for m in pattern.finditer(text)], repr(text)


def test_normalise_whitespace_skips_only_absent_characters(
    seed_000_text: str, seed_004_text: str
) -> None:
    for text in _varied_texts(seed_000_text, seed_004_text):
        plain = clean_module._LINE_BREAK.sub("\n", text).replace("\u2029", "\n\n")
        plain = clean_module._INVISIBLE_CHAR.sub("", clean_module._ODD_SPACE.sub(" ", plain))
        assert normalise_whitespace(text) == clean_module._tidy(plain), repr(text)
