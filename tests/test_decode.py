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


def test_text_full_of_control_characters_is_refused():
    # Valid UTF-8, but one character in ten is a control or private-use character: a misread binary.
    data = ("镇党委班子成员认真学习\x1b\ue000。" * 40).encode("utf-8")
    with pytest.raises(UndecodableError, match="无法识别的字符太多"):
        decode_source(data)


def test_a_few_odd_characters_do_not_refuse_a_report():
    text = "镇党委班子成员认真学习，扎实推进各项工作。" * 10 + "\ue000\x1b"
    assert decode_source(text.encode("utf-8")) == (text, "utf-8")
