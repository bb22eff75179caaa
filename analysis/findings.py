"""Plain-language findings generated from the result tables (never hand-written).

Each rule reads the `sources` / `source_topics` tables of `pipeline.Results` and returns
zero or more `Finding`s whose text quotes the numbers behind it. `generate_findings`
runs the rules in order of importance and keeps the first `limit`.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

# A topic is "emphasised" by one source when its rate is at least this many times another's.
EMPHASIS_RATIO = 1.5
# Tone and length differences smaller than this share of the larger value are not reported.
MIN_RELATIVE_GAP = 0.25
DEFAULT_LIMIT = 5


@dataclass(frozen=True)
class Finding:
    """One sentence for the Overview, with the kind of rule and the sources it names."""

    kind: str
    text: str
    sources: tuple[str, ...] = ()


def _signed(value: float) -> str:
    return f"{value:+.2f}"


def _ci_known(row: pd.Series) -> bool:
    return pd.notna(row.get("ci_low")) and pd.notna(row.get("ci_high"))


def sentiment_findings(sources: pd.DataFrame) -> list[Finding]:
    """Compare the most and least positive sources; say whether their 95% CIs overlap."""
    rated = sources.dropna(subset=["sentiment_mean"]) if not sources.empty else sources
    if rated.empty:
        return []
    if len(rated) == 1:
        row = rated.iloc[0]
        return [Finding("sentiment", (
            f"Only one source ({row['source']}) is in view: mean sentence sentiment "
            f"{_signed(row['sentiment_mean'])} over {int(row['n_sentences'])} sentences; "
            "select or load another source to compare."), (str(row["source"]),))]
    ordered = rated.sort_values("sentiment_mean")
    low, high = ordered.iloc[0], ordered.iloc[-1]
    names = (str(low["source"]), str(high["source"]))
    numbers = f"{_signed(low['sentiment_mean'])} vs {_signed(high['sentiment_mean'])}"
    # Both sources positive: "less positive" reads truer than "more negative".
    direction = "less positive" if low["sentiment_mean"] > 0 else "more negative"
    if _ci_known(low) and _ci_known(high) and low["ci_high"] < high["ci_low"]:
        text = (f"{names[0]} is markedly {direction} than {names[1]}: {numbers} mean "
                "sentence sentiment, and the 95% CIs do not overlap.")
    elif _ci_known(low) and _ci_known(high):
        text = (f"{names[0]} reads slightly {direction} than {names[1]} ({numbers}), "
                "but the 95% CIs overlap, so the difference may be chance.")
    else:
        text = (f"{names[0]} reads {direction} than {names[1]} ({numbers}); too few "
                "sentences for a confidence interval.")
    return [Finding("sentiment", text, names)]


def _count(n: int, noun: str) -> str:
    """'1 mention', '3 mentions'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _join(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def exclusive_topic_findings(source_topics: pd.DataFrame) -> list[Finding]:
    """Per source, the topics only it mentions (one finding each), and the topics that no
    source mentions (one finding)."""
    if source_topics.empty or source_topics["source"].nunique() < 2:
        return []
    only: dict[str, list[str]] = {}
    unmentioned: list[str] = []
    for topic, rows in source_topics.groupby("topic", sort=True):
        mentioning = rows[rows["mentions"] > 0]
        if mentioning.empty:
            unmentioned.append(str(topic))
        elif len(mentioning) == 1:
            row = mentioning.iloc[0]
            only.setdefault(str(row["source"]), []).append(
                f"{topic} ({_count(int(row['mentions']), 'mention')}, "
                f"{row['per_1k_words']:.1f} per 1,000 words)")
    found = [Finding("exclusive_topic", f"Only {source} mentions {_join(items)}.", (source,))
             for source, items in sorted(only.items())]
    if unmentioned:
        found.append(Finding("absent_topic", f"No source mentions {_join(unmentioned)}."))
    return found


def topic_emphasis_findings(source_topics: pd.DataFrame) -> list[Finding]:
    """The topic two sources cover at the most different rates (both mention it)."""
    if source_topics.empty:
        return []
    best: tuple[float, Finding] | None = None
    for topic, rows in source_topics.groupby("topic", sort=True):
        mentioning = rows[rows["per_1k_words"] > 0].sort_values("per_1k_words")
        if len(mentioning) < 2:
            continue
        low, high = mentioning.iloc[0], mentioning.iloc[-1]
        ratio = float(high["per_1k_words"] / low["per_1k_words"])
        if ratio < EMPHASIS_RATIO or (best is not None and ratio <= best[0]):
            continue
        best = (ratio, Finding("topic_emphasis", (
            f"{high['source']} mentions {topic} {ratio:.1f}× as often as {low['source']} "
            f"({high['per_1k_words']:.1f} vs {low['per_1k_words']:.1f} per 1,000 words)."),
            (str(high["source"]), str(low["source"]))))
    return [best[1]] if best else []


def _largest_gap(sources: pd.DataFrame, column: str) -> tuple[float, pd.Series, pd.Series]:
    ordered = sources.dropna(subset=[column]).sort_values(column)
    low, high = ordered.iloc[0], ordered.iloc[-1]
    scale = max(abs(float(high[column])), abs(float(low[column])))
    gap = (float(high[column]) - float(low[column])) / scale if scale else 0.0
    return gap, low, high


def tone_findings(
    sources: pd.DataFrame, *, dimensions: Sequence[tuple[str, str]]
) -> list[Finding]:
    """The tone dimension on which sources differ most, relative to its size."""
    usable = [(c, label) for c, label in dimensions
              if c in sources.columns and sources[c].notna().sum() >= 2]
    if len(sources) < 2 or not usable:
        return []
    scored = [(*_largest_gap(sources, c), c, label) for c, label in usable]
    gap, low, high, column, label = max(scored, key=lambda item: item[0])
    if gap < MIN_RELATIVE_GAP:
        return []
    return [Finding("tone", (
        f"{high['source']} scores highest on {label[:1].lower() + label[1:]}: "
        f"{high[column]:.2f} vs {low[column]:.2f} for {low['source']}."),
        (str(high["source"]), str(low["source"])))]


def length_findings(sources: pd.DataFrame) -> list[Finding]:
    """Which source writes longer articles, when the gap is large."""
    if len(sources) < 2 or "n_words" not in sources:
        return []
    per_article = sources.assign(words_per_article=sources["n_words"] / sources["n_articles"])
    gap, low, high = _largest_gap(per_article, "words_per_article")
    if gap < MIN_RELATIVE_GAP:
        return []
    return [Finding("length", (
        f"{high['source']}'s articles are longer: {high['words_per_article']:.0f} vs "
        f"{low['words_per_article']:.0f} words on average."),
        (str(high["source"]), str(low["source"])))]


def generate_findings(
    sources: pd.DataFrame,
    source_topics: pd.DataFrame,
    *,
    tone_dimensions: Sequence[tuple[str, str]] = (),
    limit: int = DEFAULT_LIMIT,
) -> list[Finding]:
    """Up to `limit` findings, most important first: sentiment, topics, tone, length."""
    if sources.empty:
        return []
    found = [
        *sentiment_findings(sources),
        *exclusive_topic_findings(source_topics),
        *topic_emphasis_findings(source_topics),
        *tone_findings(sources, dimensions=tone_dimensions),
        *length_findings(sources),
    ]
    return found[:limit]
