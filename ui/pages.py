"""The page list: dashboard.py builds st.navigation from it, and tests/test_pages.py is
parametrised from it, so the app and its tests cannot drift apart."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """One page of the dashboard."""

    path: str  # relative to the repository root (where dashboard.py lives)
    title: str
    icon: str
    url_path: str
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/overview.py", "Overview", ":material/dashboard:", "overview", default=True),
    PageSpec("pages/sentiment.py", "Sentiment", ":material/mood:", "sentiment"),
    PageSpec("pages/topics.py", "Topics", ":material/label:", "topics"),
    PageSpec("pages/tone.py", "Tone", ":material/tune:", "tone"),
    # Issue 4, comparing the sources' texts (pages/voices.py, passages.py, words.py):
    PageSpec("pages/voices.py", "Voices", ":material/record_voice_over:", "voices"),
    PageSpec("pages/passages.py", "Shared passages", ":material/content_copy:", "passages"),
    PageSpec("pages/words.py", "Distinctive words", ":material/text_fields:", "words"),
    PageSpec("pages/articles.py", "Articles", ":material/article:", "articles"),
    PageSpec("pages/data.py", "Data", ":material/database:", "data"),
)
