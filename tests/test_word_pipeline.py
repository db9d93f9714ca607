"""A Word report end to end: sources/ to report page to HTML, numbers, title and table kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_project, make_project, meta, passage, ph

from kb.model import Block, BlockType, Report, SectionKind, Span, table_spans
from kb.normalize.pipeline import normalize_tree
from kb.reportfile import parse_report, render_report
from wordfiles import WordFile, official_report


@pytest.fixture(scope="module")
def normalized(tmp_path_factory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("word")
    sources = root / "sources"
    sources.mkdir()
    (sources / "qingshan.docx").write_bytes(official_report())
    (sources / "broken.docx").write_bytes(official_report()[:2000])
    result = normalize_tree(sources, root / "docs", lock=root / "ids.lock.json")
    return root, result


def _page(root: Path) -> Report:
    (path,) = (root / "docs" / "reports").glob("*.md")
    return parse_report(path.read_text(encoding="utf-8"), str(path))


def test_a_corrupt_docx_is_refused_by_name_and_the_good_one_is_written(normalized):
    root, result = normalized
    assert [(r.name, "已损坏" in r.reason) for r in result.refusals] == [("broken.docx", True)]
    assert len(result.written) == 1 and _page(root).meta.source == "qingshan.docx"


def test_the_word_report_page_keeps_title_numbered_headings_and_table(normalized):
    report = _page(normalized[0])
    assert report.meta.title == "青山镇党委班子述职报告"
    headings = [(b.level, b.number, b.text) for b in report.blocks if b.type is BlockType.HEADING]
    assert headings == [(1, "一、", "主要做法"), (2, "（一）", "加强理论学习"), (2, "（二）", "抓实基层党建"), (1, "二、", "存在问题")]
    (table,) = [b for b in report.blocks if b.type is BlockType.TABLE]
    assert [[c[0].text if c else "" for c in row] for row in table.rows] == [["姓名", "职务", "分管工作"], ["张某", "党委书记", "全面工作"], ["李某", "镇长", ""]]
    assert table.id == "" and "张某" not in "".join(p.text for p in report.passages())  # a table is not a passage
    at = report.blocks.index(table)
    assert (report.blocks[at - 1].text, report.blocks[at + 1].text) == ("班子成员基本情况如下：", "抓实基层党建")  # where Word had it


def test_a_table_written_to_a_page_reads_back_the_same():
    rows = ((Span("姓名 & <职务>"),), (), (Span("张"), ph("**"))), ((Span("| 竖线 |"),),)
    blocks = (passage(SectionKind.PRACTICE, "p-0001", "正文。"), Block(BlockType.TABLE, table_spans(rows), rows=rows))
    report = Report(meta("t-2024", "表格", "t.docx", 1), blocks)
    page = render_report(report)
    assert "<职务>" not in page and "&#60;职务&#62;" in page and "&#124; 竖线 &#124;" in page
    assert parse_report(page, "t.md") == report
    assert render_report(parse_report(page, "t.md")) == page


def test_the_built_report_page_shows_the_table_with_escaped_cells(tmp_path, normalized):
    report = _page(normalized[0])
    # The real page, plus a cell that looks like markup.
    hostile = ((Span("<script>alert(1)</script>"), ph("XX")),)
    report = Report(report.meta, report.blocks + (Block(BlockType.TABLE, table_spans((hostile,)), rows=(hostile,)),))
    site = build_project(make_project(tmp_path, [report]))
    html = (site / "reports" / report.meta.slug / "index.html").read_text(encoding="utf-8")
    assert "<td>张某</td>" in html and "<td>党委书记</td>" in html
    assert "<script>alert" not in html and "<td>&lt;script&gt;alert(1)&lt;/script&gt;<span" in html
    assert '<span class="hn">一、</span>主要做法' in html and '<span class="hn">（一）</span>加强理论学习' in html
