"""The PDF reader on PDFs printed from our own HTML (tests/fixtures/pdf/make.py), one quirk per test."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kb.model import BlockType
from kb.normalize.pipeline import normalize_tree
from kb.normalize.readers import Unreadable
from kb.normalize.readers.pdf import is_unreadable_glyph, read_pdf, read_pdf_explained
from kb.reportfile import parse_report

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
BLOCKS = ("h1", "h2", "p")


class _Blocks(HTMLParser):
    """The text of every h1/h2/p of an HTML file, a <br> joining nothing: what a reader should give back."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.blocks.append("")
            self._open = True

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self._open = False

    def handle_data(self, data):
        if self._open:
            self.blocks[-1] += data.strip("\n")


def html_blocks(name: str) -> list[str]:
    parser = _Blocks()
    parser.feed((FIXTURES / name).read_text(encoding="utf-8"))
    return parser.blocks


def pdf(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.mark.parametrize("pdf_name, html_name", [("report.pdf", "report.html"), ("web-print.pdf", "web.html")])
def test_paragraphs_wrapped_by_the_page_and_across_page_breaks_are_rejoined(pdf_name, html_name):
    extracted = read_pdf(pdf(pdf_name))
    assert extracted.text.split("\n") == html_blocks(html_name)
    assert extracted.wrapped is False and extracted.format == "pdf"


def test_page_numbers_and_running_header_are_dropped():
    reading = read_pdf_explained(pdf("report.pdf"))
    assert reading.dropped == ("中共青山镇委员会文件", "- 1 -", "中共青山镇委员会文件", "- 2 -")
    assert "中共青山镇委员会文件" not in reading.extracted.text.split("\n")


def test_browser_print_date_title_address_and_page_count_are_dropped():
    reading = read_pdf_explained(pdf("web-print.pdf"))
    assert len(reading.dropped) == 4
    text = reading.extracted.text
    assert "file://" not in text and "1/2" not in text and not re.search(r"\d+:\d\d", text)
    assert text.split("\n").count("白水镇2023年政府工作报告") == 1  # the page's own heading stays, once


def test_title_set_over_two_centred_lines_is_one_title():
    extracted = read_pdf(pdf("report.pdf"))
    assert extracted.title == "中共青山镇委员会关于2023年度落实全面从严治党主体责任情况的自查报告"
    assert extracted.text.split("\n")[0] == extracted.title
    assert read_pdf(pdf("web-print.pdf")).title == "白水镇2023年政府工作报告"


def test_no_spaces_between_chinese_characters_but_word_spaces_kept():
    text = read_pdf(pdf("report.pdf")).text
    assert not re.search(r"[\u4e00-\u9fff，。、] +[\u4e00-\u9fff，。、]", text)
    assert "全镇 GDP 增长 6.5%，" in text  # "增长 6.5%" is broken over two lines in the PDF


def test_radical_code_points_from_cjk_fonts_read_as_the_ideographs():
    # Noto CJK maps 青 and 长 to the radicals ⻘ U+2ED8 and ⻓ U+2ED3; the title is set in it.
    text = read_pdf(pdf("report.pdf")).text
    assert "青山镇" in text and not re.search("[\u2e80-\u2fdf]", text)


def test_bold_standalone_lines_are_marked_as_headings():
    extracted = read_pdf(pdf("report.pdf"))
    lines = extracted.text.split("\n")
    assert [lines[n - 1] for n, _ in extracted.headings] == ["一、工作开展情况", "二、存在的问题", "三、下一步措施"]


@pytest.mark.parametrize(
    "name, says",
    [
        ("scanned.pdf", "扫描件，需先做文字识别（OCR）"),  # a page that is one picture
        ("cid-glyphs.pdf", "扫描件，需先做文字识别（OCR）"),  # glyphs without Unicode: (cid:N)
        ("encrypted.pdf", "密码"),
    ],
)
def test_pdf_without_usable_text_is_refused_with_what_to_do(name, says):
    with pytest.raises(Unreadable, match=re.escape(says)) as refused:
        read_pdf(pdf(name))
    assert "请" in str(refused.value)


def test_truncated_pdf_is_refused_as_unopenable():
    data = pdf("report.pdf")
    with pytest.raises(Unreadable, match="无法打开"):
        read_pdf(data[: len(data) // 2])


@pytest.mark.parametrize("glyph, unreadable", [("(cid:123)", True), ("\ue0a1", True), ("青", False), ("(", False)])
def test_unreadable_glyph_detector(glyph, unreadable):
    assert is_unreadable_glyph(glyph) is unreadable


def test_pdf_report_goes_through_the_pipeline_and_a_scanned_one_is_refused_by_name(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "青山镇自查报告.pdf").write_bytes(pdf("report.pdf"))
    (sources / "扫描件.pdf").write_bytes(pdf("scanned.pdf"))
    result = normalize_tree(sources, tmp_path / "docs", lock=tmp_path / "lock.json")
    assert [r.name for r in result.refusals] == ["扫描件.pdf"] and "OCR" in result.refusals[0].reason
    (page,) = (tmp_path / "docs" / "reports").glob("*.md")
    report = parse_report(page.read_text(encoding="utf-8"), str(page))
    assert report.meta.title == "中共青山镇委员会关于2023年度落实全面从严治党主体责任情况的自查报告"
    # "（一）坚持理论武装，筑牢思想根基。" becomes a heading numbered （一）, without its full stop
    page_text = "\n".join(block.number + "".join(span.text for span in block.spans) for block in report.blocks)
    passages = "\n".join("".join(span.text for span in block.spans) for block in report.blocks if block.type is BlockType.PASSAGE)
    sentences = [s for block in html_blocks("report.html")[1:] for s in re.findall(r"[^。！；]+", block)]
    assert [s for s in sentences if s not in page_text] == []
    assert "其中超过 50 万元的村有 4 个，群众获得感、幸福感持续增强。" in passages


def test_numbered_parts_start_paragraphs_when_the_layout_does_not_show_them():
    # No paragraph spacing, no first-line indent, every line justified to the margin: only
    # "（八）" or "2." after a finished sentence tells a new part, on a page and after a page break.
    extracted = read_pdf(pdf("tight.pdf"))
    assert extracted.text.split("\n") == html_blocks("tight.html")
