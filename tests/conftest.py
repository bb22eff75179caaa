"""Shared fixtures: the two real seed articles of the built-in sample."""

from pathlib import Path

import pytest

from analysis.paths import SAMPLE_DIR

SEED_000 = SAMPLE_DIR / "000_bbf5bfafb942b6c3.txt"
SEED_004 = SAMPLE_DIR / "004_d19ef8a8fb16cabf.txt"


@pytest.fixture(scope="session")
def seed_000_text() -> str:
    return SEED_000.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_004_text() -> str:
    return SEED_004.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture(scope="session")
def sample_corpus():
    """The built-in sample as an articles DataFrame (readers.load_sample)."""
    from analysis.readers import load_sample

    return load_sample().articles


@pytest.fixture(scope="session")
def seed_sentences() -> dict[str, list[str]]:
    """article_id -> body sentences of the two seeds (cleaned, title split off)."""
    from analysis.clean import clean_article
    from analysis.sentences import split_sentences, split_title

    docs = {}
    for path in (SEED_000, SEED_004):
        _, body = split_title(clean_article(path.read_text(encoding="utf-8")).text, None)
        docs[path.stem] = split_sentences(body)
    return docs


@pytest.fixture(scope="session")
def other_story_sentences() -> dict[str, list[str]]:
    """Three made-up but realistic short articles on two events unrelated to the seeds."""
    return {
        "flood_a": [
            "Heavy rain caused severe flooding across southern Germany on Sunday, forcing "
            "thousands of residents to leave their homes.",
            "Rescue teams used boats to reach villages cut off by the rising Danube, regional "
            "officials said.",
            "The German weather service warned that more rain was expected in Bavaria through "
            "Tuesday.",
        ],
        "flood_b": [
            "Floodwaters in Bavaria rose again on Monday after heavy rain, and rescue teams "
            "evacuated more villages along the Danube.",
            "Regional officials in southern Germany said thousands of residents had been forced "
            "from their homes by the flooding.",
            "Chancellor Olaf Scholz visited the flooded town of Reichertshofen and promised "
            "federal help.",
        ],
        "rates": [
            "The European Central Bank held interest rates steady on Thursday, saying inflation "
            "in the euro zone was still too high.",
            "ECB President Christine Lagarde told reporters that the bank would keep rates at "
            "record levels for as long as necessary.",
            "Markets had expected the pause after ten consecutive increases.",
        ],
    }
