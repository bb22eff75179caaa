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
