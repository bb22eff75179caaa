"""Voices: quoted spans, attribution, speakers, and the per-source voice tables."""

import pandas as pd
import pytest

from analysis.quote_marks import sentence_marks
from analysis.quotes import (
    UNATTRIBUTED,
    _cues,
    extract_quotes,
    is_attributed,
    quoted_share_by_source,
    quoted_spans,
    voices_by_source,
)
from analysis.speakers import (
    canonical_speakers,
    full_names,
    is_organisation,
    normalise_organisation,
    strip_titles,
)
from analysis.vader import get_scorer

SEED_000 = "000_bbf5bfafb942b6c3"
SEED_004 = "004_d19ef8a8fb16cabf"


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("Blinken “underscored the importance,” Miller said.", ["underscored the importance,"]),
        ('He called it "constructive" and "candid" talks.', ["constructive", "candid"]),
        ("“We will keep talking,” she said, “because silence helps no one.”",
         ["We will keep talking,", "because silence helps no one."]),
        ("China’s foreign ministry didn't comment on the U.S.′ claims.", []),
        ("Wang urged Washington to drop its so-called “China threat theory,” the ministry said.",
         ["China threat theory,"]),
        ('Wang had "demanded that the US stop hyping up the \'China threat theory,\'" it said.',
         ["demanded that the US stop hyping up the 'China threat theory,'"]),
        ("“A long quote runs on past its sentence", ["A long quote runs on past its sentence"]),
        ("and ends here,” the minister said.", ["and ends here,"]),
        ("", []),
    ],
)
def test_quoted_spans(text, inside):
    assert [text[a:b] for a, b in quoted_spans(text)] == inside


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Biden stated on Saturday that he hoped to meet with Xi in the upcoming months.", True),
        ("According to a US official, Blinken met with Wang Yi for about three hours.", True),
        ("“We are ready,” a Pentagon spokesperson told reporters.", True),
        ("Wang stressed that the visit came at a critical juncture.", True),
        ("The United States and China are the two largest economies on the planet.", False),
        ("Blinken and Wang greeted each other and sat for their talks.", False),
        ("The banner read “as the minister said yesterday” in red letters.", False),
        ("", False),
    ],
)
def test_is_attributed(sentence, expected):
    assert is_attributed(sentence) is expected


def _by_sentence(quotes):
    return {q.sentence_id: q for q in quotes}


def test_seed_000_voices(seed_sentences):
    sentences = seed_sentences[SEED_000]
    quotes = _by_sentence(extract_quotes(sentences))
    miller = [q for q in quotes.values() if q.speaker == "Matthew Miller"]
    # the statement quote and its continuation in the next sentence ("The secretary also ...")
    assert [q.kind for q in miller] == ["direct", "direct"]
    assert miller[0].text.startswith("underscored the importance of responsibly managing")
    assert miller[1].text.startswith("reiterated that the United States will continue")
    wang = [q for q in quotes.values() if q.speaker == "Wang Yi"]
    assert {q.kind for q in wang} == {"direct", "indirect"}
    # "He said ... “erroneous perception of China ...”" right after "Wang stressed"
    assert any(q.text.startswith("erroneous perception of China") for q in wang)
    assert "Xinhua" in {q.speaker for q in quotes.values()}


def test_seed_004_voices(seed_sentences):
    quotes = extract_quotes(seed_sentences[SEED_004])
    by_text = {q.text[:31]: q.speaker for q in quotes}
    ministry = "Chinese Ministry of Foreign Affairs"
    assert by_text["coincides with a critical junct"] == ministry
    # 'Wang had "demanded ..." it said.' -> "it" is the ministry of the previous sentences
    assert by_text["demanded that the US stop hypin"] == ministry
    assert by_text["underscored the importance of r"] == "State Department"
    assert by_text["exactly so that we can make sur"] == "Antony Blinken"
    assert by_text["benefit our two countries"] == "Xi Jinping"
    assert "Joe Biden" in {q.speaker for q in quotes if q.kind == "indirect"}


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        (["“The door remains open,” said Kremlin spokesman Dmitry Peskov."],
         [("Dmitry Peskov", "The door remains open", "direct")]),
        (["Australian Foreign Minister Penny Wong said the talks were useful.",
          "“We will keep talking,” she said, “because silence helps no one.”"],
         [("Penny Wong", "Australian Foreign Minister Penny Wong said the talks were useful.",
           "indirect"),
          ("Penny Wong", "We will keep talking … because silence helps no one", "direct")]),
        (["The deal is fragile, according to a senior EU diplomat."],
         [("EU diplomat", "The deal is fragile, according to a senior EU diplomat.",
           "indirect")]),
        (["Officials met in Geneva on “a constructive and open basis” for two days."],
         [(UNATTRIBUTED, "a constructive and open basis", "direct")]),
        (["The talks were described as “useful” by several observers at the venue."], []),
        (["Officials said the bridge would reopen on Friday.",
          "Critics warned that “the plan is far too costly.”"],
         [("officials", "Officials said the bridge would reopen on Friday.", "indirect"),
          ("critics", "the plan is far too costly", "direct")]),
        ([], []),
    ],
)
def test_extract_quotes_cases(sentences, expected):
    got = [(q.speaker, q.text, q.kind) for q in extract_quotes(sentences)]
    assert got == expected


@pytest.mark.parametrize(
    ("name", "text", "canonical"),
    [
        ("Secretary Blinken", "U.S. Secretary of State Antony Blinken met Xi.", "Antony Blinken"),
        ("Blinken", "U.S. Secretary of State Antony Blinken met Xi.", "Antony Blinken"),
        ("Wang", "Blinken met top Chinese diplomat Wang Yi on Monday.", "Wang Yi"),
        ("Wang", "Wang Yi met Blinken; Wang Wenbin briefed reporters.", "Wang"),
        ("the Chinese foreign ministry", "", "Chinese Ministry of Foreign Affairs"),
        ("Chinese Ministry of Foreign Affairs", "", "Chinese Ministry of Foreign Affairs"),
        ("China's foreign ministry", "", "Chinese Ministry of Foreign Affairs"),
        ("U.S. State Department", "", "State Department"),
        ("US official", "", "US official"),
    ],
)
def test_canonical_speakers(name, text, canonical):
    assert canonical_speakers([name], text=text)[name] == canonical


def test_normalise_organisation_defence():
    assert normalise_organisation("Japan's defence ministry") == "Japanese Ministry of Defence"


@pytest.fixture(scope="module")
def seed_tables(seed_sentences):
    scorer = get_scorer()
    articles = pd.DataFrame({"article_id": [SEED_000, SEED_004], "source": ["A", "B"]})
    sent_rows, quote_rows = [], []
    for aid, sentences in seed_sentences.items():
        for i, s in enumerate(sentences):
            sent_rows.append({"article_id": aid, "sentence_id": i, "text": s,
                              "compound": scorer.polarity_scores(s)["compound"]})
        for q in extract_quotes(sentences):
            quote_rows.append({"article_id": aid, "sentence_id": q.sentence_id,
                               "speaker": q.speaker, "text": q.text, "kind": q.kind,
                               "compound": scorer.polarity_scores(q.text)["compound"]})
    return pd.DataFrame(quote_rows), pd.DataFrame(sent_rows), articles


def test_voices_by_source(seed_tables):
    voices = voices_by_source(*seed_tables)
    a = voices[voices["source"] == "A"].set_index("speaker")
    assert a.loc["Matthew Miller", "quotes"] == 2
    assert a.loc["Matthew Miller", "direct"] == 2
    assert a.loc["Wang Yi", "quotes"] == 3
    b = voices[voices["source"] == "B"].set_index("speaker")
    assert b.loc["Chinese Ministry of Foreign Affairs", "quotes"] == 4
    assert 0 < b.loc["Chinese Ministry of Foreign Affairs", "share_of_words"] < 1
    # sorted by words within a source
    assert list(a["words"]) == sorted(a["words"], reverse=True)


def test_quoted_share_by_source(seed_tables):
    share = quoted_share_by_source(*seed_tables).set_index("source")
    for source in ("A", "B"):
        row = share.loc[source]
        assert 0 < row["quoted_share"] < 0.5
        assert row["quoted_share"] + row["narration_share"] == pytest.approx(1.0)
        assert -1 <= row["narration_compound"] <= 1
    assert share.loc["A", "quoted_words"] > 60


def test_tables_empty_input():
    empty = pd.DataFrame(columns=["article_id", "sentence_id", "text", "kind", "speaker"])
    articles = pd.DataFrame(columns=["article_id", "source"])
    assert voices_by_source(empty, empty, articles).empty
    assert quoted_share_by_source(empty, empty, articles).empty


def test_share_without_direct_quotes(seed_tables):
    quotes, sentences, articles = seed_tables
    indirect = quotes[quotes["kind"] == "indirect"].reset_index(drop=True)
    share = quoted_share_by_source(indirect, sentences, articles).set_index("source")
    assert (share["quoted_words"] == 0).all()
    assert (share["narration_share"] == 1.0).all()
    assert share["quoted_compound"].isna().all()
    assert (share["attributed_share"] > 0).all()
    no_quotes = quotes.iloc[0:0].astype({"text": "str", "kind": "str"})
    assert (quoted_share_by_source(no_quotes, sentences, articles)["quoted_words"] == 0).all()


# --- the shared quote scan and the windowed speaker search (hot-path speed-ups) ---

def test_extract_quotes_with_given_marks(seed_sentences):
    from analysis.quote_marks import article_marks
    for sentences in seed_sentences.values():
        assert extract_quotes(sentences, marks=article_marks(sentences)) == extract_quotes(
            sentences)


LONG_OPENING = ("After two days of talks in Beijing that ended without a joint statement on "
                "trade, export controls or military channels, ")


@pytest.mark.parametrize(
    ("narration", "speaker"),
    [
        (LONG_OPENING + "Chinese Foreign Ministry spokesperson Wang Wenbin", "Wang Wenbin"),
        (LONG_OPENING + "a senior US official", "US official"),
        (LONG_OPENING + "he also", "he"),
        # a name run longer than the window: the whole narration is read
        ("Speaking in Beijing, Ministry Of Foreign Affairs Of The People’s Republic Of China "
         "Spokesperson Office Director General Hua Chunying",
         "Ministry Of Foreign Affairs Of The People’s Republic Of China Spokesperson Office "
         "Director General Hua Chunying"),
    ],
)
def test_subject_before_long_narration(narration, speaker):
    from analysis.speakers import WINDOW_CHARS, subject_before
    assert len(narration) > WINDOW_CHARS
    assert subject_before(narration) == speaker


@pytest.mark.parametrize(
    ("narration", "speaker"),
    [
        (" Kremlin spokesman Dmitry Peskov told reporters on Friday in Moscow, adding that talks "
         "with Washington would continue next month.", "Dmitry Peskov"),
        (" a senior EU diplomat who asked not to be named because the talks were private and "
         "still going on.", "EU diplomat"),
        (" the State Department, which had briefed reporters in Washington about the trip "
         "on Thursday evening.", "State Department"),
    ],
)
def test_subject_after_long_narration(narration, speaker):
    from analysis.speakers import WINDOW_CHARS, subject_after
    assert len(narration) > WINDOW_CHARS
    assert subject_after(narration) == speaker


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("U.S. officials said", ["U.S.", "officials", "said"]),
        ("the U.S officials", ["the", "U", ".", "S", "officials"]),
        ("China’s U.K.-based envoy", ["China’s", "U.K.", "-", "based", "envoy"]),
        ("Spokesperson Wang Wenbin, A.B.C.", ["Spokesperson", "Wang", "Wenbin", ",", "A.B.C."]),
    ],
)
def test_name_tokens_keep_initialisms(text, tokens):
    from analysis.speakers import name_tokens
    assert name_tokens(text) == tokens


def _plain_single_name(name: str, text: str) -> str:
    """The reference rule for one single-word person name: the one full name of the text
    that starts or ends with it."""
    known = full_names(text)
    matches = {n for n in known if name in (n.split()[0], n.split()[-1])}
    return matches.pop() if len(matches) == 1 else name


def test_single_names_resolve_like_the_plain_rule(seed_000_text: str, seed_004_text: str) -> None:
    for text in (seed_000_text, seed_004_text):
        names = {w.strip(".,;:’'\"“”()") for w in text.split() if w[:1].isupper()}
        names = {n for n in names if n.isalpha() and not is_organisation(n)}
        mapping = canonical_speakers(names, text=text)
        assert mapping == {n: _plain_single_name(strip_titles(n), text) for n in names}


def test_cues_in_text_order_with_their_kind() -> None:
    marks = sentence_marks("According to Reuters, Wang said the talks, as Blinken noted, "
                           "ended, he added in a statement.")
    cues = _cues(marks)
    assert [(c[1], c[2].group()) for c in cues] == [
        (False, "According to"), (True, "said"), (True, "noted"), (True, "added"),
        (False, "in a statement")]
    assert [c[0] for c in cues] == sorted(c[0] for c in cues)


def test_subject_before_windows_change_nothing(
    seed_sentences: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every prefix of every seed sentence: the tail windows give the whole text's answer."""
    from analysis import speakers

    prefixes = [s[:i] for doc in seed_sentences.values() for s in doc
                for i, c in enumerate(s) if c == " "]
    fast = [speakers.subject_before(p) for p in prefixes]
    monkeypatch.setattr(speakers, "BEFORE_WINDOWS", ())
    assert fast == [speakers.subject_before(p) for p in prefixes]
    assert any(fast)


@pytest.mark.parametrize("summary", [voices_by_source, quoted_share_by_source])
def test_article_word_counts_give_the_same_shares(seed_tables, summary):
    # The dashboard passes the articles table with n_words; summing it must equal counting
    # the words of every sentence (what happens without the column).
    from analysis.tokens import word_count

    quotes, sentences, articles = seed_tables
    counts = sentences.assign(n=sentences["text"].map(word_count)).groupby("article_id")["n"].sum()
    with_counts = articles.assign(n_words=articles["article_id"].map(counts))
    assert with_counts["n_words"].gt(100).all()
    pd.testing.assert_frame_equal(summary(quotes, sentences, with_counts),
                                  summary(quotes, sentences, articles))


@pytest.mark.parametrize("summary", [voices_by_source, quoted_share_by_source])
def test_precounted_quote_words_give_the_same_tables(seed_tables, summary):
    from analysis.quotes import with_quote_word_counts

    quotes, sentences, articles = seed_tables
    counted = with_quote_word_counts(quotes)
    assert counted["n_words"].sum() > 50  # the seeds' quotes really were counted
    pd.testing.assert_frame_equal(summary(counted, sentences, articles),
                                  summary(quotes, sentences, articles))


def test_capitalised_runs_same_as_greedy_pattern(seed_000_text: str, seed_004_text: str) -> None:
    """The possessive CAPITALISED_RUN finds exactly what the plain greedy pattern finds."""
    import re

    from analysis.speakers import CAPITALISED_RUN

    greedy = re.compile(r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?(?: [A-Z][a-z]+(?:-[A-Z]?[a-z]+)?)+")
    odd = ("Jean-Yves Le Drian met Wang Yi-Ping and The Hague; Al-Qaeda Mr. Xi Jinping-"
           " Vice Premier He Lifeng.Secretary Blinken  Antony Blinken-Smith X Y Zed Zed")
    for text in (seed_000_text, seed_004_text, odd, odd.upper(), odd.lower()):
        assert CAPITALISED_RUN.findall(text) == greedy.findall(text)
