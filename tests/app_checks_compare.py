"""Interactions of the comparison pages (Voices, Shared passages, Distinctive words) for the
app tests in tests/test_pages.py, which are parametrised from ui.pages.PAGES and look each
page up in INTERACTIONS (this module's COMPARE_CHECKS are merged into it)."""

import base64
import json
from collections.abc import Callable

import numpy as np
from streamlit.testing.v1 import AppTest

# The State Department sentence both seed articles quote (issue 4).
SHARED_STATE_DEPARTMENT = "responsibly managing the competition"


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.message for e in at.exception]


def _decode(value):
    """Plotly's typed-array JSON ({"dtype", "bdata", "shape"}) as a numpy array."""
    if isinstance(value, dict) and "bdata" in value:
        data = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = value.get("shape")
        return data.reshape([int(n) for n in str(shape).split(",")]) if shape else data
    return value


def _figures(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _figure(at: AppTest, *, axis: str, title_start: str) -> dict:
    for fig in _figures(at):
        title = fig["layout"].get(axis, {}).get("title", {}).get("text", "")
        if title.startswith(title_start):
            return fig
    raise AssertionError(f"no chart with a {axis} titled {title_start!r}")


def check_voices(at: AppTest) -> None:
    """Seed 000 quotes Matthew Miller and Wang Yi; picking a speaker filters the quotes."""
    speakers = _figure(at, axis="yaxis", title_start="Speaker")
    by_source = {t["name"]: set(t["y"]) for t in speakers["data"]}
    assert {"Matthew Miller", "Wang Yi"} <= by_source["Source 000"]
    shares = _figure(at, axis="xaxis", title_start="Share of the source's words")
    assert shares["data"][0]["name"] == "direct quotes"
    assert any("Story compared" in c.value for c in at.caption)
    at.multiselect(key="voices_speaker").set_value(["Wang Yi"]).run()
    _ok(at)
    table = next(df.value for df in at.dataframe if "speaker" in df.value)
    assert len(table) > 0 and table["speaker"].eq("Wang Yi").all()
    assert set(table["source"]) == {"Source 000"}
    quotes = next(df for df in at.dataframe if "speaker" in df.value)
    # the quote text is not cut off: right after the speaker, wide, in rows tall enough to wrap
    assert list(quotes.value.columns[:3]) == ["source", "speaker", "text"]
    config = json.loads(quotes.proto.columns)
    assert config["text"]["width"] >= 500
    assert quotes.proto.row_height >= 70


def check_passages(at: AppTest) -> None:
    """The sample's two articles share the State Department sentence."""
    heat = next(f["data"][0] for f in _figures(at)
                if f["data"] and f["data"][0]["type"] == "heatmap")
    assert len(heat["x"]) == 2
    assert _decode(heat["z"])[0][1] > 0
    pair = at.selectbox(key="passages_pair")
    assert len(pair.options) == 1
    body = "".join(h.value for h in at.html)
    assert SHARED_STATE_DEPARTMENT in body
    pair.set_value(pair.value).run()
    _ok(at)


def check_words(at: AppTest) -> None:
    """Each source against the other: changing source or term redraws the sentences."""
    bars = _figure(at, axis="xaxis", title_start="Log-odds z-score")
    assert len(bars["data"][0]["y"]) > 0
    at.selectbox(key="words_source").set_value("Source 004").run()
    _ok(at)
    term_box = at.selectbox(key="words_term")
    term = term_box.options[-1]
    term_box.set_value(term).run()
    _ok(at)
    body = "".join(h.value for h in at.html)
    assert "<mark" in body and "slant-kwic" in body


COMPARE_CHECKS: dict[str, Callable[[AppTest], None]] = {
    "voices": check_voices, "passages": check_passages, "words": check_words,
}
