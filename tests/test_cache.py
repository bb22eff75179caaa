"""The per-article cache: keys follow content and settings, hits skip the work."""

import pandas as pd
import pytest

from analysis import pipeline
from analysis.cache import ArticleCache, article_key, corpus_key, default_cache_dir
from analysis.settings import Settings

ARTICLE = {
    "article_id": "a1",
    "source": "Outlet A",
    "title": "Blinken meets Xi in Beijing",
    "text": "U.S. Secretary of State Antony Blinken met Chinese President Xi Jinping on "
    "Monday. Both sides called the talks candid and constructive.",
}


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings.default()


@pytest.mark.parametrize(
    ("change", "same_key"),
    [
        ({}, True),
        ({"source": "Outlet B"}, True),
        ({"url": "https://example.com/x"}, True),
        ({"story": "Another story"}, True),
        ({"text": ARTICLE["text"] + " Officials said more talks would follow."}, False),
        ({"title": "Xi meets Blinken"}, False),
        ({"article_id": "a2"}, False),
    ],
)
def test_article_key_follows_content_not_metadata(settings, change, same_key):
    assert (article_key({**ARTICLE, **change}, settings) == article_key(ARTICLE, settings)) \
        is same_key


def test_article_key_changes_when_settings_change(settings):
    with_balloon = settings.with_topic(name="Balloon", terms=["balloon"])
    assert with_balloon.fingerprint() != settings.fingerprint()
    assert article_key(ARTICLE, with_balloon) != article_key(ARTICLE, settings)
    assert Settings.default().fingerprint() == settings.fingerprint()


def test_corpus_key_depends_on_every_part():
    base = corpus_key(kind="corpus", parts=[["k1", "k2"], [["a", "Outlet A"]]])
    assert base == corpus_key(kind="corpus", parts=[["k1", "k2"], [["a", "Outlet A"]]])
    assert base != corpus_key(kind="corpus", parts=[["k1", "k3"], [["a", "Outlet A"]]])
    assert base != corpus_key(kind="corpus", parts=[["k1", "k2"], [["a", "Outlet B"]]])


def test_cache_stores_and_returns_values(tmp_path):
    cache = ArticleCache(tmp_path / "c")
    assert cache.get_many(["missing"]) == {} and len(cache) == 0
    cache.put_many({"k1": {"rows": [1, 2]}, "k2": "two"})
    assert cache.get_many(["k1", "k2", "k3"]) == {"k1": {"rows": [1, 2]}, "k2": "two"}
    cache.put("k2", "replaced")
    assert cache.get("k2") == "replaced" and len(cache) == 2
    cache.clear()
    assert len(cache) == 0


def test_default_cache_dir_follows_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SLANT_CACHE_DIR", str(tmp_path / "env-cache"))
    assert default_cache_dir() == tmp_path / "env-cache"
    monkeypatch.delenv("SLANT_CACHE_DIR")
    assert str(default_cache_dir()) == ".slant-cache"


def _counting_runner(calls: list[int]):
    def run(records, *, settings, progress):
        calls.append(len(records))
        return pipeline.run_local(records, settings=settings, progress=progress)

    return run


@pytest.fixture
def counted(sample_corpus, tmp_path):
    """(cache, the sample's records, the record counts each runner call analysed, runner)."""
    calls: list[int] = []
    return (ArticleCache(tmp_path), pipeline.article_records(sample_corpus), calls,
            _counting_runner(calls))


def test_second_run_hits_the_cache_for_every_article(counted, settings):
    cache, records, calls, runner = counted
    first, keys = pipeline.analyze_records(records, settings=settings, runner=runner, cache=cache)
    again, keys_again = pipeline.analyze_records(records, settings=settings, runner=runner,
                                                 cache=cache)
    assert calls == [2, 0]
    assert keys == keys_again
    assert [t.sentences for t in again] == [t.sentences for t in first]


def test_changed_article_is_the_only_miss(counted, settings):
    cache, records, calls, runner = counted
    pipeline.analyze_records(records, settings=settings, runner=runner, cache=cache)
    edited = [records[0], {**records[1], "text": records[1]["text"] + "\n\nA new paragraph."}]
    pipeline.analyze_records(edited, settings=settings, runner=runner, cache=cache)
    assert calls == [2, 1]


def test_warm_results_equal_cold_results(sample_corpus, tmp_path):
    cold = pipeline.analyze(sample_corpus, cache=tmp_path)
    warm = pipeline.analyze(sample_corpus, cache=tmp_path)
    for name in cold.table_names():
        pd.testing.assert_frame_equal(getattr(warm, name), getattr(cold, name), obj=name)


def test_renamed_source_reuses_articles_but_not_source_tables(sample_corpus, tmp_path):
    pipeline.analyze(sample_corpus, cache=tmp_path)
    renamed = pipeline.analyze(sample_corpus.assign(source="One outlet"), cache=tmp_path)
    assert list(renamed.sources["source"]) == ["One outlet"]
    assert renamed.sources.loc[0, "n_articles"] == 2


def test_unchanged_batch_is_read_whole(counted, settings):
    cache, records, calls, runner = counted
    first, keys = pipeline.analyze_frames(records, settings=settings, runner=runner, cache=cache)
    looked_up: list[list[str]] = []
    get_many = cache.get_many
    cache.get_many = lambda ks: (looked_up.append(list(ks)), get_many(ks))[1]
    again, keys_again = pipeline.analyze_frames(records, settings=settings, runner=runner,
                                                cache=cache)
    assert calls == [2] and keys_again == keys
    # one lookup, of the assembled batch; no article's rows were unpickled one by one
    assert looked_up == [[pipeline.batch_key(records, keys=keys)]]
    for name, frame in first.items():
        pd.testing.assert_frame_equal(again[name], frame, obj=name)
    moved = [{**records[0], "story": "Another story"}, records[1]]
    assert pipeline.batch_key(moved, keys=keys) != pipeline.batch_key(records, keys=keys)


def test_article_keys_equal_article_key_one_by_one(sample_corpus, settings):
    from analysis.cache import article_keys

    records = pipeline.article_records(sample_corpus)
    records = [*records, {**records[0], "title": None}, {"article_id": "x", "text": float("nan")}]
    assert article_keys(records, settings) == [article_key(r, settings) for r in records]
    assert article_keys([], settings) == []


def test_two_processes_fill_the_cache_from_the_workers(sample_corpus, settings, tmp_path,
                                                        monkeypatch):
    """Pool workers store each article's tables; the next run reads every article back."""
    corpus = pd.concat([sample_corpus.assign(article_id=sample_corpus["article_id"] + f"-{i}")
                        for i in range(3)], ignore_index=True)
    monkeypatch.setattr(pipeline, "BATCH_ARTICLES", 4)  # two batches, the second started early
    cache = ArticleCache(tmp_path)
    two = pipeline.analyze(corpus, processes=2, cache=cache)
    records = pipeline.article_records(corpus)
    keys = [article_key(r, settings) for r in records]
    assert set(cache.get_many(keys)) == set(keys)
    one = pipeline.analyze(corpus)
    for name in one.table_names():
        pd.testing.assert_frame_equal(getattr(two, name), getattr(one, name), obj=name)
