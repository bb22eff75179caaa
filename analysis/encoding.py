"""Bytes -> text: byte-order marks first, then strict UTF-8, then charset-normalizer,
preferring Windows-1252 for Western single-byte text (the WHATWG default)."""

import codecs
import unicodedata

from charset_normalizer import from_bytes

# Checked in this order: the UTF-32 LE mark starts with the UTF-16 LE one.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Signatures of common binary formats people upload by mistake (file(1) magic numbers).
BINARY_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx file, which are ZIP archives)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"PAR1", "a Parquet file (use the .parquet extension)"),
)
# Single-byte encodings charset-normalizer may pick for Western text; WHATWG's Encoding
# Standard maps the "latin1"/"iso-8859-1" labels to windows-1252, and so do we when the
# bytes decode as windows-1252 to only Latin-1 letters and typographic punctuation.
WESTERN_SINGLE_BYTE = frozenset(
    "cp1252 latin_1 iso8859_15 iso8859_2 cp1250 cp1257 iso8859_13 iso8859_4 "  # noqa: SIM905
    "iso8859_9 cp1254 mac_roman mac_latin2 cp850 cp437 iso8859_3 iso8859_10 "
    "iso8859_14 iso8859_16".split()
)
# Non-ASCII punctuation and symbols common in English-language Western text.
WESTERN_SYMBOLS = frozenset("“”‘’‚„–—…•€£¥¢©®™°«»§¶·¿¡×÷†‡‰‹›\u00a0")
# BOM-less UTF-16: ASCII-heavy text has a NUL in every other byte (at odd positions in
# little-endian); this share of NULs on one side decides it.
UTF16_NUL_SHARE = 0.3
# Above this share of control characters the "text" is binary data.
MAX_CONTROL_SHARE = 0.01
BINARY_SNIFF_BYTES = 65536  # how much of a file the binary checks read


# Decodings that need no note: UTF-8 with or without its byte-order mark (and ASCII, a subset).
UTF8_ENCODINGS = frozenset({"utf-8", "utf_8", "utf-8-sig", "utf_8_sig", "ascii"})
# Readable names for the codecs decode_bytes returns (WHATWG Encoding Standard labels).
ENCODING_NAMES = {
    "cp1252": "Windows-1252",
    "latin_1": "Latin-1 (ISO-8859-1)",
    "iso8859_15": "Latin-9 (ISO-8859-15)",
    "iso8859_2": "Latin-2 (ISO-8859-2)",
    "cp1250": "Windows-1250",
    "cp1251": "Windows-1251",
    "koi8_r": "KOI8-R",
    "mac_roman": "Mac Roman",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 (little-endian, no byte-order mark)",
    "utf-16-be": "UTF-16 (big-endian, no byte-order mark)",
    "utf_16": "UTF-16",
    "utf-32": "UTF-32",
    "utf_32": "UTF-32",
    "gb18030": "GB18030",
    "gb2312": "GB2312",
    "big5": "Big5",
    "shift_jis": "Shift JIS",
    "cp932": "Shift JIS (Windows-31J)",
    "euc_jp": "EUC-JP",
    "euc_kr": "EUC-KR",
}


def encoding_name(encoding: str) -> str:
    """A readable name for a Python codec name ("cp1252" -> "Windows-1252")."""
    return ENCODING_NAMES.get(encoding.lower(), encoding.upper().replace("_", "-"))


def decoding_note(encoding: str) -> str | None:
    """The message for text that was converted from a non-UTF-8 encoding (None for UTF-8):
    shown as an info issue so users see what was converted."""
    if not encoding or encoding.lower() in UTF8_ENCODINGS:
        return None
    return (
        f"decoded as {encoding_name(encoding)} (not UTF-8) and converted to Unicode; "
        "if accented letters or quotes look wrong, save the file as UTF-8"
    )


class DecodeError(ValueError):
    """The bytes are not text Slant can read; the message names the file and why."""


def decode_bytes(data: bytes, *, name: str) -> tuple[str, str]:
    """Decode `data` (the contents of file `name`) to (text, encoding name).

    Raises DecodeError for binary data; the byte-order mark is never part of the text."""
    if not data:
        return "", "utf-8"
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    _refuse_binary_signature(data, name=name)
    utf16 = _as_bomless_utf16(data)
    if utf16 is not None:
        text, encoding = utf16
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _detect(data, name=name)
    if _control_share(text[:BINARY_SNIFF_BYTES]) > MAX_CONTROL_SHARE:
        raise DecodeError(f"{name}: binary data, not text (control characters)")
    return text, encoding


def _refuse_binary_signature(data: bytes, *, name: str) -> None:
    for signature, what in BINARY_SIGNATURES:
        if data.startswith(signature):
            raise DecodeError(f"{name}: this is {what}, not a text file")


def _detect(data: bytes, *, name: str) -> tuple[str, str]:
    """Legacy or BOM-less encodings, with charset-normalizer."""
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError(f"{name}: binary data, not text in any known encoding")
    encoding = best.encoding
    if encoding in WESTERN_SINGLE_BYTE:
        western = _as_windows_1252(data)
        if western is not None:
            return western, "cp1252"
    return str(best), encoding


def _as_bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """`data` as UTF-16 without a byte-order mark, when its NUL bytes say so."""
    sample = data[:BINARY_SNIFF_BYTES]
    half = max(len(sample) // 2, 1)
    for encoding, side in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if side.count(0) / half >= UTF16_NUL_SHARE:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    return None


def _as_windows_1252(data: bytes) -> str | None:
    """`data` as Windows-1252 when that gives only Latin letters and punctuation."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    for char in set(text):
        if ord(char) < 128:
            continue
        category = unicodedata.category(char)
        is_latin = category.startswith("L") and "LATIN" in unicodedata.name(char, "")
        if not (is_latin or char in WESTERN_SYMBOLS):
            return None
    return text


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(
        1 for char in text if unicodedata.category(char) == "Cc" and char not in "\n\r\t\f"
    )
    return controls / len(text)
