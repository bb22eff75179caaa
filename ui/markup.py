"""HTML for the article reader. Every piece of article text goes through html.escape
before any markup is added, so `<script>` or `<img onerror=...>` in an article shows as
text. Pure (no streamlit): pages pass the result to st.html / st.markdown.
"""

import html
import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from ui.palette import sentiment_tint

Span = tuple[int, int, str]  # (start, end, topic) character offsets into one sentence

SENTENCE_STYLE = "padding:1px 2px;border-radius:3px;line-height:1.9"
MARK_STYLE = "background:#FFE08A;border-bottom:2px solid #B8860B;padding:0 1px"
REMOVED_STYLE = "color:#777;font-style:italic;border-left:3px solid #ccc;padding-left:8px"


def find_term_spans(text: str, *, terms: Iterable[str], topic: str) -> list[Span]:
    """Where the matched surface forms `terms` occur in `text` (whole words, any case)."""
    spans: list[Span] = []
    for term in {t.strip() for t in terms if t and t.strip()}:
        pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
        spans.extend((m.start(), m.end(), topic) for m in pattern.finditer(text))
    return spans


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sorted, non-overlapping spans; on overlap the earlier (then longer) span wins."""
    ordered = sorted(spans, key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[Span] = []
    for span in ordered:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def highlight(text: str, *, spans: Iterable[Span]) -> str:
    """`text` escaped, with each span wrapped in <mark> titled by its topic."""
    parts: list[str] = []
    cursor = 0
    for start, end, topic in merge_spans(spans):
        if start < cursor or end > len(text) or start >= end:
            continue
        parts.append(html.escape(text[cursor:start]))
        parts.append(
            f'<mark style="{MARK_STYLE}" title="{html.escape(topic, quote=True)}">'
            f"{html.escape(text[start:end])}</mark>"
        )
        cursor = end
    parts.append(html.escape(text[cursor:]))
    return "".join(parts)


def sentence_html(text: str, *, sentence_id: int, compound: float, spans: Sequence[Span]) -> str:
    """One sentence tinted by its VADER compound, topic terms highlighted, score on hover."""
    title = f"sentence {sentence_id}: compound {compound:+.3f}"
    return (
        f'<span style="background:{sentiment_tint(compound)};{SENTENCE_STYLE}" '
        f'title="{html.escape(title, quote=True)}">{highlight(text, spans=spans)}</span>'
    )


def spans_by_sentence(sentence_topics: pd.DataFrame, sentences: pd.DataFrame) -> dict[int, list]:
    """Highlight spans per sentence id, from the matched terms in `sentence_topics`."""
    if sentence_topics.empty or sentences.empty:
        return {}
    texts = dict(zip(sentences["sentence_id"].astype(int), sentences["text"], strict=True))
    out: dict[int, list[Span]] = {}
    for row in sentence_topics.itertuples(index=False):
        sid = int(row.sentence_id)
        if sid not in texts:
            continue
        terms = str(row.terms or "").split("; ")
        out.setdefault(sid, []).extend(
            find_term_spans(texts[sid], terms=terms, topic=str(row.topic))
        )
    return out


def article_html(
    sentences: pd.DataFrame,
    *,
    spans: Mapping[int, Sequence[Span]],
    title: str | None = None,
) -> str:
    """The whole article: escaped title, then every scored sentence tinted and highlighted."""
    if sentences.empty:
        return "<p><em>This article has no scored sentences.</em></p>"
    body = " ".join(
        sentence_html(str(row.text), sentence_id=int(row.sentence_id),
                      compound=float(row.compound), spans=spans.get(int(row.sentence_id), ()))
        for row in sentences.sort_values("sentence_id").itertuples(index=False)
    )
    heading = f"<h4>{html.escape(title)}</h4>" if title else ""
    return f'{heading}<div style="font-size:1.05rem;max-width:60rem">{body}</div>'


def removed_html(removed: pd.DataFrame) -> str:
    """What cleaning removed (boilerplate, cross-promotion lines), greyed, each escaped."""
    if removed.empty:
        return "<p><em>Nothing was removed from this article.</em></p>"
    items = "".join(
        f'<p style="{REMOVED_STYLE}"><b>{html.escape(str(row.kind))}</b>: '
        f"{html.escape(str(row.text))}</p>"
        for row in removed.itertuples(index=False)
    )
    return f"<div>{items}</div>"


def legend_html() -> str:
    """A one-line key for the reader's colours."""
    neg, pos = sentiment_tint(-0.8), sentiment_tint(0.8)
    return (
        f'<span style="background:{neg};{SENTENCE_STYLE}">negative sentence</span> '
        f'<span style="background:{pos};{SENTENCE_STYLE}">positive sentence</span> '
        "(stronger colour = stronger score; untinted = neutral) "
        f'<mark style="{MARK_STYLE}">topic term</mark>'
    )


KWIC_CELL = "padding:6px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top"


def _kwic_row(r, *, spans: Mapping[tuple[str, int], Sequence[Span]]) -> str:
    marked = highlight(str(r.text), spans=spans.get((str(r.article_id), int(r.sentence_id)), ()))
    return (
        "<tr>"
        f"<td style='{KWIC_CELL};white-space:nowrap'>{html.escape(str(r.source))}</td>"
        f"<td style='{KWIC_CELL};text-align:right'>{float(r.compound):+.2f}</td>"
        f"<td style='{KWIC_CELL}'>{marked}</td>"
        f"<td style='{KWIC_CELL};color:#666;font-size:0.85em'>"
        f"{html.escape(str(r.article_id))} #{int(r.sentence_id)}</td></tr>"
    )


def kwic_html(rows: pd.DataFrame, *, spans: Mapping[tuple[str, int], Sequence[Span]]) -> str:
    """Keyword-in-context table: source, article, sentence with the topic terms highlighted.

    `rows` needs `source, article_id, sentence_id, compound, text`; `spans` is keyed by
    (article_id, sentence_id). Everything is escaped before markup is added.
    """
    if rows.empty:
        return "<p><em>No sentence mentions this topic.</em></p>"
    cells = "".join(_kwic_row(r, spans=spans) for r in rows.itertuples(index=False))
    head = "".join(f"<th style='{KWIC_CELL};text-align:left'>{h}</th>"
                   for h in ("Source", "Compound", "Sentence", "Article #"))
    head = f"<tr>{head}</tr>"
    return (
        "<table style='border-collapse:collapse;width:100%;font-size:0.95rem' "
        f"class='slant-kwic'><thead>{head}</thead><tbody>{cells}</tbody></table>"
    )
