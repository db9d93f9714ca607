"""Step 1: bytes to text, whatever encoding and line ends the file came with."""

from __future__ import annotations

import codecs
import re
import unicodedata

# Below this share of readable characters a decode is taken for a misreading of binary data.
_MIN_READABLE = 0.95


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we accept."""


# Control, private-use, unassigned and surrogate characters: what a misread binary file is full of.
_UNREADABLE_CATEGORIES = frozenset({"Cc", "Co", "Cn", "Cs"})
_WHITESPACE_CONTROLS = "\n\r\t\f"


def _unreadable(char: str) -> bool:
    return unicodedata.category(char) in _UNREADABLE_CATEGORIES and char not in _WHITESPACE_CONTROLS


def _readable_bmp_class() -> str:
    """A regex class of every readable character of the Basic Multilingual Plane, as ranges."""
    categories = map(unicodedata.category, map(chr, range(0x10000)))
    readable = [c not in _UNREADABLE_CATEGORIES for c in categories]
    for char in _WHITESPACE_CONTROLS:
        readable[ord(char)] = True
    ranges, start = [], None
    for i, ok in enumerate(readable + [False]):
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            ranges.append(f"\\u{start:04x}-\\u{i - 1:04x}")
            start = None
    return "".join(ranges)


# Characters that may be unreadable: every BMP character the Unicode database calls
# unreadable, and everything outside the BMP. One C-speed pass finds them, so the category
# lookup runs on the few found, never on every character of every report.
_SUSPECT_RE = re.compile(f"[^{_readable_bmp_class()}]")


def _readable_share(text: str) -> float:
    if not text:
        return 1.0
    bad = sum(1 for c in _SUSPECT_RE.findall(text) if _unreadable(c))
    return 1 - bad / len(text)


def _looks_like_utf16(data: bytes) -> str | None:
    """Guess a BOM-less UTF-16 byte order from where the NUL bytes of ASCII characters sit."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    # CJK code points such as U+4E00 put a NUL on the other side too, but far more rarely.
    if odd > len(data) // 8 and even * 4 < odd:
        return "utf-16-le"
    if even > len(data) // 8 and odd * 4 < even:
        return "utf-16-be"
    return None


def detect_and_decode(data: bytes) -> tuple[str, str]:
    """Decode bytes, returning the text and the name of the encoding used."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        guess = _looks_like_utf16(data)
        candidates = [guess] if guess else ["utf-8", "gb18030"]
    if not candidates[0].startswith("utf-16") and b"\x00" in data:
        raise UndecodableError("binary file (contains NUL bytes)")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _readable_share(text) >= _MIN_READABLE:
            return text, encoding
    raise UndecodableError("not text in UTF-8, UTF-16 or GB18030/GBK")


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF; stray BOMs and NBSPs become nothing and spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\ufeff", "").replace("\u00a0", " ")


def decode_source(data: bytes) -> tuple[str, str]:
    """Text with LF line ends, and the encoding it was read with."""
    text, encoding = detect_and_decode(data)
    return normalize_newlines(text), encoding
