"""`python -m analysis analyze ...` on the sample, on bad input and with its options."""

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import cli, pipeline, readers
from analysis.paths import REPO_DIR
from analysis.results import Results

NEWS = (
    "Chinese President Xi Jinping met U.S. Secretary of State Antony Blinken in Beijing on "
    "Monday. Both sides described the talks as candid and constructive. Washington said it "
    "would keep pressing Beijing on sanctions and on Taiwan."
)


def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(args, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory, sample_dir):
    out_dir = tmp_path_factory.mktemp("out")
    code, out, err = run(["analyze", str(sample_dir), "--out", str(out_dir), "--no-cache",
                          "--quiet"])
    return code, out, err, out_dir


def test_sample_exits_zero_and_writes_every_table(sample_run):
    code, _, _, out_dir = sample_run
    assert code == 0
    written = {p.stem for p in out_dir.glob("*.csv")}
    assert written == set(Results.table_names())


@pytest.mark.parametrize(("table", "rows"), [("articles", 2), ("sources", 2), ("removed", 3)])
def test_sample_tables_have_expected_rows(sample_run, table, rows):
    assert len(pd.read_csv(sample_run[3] / f"{table}.csv")) == rows


@pytest.mark.parametrize("text", ["Analysed 2 articles", "Source 000", "Source 004",
                                  "95% bootstrap CI", "Top topics", "Issues: 0"])
def test_sample_summary_mentions(sample_run, text):
    assert text in sample_run[1]


def test_folder_with_a_bad_file_still_analyses_the_rest(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "in" / "broken.txt").write_bytes(b"\x00\x01\x02\x03 binary junk \x00\xff")
    code, out, _ = run(["analyze", str(tmp_path / "in"), "--out", str(tmp_path / "o"),
                        "--no-cache", "--quiet"])
    assert code == 0
    assert "Analysed 1 articles" in out
    assert "broken.txt" in out


def test_only_bad_input_exits_non_zero(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    code, out, err = run(["analyze", str(tmp_path / "in"), "--out", str(tmp_path / "o"),
                          "--no-cache", "--quiet"])
    assert code == cli.EXIT_NOTHING_ANALYSED
    assert "empty.txt" in out
    assert "nothing could be analysed" in err


def test_column_options_and_runtime_topic(tmp_path):
    frame = pd.DataFrame({"doc": ["d1", "d2"], "paper": ["Daily A", "Daily B"],
                          "words": [NEWS, NEWS + " A surveillance balloon was shot down."]})
    frame.to_csv(tmp_path / "news.csv", index=False)
    code, _, _ = run(["analyze", str(tmp_path / "news.csv"), "--out", str(tmp_path / "o"),
                      "--text-col", "words", "--source-col", "paper", "--id-col", "doc",
                      "--topic", "Balloon=balloon, surveillance balloon", "--no-cache",
                      "--quiet", "--format", "parquet"])
    assert code == 0
    results = Results.from_dir(tmp_path / "o")
    assert sorted(results.sources["source"]) == ["Daily A", "Daily B"]
    balloon = results.topics[results.topics["topic"] == "Balloon"].set_index("article_id")
    assert balloon["mentions"].to_dict() == {"d1": 0, "d2": 1}


@pytest.mark.parametrize("bad", ["Balloon", "=balloon", "Balloon="])
def test_malformed_topic_option_is_a_usage_error(tmp_path, sample_dir, bad):
    code, _, err = run(["analyze", str(sample_dir), "--out", str(tmp_path), "--topic", bad])
    assert code == cli.EXIT_USAGE
    assert "--topic" in err


def test_cache_option_fills_the_cache_folder(tmp_path, sample_dir):
    code, _, _ = run(["analyze", str(sample_dir), "--out", str(tmp_path / "o"),
                      "--cache", str(tmp_path / "cache"), "--quiet"])
    assert code == 0
    assert (tmp_path / "cache" / "cache.sqlite").is_file()


def test_store_option_writes_a_duckdb_file(tmp_path, sample_dir):
    store = tmp_path / "results.duckdb"
    code, out, _ = run(["analyze", str(sample_dir), "--store", str(store), "--no-cache",
                        "--quiet"])
    assert code == 0 and store.is_file()
    assert "Results store" in out


def test_python_dash_m_runs_the_command_line(tmp_path, sample_dir):
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "analyze", str(sample_dir), "--out",
         str(tmp_path / "o"), "--no-cache"],
        capture_output=True, text=True, cwd=REPO_DIR, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Source 004" in done.stdout
    assert Path(tmp_path / "o" / "sentences.csv").is_file()


def test_store_and_out_together_write_every_table(tmp_path, sample_dir):
    """A store run keeps only some per-article tables in memory; --out still gets them all,
    read back from the store."""
    store, out_dir = tmp_path / "results.duckdb", tmp_path / "o"
    code, _, _ = run(["analyze", str(sample_dir), "--store", str(store), "--out",
                      str(out_dir), "--no-cache", "--quiet"])
    assert code == 0
    written = Results.from_dir(out_dir)
    assert len(written.tone_words) > 0 and len(written.quotes) > 0
    assert len(written.removed) == len(pipeline.analyze(readers.load_sample().articles).removed)
