"""Saved web pages: the article's text, title and structure, and pages refused with the reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import case_ids, golden
from kb.model import BlockType
from kb.normalize.pipeline import normalize_tree
from kb.normalize.readers import Unreadable
from kb.normalize.readers.html import read_html
from kb.reportfile import parse_report

PAGES = Path(__file__).parent / "fixtures" / "html"
CASES = golden("html.yml")


def _read(case: dict):
    return read_html((PAGES / case["page"]).read_bytes())


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_title_is_the_article_heading_not_the_site_name(case):
    extracted = _read(case)
    assert extracted.title == case["title"]
    assert extracted.text.split("\n")[0] == case["title"]


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_every_article_paragraph_is_kept_in_order(case):
    assert _read(case).text.split("\n") == case["lines"]


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_no_page_chrome_in_the_text(case):
    text = _read(case).text
    assert [c for c in case["chrome"] if c in text] == []


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_headings_are_marked_with_their_nesting(case):
    extracted = _read(case)
    lines = extracted.text.split("\n")
    assert [f"{level}|{lines[n - 1]}" for n, level in extracted.headings] == case["headings"]


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_table_cells_are_all_kept(case):
    extracted = _read(case)
    assert [[list(row) for row in table.rows] for _, table in extracted.tables] == case["tables"]
    lines = extracted.text.split("\n")
    for n, table in extracted.tables:
        assert all(cell in lines[n - 1] for row in table.rows for cell in row)


def test_article_inside_a_whole_page_form_is_kept():
    page = _page("报告_XX县人民政府", body="<form id='form1' method='post'><input type='hidden' name='__VIEWSTATE'>" + ARTICLE + "</form>")
    assert "全年召开专题会议6次" in read_html(page.encode("utf-8")).text


def test_web_page_lines_are_paragraphs_not_wrapped_text():
    extracted = _read(CASES[0])
    assert (extracted.wrapped, extracted.format) == (False, "html")


PAGE = "<html><head>{head}<title>{title}</title></head><body>{body}</body></html>"
ARTICLE = "<div class='main'><p>　　今年以来，镇党委坚决扛起全面从严治党主体责任，推动管党治党从宽松软走向严紧硬。</p><p>　　全年召开专题会议6次，研究部署党风廉政建设工作，与各村签订责任书23份。</p></div>"


def _page(title: str = "报告", head: str = "", body: str = ARTICLE) -> str:
    return PAGE.format(head=head, title=title, body=body)


@pytest.mark.parametrize(
    "page, title",
    [
        pytest.param(_page("2026年政府工作报告_XX省人民政府网"), "2026年政府工作报告", id="site name after the article, no h1"),
        pytest.param(_page("XX省人民政府 - 2026年政府工作报告"), "2026年政府工作报告", id="site name before the article, spaced hyphen"),
        pytest.param(_page("2026年政府工作报告_XX省人民政府", body="<h1>XX省人民政府</h1><h1>2026年政府工作报告</h1>" + ARTICLE), "2026年政府工作报告", id="logo h1 beside the article h1"),
        pytest.param(_page("XX镇 | 关于开展届中分析研判情况的报告", head="<meta property='og:site_name' content='关于开展届中分析研判情况的报告'>"), "XX镇", id="og:site_name names the site part"),
        pytest.param(_page("坚定信心——在全县经济工作会议上的讲话_XX县人民政府网"), "坚定信心——在全县经济工作会议上的讲话", id="a dash inside the article title is not a separator"),
    ],
)
def test_title_rules(page: str, title: str) -> None:
    assert read_html(page.encode("utf-8")).title == title


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_page(head='<meta http-equiv="Content-Type" content="text/html; charset=GBK">').encode("gbk"), id="http-equiv content-type names GBK"),
        pytest.param(_page().encode("utf-8"), id="no charset: UTF-8"),
        pytest.param(_page().encode("gb18030"), id="no charset, not UTF-8: GB18030"),
        pytest.param(b"\xef\xbb\xbf" + _page(head='<meta charset="gbk">').encode("utf-8"), id="BOM wins over a stale gbk <meta>"),
        pytest.param(_page(head='<meta charset="gb2312">').encode("utf-8"), id="re-saved as UTF-8, <meta> still says gb2312"),
    ],
)
def test_encodings(data: bytes) -> None:
    assert "今年以来，镇党委坚决扛起全面从严治党主体责任" in read_html(data).text


@pytest.mark.parametrize("page", ["search-results.html", "login.html"])
def test_page_without_an_article_is_refused(page):
    with pytest.raises(Unreadable, match="网页里没有找到正文.*请打开原网页复制正文另存为 .txt，或换一个保存方式"):
        read_html((PAGES / page).read_bytes())


def test_empty_page_is_refused():
    with pytest.raises(Unreadable, match="网页里没有找到正文"):
        read_html(b"<html><head><title>XX\xe6\x96\x87\xe5\xba\x93</title></head><body></body></html>")


@pytest.mark.parametrize("page", ["frameset.html", "redirect.html"])
def test_frame_or_redirect_page_is_refused(page):
    with pytest.raises(Unreadable, match="框架或跳转页.*请打开原网页复制正文另存为 .txt"):
        read_html((PAGES / page).read_bytes())


def test_saved_page_becomes_a_report_and_a_page_without_article_is_refused(tmp_path):
    sources, docs = tmp_path / "sources", tmp_path / "docs"
    sources.mkdir()
    for page in ("gov-gbk.html", "search-results.html"):
        (sources / page).write_bytes((PAGES / page).read_bytes())
    result = normalize_tree(sources, docs, lock=tmp_path / "lock.json")
    assert [(r.name, "网页里没有找到正文" in r.reason) for r in result.refusals] == [("search-results.html", True)]
    (written,) = result.written
    report = parse_report((docs / "reports" / written).read_text(encoding="utf-8"), written)
    case = next(c for c in CASES if c["page"] == "gov-gbk.html")
    assert report.meta.title == case["title"]
    blocks = [block.number + block.text for block in report.blocks]
    # Every article line after the title, in order, and nothing else: run-in headings such as
    # "（一）依法全面履行政府职能。深化……" become a heading and a passage, so compare content.
    assert _content("".join(blocks)) == _content("".join(case["lines"][1:]))
    passages = [block.text for block in report.blocks if block.type is BlockType.PASSAGE]
    assert case["lines"][1] in passages and case["lines"][-1] in passages


def _content(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


def test_a_page_drawing_one_line_per_element_is_rejoined_into_sentences(tmp_path):
    # 文库 sites draw each line of the original document as its own element, broken at the page
    # width and even before a comma: read as paragraphs, every line would be a passage.
    data = (PAGES / "wenku-lines.html").read_bytes()
    assert read_html(data).wrapped is True
    assert read_html((PAGES / "gov-report.html").read_bytes()).wrapped is False
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "wenku-lines.html").write_bytes(data)
    result = normalize_tree(tmp_path / "sources", tmp_path / "docs", lock=tmp_path / "lock.json")
    (written,) = result.written
    report = parse_report((tmp_path / "docs" / "reports" / written).read_text(encoding="utf-8"), written)
    passages = [(b.kind.value, b.text) for b in report.blocks if b.type is BlockType.PASSAGE]
    assert passages[0] == ("overview", "按照县委统一部署，镇党委班子紧扣本次民主生活会主题，认真开展学习研讨，广泛征求意见建议，深入查摆问题，现将对照检查情况报告如下。")
    assert ("problem", "面对乡村振兴中的难点问题，有时存在畏难情绪，开拓创新的劲头不足，抓落实的办法不多，个别工作推进缓慢。") in passages
    assert ("cause", "二是宗旨意识有所淡化，深入基层、联系群众不够经常，服务群众的本领还不够强。") in passages
    assert all(text.endswith("。") for _, text in passages), passages
    headings = [b.number + b.text for b in report.blocks if b.type is BlockType.HEADING]
    assert headings == ["一、存在的问题", "（一）理论学习方面", "（二）担当作为方面", "二、原因分析", "三、整改措施", "（一）强化理论武装"]
