"""Where Slant's shipped data lives. Every module asks here rather than building paths."""

from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_DIR / "data"
SAMPLE_DIR = DATA_DIR / "sample"
TOPICS_PATH = DATA_DIR / "topics.toml"
TONE_DIR = DATA_DIR / "tone"
