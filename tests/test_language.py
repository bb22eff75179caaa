"""The English-language rule (analysis/language.py): VADER is English-only."""

import pytest

from analysis.language import english_share, latin_share, looks_english, marker_counts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Blinken met Xi on Monday, and the two sides said they would keep talking about "
            "the issues that divide them.",
            True,
        ),
        (
            "Der US-Außenminister hat am Montag in Peking den chinesischen Staatschef getroffen. "
            "Beide Seiten wollen im Gespräch bleiben.",
            False,
        ),
        (
            "Le secrétaire d'État américain a rencontré lundi à Pékin le président chinois. Les "
            "deux parties veulent poursuivre le dialogue.",
            False,
        ),
        (
            "El secretario de Estado se reunió el lunes en Pekín con el presidente chino. Ambas "
            "partes quieren seguir dialogando.",
            False,
        ),
        (
            "美国国务卿布林肯周一在北京会见了中国国家主席习近平。双方同意保持沟通，"
            "管控分歧，推动两国关系稳定发展。会谈持续了大约三十五分钟，气氛坦诚。",
            False,
        ),
        # short English lines with few function words (QA: the first was flagged)
        (
            "Secretary Blinken met President Xi in Beijing on Monday for candid and "
            "constructive talks.",
            True,
        ),
        ("Xi hails progress as Blinken wraps up two-day visit to Beijing amid tensions.", True),
        ("Blinken, Xi agree to stabilise ties; US says no breakthrough on military talks", True),
        # short lines in other European languages stay flagged
        (
            "Der US-Außenminister hat am Montag in Peking den chinesischen Staatschef getroffen.",
            False,
        ),
        ("Le secrétaire d'État américain a rencontré lundi à Pékin le président chinois.", False),
        ("El secretario de Estado se reunió el lunes en Pekín con el presidente chino.", False),
        ("Il segretario di Stato americano ha incontrato lunedì a Pechino il presidente.", False),
        (
            "De Amerikaanse minister van Buitenlandse Zaken heeft maandag in Peking de "
            "Chinese president ontmoet.",
            False,
        ),
        ("Merci beaucoup.", True),  # too short to tell
        ("", True),
    ],
)
def test_looks_english(text: str, expected: bool) -> None:
    assert looks_english(text) is expected


def test_seeds_look_english(seed_000_text: str, seed_004_text: str) -> None:
    for text in (seed_000_text, seed_004_text):
        share, n_words = english_share(text)
        assert share > 0.2 and n_words > 200
        assert looks_english(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Secretary Blinken met the president in Beijing on Monday.", (1, 0, 9)),
        ("El secretario de Estado se reunió con el presidente.", (0, 5, 9)),
        ("", (0, 0, 0)),
    ],
)
def test_marker_counts(text: str, expected: tuple[int, int, int]) -> None:
    assert marker_counts(text) == expected


def test_long_text_with_few_english_words_is_flagged() -> None:
    # 40+ words: the share rule alone decides, foreign words or not
    text = " ".join(["Blinken Xi Beijing talks Monday candid constructive summit"] * 6)
    assert marker_counts(text)[2] >= 40
    assert not looks_english(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Blinken met Xi “in Beijing” on Monday.", 1.0),
        ("美国国务卿布林肯周一在北京", 0.0),
        ("", 0.0),
    ],
)
def test_latin_share(text: str, expected: float) -> None:
    assert latin_share(text)[0] == pytest.approx(expected, abs=0.1)
