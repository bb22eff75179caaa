"""Tests for analysis.topics: term matching, topic files, per-article and per-source tables."""

import math

import pandas as pd
import pytest

from analysis.topics import (
    Mention,
    Topic,
    TopicsFileError,
    article_topic_rows,
    count_mentions,
    highlight_spans,
    load_topics,
    parse_terms,
    source_topics,
    topics_from_toml,
    topics_to_toml,
    with_topic,
)

TAIWAN = Topic("Taiwan", ("Taiwan", "Taiwanese", "Taiwan Strait", "Taipei"))
UKRAINE = Topic("Ukraine", ("Ukraine", "Ukrainian", "Kyiv"))
UKRAINE_WILD = Topic("Ukraine", ("Ukrain*",))
SANCTIONS = Topic("Sanctions", ("sanction", "export controls"))
TRADE = Topic("Trade", ("trade", "tariff"))
TECH = Topic("Technology", ("AI", "chip", "Huawei"))
RIGHTS = Topic("Human rights", ("human rights", "Hong Kong", "Uyghur"))
SEA = Topic("Military", ("South China Sea", "PLA"))


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        ("Blinken raised Taiwan with Xi.", TAIWAN, 1),
        ("Taiwanese officials welcomed the visit.", TAIWAN, 1),
        ("Warships crossed the Taiwan Strait on Sunday.", TAIWAN, 1),  # one mention, not two
        ("Taiwan’s president and Taiwan's parliament.", TAIWAN, 2),
        ("tensions over the taiwan strait and TAIWAN", TAIWAN, 2),
        ("The Taiwan-Strait crossing.", TAIWAN, 1),
        ("Thailand and Tahiti are not on the list.", TAIWAN, 0),
        ("Russia’s full-scale invasion of Ukraine.", UKRAINE, 1),
        ("Ukrainians fled; Ukrainian troops held Kyiv.", UKRAINE, 3),
        ("Ukraine’s allies met Ukrainians in Ukrainian cities.", UKRAINE_WILD, 3),
        ("to lift sanctions against Beijing", SANCTIONS, 1),
        ("Firms were sanctioned and sanctioning continues.", SANCTIONS, 2),
        ("new export controls on chips", SANCTIONS, 1),
        ("a sanctimonious speech", SANCTIONS, 0),
        ("Sanctuary cities", SANCTIONS, 0),
        ("trading partners raised tariffs on traded goods", TRADE, 3),
        ("the trademark dispute", TRADE, 0),
        ("AI chips from Huawei", TECH, 3),
        ("he said ai is overhyped; Aid arrived", TECH, 0),
        ("human rights in China and Hong Kong", RIGHTS, 2),
        ("Hong\u00a0Kong and human  rights", RIGHTS, 2),
        ("military assertiveness in the South China Sea", SEA, 1),
        ("PLA's drills; plague and plan", SEA, 1),
        ("", TAIWAN, 0),
    ],
)
def test_count_mentions_table(text: str, topic: Topic, expected: int) -> None:
    assert len(count_mentions([text], [topic])[0]) == expected


def test_mention_records_term_span_and_surface_text() -> None:
    text = "Tensions in the Taiwan Strait rose."
    [mention] = count_mentions([text], [TAIWAN])[0]
    assert mention == Mention("Taiwan", "Taiwan Strait", 16, 29, "Taiwan Strait")
    assert text[mention.start : mention.end] == mention.text


def test_count_mentions_is_per_sentence_and_per_topic() -> None:
    sentences = ["Taiwan and sanctions.", "Nothing here.", "Sanctions on Kyiv's enemies."]
    result = count_mentions(sentences, [TAIWAN, UKRAINE, SANCTIONS])
    assert [[m.topic for m in ms] for ms in result] == [
        ["Taiwan", "Sanctions"], [], ["Ukraine", "Sanctions"]]


@pytest.mark.parametrize(
    ("topic", "expected"),
    [("Taiwan", 1), ("Ukraine", 1), ("Sanctions", 1), ("Military", 2), ("Fentanyl", 0)],
)
def test_default_topics_on_seed_000(seed_000_text: str, topic: str, expected: int) -> None:
    topics = [t for t in load_topics() if t.name == topic]
    assert len(count_mentions([seed_000_text], topics)[0]) == expected


@pytest.mark.parametrize(
    ("topic", "expected_forms"),
    [
        ("Taiwan", {"Taiwan", "Taiwan Strait"}),
        ("Ukraine", {"Ukraine"}),
        ("Fentanyl", {"fentanyl", "opioid", "precursors"}),
        ("Human rights", {"human rights", "Hong Kong", "detained"}),
    ],
)
def test_default_topics_on_seed_004(seed_004_text: str, topic: str, expected_forms: set) -> None:
    topics = [t for t in load_topics() if t.name == topic]
    assert {m.text for m in count_mentions([seed_004_text], topics)[0]} == expected_forms


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        ("Taiwanese voters and the Taiwan Strait.", "Taiwan", 2),
        ("Ukrainians returned to Kyiv.", "Ukraine", 2),
        ("Russia’s war against Ukraine.", "Ukraine", 1),
        ("Two firms were sanctioned under new export controls.", "Sanctions", 2),
        ("A sanctimonious lecture.", "Sanctions", 0),
        ("Chinese military assertiveness in the South China Sea.", "Military", 2),
        ("Stop the production of fentanyl precursors.", "Fentanyl", 2),
        ("The state of human rights in China and Hong Kong.", "Human rights", 2),
        ("Trading partners raised tariffs.", "Trade", 2),
        ("Xi and the CEO discussed AI and chips.", "Technology", 2),
        ("He said the aim was fair.", "Technology", 0),
    ],
)
def test_default_topics_brief_examples(text: str, topic: str, expected: int) -> None:
    topics = [t for t in load_topics() if t.name == topic]
    assert len(count_mentions([text], topics)[0]) == expected


def test_default_topics_file_has_the_brief_topics() -> None:
    names = [t.name for t in load_topics()]
    assert names[:3] == ["Taiwan", "Ukraine", "Sanctions"]
    assert {"Human rights", "Trade", "Military", "Fentanyl", "Technology"} <= set(names)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[[topic]\nname = 'x'", "not valid TOML"),
        ("title = 'no topics'", "no [[topic]]"),
        ("[[topic]]\nterms = ['a']", "has no `name`"),
        ("[[topic]]\nname = 'Trade'\nterms = 'tariff'", "list of strings"),
        ("[[topic]]\nname = 'Trade'\nterms = []", "at least one term"),
        ("[[topic]]\nname = 'Trade'\nterms = ['a']\n[[topic]]\nname = 'trade'\nterms = ['b']",
         "defined twice"),
    ],
)
def test_load_topics_errors_name_file_and_problem(tmp_path, content: str, message: str) -> None:
    path = tmp_path / "my_topics.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TopicsFileError, match="my_topics.toml") as info:
        load_topics(path)
    assert message in str(info.value)


def test_load_topics_missing_file(tmp_path) -> None:
    with pytest.raises(TopicsFileError, match="missing.toml"):
        load_topics(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tariff, trade war\nexport controls", ("tariff", "trade war", "export controls")),
        ("  Taiwan ,, Taiwan Strait ;\n\n", ("Taiwan", "Taiwan Strait")),
        ("chip, Chip, “semiconductor”", ("chip", "semiconductor")),
        ("", ()),
    ],
)
def test_parse_terms(text: str, expected: tuple) -> None:
    assert parse_terms(text) == expected


def test_with_topic_adds_and_replaces() -> None:
    topics = (TAIWAN, UKRAINE)
    added = with_topic(topics, name="Fentanyl", terms=["fentanyl", "opioid"])
    assert [t.name for t in added] == ["Taiwan", "Ukraine", "Fentanyl"]
    replaced = with_topic(added, name="taiwan", terms=("Taipei",))
    assert replaced[0] == Topic("taiwan", ("Taipei",)) and len(replaced) == 3
    assert topics == (TAIWAN, UKRAINE)  # inputs untouched
    with pytest.raises(ValueError, match="at least one term"):
        with_topic(topics, name="Empty", terms=[" "])


def test_topics_to_toml_round_trips() -> None:
    odd = Topic('Quotes "odd" \\ slash', ("Xi's visit", "Ukrain*", "C:\\path"))
    topics = (TAIWAN, odd, load_topics()[2])
    assert topics_from_toml(topics_to_toml(topics)) == topics
    assert {t for t in load_topics()} >= {load_topics()[0]}  # topics are hashable


def test_highlight_spans_do_not_overlap_across_topics() -> None:
    text = "Drills in the South China Sea near Taiwan."
    china = Topic("China", ("China",))
    spans = highlight_spans(text, [china, SEA, TAIWAN])
    assert [(text[m.start : m.end], m.topic) for m in spans] == [
        ("South China Sea", "Military"), ("Taiwan", "Taiwan")]


def test_article_topic_rows_include_zeros_and_sentiment() -> None:
    sentences = ["Taiwan was raised.", "Sanctions hurt trade.", "Taiwan’s talks were candid."]
    topic_rows, sentence_rows = article_topic_rows(
        article_id="a1", sentences=sentences, compounds=[0.0, -0.5, 0.4], n_words=100,
        topics=[TAIWAN, SANCTIONS, UKRAINE])
    frame = pd.DataFrame(topic_rows).set_index("topic")
    assert frame.loc["Taiwan", ["mentions", "sentences"]].tolist() == [2, 2]
    assert frame.loc["Taiwan", "per_1k_words"] == pytest.approx(20.0)
    assert frame.loc["Taiwan", "sentiment"] == pytest.approx(0.2)
    assert frame.loc["Sanctions", "sentiment"] == pytest.approx(-0.5)
    assert frame.loc["Ukraine", "mentions"] == 0 and math.isnan(frame.loc["Ukraine", "sentiment"])
    assert sentence_rows == [
        {"article_id": "a1", "sentence_id": 0, "topic": "Taiwan", "mentions": 1, "terms": "Taiwan"},
        {"article_id": "a1", "sentence_id": 2, "topic": "Taiwan", "mentions": 1,
         "terms": "Taiwan’s"},
        {"article_id": "a1", "sentence_id": 1, "topic": "Sanctions", "mentions": 1,
         "terms": "Sanctions"},
    ]


def test_article_topic_rows_empty_article() -> None:
    rows, sentence_rows = article_topic_rows(
        article_id="e", sentences=[], compounds=[], n_words=0, topics=[TAIWAN])
    assert rows[0]["mentions"] == 0 and rows[0]["per_1k_words"] == 0.0 and sentence_rows == []


def _tables():
    topics = [TAIWAN, SANCTIONS]
    articles = [
        ("a1", "Outlet A", ["Taiwan and Taiwan Strait.", "Sanctions bite.", "Calm day."],
         [0.5, -0.5, 0.0]),
        ("a2", "Outlet A", ["Nothing on it.", "Still nothing."], [0.1, 0.2]),
        ("b1", "Outlet B", ["Taiwan again.", "Taipei replied."], [-0.2, -0.4]),
    ]
    topic_rows, st_rows, sentence_rows, article_rows = [], [], [], []
    for article_id, source, sentences, compounds in articles:
        n_words = 50
        rows, srows = article_topic_rows(article_id=article_id, sentences=sentences,
                                         compounds=compounds, n_words=n_words, topics=topics)
        topic_rows += rows
        st_rows += srows
        sentence_rows += [{"article_id": article_id, "sentence_id": i, "compound": c}
                          for i, c in enumerate(compounds)]
        article_rows.append({"article_id": article_id, "source": source, "n_words": n_words,
                             "n_sentences": len(sentences)})
    return (pd.DataFrame(topic_rows), pd.DataFrame(st_rows), pd.DataFrame(sentence_rows),
            pd.DataFrame(article_rows))


@pytest.mark.parametrize(
    ("source", "topic", "expected"),
    [
        ("Outlet A", "Taiwan", {"mentions": 2, "per_1k_words": 20.0, "share_sentences": 0.2,
                                "share_articles": 0.5, "sentiment": 0.5, "n_sentences": 1}),
        ("Outlet A", "Sanctions", {"mentions": 1, "per_1k_words": 10.0, "share_sentences": 0.2,
                                   "share_articles": 0.5, "sentiment": -0.5, "n_sentences": 1}),
        ("Outlet B", "Taiwan", {"mentions": 2, "per_1k_words": 40.0, "share_sentences": 1.0,
                                "share_articles": 1.0, "sentiment": -0.3, "n_sentences": 2}),
        ("Outlet B", "Sanctions", {"mentions": 0, "per_1k_words": 0.0, "share_sentences": 0.0,
                                   "share_articles": 0.0, "n_sentences": 0}),
    ],
)
def test_source_topics_table(source: str, topic: str, expected: dict) -> None:
    frame = source_topics(*_tables()).set_index(["source", "topic"])
    row = frame.loc[(source, topic)]
    for column, value in expected.items():
        assert row[column] == pytest.approx(value), column
    if row["n_sentences"]:
        assert row["ci_low"] <= row["sentiment"] <= row["ci_high"]
    else:
        assert math.isnan(row["sentiment"]) and math.isnan(row["ci_low"])


def test_source_topics_empty() -> None:
    empty = pd.DataFrame()
    frame = source_topics(empty, empty, empty, empty)
    assert frame.empty and "share_articles" in frame.columns


def test_source_topics_without_sentence_counts_or_mentions() -> None:
    topics_df, _, sentences_df, articles_df = _tables()
    frame = source_topics(topics_df, pd.DataFrame(), sentences_df,
                          articles_df.drop(columns="n_sentences")).set_index(["source", "topic"])
    assert frame.loc[("Outlet B", "Taiwan"), "share_sentences"] == pytest.approx(1.0)
    assert frame["n_sentences"].eq(0).all() and frame["sentiment"].isna().all()


@pytest.mark.parametrize("bad_term", ["*", " ", "--", "'"])
def test_terms_without_letters_never_match(bad_term: str) -> None:
    topic = Topic("Odd", (bad_term, "tariff"))
    assert [m.text for m in count_mentions(["New tariffs - and * more."], [topic])[0]] == [
        "tariffs"]
