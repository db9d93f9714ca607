"""The report metadata schema: what front matter looks like, what reads back, and how a bad page is named."""

from __future__ import annotations

import dataclasses

import pytest

from kb.model import Block, BlockType, Report, ReportMeta, SectionKind, Span
from kb.normalize.sidecar import Sidecar
from kb.reportfile import ReportFormatError, parse_report, read_meta, render_front_matter, render_report, split_front_matter
from kb.schema import FIELDS, SIDECAR_FIELDS

BASE = ReportMeta(
    title="金竹乡党委领导班子2016年度民主生活会对照检查材料",
    slug="duizhao-2016-synth-00132",
    source="synth_00132.txt",
    source_sha256="9099fdcbd6196968bbd573ab30cc8a8e4eef0a6fad6405499eedf86465c500bf",
    doc_type="民主生活会对照检查材料",
)
FULL = dataclasses.replace(
    BASE, sidecar_sha256="ab" * 32, year=2016, place="金竹乡", passage_count=11,
    cleaning={"watermark": 3, "page-number": 12}, retired_ids=("p-1a2b3c", "s-0f9e8d"),
)

# Strings YAML would read as something else, or cannot write plainly; each must read back as written.
TRICKY_STRINGS = [
    "工作报告（synth_00132）", "2016", "0123", "1.5", "1_000", "2016-01-01", "yes", "No", "null", "~", "true",
    "on", ".inf", "a: b", "a #b", "#x", "-x", "- x", "---x", "...x", " leading", "trailing ", "'quoted'",
    '"quoted"', "tab\there", "镇党委《关于2023年度的报告》", "乡镇\u3000党委", "feff\ufeffin", "x" * 130, "0x1f",
    "1e3", "=", "<<", "***乡党委自查报告", "××镇领导班子述职报告", "关于**镇的报告", "*", "-", "-1", "a*b",
    "——总结", "\u00a0x", "x\u2028y", "x\x85y", "<b>&amp;</b>", "{#report-title}",  # U+0085: PyYAML's pure emitter reads it back as a space
]


def page(meta: ReportMeta) -> str:
    passage = Block(BlockType.PASSAGE, (Span("组织全体机关干部系统学习。"),), id="p-1a2b3c", kind=SectionKind.PRACTICE)
    return render_report(Report(meta, (passage,)))


def test_front_matter_is_written_in_schema_order_as_reviewers_read_it() -> None:
    assert render_front_matter(FULL) == (
        "title: 金竹乡党委领导班子2016年度民主生活会对照检查材料\n"
        "slug: duizhao-2016-synth-00132\n"
        "source: synth_00132.txt\n"
        "source_sha256: 9099fdcbd6196968bbd573ab30cc8a8e4eef0a6fad6405499eedf86465c500bf\n"
        "doc_type: 民主生活会对照检查材料\n"
        f"sidecar_sha256: {'ab' * 32}\n"
        "year: 2016\n"
        "place: 金竹乡\n"
        "passage_count: 11\n"
        "cleaning:\n  page-number: 12\n  watermark: 3\n"
        "retired_ids:\n- p-1a2b3c\n- s-0f9e8d\n"
    )


def test_a_title_that_reads_as_a_number_is_quoted() -> None:
    assert "title: '2016'\n" in render_front_matter(dataclasses.replace(BASE, title="2016"))


@pytest.mark.parametrize("text", TRICKY_STRINGS)
@pytest.mark.parametrize("field", ["title", "source", "doc_type", "place", "cleaning-key", "retired"])
def test_any_text_reads_back_as_written(text: str, field: str) -> None:
    if field == "cleaning-key":
        meta = dataclasses.replace(FULL, cleaning={text: 2, "page-number": 1})
    elif field == "retired":
        meta = dataclasses.replace(FULL, retired_ids=("p-1a2b3c", text))
    else:
        meta = dataclasses.replace(FULL, **{field: text})
    assert parse_report(page(meta), "reports/a.md").meta == meta


def test_every_report_meta_field_is_in_the_schema_in_page_order() -> None:
    assert [f.name for f in dataclasses.fields(ReportMeta)] == [f.name for f in FIELDS]
    assert {f.name for f in dataclasses.fields(Sidecar)} == {f.name for f in SIDECAR_FIELDS.values()}


def edited(line: str, replacement: str) -> str:
    text = page(FULL)
    assert line in text
    return text.replace(line, replacement, 1)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("# 标题\n", "reports/a.md：开头没有前置信息（以 --- 开始的元数据）。"),
        ("---\ntitle: x\n", "reports/a.md：前置信息没有以 --- 结束。"),
        ("---\ntitle: x\n  bad: y\n---\n", "reports/a.md 第 3 行：不是有效的 YAML（"),
        (edited("year: 2016\n", "year: 二〇一六\n"), "reports/a.md 第 8 行，year（年份）：应是整数，而不是 '二〇一六'。"),
        (edited("place: 金竹乡\n", "palce: 金竹乡\n"), "reports/a.md 第 9 行，palce：不是报告页前置信息的键（可用的键：title、slug、"),
        (edited("doc_type: 民主生活会对照检查材料\n", ""), "reports/a.md，doc_type（类型）：缺少这个必填的键。"),
        (edited("source_sha256: 9099", "source_sha256: 99"), "reports/a.md 第 5 行，source_sha256（源文件哈希）：应是 64 位十六进制的 SHA-256"),
        (edited("slug: duizhao", "slug: Duizhao"), "reports/a.md 第 3 行，slug（地址）：只能由小写英文字母、数字和“-”组成"),
        (edited("passage_count: 11\n", "passage_count: -1\n"), "reports/a.md 第 10 行，passage_count（段落数）：应是不小于 0 的整数，而不是 -1。"),
        (edited("title: 金竹乡", "title: [金竹乡"), "reports/a.md 第 3 行：不是有效的 YAML（"),
        (edited(".passage data-kind", ".passge data-kind"), "reports/a.md：有无法识别的段落块"),
    ],
    ids=["no front matter", "not closed", "not yaml", "year", "unknown key", "missing key", "hash", "slug", "count", "bad yaml line", "body"],
)
def test_a_broken_page_names_the_page_line_and_field_and_says_to_regenerate_it(text: str, says: str) -> None:
    with pytest.raises(ReportFormatError) as refused:
        parse_report(text, "reports/a.md")
    assert str(refused.value).startswith(says), str(refused.value)
    assert str(refused.value).endswith("请运行 `python3 scripts/normalize.py` 重新生成它；如果这个文件不是由源文件生成的，请把它移出 docs/reports/")


def test_read_meta_checks_what_split_front_matter_only_parses() -> None:
    text = edited("year: 2016\n", "year: true\n")
    data, _ = split_front_matter(text, "reports/a.md")
    assert data["year"] is True
    with pytest.raises(ReportFormatError, match="第 8 行，year（年份）：应是整数，而不是 True"):
        read_meta(data, "reports/a.md", text)
