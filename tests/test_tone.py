"""Tests for analysis.tone (and the word lists it reads through analysis.tone_lists)."""

import math
import shutil

import pandas as pd
import pytest

from analysis.paths import TONE_DIR
from analysis.tone import (
    TONE_COLUMNS,
    TONE_DIMENSIONS,
    WordList,
    flesch_reading_ease,
    load_lexicons,
    source_tone,
    syllables,
    tone_profile,
    tone_profile_and_words,
    tone_words,
)


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


def _words_for(rows: list[dict], column: str) -> set[str]:
    return {r["word"] for r in rows if r["dimension"] == column}


@pytest.mark.parametrize(
    ("sentence", "column", "expected_words"),
    [
        ("The talks were candid and constructive.", "tone_cooperation", {"candid", "constructive"}),
        ("Both sides agreed to restore cooperation.", "tone_cooperation",
         {"agreed", "restore", "cooperation"}),
        ("Wang urged the US to stop hyping up the China threat theory.", "tone_conflict",
         {"hyping up", "threat"}),
        ("Stop hyping up threats.", "tone_conflict", {"hyping up", "threats"}),
        ("It is necessary to choose between dialogue or confrontation.", "tone_conflict",
         {"confrontation"}),
        ("Beijing rejected the request amid escalating tensions.", "tone_conflict",
         {"rejected", "escalating", "tensions"}),
        ("A meeting may happen, possibly in November, and is likely.", "tone_hedging",
         {"may", "possibly", "likely"}),
        ("Xi is expected to attend, officials reportedly said.", "tone_hedging",
         {"expected to", "reportedly"}),
        ("Beijing made it clearly and certainly known.", "tone_certainty",
         {"clearly", "certainly"}),
        ("It is not clear whether Xi will attend.", "tone_hedging", {"not clear"}),
        ("BEIJING MAY EASE TENSIONS, OFFICIALS SAY.", "tone_hedging", {"may"}),
        ("The deal was extremely fragile and a disaster.", "tone_emotional_intensity",
         {"extremely", "disaster"}),
    ],
)
def test_dimension_words(lexicons, sentence: str, column: str, expected_words: set) -> None:
    profile, rows = tone_profile_and_words([sentence], lexicons=lexicons)
    assert _words_for(rows, column) == expected_words
    n_words = len(sentence.rstrip(".").replace(",", "").split())
    assert profile[column] == pytest.approx(100 * len(expected_words) / n_words)


@pytest.mark.parametrize(
    ("sentence", "column"),
    [
        ("Commerce minister visited the US in May.", "tone_hedging"),  # the month, not a hedge
        ("The talks were candid and constructive.", "tone_conflict"),
        ("Wang urged the US to stop hyping up threats.", "tone_cooperation"),
        ("Blinken met Xi in Beijing on Monday.", "tone_certainty"),
        ("It is not clear whether Xi will attend.", "tone_certainty"),
        ("Officials were never sure of the date.", "tone_certainty"),
        ("Officials from the Shanghai Cooperation Organisation met.", "tone_cooperation"),
    ],
)
def test_dimension_negatives(lexicons, sentence: str, column: str) -> None:
    assert tone_profile([sentence], lexicons=lexicons)[column] == 0.0


def test_gdelt_tone_and_polarity_by_hand(lexicons) -> None:
    # 11 words; VADER rates "good" > 0, "conflict" and "bad" < 0 and none of the others.
    sentence = "Xi said the meeting was good but the conflict is bad."
    profile, rows = tone_profile_and_words([sentence], lexicons=lexicons)
    assert _words_for(rows, "tone_positive") == {"good"}
    assert _words_for(rows, "tone_negative") == {"conflict", "bad"}
    assert profile["tone_gdelt"] == pytest.approx(100 / 11 - 200 / 11)
    assert profile["tone_polarity"] == pytest.approx(300 / 11)


@pytest.mark.parametrize(
    ("word", "expected"),
    [("the", 1), ("cat", 1), ("make", 1), ("table", 2), ("Beijing", 2), ("diplomat", 3),
     ("communication", 5), ("4:30", 1), ("agree", 2)],
)
def test_syllables(word: str, expected: int) -> None:
    assert syllables(word) == expected


@pytest.mark.parametrize(
    ("sentences", "n_words", "n_sentences", "n_syllables"),
    [
        (["The cat sat on the mat."], 6, 1, 6),
        (["Blinken met Xi in Beijing.", "The cat sat."], 8, 2, 10),
    ],
)
def test_readability_matches_flesch_formula(lexicons, sentences, n_words, n_sentences,
                                            n_syllables) -> None:
    by_hand = 206.835 - 1.015 * n_words / n_sentences - 84.6 * n_syllables / n_words
    assert tone_profile(sentences, lexicons=lexicons)["tone_readability"] == pytest.approx(by_hand)
    assert flesch_reading_ease(n_words=n_words, n_sentences=n_sentences,
                               n_syllables=n_syllables) == pytest.approx(by_hand)


@pytest.mark.parametrize(
    ("sentences", "expected", "cues"),
    [
        (["The State Department did not immediately respond."], 0.0, set()),
        (["Miller said the talks went well."], 100.0, {"said"}),
        (["The “low point” in relations."], 40.0, {"quotation marks"}),
        (["The “low point” in relations.", "Nothing more happened today."], 100 * 2 / 9,
         {"quotation marks"}),
        (["Blinken “underscored the importance,” Miller said."], 100.0, {"said"}),
        (["The talks were “candid,” according to the ministry."], 100.0, {"according to"}),
    ],
)
def test_quoted_share(lexicons, sentences: list[str], expected: float, cues: set) -> None:
    profile, rows = tone_profile_and_words(sentences, lexicons=lexicons)
    assert profile["tone_quoted_share"] == pytest.approx(expected)
    assert _words_for(rows, "tone_quoted_share") == cues


def test_empty_input_gives_nan_profile_and_no_words(lexicons) -> None:
    profile = tone_profile([], lexicons=lexicons)
    assert list(profile) == list(TONE_COLUMNS)
    assert all(math.isnan(v) for v in profile.values())
    assert tone_words(["", "   "], lexicons=lexicons) == []


def test_seed_004_profile(lexicons, seed_004_text: str) -> None:
    profile, rows = tone_profile_and_words(seed_004_text.split(". "), lexicons=lexicons)
    assert set(profile) == set(TONE_COLUMNS)
    assert profile["tone_conflict"] > 1.0 and profile["tone_cooperation"] > 1.0
    assert 10.0 < profile["tone_quoted_share"] < 90.0
    assert 0.0 < profile["tone_readability"] < 60.0  # dense news prose
    assert {"confrontation", "conflict", "hyping up"} <= _words_for(rows, "tone_conflict")
    assert "may" not in _words_for(rows, "tone_hedging")  # "in May" twice in this article


def test_dimensions_are_documented() -> None:
    assert len(TONE_COLUMNS) == len(set(TONE_COLUMNS)) >= 9
    for dim in TONE_DIMENSIONS:
        assert dim.column.startswith("tone_") and dim.label and dim.unit
        assert dim.definition.endswith(".")
        if dim.word_list.endswith(".txt") and "/" not in dim.word_list:
            assert (TONE_DIR / dim.word_list).exists()


def test_word_list_matching_rules() -> None:
    wl = WordList.from_entries("t", ["threat*", "hyping up", "trade war", "war", "Don’t"])
    tokens = ["a", "threatened", "trade", "war", "and", "war", "hyping", "up", "don't", ""]
    assert wl.matches(tokens) == ["threatened", "trade war", "war", "hyping up", "don't"]


def test_lexicons_hashable_and_fingerprint_tracks_edits(tmp_path, lexicons) -> None:
    assert hash(lexicons) == hash(load_lexicons())
    assert lexicons.fingerprint() == load_lexicons().fingerprint()
    copy = tmp_path / "tone"
    shutil.copytree(TONE_DIR, copy)
    with (copy / "hedging.txt").open("a", encoding="utf-8") as f:
        f.write("\nconceivably\n")
    edited = load_lexicons(copy)
    assert edited.fingerprint() != lexicons.fingerprint() and edited != lexicons
    assert tone_profile(["It is conceivably true."], lexicons=edited)["tone_hedging"] == 25.0


def test_missing_word_list_names_the_file(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="conflict.txt"):
        load_lexicons(tmp_path)


def test_source_tone_is_word_weighted() -> None:
    articles = pd.DataFrame({
        "source": ["A", "A", "B"], "n_words": [100, 300, 50],
        "tone_gdelt": [2.0, -2.0, 1.0], "tone_readability": [50.0, float("nan"), 40.0],
    })
    frame = source_tone(articles).set_index("source")
    assert frame.loc["A", "tone_gdelt"] == pytest.approx((2.0 * 100 - 2.0 * 300) / 400)
    assert frame.loc["A", "tone_readability"] == pytest.approx(50.0)  # NaN skipped
    assert frame.loc["A", "n_words"] == 400 and frame.loc["B", "n_articles"] == 1
    assert math.isnan(frame.loc["B", "tone_conflict"])  # column absent from input
    assert source_tone(articles.iloc[0:0]).empty


# --- the precomputed word table and shared tokens/marks (hot-path speed-ups) ---

@pytest.mark.parametrize(
    ("word", "polarity", "strong", "columns"),
    [
        ("threat", "tone_negative", True, ("tone_conflict",)),
        ("hostile", "tone_negative", False, ("tone_conflict",)),
        ("agreement", "tone_positive", True, ("tone_cooperation",)),
        ("constructive", "", False, ("tone_cooperation",)),
        ("in", "", False, ("tone_hedging", "tone_certainty")),
        ("sanctioned", "", False, ("tone_conflict",)),
        ("ministry", "", False, ()),
    ],
)
def test_word_table_agrees_with_word_info(lexicons, word, polarity, strong, columns):
    table = lexicons.word_table
    info = lexicons.word_info(word)
    assert (info.polarity, info.strong, tuple(c for c, _ in info.lists)) == (
        polarity, strong, columns)
    if word in table.info:
        assert table.info[word] == info
    else:  # absent words contribute only through a list prefix
        assert bool(info.lists) == word.startswith(table.prefixes)
        assert word[: table.head_len] in table.heads or not info.lists


@pytest.mark.parametrize(
    ("tokens", "i", "expected"),
    [
        (["in", "fact", "not", "so"], 0, ("in fact not", 3)),
        (["in", "fact", "so"], 0, ("in fact", 2)),
        (["in", "", "not"], 0, ("in", 1)),
        (["inflation", "rose"], 0, ("inflation", 1)),
        (["on", "fact"], 0, None),
    ],
)
def test_match_at_longest_phrase_first(tokens, i, expected):
    wl = WordList.from_entries("test", ["in fact", "in fact not", "in*"])
    assert wl.match_at(tokens, i) == expected
    assert wl.phrase_seconds == {"in": frozenset({"fact"})}


def test_shared_tokens_and_marks_give_same_profile(lexicons, seed_sentences):
    from analysis.quote_marks import article_marks
    from analysis.tokens import words
    for sentences in seed_sentences.values():
        plain = tone_profile_and_words(sentences, lexicons=lexicons)
        shared = tone_profile_and_words(sentences, lexicons=lexicons,
                                        tokens=[words(s) for s in sentences],
                                        marks=article_marks(sentences))
        assert shared[1] == plain[1]
        assert shared[0] == pytest.approx(plain[0], nan_ok=True)


@pytest.mark.parametrize(
    ("sentence", "quoted_words"),
    [
        ("The so-called “China threat theory” is spreading fast.", 3),
        ('He called the talks "candid" and "in depth" on Friday.', 3),
        ("No quotation marks and nobody speaks here.", 0),
    ],
)
def test_quoted_words_without_attribution(lexicons, sentence, quoted_words):
    profile, rows = tone_profile_and_words([sentence], lexicons=lexicons)
    from analysis.tokens import word_count
    n_words = word_count(sentence)
    assert profile["tone_quoted_share"] == pytest.approx(100.0 * quoted_words / n_words)
    cues = {r["word"]: r["count"] for r in rows if r["dimension"] == "tone_quoted_share"}
    assert cues == ({"quotation marks": quoted_words} if quoted_words else {})


def test_word_table_is_not_pickled_and_is_found_again(lexicons):
    import pickle
    table = lexicons.word_table
    copy = pickle.loads(pickle.dumps(lexicons))
    assert "word_table" not in copy.__dict__
    assert copy == lexicons
    assert copy.word_table is table  # equal lexicons share one table per process


def test_tone_words_most_frequent_first_then_alphabetical(seed_004_text: str) -> None:
    from collections import Counter

    from analysis.sentences import split_sentences

    rows = tone_words(split_sentences(seed_004_text), lexicons=load_lexicons())
    assert rows
    for column in {r["dimension"] for r in rows}:
        mine = [(r["word"], r["count"]) for r in rows if r["dimension"] == column]
        assert mine == sorted(Counter(dict(mine)).items(), key=lambda kv: (-kv[1], kv[0]))


def test_phrase_only_words_skip_nothing_that_matches(
    lexicons, seed_000_text: str, seed_004_text: str
) -> None:
    """Skipping phrase-only words ("in", "of") before an impossible next word changes
    nothing: the same profile and words as a table without that shortcut."""
    from analysis.sentences import split_sentences

    table = lexicons.word_table
    assert {"in", "of"} <= table.phrase_only.keys()
    plain = load_lexicons()
    plain.__dict__["word_table"] = table._replace(phrase_only={})
    sentences = [*split_sentences(seed_000_text), *split_sentences(seed_004_text),
                 "It is in fact clear that, on the other hand, it may of course fail.",
                 "In Fact, Of Course, it was Not Clear; not clear at all."]
    for chunk in (sentences, [s.upper() for s in sentences]):
        assert tone_profile_and_words(chunk, lexicons=lexicons) == tone_profile_and_words(
            chunk, lexicons=plain)


# --- the fast scan (known-word memo, C-level position search, lower/syllable memos) ---

def _plain_scan(sentences: list[str], lexicons) -> tuple[dict, list[dict]]:
    """The straightforward scan the fast one replaces: every word looked up with
    `word_info`, one by one, no memo and no phrase-only shortcut."""
    from collections import Counter

    from analysis.quote_marks import article_marks
    from analysis.tokens import normalise_word, words
    from analysis.tone import INTENSITY_COLUMN, _list_hits, _profile, _quoted_word_count, _word_rows

    totals: Counter = Counter()
    hits = {c: Counter() for c in TONE_COLUMNS}
    for sentence, mark in zip(sentences, article_marks(sentences), strict=True):
        toks = words(sentence)
        if not toks:
            continue
        lower = [normalise_word(t) for t in toks]
        found = []
        for i, w in enumerate(lower):
            info = lexicons.word_info(w)
            if info.polarity:
                hits[info.polarity][w] += 1
            if info.strong:
                hits[INTENSITY_COLUMN][w] += 1
            if info.lists:
                found.append((i, info))
        if found:
            _list_hits(sentence, toks, lower, found, hits)
        totals.update(words=len(toks), sentences=1,
                      syllables=sum(syllables(w) for w in lower))
        quoted, cue = _quoted_word_count(sentence, len(toks), mark)
        if quoted:
            totals["quoted"] += quoted
            hits["tone_quoted_share"][cue] += quoted
    return _profile(totals, hits), _word_rows(hits)


def _varied_chunks(seed_000_text: str, seed_004_text: str) -> list[list[str]]:
    from analysis.sentences import split_sentences

    sentences = [*split_sentences(seed_000_text), *split_sentences(seed_004_text)]
    odd = ["It is in fact clear that, on the other hand, it may of course fail.",
           "In Fact, Of Course, it was Not Clear; not clear at all.",
           "Sanctioned firms were sanctioning others, “a threat”, he said.", "", "…",
           "May the Ministry’s officials MAY hesitate; they can’t be certain, can't they?"]
    return [sentences, [s.upper() for s in sentences], [s.lower() for s in sentences], odd,
            sentences[::-1]]


def test_fast_scan_equals_plain_scan(lexicons, seed_000_text: str, seed_004_text: str) -> None:
    for chunk in _varied_chunks(seed_000_text, seed_004_text):
        assert tone_profile_and_words(chunk, lexicons=lexicons) == _plain_scan(chunk, lexicons)


def test_fast_scan_same_with_fresh_memos(lexicons, seed_000_text: str) -> None:
    """A second pass (memos filled) and a fresh lexicons object (empty memos) agree."""
    from analysis.sentences import split_sentences

    sentences = [*split_sentences(seed_000_text), "Sanctioned and re-sanctioned, unhedged."]
    first = tone_profile_and_words(sentences, lexicons=lexicons)
    again = tone_profile_and_words(sentences, lexicons=lexicons)
    fresh = load_lexicons()
    fresh.__dict__["word_table"] = lexicons.word_table._replace(
        known=dict(lexicons.word_table.info), plain=set())
    assert first == again == tone_profile_and_words(sentences, lexicons=fresh)
    assert "sanctioned" not in lexicons.word_table.info
    assert "sanctioned" in lexicons.word_table.known  # remembered through its prefix


def test_article_id_rows_match_plain_rows(lexicons, seed_sentences) -> None:
    for article_id, sentences in seed_sentences.items():
        profile, rows = tone_profile_and_words(sentences, lexicons=lexicons)
        same, keyed = tone_profile_and_words(sentences, lexicons=lexicons, article_id=article_id)
        assert same == profile
        assert keyed == [{"article_id": article_id, **r} for r in rows]
        assert list(keyed[0]) == ["article_id", "dimension", "word", "count"]


@pytest.mark.parametrize(
    "sentence",
    ['"U.S." officials said', "“It’s fine,” he said, “2,000.5 times”.", 'a "b-c" d',
     "”carried over from before", 'x "never closed at all', "« Bonjour » dit-il",
     'A"B"C d', "(“in brackets”) done", 'He said "'],
)
def test_quoted_words_count_word_starts_inside_spans(sentence: str) -> None:
    from bisect import bisect_left

    from analysis.quote_marks import sentence_marks
    from analysis.tokens import WORD_PATTERN, words
    from analysis.tone import _quoted_word_count

    marks = sentence_marks(sentence)._replace(verbs=(), phrases=())  # quotes only
    starts = [m.start() for m in WORD_PATTERN.finditer(sentence)]
    expected = sum(bisect_left(starts, b) - bisect_left(starts, a) for a, b in marks.spans)
    assert _quoted_word_count(sentence, len(words(sentence)), marks)[0] == expected


def test_word_forms_equal_plain_forms(seed_000_text: str, seed_004_text: str) -> None:
    from analysis.tokens import normalise_word, words
    from analysis.tone_lists import word_forms

    for text in (seed_000_text, seed_004_text, seed_000_text.upper(), "China’s DON’T Don't"):
        tokens = words(text)
        plain = [normalise_word(t) for t in tokens]
        for _ in range(2):  # memo empty for new tokens, then filled
            lower, n_syllables, distinct = word_forms(tokens)
            assert lower == plain
            assert n_syllables == sum(syllables(w) for w in plain)
            assert distinct == set(plain)


def test_full_memos_give_the_same_profile(
    lexicons, seed_004_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the memos full (limit 0), words are computed without being remembered."""
    from analysis import tone_lists
    from analysis.sentences import split_sentences

    sentences = [*split_sentences(seed_004_text), "Unsanctioned, sanctionable talk."]
    expected = tone_profile_and_words(sentences, lexicons=lexicons)
    full = load_lexicons()
    full.__dict__["word_table"] = lexicons.word_table._replace(
        known=dict(lexicons.word_table.info), known_limit=0, plain=set())
    monkeypatch.setattr(tone_lists, "MEMO_WORDS", 0)
    assert tone_profile_and_words(sentences, lexicons=full) == expected
    assert not full.word_table.plain
