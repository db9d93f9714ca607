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


# What reports are written in: CJK ideographs, CJK and full-width punctuation, and ASCII text.
_USUAL_RE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\t\n\r\x20-\x7e]")


def _readable_share(text: str) -> float:
    if not text:
        return 1.0
    # The usual characters are readable; only the few others need their category looked up
    # (a lookup per character of every report was 1.2 of 7.7 s of a profiled 1000-report re-run).
    bad = sum(1 for c in _USUAL_RE.sub("", text) if _unreadable(c))
    return 1 - bad / len(text)
# A BOM-less UTF-16 guess is taken only when this share of it is such characters: read in the
# wrong byte order, Chinese text swaps each ideograph's two bytes, and random binary data
# spreads over all of Unicode, so either lands well below.
_MIN_USUAL_UTF16 = 0.9


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """The text and byte order of BOM-less UTF-16, if the bytes read as a report in one order."""
    if len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue  # an unpaired surrogate: not this byte order
        usual = len(_USUAL_RE.findall(text)) / max(1, len(text))
        if usual >= _MIN_USUAL_UTF16 and (best is None or usual > best[0]):
            best = (usual, text, encoding)
    return (best[1], best[2]) if best else None


def line_of(data: bytes, offset: int) -> int:
    """The 1-based line a byte offset is on, as a maintainer finds it in an editor."""
    return data.count(b"\n", 0, offset) + 1


def _where_undecodable(data: bytes, exc: UnicodeDecodeError) -> str:
    """Where a decode failed: the line and the byte."""
    return f"按 {exc.encoding.upper()} 读，第 {line_of(data, exc.start)} 行有无效字节 0x{data[exc.start]:02x}"


def detect_and_decode(data: bytes) -> tuple[str, str]:
    """Decode bytes, returning the text and the name of the encoding used."""
    # Word, PDF and other document files never reach here: kb.normalize.read sends them to
    # their own readers by these same leading bytes.
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif b"\x00" in data:
        # ASCII is rare in a Chinese report, so its UTF-16 holds few NUL bytes; any NUL at all
        # means UTF-16 or a binary file.
        found = _utf16_without_bom(data)
        if found is None:
            raise UndecodableError("这是二进制文件（含 NUL 字节），不是文本；请换成 Word、PDF、网页或纯文本格式的报告")
        return found
    else:
        candidates = ["utf-8", "gb18030"]
    failures = []
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            failures.append(_where_undecodable(data, exc))
            continue
        if _readable_share(text) >= _MIN_READABLE:
            return text, encoding
        failures.append(f"按 {encoding.upper()} 读，无法识别的字符太多")
    raise UndecodableError(f"不是 UTF-8、UTF-16 或 GB18030/GBK 编码的文本（{'；'.join(failures)}）；请用记事本等打开后另存为 UTF-8 编码")


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF; stray BOMs and NBSPs become nothing and spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\ufeff", "").replace("\u00a0", " ")


def decode_source(data: bytes) -> tuple[str, str]:
    """Text with LF line ends, and the encoding it was read with."""
    text, encoding = detect_and_decode(data)
    return normalize_newlines(text), encoding
