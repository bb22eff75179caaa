"""The local workspace: save the current corpus (and its results) to `workspace/` so it is
still there after a restart. Offered only when the server is local.

Rule: saving (and opening server folders) is allowed unless
- the environment variable SLANT_SHARED is "1" / "true" / "yes", or
- the server listens on an address other than localhost / 127.0.0.1 / ::1, or
- the code runs from /mount/src, where Streamlit Community Cloud checks apps out.
Any other shared deployment should set SLANT_SHARED=1.
"""

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from analysis.paths import REPO_DIR

WORKSPACE_DIR = REPO_DIR / "workspace"
LOCAL_ADDRESSES = frozenset({"", "localhost", "127.0.0.1", "::1"})
SHARED_ENV = "SLANT_SHARED"
# Where Streamlit Community Cloud checks out an app's repository (seen in its tracebacks).
COMMUNITY_CLOUD_ROOT = Path("/mount/src")
CORPUS_FILE = "corpus.parquet"


def workspace_allowed(
    *, env: Mapping[str, str], server_address: str | None, repo_dir: Path = REPO_DIR
) -> bool:
    """True when the app runs locally for one user (see the module docstring for the rule)."""
    if env.get(SHARED_ENV, "").strip().lower() in {"1", "true", "yes"}:
        return False
    if repo_dir.is_relative_to(COMMUNITY_CLOUD_ROOT):
        return False
    return (server_address or "").strip().lower() in LOCAL_ADDRESSES


def safe_name(name: str) -> str:
    """A folder name made of letters, digits, '-' and '_' only (no path tricks)."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", name.strip()).strip("-")
    return cleaned[:60] or "corpus"


def save_corpus(corpus: pd.DataFrame, *, name: str, root: Path = WORKSPACE_DIR) -> Path:
    """Write the articles table to `root/<name>/corpus.parquet`; returns that folder."""
    folder = root / safe_name(name)
    folder.mkdir(parents=True, exist_ok=True)
    corpus.reset_index(drop=True).to_parquet(folder / CORPUS_FILE, index=False)
    return folder


def saved_corpora(*, root: Path = WORKSPACE_DIR) -> list[str]:
    """Names of the corpora saved in the workspace, sorted."""
    if not root.is_dir():
        return []
    return sorted(p.parent.name for p in root.glob(f"*/{CORPUS_FILE}"))


def load_corpus(name: str, *, root: Path = WORKSPACE_DIR) -> pd.DataFrame:
    """Read back a saved corpus."""
    return pd.read_parquet(root / safe_name(name) / CORPUS_FILE)
