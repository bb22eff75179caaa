"""Results tables: documented columns and dtypes, whatever the input."""

import pandas as pd
import pytest

from analysis.results import TABLE_SCHEMAS, Results, conform, empty_table


@pytest.mark.parametrize("table", list(TABLE_SCHEMAS))
def test_empty_tables_have_documented_columns(table):
    frame = empty_table(table)
    assert frame.empty and list(frame.columns) == list(TABLE_SCHEMAS[table])


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2023-06-19", pd.Timestamp("2023-06-19")),
        (pd.Timestamp("2023-06-19 10:00", tz="Europe/Paris"), pd.Timestamp("2023-06-19 08:00")),
        (None, pd.NaT),
        ("not a date", pd.NaT),
    ],
)
def test_published_becomes_utc_naive(published, expected):
    frame = conform(pd.DataFrame({"article_id": ["a"], "published": [published]}),
                    table="articles")
    value = frame.loc[0, "published"]
    assert (pd.isna(value) and pd.isna(expected)) or value == expected


def test_missing_columns_are_added_and_extra_kept_after():
    frame = conform(pd.DataFrame({"source": ["Outlet A"], "topic_Taiwan_per_1k": [2.5]}),
                    table="sources")
    assert list(frame.columns)[: len(TABLE_SCHEMAS["sources"])] == list(TABLE_SCHEMAS["sources"])
    assert frame.columns[-1] == "topic_Taiwan_per_1k"
    assert pd.isna(frame.loc[0, "sentiment_mean"])


def test_flags_are_never_missing():
    frame = conform(pd.DataFrame({"article_id": ["a", "b"], "flags": [None, "non_english"]}),
                    table="articles")
    assert list(frame["flags"]) == ["", "non_english"]


def test_table_names_are_the_documented_tables():
    assert set(Results.table_names()) == set(TABLE_SCHEMAS)


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="csv, parquet"):
        Results().to_dir(tmp_path, fmt="xlsx")


def test_from_dir_of_missing_folder_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere"):
        Results.from_dir(tmp_path / "nowhere")


@pytest.mark.parametrize("table", ["articles", "sentences", "quotes", "tone_words"])
def test_conform_of_a_conformed_table_is_the_same_table(table):
    rows = {"article_id": ["a", "b"], "sentence_id": [0, None], "text": ["x", None],
            "compound": [0.5, None], "published": ["2023-06-19", None], "count": [1, 2]}
    frame = conform(pd.DataFrame({k: v for k, v in rows.items()}), table=table)
    again = conform(frame, table=table)
    pd.testing.assert_frame_equal(again, frame)
    assert list(again.dtypes) == list(frame.dtypes)
