"""Word files read as their author sees them: numbers, heading levels, tables, reading order."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
import zipfile

import pytest

from kb.normalize.read import read_source
from kb.normalize.readers import Table, Unreadable
from kb.normalize.readers import office
from kb.normalize.readers.docx import read_docx
from wordfiles import WordFile, official_report


def test_official_report_numbers_headings_title_and_table_in_reading_order():
    extracted = read_docx(official_report())
    assert extracted.text.split("\n") == [
        "青山镇党委班子述职报告",
        "今年以来，镇党委班子认真履行职责，现将有关情况报告如下。",
        "一、主要做法",
        "（一）加强理论学习",
        "坚持第一议题制度，全年组织集中学习12次。",
        "班子成员基本情况如下：",
        "姓名 职务 分管工作 张某 党委书记 全面工作 李某 镇长",
        "（二）抓实基层党建",
        "整顿软弱涣散村党组织2个。",
        "二、存在问题",
        "理论学习还不够深入，联系实际不够紧密。",
    ]
    assert extracted.title == "青山镇党委班子述职报告"
    assert extracted.headings == ((3, 1), (4, 2), (8, 2), (10, 1))
    assert extracted.tables == ((7, Table((("姓名", "职务", "分管工作"), ("张某", "党委书记", "全面工作"), ("李某", "镇长", "")))),)
    assert (extracted.wrapped, extracted.format) == (False, "docx")


def _lines_and_levels(word: WordFile) -> list[tuple[str, int | None]]:
    extracted = read_docx(word.bytes())
    levels = dict(extracted.headings)
    return [(line, levels.get(i)) for i, line in enumerate(extracted.text.split("\n"), start=1)]


def test_chinese_style_names_ids_and_outline_levels_give_heading_levels():
    word = WordFile()
    word.para("按中文名称的一级标题", style=word.style("标题 1", style_id="1"))
    word.para("按样式编号的二级标题", style=word.style("小标题", style_id="2"))
    word.para("按大纲级别的三级标题", style=word.style("自定义标题", outline=2))
    word.para("继承大纲级别的标题", style=word.style("报告小标题", based_on="自定义标题"))
    word.para("正文文本的大纲级别不是标题", style=word.style("正文样式", outline=9))
    word.para("普通正文。")
    assert _lines_and_levels(word) == [
        ("按中文名称的一级标题", 1),
        ("按样式编号的二级标题", 2),
        ("按大纲级别的三级标题", 3),
        ("继承大纲级别的标题", 3),
        ("正文文本的大纲级别不是标题", None),
        ("普通正文。", None),
    ]


def test_numbering_that_comes_from_the_paragraph_style():
    word = WordFile()
    outline = word.define_list(("chineseCounting", "%1、", 1))
    numbered = word.style("一级标题", based_on="Heading 1", num=(outline, 0))
    word.para("主要做法", style=numbered)
    word.para("做了工作。")
    word.para("存在问题", style=numbered)
    assert _lines_and_levels(word) == [("一、主要做法", 1), ("做了工作。", None), ("二、存在问题", 1)]


def test_second_level_restarts_under_each_first_level_heading():
    word = WordFile()
    outline = word.define_list(("chineseCounting", "%1、", 1), ("chineseCounting", "（%2）", 1))
    for top in ("做法", "问题"):
        word.para(top, num=(outline, 0))
        for sub in ("甲项", "乙项"):
            word.para(sub, num=(outline, 1))
    assert [line for line, _ in _lines_and_levels(word)] == ["一、做法", "（一）甲项", "（二）乙项", "二、问题", "（一）甲项", "（二）乙项"]


def test_a_list_restarted_with_start_override_counts_from_its_start_again():
    word = WordFile()
    steps = word.define_list(("decimal", "%1.", 1))
    word.para("第一步", num=(steps, 0))
    word.para("第二步", num=(steps, 0))
    again = word.restart_list(steps)
    word.para("重新第一步", num=(again, 0))
    assert [line for line, _ in _lines_and_levels(word)] == ["1. 第一步", "2. 第二步", "1. 重新第一步"]


def test_beyond_ten_chinese_counting_writes_shiyi():
    word = WordFile()
    items = word.define_list(("chineseCounting", "%1、", 10))
    word.para("第十项", num=(items, 0))
    word.para("第十一项", num=(items, 0))
    assert [line for line, _ in _lines_and_levels(word)] == ["十、第十项", "十一、第十一项"]


def test_soft_line_breaks_keep_a_paragraph_on_one_line_and_empty_paragraphs_go():
    word = WordFile()
    word.para("一段被软回车分成两行的文字。", breaks=True)
    word.para("")
    word.para("   ")
    word.para("下一段。")
    assert read_docx(word.bytes()).text == "一段被软回车分成两行的文字。\n下一段。"


def test_table_of_contents_lines_are_left_to_the_headings_they_repeat():
    word = WordFile()
    word.para("一、主要做法\t3", style=word.style("toc 1"))
    word.para("一、主要做法", style="Heading 1")
    assert read_docx(word.bytes()).text == "一、主要做法"


def test_a_typed_table_of_contents_reads_as_the_page_shows_it_and_is_cleaned_away():
    from docx.enum.text import WD_TAB_LEADER
    from docx.shared import Cm

    from helpers import normalize

    word = WordFile()
    word.para("目录")
    for title, page in (("一、主要做法", 1), ("二、存在问题", 3)):
        word.para(f"{title}\t{page}").paragraph_format.tab_stops.add_tab_stop(Cm(15), leader=WD_TAB_LEADER.DOTS)
    word.para("一、主要做法", style="Heading 1")
    word.para("全年召开\t党委会议24次。")  # a tab without a leader is a space
    word.para("二、存在问题", style="Heading 1")
    word.para("班子成员下村调研不够。")
    extracted = read_docx(word.bytes())
    assert extracted.text.split("\n")[1:4] == ["一、主要做法……1", "二、存在问题……3", "一、主要做法"]
    done = normalize(extracted.text, "toc.docx", marks=extracted)
    assert [b.number + b.text for b in done.report.blocks] == ["一、主要做法", "全年召开 党委会议24次。", "二、存在问题", "班子成员下村调研不够。"]
    assert [r.rule for r in done.removals] == ["table-of-contents"] * 3


def _zip(names: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in names.items():
            z.writestr(name, data)
    return out.getvalue()


# An OLE compound file header, then a directory sector naming the streams of an encrypted
# Office file: what Word writes for a .docx saved with a password.
ENCRYPTED = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504) + "EncryptionInfo".encode("utf-16-le") + bytes(50) + "EncryptedPackage".encode("utf-16-le") + bytes(400)


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("报告.docx", _zip({"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<Types/>"}), "不是 Word 文档（这是Excel 表格）"),
        ("报告.docx", _zip({"readme.txt": b"hello"}), "不是 Word 文档"),
        ("报告.docx", official_report()[:3000], "已损坏"),
        ("报告.docx", ENCRYPTED, "文件设有密码，请去掉密码后另存"),
        ("报告.doc", ENCRYPTED, "文件设有密码，请去掉密码后另存"),
        ("报告.docx", WordFile().bytes(), "没有文字"),
    ],
    ids=["an xlsx renamed .docx", "a plain zip", "a docx cut off mid-download", "a password-protected docx", "a password-protected doc", "an empty document"],
)
def test_unreadable_word_files_are_refused_naming_the_reason(name, data, reason):
    with pytest.raises(Unreadable) as refused:
        read_source(name, data)
    assert reason in str(refused.value)


def test_without_libreoffice_a_doc_file_is_refused_with_what_to_install(monkeypatch):
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    with pytest.raises(Unreadable) as refused:
        read_source("报告.doc", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(1024))
    assert "apt-get install libreoffice-writer-nogui" in str(refused.value) and "另存为 .docx" in str(refused.value)


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def saved_by_libreoffice(work: Path, fmt: str) -> bytes:
    """The official report saved by LibreOffice in another format (doc, rtf)."""
    (work / "report.docx").write_bytes(official_report())
    profile = (work / "profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt, "--outdir", str(work), str(work / "report.docx")], check=True, capture_output=True, timeout=180)
    return (work / f"report.{fmt}").read_bytes()


@pytest.fixture(scope="module")
def doc_bytes(tmp_path_factory) -> bytes:
    """The official report saved as Word 97-2003 by LibreOffice."""
    return saved_by_libreoffice(tmp_path_factory.mktemp("doc"), "doc")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (scripts/test.sh installs it)")
@pytest.mark.parametrize("name, fmt", [("报告.doc", "doc"), ("报告.wps", "wps")])
def test_a_word_97_file_reads_like_the_docx_it_was_saved_from(doc_bytes, name, fmt):
    assert doc_bytes.startswith(bytes.fromhex("d0cf11e0a1b11ae1"))
    extracted = read_source(name, doc_bytes)
    original = read_docx(official_report())
    assert (extracted.text, extracted.title, extracted.headings, extracted.tables) == (original.text, original.title, original.headings, original.tables)
    assert extracted.format == fmt


@pytest.fixture(scope="module")
def rtf_bytes(tmp_path_factory) -> bytes:
    """The official report saved as RTF by LibreOffice."""
    return saved_by_libreoffice(tmp_path_factory.mktemp("rtf"), "rtf")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (scripts/test.sh installs it)")
def test_an_rtf_file_reads_like_the_docx_it_was_saved_from(rtf_bytes):
    assert rtf_bytes.startswith(b"{\\rtf")
    extracted = read_source("报告.rtf", rtf_bytes)
    original = read_docx(official_report())
    assert (extracted.title, extracted.headings, extracted.format) == (original.title, original.headings, "rtf")
    # LibreOffice's RTF round trip turns the numbers' Chinese punctuation into "?" (一、 -> 一?);
    # every heading keeps its numeral and text, every other line is exact.
    heading_lines = {line for line, _ in original.headings}
    for number, (got, want) in enumerate(zip(extracted.text.split("\n"), original.text.split("\n"), strict=True), start=1):
        if number in heading_lines:
            assert got[:1] == want[:1] or got[1:2] == want[1:2], (got, want)
            assert want.endswith(got.split()[-1]), (got, want)
        else:
            assert got == want
