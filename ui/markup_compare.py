"""HTML for the comparison pages: shared passages side by side, and the sentences where a
distinctive term occurs. Every piece of article text goes through html.escape before any
markup is added. Pure (no streamlit): pages pass the result to st.html.
"""

import difflib
import html
import json
import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.tokens import lower_words
from ui.markup import Span, kwic_html

# Words that differ between the two sides of a shared passage.
DIFF_STYLE = "background:#FFE08A;border-bottom:2px solid #B8860B;padding:0 1px"
CELL_STYLE = ("vertical-align:top;padding:8px 10px;border:1px solid #D9DEE4;"
              "line-height:1.6;width:46%")
HEAD_STYLE = "text-align:left;padding:6px 10px;background:#F3F5F8;border:1px solid #D9DEE4"
# A display token: a run of non-space characters with the spaces that follow it.
TOKEN = re.compile(r"\S+\s*")
# Characters ignored when deciding whether two display tokens are the same word
# (punctuation, quotation marks, the dots of "U.S.").
PUNCTUATION = re.compile(r"[^\w]+")


def _norm(token: str) -> str:
    return PUNCTUATION.sub("", token.lower())


def diff_marked(a: str, b: str) -> tuple[str, str]:
    """`a` and `b` escaped, with the words that are not shared (difflib word alignment,
    ignoring case and punctuation) wrapped in <mark>."""
    ta, tb = TOKEN.findall(str(a)), TOKEN.findall(str(b))
    matcher = difflib.SequenceMatcher(a=[_norm(t) for t in ta], b=[_norm(t) for t in tb],
                                      autojunk=False)
    same_a: set[int] = set()
    same_b: set[int] = set()
    for block in matcher.get_matching_blocks():
        same_a.update(range(block.a, block.a + block.size))
        same_b.update(range(block.b, block.b + block.size))

    def render(tokens: list[str], same: set[int]) -> str:
        parts: list[str] = []
        run: list[str] = []
        for i, token in enumerate([*tokens, None]):
            if token is not None and i not in same:
                run.append(token)
                continue
            if run:
                text = "".join(run)
                parts.append(f'<mark style="{DIFF_STYLE}">{html.escape(text.rstrip())}</mark>'
                             + html.escape(text[len(text.rstrip()):]))
                run = []
            if token is not None:
                parts.append(html.escape(token))
        return "".join(parts)

    return render(ta, same_a), render(tb, same_b)


def passages_html(passages: Sequence[Mapping], *, label_a: str, label_b: str) -> str:
    """Shared passages of one article pair side by side, one row per passage, with its
    similarity; words that differ between the two sides are highlighted."""
    if not passages:
        return "<p><em>These two articles share no passage.</em></p>"
    rows = []
    for k, passage in enumerate(passages, start=1):
        left, right = diff_marked(str(passage.get("a", "")), str(passage.get("b", "")))
        similarity = float(passage.get("similarity", float("nan")))
        rows.append(
            f"<tr><td style='{CELL_STYLE};width:8%;text-align:right'>{k}<br>"
            f"<small>{similarity:.2f}</small></td>"
            f"<td style='{CELL_STYLE}'>{left}</td><td style='{CELL_STYLE}'>{right}</td></tr>"
        )
    head = (f"<tr><th style='{HEAD_STYLE}'>#, similarity</th>"
            f"<th style='{HEAD_STYLE}'>{html.escape(label_a)}</th>"
            f"<th style='{HEAD_STYLE}'>{html.escape(label_b)}</th></tr>")
    return ("<table class='slant-passages' style='border-collapse:collapse;width:100%;"
            f"font-size:0.98rem'><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>")


def term_pattern(term: str) -> re.Pattern | None:
    """A regex for `term` (one word or a phrase) as whole words in any case, with any
    non-word characters between its words and either apostrophe."""
    parts = [re.escape(w).replace("'", "['’]") for w in lower_words(term)]
    if not parts:
        return None
    return re.compile(r"(?<!\w)" + r"\W+".join(parts) + r"(?!\w)", re.IGNORECASE)


def term_spans(text: str, *, term: str) -> list[Span]:
    """Where `term` occurs in `text`, as highlight spans labelled with the term."""
    pattern = term_pattern(term)
    if pattern is None:
        return []
    return [(m.start(), m.end(), term) for m in pattern.finditer(str(text))]


def contains_term(text: str, *, term: str) -> bool:
    """True when the token sequence of `term` occurs in `text` (shared tokenizer)."""
    needle = lower_words(term)
    hay = lower_words(str(text))
    n = len(needle)
    return bool(n) and any(hay[i:i + n] == needle for i in range(len(hay) - n + 1))


def might_contain(texts: pd.Series, *, term: str) -> np.ndarray:
    """A fast necessary condition for `contains_term`: the text, lower-cased with straight
    apostrophes, holds the term's longest token as a substring (tokenizing 50,000 sentences
    of a big store for every rerun takes seconds; this test is vectorised)."""
    needle = lower_words(term)
    if not needle:
        return np.zeros(len(texts), dtype=bool)
    lowered = texts.astype(str).str.lower().str.replace("’", "'", regex=False)
    found = lowered.str.contains(max(needle, key=len), regex=False)
    return found.fillna(False).to_numpy(dtype=bool)


def term_sentences(
    sentences: pd.DataFrame, *, term: str, source: str | None = None
) -> pd.DataFrame:
    """The sentences (of `source`, or all) in which `term` occurs, in reading order."""
    if sentences.empty or not term:
        return sentences.iloc[0:0]
    pool = sentences if source is None else sentences[sentences["source"] == source]
    pool = pool[might_contain(pool["text"], term=term)]
    hits = pool[np.array([contains_term(t, term=term) for t in pool["text"].astype(str)],
                         dtype=bool)]
    return hits.sort_values(["source", "article_id", "sentence_id"]).reset_index(drop=True)


def term_sentences_html(rows: pd.DataFrame, *, term: str) -> str:
    """Keyword-in-context table of `rows` with `term` highlighted (all text escaped)."""
    if rows.empty:
        return f"<p><em>No sentence contains “{html.escape(term)}”.</em></p>"
    spans = {(str(r.article_id), int(r.sentence_id)): term_spans(str(r.text), term=term)
             for r in rows.itertuples(index=False)}
    return kwic_html(rows, spans=spans)


def parse_passages(value: object) -> list[dict]:
    """The `passages` cell of a reuse row (JSON text, or already a list) as a list of dicts
    with `a`, `b`, `similarity`; anything unreadable gives an empty list."""
    if isinstance(value, list):
        items = value
    elif isinstance(value, str) and value.strip():
        try:
            items = json.loads(value)
        except ValueError:
            return []
    else:
        return []
    return [dict(p) for p in items if isinstance(p, Mapping) and ("a" in p or "b" in p)]


def ranked_pairs(reuse: pd.DataFrame, *, limit: int | None = None) -> pd.DataFrame:
    """Reuse rows, most similar pair first, with `n_passages` (shared passages per pair);
    only the first `limit` pairs when given (the JSON passages are parsed for those only)."""
    if reuse.empty:
        return reuse.assign(n_passages=pd.Series(dtype="int64"))
    if limit is not None and len(reuse) > limit:
        # keep="all" keeps every tie of the limit-th similarity, so the sort below puts the
        # same pairs first as sorting the whole table would.
        reuse = reuse.nlargest(limit, "similarity", keep="all")
    ranked = reuse.sort_values(
        ["similarity", "article_a", "article_b"], ascending=[False, True, True], kind="stable")
    ranked = ranked.head(limit) if limit is not None else ranked
    counts = [len(parse_passages(v)) for v in ranked.get("passages", pd.Series(index=ranked.index))]
    return ranked.assign(n_passages=counts).reset_index(drop=True)
