"""Voices: direct quotes, attributed statements and who speaks them.

`quoted_spans` finds text inside double quotation marks; `is_attributed` says whether a
sentence reports speech ("X said", "according to X"); `extract_quotes` turns an article's
sentences into `Quote` records with a canonical speaker (see `analysis.speakers`).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis import speakers as sp
from analysis.quote_marks import SentenceMarks, article_marks, quoted_spans, sentence_marks
from analysis.tokens import word_count

__all__ = [
    "Quote", "extract_quotes", "is_attributed", "quoted_share_by_source", "quoted_spans",
    "voices_by_source",
]

UNATTRIBUTED = "(unattributed)"
# A quoted span without attribution in its sentence is a direct quote only from this many
# words; shorter ones are scare quotes or titles ("China threat theory"). Project choice.
MIN_UNATTRIBUTED_QUOTE_WORDS = 4
# A pronoun or "the statement" refers back to a speaker at most this many sentences earlier.
ANAPHOR_WINDOW = 2
QUOTE_JOINER = " … "
QUOTE_TRIM = " ,.;:"


@dataclass(frozen=True)
class Quote:
    """One voice in one sentence: a direct quote (text inside marks) or an attributed
    statement (kind "indirect", text = the whole sentence)."""

    sentence_id: int
    speaker: str
    text: str
    kind: str


def is_attributed(sentence: str) -> bool:
    """Whether the sentence attributes speech outside its quotes ("X said", "according to X")."""
    return bool(sentence) and sentence_marks(sentence).attributed


def _cues(marks: SentenceMarks) -> list[tuple[int, bool, re.Match]]:
    """(position, is a speech verb, match) of every attribution cue, in text order (a verb
    and a phrase never start at the same place)."""
    found = [(m.start(), True, m) for m in marks.verbs]
    if not marks.phrases:
        return found  # finditer order is text order already
    found += [(m.start(), False, m) for m in marks.phrases]
    return sorted(found, key=lambda c: c[0])


def _cue_speaker(narration: str, cue: re.Match, *, verb: bool) -> str:
    """The raw speaker phrase of one attribution cue in quote-masked narration."""
    if verb:
        return (sp.subject_before(narration[: cue.start()])
                or sp.subject_after(narration[cue.end():]))
    phrase = cue.group(0).lower()
    if phrase.startswith("according"):
        return sp.subject_after(narration[cue.end():])
    if phrase.startswith("made"):
        return sp.subject_before(narration[: cue.start()])
    return ""


def _resolve(raw: str, *, history: Sequence[tuple[int, str]], sentence_id: int) -> str:
    """A raw speaker phrase with pronouns and "the statement" resolved from recent speakers."""
    if raw not in sp.PRONOUNS and not raw.startswith("the "):
        return raw  # a name or noun phrase: nothing to resolve
    recent = [who for sid, who in reversed(history) if sentence_id - sid <= ANAPHOR_WINDOW]
    if raw in sp.PRONOUNS:
        wanted = sp.PRONOUNS[raw]
        for who in recent:
            kind = "organisation" if sp.is_organisation(who) else "person"
            if wanted in ("any", kind):
                return who
        return ""
    if raw.startswith("the ") and raw[4:] in sp.ANAPHORS:
        head = raw[4:]
        for who in recent:
            if head == "statement" or head in who.lower():
                return who
        return "" if head in ("statement", "report") else head
    return raw


def _sentence_voice(
    marks: SentenceMarks, *, sentence_id: int, history: Sequence[tuple[int, str]]
) -> tuple[str, bool]:
    """(raw speaker or "", whether the sentence carries an attribution cue)."""
    if not marks.attributed:
        return "", False
    cues = _cues(marks)
    spans = marks.spans
    # With quotes, the cue nearest a quote speaks it ("X made it clear that "...").
    if spans and len(cues) > 1:
        cues.sort(key=lambda c: min(min(abs(c[0] - a), abs(c[0] - b)) for a, b in spans))
    for _, verb, cue in cues:  # speakers found lazily: the first that resolves wins
        raw = _cue_speaker(marks.narration, cue, verb=verb)
        who = _resolve(raw, history=history, sentence_id=sentence_id) if raw else ""
        if who:
            return who, True
    return "", bool(cues)


def extract_quotes(
    sentences: Sequence[str], *, marks: Sequence[SentenceMarks] | None = None
) -> list[Quote]:
    """Direct quotes and attributed statements of one article, speakers made canonical.

    A sentence with quoted spans yields one direct Quote (spans joined with " … ") when it is
    attributed or a span has MIN_UNATTRIBUTED_QUOTE_WORDS words; an unattributed quote right
    after a quoted sentence continues that speaker. An attributed sentence without quotes
    yields an indirect Quote holding the sentence. `marks` (from `article_marks`, one per
    sentence) saves re-scanning when the caller already has them.
    """
    if not sentences:
        return []
    marks = article_marks(sentences) if marks is None else marks
    # (sentence_id, raw speaker, text, kind): plain tuples, a Quote is built once at the end.
    raw_quotes: list[tuple[int, str, str, str]] = []
    history: list[tuple[int, str]] = []
    for i, (sentence, mark) in enumerate(zip(sentences, marks, strict=True)):
        if not mark.spans and not mark.attributed:
            continue  # no quote, no cue: nothing to record and no speaker for the history
        who, cued = _sentence_voice(mark, sentence_id=i, history=history)
        texts = [t for a, b in mark.spans if (t := sentence[a:b].strip(QUOTE_TRIM))
                 and (cued or word_count(t) >= MIN_UNATTRIBUTED_QUOTE_WORDS)]
        if texts and not who and raw_quotes and raw_quotes[-1][0] == i - 1:
            who = raw_quotes[-1][1] if raw_quotes[-1][3] == "direct" else ""
        if texts:
            raw_quotes.append((i, who or UNATTRIBUTED, QUOTE_JOINER.join(texts), "direct"))
        elif cued and who:
            raw_quotes.append((i, who, sentence.strip(), "indirect"))
        if who:
            history.append((i, who))
    if not raw_quotes:
        return []
    names = sp.canonical_speakers({q[1] for q in raw_quotes}, text=" ".join(sentences))
    names[UNATTRIBUTED] = UNATTRIBUTED
    return [Quote(sid, names.get(who, who), text, kind) for sid, who, text, kind in raw_quotes]

VOICE_COLUMNS = ["source", "speaker", "quotes", "direct", "indirect", "words", "compound",
                 "articles", "share_of_words"]
SHARE_COLUMNS = ["source", "words", "quoted_words", "quoted_share", "narration_share",
                 "attributed_share", "quoted_compound", "attributed_compound",
                 "narration_compound", "n_quotes"]


def _with_source(frame: pd.DataFrame, articles_df: pd.DataFrame) -> pd.DataFrame:
    """`frame` with each row's `source` looked up by article_id."""
    sources = articles_df.set_index("article_id")["source"]
    return frame.assign(source=frame["article_id"].map(sources))


def quote_word_counts(quotes_df: pd.DataFrame) -> pd.Series:
    """Words of each quote's text: its `n_words` column when present (the dashboard adds it
    once per loaded corpus, see `with_quote_word_counts`), else counted now."""
    if "n_words" in quotes_df:
        return quotes_df["n_words"]
    return pd.Series([word_count(str(t)) for t in quotes_df["text"]], index=quotes_df.index,
                     dtype="int64")


def with_quote_word_counts(quotes_df: pd.DataFrame) -> pd.DataFrame:
    """`quotes_df` with an `n_words` column, so summaries on filtered views (a dashboard
    rerun) do not tokenize every quote again."""
    return quotes_df.assign(n_words=quote_word_counts(quotes_df))


def _source_words(sentences_df: pd.DataFrame, articles_df: pd.DataFrame) -> pd.Series:
    """Words per source of the articles in `sentences_df`: their `n_words` (the shared
    tokenizer's count over the same sentences) when the articles table has it, so a
    dashboard rerun on a big corpus does not tokenize every sentence again."""
    if "n_words" in articles_df and articles_df["n_words"].notna().all():
        present = articles_df[articles_df["article_id"].isin(
            sentences_df["article_id"].unique())]  # unique: isin is slow on long lists
        return present.groupby("source")["n_words"].sum()
    counted = sentences_df.assign(words=sentences_df["text"].map(word_count))
    return _with_source(counted, articles_df).groupby("source")["words"].sum()


def voices_by_source(
    quotes_df: pd.DataFrame, sentences_df: pd.DataFrame, articles_df: pd.DataFrame
) -> pd.DataFrame:
    """Who each source quotes and how much: one row per source x speaker.

    `words` counts quoted words for direct quotes and whole sentences for indirect ones;
    `compound` is the mean VADER compound of the quote texts; `share_of_words` = words /
    all words of the source. Sorted by source, then words (most first).
    """
    if quotes_df.empty or articles_df.empty:
        return pd.DataFrame(columns=VOICE_COLUMNS)
    q = _with_source(quotes_df, articles_df)
    q = q.assign(words=quote_word_counts(q).to_numpy(), direct=q["kind"].eq("direct"),
                 indirect=q["kind"].eq("indirect"))
    out = q.groupby(["source", "speaker"], as_index=False).agg(
        quotes=("text", "size"), direct=("direct", "sum"), indirect=("indirect", "sum"),
        words=("words", "sum"), compound=("compound", "mean"),
        articles=("article_id", "nunique"),
    )
    totals = _source_words(sentences_df, articles_df)
    out["share_of_words"] = out["words"] / out["source"].map(totals).where(lambda s: s > 0)
    out = out.sort_values(["source", "words"], ascending=[True, False], kind="stable")
    return out[VOICE_COLUMNS].reset_index(drop=True)


def quoted_share_by_source(
    quotes_df: pd.DataFrame, sentences_df: pd.DataFrame, articles_df: pd.DataFrame
) -> pd.DataFrame:
    """Quoted text vs the outlet's own narration, per source.

    quoted_share = words inside direct quotes / all words; narration_share = 1 -
    quoted_share; attributed_share = words of sentences holding an indirect (reported)
    statement / all words. Sentiment: quoted_compound = mean compound of direct quotes;
    attributed_compound = mean sentence compound of indirect sentences;
    narration_compound = mean sentence compound of sentences with no quote of any kind.
    """
    if sentences_df.empty or articles_df.empty:
        return pd.DataFrame(columns=SHARE_COLUMNS)
    quotes_df = quotes_df if not quotes_df.empty else pd.DataFrame(
        columns=["article_id", "sentence_id", "speaker", "text", "kind", "compound"])
    sents = _with_source(sentences_df, articles_df)
    totals = _source_words(sentences_df, articles_df)
    keys = list(zip(quotes_df["article_id"], quotes_df["sentence_id"], strict=True))
    indirect = {k for k, kind in zip(keys, quotes_df["kind"], strict=True) if kind == "indirect"}
    sent_keys = pd.Series(list(zip(sents["article_id"], sents["sentence_id"], strict=True)),
                          index=sents.index)
    sents = sents.assign(quoted_any=sent_keys.isin(set(keys)),
                         indirect=sent_keys.isin(indirect))
    words = pd.Series(0, index=sents.index, dtype="int64")  # only indirect ones are summed
    words[sents["indirect"]] = sents.loc[sents["indirect"], "text"].map(word_count)
    sents = sents.assign(words=words)
    direct = _with_source(quotes_df[quotes_df["kind"] == "direct"], articles_df)
    direct = direct.assign(words=quote_word_counts(direct).to_numpy())
    rows = []
    for source, group in sents.groupby("source"):
        total = int(totals.get(source, 0))
        mine = direct[direct["source"] == source]
        quoted = int(sum(mine["words"]))
        rows.append({
            "source": source, "words": total, "quoted_words": quoted,
            "quoted_share": quoted / total if total else float("nan"),
            "narration_share": 1 - quoted / total if total else float("nan"),
            "attributed_share": group.loc[group["indirect"], "words"].sum() / total
            if total else float("nan"),
            "quoted_compound": pd.to_numeric(mine["compound"]).mean(),
            "attributed_compound": group.loc[group["indirect"], "compound"].mean(),
            "narration_compound": group.loc[~group["quoted_any"], "compound"].mean(),
            "n_quotes": len(mine) + int(group["indirect"].sum()),
        })
    return pd.DataFrame(rows, columns=SHARE_COLUMNS)
