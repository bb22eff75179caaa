"""Decoding bytes in the encodings news files come in; binary data is refused by name."""

import random

import pytest

from analysis.encoding import DecodeError, decode_bytes, decoding_note, encoding_name

WESTERN = (
    "Blinken “underscored the importance of responsibly managing the competition” — "
    "the secretary’s café meeting cost €5, said Señor Muñoz… naïve? Not at all.\n"
)
LATIN_1 = "Le ministre a déclaré à Pékin que la réunion était « très utile ». Ça va.\n"
CYRILLIC = "Госсекретарь США Энтони Блинкен встретился с председателем КНР Си Цзиньпином.\n"


@pytest.mark.parametrize(
    ("codec", "expected_encoding"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),  # with byte-order mark
        ("utf-16-le", "utf-16-le"),  # without one
        ("utf-16-be", "utf-16-be"),
        ("utf-32", "utf-32"),
        ("cp1252", "cp1252"),
    ],
)
def test_western_text_round_trips(codec: str, expected_encoding: str) -> None:
    text, encoding = decode_bytes(WESTERN.encode(codec), name="a.txt")
    assert text == WESTERN  # curly quotes, dash, euro sign and accents included
    assert encoding == expected_encoding


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16"])
def test_seed_round_trips(seed_000_text: str, codec: str) -> None:
    text, _ = decode_bytes(seed_000_text.encode(codec), name="seed.txt")
    assert text == seed_000_text


def test_seed_004_in_windows_1252(seed_004_text: str) -> None:
    text, encoding = decode_bytes(seed_004_text.encode("cp1252"), name="seed.txt")
    assert (text, encoding) == (seed_004_text, "utf-8")  # pure ASCII is valid UTF-8


@pytest.mark.parametrize(
    ("original", "codec"),
    [(LATIN_1, "latin-1"), (LATIN_1, "cp1252"), (CYRILLIC, "cp1251"), (CYRILLIC, "utf-16")],
)
def test_legacy_encodings(original: str, codec: str) -> None:
    text, _ = decode_bytes(original.encode(codec), name="legacy.txt")
    assert text == original


def test_empty_bytes() -> None:
    assert decode_bytes(b"", name="empty.txt") == ("", "utf-8")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (bytes(range(32)) * 40, "binary"),
        (random.Random(7).randbytes(4000), "binary"),
    ],
)
def test_binary_data_is_refused_by_name(data: bytes, message: str) -> None:
    with pytest.raises(DecodeError, match=rf"^report\.txt: .*{message}"):
        decode_bytes(data, name="report.txt")


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", None),
        ("utf-8-sig", None),
        ("ascii", None),
        ("cp1252", "decoded as Windows-1252 (not UTF-8)"),
        ("latin_1", "decoded as Latin-1 (ISO-8859-1) (not UTF-8)"),
        ("utf-16", "decoded as UTF-16 (not UTF-8)"),
        ("utf-16-le", "decoded as UTF-16 (little-endian, no byte-order mark) (not UTF-8)"),
        ("gb18030", "decoded as GB18030 (not UTF-8)"),
    ],
)
def test_decoding_note(encoding: str, expected: str | None) -> None:
    note = decoding_note(encoding)
    assert note == expected if expected is None else note.startswith(expected)


@pytest.mark.parametrize(
    ("encoding", "expected"), [("cp1252", "Windows-1252"), ("iso8859_5", "ISO8859-5")]
)
def test_encoding_name(encoding: str, expected: str) -> None:
    assert encoding_name(encoding) == expected


def test_windows_1252_text_gets_a_note() -> None:
    _, encoding = decode_bytes(WESTERN.encode("cp1252"), name="a.txt")
    assert decoding_note(encoding).startswith("decoded as Windows-1252")
