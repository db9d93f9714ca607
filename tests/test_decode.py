"""Step 1: every encoding and line end a maintainer may receive decodes to the same text."""

from __future__ import annotations

import codecs

import pytest

from kb.normalize.decode import UndecodableError, decode_source

TEXT = "镇党委自查报告\n一、基本情况\n成员**人，其中书记**人。\n"


@pytest.mark.parametrize(
    "label, data",
    [
        ("utf-8", TEXT.encode("utf-8")),
        ("utf-8 with BOM", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
        ("utf-16 LE with BOM", TEXT.encode("utf-16")),
        ("utf-16 BE with BOM", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")),
        ("gbk", TEXT.encode("gbk")),
        ("gb18030", TEXT.encode("gb18030")),
        ("crlf", TEXT.replace("\n", "\r\n").encode("utf-8")),
        ("old mac cr", TEXT.replace("\n", "\r").encode("utf-8")),
        ("gbk with crlf", TEXT.replace("\n", "\r\n").encode("gbk")),
        ("utf-16 LE without BOM, ascii-heavy", ("Report 2023\n" * 20 + TEXT).encode("utf-16-le")),
        # Mostly Chinese: few NUL bytes, and "一" (U+4E00) puts its NUL on the other side.
        ("utf-16 LE without BOM", ("一是学习，二是落实。\n" * 10 + TEXT * 20).encode("utf-16-le")),
        ("utf-16 BE without BOM", ("一是学习，二是落实。\n" * 10 + TEXT * 20).encode("utf-16-be")),
    ],
    ids=lambda value: value if isinstance(value, str) else "bytes",
)
def test_decodes_to_the_same_text(label, data):
    text, _ = decode_source(data)
    assert text.endswith(TEXT), label


def test_binary_is_refused():
    with pytest.raises(UndecodableError, match="二进制文件"):
        decode_source(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def test_binary_with_even_length_is_not_taken_for_utf16():
    import random

    rng = random.Random(3)
    data = bytes(rng.randrange(256) for _ in range(4000)) + b"\x00\x00"
    with pytest.raises(UndecodableError, match="二进制文件"):
        decode_source(data)


def test_a_file_with_one_bad_byte_is_refused_with_the_line_it_is_on():
    lines = [f"第{i}行，镇党委班子成员认真学习。".encode("gbk") for i in range(1, 30)]
    lines[11] = lines[11][:6] + b"\xff" + lines[11][6:]
    with pytest.raises(UndecodableError, match=r"第 12 行.*0xff"):
        decode_source(b"\r\n".join(lines))


def test_random_high_bytes_are_refused():
    with pytest.raises(UndecodableError):
        decode_source(bytes([0x81, 0x30, 0xFF, 0xFE, 0x80]) * 50 + b"\x80")


def test_readable_share_counts_every_unreadable_character():
    # The fast count must agree with a category lookup of every single character,
    # including unassigned, private-use and surrogate ones in and beyond the BMP.
    import random
    import unicodedata

    from kb.normalize.decode import _readable_share

    def by_category(text: str) -> float:
        bad = sum(1 for c in text if unicodedata.category(c) in ("Cc", "Co", "Cn", "Cs") and c not in "\n\r\t\f")
        return 1 - bad / len(text)

    pool = "镇党委，。\n\r\t\f\x00\x1b\x7f\x85\u0378\u2065\ue000\ud800\ufeff\uffff\U00020000\U0002fffe\U000e0001\U000f0000\U0010ffff a"
    rng = random.Random(9)
    for _ in range(2000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 12)))
        assert _readable_share(text) == by_category(text), repr(text)
    assert _readable_share("".join(map(chr, range(0x30000)))) == by_category("".join(map(chr, range(0x30000))))
